"""Derive `blocs/data/cow_crosswalk.csv`: which Member code carries each COW state code, in which years.

Run from the project folder: `python scripts/derive_cow_crosswalk.py`. The output is committed; this script
documents how it was made. Names are matched with pycountry; the cases below, where a name match is wrong
or a COW code spans several ISO codes over time, are decided explicitly.
"""

import csv
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
STATES = ROOT / "data" / "cow" / "states2016.csv"
OUT = ROOT / "blocs" / "data" / "cow_crosswalk.csv"

# COW code -> [(member code, first year, last year or None, note)]. A member code starting with "COW-"
# is a state that ISO 3166 never coded; the tracker names it by its COW abbreviation.
DECIDED: dict[int, list[tuple[str, int | None, int | None, str]]] = {
    56: [("LCA", None, None, "")],
    57: [("VCT", None, None, "")],
    58: [("ATG", None, None, "")],
    60: [("KNA", None, None, "")],
    255: [("DEU", None, None, "Germany before 1945 and from reunification (1990-10-03)")],
    260: [("DEU", None, None, "ISO's DE/DEU continues the Federal Republic of Germany")],
    265: [("DDR", None, None, "ISO 3166-3 DDDE")],
    315: [("CSK", None, None, "ISO 3166-3 CSHH")],
    316: [("CZE", None, None, "")],
    341: [("MNE", None, None, "")],
    343: [("MKD", None, None, "")],
    345: [
        ("YUG", None, 2002, "Yugoslavia (SFRY, then FRY) until ISO withdrew YU in 2003"),
        ("SCG", 2003, 2005, "Serbia and Montenegro, 2003-02-04 to 2006-06-03"),
        ("SRB", 2006, None, "COW continues Yugoslavia's code 345 with Serbia"),
    ],
    347: [("XKX", None, None, "Kosovo: XKX is a user-assigned code (EU, World Bank), not ISO")],
    365: [
        ("RUS", None, 1922, "Russian Empire and Soviet Russia before the USSR (1922-12-30)"),
        ("SUN", 1923, 1991, "USSR, ISO 3166-3 SUHH"),
        ("RUS", 1992, None, "Russian Federation, continuing the USSR's seat"),
    ],
    402: [("CPV", None, None, "")],
    437: [("CIV", None, None, "")],
    490: [("COD", None, None, "Zaire (ISO 3166-3 ZRCD) 1971-1997 is the same state")],
    572: [("SWZ", None, None, "Swaziland, now Eswatini")],
    640: [("TUR", None, None, "")],
    678: [("YEM", None, None, "ISO's YE/YEM continues the Yemen Arab Republic")],
    679: [("YEM", None, None, "")],
    680: [("YMD", None, None, "ISO 3166-3 YDYE")],
    730: [("COW-KOR", None, None, "Korea (Joseon/Korean Empire), never ISO-coded")],
    731: [("PRK", None, None, "")],
    732: [("KOR", None, None, "")],
    816: [
        ("VDR", None, 1975, "Democratic Republic of Viet-Nam, ISO 3166-3 VDVN"),
        ("VNM", 1976, None, "ISO's VN/VNM continues for unified Viet Nam (1976-07-02)"),
    ],
    817: [("VNM", None, None, "ISO's VN/VNM was the Republic of Viet-Nam's code until 1976")],
    835: [("BRN", None, None, "")],
    860: [("TLS", None, None, "")],
}
NEVER_ISO = {240, 245, 267, 269, 271, 273, 275, 280, 300, 327, 329, 332, 335, 337, 511}


def main() -> None:
    # One row per spell in the state system: a state absent for a while (Germany 1945-1990) has
    # no member for those years.
    states: dict[int, dict] = {}
    with STATES.open(newline="") as handle:
        for row in csv.DictReader(handle):
            entry = states.setdefault(
                int(row["ccode"]),
                {"abbrev": row["stateabb"], "name": row["statenme"], "spells": []},
            )
            entry["spells"].append((int(row["styear"]), int(row["endyear"])))
    rows = []
    for code, entry in sorted(states.items()):
        if code in DECIDED:
            targets = DECIDED[code]
        elif code in NEVER_ISO:
            targets = [(f"COW-{entry['abbrev']}", None, None, "never ISO-coded")]
        else:
            targets = [(pycountry.countries.lookup(entry["name"]).alpha_3, None, None, "")]
        for member, target_first, target_last, note in targets:
            for start, end in entry["spells"]:
                first = max(target_first or start, start)
                last = min(target_last or end, end)
                if first > last:
                    continue
                rows.append(
                    {
                        "cow_code": code,
                        "cow_abbrev": entry["abbrev"],
                        "cow_name": entry["name"],
                        "member_code": member,
                        "first_year": first,
                        "last_year": "" if last >= 2016 else last,
                        "note": note,
                    }
                )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows written to {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
