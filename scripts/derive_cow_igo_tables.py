"""Derive `blocs/data/cow_igos.csv` and `blocs/data/cow_igo_states.csv` from the COW IGO v3 files.

Run from the project folder: `python scripts/derive_cow_igo_tables.py`. The outputs are committed; this
script documents how they were made.

- `cow_igos.csv`: one row per IGO: `ioname` as COW spells it (ACPEU, AfDB, Mercosur), `ionum`, COW's short
  and long names, founding and dissolution years (`sdate`, `deaddate`), the row version, the political /
  social / economic flags, and the column position of the IGO in the state-year file (COW's order, which
  the exports keep). Metadata comes from the IGO-year file's last row for each IGO (the rows of one IGO can
  carry different versions of it).
- `cow_igo_states.csv`: one row per COW state: its code, the lower-case name COW uses for it in the IGO
  files (`usa`, `domrepublic`, `wgermany`) and its column position in the IGO-year file.
"""

import csv
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE_YEAR = ROOT / "data" / "cow" / "state_year_format3.csv.gz"
IGO_YEAR = ROOT / "data" / "cow" / "igo_year_format3.csv.gz"
IGOS_OUT = ROOT / "blocs" / "data" / "cow_igos.csv"
STATES_OUT = ROOT / "blocs" / "data" / "cow_igo_states.csv"
METADATA = ["sdate", "deaddate", "dead", "integrated", "replaced", "longorgname", "ionum", "igocode"]


def _version(raw: str) -> str:
    # COW stores versions as single-precision floats (2.0999999046325684): round to one decimal.
    return f"{float(raw):.1f}" if raw else ""


def main() -> None:
    with gzip.open(STATE_YEAR, "rt", newline="") as handle:
        reader = csv.reader(handle)
        state_year_header = next(reader)
        state_names: dict[int, str] = {}
        for row in reader:
            state_names.setdefault(int(row[0]), row[2])
    igo_columns = {name: index for index, name in enumerate(state_year_header[3:])}

    with gzip.open(IGO_YEAR, "rt", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames = list(reader.fieldnames or [])
        igo_year_states = fieldnames[3 : fieldnames.index("sdate")]
        last_rows: dict[str, dict[str, str]] = {}
        for row in reader:
            last_rows[row["ioname"]] = row

    igos = []
    for ioname, row in last_rows.items():
        igos.append(
            {
                "ioname": ioname,
                "ionum": row["ionum"],
                "orgname": row["orgname"].strip(),
                "longorgname": row["longorgname"].strip(),
                "sdate": row["sdate"],
                "deaddate": row["deaddate"],
                "version": _version(row["version"]),
                "political": row["political"],
                "social": row["social"],
                "economic": row["economic"],
                "column": igo_columns[ioname.lower()],
            }
        )
    igos.sort(key=lambda igo: igo["column"])
    with IGOS_OUT.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(igos[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(igos)

    by_name = {name: code for code, name in state_names.items()}
    states = [
        {"ccode": by_name[name], "igo_name": name, "column": index}
        for index, name in enumerate(igo_year_states)
    ]
    states.sort(key=lambda state: state["ccode"])
    with STATES_OUT.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(states[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(states)
    print(f"{len(igos)} IGOs and {len(states)} states written", file=sys.stderr)


if __name__ == "__main__":
    main()
