"""Importing COW IGO v3 from its state-year file: organisations, year-precision spells, a source each.

- Organisations: each IGO column becomes an organisation with COW's `ioname` and `ionum`, names and
  founding / dissolution years from COW's IGO data (`blocs.research.cow.cow_igos`), slug `cow-<ioname>`
  (curated slugs never start with `cow-`). An IGO that a curated organisation already names (its
  `cow_ionum`, or failing that its `cow_ioname`) is attached to that organisation instead.
- Members: COW state codes become members through the year-keyed crosswalk (`blocs.countries`): 365 is
  Russia until 1922, the USSR 1923-1991, Russia again from 1992. Two COW states that become one member in
  one year (255 and 260 are both Germany) merge, the highest code winning.
- Spells: each run of consecutive years with one code becomes one year-precision spell, `[1 January of the
  first year, 1 January after the last)`: 1 member, 2 associate, 3 observer, -9 unknown; 0 and -1 make none.
  A spell that runs to the end of the data (2014) ends there: COW says nothing about later years.
- Curated spells win: where the organisation and member already hold spells that did not come from COW,
  none of COW's spells for that pair are imported, and the report counts them (and those that overlap).
- Idempotent (a spell already imported is recognised by its natural key and its COW source) and atomic
  (one transaction; a bad file is rejected before anything is written). History is recorded for every
  row (`bulk_create_with_history`), all stamped with the moment the writing began.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history
from tqdm import tqdm

from blocs import versions
from blocs.choices import (
    COW_CODE_RANK,
    COW_SLUG_PREFIX,
    STATUS_BY_COW_CODE,
    EndReason,
    OrganisationKind,
    Precision,
    Status,
)
from blocs.countries import crosswalk
from blocs.models import Member, Membership, Organisation, Source, period_end
from blocs.research.cow import (
    COW_CITATION,
    COW_DATASET,
    COW_PUBLISHER,
    COW_URL,
    CowFileError,
    StateYearFile,
    cow_igos,
)

CHANGE_REASON = "import_cow_igo: COW IGO v3 state-year data"
BATCH = 2000


class CowImportError(ValueError):
    """The import cannot go ahead; nothing was written."""


@dataclass
class ImportReport:
    """What an import found, created and left alone, for the summary at the end."""

    path: str
    rows: int = 0
    cow_states: set[int] = field(default_factory=set)
    members: set[int] = field(default_factory=set)
    organisations_created: list[str] = field(default_factory=list)
    organisations_attached: list[str] = field(default_factory=list)
    organisations_present: int = 0
    spells_created: Counter[str] = field(default_factory=Counter)
    sources_created: int = 0
    cells_not_imported: Counter[str] = field(default_factory=Counter)
    merged_cells: int = 0
    spells_clipped: int = 0
    spells_not_imported: Counter[str] = field(default_factory=Counter)
    curated_pairs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    curated_overlaps: int = 0

    @property
    def created(self) -> int:
        return len(self.organisations_created) + sum(self.spells_created.values()) + self.sources_created

    def lines(self) -> list[str]:
        spells = sum(self.spells_created.values())
        by_status = ", ".join(f"{status} {count:,}" for status, count in sorted(self.spells_created.items()))
        lines = [
            f"Read {self.path}: {self.rows:,} state-year rows, {len(self.cow_states)} COW states.",
            f"Organisations: {len(self.organisations_created)} created, {len(self.organisations_attached)} "
            f"curated ones matched by their COW identifiers"
            + (f" ({', '.join(sorted(self.organisations_attached))})" if self.organisations_attached else "")
            + f", {self.organisations_present} already imported.",
            f"Members: {len(self.members)} members hold the coded cells (COW states through the crosswalk).",
            f"Spells created: {spells:,}"
            + (f" ({by_status})" if spells else "")
            + f", with {self.sources_created:,} sources ({COW_DATASET}).",
        ]
        cells = ", ".join(f"{count:,} {reason}" for reason, count in self.cells_not_imported.most_common())
        lines.append(f"Cells making no spell: {cells or 'none'}.")
        if self.merged_cells:
            lines.append(
                f"Cells merged: {self.merged_cells:,} (two COW states for one member in one year; the "
                f"highest code kept)."
            )
        if self.spells_clipped:
            lines.append(
                f"Spells clipped: {self.spells_clipped:,} to the founding or dissolution date of a curated "
                f"organisation that falls within a year COW codes."
            )
        skipped = sum(self.spells_not_imported.values())
        lines.append(f"Spells not imported: {skipped:,}" + (":" if skipped else "."))
        for reason, count in self.spells_not_imported.most_common():
            lines.append(f"  {count:,} {reason}")
        if self.curated_pairs:
            lines.append(
                f"  Curated spells win for {sum(len(m) for m in self.curated_pairs.values())} "
                f"organisation-member pairs ({self.curated_overlaps:,} COW spells overlap a curated one): "
                + "; ".join(
                    f"{acronym} {len(members)}" for acronym, members in sorted(self.curated_pairs.items())
                )
                + "."
            )
        return lines


@dataclass
class _Parsed:
    ionames: list[str]
    # (member id, IGO column) -> {year: code}
    cells: dict[tuple[int, int], dict[int, int]]
    # (member id, IGO column) -> the COW states that coded it (for the source's note)
    states: dict[tuple[int, int], set[int]]
    first_coded: list[int | None]
    last_coded: list[int | None]


@dataclass(frozen=True)
class _Planned:
    """One run of years with one code, as the spell it becomes: `[start, end)`."""

    organisation: Organisation
    column: int
    member_id: int
    code: int
    first_year: int
    last_year: int
    start: date
    end: date
    end_reason: str
    start_precision: str = Precision.YEAR
    end_precision: str = Precision.YEAR

    @property
    def status(self) -> str:
        return STATUS_BY_COW_CODE[self.code]

    def within_life(self) -> _Planned | None:
        """The spell clipped to its organisation's life (a curated organisation founded or dissolved
        within a year COW codes), or None when nothing of it remains."""
        org = self.organisation
        start, start_precision = self.start, self.start_precision
        end, end_precision, end_reason = self.end, self.end_precision, self.end_reason
        errors = org.existence_error(start, start_precision, end)
        if not errors:
            return self
        if "start_date" in errors and org.founded_on and start < org.founded_on:
            start, start_precision = org.founded_on, org.founded_precision or Precision.DAY
        if org.dissolved_on and end > period_end(org.dissolved_on, org.dissolved_precision or Precision.DAY):
            end, end_precision = org.dissolved_on, org.dissolved_precision or Precision.DAY
            end_reason = EndReason.ORGANISATION_DISSOLVED
        if end <= start or org.existence_error(start, start_precision, end):
            return None
        return replace(
            self,
            start=start,
            start_precision=start_precision,
            end=end,
            end_precision=end_precision,
            end_reason=end_reason,
        )


def import_cow_igo(
    path: str | Path,
    *,
    now: datetime,
    progress: bool | None = None,
    log: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import a COW state-year file; raise `CowImportError` (nothing written) when it cannot be.

    `now` stamps the history records and is the sources' access date; `progress` shows bars (None: only
    on a terminal).
    """
    report = ImportReport(path=str(path))
    try:
        source_file = StateYearFile(path, last_year=now.year)
        parsed = _parse(source_file, report, progress=progress)
    except CowFileError as error:
        raise CowImportError(str(error)) from error
    with transaction.atomic():
        organisations = _organisations(parsed, report, now=now)
        planned = _plan(parsed, organisations)
        to_create = _select(planned, report, organisations)
        _create(to_create, parsed, report, now=now, progress=progress)
        if report.organisations_created or to_create:  # bulk writes send no signals: count them here
            versions.bump()
    if log is not None:
        for line in report.lines():
            log(line)
    return report


