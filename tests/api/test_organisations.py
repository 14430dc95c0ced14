"""GET /api/v1/organisations/ and /api/v1/organisations/{slug}/."""

from datetime import date

import pytest

from blocs.models import OrganisationName
from tests.factories import MemberFactory, OrganisationFactory, spell


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["slug"] for row in response.json())


@pytest.mark.django_db
class TestOrganisationList:
    def test_lists_every_organisation(self, api):
        OrganisationFactory(slug="brics", acronym="BRICS")
        OrganisationFactory(slug="sco", acronym="SCO")

        assert slugs(api.get("/api/v1/organisations/")) == ["brics", "sco"]

    def test_kind_filter(self, api):
        OrganisationFactory(slug="nato", acronym="NATO", kind="security_alliance")
        OrganisationFactory(slug="brics", acronym="BRICS", kind="political_forum")

        response = api.get("/api/v1/organisations/", {"kind": "security_alliance"})

        assert slugs(response) == ["nato"]

    def test_kind_filter_takes_kinds_separated_by_commas(self, api):
        OrganisationFactory(slug="nato", acronym="NATO", kind="security_alliance")
        OrganisationFactory(slug="opec", acronym="OPEC", kind="commodity_producers")
        OrganisationFactory(slug="brics", acronym="BRICS", kind="political_forum")

        response = api.get("/api/v1/organisations/", {"kind": "security_alliance,commodity_producers"})

        assert slugs(response) == ["nato", "opec"]

    def test_q_matches_the_acronym(self, api):
        OrganisationFactory(slug="brics", acronym="BRICS", name="BRICS")
        OrganisationFactory(slug="sco", acronym="SCO", name="Shanghai Cooperation Organisation")

        assert slugs(api.get("/api/v1/organisations/", {"q": "brics"})) == ["brics"]

    def test_q_matches_the_name(self, api):
        OrganisationFactory(slug="brics", acronym="BRICS", name="BRICS")
        OrganisationFactory(slug="sco", acronym="SCO", name="Shanghai Cooperation Organisation")

        assert slugs(api.get("/api/v1/organisations/", {"q": "shanghai"})) == ["sco"]

    def test_q_matches_a_former_name(self, api):
        brics = OrganisationFactory(slug="brics", acronym="BRICS", name="BRICS")
        OrganisationName.objects.create(
            organisation=brics,
            name="BRIC",
            acronym="BRIC",
            start_date=date(2009, 6, 16),
            end_date=date(2010, 12, 23),
        )
        OrganisationFactory(slug="sco", acronym="SCO", name="Shanghai Cooperation Organisation")

        response = api.get("/api/v1/organisations/", {"q": "BRIC"})

        assert slugs(response) == ["brics"]
        assert response.json()[0]["former_names"][0]["name"] == "BRIC"


@pytest.mark.django_db
class TestOrganisationsOfAMemberOnADay:
    @pytest.fixture
    def blocs(self, iran):
        brics = OrganisationFactory(slug="brics", acronym="BRICS")
        spell(brics, iran, date(2024, 1, 1))
        sco = OrganisationFactory(slug="sco", acronym="SCO")
        spell(sco, iran, date(2005, 7, 5), date(2023, 7, 4), status="observer")
        OrganisationFactory(slug="nato", acronym="NATO")
        return {"brics": brics, "sco": sco}

    def test_member_and_on_list_what_it_belonged_to_that_day(self, api, blocs):
        assert slugs(api.get("/api/v1/organisations/", {"member": "IRN", "on": "2024-06-01"})) == ["brics"]

    def test_includes_an_organisation_joined_that_very_day(self, api, blocs):
        assert slugs(api.get("/api/v1/organisations/", {"member": "IRN", "on": "2024-01-01"})) == ["brics"]
        assert slugs(api.get("/api/v1/organisations/", {"member": "IRN", "on": "2023-12-31"})) == []

    def test_counts_member_status_only(self, api, blocs):
        # Iran was an SCO observer on 2020-01-01, not a member.
        assert slugs(api.get("/api/v1/organisations/", {"member": "IRN", "on": "2020-01-01"})) == []

    def test_member_alone_means_today(self, api, blocs):
        assert slugs(api.get("/api/v1/organisations/", {"member": "IRN"})) == ["brics"]

    def test_member_count_counts_every_member_not_only_the_one_asked_about(self, api, blocs):
        spell(blocs["brics"], MemberFactory(code="CHN", name="China"), date(2009, 6, 16))

        (row,) = api.get("/api/v1/organisations/", {"member": "IRN", "on": "2024-06-01"}).json()

        assert row["member_count"] == 2


@pytest.mark.django_db
class TestOrganisationDetail:
    def test_carries_the_member_count_today(self, api, india, iran):
        bloc = OrganisationFactory(slug="brics", acronym="BRICS")
        spell(bloc, india, date(2009, 6, 16))
        spell(bloc, iran, date(2024, 6, 2))  # tomorrow
        spell(bloc, MemberFactory(code="SAU"), date(2024, 1, 1), status="invited")

        response = api.get("/api/v1/organisations/brics/")

        assert response.status_code == 200
        assert response.json()["member_count"] == 1

    def test_names_its_predecessor_by_slug(self, api):
        five = OrganisationFactory(slug="shanghai-five", acronym="S5")
        OrganisationFactory(slug="sco", acronym="SCO", predecessor=five)

        assert api.get("/api/v1/organisations/sco/").json()["predecessor"] == "shanghai-five"

    def test_an_unknown_slug_is_404(self, api, db):
        response = api.get("/api/v1/organisations/nowhere/")

        assert response.status_code == 404


@pytest.mark.django_db
class TestCoverage:
    def test_a_curated_organisation_says_through_which_day_it_was_checked(self, api):
        OrganisationFactory(slug="brics", acronym="BRICS", checked_through=date(2026, 11, 28))

        (row,) = api.get("/api/v1/organisations/").json()

        assert (row["coverage"], row["checked_through"]) == ("curated", "2026-11-28")

    def test_an_organisation_from_the_cow_import_says_so(self, api):
        OrganisationFactory(slug="cow-un", acronym="UN", cow_ioname="UN", cow_ionum=4400)

        row = api.get("/api/v1/organisations/cow-un/").json()

        assert (row["coverage"], row["checked_through"]) == ("cow", None)
