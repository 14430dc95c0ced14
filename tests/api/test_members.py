"""GET /api/v1/members/, /api/v1/members/{code}/ and /api/v1/members/{code}/memberships/."""

from datetime import date

import pytest

from blocs.models import Organisation
from tests.factories import MemberFactory, OrganisationFactory, spell


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["code"] for row in response.json())


@pytest.mark.django_db
class TestMemberList:
    def test_lists_every_member(self, api, india, iran):
        response = api.get("/api/v1/members/")

        assert codes(response) == ["IND", "IRN"]

    def test_kind_filter(self, api, india):
        MemberFactory(code="EU", name="European Union", kind="organisation")

        response = api.get("/api/v1/members/", {"kind": "organisation"})

        assert codes(response) == ["EU"]

    def test_kind_filter_takes_kinds_separated_by_commas(self, api, india):
        MemberFactory(code="EU", name="European Union", kind="organisation")
        MemberFactory(code="HKG", name="Hong Kong", kind="territory")

        response = api.get("/api/v1/members/", {"kind": "organisation,territory"})

        assert codes(response) == ["EU", "HKG"]

    def test_q_matches_the_name(self, api, india, iran):
        response = api.get("/api/v1/members/", {"q": "ndi"})

        assert codes(response) == ["IND"]

    def test_q_matches_the_code(self, api, india, iran):
        response = api.get("/api/v1/members/", {"q": "irn"})

        assert codes(response) == ["IRN"]

    def test_historical_true_lists_former_states(self, api, india):
        MemberFactory(code="SUN", name="Soviet Union", historical=True)

        response = api.get("/api/v1/members/", {"historical": "true"})

        assert codes(response) == ["SUN"]

    def test_historical_false_lists_current_states(self, api, india):
        MemberFactory(code="SUN", name="Soviet Union", historical=True)

        response = api.get("/api/v1/members/", {"historical": "false"})

        assert codes(response) == ["IND"]


@pytest.mark.django_db
class TestMemberDetail:
    def test_answers_one_member_by_code(self, api, india):
        response = api.get("/api/v1/members/IND/")

        assert response.status_code == 200
        assert response.json()["name"] == "India"

    def test_an_organisation_member_names_its_organisation(self, api):
        eu = OrganisationFactory(slug="eu", acronym="EU")
        MemberFactory(code="EU", name="European Union", kind="organisation", organisation=eu)

        response = api.get("/api/v1/members/EU/")

        assert response.json()["organisation"] == "eu"

    def test_an_unknown_code_is_404(self, api, db):
        response = api.get("/api/v1/members/XXX/")

        assert response.status_code == 404


@pytest.mark.django_db
class TestMemberMemberships:
    URL = "/api/v1/members/IRN/memberships/"

    def blocs(self, response) -> list[str]:
        assert response.status_code == 200, response.content
        return [row["organisation"]["slug"] for row in response.json()]

    def test_lists_the_organisations_on_the_day(self, api, iran):
        spell(OrganisationFactory(slug="brics", acronym="BRICS"), iran, date(2024, 1, 1))
        spell(OrganisationFactory(slug="sco", acronym="SCO"), iran, date(2023, 7, 4))
        spell(OrganisationFactory(slug="opec", acronym="OPEC"), iran, date(1960, 9, 14))

        response = api.get(self.URL, {"on": "2024-01-01"})

        assert self.blocs(response) == ["brics", "opec", "sco"]

    def test_includes_a_spell_on_its_start_date(self, api, iran):
        spell(OrganisationFactory(slug="brics", acronym="BRICS"), iran, date(2024, 1, 1))

        assert self.blocs(api.get(self.URL, {"on": "2024-01-01"})) == ["brics"]
        assert self.blocs(api.get(self.URL, {"on": "2023-12-31"})) == []

    def test_excludes_a_spell_on_its_end_date(self, api, iran):
        spell(
            OrganisationFactory(slug="sco", acronym="SCO"),
            iran,
            date(2005, 7, 5),
            date(2023, 7, 4),
            status="observer",
        )

        assert self.blocs(api.get(self.URL, {"on": "2023-07-03", "status": "observer"})) == ["sco"]
        assert self.blocs(api.get(self.URL, {"on": "2023-07-04", "status": "observer"})) == []

    def test_the_day_defaults_to_today(self, api, iran):
        spell(OrganisationFactory(slug="brics", acronym="BRICS"), iran, date(2024, 6, 1))
        spell(OrganisationFactory(slug="sco", acronym="SCO"), iran, date(2024, 6, 2))

        assert self.blocs(api.get(self.URL)) == ["brics"]

    def test_the_status_defaults_to_member(self, api, iran):
        spell(OrganisationFactory(slug="brics", acronym="BRICS"), iran, date(2024, 1, 1))
        spell(OrganisationFactory(slug="sco", acronym="SCO"), iran, date(2005, 7, 5), status="observer")

        assert self.blocs(api.get(self.URL)) == ["brics"]

    def test_the_status_filter_takes_statuses_separated_by_commas(self, api, iran):
        spell(OrganisationFactory(slug="brics", acronym="BRICS"), iran, date(2024, 1, 1))
        spell(OrganisationFactory(slug="sco", acronym="SCO"), iran, date(2005, 7, 5), status="observer")

        assert self.blocs(api.get(self.URL, {"status": "member,observer"})) == ["brics", "sco"]

    def test_an_unknown_code_is_404(self, api, db):
        response = api.get("/api/v1/members/XXX/memberships/")

        assert response.status_code == 404
        assert Organisation.objects.count() == 0
