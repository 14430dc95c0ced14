"""Where the time rules live: "active on a date", "active during a window", overlap, changes, counts.

Every spell is a half-open interval `[start_date, end_date)`: it applies on its start date and not on its
end date; an empty `end_date` means it goes on. Each rule is spelled once here, as a `Q` builder, and every
filter, admin page, export, API view and public page reaches it through these QuerySet methods. Nothing
here reads the clock: callers decide what "today" is and pass it in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Self, cast

from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from simple_history.manager import HistoricalQuerySet

from blocs.choices import (
    ACCESSION_STATUSES,
    COW_CODE_BY_STATUS,
    COW_CODE_RANK,
    STATUSES_BY_FAMILY,
    ChangeKind,
    Family,
    Reading,
    Status,
    YearRule,
)

if TYPE_CHECKING:
    from blocs.models import Membership


def intersecting_q(start: date, end: date | None, *, prefix: str = "") -> Q:
    """Spells sharing at least one day with the half-open interval `[start, end)` (`None`: no end).

    The one spelling of the interval rule: `spell.start_date < end and (spell.end_date is null or
    spell.end_date > start)`. "Active on", "active during" and "overlaps" are all this.
    """
    condition = Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": start})
    if end is not None:
        condition &= Q(**{f"{prefix}start_date__lt": end})
    return condition


def _day_after(day: date) -> date | None:
    return None if day == date.max else day + timedelta(days=1)


def active_on_q(day: date, *, prefix: str = "") -> Q:
    """Spells that apply on `day`: `start_date <= day and (end_date is null or day < end_date)`."""
    return intersecting_q(day, _day_after(day), prefix=prefix)


def held_on_q(day: date, reading: str = Reading.LIKELY, *, prefix: str = "") -> Q:
    """Spells that held on `day` in a reading (`blocs.choices.Reading`), the one spelling of the three:

    - `likely`: the interval rule on the best-supported dates (`active_on_q`), disputed spells left out;
    - `certain`: on or after the latest start the sources allow and before the earliest end, not disputed;
    - `possible`: on or after the earliest start and before the latest end, disputed spells included.

    A spell from 2009-06-16 (earliest) / 2010-04-28 (latest), best-supported 2009-06-16, holds on 2009-09-01
    in the `likely` and `possible` readings and not in the `certain` one. Bounds are filled from the
    precision when the sources give one date (`Membership.normalise`), so a month-precision start in 2014-09
    is certain only from 2014-09-30.
    """
    if reading == Reading.LIKELY:
        return active_on_q(day, prefix=prefix) & Q(**{f"{prefix}disputed": False})
    start, end = ("latest", "earliest") if reading == Reading.CERTAIN else ("earliest", "latest")
    condition = Q(**{f"{prefix}start_{start}__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_{end}__gt": day})
    )
    if reading == Reading.CERTAIN:
        condition &= Q(**{f"{prefix}disputed": False})
    elif reading != Reading.POSSIBLE:
        raise ValueError(f"unknown reading {reading!r}")
    return condition


def active_during_q(first: date, last: date, *, prefix: str = "") -> Q:
    """Spells that apply on at least one day of the inclusive window `[first, last]`."""
    return intersecting_q(first, _day_after(last), prefix=prefix)


def year_window(year: int, rule: str) -> tuple[date, date]:
    """The days that decide `year` under a year rule, as a half-open interval `[first, end)`: the whole
    year for `any`, 31 December for `end`, 1 January for `start`."""
    if rule == YearRule.ANY:
        return date(year, 1, 1), date(year + 1, 1, 1)
    if rule == YearRule.END:
        return date(year, 12, 31), date(year + 1, 1, 1)
    if rule == YearRule.START:
        return date(year, 1, 1), date(year, 1, 2)
    raise ValueError(f"unknown year rule {rule!r}: expected one of {', '.join(YearRule.values)}")


def years_touched(start: date, end: date | None, rule: str, first_year: int, last_year: int) -> range:
    """The years in `[first_year, last_year]` whose `year_window` shares a day with the half-open
    interval `[start, end)` (`None`: no end).

    `intersecting_q` for one interval and every year at once: the window of year Y is shared when
    `start < window end` (true from some year on) and `end > window start` (true up to some year), so the
    years form one run and only its two ends need computing, each within a year of `start` or `end`.
    """
    first = start.year if start < year_window(start.year, rule)[1] else start.year + 1
    if end is None:
        last = last_year
    else:
        last = end.year if end > year_window(end.year, rule)[0] else end.year - 1
    return range(max(first, first_year), min(last, last_year) + 1)


def family_expression(field: str = "status") -> Case:
    """The status family of a spell, as an SQL expression (used by the no-overlap constraint too)."""
    return Case(
        When(**{f"{field}__in": list(ACCESSION_STATUSES)}, then=Value(Family.ACCESSION.value)),
        default=Value(Family.STANDING.value),
        output_field=models.CharField(),
    )


def _daily_member_counts(days: Sequence[date], reading: str | None = None) -> dict[str, Any]:
    """Aggregates `on_<i>`: distinct members whose spells apply on the i-th day (by the best-supported
    dates, or held in `reading`)."""
    return {
        f"on_{index}": Count(
            "member", distinct=True, filter=active_on_q(day) if reading is None else held_on_q(day, reading)
        )
        for index, day in enumerate(days)
    }


# The dates at which a spell starts and stops holding, in each reading (`held_on_q`).
_READING_DATES: dict[str | None, tuple[str, str]] = {
    None: ("start_date", "end_date"),
    Reading.LIKELY: ("start_date", "end_date"),
    Reading.CERTAIN: ("start_latest", "end_earliest"),
    Reading.POSSIBLE: ("start_earliest", "end_latest"),
}


@dataclass(frozen=True, slots=True)
class Change:
    """One event derived from spells: a join, a departure or a change of status, on one date."""

    day: date
    kind: ChangeKind
    membership: Membership
    previous_status: str | None = None

    @property
    def status(self) -> str:
        return self.membership.status


_CHANGE_ORDER = {ChangeKind.LEFT: 0, ChangeKind.STATUS_CHANGED: 1, ChangeKind.JOINED: 2}


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active_on(self, day: date) -> Self:
        """Spells that apply on `day` (start included, end excluded)."""
        return self.filter(active_on_q(day))

    def held_on(self, day: date, reading: str = Reading.LIKELY) -> Self:
        """Spells that held on `day` in `reading` (certain, likely or possible; see `held_on_q`)."""
        return self.filter(held_on_q(day, reading))

    def active_during(self, first: date, last: date) -> Self:
        """Spells that apply on at least one day of the inclusive window `[first, last]`."""
        return self.filter(active_during_q(first, last))

    def overlapping(self, start: date, end: date | None) -> Self:
        """Spells whose interval shares a day with the half-open interval `[start, end)`."""
        return self.filter(intersecting_q(start, end))

    def with_status(self, statuses: str | Iterable[str]) -> Self:
        if isinstance(statuses, str):
            statuses = [statuses]
        return self.filter(status__in=list(statuses))

    def of_family(self, family: str) -> Self:
        return self.filter(status__in=list(STATUSES_BY_FAMILY[Family(family)]))

    def ongoing(self, day: date) -> Self:
        """Spells that have not ended by `day`: open-ended, or ending after it (sharing a day with
        `[day, ...)`)."""
        return self.filter(intersecting_q(day, None))

    def ended(self, day: date) -> Self:
        """Spells whose end date has come by `day`."""
        return self.filter(end_date__lte=day)

    def colliding_with(self, membership: Membership) -> Self:
        """Other spells of the same organisation, member and status family that share a day with it."""
        collisions = self.filter(
            organisation_id=membership.organisation_id,
            member_id=membership.member_id,
        ).of_family(Status(membership.status).family)
        if membership.pk is not None:
            collisions = collisions.exclude(pk=membership.pk)
        return collisions.overlapping(membership.start_date, membership.end_date)

    def with_family(self) -> Self:
        """Annotate `status_family`, for grouping and filtering in SQL."""
        return self.annotate(status_family=family_expression())

    def changes(self, first: date, last: date) -> list[Change]:
        """Joins, departures and changes of status dated within the inclusive window `[first, last]`.

        A spell's start is `joined`, or `status_changed` when another spell of the same family for the
        same organisation and member ends that day; its end is `left`, unless a spell of the same family
        starts that day (then the successor's start reports the change). A spell that continues one of the
        same status (a spell split where the sources' doubt begins or ends) is no change at all. One query,
        in date order.
        """
        same_line = (
            self._snapshot()
            .annotate(status_family=family_expression())
            .filter(
                organisation_id=OuterRef("organisation_id"),
                member_id=OuterRef("member_id"),
                status_family=OuterRef("status_family"),
            )
        )
        spells = (
            self.filter(
                Q(start_date__gte=first, start_date__lte=last) | Q(end_date__gte=first, end_date__lte=last)
            )
            .annotate(status_family=family_expression())
            .annotate(
                previous_status=Subquery(
                    same_line.filter(end_date=OuterRef("start_date")).values("status")[:1]
                ),
                has_successor=Exists(same_line.filter(start_date=OuterRef("end_date"))),
            )
            .select_related("organisation", "member")
        )
        events: list[Change] = []
        spell: Any  # rows carry the annotations previous_status and has_successor
        for spell in spells:
            if first <= spell.start_date <= last and spell.previous_status != spell.status:
                if spell.previous_status:
                    events.append(
                        Change(
                            spell.start_date,
                            ChangeKind.STATUS_CHANGED,
                            spell,
                            spell.previous_status,
                        )
                    )
                else:
                    events.append(Change(spell.start_date, ChangeKind.JOINED, spell))
            if spell.end_date is not None and first <= spell.end_date <= last and not spell.has_successor:
                events.append(Change(spell.end_date, ChangeKind.LEFT, spell))
        events.sort(
            key=lambda change: (
                change.day,
                change.membership.organisation.slug,
                change.membership.member.code,
                _CHANGE_ORDER[change.kind],
            )
        )
        return events

    def change_dates(self, first: date, last: date, reading: str | None = None) -> list[date]:
        """Every distinct day within the inclusive window on which one of these spells starts or stops
        holding: its start or end date, or in `reading` the bound that reading uses."""
        start, end = _READING_DATES[reading]
        spells = self.filter(disputed=False) if reading in (Reading.LIKELY, Reading.CERTAIN) else self
        starts = spells.filter(**{f"{start}__gte": first, f"{start}__lte": last}).values_list(
            start, flat=True
        )
        ends = spells.filter(**{f"{end}__gte": first, f"{end}__lte": last}).values_list(end, flat=True)
        return sorted(set(starts) | set(ends))

    def member_counts(self, days: Sequence[date], reading: str | None = None) -> dict[date, int]:
        """How many distinct members hold one of these spells on each day (one query per 200 days), by the
        best-supported dates or in `reading`."""
        counts: dict[date, int] = {}
        for offset in range(0, len(days), 200):
            chunk = list(days[offset : offset + 200])
            row = self.aggregate(**_daily_member_counts(chunk, reading))
            counts.update({day: row[f"on_{index}"] for index, day in enumerate(chunk)})
        return counts

    def timeline_start(self, founded_on: date | None, last: date, *, today: date) -> date:
        """The first day a timeline of these spells shows by default: the organisation's founding, else the
        first spell's start, else `last` (or today, if earlier); never after `last`."""
        start = (
            founded_on
            or self.order_by("start_date").values_list("start_date", flat=True).first()
            or min(last, today)
        )
        return min(start, last)

    def timeline(self, first: date, last: date, reading: str | None = None) -> list[tuple[date, int]]:
        """The member count at the start of the window and after every change date within it (by the
        best-supported dates, or in `reading`)."""
        days = [first, *[day for day in self.change_dates(first, last, reading) if day > first]]
        counts = self.member_counts(days, reading)
        return [(day, counts[day]) for day in days]

    def member_counts_by_organisation(self, days: Sequence[date]) -> dict[int, dict[date, int]]:
        """For each organisation (by id), how many distinct members hold one of these spells on each day.

        `member_counts` grouped by organisation: one query per 200 days whatever the number of
        organisations or spells. Organisations with no spell among these have no entry.
        """
        counts: dict[int, dict[date, int]] = {}
        for offset in range(0, len(days), 200):
            chunk = list(days[offset : offset + 200])
            rows = self.order_by().values("organisation_id").annotate(**_daily_member_counts(chunk))
            for row in rows:
                counts.setdefault(row["organisation_id"], {}).update(
                    {day: row[f"on_{index}"] for index, day in enumerate(chunk)}
                )
        return counts

    def with_ongoing(self, day: date) -> Self:
        """Annotate `is_ongoing`: the spell has not ended by `day` (the rule of `ongoing`), in SQL."""
        return self.annotate(
            is_ongoing=ExpressionWrapper(intersecting_q(day, None), output_field=models.BooleanField())
        )

    def _snapshot(self) -> MembershipQuerySet:
        """Every spell of the database state this queryset reads: the live spells here; the spells as
        recorded at the same moment for history records (`HistoricalMembershipQuerySet`)."""
        return self.model._default_manager.all()

    def year_codes(self, first_year: int, last_year: int, rule: str) -> dict[tuple[int, int], dict[int, int]]:
        """COW codes by year: `{(organisation_id, member_id): {year: code}}` for the years of
        `[first_year, last_year]` to which one of these spells gives a code other than 0 under `rule`.

        A spell counts for a year when it shares a day with the year's `year_window`; when several do,
        the highest code wins (member > associate > observer > missing, `COW_CODE_RANK`). Statuses
        without a COW code (partner, applicant, ...) count as 0 and are left out, as are years without a
        spell. Memory grows with the spells selected: narrow the queryset (one organisation, one member,
        one year) to stream a large table.
        """
        window_start, window_end = year_window(first_year, rule)[0], year_window(last_year, rule)[1]
        rows = (
            self.overlapping(window_start, window_end)
            .with_status(COW_CODE_BY_STATUS)
            .order_by()
            .values_list("organisation_id", "member_id", "status", "start_date", "end_date")
        )
        codes: dict[tuple[int, int], dict[int, int]] = {}
        for organisation_id, member_id, status, start, end in rows.iterator(chunk_size=5000):
            code = COW_CODE_BY_STATUS[status]
            years = codes.setdefault((organisation_id, member_id), {})
            for year in years_touched(start, end, rule, first_year, last_year):
                held = years.get(year)
                if held is None or COW_CODE_RANK[code] > COW_CODE_RANK[held]:
                    years[year] = code
        return codes

    def started_within(self, first: date | None = None, last: date | None = None) -> Self:
        """Spells whose start date is on or after `first` and on or before `last` (either bound may be
        left open)."""
        condition = Q()
        if first is not None:
            condition &= Q(start_date__gte=first)
        if last is not None:
            condition &= Q(start_date__lte=last)
        return self.filter(condition)

    def ended_within(self, first: date | None = None, last: date | None = None) -> Self:
        """Spells whose end date is on or after `first` and on or before `last` (either bound may be
        left open). A spell that goes on has no end date and never matches."""
        condition = Q(end_date__isnull=False)
        if first is not None:
            condition &= Q(end_date__gte=first)
        if last is not None:
            condition &= Q(end_date__lte=last)
        return self.filter(condition)


def as_recorded(model: Any, at: datetime | None) -> HistoricalQuerySet:
    """The rows of tracked `model` as recorded at `at` (None: the latest record of every row), as history
    records: the latest record of each row at or before `at`, deleted rows left out. The records carry
    `at` (simple-history's `_as_of`, pinned by tests/test_history_internals.py), so the history querysets'
    methods read the other tables as recorded at the same moment (`_rows_of`)."""
    records = model.history.all()
    if at is not None:
        records = records.filter(history_date__lte=at)
    records = records.latest_of_each().exclude(history_type="-")
    records._as_of = at
    return records


class _RecordedAlike:
    """For history querysets: the other tracked tables as recorded at the moment these records were."""

    _as_of: datetime | None

    def _rows_of(self, model: Any) -> QuerySet:
        return as_recorded(model, self._as_of)


class HistoricalMembershipQuerySet(MembershipQuerySet, HistoricalQuerySet):
    """History records of spells, with every time rule of live spells: `Membership.history.as_of(T)`
    and `blocs.recorded.memberships_as_recorded(T)` answer `active_on(D)`, `changes(A, B)`,
    `year_codes(...)`, ... as the database stood at T (transaction time)."""

    def _snapshot(self) -> MembershipQuerySet:
        if self._as_of is None:
            return super()._snapshot()
        from blocs.models import Membership

        return cast(MembershipQuerySet, as_recorded(Membership, self._as_of))

    def changes(self, first: date, last: date) -> list[Change]:
        # The events carry the history records themselves (same field names as spells): turning them
        # into live instances, as `as_of()` does, would drop the annotations the events are built from.
        records = self._clone()
        records._as_instances = False
        return MembershipQuerySet.changes(records, first, last)


class OrganisationQuerySet(models.QuerySet):
    def with_member_count(self, day: date, *, status: str = Status.MEMBER) -> Self:
        """Annotate `member_count`: members holding `status` on `day`."""
        return self.annotate(
            member_count=Count(
                "memberships__member",
                distinct=True,
                filter=active_on_q(day, prefix="memberships__") & Q(memberships__status=status),
            )
        )

    def search(self, text: str) -> Self:
        """Match name, acronym, full name, slug or any former name."""
        text = text.strip()
        if not text:
            return self
        from blocs.models import OrganisationName

        former = self._rows_of(OrganisationName).filter(Q(name__icontains=text) | Q(acronym__icontains=text))
        return self.filter(
            Q(name__icontains=text)
            | Q(acronym__icontains=text)
            | Q(full_name__icontains=text)
            | Q(slug__iexact=text)
            | Q(id__in=former.values("organisation_id"))
        )

    def member_of_on(
        self, member_code: str, day: date, *, status: str = Status.MEMBER, reading: str | None = None
    ) -> Self:
        """Organisations in which the member held `status` on `day` (by the best-supported dates, or in
        `reading`)."""
        from blocs.models import Member, Membership

        held_q = active_on_q(day) if reading is None else held_on_q(day, reading)
        member_ids = self._rows_of(Member).filter(code=member_code).values("id")
        held = self._rows_of(Membership).filter(held_q, member_id__in=member_ids, status=status)
        return self.filter(id__in=held.values("organisation_id"))

    def _rows_of(self, model: Any) -> QuerySet:
        """The rows of another table as this queryset's database state holds them: live here."""
        return model._default_manager.all()


class MemberQuerySet(models.QuerySet):
    def search(self, text: str) -> Self:
        """Match code, names and identifiers."""
        text = text.strip()
        if not text:
            return self
        condition = (
            Q(code__iexact=text)
            | Q(name__icontains=text)
            | Q(official_name__icontains=text)
            | Q(iso2__iexact=text)
            | Q(iso_numeric=text)
            | Q(cow_abbrev__iexact=text)
            | Q(former_codes__icontains=text)
            | Q(wikidata_id__iexact=text)
        )
        if text.isdigit():
            condition |= Q(cow_code=int(text))
        return self.filter(condition)


class HistoricalOrganisationQuerySet(_RecordedAlike, OrganisationQuerySet, HistoricalQuerySet):
    """History records of organisations (as recorded at `_as_of`, see `blocs.recorded`), answering the
    live queryset's filters over the names, members and spells recorded at the same moment. The member
    count is attached by `blocs.recorded.as_instances`."""


class HistoricalMemberQuerySet(MemberQuerySet, HistoricalQuerySet):
    """History records of members, with the live queryset's `search` (over the recorded fields)."""
