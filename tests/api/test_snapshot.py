"""GET /api/v1/organisations/{slug}/members/: the spells of an organisation active on a day."""

from datetime import date

import pytest

from tests.factories import MemberFactory, spell

URL = "/api/v1/organisations/bloc/members/"


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["member"]["code"] for row in response.json()]


@pytest.mark.django_db
class TestSnapshotOnADay:
    def test_includes_a_spell_on_its_start_date(self, api, bloc, india):
        spell(bloc, india, date(2017, 6, 9))

        response = api.get(URL, {"on": "2017-06-09"})

        assert codes(response) == ["IND"]

    def test_excludes_a_spell_the_day_before_its_start(self, api, bloc, india):
        spell(bloc, india, date(2017, 6, 9))

        response = api.get(URL, {"on": "2017-06-08"})

        assert codes(response) == []

    def test_excludes_a_spell_on_its_end_date(self, api, bloc, india):
        spell(bloc, india, date(1973, 1, 1), date(2020, 2, 1), end_reason="withdrew")

        response = api.get(URL, {"on": "2020-02-01"})

        assert codes(response) == []

    def test_includes_a_spell_on_the_day_before_its_end(self, api, bloc, india):
        spell(bloc, india, date(1973, 1, 1), date(2020, 2, 1), end_reason="withdrew")

        response = api.get(URL, {"on": "2020-01-31"})

        assert codes(response) == ["IND"]

    def test_a_status_change_shares_one_date(self, api, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer", end_reason="status_changed")
        spell(bloc, india, date(2017, 6, 9))

        before = api.get(URL, {"on": "2017-06-08", "status": "member,observer"}).json()
        after = api.get(URL, {"on": "2017-06-09", "status": "member,observer"}).json()

        assert [row["status"] for row in before] == ["observer"]
        assert [row["status"] for row in after] == ["member"]

    def test_lists_members_by_name(self, api, bloc, india, iran):
        spell(bloc, iran, date(2024, 1, 1))
        spell(bloc, india, date(2017, 6, 9))
        spell(bloc, MemberFactory(code="BRA", name="Brazil"), date(2009, 6, 16))

        response = api.get(URL, {"on": "2024-01-01"})

        assert codes(response) == ["BRA", "IND", "IRN"]

    def test_leaves_out_other_organisations(self, api, bloc, india, iran):
        spell(bloc, india, date(2017, 6, 9))
        other = type(bloc).objects.create(slug="other", acronym="OTH", name="Other", kind="other")
        spell(other, iran, date(2017, 6, 9))

        response = api.get(URL, {"on": "2020-01-01"})

        assert codes(response) == ["IND"]


@pytest.mark.django_db
class TestSnapshotDefaults:
    def test_the_day_defaults_to_today(self, api, bloc, india, iran):
        spell(bloc, india, date(2024, 6, 1))  # today, in these tests
        spell(bloc, iran, date(2024, 6, 2))

        response = api.get(URL)

        assert codes(response) == ["IND"]

    def test_an_empty_day_means_today(self, api, bloc, india, iran):
        spell(bloc, india, date(2024, 5, 1), date(2024, 6, 2))
        spell(bloc, iran, date(2024, 5, 1), date(2024, 6, 1))

        response = api.get(URL, {"on": ""})

        assert codes(response) == ["IND"]

    def test_the_status_defaults_to_member(self, api, bloc, india, iran):
        spell(bloc, india, date(2017, 6, 9))
        spell(bloc, iran, date(2005, 7, 5), status="observer")

        response = api.get(URL, {"on": "2020-01-01"})

        assert codes(response) == ["IND"]


@pytest.mark.django_db
class TestSnapshotStatusFilter:
    def test_takes_one_status(self, api, bloc, india, iran):
        spell(bloc, india, date(2017, 6, 9))
        spell(bloc, iran, date(2005, 7, 5), status="observer")

        response = api.get(URL, {"on": "2020-01-01", "status": "observer"})

        assert codes(response) == ["IRN"]

    def test_takes_statuses_separated_by_commas(self, api, bloc, india, iran):
        spell(bloc, india, date(2017, 6, 9))
        spell(bloc, iran, date(2005, 7, 5), status="observer")

        response = api.get(URL, {"on": "2020-01-01", "status": "member,observer"})

        assert codes(response) == ["IND", "IRN"]

    def test_answers_both_families_at_once(self, api, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer", end_reason="status_changed")
        spell(
            bloc, india, date(2015, 7, 10), date(2017, 6, 9), status="applicant", end_reason="status_changed"
        )

        response = api.get(URL, {"on": "2016-01-01", "status": "observer,applicant"})

        assert sorted(row["status"] for row in response.json()) == ["applicant", "observer"]


@pytest.mark.django_db
class TestSnapshotRows:
    def test_a_row_carries_the_member_status_dates_precisions_dispute_and_sources(self, api, bloc, iran):
        membership = spell(
            bloc,
            iran,
            date(2024, 1, 1),
            date(2025, 1, 1),
            end_precision="year",
            end_reason="withdrew",
            disputed=True,
            dispute_note="One source says it never joined.",
            sources=[
                {
                    "url": "https://example.org/joined",
                    "title": "Joined",
                    "publisher": "Example",
                    "published_on": date(2024, 1, 2),
                    "stance": "supports",
                }
            ],
        )

        (row,) = api.get(URL, {"on": "2024-01-01", "reading": "possible"}).json()  # disputed

        assert row == {
            "id": membership.pk,
            "member": {"code": "IRN", "name": "Iran", "kind": "state"},
            "status": "member",
            "family": "standing",
            "start_date": "2024-01-01",
            "start_precision": "day",
            "end_date": "2025-01-01",
            "end_precision": "year",
            "end_reason": "withdrew",
            "disputed": True,
            "dispute_note": "One source says it never joined.",
            "start_earliest": "2024-01-01",
            "start_latest": "2024-01-01",
            "end_earliest": "2025-01-01",
            "end_latest": "2025-12-31",
            "start_edtf": "2024-01-01",
            "end_edtf": "2025",
            "sources": [
                {
                    "url": "https://example.org/joined",
                    "title": "Joined",
                    "publisher": "Example",
                    "published_on": "2024-01-02",
                    "accessed_on": None,
                    "stance": "supports",
                    "note": "",
                    "quote": "",
                }
            ],
        }

    def test_an_unknown_organisation_is_404(self, api, db):
        response = api.get("/api/v1/organisations/nowhere/members/")

        assert response.status_code == 404
        assert "nowhere" in response.json()["detail"]
