"""Cut the small slice of the COW IGO v3 files that the tests import and compare against.

Run from the project folder: `python scripts/make_cow_test_slice.py`. Writes
`tests/research/data/state_year_slice.csv` and `tests/research/data/igo_year_slice.csv`: the same rows and
columns as the originals, restricted to the IGOs and states below (and, in the IGO-year slice, to four of
the metadata columns). They were picked to cover what the
import and the exports must get right: full, associate and observer membership and missing data (-9),
IGOs founded before 1816 (CCNR) and dissolved (OAU, ECSC), one COW code carried by several members over
time (365: Russia, the USSR, Russia; 345: Yugoslavia, Serbia and Montenegro, Serbia), two COW codes for
one member (255 and 260 are both Germany), and COW's Germany-in-the-UN-from-1965 quirk. The script
refuses to write a slice in which the two COW files disagree on a cell of 0, 1, 2, 3 or -9.
"""

import csv
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "cow"
OUT = ROOT / "tests" / "research" / "data"

IGOS = ["UN", "NATO", "OPEC", "ASEAN", "SCO", "EU", "OAU", "AU", "CCNR", "COE", "CIS", "ECSC", "RCFC", "EAEC"]
STATES = [2, 20, 200, 220, 225, 255, 260, 265, 345, 365, 369, 484, 678, 679, 701, 710, 740, 750, 850, 910]


def main() -> None:
    with gzip.open(SOURCE / "state_year_format3.csv.gz", "rt", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        wanted = {name.lower() for name in IGOS}
        igo_columns = [index for index, name in enumerate(header) if index >= 3 and name in wanted]
        state_rows = [row for row in reader if int(row[0]) in STATES]
    names = {int(row[0]): row[2] for row in state_rows}
    state_year = [[header[i] for i in range(3)] + [header[i] for i in igo_columns]]
    state_year += [row[:3] + [row[i] for i in igo_columns] for row in state_rows]

    with gzip.open(SOURCE / "igo_year_format3.csv.gz", "rt", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        metadata_start = header.index("sdate")
        wanted_states = set(names.values())
        state_columns = [i for i in range(3, metadata_start) if header[i] in wanted_states]
        metadata = [header.index(name) for name in ("sdate", "deaddate", "ionum", "version")]
        keep = [0, 1, 2, *state_columns, *metadata]
        igo_year = [[header[i] for i in keep]]
        igo_year += [[row[i] for i in keep] for row in reader if row[0] in IGOS]

    _check(state_year, igo_year)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in (("state_year_slice.csv", state_year), ("igo_year_slice.csv", igo_year)):
        with (OUT / name).open("w", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    print(f"{len(state_year) - 1} state-year rows, {len(igo_year) - 1} IGO-year rows", file=sys.stderr)


def _check(state_year: list[list[str]], igo_year: list[list[str]]) -> None:
    header = state_year[0]
    cells = {
        (io, int(row[1]), row[2]): value
        for row in state_year[1:]
        for io, value in zip(header[3:], row[3:], strict=False)
    }
    igo_header = igo_year[0]
    state_names = igo_header[3 : igo_header.index("sdate")]
    for row in igo_year[1:]:
        for name, value in zip(state_names, row[3:], strict=False):
            if value not in {"0", "1", "2", "3", "-9"}:
                continue
            original = cells.get((row[0].lower(), int(row[2]), name), "no state-year row")
            if original != value and not (value == "0" and original == "-1"):
                sys.exit(f"{row[0]} {row[2]} {name}: IGO-year {value}, state-year {original}")


if __name__ == "__main__":
    main()
