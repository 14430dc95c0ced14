"""A bad file gets a clear error naming what is wrong, and nothing is written."""

import gzip
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from blocs.models import Membership, Organisation, Source
from blocs.research import cow_import
from tests.conftest import load_reference_data
from tests.research.conftest import IGO_YEAR_SLICE, STATE_YEAR_SLICE

HEADER = "ccode,year,state,un,nato\n"


def written() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        Source.objects.count(),
        Organisation.history.count(),
        Membership.history.count(),
        Source.history.count(),
    )


def file_with(tmp_path: Path, text: str, name: str = "state_year.csv") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.fixture
def members(db):
    load_reference_data()
    return written()


@pytest.mark.django_db
class TestBadFiles:
    def test_a_missing_file(self, members, tmp_path):
        with pytest.raises(CommandError, match=r"Nothing was imported: .*missing\.csv: cannot read it"):
            call_command("import_cow_igo", str(tmp_path / "missing.csv"))

        assert written() == members

    def test_a_folder(self, members, tmp_path):
        with pytest.raises(CommandError, match="cannot read it"):
            call_command("import_cow_igo", str(tmp_path))

        assert written() == members

    def test_a_binary_file(self, members, tmp_path):
        path = tmp_path / "state_year.csv"
        path.write_bytes(b"\xff\xfe\x00\x01garbage\x80\x81")

        with pytest.raises(CommandError, match="not a readable CSV file"):
            call_command("import_cow_igo", str(path))

        assert written() == members

    def test_a_truncated_gzip_file(self, members, tmp_path):
        path = tmp_path / "state_year.csv.gz"
        path.write_bytes(gzip.compress(STATE_YEAR_SLICE.read_bytes())[:5000])

        with pytest.raises(CommandError, match="cannot read it past line"):
            call_command("import_cow_igo", str(path))

        assert written() == members

    def test_an_empty_file(self, members, tmp_path):
        with pytest.raises(CommandError, match="the file is empty"):
            call_command("import_cow_igo", file_with(tmp_path, ""))

        assert written() == members

    def test_the_igo_year_layout_is_recognised_and_refused(self, members):
        with pytest.raises(CommandError, match="expected the COW state-year layout.*looks like the IGO-year"):
            call_command("import_cow_igo", str(IGO_YEAR_SLICE))

        assert written() == members

    def test_a_header_without_igo_columns(self, members, tmp_path):
        with pytest.raises(CommandError, match="names no IGO column"):
            call_command("import_cow_igo", file_with(tmp_path, "ccode,year,state\n2,1990,usa\n"))

        assert written() == members

    def test_a_row_of_the_wrong_width(self, members, tmp_path):
        with pytest.raises(CommandError, match="line 3: 4 cells where the header has 5"):
            call_command("import_cow_igo", file_with(tmp_path, HEADER + "2,1990,usa,1,1\n2,1991,usa,1\n"))

        assert written() == members

    def test_an_unknown_cow_state_code(self, members, tmp_path):
        with pytest.raises(CommandError, match="line 3: unknown COW state code 999"):
            call_command(
                "import_cow_igo", file_with(tmp_path, HEADER + "2,1990,usa,1,1\n999,1990,atlantis,1,0\n")
            )

        assert written() == members

    def test_a_cell_that_is_not_a_cow_code(self, members, tmp_path):
        with pytest.raises(CommandError, match="line 2, column nato: '7' is not a COW code"):
            call_command("import_cow_igo", file_with(tmp_path, HEADER + "2,1990,usa,1,7\n"))

        assert written() == members

    def test_a_year_that_is_not_a_number(self, members, tmp_path):
        with pytest.raises(CommandError, match="line 2, column year: 'MCMXC' is not a whole number"):
            call_command("import_cow_igo", file_with(tmp_path, HEADER + "2,MCMXC,usa,1,1\n"))

        assert written() == members

    def test_a_year_before_the_state_system(self, members, tmp_path):
        with pytest.raises(CommandError, match=r"line 2: year 1815 is outside 1816\.\."):
            call_command("import_cow_igo", file_with(tmp_path, HEADER + "2,1815,usa,1,1\n"))

        assert written() == members

    def test_a_second_row_for_the_same_state_and_year(self, members, tmp_path):
        with pytest.raises(CommandError, match="line 3: a second row for state 2 in 1990"):
            call_command("import_cow_igo", file_with(tmp_path, HEADER + "2,1990,usa,1,1\n2,1990,usa,1,1\n"))

        assert written() == members

    def test_a_state_outside_its_years_in_the_crosswalk(self, members, tmp_path):
        with pytest.raises(CommandError, match="line 2: COW state 265 has no member in 1995"):
            call_command("import_cow_igo", file_with(tmp_path, HEADER + "265,1995,egermany,1,1\n"))

        assert written() == members


@pytest.mark.django_db
class TestNothingHalfWritten:
    def test_members_must_be_seeded_first(self):
        with pytest.raises(
            CommandError, match="is not in the database: run `python manage.py bootstrap` first"
        ):
            call_command("import_cow_igo", str(STATE_YEAR_SLICE))

        assert written() == (0, 0, 0, 0, 0, 0)

    def test_a_failure_while_writing_rolls_everything_back(self, members, monkeypatch):
        original = cow_import.bulk_create_with_history

        def fail_on_sources(objs, model, **kwargs):
            if model is Source:
                raise RuntimeError("disk full")
            return original(objs, model, **kwargs)

        monkeypatch.setattr(cow_import, "bulk_create_with_history", fail_on_sources)

        with pytest.raises(RuntimeError, match="disk full"):
            call_command("import_cow_igo", str(STATE_YEAR_SLICE))

        assert written() == members
