"""Rows for the hot read paths, built from `.values()`: the very dicts the serializers would make.

"Who was in BRICS on D" (the snapshot) and "where was Iran on D" are what clients ask most, and
PERFORMANCE.md found ModelSerializer to be where such a request spends its time. Here the database hands
back the columns and three queries make every row: the spells, their members (or organisations), then
their sources. Members and sources come from the querysets given, so the same code answers from the
history tables when the view reads the data as recorded at a past moment. `SnapshotRowSerializer` and
`MemberMembershipRowSerializer` still describe these rows in the schema and the CSV header, and a test
keeps the two in step.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import QuerySet

from blocs.choices import family_of
from blocs.models import SPELL_BOUNDS, SPELL_COLUMNS, Membership, Source, edtf_date

SOURCE_COLUMNS = ("url", "title", "publisher", "published_on", "accessed_on", "stance", "note", "quote")
PARTIES = {"member": ("code", "name", "kind"), "organisation": ("slug", "acronym", "name", "kind")}


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _edtf(row: dict[str, Any], end: str) -> str:
    return edtf_date(
        row[f"{end}_date"], row[f"{end}_precision"], row[f"{end}_earliest"], row[f"{end}_latest"]
    )


def spell_rows(
    spells: QuerySet[Membership], sources: QuerySet[Source], parties: QuerySet, *, party: str
) -> list[dict[str, Any]]:
    """One row per spell, naming its `party` ("member" in an organisation's snapshot, "organisation" in a
    member's list, read from `parties`), with its status, family, dates, precisions, dispute and sources."""
    spell_values = list(spells.values("id", f"{party}_id", *SPELL_COLUMNS, *SPELL_BOUNDS))
    cited: dict[int, list[dict[str, Any]]] = defaultdict(list)
    named: dict[int, dict[str, Any]] = {}
    if spell_values:
        for values in parties.filter(id__in={row[f"{party}_id"] for row in spell_values}).values(
            "id", *PARTIES[party]
        ):
            named[values.pop("id")] = values
        for source in (
            sources.filter(membership_id__in=[row["id"] for row in spell_values])
            .order_by("membership_id", "published_on", "url")
            .values_list("membership_id", *SOURCE_COLUMNS)
        ):
            cited[source[0]].append(
                {name: _text(value) for name, value in zip(SOURCE_COLUMNS, source[1:], strict=True)}
            )
    return [
        {
            "id": row["id"],
            party: named.get(row[f"{party}_id"]) or dict.fromkeys(PARTIES[party]),
            "status": row["status"],
            "family": family_of(row["status"]).value,
            **{name: _text(row[name]) for name in SPELL_COLUMNS[1:]},
            **{name: _text(row[name]) for name in SPELL_BOUNDS},
            **{f"{end}_edtf": _edtf(row, end) for end in ("start", "end")},
            "sources": cited[row["id"]],
        }
        for row in spell_values
    ]
