"""The Correlates of War (COW) reference data the research formats need, and a reader for COW files.

- `cow_igos()`: the 534 IGOs of COW IGO v3 (ioname, ionum, names, founding and dissolution years, column
  order), from `blocs/data/cow_igos.csv` (derived by `scripts/derive_cow_igo_tables.py`);
- `cow_states()`: each COW state's name in the IGO files (`usa`, `wgermany`) and its column order, from
  `blocs/data/cow_igo_states.csv`;
- `state_system()`: when each COW state was in the state system (`data/cow/states2016.csv`), as
  half-open day intervals; it decides the -1 ("not in the system") of the year tables;
- `read_state_year(path)`: the rows of a COW state-year file (plain or gzipped), checked cell by cell.

Cite the data as `COW_CITATION`.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.conf import settings

from blocs.choices import CowCode
from blocs.countries import crosswalk

DATA_DIR = Path(__file__).resolve().parent.parent / "data"  # blocs/data
STATE_SYSTEM = Path(settings.BASE_DIR) / "data" / "cow" / "states2016.csv"

COW_DATASET = "Correlates of War IGO data, version 3.0"
COW_VERSION = "3.0"
COW_URL = "https://correlatesofwar.org/data-sets/igos/"
COW_PUBLISHER = "Correlates of War Project"
COW_CITATION = (
    "Pevehouse, Jon C.W., Timothy Nordstrom, Roseanne W McManus, and Anne Spencer Jamison. 2020. "
    '"Tracking Organizations in the World: The Correlates of War IGO Version 3.0 datasets", '
    "Journal of Peace Research 57(3): 492-503."
)
# COW IGO v3 codes the years 1816-2014: spells imported from it end with 2014, and organisations known
# only from COW have no data after it (the year tables code those years -9, missing data).
COW_LAST_YEAR = 2014
# states2016.csv ends every ongoing spell on this day: the end of the data, not of the state.
STATE_SYSTEM_DATA_END = date(2016, 12, 31)

STATE_YEAR_KEYS = ["ccode", "year", "state"]
CELL_CODES = {str(code) for code in CowCode.values}
IONAME = re.compile(r"[A-Za-z0-9]{1,32}")


@dataclass(frozen=True)
class CowIgo:
    """One IGO as COW describes it."""

    ioname: str
    ionum: int
    orgname: str
    longorgname: str
    first_year: int
    dead_year: int | None
    column: int
    political: bool
    social: bool
    economic: bool


@dataclass(frozen=True)
class CowState:
    ccode: int
    igo_name: str
    column: int


@cache
def cow_igos() -> dict[str, CowIgo]:
    """COW IGOs by lower-case ioname (the state-year file's column names are lower case)."""
    with (DATA_DIR / "cow_igos.csv").open(newline="") as handle:
        igos = [
            CowIgo(
                ioname=row["ioname"],
                ionum=int(row["ionum"]),
                orgname=row["orgname"],
                longorgname=row["longorgname"],
                first_year=int(row["sdate"]),
                dead_year=int(row["deaddate"]) if row["deaddate"] else None,
                column=int(row["column"]),
                political=row["political"] == "1",
                social=row["social"] == "1",
                economic=row["economic"] == "1",
            )
            for row in csv.DictReader(handle)
        ]
    return {igo.ioname.lower(): igo for igo in igos}


@cache
def cow_states() -> dict[int, CowState]:
    with (DATA_DIR / "cow_igo_states.csv").open(newline="") as handle:
        return {
            int(row["ccode"]): CowState(int(row["ccode"]), row["igo_name"], int(row["column"]))
            for row in csv.DictReader(handle)
        }


@cache
def state_system() -> dict[int, tuple[tuple[date, date | None], ...]]:
    """COW state code -> the half-open day intervals `[first day, first day out)` of its membership of
    the state system; `None`: still in it when the data end."""
    spells: dict[int, list[tuple[date, date | None]]] = {}
    with STATE_SYSTEM.open(newline="") as handle:
        for row in csv.DictReader(handle):
            start = date(int(row["styear"]), int(row["stmonth"]), int(row["stday"]))
            last = date(int(row["endyear"]), int(row["endmonth"]), int(row["endday"]))
            end = None if last >= STATE_SYSTEM_DATA_END else last + timedelta(days=1)
            spells.setdefault(int(row["ccode"]), []).append((start, end))
    return {code: tuple(sorted(intervals)) for code, intervals in spells.items()}


def known_cow_codes() -> set[int]:
    return {row.cow_code for row in crosswalk()}


class CowFileError(ValueError):
    """A COW file that cannot be read, or that is not in the layout expected; says where and why."""


@dataclass(frozen=True)
class StateYearRow:
    line: int
    ccode: int
    year: int
    state: str
    cells: list[str]


class StateYearFile:
    """A COW IGO state-year file (`state_year_format3.csv`, plain or gzipped): `ccode, year, state`, then
    one column per IGO holding 1, 2, 3, 0, -9 or -1. Iterating checks every row and cell and raises
    `CowFileError` at the first one that is wrong, naming its line and column."""

    def __init__(self, path: str | Path, *, last_year: int) -> None:
        self.path = Path(path)
        self.last_year = last_year
        self.ionames = self._header()

    def _open(self) -> io.TextIOBase:
        try:
            raw = self.path.open("rb")
        except OSError as error:
            raise CowFileError(f"{self.path}: cannot read it ({error.strerror or error}).") from error
        try:
            magic = raw.read(2)
            raw.seek(0)
        except OSError as error:
            raw.close()
            raise CowFileError(f"{self.path}: cannot read it ({error.strerror or error}).") from error
        stream = gzip.GzipFile(fileobj=raw) if magic == b"\x1f\x8b" else raw
        return io.TextIOWrapper(stream, encoding="utf-8", newline="")  # type: ignore[arg-type]

    def _header(self) -> list[str]:
        with self._open() as handle:
            try:
                header = next(csv.reader(handle), None)
            except (OSError, EOFError, UnicodeDecodeError, csv.Error, zlib.error) as error:
                raise CowFileError(f"{self.path}: not a readable CSV file ({error}).") from error
        if not header:
            raise CowFileError(f"{self.path}: the file is empty.")
        keys = [name.strip().lower() for name in header[:3]]
        if keys != STATE_YEAR_KEYS:
            hint = (
                " It looks like the IGO-year layout (igo_year_format3.csv); give the state-year file."
                if keys and keys[0] == "ioname"
                else ""
            )
            raise CowFileError(
                f"{self.path}: expected the COW state-year layout, a header starting "
                f"'ccode,year,state' followed by one column per IGO; found '{','.join(header[:3])[:80]}'."
                + hint
            )
        ionames = [name.strip() for name in header[3:]]
        if not ionames:
            raise CowFileError(f"{self.path}: the header names no IGO column after 'ccode,year,state'.")
        for position, name in enumerate(ionames, start=4):
            if not IONAME.fullmatch(name):
                raise CowFileError(
                    f"{self.path}: column {position} of the header is {name!r}, not a COW IGO name "
                    f"(letters and digits)."
                )
        duplicates = sorted({name for name in ionames if ionames.count(name) > 1})
        if duplicates:
            raise CowFileError(f"{self.path}: IGO column(s) {', '.join(duplicates)} appear twice.")
        return ionames

    def __iter__(self) -> Iterator[StateYearRow]:
        known = known_cow_codes()
        width = len(self.ionames) + 3
        seen: set[tuple[int, int]] = set()
        with self._open() as handle:
            reader = csv.reader(handle)
            try:
                next(reader)
                for row in reader:
                    line = reader.line_num
                    if not row:
                        continue
                    if len(row) != width:
                        raise CowFileError(
                            f"{self.path}, line {line}: {len(row)} cells where the header has {width}."
                        )
                    ccode, year = (
                        _integer(self.path, line, "ccode", row[0]),
                        _integer(self.path, line, "year", row[1]),
                    )
                    if ccode not in known:
                        raise CowFileError(
                            f"{self.path}, line {line}: unknown COW state code {ccode} (not in the COW "
                            f"state system, data/cow/states2016.csv)."
                        )
                    if not 1816 <= year <= self.last_year:
                        raise CowFileError(
                            f"{self.path}, line {line}: year {year} is outside 1816..{self.last_year}."
                        )
                    if (ccode, year) in seen:
                        raise CowFileError(
                            f"{self.path}, line {line}: a second row for state {ccode} in {year}."
                        )
                    seen.add((ccode, year))
                    cells = [cell.strip() for cell in row[3:]]
                    for position, cell in enumerate(cells):
                        if cell not in CELL_CODES:
                            raise CowFileError(
                                f"{self.path}, line {line}, column {self.ionames[position]}: {cell!r} "
                                f"is not a COW code (1, 2, 3, 0, -9 or -1)."
                            )
                    yield StateYearRow(line, ccode, year, row[2].strip(), cells)
            except (OSError, EOFError, UnicodeDecodeError, csv.Error, zlib.error) as error:
                raise CowFileError(
                    f"{self.path}: cannot read it past line {reader.line_num} ({error})."
                ) from error


def _integer(path: Path, line: int, column: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise CowFileError(
            f"{path}, line {line}, column {column}: {value!r} is not a whole number."
        ) from None
