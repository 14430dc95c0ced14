"""Answers "as recorded at T": what the database said at a past moment (transaction time).

Not to be confused with "on D" (valid time): `memberships_as_recorded(T).active_on(D)` is "who held a
status on D, according to the database as it stood at T". Every create, update and delete is recorded by
django-simple-history with its time; the state at T is, for each row, its latest history record at or
before T, unless that record is a deletion. History records carry the same field names as the live rows,
and spells' records answer every `MembershipQuerySet` method (`HistoricalMembershipQuerySet`).

T is the time a change was saved, as simple-history stamps it (inside the transaction that made it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.db.models import Count, Max, Model, QuerySet

from blocs.choices import Status
from blocs.models import TRACKED_MODELS, Member, Membership, Organisation, OrganisationName, Source
from blocs.querysets import HistoricalMembershipQuerySet, MembershipQuerySet, as_recorded


def memberships_as_recorded(at: datetime) -> HistoricalMembershipQuerySet:
    """Spells as recorded at `at`, answering the time rules: `memberships_as_recorded(t).active_on(d)`."""
    return cast(HistoricalMembershipQuerySet, as_recorded(Membership, at))


@dataclass(frozen=True)
class Snapshot:
    """The tracked tables as recorded at `recorded_at`, or live when it is None.

    Exports read the database only through a snapshot, so one export code path serves both. Rows are
    history records when `recorded_at` is given: read them with `.values()` / `.values_list()`, by the
    live field names (`id`, `organisation_id`, `slug`, ...).
    """

    recorded_at: datetime | None = None

    def memberships(self) -> MembershipQuerySet:
        if self.recorded_at is None:
            return Membership.objects.all()
        return memberships_as_recorded(self.recorded_at)

    def organisations(self) -> QuerySet:
        return self._rows(Organisation)

    def organisation_names(self) -> QuerySet:
        return self._rows(OrganisationName)

    def members(self) -> QuerySet:
        return self._rows(Member)

    def sources(self) -> QuerySet:
        return self._rows(Source)

    def last_change(self) -> datetime | None:
        """When the data this snapshot reads last changed: the latest history record at or before
        `recorded_at` (every record when live). It names the version of the data an export comes from."""
        latest: list[datetime] = []
        for model in TRACKED_MODELS:
            records = model.history.all()
            if self.recorded_at is not None:
                records = records.filter(history_date__lte=self.recorded_at)
            value = records.aggregate(latest=Max("history_date"))["latest"]
            if value is not None:
                latest.append(value)
        return max(latest, default=None)

    def _rows(self, model: Any) -> QuerySet:
        if self.recorded_at is None:
            return model._default_manager.all()
        return as_recorded(model, self.recorded_at)


def as_instances(records: Iterable[Any], at: datetime, *, today: date) -> list[Model]:
    """History records of one tracked model, as recorded at `at`, turned into instances of the live
    model that read like live rows: their related rows (a spell's organisation, member and sources; an
    organisation's predecessor, former names and member count on `today`; a member's organisation) are
    those recorded at `at` too, fetched in one query each, so serializers written for live rows show the
    database as it stood at `at`."""
    records = list(records)
    if not records:
        return []
    model = records[0].instance_type
    instances = [record.instance for record in records]
    if model is Membership:
        _attach_spell_relations(instances, at)
    elif model is Organisation:
        _attach_organisation_relations(instances, at, today)
    elif model is Member:
        _attach_foreign(instances, "organisation", Organisation, at)
    return instances


def _recorded_by_id(model: Any, ids: Iterable[int | None], at: datetime) -> dict[int, Model]:
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    return {record.id: record.instance for record in as_recorded(model, at).filter(id__in=wanted)}


def _attach_foreign(instances: list[Any], field: str, model: Any, at: datetime) -> None:
    """Point each instance's foreign key `field` at the row as recorded (left alone if none was)."""
    related = _recorded_by_id(model, (getattr(item, f"{field}_id") for item in instances), at)
    for item in instances:
        row = related.get(getattr(item, f"{field}_id"))
        if row is not None:
            setattr(item, field, row)


def _attach_many(instances: list[Any], accessor: str, rows: Iterable[Any], key: str) -> None:
    """Fill the prefetch cache of each instance's reverse relation `accessor` with `rows` (as recorded),
    as `prefetch_related` would, so that `instance.<accessor>.all()` reads them without a query."""
    by_owner: dict[int, list[Model]] = defaultdict(list)
    for row in rows:
        by_owner[getattr(row, key)].append(row.instance)
    for item in instances:
        cached = getattr(item, accessor).model._default_manager.all()
        cached._result_cache, cached._prefetch_done = by_owner[item.pk], True
        item.__dict__.setdefault("_prefetched_objects_cache", {})[accessor] = cached


def _attach_spell_relations(spells: list[Any], at: datetime) -> None:
    _attach_foreign(spells, "organisation", Organisation, at)
    _attach_foreign(spells, "member", Member, at)
    sources = (
        as_recorded(Source, at)
        .filter(membership_id__in=[spell.pk for spell in spells])
        .order_by("membership_id", "published_on", "url")
    )
    _attach_many(spells, "sources", sources, "membership_id")


def _attach_organisation_relations(organisations: list[Any], at: datetime, today: date) -> None:
    _attach_foreign(organisations, "predecessor", Organisation, at)
    ids = [organisation.pk for organisation in organisations]
    names = (
        as_recorded(OrganisationName, at)
        .filter(organisation_id__in=ids)
        .order_by("organisation_id", "end_date")
    )
    _attach_many(organisations, "former_names", names, "organisation_id")
    counts = dict(
        memberships_as_recorded(at)
        .active_on(today)
        .filter(organisation_id__in=ids, status=Status.MEMBER)
        .order_by()
        .values_list("organisation_id")
        .annotate(count=Count("member_id", distinct=True))
    )
    for organisation in organisations:
        organisation.member_count = counts.get(organisation.pk, 0)
