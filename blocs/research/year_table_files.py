"""How a year table is written and described: its CSV, streamed in chunks of constant memory, and its
Frictionless resource descriptor (schema, rule, years, recorded_at, data version, citation).

What a table holds (its request, rows and columns) is `blocs.research.year_tables`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from blocs.choices import COW_SLUG_PREFIX, CowCode, YearRule
from blocs.recorded import Snapshot
from blocs.research.cow import COW_LAST_YEAR
from blocs.research.year_tables import CODES, LICENSE, SOURCES, TITLES, YearTable, YearTableRows, _Org

CHUNK_BYTES = 64 * 1024


class YearTableExport(YearTableRows):
    """One year table, ready to stream: `header()`, `rows()`, `csv_chunks()`, and `descriptor()`."""

    def csv_chunks(self, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
        """The CSV (UTF-8, header first, `\\n` line ends), in chunks of about `chunk_bytes`."""
        return csv_chunks(self.header(), self.rows(), chunk_bytes=chunk_bytes)

    # metadata

    def descriptor(self, *, path: str | None = None, name: str | None = None) -> dict[str, Any]:
        """The Frictionless tabular data resource describing this table (no hash: the writer adds it)."""
        request = self.request
        frame = self.frame
        codes = {str(code): CowCode(code).label for code in CODES}
        code_field = {"type": "integer", "constraints": {"enum": CODES}}
        if request.table == "state-year":
            fields = [
                {
                    "name": "ccode",
                    "type": "integer",
                    "title": "COW state code (empty: a member COW does not code)",
                },
                {"name": "year", "type": "integer"},
                {
                    "name": "state",
                    "type": "string",
                    "title": "COW state name as in the IGO files, or member code",
                },
                *[
                    {"name": org.column, "title": org.title, **_ionum(org), **code_field}
                    for org in frame.orgs
                ],
            ]
        elif request.table == "igo-year":
            fields = [
                {"name": "ioname", "type": "string", "title": "COW IGO short name (or the tracker's slug)"},
                {"name": "orgname", "type": "string"},
                {"name": "year", "type": "integer"},
                *[{"name": unit.name, "title": unit.title, **code_field} for unit in self.igo_units()],
                {"name": "ionum", "type": "integer", "title": "COW IGO number"},
                {"name": "slug", "type": "string", "title": "The tracker's organisation slug"},
            ]
        else:
            dyad_codes = {"type": "integer", "constraints": {"enum": [1, 0, -9, -1]}}
            fields = [
                {"name": "ccode1", "type": "integer"},
                {"name": "ccode2", "type": "integer"},
                {"name": "year", "type": "integer"},
                {"name": "state1", "type": "string"},
                {"name": "state2", "type": "string"},
                *[
                    {"name": org.column, "title": org.title, **_ionum(org), **dyad_codes}
                    for org in frame.orgs
                ],
            ]
            codes = {
                "1": "joint full membership",
                "0": "not both full members",
                "-9": "missing data: neither is known not to be a full member, and at least one is missing",
                "-1": "the organisation does not exist",
            }
        name = name or request.table
        return {
            "name": name,
            "path": path or f"{name}.csv",
            "profile": "tabular-data-resource",
            "title": TITLES[request.table],
            "description": (
                f"{TITLES[request.table]}, {request.first_year}-{request.last_year}, year rule "
                f"'{request.rule}' ({YearRule(request.rule).label}), as recorded at "
                f"{request.recorded_at.isoformat()}."
            ),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields, "missingValues": [""]},
            "sources": SOURCES,
            "licenses": [LICENSE],
            "blocs": {
                "table": request.table,
                "from": request.first_year,
                "to": request.last_year,
                "rule": request.rule,
                "rule_meaning": YearRule(request.rule).label,
                "organisations": list(request.organisations) or "all",
                "members": list(request.members) or "all",
                "recorded_at": request.recorded_at.isoformat(),
                "data_version": _data_version(request),
                "codes": codes,
                "existence": (
                    "-1 from the COW state system (data/cow/states2016.csv) for states, from the "
                    "organisation's founding and dissolution dates for organisations; a year-precision "
                    "date counts its whole year"
                ),
                "missing_data": (
                    f"-9 for spells of status 'unknown', and for every year after {COW_LAST_YEAR} in "
                    f"organisations known only from COW (slug '{COW_SLUG_PREFIX}...'), whose data end then"
                ),
            },
        }


def _ionum(org: _Org) -> dict[str, str]:
    return {"description": f"COW ionum {org.ionum}"} if org.ionum else {}


def _data_version(request: YearTable) -> str:
    """The latest change recorded at or before `recorded_at`: the version of the data read."""
    last = Snapshot(request.recorded_at).last_change()
    return last.isoformat() if last else "empty"


def csv_chunks(
    header: list[str], rows: Iterable[list[Any]], *, chunk_bytes: int = CHUNK_BYTES
) -> Iterator[bytes]:
    """Write rows as CSV and yield UTF-8 chunks of about `chunk_bytes`: memory stays flat however many."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= chunk_bytes:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()