def _parse(source_file: StateYearFile, report: ImportReport, *, progress: bool | None) -> _Parsed:
    member_ids = dict(Member.objects.values_list("code", "id"))
    carriers: dict[int, list[tuple[int, int | None, str]]] = defaultdict(list)
    for row in crosswalk():
        carriers[row.cow_code].append((row.first_year, row.last_year, row.member_code))
    width = len(source_file.ionames)
    parsed = _Parsed(source_file.ionames, {}, defaultdict(set), [None] * width, [None] * width)
    zeros = absent = 0
    bar = tqdm(source_file, desc="Reading", unit=" rows", disable=_disabled(progress), leave=False)
    for row in bar:
        report.rows += 1
        report.cow_states.add(row.ccode)
        member_code = next(
            (
                code
                for first, last, code in carriers[row.ccode]
                if first <= row.year and (last is None or row.year <= last)
            ),
            None,
        )
        if member_code is None:
            raise CowImportError(
                f"{source_file.path}, line {row.line}: COW state {row.ccode} has no member in {row.year} "
                f"(blocs/data/cow_crosswalk.csv)."
            )
        if member_code not in member_ids:
            raise CowImportError(
                f"Member {member_code} (COW state {row.ccode}) is not in the database: run "
                f"`python manage.py bootstrap` first."
            )
        member_id = member_ids[member_code]
        zeros += row.cells.count("0")
        absent += row.cells.count("-1")
        for column, cell in enumerate(row.cells):
            if cell == "-1":
                continue
            first, last = parsed.first_coded[column], parsed.last_coded[column]
            if first is None or row.year < first:
                parsed.first_coded[column] = row.year
            if last is None or row.year > last:
                parsed.last_coded[column] = row.year
            if cell == "0":
                continue
            code = int(cell)
            years = parsed.cells.setdefault((member_id, column), {})
            held = years.get(row.year)
            if held is not None:
                report.merged_cells += 1
                if COW_CODE_RANK[held] >= COW_CODE_RANK[code]:
                    continue
            years[row.year] = code
            parsed.states[(member_id, column)].add(row.ccode)
            report.members.add(member_id)
    report.cells_not_imported["coded 0 (no membership)"] = zeros
    report.cells_not_imported["coded -1 (IGO not in existence)"] = absent
    return parsed


