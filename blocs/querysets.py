"""Where the time rules live: "active on a date", "active during a window", overlap, changes, counts.

Every spell is a half-open interval `[start_date, end_date)`: it applies on its start date and not on its
end date; an empty `end_date` means it goes on. Each rule is spelled once here, as a `Q` builder, and every
filter, admin page, export, API view and public page reaches it through these QuerySet methods. Nothing
here reads the clock: callers decide what "today" is and pass it in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When

from blocs.choices import ACCESSION_STATUSES, STATUSES_BY_FAMILY, ChangeKind, Family, Status

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


def active_during_q(first: date, last: date, *, prefix: str = "") -> Q:
    """Spells that apply on at least one day of the inclusive window `[first, last]`."""
    return intersecting_q(first, _day_after(last), prefix=prefix)


def family_expression(field: str = "status") -> Case:
    """The status family of a spell, as an SQL expression (used by the no-overlap constraint too)."""
    return Case(
        When(**{f"{field}__in": list(ACCESSION_STATUSES)}, then=Value(Family.ACCESSION.value)),
        default=Value(Family.STANDING.value),
        output_field=models.CharField(),
    )


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
        """Spells that have not ended by `day`: open-ended, or ending after it."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=day))

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
        starts that day (then the successor's start reports the change). One query, in date order.
        """
        same_line = self.model._default_manager.annotate(status_family=family_expression()).filter(
            organisation_id=OuterRef("organisation_id"),
            member_id=OuterRef("member_id"),
            status_family=OuterRef("status_family"),
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
        for spell in spells:
            if first <= spell.start_date <= last:
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

    def change_dates(self, first: date, last: date) -> list[date]:
        """Every distinct start or end date of these spells within the inclusive window."""
        starts = self.filter(start_date__gte=first, start_date__lte=last).values_list("start_date", flat=True)
        ends = self.filter(end_date__gte=first, end_date__lte=last).values_list("end_date", flat=True)
        return sorted(set(starts) | set(ends))

    def member_counts(self, days: Sequence[date]) -> dict[date, int]:
        """How many distinct members hold one of these spells on each day (one query per 200 days)."""
        counts: dict[date, int] = {}
        for offset in range(0, len(days), 200):
            chunk = list(days[offset : offset + 200])
            aggregates: dict[str, Any] = {
                f"on_{index}": Count("member", distinct=True, filter=active_on_q(day))
                for index, day in enumerate(chunk)
            }
            row = self.aggregate(**aggregates)
            counts.update({day: row[f"on_{index}"] for index, day in enumerate(chunk)})
        return counts

    def timeline(self, first: date, last: date) -> list[tuple[date, int]]:
        """The member count at the start of the window and after every change date within it."""
        days = [first, *[day for day in self.change_dates(first, last) if day > first]]
        counts = self.member_counts(days)
        return [(day, counts[day]) for day in days]

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
        return self.filter(
            Q(name__icontains=text)
            | Q(acronym__icontains=text)
            | Q(full_name__icontains=text)
            | Q(slug__iexact=text)
            | Q(former_names__name__icontains=text)
            | Q(former_names__acronym__icontains=text)
        ).distinct()

    def member_of_on(self, member_code: str, day: date, *, status: str = Status.MEMBER) -> Self:
        """Organisations in which the member held `status` on `day`."""
        return self.filter(
            active_on_q(day, prefix="memberships__"),
            memberships__member__code=member_code,
            memberships__status=status,
        ).distinct()


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
