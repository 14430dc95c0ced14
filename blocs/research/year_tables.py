"""COW-compatible year tables: state-year, IGO-year and dyad-year, streamed as CSV in constant memory.

The layouts are those of the Correlates of War IGO v3 files, so scripts written for COW read them:

- **state-year**: `ccode, year, state`, then one column per organisation: one row per state and year in
  which the state exists;
- **igo-year**: `ioname, orgname, year`, then one column per state, then `ionum, slug`: one row per
  organisation and year in which the organisation exists;
- **dyad-year**: `ccode1, ccode2, year, state1, state2`, then one column per organisation: one row per pair
  of states that both exist in the year; 1 when both are full members (joint full membership), -9 when
  neither is known not to be and at least one is missing data, 0 otherwise. Rows come year by year.

A "state" is a COW state code (its columns and rows are COW's: 365 is Russia, the USSR from 1923 to 1991,
Russia again from 1992, as the crosswalk says), or, for a member COW does not code (the EU, Palestine, a
territory), the member itself under its code. Cells: 1 member (suspended members too), 2 associate,
3 observer, 0 none, -9 missing data (status `unknown`), -1 not in existence: the state is not in the COW
state system that year (`data/cow/states2016.csv`; a member that is an organisation: that organisation's
life), or the organisation does not exist (its founding and dissolution dates). A year's code follows the
rule (`blocs.choices.YearRule`): `any` (default), the highest status held on any day of the year; `end`,
31 December; `start`, 1 January. Date rules come from `blocs.querysets` (`year_codes`, `years_touched`).

Every export reads the data as recorded at one moment (`recorded_at`, default: now) and says so in its
metadata, a Frictionless resource descriptor (`descriptor()`); exporting again with that `recorded_at`
gives the same bytes. API views can wrap this module: build a `YearTable` with `year_table(...)` (its
errors name the parameter), then stream `YearTableExport(table).csv_chunks()`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

from blocs.choices import COW_CODE_BY_STATUS, COW_SLUG_PREFIX, CowCode, Precision, YearRule
from blocs.countries import crosswalk
from blocs.dates import ParameterError, parse_moment
from blocs.files import neutralise
from blocs.models import period_end
from blocs.querysets import MembershipQuerySet, year_window, years_touched
from blocs.recorded import Snapshot
from blocs.research.cow import (
    COW_CITATION,
    COW_DATASET,
    COW_LAST_YEAR,
    COW_URL,
    cow_igos,
    cow_states,
    state_system,
)

FIRST_YEAR = 1816
TABLES = ("state-year", "igo-year", "dyad-year")
CODES = [int(code) for code in CowCode.values]
LICENSE = {"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}
SOURCES = [{"title": f"{COW_DATASET}. {COW_CITATION}", "path": COW_URL}]
TITLES = {
    "state-year": "State-year table (COW IGO layout)",
    "igo-year": "IGO-year table (COW IGO layout)",
    "dyad-year": "Dyad-year table of joint full membership (COW IGO layout)",
}


@dataclass(frozen=True)
class YearTable:
    """What to export: a table, the inclusive years `[first_year, last_year]`, a year rule, organisations
    (slugs or COW ionames) and members (codes or COW state codes), empty for all, and the moment the data
    are read as recorded at. `from_history` is True when that moment was asked for (read from the history
    tables), False for an export of the live tables stamped with the moment it was made."""

    table: str
    first_year: int
    last_year: int
    rule: str = YearRule.ANY
    organisations: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    recorded_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    from_history: bool = False

    @property
    def snapshot(self) -> Snapshot:
        return Snapshot(self.recorded_at if self.from_history else None)


def year_table(
    table: str,
    *,
    now: datetime,
    first_year: str | int | None = None,
    last_year: str | int | None = None,
    rule: str | None = None,
    organisations: str | Iterable[str] | None = None,
    members: str | Iterable[str] | None = None,
    recorded_at: str | datetime | None = None,
) -> YearTable:
    """Check a request (strings as they come from a query string or a command line) and build it.

    Raises `ParameterError` naming the parameter: `table`, `from`, `to`, `rule`, `organisation`, `member`,
    `recorded_at`. `now` is the moment of the request: the latest year allowed is its year, and the
    export is stamped with it unless `recorded_at` is given. `to` defaults to the year of the moment read.
    """
    if table not in TABLES:
        raise ParameterError("table", f"unknown table {table!r}: expected one of {', '.join(TABLES)}.")
    moment = parse_moment(recorded_at, now=now)
    first = _year("from", first_year, default=FIRST_YEAR, now=now)
    # The default last year is that of the moment read, so a table asked for again with its recorded_at
    # in a later year has the same years.
    last = _year("to", last_year, default=(moment or now).year, now=now)
    if first > last:
        raise ParameterError("from", f"the first year ({first}) is after the last year ({last}).")
    rule = YearRule.ANY if rule in (None, "") else rule
    if rule not in YearRule.values:
        raise ParameterError("rule", f"unknown rule {rule!r}: expected one of {', '.join(YearRule.values)}.")
    request = YearTable(
        table=table,
        first_year=first,
        last_year=last,
        rule=str(rule),
        organisations=_tokens(organisations),
        members=_tokens(members),
        recorded_at=moment or now,
        from_history=moment is not None,
    )
    _Frame(request)  # resolves organisations and members now, so that unknown ones fail before streaming
    return request


def _year(parameter: str, value: str | int | None, *, default: int, now: datetime) -> int:
    if value in (None, ""):
        return default
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ParameterError(parameter, f"{value!r} is not a year.") from None
    if not FIRST_YEAR <= year <= now.year:
        raise ParameterError(
            parameter, f"{year} is outside {FIRST_YEAR}..{now.year} (the COW state system starts in 1816)."
        )
    return year


def _tokens(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    return tuple(dict.fromkeys(item.strip() for item in items if item.strip()))


@dataclass
class _Org:
    id: int
    column: str
    ioname: str
    orgname: str
    ionum: int | None
    slug: str
    title: str
    years: frozenset[int]
    missing_from: int | None = None  # years from this one on are -9 unless a spell says otherwise

    def blank(self, year: int) -> str:
        """The code of a cell no spell fills."""
        if year not in self.years:
            return "-1"
        return "-9" if self.missing_from is not None and year >= self.missing_from else "0"


@dataclass
class _Unit:
    """A COW state (its code, carried by members over time) or a member COW does not code."""

    ccode: int | None
    name: str
    carriers: list[tuple[int, int, int]]  # (first year, last year, member id)
    years: frozenset[int]
    title: str
    igo_order: tuple[int, str] = (0, "")

    def member(self, year: int) -> int | None:
        for first, last, member_id in self.carriers:
            if first <= year <= last:
                return member_id
        return None

    @property
    def member_ids(self) -> set[int]:
        return {member_id for _, _, member_id in self.carriers}


class _Frame:
    """The organisations and states of one export, with the years in which each exists."""

    def __init__(self, request: YearTable) -> None:
        self.request = request
        self.snapshot = request.snapshot
        first, last, rule = request.first_year, request.last_year, request.rule
        organisations = list(
            self.snapshot.organisations().values(
                "id",
                "slug",
                "acronym",
                "name",
                "cow_ioname",
                "cow_ionum",
                "founded_on",
                "founded_precision",
                "dissolved_on",
                "dissolved_precision",
            )
        )
        self.life = {row["id"]: _life_years(row, rule, first, last) for row in organisations}
        self.orgs = self._organisations(organisations)
        self.org_index = {org.id: index for index, org in enumerate(self.orgs)}
        self.all_orgs = len(self.orgs) == len(organisations)
        self.units = self._units()
        self._templates: dict[tuple[str, int], tuple[str, ...]] = {}

    # organisations

    def _organisations(self, rows: list[dict[str, Any]]) -> list[_Org]:
        wanted = self.request.organisations
        by_key: dict[str, dict[str, Any]] = {}
        for row in rows:
            by_key[row["slug"].lower()] = row
            if row["cow_ioname"]:
                by_key.setdefault(row["cow_ioname"].lower(), row)
        if wanted:
            unknown = [token for token in wanted if token.lower() not in by_key]
            if unknown:
                raise ParameterError(
                    "organisation",
                    f"unknown organisation(s) {', '.join(unknown)}: give slugs (brics) or COW ionames "
                    f"(NATO).",
                )
            rows = list({by_key[token.lower()]["id"]: by_key[token.lower()] for token in wanted}.values())
        igos = cow_igos()
        cow_columns = {row["cow_ioname"].lower() for row in rows if row["cow_ioname"]}
        orgs = []
        for row in rows:
            ioname = row["cow_ioname"]
            column = ioname.lower() if ioname else row["slug"]
            if not ioname and column in cow_columns:
                column = f"{column}_tracker"
            igo = igos.get(ioname.lower()) if ioname else None
            orgs.append(
                (
                    (0, igo.column, "") if igo else (1, 0, row["slug"]),
                    _Org(
                        id=row["id"],
                        column=column,
                        # the text cells of the rows, neutralised once here, not cell by cell
                        ioname=neutralise(ioname or column),
                        orgname=neutralise(row["name"]),
                        ionum=row["cow_ionum"],
                        slug=row["slug"],
                        title=f"{row['acronym']}: {row['name']}"
                        if row["acronym"] != row["name"]
                        else row["name"],
                        years=self.life[row["id"]],
                        missing_from=COW_LAST_YEAR + 1 if row["slug"].startswith(COW_SLUG_PREFIX) else None,
                    ),
                )
            )
        return [org for _, org in sorted(orgs, key=lambda pair: pair[0])]

    # states

    def _units(self) -> list[_Unit]:
        first, last, rule = self.request.first_year, self.request.last_year, self.request.rule
        members = {
            row["code"]: row
            for row in self.snapshot.members().values("id", "code", "name", "organisation_id")
        }
        by_ccode: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        cow_member_codes = set()
        for row in crosswalk():
            cow_member_codes.add(row.member_code)
            if row.member_code in members:
                by_ccode[row.cow_code].append(
                    (row.first_year, row.last_year or 9999, members[row.member_code]["id"])
                )
        names = cow_states()
        system = state_system()
        cow_units: dict[int, _Unit] = {}
        for ccode, carriers in by_ccode.items():
            in_system = {
                year
                for start, end in system.get(ccode, ())
                for year in years_touched(start, end, rule, first, last)
            }
            carried = {year for year in in_system if any(a <= year <= b for a, b, _ in carriers)}
            state = names.get(ccode)
            cow_name = next(r.cow_name for r in crosswalk() if r.cow_code == ccode)
            cow_units[ccode] = _Unit(
                ccode=ccode,
                name=state.igo_name if state else str(ccode),
                carriers=sorted(carriers),
                years=frozenset(carried),
                title=f"{cow_name} (COW {ccode})",
                igo_order=(0, f"{state.column:05d}" if state else f"9{ccode:04d}"),
            )
        others = {code: row for code, row in members.items() if code not in cow_member_codes}
        wanted = self.request.members
        if wanted:
            units: dict[Any, _Unit] = {}
            unknown: list[str] = []
            for token in wanted:
                if token.isdigit():
                    if int(token) not in cow_units:
                        unknown.append(f"COW state code {token}")
                    else:
                        units[int(token)] = cow_units[int(token)]
                elif token.upper() in others:
                    units[token.upper()] = self._other_unit(others[token.upper()])
                elif token.upper() in members:
                    for ccode, unit in cow_units.items():
                        if members[token.upper()]["id"] in unit.member_ids:
                            units[ccode] = unit
                else:
                    unknown.append(token)
            if unknown:
                raise ParameterError(
                    "member",
                    f"unknown member(s) {', '.join(unknown)}: give member codes (IND) or COW state codes "
                    f"(750).",
                )
            chosen = list(units.values())
        else:
            coded = set(
                self.memberships()
                .filter(member_id__in=[row["id"] for row in others.values()])
                .with_status(COW_CODE_BY_STATUS)
                .overlapping(year_window(first, rule)[0], year_window(last, rule)[1])
                .values_list("member_id", flat=True)
                .distinct()
            )
            chosen = list(cow_units.values()) + [
                self._other_unit(row) for row in others.values() if row["id"] in coded
            ]
        return sorted(chosen, key=lambda unit: (unit.ccode is None, unit.ccode or 0, unit.name))

    def _other_unit(self, row: dict[str, Any]) -> _Unit:
        first, last = self.request.first_year, self.request.last_year
        years = self.life.get(row["organisation_id"]) if row["organisation_id"] else None
        return _Unit(
            ccode=None,
            name=row["code"],
            carriers=[(first, last, row["id"])],
            years=years if years is not None else frozenset(range(first, last + 1)),
            title=f"{row['name']} ({row['code']}, not coded by COW)",
            igo_order=(1, row["code"]),
        )

    # reading spells

    def memberships(self) -> MembershipQuerySet:
        spells = self.snapshot.memberships()
        if not self.all_orgs:
            spells = spells.filter(organisation_id__in=[org.id for org in self.orgs])
        return spells

    def org_template(self, year: int) -> tuple[str, ...]:
        key = ("org", year)
        if key not in self._templates:
            self._templates[key] = tuple(org.blank(year) for org in self.orgs)
        return self._templates[key]


def _life_years(row: dict[str, Any], rule: str, first: int, last: int) -> frozenset[int]:
    """The years in which an organisation exists under the rule: a year-precision founding or dissolution
    counts its whole year."""
    start = row["founded_on"] or date.min
    end = None
    if row["dissolved_on"]:
        end = period_end(row["dissolved_on"], row["dissolved_precision"] or Precision.DAY)
    return frozenset(years_touched(start, end, rule, first, last))


class YearTableRows:
    """The rows and columns of one year table: `header()`, then `rows()`, read as the request says."""

    def __init__(self, request: YearTable) -> None:
        self.request = request

    @cached_property
    def frame(self) -> _Frame:
        return _Frame(self.request)

    def header(self) -> list[str]:
        frame = self.frame
        if self.request.table == "state-year":
            return ["ccode", "year", "state", *[org.column for org in frame.orgs]]
        if self.request.table == "igo-year":
            return ["ioname", "orgname", "year", *[unit.name for unit in self.igo_units()], "ionum", "slug"]
        return ["ccode1", "ccode2", "year", "state1", "state2", *[org.column for org in frame.orgs]]

    def rows(self) -> Iterator[list[Any]]:
        if self.request.table == "state-year":
            return self._state_year()
        if self.request.table == "igo-year":
            return self._igo_year()
        return self._dyad_year()

    def _state_year(self) -> Iterator[list[Any]]:
        frame = self.frame
        request = self.request
        for unit in frame.units:
            spells = frame.memberships().filter(member_id__in=unit.member_ids)
            cells: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
            for (org_id, member_id), years in spells.year_codes(
                request.first_year, request.last_year, request.rule
            ).items():
                index = frame.org_index.get(org_id)
                if index is not None:
                    for year, code in years.items():
                        cells[(member_id, year)].append((index, code))
            for year in sorted(unit.years):
                row = list(frame.org_template(year))
                for index, code in cells.get((unit.member(year) or 0, year), ()):
                    if row[index] != "-1":
                        row[index] = str(code)
                yield [unit.ccode or "", year, unit.name, *row]

    def igo_units(self) -> list[_Unit]:
        return sorted(self.frame.units, key=lambda unit: unit.igo_order)

    def _igo_year(self) -> Iterator[list[Any]]:
        frame = self.frame
        request = self.request
        units = self.igo_units()
        templates: dict[tuple[int, str], tuple[str, ...]] = {}
        carriers: dict[int, dict[int, list[int]]] = {}
        for org in frame.orgs:
            spells = frame.snapshot.memberships().filter(organisation_id=org.id)
            by_year: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for (_, member_id), years in spells.year_codes(
                request.first_year, request.last_year, request.rule
            ).items():
                for year, code in years.items():
                    by_year[year].append((member_id, code))
            for year in sorted(org.years):
                blank = org.blank(year)
                if (year, blank) not in templates:
                    templates[(year, blank)] = tuple(blank if year in unit.years else "-1" for unit in units)
                if year not in carriers:
                    carriers[year] = defaultdict(list)
                    for index, unit in enumerate(units):
                        carrier = unit.member(year)
                        if carrier is not None:
                            carriers[year][carrier].append(index)
                row = list(templates[(year, blank)])
                for member_id, code in by_year.get(year, ()):
                    for index in carriers[year].get(member_id, ()):
                        if row[index] != "-1":
                            row[index] = str(code)
                yield [org.ioname, org.orgname, year, *row, org.ionum or "", org.slug]

    def _dyad_year(self) -> Iterator[list[Any]]:
        frame = self.frame
        request = self.request
        none: frozenset[int] = frozenset()
        member_ids = {member_id for unit in frame.units for member_id in unit.member_ids}
        for year in range(request.first_year, request.last_year + 1):
            present = [unit for unit in frame.units if year in unit.years]
            if len(present) < 2:
                continue
            spells = frame.memberships()
            if request.members:
                spells = spells.filter(member_id__in=member_ids)
            full: dict[int, set[int]] = defaultdict(set)
            missing: dict[int, set[int]] = defaultdict(set)
            template = frame.org_template(year)
            for (org_id, member_id), years in spells.year_codes(year, year, request.rule).items():
                index = frame.org_index.get(org_id)
                if index is None or template[index] == "-1":
                    continue
                if years.get(year) == CowCode.MEMBER:
                    full[member_id].add(index)
                elif years.get(year) == CowCode.MISSING:
                    missing[member_id].add(index)
            states = [(unit, unit.member(year) or 0) for unit in present]
            for position, (unit, member) in enumerate(states):
                full_a, missing_a = full.get(member, none), missing.get(member, none)
                either_a = full_a | missing_a
                for other, other_member in states[position + 1 :]:
                    full_b, missing_b = full.get(other_member, none), missing.get(other_member, none)
                    row = list(template)
                    joint = full_a & full_b
                    for index in joint:
                        row[index] = "1"
                    if missing_a or missing_b:
                        for index in (either_a & (full_b | missing_b)) - joint:
                            row[index] = "-9"
                    yield [unit.ccode or "", other.ccode or "", year, unit.name, other.name, *row]