def _organisations(parsed: _Parsed, report: ImportReport, *, now: datetime) -> list[Organisation]:
    """One organisation per IGO column, found (by ionum, then ioname, then slug) or created."""
    by_ionum = {org.cow_ionum: org for org in Organisation.objects.filter(cow_ionum__isnull=False)}
    by_ioname = {org.cow_ioname.lower(): org for org in Organisation.objects.exclude(cow_ioname="")}
    by_slug = {
        org.slug: org
        for org in Organisation.objects.filter(slug__startswith=COW_SLUG_PREFIX).order_by("slug")
    }
    metadata = cow_igos()
    found: dict[int, Organisation] = {}
    new: dict[int, Organisation] = {}
    for column, ioname in enumerate(parsed.ionames):
        igo = metadata.get(ioname.lower())
        slug = f"{COW_SLUG_PREFIX}{ioname.lower()}"
        org = (by_ionum.get(igo.ionum) if igo else None) or by_ioname.get(ioname.lower()) or by_slug.get(slug)
        if org is not None:
            found[column] = org
            if org.slug.startswith(COW_SLUG_PREFIX):
                report.organisations_present += 1
                continue
            report.organisations_attached.append(org.acronym)
            if igo and org.cow_ionum is None:  # complete the curated identifiers, never change them
                org.cow_ionum = igo.ionum
                org.cow_ioname = org.cow_ioname or igo.ioname
                org._history_date = now  # type: ignore[attr-defined]
                org._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
                org.full_clean()
                org.save()
            continue
        new[column] = _new_organisation(ioname, igo, parsed.first_coded[column], parsed.last_coded[column])
    for org in new.values():
        try:
            org.full_clean(validate_constraints=False)  # the database checks them
        except ValidationError as error:
            raise CowImportError(f"IGO {org.cow_ioname}: {'; '.join(error.messages)}") from error
    created = bulk_create_with_history(
        list(new.values()),
        Organisation,
        batch_size=BATCH,
        default_change_reason=CHANGE_REASON,
        default_date=now,
    )
    found.update(zip(new, created, strict=True))
    report.organisations_created = [org.acronym for org in created]
    return [found[column] for column in range(len(parsed.ionames))]


def _new_organisation(ioname: str, igo: Any, first_coded: int | None, last_coded: int | None) -> Organisation:
    # Founding and dissolution years are COW's, widened where the state-year data code the IGO outside
    # them (a few IGOs are coded a year before their founding year or after their death), so that every
    # imported spell lies within the organisation's life.
    known_first = [year for year in (igo.first_year if igo else None, first_coded) if year is not None]
    founded = min(known_first, default=None)
    dissolved = None
    if igo and igo.dead_year is not None:
        dissolved = max(igo.dead_year, last_coded or igo.dead_year)
    categories = [name for name in ("political", "social", "economic") if igo and getattr(igo, name)]
    return Organisation(
        slug=f"{COW_SLUG_PREFIX}{ioname.lower()}",
        acronym=igo.ioname if igo else ioname,
        name=(igo.orgname if igo else "") or ioname,
        full_name=igo.longorgname if igo else "",
        kind=OrganisationKind.OTHER,
        founded_on=date(founded, 1, 1) if founded else None,
        founded_precision=Precision.YEAR if founded else "",
        dissolved_on=date(dissolved, 1, 1) if dissolved else None,
        dissolved_precision=Precision.YEAR if dissolved else "",
        description=(
            f"Imported from the {COW_DATASET} (ioname {igo.ioname if igo else ioname}"
            + (f", ionum {igo.ionum}" if igo else "")
            + (f"; COW categories: {', '.join(categories)}" if categories else "")
            + "). Year-precision founding and dissolution dates."
        ),
        cow_ioname=igo.ioname if igo else ioname,
        cow_ionum=igo.ionum if igo else None,
    )


