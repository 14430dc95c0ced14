"""GET /api/v1/comembership/?members=CHN,RUS&on=D: organisations in which all of them were members."""

from datetime import date

import pytest

from tests.factories import MemberFactory, OrganisationFactory, spell

URL = "/api/v1/comembership/"


@pytest.fixture
def blocs(db):
    china, russia, india = (MemberFactory(code=code, name=code) for code in ("CHN", "RUS", "IND"))
    brics = OrganisationFactory(slug="brics", acronym="BRICS")
    sco = OrganisationFactory(slug="sco", acronym="SCO")
    g8 = OrganisationFactory(slug="g8", acronym="G8")
    for member in (china, russia, india):
        spell(brics, member, date(2009, 6, 16))
    spell(sco, china, date(2001, 6, 15))
    spell(sco, russia, date(2001, 6, 15))
    spell(sco, india, date(2017, 6, 9))
    spell(g8, russia, date(1997, 6, 20), date(2014, 3, 25), end_reason="expelled")


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()]


@pytest.mark.django_db
class TestComembership:
    def test_lists_organisations_every_member_belonged_to_that_day(self, api, blocs):
        assert slugs(api.get(URL, {"members": "CHN,RUS", "on": "2010-01-01"})) == ["brics", "sco"]

    def test_an_organisation_missing_one_member_is_left_out(self, api, blocs):
        assert slugs(api.get(URL, {"members": "CHN,IND", "on": "2017-06-08"})) == ["brics"]

    def test_a_member_joining_that_day_counts(self, api, blocs):
        assert slugs(api.get(URL, {"members": "CHN,IND", "on": "2017-06-09"})) == ["brics", "sco"]

    def test_on_defaults_to_today(self, api, blocs):
        assert slugs(api.get(URL, {"members": "IND,RUS"})) == ["brics", "sco"]

    def test_one_member_lists_its_organisations(self, api, blocs):
        assert slugs(api.get(URL, {"members": "RUS", "on": "2014-03-24"})) == ["brics", "g8", "sco"]

    def test_a_spell_ended_that_day_does_not_count(self, api, blocs):
        assert slugs(api.get(URL, {"members": "RUS", "on": "2014-03-25"})) == ["brics", "sco"]

    def test_member_count_is_of_every_member(self, api, blocs):
        (brics,) = [row for row in api.get(URL, {"members": "CHN"}).json() if row["slug"] == "brics"]

        assert brics["member_count"] == 3

    def test_members_is_required(self, api, blocs):
        response = api.get(URL)

        assert response.status_code == 400
        assert "members" in response.json()
