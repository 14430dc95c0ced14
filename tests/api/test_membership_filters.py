"""GET /api/v1/memberships/: every spell, one test per filter, with the boundary days."""

from datetime import date

import pytest

from tests.factories import MemberFactory, OrganisationFactory, spell

URL = "/api/v1/memberships/"


def rows(api, **params) -> list[tuple[str, str, str]]:
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return [(row["organisation"], row["member"], row["status"]) for row in response.json()["results"]]


@pytest.fixture
def sco(db):
    return OrganisationFactory(slug="sco", acronym="SCO", name="Shanghai Cooperation Organisation")


@pytest.fixture
def india_in_the_sco(sco, india):
    """India in the SCO: observer 2005-07-05 -> 2017-06-09, applicant 2015-07-10 -> 2017-06-09, then
    member."""
    spell(sco, india, date(2005, 7, 5), date(2017, 6, 9), status="observer", end_reason="status_changed")
    spell(sco, india, date(2015, 7, 10), date(2017, 6, 9), status="applicant", end_reason="status_changed")
    spell(sco, india, date(2017, 6, 9))


@pytest.mark.django_db
class TestMembershipFilters:
    def test_no_filter_lists_every_spell(self, api, india_in_the_sco):
        assert len(rows(api)) == 3

    def test_organisation(self, api, india_in_the_sco, bloc, iran):
        spell(bloc, iran, date(2024, 1, 1))

        assert rows(api, organisation="bloc") == [("bloc", "IRN", "member")]

    def test_organisation_takes_slugs_separated_by_commas(self, api, india_in_the_sco, bloc, iran):
        spell(bloc, iran, date(2024, 1, 1))
        OrganisationFactory(slug="empty")

        assert len(rows(api, organisation="bloc,sco")) == 4

    def test_member(self, api, india_in_the_sco, sco, iran):
        spell(sco, iran, date(2023, 7, 4))

        assert rows(api, member="IRN") == [("sco", "IRN", "member")]

    def test_member_takes_codes_separated_by_commas(self, api, india_in_the_sco, sco, iran):
        spell(sco, iran, date(2023, 7, 4))
        MemberFactory(code="PAK", name="Pakistan")

        assert len(rows(api, member="IRN,IND,PAK")) == 4

    def test_status(self, api, india_in_the_sco):
        assert rows(api, status="observer") == [("sco", "IND", "observer")]

    def test_status_takes_statuses_separated_by_commas(self, api, india_in_the_sco):
        assert sorted(status for *_, status in rows(api, status="observer,applicant")) == [
            "applicant",
            "observer",
        ]

    def test_family(self, api, india_in_the_sco):
        assert rows(api, family="accession") == [("sco", "IND", "applicant")]

    def test_on_includes_the_start_date(self, api, india_in_the_sco):
        assert sorted(status for *_, status in rows(api, on="2017-06-09")) == ["member"]

    def test_on_excludes_the_end_date_and_includes_the_day_before(self, api, india_in_the_sco):
        assert sorted(status for *_, status in rows(api, on="2017-06-08")) == ["applicant", "observer"]

    def test_from_and_to_find_spells_active_during_the_window(self, api, india_in_the_sco):
        # [2016-01-01, 2017-06-08]: observer and applicant, not yet member.
        assert sorted(status for *_, status in rows(api, **{"from": "2016-01-01", "to": "2017-06-08"})) == [
            "applicant",
            "observer",
        ]

    def test_to_is_included_in_the_window(self, api, india_in_the_sco):
        # The member spell starts on 2017-06-09: a window ending that day includes it.
        assert "member" in [status for *_, status in rows(api, **{"from": "2017-01-01", "to": "2017-06-09"})]

    def test_from_on_a_spells_end_date_excludes_it(self, api, india_in_the_sco):
        # Observer ended on 2017-06-09 (its first day no longer observer).
        assert [status for *_, status in rows(api, **{"from": "2017-06-09"})] == ["member"]

    def test_from_alone_has_no_end(self, api, india_in_the_sco):
        assert [status for *_, status in rows(api, **{"from": "2030-01-01"})] == ["member"]

    def test_to_alone_has_no_start(self, api, india_in_the_sco):
        assert [status for *_, status in rows(api, to="2005-07-05")] == ["observer"]

    def test_started_after_includes_that_day(self, api, india_in_the_sco):
        assert [status for *_, status in rows(api, started_after="2015-07-10")] == ["applicant", "member"]

    def test_started_before_includes_that_day(self, api, india_in_the_sco):
        assert [status for *_, status in rows(api, started_before="2015-07-10")] == ["observer", "applicant"]

    def test_ended_after_includes_that_day_and_never_an_ongoing_spell(self, api, india_in_the_sco, sco, iran):
        spell(sco, iran, date(2005, 7, 5), date(2017, 6, 10), status="observer")

        assert [member for _, member, _ in rows(api, ended_after="2017-06-10")] == ["IRN"]

    def test_ended_before_includes_that_day(self, api, india_in_the_sco, sco, iran):
        spell(sco, iran, date(2005, 7, 5), date(2017, 6, 10), status="observer")

        assert sorted(status for *_, status in rows(api, ended_before="2017-06-09")) == [
            "applicant",
            "observer",
        ]

    def test_ongoing_true_lists_spells_not_ended_today(self, api, india_in_the_sco, sco, iran):
        # Today is 2024-06-01: a spell ending tomorrow still goes on; one that ended today does not.
        spell(sco, iran, date(2023, 7, 4), date(2024, 6, 2))
        spell(sco, MemberFactory(code="PAK", name="Pakistan"), date(2017, 6, 9), date(2024, 6, 1))

        assert sorted(member for _, member, _ in rows(api, ongoing="true")) == ["IND", "IRN"]

    def test_ongoing_false_lists_spells_ended_by_today(self, api, india_in_the_sco, sco):
        spell(sco, MemberFactory(code="PAK", name="Pakistan"), date(2017, 6, 9), date(2024, 6, 1))

        assert sorted(member + " " + status for _, member, status in rows(api, ongoing="false")) == [
            "IND applicant",
            "IND observer",
            "PAK member",
        ]

    def test_disputed(self, api, india_in_the_sco, sco, iran):
        spell(sco, iran, date(2023, 7, 4), disputed=True, dispute_note="Contested.")

        assert rows(api, disputed="true") == [("sco", "IRN", "member")]
        assert len(rows(api, disputed="false")) == 3

    def test_ordering(self, api, india_in_the_sco):
        assert [status for *_, status in rows(api, ordering="-start_date")] == [
            "member",
            "applicant",
            "observer",
        ]

    def test_ordering_takes_keys_separated_by_commas(self, api, india_in_the_sco, sco, iran):
        spell(sco, iran, date(2017, 6, 9))

        assert [member for _, member, _ in rows(api, ordering="-start_date,-member")[:2]] == ["IRN", "IND"]

    def test_the_default_order_is_organisation_then_start_date(self, api, india_in_the_sco, bloc, iran):
        spell(bloc, iran, date(2024, 1, 1))

        assert rows(api) == [
            ("bloc", "IRN", "member"),
            ("sco", "IND", "observer"),
            ("sco", "IND", "applicant"),
            ("sco", "IND", "member"),
        ]

    def test_filters_combine(self, api, india_in_the_sco, sco, iran):
        spell(sco, iran, date(2023, 7, 4))

        assert rows(api, member="IND", on="2016-01-01", family="standing") == [("sco", "IND", "observer")]


@pytest.mark.django_db
class TestMembershipPages:
    def test_pages_have_a_count_and_links(self, api, india_in_the_sco):
        response = api.get(URL, {"limit": 2})

        page = response.json()
        assert (page["count"], len(page["results"]), page["previous"]) == (3, 2, None)
        assert "offset=2" in page["next"]

    def test_offset_reaches_the_last_rows(self, api, india_in_the_sco):
        response = api.get(URL, {"limit": 2, "offset": 2})

        assert [row["status"] for row in response.json()["results"]] == ["member"]

    def test_the_largest_limit_is_accepted(self, api, india_in_the_sco):
        assert api.get(URL, {"limit": 1000}).status_code == 200

    def test_one_spell_by_id(self, api, india_in_the_sco):
        spell_id = api.get(URL, {"status": "member"}).json()["results"][0]["id"]

        response = api.get(f"{URL}{spell_id}/")

        assert response.json()["start_date"] == "2017-06-09"
