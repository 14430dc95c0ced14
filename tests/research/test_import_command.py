"""Importing COW IGO v3 next to curated data, and the command around the import."""

import gzip
import io
import shutil

import pytest
from django.core.management import call_command

from blocs.models import Membership, Organisation
from blocs.research.cow import COW_URL
from blocs.research.cow_import import import_cow_igo
from tests.conftest import load_reference_data
from tests.research.conftest import NOW, STATE_YEAR_SLICE


@pytest.mark.django_db
class TestCuratedSpellsWin:
    def test_the_import_attaches_to_a_curated_organisation_and_leaves_its_spells_alone(self):
        load_reference_data("nato.yaml")
        curated = list(Membership.objects.filter(organisation__slug="nato").values_list("pk", "end_date"))

        report = import_cow_igo(STATE_YEAR_SLICE, now=NOW, progress=False)

        assert "NATO" in report.organisations_attached
        assert not Organisation.objects.filter(slug="cow-nato").exists()
        assert (
            list(Membership.objects.filter(organisation__slug="nato").values_list("pk", "end_date"))
            == curated
        )

    def test_the_overlap_is_reported_instead_of_failing(self):
        load_reference_data("nato.yaml")

        report = import_cow_igo(STATE_YEAR_SLICE, now=NOW, progress=False)

        assert report.curated_pairs["NATO"] >= {"USA", "CAN", "FRA", "GBR"}
        assert report.curated_overlaps >= 4
        assert any("Curated spells win" in line and "NATO" in line for line in report.lines())

    def test_cow_spells_of_members_the_curated_record_does_not_cover_are_imported(self):
        load_reference_data("nato.yaml")

        import_cow_igo(STATE_YEAR_SLICE, now=NOW, progress=False)

        imported = Membership.objects.filter(organisation__slug="nato", sources__url=COW_URL)
        assert not imported.filter(member__code__in=["USA", "CAN", "FRA", "GBR", "DEU"]).exists()


@pytest.mark.django_db
class TestCommand:
    def test_reads_a_gzipped_file_and_prints_a_summary(self, tmp_path):
        load_reference_data()
        packed = tmp_path / "state_year.csv.gz"
        with STATE_YEAR_SLICE.open("rb") as source, gzip.open(packed, "wb") as target:
            shutil.copyfileobj(source, target)
        out = io.StringIO()

        call_command("import_cow_igo", str(packed), stdout=out)

        summary = out.getvalue()
        assert "Organisations: 14 created" in summary
        assert "Spells created: 88" in summary
        assert "coded 0 (no membership)" in summary and "coded -1 (IGO not in existence)" in summary

    def test_shows_no_progress_bar_when_not_on_a_terminal(self, capsys):
        load_reference_data()

        call_command("import_cow_igo", str(STATE_YEAR_SLICE), stdout=io.StringIO())

        assert "Reading" not in capsys.readouterr().err

    def test_a_second_run_says_there_is_nothing_to_do(self):
        load_reference_data()
        call_command("import_cow_igo", str(STATE_YEAR_SLICE), stdout=io.StringIO())
        out = io.StringIO()

        call_command("import_cow_igo", str(STATE_YEAR_SLICE), stdout=out)

        assert "Nothing to do" in out.getvalue()
