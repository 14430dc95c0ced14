"""Answers "as recorded at T": what the database said at a past moment (transaction time).

Not to be confused with "on D" (valid time): `memberships_as_recorded(T).active_on(D)` is "who held a
status on D, according to the database as it stood at T". Every create, update and delete is recorded by
django-simple-history with its time; the state at T is, for each row, its latest history record at or
before T, unless that record is a deletion. History records carry the same field names as the live rows,
and spells' records answer every `MembershipQuerySet` method (`HistoricalMembershipQuerySet`).

T is the time a change was saved, as simple-history stamps it (inside the transaction that made it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.db.models import Max, QuerySet

from blocs.models import Member, Membership, Organisation, OrganisationName, Source
from blocs.querysets import HistoricalMembershipQuerySet, MembershipQuerySet

TRACKED_MODELS = (Organisation, OrganisationName, Member, Membership, Source)


def as_recorded(model: Any, at: datetime) -> QuerySet:
    """The rows of `model` as recorded at `at`, as history records (not live instances): the latest
    record of each row at or before `at`, deleted rows left out."""
    return model.history.filter(history_date__lte=at).latest_of_each().exclude(history_type="-")


def memberships_as_recorded(at: datetime) -> HistoricalMembershipQuerySet:
    """Spells as recorded at `at`, answering the time rules: `memberships_as_recorded(t).active_on(d)`."""
    records = cast(HistoricalMembershipQuerySet, as_recorded(Membership, at))
    records._as_of = at  # changes() compares spells with other spells of the same snapshot
    return records


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
