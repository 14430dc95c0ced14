"""Members seeded from ISO 3166 (pycountry) and the COW state system, never typed by hand.

- every current ISO 3166-1 entry: a `state` when the COW state system (or the short list below) counts it
  as one, a `territory` otherwise;
- the ISO 3166-3 entries of states and territories that no longer exist (SUN, YUG, CSK, DDR, ...);
  a 3166-3 entry that only renamed a state that goes on (Burma -> Myanmar) is not a member of its own:
  its code is kept in the successor's `former_codes`;
- Kosovo (XKX) and the states that ISO never coded (Bavaria, Hanover, ...) from the COW crosswalk.

COW codes come from `blocs/data/cow_crosswalk.csv` (derived by `scripts/derive_cow_crosswalk.py`). One COW
code can map to several members over time (345: YUG, SCG, SRB), so the crosswalk is keyed by year.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry

from blocs.choices import MemberKind

CROSSWALK = Path(__file__).resolve().parent / "data" / "cow_crosswalk.csv"

# ISO 3166-3 entries that renamed a state or territory which goes on under a current code.
RENAMED: dict[str, str] = {
    "AFI": "DJI",  # French Afars and Issas -> Djibouti (1977)
    "BUR": "MMR",  # Burma -> Myanmar (1989)
    "BYS": "BLR",  # Byelorussian SSR -> Belarus (1991)
    "DHY": "BEN",  # Dahomey -> Benin (1975)
    "HVO": "BFA",  # Upper Volta -> Burkina Faso (1984)
    "NHB": "VUT",  # New Hebrides -> Vanuatu (1980)
    "RHO": "ZWE",  # Southern Rhodesia -> Zimbabwe (1980)
    "TMP": "TLS",  # East Timor -> Timor-Leste (2002)
    "ZAR": "COD",  # Zaire -> Democratic Republic of the Congo (1997)
}

# States that the COW state system (which ends in 2016) does not list.
STATES_OUTSIDE_COW: dict[str, str] = {
    "PSE": "UN non-member observer state since 2012",
    "VAT": "the Holy See, a UN non-member observer state",
}

# Names as people write them, where ISO's reference name is inverted or long.
SHORT_NAMES: dict[str, str] = {
    "COD": "Democratic Republic of the Congo",
    "FLK": "Falkland Islands",
    "FSM": "Micronesia",
    "MAF": "Saint Martin",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SXM": "Sint Maarten",
    "VAT": "Holy See",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
    "SUN": "Soviet Union",
    "YUG": "Yugoslavia",
    "CSK": "Czechoslovakia",
    "DDR": "German Democratic Republic",
    "VDR": "Democratic Republic of Viet-Nam",
    "YMD": "People's Democratic Republic of Yemen",
}
# Official names that take a side in a dispute are left out.
NO_OFFICIAL_NAME = {"TWN"}


@dataclass(frozen=True)
class CrosswalkRow:
    cow_code: int
    cow_abbrev: str
    cow_name: str
    member_code: str
    first_year: int
    last_year: int | None
    note: str

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


@dataclass
class MemberRecord:
    """The fields of one seeded member."""

    code: str
    name: str
    kind: str
    historical: bool = False
    official_name: str = ""
    iso2: str = ""
    iso_numeric: str = ""
    cow_code: int | None = None
    cow_abbrev: str = ""
    former_codes: list[str] = field(default_factory=list)

    def as_fields(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "historical": self.historical,
            "official_name": self.official_name,
            "iso2": self.iso2,
            "iso_numeric": self.iso_numeric,
            "cow_code": self.cow_code,
            "cow_abbrev": self.cow_abbrev,
            "former_codes": ",".join(self.former_codes),
        }


@cache
def crosswalk() -> tuple[CrosswalkRow, ...]:
    with CROSSWALK.open(newline="") as handle:
        return tuple(
            CrosswalkRow(
                cow_code=int(row["cow_code"]),
                cow_abbrev=row["cow_abbrev"],
                cow_name=row["cow_name"],
                member_code=row["member_code"],
                first_year=int(row["first_year"]),
                last_year=int(row["last_year"]) if row["last_year"] else None,
                note=row["note"],
            )
            for row in csv.DictReader(handle)
        )


def member_code_for(cow_code: int, year: int) -> str | None:
    """The member that carries COW state `cow_code` in `year` (None when the crosswalk has none)."""
    for row in crosswalk():
        if row.cow_code == cow_code and row.covers(year):
            return row.member_code
    return None


def _cow_identity(code: str) -> CrosswalkRow | None:
    """The COW state a member is best known by: its latest crosswalk row."""
    rows = [row for row in crosswalk() if row.member_code == code]
    return max(rows, key=lambda row: (row.last_year or 9999, row.first_year)) if rows else None


def member_records() -> list[MemberRecord]:
    """Every member the seed creates, in code order."""
    current_cow_states = {row.member_code for row in crosswalk() if row.last_year is None}
    records: dict[str, MemberRecord] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        is_state = code in current_cow_states or code in STATES_OUTSIDE_COW
        records[code] = MemberRecord(
            code=code,
            name=SHORT_NAMES.get(code) or getattr(country, "common_name", None) or country.name,
            kind=MemberKind.STATE if is_state else MemberKind.TERRITORY,
            official_name=""
            if code in NO_OFFICIAL_NAME
            else getattr(country, "official_name", "") or country.name,
            iso2=country.alpha_2,
            iso_numeric=country.numeric,
        )
    cow_states = {row.member_code for row in crosswalk()}
    for country in pycountry.historic_countries:
        code = country.alpha_3
        if code in RENAMED:
            records[RENAMED[code]].former_codes.append(code)
            continue
        if code in records:  # a 3166-3 entry whose alpha-3 lives on in 3166-1 (ATF)
            continue
        records[code] = MemberRecord(
            code=code,
            name=SHORT_NAMES.get(code) or country.name,
            kind=MemberKind.STATE if code in cow_states else MemberKind.TERRITORY,
            historical=True,
            official_name=country.name,
            iso_numeric=getattr(country, "numeric", "") or "",
        )
    for row in crosswalk():
        if row.member_code not in records:
            records[row.member_code] = MemberRecord(
                code=row.member_code,
                name="Kosovo" if row.member_code == "XKX" else row.cow_name,
                kind=MemberKind.STATE,
                historical=row.last_year is not None,
            )
    for code, record in records.items():
        identity = _cow_identity(code)
        if identity is not None:
            record.cow_code = identity.cow_code
            record.cow_abbrev = identity.cow_abbrev
    return [records[code] for code in sorted(records)]
