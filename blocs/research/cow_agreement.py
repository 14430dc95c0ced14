"""Do the curated days agree with COW's years? The IGO-year table the tracker exports for 1816-2014 (the
curated spells of an organisation matched to a COW IGO, coded year by year by `blocs.research.year_tables`)
compared, cell by cell, with the original COW IGO v3 IGO-year file (`data/cow/igo_year_format3.csv.gz`).

A cell is one state in one year: 1 full member, 2 associate, 3 observer, 0 none, -9 missing, -1 the state
or the organisation does not exist. Cells that are -1 on both sides (a state not yet in the state system)
agree trivially and are not counted. Agreement is the share of the other cells that hold the same code;
where it is below `THRESHOLD`, the organisation's notes (`fixtures/notes/<slug>.md`) say which cells
differ and why (COW's year rule, a COW error the sources show, or ours).
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from blocs.choices import COW_SLUG_PREFIX, YearRule
from blocs.models import Organisation
from blocs.research.cow import COW_LAST_YEAR
from blocs.research.year_tables import FIRST_YEAR, YearTableRows, year_table

COW_IGO_YEAR = Path(__file__).resolve().parents[2] / "data" / "cow" / "igo_year_format3.csv.gz"
THRESHOLD = 97.0
KEYS = 3  # ioname, orgname, year


@dataclass(frozen=True)
class Difference:
    state: str  # COW's column name (afghanistan, usa, ...)
    year: int
    cow: str
    ours: str


@dataclass
class Agreement:
    """One organisation's cells compared: how many, how many agree, and the ones that differ."""

    slug: str
    ioname: str
    compared: int = 0
    agreed: int = 0
    differences: list[Difference] = field(default_factory=list)
    # Years that only one side codes the organisation in (its founding or dissolution differs), and the
    # cells of those years, which count as compared and not agreed but are not listed one by one.
    cow_only_years: set[int] = field(default_factory=set)
    curated_only_years: set[int] = field(default_factory=set)
    unshared_cells: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.agreed / self.compared if self.compared else 100.0

    @property
    def shared_percent(self) -> float:
        """Agreement over the years both sides code the organisation in."""
        shared = self.compared - self.unshared_cells
        return 100.0 * self.agreed / shared if shared else 100.0

    @property
    def differing_states(self) -> set[str]:
        return {item.state for item in self.differences}

    @property
    def below_threshold(self) -> bool:
        return self.percent < THRESHOLD

    def runs(self) -> list[tuple[str, int, int, str, str]]:
        """The differences as runs of consecutive years with the same pair of codes:
        `(state, first year, last year, cow, ours)`, by state then year."""
        runs: list[tuple[str, int, int, str, str]] = []
        for item in sorted(self.differences, key=lambda d: (d.state, d.year)):
            if runs:
                state, first, last, cow, ours = runs[-1]
                if (state, cow, ours) == (item.state, item.cow, item.ours) and item.year == last + 1:
                    runs[-1] = (state, first, item.year, cow, ours)
                    continue
            runs.append((item.state, item.year, item.year, item.cow, item.ours))
        return runs


def matched_organisations() -> list[Organisation]:
    """The curated organisations matched to a COW IGO (the imported `cow-*` ones are COW itself)."""
    return list(
        Organisation.objects.exclude(slug__startswith=COW_SLUG_PREFIX).exclude(cow_ioname="").order_by("slug")
    )


def cow_agreement(
    *,
    now: datetime,
    slugs: Iterable[str] = (),
    rule: str = YearRule.ANY,
    path: Path = COW_IGO_YEAR,
) -> list[Agreement]:
    """Compare each matched curated organisation (or those of `slugs`) with its COW IGO, 1816-2014."""
    wanted = set(slugs)
    organisations = [org for org in matched_organisations() if not wanted or org.slug in wanted]
    if not organisations:
        return []
    by_ioname = {org.cow_ioname: org for org in organisations}
    table = YearTableRows(
        year_table(
            "igo-year",
            now=now,
            first_year=FIRST_YEAR,
            last_year=COW_LAST_YEAR,
            rule=rule,
            organisations=[org.slug for org in organisations],
        )
    )
    header = table.header()
    ours: dict[tuple[str, int], dict[str, str]] = {}
    for row in table.rows():
        slug, year = row[-1], int(row[2])
        ours[(slug, year)] = dict(zip(header[KEYS:-2], (str(cell) for cell in row[KEYS:-2]), strict=True))
    cow_header, cow_rows = _cow_rows(path, set(by_ioname))
    ours_states = set(header[KEYS:-2])
    # COW's state columns (its file ends with a few of metadata: version, sdate, sourcesandnotes, ...)
    states = [(index, name) for index, name in enumerate(cow_header[KEYS:]) if name in ours_states]
    years: dict[str, set[int]] = defaultdict(set)
    for slug, year in ours:
        years[slug].add(year)
    theirs: dict[tuple[str, int], list[str]] = {}
    for ioname, year, cells in cow_rows:
        slug = by_ioname[ioname].slug
        theirs[(slug, year)] = cells
        years[slug].add(year)
    results = []
    for org in organisations:
        agreement = Agreement(org.slug, org.cow_ioname)
        for year in sorted(years[org.slug]):
            our_row = ours.get((org.slug, year))
            cow_row = theirs.get((org.slug, year))
            if our_row is None:
                agreement.cow_only_years.add(year)
            if cow_row is None:
                agreement.curated_only_years.add(year)
            for index, state in states:
                cow = (cow_row[index] if cow_row is not None else "") or "-1"  # blank: not a state then
                mine = our_row.get(state, "-1") if our_row is not None else "-1"
                if cow == "-1" and mine == "-1":
                    continue
                agreement.compared += 1
                if cow == mine:
                    agreement.agreed += 1
                elif our_row is None or cow_row is None:
                    agreement.unshared_cells += 1
                else:
                    agreement.differences.append(Difference(state, year, cow, mine))
        results.append(agreement)
    return results


def _cow_rows(path: Path, ionames: set[str]) -> tuple[list[str], Iterator[tuple[str, int, list[str]]]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        text = handle.read()
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader)]

    def rows() -> Iterator[tuple[str, int, list[str]]]:
        for row in reader:
            if row and row[0].strip() in ionames:
                yield row[0].strip(), int(row[2]), [cell.strip() for cell in row[KEYS:]]

    return header, rows()


def report_lines(results: Iterable[Agreement], *, details: bool = False) -> Iterator[str]:
    """The agreement per organisation, one line each; with `details`, or below the threshold, the runs
    of differing cells under it."""
    for result in results:
        flag = "  below 97%" if result.below_threshold else ""
        shared = f", {result.shared_percent:.2f}% in the years both code" if result.unshared_cells else ""
        yield (
            f"{result.slug:<14} {result.ioname:<10} {result.percent:6.2f}%  "
            f"({result.agreed} of {result.compared} cells{shared}){flag}"
        )
        unshared = (("COW only", result.cow_only_years), ("curated only", result.curated_only_years))
        for label, years in unshared:
            if years:
                yield f"    years coded by {label}: {_spans(years)}"
        if details or result.below_threshold:
            for state, first, last, cow, ours in result.runs():
                span = str(first) if first == last else f"{first}-{last}"
                yield f"    {state:<16} {span:<10} COW {cow:>2}  curated {ours:>2}"


def _spans(years: Iterable[int]) -> str:
    """1996, 1997, 1998, 2003 -> "1996-1998, 2003"."""
    spans: list[list[int]] = []
    for year in sorted(years):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
