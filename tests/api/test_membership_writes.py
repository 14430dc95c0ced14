"""POST, PUT, PATCH and DELETE on /api/v1/memberships/: validated like the admin, recorded in history."""

from datetime import date

import pytest

from blocs.constraints import PostgresOnlyExclusionConstraint
from blocs.models import Membership, Source
from tests.api.conftest import token_client
from tests.factories import spell

URL = "/api/v1/memberships/"


def payload(**fields) -> dict:
    """India joins the test bloc on 2017-06-09, on one source."""
    return {
        "organisation": "bloc",
        "member": "IND",
        "status": "member",
        "start_date": "2017-06-09",
        "start_precision": "day",
        "sources": [
            {"url": "https://example.org/astana", "publisher": "Example", "published_on": "2017-06-09"}
        ],
        **fields,
    }


@pytest.fixture
def as_editor(editor):
    return token_client(editor)


@pytest.mark.django_db
class TestCreate:
    def test_records_a_spell_with_its_sources(self, as_editor, bloc, india):
        response = as_editor.post(URL, payload(), format="json")

        assert response.status_code == 201, response.content
        membership = Membership.objects.get()
        assert (membership.organisation, membership.member, membership.start_date) == (
            bloc,
            india,
            date(2017, 6, 9),
        )
        assert list(membership.sources.values_list("url", flat=True)) == ["https://example.org/astana"]
        assert response.json()["sources"][0]["publisher"] == "Example"
        assert response.json()["url"].endswith(f"/api/v1/memberships/{membership.pk}/")

    def test_an_overlap_is_a_400_naming_the_colliding_spell(self, as_editor, bloc, india):
        spell(bloc, india, date(2015, 1, 1))

        response = as_editor.post(URL, payload(), format="json")

        assert response.status_code == 400
        (message,) = response.json()["non_field_errors"]
        assert "India already holds member status in BLOC from 2015-01-01 (ongoing)" in message
        assert Membership.objects.count() == 1

    def test_an_overlap_with_another_status_of_the_family_is_a_400(self, as_editor, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 10), status="observer")

        response = as_editor.post(URL, payload(), format="json")

        assert response.status_code == 400
        assert (
            "observer status in BLOC from 2005-07-05 until 2017-06-10"
            in response.json()["non_field_errors"][0]
        )

    def test_spells_of_two_families_may_overlap(self, as_editor, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")

        response = as_editor.post(URL, payload(status="applicant", start_date="2015-07-10"), format="json")

        assert response.status_code == 201, response.content

    def test_a_spell_may_start_on_the_day_another_ends(self, as_editor, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")

        assert as_editor.post(URL, payload(), format="json").status_code == 201

    def test_an_end_before_the_start_is_a_400_on_end_date(self, as_editor, bloc, india):
        response = as_editor.post(URL, payload(end_date="2017-06-08", end_precision="day"), format="json")

        assert response.status_code == 400
        assert list(response.json()) == ["end_date"]
        assert Membership.objects.count() == 0

    def test_an_end_on_the_start_date_is_a_400_on_end_date(self, as_editor, bloc, india):
        response = as_editor.post(URL, payload(end_date="2017-06-09", end_precision="day"), format="json")

        assert response.status_code == 400
        assert "end_date" in response.json()

    def test_an_unknown_member_code_is_a_400_on_member(self, as_editor, bloc):
        response = as_editor.post(URL, payload(member="XXX"), format="json")

        assert response.status_code == 400
        assert response.json() == {"member": ["Unknown member code: XXX."]}

    def test_an_unknown_organisation_is_a_400_on_organisation(self, as_editor, india):
        response = as_editor.post(URL, payload(organisation="nowhere"), format="json")

        assert response.status_code == 400
        assert response.json() == {"organisation": ["Unknown organisation: nowhere."]}

    def test_an_unknown_status_is_a_400_on_status(self, as_editor, bloc, india):
        response = as_editor.post(URL, payload(status="overlord"), format="json")

        assert response.status_code == 400
        assert list(response.json()) == ["status"]

    def test_a_malformed_date_is_a_400_on_that_field(self, as_editor, bloc, india):
        response = as_editor.post(URL, payload(start_date="2024-13-01"), format="json")

        assert response.status_code == 400
        assert list(response.json()) == ["start_date"]

    def test_a_month_precision_date_is_the_first_of_the_month(self, as_editor, bloc, india):
        response = as_editor.post(URL, payload(start_precision="month"), format="json")

        assert response.status_code == 400
        assert response.json() == {
            "start_date": ["A month-precision date is written as the first of the month."]
        }

    def test_a_spell_before_the_organisation_was_founded_is_a_400(self, as_editor, bloc, india):
        response = as_editor.post(URL, payload(start_date="1899-12-31"), format="json")

        assert response.status_code == 400
        assert "founded" in response.json()["start_date"][0]

    def test_a_spell_needs_a_source(self, as_editor, bloc, india):
        response = as_editor.post(URL, payload(sources=[]), format="json")

        assert response.status_code == 400
        assert list(response.json()) == ["sources"]
        assert Membership.objects.count() == 0

    def test_a_source_needs_a_date(self, as_editor, bloc, india):
        sources = [{"url": "https://example.org/undated", "publisher": "Example"}]

        response = as_editor.post(URL, payload(sources=sources), format="json")

        assert response.status_code == 400
        assert response.json() == {
            "sources": {
                "0": {"published_on": ["Give the date the source was published, or the day it was read."]}
            }
        }
        assert (Membership.objects.count(), Source.objects.count()) == (0, 0)

    def test_a_source_url_is_cited_once(self, as_editor, bloc, india):
        source = {"url": "https://example.org/twice", "publisher": "Example", "published_on": "2017-06-09"}

        response = as_editor.post(URL, payload(sources=[source, source]), format="json")

        assert response.status_code == 400
        assert "https://example.org/twice" in response.json()["sources"][0]

    def test_a_disputed_spell_needs_a_note(self, as_editor, bloc, india):
        response = as_editor.post(URL, payload(disputed=True), format="json")

        assert response.status_code == 400
        assert list(response.json()) == ["dispute_note"]

    def test_a_race_past_validation_is_a_409_and_writes_nothing(self, as_editor, bloc, india, monkeypatch):
        # Another writer's spell arrives between this write's validation and its insert: simulated by
        # skipping the overlap validation, so only the database constraint stands in the way.
        spell(bloc, india, date(2015, 1, 1))
        monkeypatch.setattr(PostgresOnlyExclusionConstraint, "validate", lambda *args, **kwargs: None)

        response = as_editor.post(URL, payload(), format="json")

        assert response.status_code == 409
        assert "Nothing was written" in response.json()["detail"]
        assert Membership.objects.count() == 1
        assert Source.objects.count() == 1


@pytest.mark.django_db
class TestUpdate:
    @pytest.fixture
    def membership(self, bloc, india):
        return spell(bloc, india, date(2017, 6, 9))

    def test_patch_ends_a_spell(self, as_editor, membership):
        response = as_editor.patch(
            f"{URL}{membership.pk}/",
            {"end_date": "2020-02-01", "end_precision": "day", "end_reason": "withdrew"},
            format="json",
        )

        assert response.status_code == 200, response.content
        membership.refresh_from_db()
        assert (membership.end_date, membership.end_reason) == (date(2020, 2, 1), "withdrew")

    def test_patch_into_an_overlap_is_a_400_and_changes_nothing(self, as_editor, membership, bloc, india):
        earlier = spell(bloc, india, date(2000, 1, 1), date(2010, 1, 1))

        response = as_editor.patch(f"{URL}{earlier.pk}/", {"end_date": "2017-06-10"}, format="json")

        assert response.status_code == 400
        assert "from 2017-06-09" in response.json()["non_field_errors"][0]
        earlier.refresh_from_db()
        assert earlier.end_date == date(2010, 1, 1)

    def test_patch_an_end_before_the_start_is_a_400_on_end_date(self, as_editor, membership):
        response = as_editor.patch(f"{URL}{membership.pk}/", {"end_date": "2017-01-01"}, format="json")

        assert response.status_code == 400
        assert list(response.json()) == ["end_date"]

    def test_put_replaces_the_sources_matching_them_by_url(self, as_editor, membership):
        data = as_editor.get(f"{URL}{membership.pk}/").json()
        data["sources"] = [
            {
                "url": "https://example.org/record",
                "publisher": "Renamed Publisher",
                "published_on": "2017-06-09",
            },
            {"url": "https://example.org/second", "publisher": "Second", "accessed_on": "2024-01-01"},
        ]

        response = as_editor.put(f"{URL}{membership.pk}/", data, format="json")

        assert response.status_code == 200, response.content
        assert sorted(membership.sources.values_list("url", "publisher")) == [
            ("https://example.org/record", "Renamed Publisher"),
            ("https://example.org/second", "Second"),
        ]

    def test_put_drops_a_source_no_longer_cited(self, as_editor, membership):
        data = as_editor.get(f"{URL}{membership.pk}/").json()
        data["sources"] = [
            {"url": "https://example.org/other", "publisher": "Other", "published_on": "2017-06-09"}
        ]

        as_editor.put(f"{URL}{membership.pk}/", data, format="json")

        assert list(membership.sources.values_list("url", flat=True)) == ["https://example.org/other"]

    def test_an_unknown_id_is_404(self, as_editor, db):
        assert as_editor.patch(f"{URL}999999/", {"notes": "x"}, format="json").status_code == 404


@pytest.mark.django_db
class TestDelete:
    def test_removes_the_spell_and_its_sources(self, as_editor, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))

        response = as_editor.delete(f"{URL}{membership.pk}/")

        assert response.status_code == 204
        assert (Membership.objects.count(), Source.objects.count()) == (0, 0)


@pytest.mark.django_db
class TestHistoryOfApiWrites:
    def test_a_token_write_is_recorded_with_the_tokens_user(self, as_editor, editor, bloc, india):
        created = as_editor.post(URL, payload(), format="json").json()

        as_editor.patch(f"{URL}{created['id']}/", {"notes": "Astana summit"}, format="json")
        as_editor.delete(f"{URL}{created['id']}/")

        records = Membership.history.filter(id=created["id"]).order_by("history_id")
        assert [(record.history_type, record.history_user) for record in records] == [
            ("+", editor),
            ("~", editor),
            ("-", editor),
        ]

    def test_the_sources_of_a_token_write_are_recorded_with_its_user(self, as_editor, editor, bloc, india):
        as_editor.post(URL, payload(), format="json")

        assert [record.history_user for record in Source.history.all()] == [editor]

    def test_a_session_write_is_recorded_with_its_user(self, api, editor, bloc, india):
        api.force_login(editor)

        created = api.post(URL, payload(), format="json").json()

        assert Membership.history.get(id=created["id"]).history_user == editor


@pytest.mark.django_db
class TestTheEndOfTheCalendar:
    @pytest.mark.parametrize(
        "fields",
        [
            {"start_date": "9999-12-31"},
            {"start_date": "9999-01-01", "start_precision": "year"},
            {"start_date": "2020-01-01", "end_date": "9999-12-31"},
        ],
    )
    def test_a_date_past_the_last_recordable_day_is_a_400_naming_it(self, as_editor, bloc, india, fields):
        response = as_editor.post(URL, payload(**fields), format="json")

        assert response.status_code == 400, response.content[:300]
        field = "end_date" if "end_date" in fields else "start_date"
        assert "cannot be recorded" in response.json()[field][0]
        assert not Membership.objects.exists()


@pytest.mark.django_db
class TestDateRangesInWrites:
    def test_a_range_is_recorded_and_read_back_in_edtf(self, as_editor, bloc, india):
        response = as_editor.post(URL, payload(start_latest="2018-04-29"), format="json")

        assert response.status_code == 201, response.content[:300]
        assert response.json()["start_latest"] == "2018-04-29"
        assert response.json()["start_edtf"] == "[2017-06-09..2018-04-29]"

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"start_latest": "2000-01-01"}, "start_latest", "comes before the start date"),
            ({"start_earliest": "2099-01-01"}, "start_earliest", "comes after the start date"),
            ({"start_latest": "someday"}, "start_latest", ""),
        ],
    )
    def test_a_range_that_excludes_the_date_or_is_no_date_is_a_400_naming_it(
        self, as_editor, bloc, india, fields, field, message
    ):
        response = as_editor.post(URL, payload(**fields), format="json")

        assert response.status_code == 400
        assert message in response.json()[field][0]
        assert not Membership.objects.exists()
