"""Round trip: import COW's state-year file, export the IGO-year table, get COW's IGO-year codes back."""

import csv

import pytest

from blocs.research.year_table_files import YearTableExport
from blocs.research.year_tables import year_table
from tests.research.conftest import IGO_YEAR_SLICE, NOW, read_csv

CODES = {"0", "1", "2", "3", "-9"}


def original_cells() -> dict[tuple[str, int, str], str]:
    with IGO_YEAR_SLICE.open(newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    states = header[3 : header.index("sdate")]
    return {
        (row[0], int(row[2]), state): value
        for row in rows[1:]
        for state, value in zip(states, row[3:], strict=False)
        if value in CODES
    }


@pytest.mark.django_db
class TestRoundTrip:
    def test_the_igo_year_export_reproduces_every_cow_code_of_the_slice(self, cow_slice):
        original = original_cells()
        states = sorted({state for _, _, state in original})
        ionames = sorted({ioname for ioname, _, _ in original})
        request = year_table(
            "igo-year", now=NOW, first_year=1816, last_year=2014, organisations=ionames, members=None
        )

        rows = read_csv(b"".join(YearTableExport(request).csv_chunks()))

        header = rows[0]
        exported = {
            (row[0], int(row[2]), state): row[header.index(state)] for row in rows[1:] for state in states
        }
        different = {
            cell: (code, exported.get(cell)) for cell, code in original.items() if exported.get(cell) != code
        }
        assert len(original) > 7000
        assert different == {}

    def test_the_slice_holds_every_kind_of_code(self, cow_slice):
        assert set(original_cells().values()) == CODES