def _plan(parsed: _Parsed, organisations: list[Organisation]) -> list[_Planned]:
    planned: list[_Planned] = []
    for (member_id, column), years in parsed.cells.items():
        runs: list[list[int]] = []  # [first year, last year, code]
        for year in sorted(years):
            code = years[year]
            if runs and runs[-1][1] == year - 1 and runs[-1][2] == code:
                runs[-1][1] = year
            else:
                runs.append([year, year, code])
        for index, (first, last, code) in enumerate(runs):
            followed = index + 1 < len(runs) and runs[index + 1][0] == last + 1
            planned.append(
                _Planned(
                    organisations[column],
                    column,
                    member_id,
                    code,
                    first,
                    last,
                    date(first, 1, 1),
                    date(last + 1, 1, 1),
                    EndReason.STATUS_CHANGED if followed else "",
                )
            )
    return planned


def _select(
    planned: list[_Planned], report: ImportReport, organisations: list[Organisation]
) -> list[_Planned]:
    """The planned spells to create: not where curated spells exist, not twice, not outside the
    organisation's life."""
    org_ids = {org.pk for org in organisations}
    from_cow = set(
        Source.objects.filter(url=COW_URL, membership__organisation_id__in=org_ids).values_list(
            "membership_id", flat=True
        )
    )
    existing: dict[tuple[int, int], list[tuple[int, str, date, date | None]]] = defaultdict(list)
    for pk, org_id, member_id, status, start, end in Membership.objects.filter(
        organisation_id__in=org_ids
    ).values_list("id", "organisation_id", "member_id", "status", "start_date", "end_date"):
        existing[(org_id, member_id)].append((pk, status, start, end))
    member_codes = dict(
        Member.objects.filter(pk__in={p.member_id for p in planned}).values_list("id", "code")
    )

    selected: list[_Planned] = []
    for cow_spell in planned:
        spell = cow_spell.within_life()
        if spell is None:
            report.spells_not_imported["outside the dates of a curated organisation"] += 1
            continue
        if spell != cow_spell:
            report.spells_clipped += 1
        pair = existing.get((spell.organisation.pk, spell.member_id), [])
        if any(pk not in from_cow for pk, *_ in pair):
            report.spells_not_imported["left to curated spells of the same organisation and member"] += 1
            report.curated_pairs[spell.organisation.acronym].add(member_codes[spell.member_id])
            if _collides(spell):
                report.curated_overlaps += 1
            continue
        if any(
            (status, start, end) == (spell.status, spell.start, spell.end) for _, status, start, end in pair
        ):
            report.spells_not_imported["already imported"] += 1
            continue
        if pair and _collides(spell):
            report.spells_not_imported["overlapping a differing spell of an earlier COW import"] += 1
            continue
        selected.append(spell)
    return selected


def _collides(planned: _Planned) -> bool:
    """Whether a stored spell of the same organisation, member and family shares a day with it."""
    return Membership.objects.colliding_with(_membership(planned)).exists()


def _membership(planned: _Planned) -> Membership:
    return Membership(
        organisation=planned.organisation,
        member_id=planned.member_id,
        status=planned.status,
        start_date=planned.start,
        start_precision=planned.start_precision,
        end_date=planned.end,
        end_precision=planned.end_precision,
        end_reason=planned.end_reason,
    )


def _create(
    planned: list[_Planned], parsed: _Parsed, report: ImportReport, *, now: datetime, progress: bool | None
) -> None:
    bar = tqdm(total=len(planned), desc="Writing", unit=" spells", disable=_disabled(progress), leave=False)
    for batch in _batches(planned, BATCH):
        spells = [_membership(spell) for spell in batch]
        for spell in spells:
            spell.clean()
        created = bulk_create_with_history(
            spells, Membership, batch_size=BATCH, default_change_reason=CHANGE_REASON, default_date=now
        )
        sources = [
            Source(
                membership_id=membership.pk,
                url=COW_URL,
                title=f"{COW_DATASET}, state-year file ({COW_CITATION})",
                publisher=COW_PUBLISHER,
                accessed_on=now.date(),
                note=_note(spell, parsed),
            )
            for spell, membership in zip(batch, created, strict=True)
        ]
        bulk_create_with_history(
            sources, Source, batch_size=BATCH, default_change_reason=CHANGE_REASON, default_date=now
        )
        report.spells_created.update(spell.status for spell in batch)
        report.sources_created += len(sources)
        bar.update(len(batch))
    bar.close()


def _note(spell: _Planned, parsed: _Parsed) -> str:
    years = (
        f"{spell.first_year}"
        if spell.first_year == spell.last_year
        else f"{spell.first_year}-{spell.last_year}"
    )
    states = ", ".join(str(code) for code in sorted(parsed.states[(spell.member_id, spell.column)]))
    return (
        f"COW IGO v3 state-year data: column {parsed.ionames[spell.column]}, COW state {states}, "
        f"code {spell.code} ({Status(spell.status).label}) in {years}."
    )


def _batches(items: list[_Planned], size: int) -> Iterable[list[_Planned]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _disabled(progress: bool | None) -> bool | None:
    # tqdm's disable=None means "only on a terminal".
    return None if progress is None else not progress
