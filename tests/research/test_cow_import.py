"""Importing COW IGO v3 from its state-year file (the committed slice of the real file)."""

from datetime import date

import pytest

from blocs.models import Membership, Organisation, Source
from blocs.research.cow import COW_URL
from blocs.research.cow_import import import_cow_igo
from tests.research.conftest import NOW, STATE_YEAR_SLICE


def spells_of(slug: str, code: str) -> list[tuple[str, date, date | None]]:
    return list(
        Membership.objects.filter(organisation__slug=slug, member__code=code)
        .order_by("start_date")
        .values_list("status", "start_date", "end_date")
    )


@pytest.mark.django_db
class TestImportedOrganisations:
    def test_every_igo_column_becomes_an_organisation_with_cow_identifiers(self, cow_slice):
        un = Organisation.objects.get(slug="cow-un")

        assert (un.cow_ioname, un.cow_ionum, un.name) == ("UN", 4400, "United Nations")
        assert len(cow_slice.organisations_created) == 14

    def test_founding_and_dissolution_years_come_from_cow_with_year_precision(self, cow_slice):
        oau = Organisation.objects.get(slug="cow-oau")

        assert (oau.founded_on, oau.founded_precision, oau.dissolved_on, oau.dissolved_precision) == (
            date(1963, 1, 1),
            "year",
            date(2002, 1, 1),
            "year",
        )

    def test_an_igo_founded_before_1816_keeps_its_founding_year(self, cow_slice):
        assert Organisation.objects.get(slug="cow-ccnr").founded_on == date(1815, 1, 1)


@pytest.mark.django_db
class TestImportedSpells:
    def test_a_run_of_years_becomes_one_year_precision_spell(self, cow_slice):
        spell = Membership.objects.get(organisation__slug="cow-un", member__code="USA")

        assert (spell.start_date, spell.start_precision, spell.end_date, spell.end_precision) == (
            date(1945, 1, 1),
            "year",
            date(2015, 1, 1),
            "year",
        )

    def test_a_state_joins_when_it_enters_the_state_system(self, cow_slice):
        assert spells_of("cow-un", "IND") == [("member", date(1947, 1, 1), date(2015, 1, 1))]

    def test_cow_365_is_the_ussr_from_1923_to_1991_and_russia_after(self, cow_slice):
        assert spells_of("cow-un", "SUN") == [("member", date(1945, 1, 1), date(1992, 1, 1))]
        assert spells_of("cow-un", "RUS") == [("member", date(1992, 1, 1), date(2015, 1, 1))]

    def test_serbia_continues_yugoslavias_code_345(self, cow_slice):
        assert spells_of("cow-un", "SCG") == [("member", date(2003, 1, 1), date(2006, 1, 1))]
        assert spells_of("cow-un", "SRB") == [("member", date(2006, 1, 1), date(2015, 1, 1))]

    def test_germany_is_a_un_member_from_1965_as_cow_codes_it(self, cow_slice):
        # COW's known quirk (both Germanies joined in 1973): the import keeps COW's coding.
        assert spells_of("cow-un", "DEU") == [("member", date(1965, 1, 1), date(2015, 1, 1))]

    def test_missing_data_becomes_an_unknown_spell(self, cow_slice):
        assert ("unknown", date(1991, 1, 1), date(1995, 1, 1)) in spells_of("cow-rcfc", "COG")

    def test_associate_and_observer_codes_become_their_statuses(self, cow_slice):
        assert spells_of("cow-ecsc", "CHE")[0][0] == "associate"
        assert {status for status, *_ in spells_of("cow-coe", "USA")} == {"observer"}

    def test_a_change_of_code_shares_one_date_and_says_so(self, cow_slice):
        spells = Membership.objects.filter(organisation__slug="cow-cis", member__code="TKM").order_by(
            "start_date"
        )

        first, second = spells[0], spells[1]

        assert first.end_date == second.start_date
        assert first.end_reason == "status_changed"

    def test_every_spell_has_one_cow_source_naming_the_dataset_and_its_version(self, cow_slice):
        imported = Membership.objects.filter(organisation__slug__startswith="cow-")

        sources = Source.objects.filter(membership__in=imported)

        assert sources.count() == imported.count() == sum(cow_slice.spells_created.values())
        assert set(sources.values_list("url", flat=True)) == {COW_URL}
        assert all(
            "version 3.0" in title and "Pevehouse" in title
            for title in sources.values_list("title", flat=True)
        )

    def test_history_records_every_row_at_the_moment_of_the_import(self, cow_slice):
        records = Membership.history.filter(organisation__slug__startswith="cow-")

        assert records.count() == Membership.objects.filter(organisation__slug__startswith="cow-").count()
        assert set(records.values_list("history_date", flat=True)) == {NOW}


@pytest.mark.django_db
class TestImportIsIdempotent:
    def test_a_second_import_creates_nothing(self, cow_slice):
        history = Membership.history.count() + Source.history.count() + Organisation.history.count()

        report = import_cow_igo(STATE_YEAR_SLICE, now=NOW, progress=False)

        assert report.created == 0
        assert report.spells_not_imported["already imported"] == sum(cow_slice.spells_created.values())
        assert Membership.history.count() + Source.history.count() + Organisation.history.count() == history

    def test_a_deleted_imported_spell_comes_back_and_nothing_else(self, cow_slice):
        Membership.objects.get(organisation__slug="cow-un", member__code="IND").delete()

        report = import_cow_igo(STATE_YEAR_SLICE, now=NOW, progress=False)

        assert sum(report.spells_created.values()) == 1
        assert spells_of("cow-un", "IND") == [("member", date(1947, 1, 1), date(2015, 1, 1))]
