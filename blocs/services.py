"""Writes whose rules span rows: recording a spell with its sources, a change of status, an end.

Each runs in one transaction and calls `full_clean()`, so the admin, the API, imports and the shell get
the same validation and the same messages; the database constraints back them up against races.
Single-row edits stay in the admin and the API serializers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from blocs.choices import EndReason, Precision
from blocs.models import SPELL_BOUNDS, Member, Membership, Organisation, Source


def membership_create(
    *,
    organisation: Organisation,
    member: Member,
    status: str,
    start_date: date,
    start_precision: str = Precision.DAY,
    end_date: date | None = None,
    end_precision: str = "",
    end_reason: str = "",
    disputed: bool = False,
    dispute_note: str = "",
    notes: str = "",
    sources: Iterable[Mapping[str, Any]] = (),
    start_earliest: date | None = None,
    start_latest: date | None = None,
    end_earliest: date | None = None,
    end_latest: date | None = None,
) -> Membership:
    """Record one spell and its sources, all or nothing. Bounds left out are the dates' own periods."""
    with transaction.atomic():
        spell = Membership(
            organisation=organisation,
            member=member,
            status=status,
            start_date=start_date,
            start_precision=start_precision,
            end_date=end_date,
            end_precision=end_precision,
            end_reason=end_reason,
            disputed=disputed,
            dispute_note=dispute_note,
            notes=notes,
            **{
                name: value
                for name, value in zip(
                    SPELL_BOUNDS, (start_earliest, start_latest, end_earliest, end_latest), strict=True
                )
                if value is not None  # left out: filled from the date's precision by normalise()
            },
        )
        spell.full_clean()
        spell.save()
        for fields in sources:
            source_add(membership=spell, **fields)
    return spell


def source_add(*, membership: Membership, **fields: Any) -> Source:
    source = Source(membership=membership, **fields)
    source.full_clean()
    source.save()
    return source


def membership_end(
    *,
    membership: Membership,
    on_date: date,
    reason: str,
    precision: str = Precision.DAY,
) -> Membership:
    """End a spell: `on_date` is the first day on which the status no longer applied."""
    with transaction.atomic():
        spell = Membership.objects.select_for_update().get(pk=membership.pk)
        if spell.end_date is not None and on_date > spell.end_date:
            raise ValidationError(
                {
                    "end_date": f"{spell} already ends on {spell.end_date.isoformat()}; "
                    f"it cannot be extended by ending it."
                }
            )
        spell.end_date = on_date
        spell.end_precision = precision
        spell.end_reason = reason
        spell.full_clean()
        spell.save()
    return spell


def membership_change_status(
    *,
    membership: Membership,
    status: str,
    on_date: date,
    precision: str = Precision.DAY,
    sources: Iterable[Mapping[str, Any]] = (),
    notes: str = "",
) -> Membership:
    """The member holds `status` from `on_date`: the old spell ends that day (status_changed) and the
    new one starts it, taking over the old spell's planned end if it had one. Returns the new spell."""
    with transaction.atomic():
        spell = Membership.objects.select_for_update().get(pk=membership.pk)
        if status == spell.status:
            raise ValidationError({"status": f"{spell} already has status {status}."})
        if on_date <= spell.start_date or (spell.end_date and on_date >= spell.end_date):
            raise ValidationError(
                {"start_date": f"A change of status on {on_date.isoformat()} must fall within {spell}."}
            )
        planned_end = (spell.end_date, spell.end_precision, spell.end_reason)
        spell.end_date, spell.end_precision, spell.end_reason = (
            on_date,
            precision,
            EndReason.STATUS_CHANGED,
        )
        spell.full_clean()
        spell.save()
        successor = membership_create(
            organisation=spell.organisation,
            member=spell.member,
            status=status,
            start_date=on_date,
            start_precision=precision,
            end_date=planned_end[0],
            end_precision=planned_end[1],
            end_reason=planned_end[2],
            notes=notes,
            sources=sources,
        )
    return successor


def membership_update(
    *,
    membership: Membership,
    fields: Mapping[str, Any],
    sources: Iterable[Mapping[str, Any]] | None = None,
) -> Membership:
    """Change a spell's fields and, when `sources` is given, make its sources exactly those (matched by
    URL: a cited URL is updated, a new one added, one no longer cited removed), all or nothing."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(membership, name, value)
        membership.full_clean()
        membership.save()
        if sources is not None:
            sources_replace(membership=membership, sources=sources)
    return membership


def sources_replace(*, membership: Membership, sources: Iterable[Mapping[str, Any]]) -> None:
    wanted = {fields["url"]: fields for fields in sources}
    for source in membership.sources.all():
        if source.url not in wanted:
            source.delete()
            continue
        fields = wanted.pop(source.url)
        if any(getattr(source, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(source, name, value)
            source.full_clean()
            source.save()
    for fields in wanted.values():
        source_add(membership=membership, **fields)
