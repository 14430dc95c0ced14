"""Import the full COW IGO v3 state-year file, export the year tables, and measure the round trip.

Prints the import times (first run, and a second run that must create nothing), the export times and
sizes, the peak Python memory of a state-year export for a short and a long year range (it must not grow
with the rows), and how many cells of COW's own IGO-year file the IGO-year export for 1816-2014
reproduces, with every disagreement put down to its cause. Run from the project folder on an EMPTY
database (it migrates it):

    DJANGO_SECRET_KEY=x DATABASE_URL=sqlite:////tmp/cow.sqlite3 python benchmarks/cow_round_trip.py
    DJANGO_SECRET_KEY=x DATABASE_URL=postgres://postgres@127.0.0.1:5432/<empty database> \
        python benchmarks/cow_round_trip.py

`--curated` loads the curated fixtures first (as `bootstrap` does), so that curated spells win where
they exist; without it only the members are seeded and the round trip is COW's data alone.
"""

import argparse
import csv
import gzip
import io
import os
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from blocs import clock  # noqa: E402
from blocs.bootstrap import LoadReport, bootstrap, seed_members  # noqa: E402
from blocs.models import Organisation  # noqa: E402
from blocs.querysets import years_touched  # noqa: E402
from blocs.research.cow import cow_states, state_system  # noqa: E402
from blocs.research.cow_import import SLUG_PREFIX, import_cow_igo  # noqa: E402
from blocs.research.year_table_files import YearTableExport  # noqa: E402
from blocs.research.year_tables import year_table  # noqa: E402

STATE_YEAR = ROOT / "data" / "cow" / "state_year_format3.csv.gz"
IGO_YEAR = ROOT / "data" / "cow" / "igo_year_format3.csv.gz"
CODES = {"0", "1", "2", "3", "-9"}


def timed(label: str, table: str, first: int, last: int) -> bytes:
    started = time.perf_counter()
    data = b"".join(
        YearTableExport(year_table(table, now=clock.now(), first_year=first, last_year=last)).csv_chunks()
    )
    print(f"{label}: {time.perf_counter() - started:.1f} s, {len(data) / 1e6:.1f} MB")
    return data


def peak_memory(table: str, first: int, last: int) -> float:
    tracemalloc.start()
    size = 0
    for chunk in YearTableExport(
        year_table(table, now=clock.now(), first_year=first, last_year=last)
    ).csv_chunks():
        size += len(chunk)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"  {table} {first}-{last}: {size / 1e6:.1f} MB written, peak Python memory {peak / 1e6:.1f} MB")
    return peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--curated", action="store_true", help="load the curated fixtures first")
    args = parser.parse_args()
    print(f"database: {connection.vendor}, {os.cpu_count()} cores")
    call_command("migrate", verbosity=0)
    if args.curated:
        bootstrap()
    else:
        seed_members(LoadReport())

    started = time.perf_counter()
    report = import_cow_igo(STATE_YEAR, now=clock.now(), progress=False)
    print(f"import: {time.perf_counter() - started:.1f} s, {sum(report.spells_created.values()):,} spells")
    started = time.perf_counter()
    again = import_cow_igo(STATE_YEAR, now=clock.now(), progress=False)
    print(f"second import: {time.perf_counter() - started:.1f} s, {again.created} rows created")

    igo_year = timed("IGO-year export 1816-2014", "igo-year", 1816, 2014)
    timed("state-year export 1816-2014", "state-year", 1816, 2014)
    timed("dyad-year export 1816-1950", "dyad-year", 1816, 1950)
    print("memory of a streamed export:")
    peak_memory("state-year", 2000, 2014)
    peak_memory("state-year", 1816, 2014)
    compare(igo_year.decode())


def compare(exported: str) -> None:
    rows = csv.reader(io.StringIO(exported))
    header = next(rows)
    units = header[3:-2]
    ours = {
        (row[0].lower(), int(row[2]), unit): value
        for row in rows
        for unit, value in zip(units, row[3:-2], strict=False)
    }
    ccode_of = {state.igo_name: code for code, state in cow_states().items()}
    with gzip.open(STATE_YEAR, "rt", newline="") as handle:
        reader = csv.reader(handle)
        columns = next(reader)[3:]
        state_year = {
            (ioname, int(row[1]), row[2]): value
            for row in reader
            for ioname, value in zip(columns, row[3:], strict=False)
        }
    in_system = {
        (code, year)
        for code, spells in state_system().items()
        for start, end in spells
        for year in years_touched(start, end, "any", 1816, 2014)
    }
    curated = {
        org.cow_ioname.lower()
        for org in Organisation.objects.exclude(cow_ioname="").exclude(slug__startswith=SLUG_PREFIX)
    }
    agree = total = 0
    why: Counter[str] = Counter()
    with gzip.open(IGO_YEAR, "rt", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        states = header[3 : header.index("sdate")]
        for row in reader:
            ioname, year = row[0].lower(), int(row[2])
            for state, value in zip(states, row[3:], strict=False):
                if value not in CODES:
                    continue
                total += 1
                mine = ours.get((ioname, year, state), "no row")
                if mine == value:
                    agree += 1
                    continue
                original = state_year.get((ioname, year, state))
                if ioname in curated:
                    why["a curated organisation: its curated spells and dates win"] += 1
                elif (ccode_of[state], year) not in in_system:
                    why[
                        f"the IGO-year file codes {value} for a state outside the state system (export: -1)"
                    ] += 1
                elif original is None:
                    why[
                        "the state-year file has no row for this state in the system that year (GDR 1990)"
                    ] += 1
                elif original == "-1":
                    why["COW's two files disagree: the state-year file says the IGO did not exist"] += 1
                elif original != value:
                    why["COW's two files disagree: the state-year file holds another code"] += 1
                else:
                    why[f"unexplained: COW {value}, export {mine}"] += 1
    print(f"round trip: {agree:,} of {total:,} cells holding 0, 1, 2, 3 or -9 reproduced")
    print(f"  agreement {100 * agree / total:.2f}%")
    for reason, count in why.most_common():
        print(f"  {count:8,} {reason}")


if __name__ == "__main__":
    main()
