"""The citable bulk download: every table as CSV, a Frictionless `datapackage.json`, and `CITATION.cff`.

Tables: the five tracked tables (organisations, former names, members, membership spells as the interval
CSV, sources: one row per row, every field, in id order, foreign keys by their natural keys) and the
COW-compatible state-year and IGO-year tables (rule `any`, 1816 to the year of `recorded_at`); the
dyad-year table on request (it is large). Every table is read as recorded at one moment, `recorded_at`
(default: now), so a download made again with that moment holds the same bytes: `datapackage.json` gives
each file's SHA-256 and a content hash over all of them; only its `created` (the export time) differs.

`write_datapackage(target, ...)` writes a folder, or a zip file when the target ends in `.zip` or is a
binary file object (what an API view would stream).
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, cast

from django.conf import settings

from blocs.choices import Family, YearRule, family_of
from blocs.dates import parse_moment
from blocs.files import csv_cell, json_bytes, write_atomically
from blocs.models import SPELL_BOUNDS, SPELL_COLUMNS, edtf_date
from blocs.recorded import Snapshot
from blocs.research.cow import COW_CITATION, COW_DATASET, COW_URL
from blocs.research.year_table_files import YearTableExport, csv_chunks
from blocs.research.year_tables import LICENSE, YearTable

CITATION = Path(settings.BASE_DIR) / "CITATION.cff"
PACKAGE_NAME = "bloc-membership"
YEAR_TABLES = ("state-year", "igo-year")


@dataclass(frozen=True)
class Column:
    """One CSV column: its name, Frictionless type, description, and how to read it from a row."""

    name: str
    type: str
    description: str = ""
    read: Callable[[dict[str, Any]], Any] | None = None


def _value(row: dict[str, Any], column: Column) -> Any:
    return csv_cell(column.read(row) if column.read else row[column.name])


@dataclass(frozen=True)
class IntervalTable:
    """One tracked table as CSV."""

    name: str
    title: str
    rows: Callable[[Snapshot], Iterable[dict[str, Any]]]
    columns: list[Column]
    primary_key: str = "id"
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, resource, column there)

    def schema(self) -> dict[str, Any]:
        fields = []
        for column in self.columns:
            field: dict[str, Any] = {"name": column.name, "type": column.type}
            if column.description:
                field["description"] = column.description
            fields.append(field)
        return {
            "fields": fields,
            "missingValues": [""],
            "primaryKey": [self.primary_key],
            "foreignKeys": [
                {"fields": [name], "reference": {"resource": resource, "fields": [target]}}
                for name, resource, target in self.foreign_keys
            ],
        }


class _Keys:
    """Natural keys of the snapshot's organisations, members and spells, by id (as recorded)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.slugs = dict(snapshot.organisations().values_list("id", "slug"))
        self.codes = dict(snapshot.members().values_list("id", "code"))


def _organisation_rows(snapshot: Snapshot) -> Iterator[dict[str, Any]]:
    keys = _Keys(snapshot)
    for row in snapshot.organisations().order_by("id").values():
        row["predecessor"] = keys.slugs.get(row["predecessor_id"])
        yield row


def _name_rows(snapshot: Snapshot) -> Iterator[dict[str, Any]]:
    keys = _Keys(snapshot)
    for row in snapshot.organisation_names().order_by("id").values():
        row["organisation"] = keys.slugs.get(row["organisation_id"])
        yield row


def _member_rows(snapshot: Snapshot) -> Iterator[dict[str, Any]]:
    keys = _Keys(snapshot)
    for row in snapshot.members().order_by("id").values():
        row["organisation"] = keys.slugs.get(row["organisation_id"])
        yield row


def _membership_rows(snapshot: Snapshot) -> Iterator[dict[str, Any]]:
    keys = _Keys(snapshot)
    for values in snapshot.memberships().order_by("id").values().iterator(chunk_size=5000):
        row: dict[str, Any] = dict(values)
        row["organisation"] = keys.slugs.get(row["organisation_id"])
        row["member"] = keys.codes.get(row["member_id"])
        row["family"] = family_of(row["status"]).value
        yield row


def _source_rows(snapshot: Snapshot) -> Iterator[dict[str, Any]]:
    yield from snapshot.sources().order_by("id").values().iterator(chunk_size=5000)


def _columns(spec: str) -> list[Column]:
    """'name:type' pairs, space-separated (most columns are read as they are stored)."""
    return [Column(name, kind) for name, kind in (item.split(":") for item in spec.split())]


SPELL_COLUMN_TYPES = {"start_date": "date", "end_date": "date", "disputed": "boolean"}
SPELL_COLUMN_HELP = {
    "start_date": "The first day on which the status applied (included).",
    "start_precision": "day, month or year",
    "end_date": "The first day on which the status no longer applied (excluded); empty while it goes on.",
}


def _row_edtf(row: dict[str, Any], *, end: str) -> str:
    return edtf_date(
        row[f"{end}_date"], row[f"{end}_precision"], row[f"{end}_earliest"], row[f"{end}_latest"]
    )


