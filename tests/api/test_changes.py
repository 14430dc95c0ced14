"""GET /api/v1/organisations/{slug}/changes/ and the change feed, GET /api/v1/changes/."""

from datetime import date

import pytest

from tests.factories import MemberFactory, OrganisationFactory, spell


def events(response) -> list[tuple[str, str, str]]:
    assert response.status_code == 200, response.content
    data = response.json()
    rows = data["results"] if isinstance(data, dict) else data
    return [(row["date"], row["change"], row["member"]["code"]) for row in rows]


@pytest.fixture
def sco(db):
    return OrganisationFactory(slug="sco", acronym="SCO", name="Shanghai Cooperation Organisation")


@pytest.fixture
def sco_history(sco, india, iran):
    """India: observer 2005-07-05 -> member 2017-06-09. Iran: observer 2005-07-05 -> member 2023-07-04."""
    spell(sco, india, date(2005, 7, 5), date(2017, 6, 9), status="observer", end_reason="status_changed")
    spell(sco, india, date(2017, 6, 9))
    spell(sco, iran, date(2005, 7, 5), date(2023, 7, 4), status="observer", end_reason="status_changed")
    spell(sco, iran, date(2023, 7, 4))


@pytest.mark.django_db
class TestOrganisationChanges:
    URL = "/api/v1/organisations/sco/changes/"

    def test_lists_joins_and_status_changes_in_date_order(self, api, sco_history):
        assert events(api.get(self.URL)) == [
            ("2005-07-05", "joined", "IND"),
            ("2005-07-05", "joined", "IRN"),
            ("2017-06-09", "status_changed", "IND"),
            ("2023-07-04", "status_changed", "IRN"),
        ]

    def test_a_status_change_names_the_status_before(self, api, sco_history):
        row = api.get(self.URL, {"from": "2017-06-09", "to": "2017-06-09"}).json()[0]

        assert (row["status"], row["previous_status"]) == ("member", "observer")

    def test_a_departure_is_left_with_its_reason(self, api, sco, india):
        spell(sco, india, date(2005, 7, 5), date(2020, 2, 1), status="observer", end_reason="withdrew")

        (row,) = api.get(self.URL, {"from": "2020-02-01"}).json()

        assert (row["date"], row["change"], row["status"], row["end_reason"]) == (
            "2020-02-01",
            "left",
            "observer",
            "withdrew",
        )

    def test_from_is_included(self, api, sco_history):
        assert events(api.get(self.URL, {"from": "2017-06-09"})) == [
            ("2017-06-09", "status_changed", "IND"),
            ("2023-07-04", "status_changed", "IRN"),
        ]

    def test_to_is_included(self, api, sco_history):
        assert events(api.get(self.URL, {"from": "2017-06-09", "to": "2023-07-04"}))[-1] == (
            "2023-07-04",
            "status_changed",
            "IRN",
        )

    def test_a_day_outside_the_window_is_left_out(self, api, sco_history):
        assert events(api.get(self.URL, {"from": "2017-06-10", "to": "2023-07-03"})) == []

    def test_without_to_planned_changes_are_included(self, api, sco, iran):
        spell(sco, iran, date(2023, 7, 4), date(2030, 1, 1), end_reason="withdrew")

        assert events(api.get(self.URL, {"from": "2024-01-01"})) == [("2030-01-01", "left", "IRN")]

    def test_an_unknown_organisation_is_404(self, api, db):
        assert api.get("/api/v1/organisations/nowhere/changes/").status_code == 404


@pytest.mark.django_db
class TestChangeFeed:
    URL = "/api/v1/changes/"

    @pytest.fixture
    def two_blocs(self, sco_history, iran):
        spell(OrganisationFactory(slug="brics", acronym="BRICS"), iran, date(2024, 1, 1))

    def test_lists_changes_across_organisations(self, api, two_blocs):
        assert events(api.get(self.URL, {"from": "2023-01-01"})) == [
            ("2023-07-04", "status_changed", "IRN"),
            ("2024-01-01", "joined", "IRN"),
        ]

    def test_organisation_filter(self, api, two_blocs):
        assert events(api.get(self.URL, {"organisation": "brics"})) == [("2024-01-01", "joined", "IRN")]

    def test_organisation_filter_takes_slugs_separated_by_commas(self, api, two_blocs):
        assert len(events(api.get(self.URL, {"organisation": "brics,sco"}))) == 5

    def test_member_filter(self, api, two_blocs):
        assert events(api.get(self.URL, {"member": "IND"})) == [
            ("2005-07-05", "joined", "IND"),
            ("2017-06-09", "status_changed", "IND"),
        ]

    def test_member_filter_takes_codes_separated_by_commas(self, api, two_blocs):
        MemberFactory(code="PAK", name="Pakistan")

        assert len(events(api.get(self.URL, {"member": "IND,PAK"}))) == 2

    def test_from_and_to_are_included(self, api, two_blocs):
        assert events(api.get(self.URL, {"from": "2023-07-04", "to": "2024-01-01"})) == [
            ("2023-07-04", "status_changed", "IRN"),
            ("2024-01-01", "joined", "IRN"),
        ]

    def test_is_paginated(self, api, two_blocs):
        page = api.get(self.URL, {"limit": 2, "offset": 1}).json()

        assert page["count"] == 5
        assert [row["date"] for row in page["results"]] == ["2005-07-05", "2017-06-09"]


@pytest.mark.django_db
class TestASplitSpellIsOneStatus:
    """Afghanistan, an SCO observer undisputed from 2012 and disputed from 2021: two spells, one status."""

    def test_no_left_or_joined_on_the_day_of_the_split(self, api, sco, india):
        spell(sco, india, date(2012, 6, 7), date(2021, 8, 15), status="observer", end_reason="other")
        spell(
            sco,
            india,
            date(2021, 8, 15),
            date(2025, 9, 1),
            status="observer",
            end_reason="status_changed",
            disputed=True,
            dispute_note="Whether the status went on under the Taliban.",
        )

        response = api.get("/api/v1/organisations/sco/changes/", {"from": "2010-01-01", "to": "2026-01-01"})

        assert events(response) == [("2012-06-07", "joined", "IND"), ("2025-09-01", "left", "IND")]

    def test_the_timeline_counts_it_once_through_the_split(self, api, sco, india):
        spell(sco, india, date(2012, 6, 7), date(2021, 8, 15), end_reason="other")
        spell(sco, india, date(2021, 8, 15), date(2025, 9, 1), end_reason="withdrew")

        points = api.get(
            "/api/v1/organisations/sco/timeline/", {"from": "2021-08-14", "to": "2021-08-16"}
        ).json()

        assert [point["member_count"] for point in points] == [1, 1]
