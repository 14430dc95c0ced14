"""GET /api/v1/organisations/{slug}/timeline/: member counts after every change date in a window."""

from datetime import date

import pytest

from tests.factories import MemberFactory, OrganisationFactory, spell

URL = "/api/v1/organisations/brics/timeline/"


@pytest.fixture
def brics(db):
    brics = OrganisationFactory(slug="brics", acronym="BRICS", founded_on=date(2009, 6, 16))
    for code in ("BRA", "RUS", "IND", "CHN"):
        spell(brics, MemberFactory(code=code, name=code), date(2009, 6, 16))
    spell(brics, MemberFactory(code="ZAF", name="South Africa"), date(2010, 12, 23))
    spell(brics, MemberFactory(code="IRN", name="Iran"), date(2024, 1, 1))
    spell(
        brics,
        MemberFactory(code="SAU", name="Saudi Arabia"),
        date(2023, 8, 24),
        date(2024, 1, 1),
        status="invited",
    )
    return brics


def points(response) -> list[tuple[str, int]]:
    assert response.status_code == 200, response.content
    return [(row["date"], row["member_count"]) for row in response.json()]


@pytest.mark.django_db
class TestTimeline:
    def test_starts_at_the_founding_and_follows_every_change(self, api, brics):
        assert points(api.get(URL)) == [("2009-06-16", 4), ("2010-12-23", 5), ("2024-01-01", 6)]

    def test_without_a_founding_date_starts_at_the_first_spell(self, api, brics):
        brics.founded_on = None
        brics.founded_precision = ""
        brics.save()

        assert points(api.get(URL))[0] == ("2009-06-16", 4)

    def test_from_is_the_first_point(self, api, brics):
        assert points(api.get(URL, {"from": "2015-01-01"})) == [("2015-01-01", 5), ("2024-01-01", 6)]

    def test_to_is_included(self, api, brics):
        assert points(api.get(URL, {"from": "2015-01-01", "to": "2024-01-01"}))[-1] == ("2024-01-01", 6)

    def test_a_change_after_to_is_left_out(self, api, brics):
        assert points(api.get(URL, {"from": "2015-01-01", "to": "2023-12-31"})) == [("2015-01-01", 5)]

    def test_the_day_before_a_join_counts_without_it(self, api, brics):
        assert points(api.get(URL, {"from": "2023-12-31", "to": "2023-12-31"})) == [("2023-12-31", 5)]

    def test_to_before_the_founding_gives_one_point(self, api, brics):
        assert points(api.get(URL, {"to": "2000-01-01"})) == [("2000-01-01", 0)]

    def test_status_defaults_to_member(self, api, brics):
        assert points(api.get(URL, {"from": "2023-09-01", "to": "2023-09-01"})) == [("2023-09-01", 5)]

    def test_status_counts_other_statuses(self, api, brics):
        assert points(api.get(URL, {"from": "2023-01-01", "status": "invited"})) == [
            ("2023-01-01", 0),
            ("2023-08-24", 1),
            ("2024-01-01", 0),
        ]

    def test_status_takes_statuses_separated_by_commas(self, api, brics):
        assert points(
            api.get(URL, {"from": "2023-09-01", "to": "2023-09-01", "status": "member,invited"})
        ) == [("2023-09-01", 6)]

    def test_an_unknown_organisation_is_404(self, api, db):
        assert api.get("/api/v1/organisations/nowhere/timeline/").status_code == 404