BOUND_COLUMN_HELP = {
    "start_earliest": "The earliest start the sources allow (the start date's own period when they agree).",
    "start_latest": "The latest start the sources allow.",
    "end_earliest": "The earliest end the sources allow; empty while the spell goes on.",
    "end_latest": "The latest end the sources allow; empty while the spell goes on.",
}

INTERVAL_TABLES = [
    IntervalTable(
        "organisations",
        "Organisations (blocs)",
        _organisation_rows,
        _columns(
            "id:integer slug:string acronym:string name:string full_name:string kind:string "
            "founded_on:date founded_precision:string dissolved_on:date dissolved_precision:string "
            "predecessor:string website:string description:string wikidata_id:string cow_ioname:string "
            "cow_ionum:integer"
        ),
    ),
    IntervalTable(
        "organisation-names",
        "Former names of organisations, over half-open intervals",
        _name_rows,
        _columns(
            "id:integer organisation:string name:string acronym:string start_date:date "
            "start_precision:string end_date:date end_precision:string"
        ),
        foreign_keys=(("organisation", "organisations", "slug"),),
    ),
    IntervalTable(
        "members",
        "Members: states, territories and organisations that hold memberships",
        _member_rows,
        _columns(
            "id:integer code:string kind:string historical:boolean name:string official_name:string "
            "iso2:string iso_numeric:string former_codes:string cow_code:integer cow_abbrev:string "
            "wikidata_id:string organisation:string"
        ),
        foreign_keys=(("organisation", "organisations", "slug"),),
    ),
    IntervalTable(
        "memberships",
        "Membership spells (interval CSV): one row per spell, [start_date, end_date), end_date empty "
        "while the spell goes on",
        _membership_rows,
        [
            *_columns("id:integer organisation:string member:string status:string family:string"),
            *[
                Column(name, SPELL_COLUMN_TYPES.get(name, "string"), SPELL_COLUMN_HELP.get(name, ""))
                for name in SPELL_COLUMNS[1:]
            ],
            *[Column(name, "date", BOUND_COLUMN_HELP[name]) for name in SPELL_BOUNDS],
            *[
                Column(
                    f"{end}_edtf",
                    "string",
                    f"The {end} date in EDTF (ISO 8601-2): a day, a month, a year, or [earliest..latest].",
                    functools.partial(_row_edtf, end=end),
                )
                for end in ("start", "end")
            ],
            Column("notes", "string"),
        ],
        foreign_keys=(("organisation", "organisations", "slug"), ("member", "members", "code")),
    ),
    IntervalTable(
        "sources",
        "Sources of the spells",
        _source_rows,
        [
            Column("id", "integer"),
            Column(
                "membership",
                "integer",
                "The spell's id in memberships.csv.",
                lambda row: row["membership_id"],
            ),
            *_columns(
                "url:string title:string publisher:string published_on:date accessed_on:date stance:string "
                "note:string quote:string"
            ),
        ],
        foreign_keys=(("membership", "memberships", "id"),),
    ),
]


def datapackage_tables(*, dyad_year: bool = False) -> list[str]:
    return (
        [table.name for table in INTERVAL_TABLES] + list(YEAR_TABLES) + (["dyad-year"] if dyad_year else [])
    )


def write_datapackage(
    target: Path | IO[bytes],
    *,
    now: datetime,
    recorded_at: str | datetime | None = None,
    dyad_year: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Write the package to a folder (created if missing) or a zip file; return `datapackage.json`.

    `now` is the export time (`created`) and the default `recorded_at`. Raises `ParameterError` for a bad
    `recorded_at`.
    """
    moment = parse_moment(recorded_at, now=now)
    snapshot = Snapshot(moment)
    stamp = moment or now
    with _Writer(target) as writer:
        resources = []
        for table in INTERVAL_TABLES:
            if progress:
                progress(f"{table.name}.csv")
            digest, size = writer.add(
                f"{table.name}.csv",
                csv_chunks(
                    [column.name for column in table.columns],
                    ([_value(row, column) for column in table.columns] for row in table.rows(snapshot)),
                ),
            )
            resources.append(_interval_resource(table, digest, size))
        for name in (*YEAR_TABLES, *(("dyad-year",) if dyad_year else ())):
            if progress:
                progress(f"{name}.csv")
            export = YearTableExport(
                YearTable(
                    table=name,
                    first_year=1816,
                    last_year=stamp.year,
                    rule=YearRule.ANY,
                    recorded_at=stamp,
                    from_history=moment is not None,
                )
            )
            digest, size = writer.add(f"{name}.csv", export.csv_chunks())
            descriptor = export.descriptor()
            descriptor.update({"hash": f"sha256:{digest}", "bytes": size})
            descriptor.pop("licenses", None)  # the package's licence covers it
            resources.append(descriptor)
        content_hash = hashlib.sha256(
            "".join(f"{resource['path']}\t{resource['hash']}\n" for resource in resources).encode()
        ).hexdigest()
        package = _package(resources, now=now, recorded_at=stamp, content_hash=content_hash)
        writer.add("datapackage.json", [json_bytes(package)])
        writer.add("CITATION.cff", [_citation(stamp, content_hash)])
    return package


def _interval_resource(table: IntervalTable, digest: str, size: int) -> dict[str, Any]:
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": table.title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "hash": f"sha256:{digest}",
        "bytes": size,
        "schema": table.schema(),
    }


def _package(
    resources: list[dict[str, Any]],
    *,
    now: datetime,
    recorded_at: datetime,
    content_hash: str,
) -> dict[str, Any]:
    last_change = Snapshot(recorded_at).last_change()
    citation = (
        f"Bloc membership tracker, data as recorded at {recorded_at.isoformat()} "
        f"(content hash sha256:{content_hash})."
    )
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Bloc membership tracker: membership of multilateral blocs, with sources",
        "description": (
            "Who belonged to which multilateral bloc, with what status, from when to when, and on what "
            "sources, as recorded at the moment given in 'blocs.recorded_at'. Spells are half-open "
            f"intervals [start_date, end_date). Cite as: {citation} Cite spells imported from COW as: "
            f"{COW_CITATION}"
        ),
        "created": now.isoformat(),
        "licenses": [LICENSE],
        "sources": [
            {"title": "Curated fixtures of the tracker, each spell with its published sources"},
            {"title": f"{COW_DATASET}. {COW_CITATION}", "path": COW_URL},
        ],
        "blocs": {
            "recorded_at": recorded_at.isoformat(),
            "data_version": last_change.isoformat() if last_change else "empty",
            "content_hash": f"sha256:{content_hash}",
            "content_hash_of": "SHA-256 of the lines '<path>\\t<hash>\\n' of every resource, in order",
            "citation": citation,
            "citation_file": "CITATION.cff",
            "families": {family.value: family.label for family in Family},
        },
        "resources": resources,
    }


def _citation(recorded_at: datetime, content_hash: str) -> bytes:
    """The project's CITATION.cff, dated and identified for this download."""
    text = CITATION.read_text(encoding="utf-8").rstrip("\n")
    return (
        f"{text}\n"
        f"date-released: {recorded_at.date().isoformat()}\n"
        f"identifiers:\n"
        f"  - type: other\n"
        f'    value: "sha256:{content_hash}"\n'
        f'    description: "Content hash of the data files, as recorded at {recorded_at.isoformat()}"\n'
    ).encode()


class PackageTargetError(ValueError):
    """A target the package cannot be written to."""


class _Writer:
    """Adds files to a folder or a zip archive, all or nothing: a folder or zip file is built beside the
    target under a temporary name and takes the target's name only when complete."""

    def __init__(self, target: Path | IO[bytes]) -> None:
        self.path = target if isinstance(target, Path) else None
        self.stream = None if isinstance(target, Path) else target
        self.folder: Path | None = None
        self.partial: Path | None = None
        self.zip: zipfile.ZipFile | None = None

    def __enter__(self) -> _Writer:
        if self.path is not None:
            if not self.path.parent.is_dir():
                raise PackageTargetError(f"the folder {self.path.parent} does not exist.")
            is_zip = self.path.suffix == ".zip"
            empty_folder = self.path.is_dir() and not any(self.path.iterdir())
            if self.path.exists() and not empty_folder and not (is_zip and self.path.is_file()):
                raise PackageTargetError(f"{self.path} exists and is not an empty folder.")
            self.partial = self.path.with_name(f".{self.path.name}.partial")
            if is_zip:
                self.zip = zipfile.ZipFile(self.partial, "w", compression=zipfile.ZIP_DEFLATED)
            else:
                shutil.rmtree(self.partial, ignore_errors=True)
                self.partial.mkdir()
                self.folder = self.partial
        else:
            self.zip = zipfile.ZipFile(cast(IO[bytes], self.stream), "w", compression=zipfile.ZIP_DEFLATED)
        return self

    def add(self, name: str, chunks: Iterable[bytes]) -> tuple[str, int]:
        if self.folder is not None:
            return write_atomically(self.folder / name, chunks)
        digest = hashlib.sha256()
        size = 0
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # the same bytes at every export
        info.compress_type = zipfile.ZIP_DEFLATED
        with self._zip().open(info, "w", force_zip64=True) as member:
            for chunk in chunks:
                member.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        return digest.hexdigest(), size

    def _zip(self) -> zipfile.ZipFile:
        if self.zip is None:
            raise RuntimeError("the writer is not open")
        return self.zip

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if self.zip is not None:
            self.zip.close()
        if self.path is None or self.partial is None:
            return
        if error is not None:
            if self.partial.is_dir():
                shutil.rmtree(self.partial, ignore_errors=True)
            else:
                self.partial.unlink(missing_ok=True)
            return
        if self.path.is_dir():
            self.path.rmdir()  # an empty folder, checked on entry
        self.partial.replace(self.path)
