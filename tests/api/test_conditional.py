"""ETags from the data version: a repeated request with If-None-Match gets 304 until the data changes."""

from datetime import date

import pytest

from blocs import clock
from blocs.models import Membership
from tests.api.conftest import body, token_client
from tests.factories import spell

URL = "/api/v1/organisations/bloc/members/?on=2024-01-01"


@pytest.fixture
def data(bloc, india):
    return spell(bloc, india, date(2017, 6, 9))


@pytest.mark.django_db
class TestValidators:
    @pytest.mark.parametrize(
        "path",
        [
            URL,
            "/api/v1/organisations/",
            "/api/v1/organisations/bloc/",
            "/api/v1/memberships/",
            "/api/v1/changes/",
        ],
    )
    def test_answers_carry_an_etag_and_last_modified(self, api, data, path):
        response = api.get(path)

        assert response.status_code == 200
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"].endswith("GMT")
        assert "Accept" in response["Vary"]

    def test_an_error_carries_no_etag(self, api, data):
        response = api.get("/api/v1/organisations/bloc/members/?on=yesterday")

        assert response.status_code == 400
        assert not response.has_header("ETag")

    def test_the_same_request_gets_the_same_etag(self, api, data):
        assert api.get(URL)["ETag"] == api.get(URL)["ETag"]

    def test_another_query_gets_another_etag(self, api, data):
        assert api.get(URL)["ETag"] != api.get(URL.replace("2024-01-01", "2024-01-02"))["ETag"]

    def test_csv_gets_another_etag(self, api, data):
        assert api.get(URL)["ETag"] != api.get(URL + "&format=csv")["ETag"]

    def test_another_day_gets_another_etag(self, api, data, monkeypatch):
        # An answer that defaults to today changes at midnight without any write.
        first = api.get("/api/v1/organisations/bloc/members/")["ETag"]
        monkeypatch.setattr(clock, "today", lambda: date(2024, 6, 2))

        assert api.get("/api/v1/organisations/bloc/members/")["ETag"] != first


@pytest.mark.django_db
class TestNotModified:
    def test_if_none_match_with_the_current_etag_is_304_without_a_body(self, api, data):
        etag = api.get(URL)["ETag"]

        response = api.get(URL, HTTP_IF_NONE_MATCH=etag)

        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag

    def test_a_304_reads_only_the_data_version(self, api, data, django_assert_num_queries):
        etag = api.get(URL)["ETag"]

        with django_assert_num_queries(1):
            api.get(URL, HTTP_IF_NONE_MATCH=etag)

    def test_a_weak_or_listed_etag_matches(self, api, data):
        etag = api.get(URL)["ETag"]

        assert api.get(URL, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304

    def test_a_star_matches(self, api, data):
        assert api.get(URL, HTTP_IF_NONE_MATCH="*").status_code == 304

    def test_csv_answers_304_too(self, api, data):
        etag = api.get(URL + "&format=csv")["ETag"]

        assert api.get(URL + "&format=csv", HTTP_IF_NONE_MATCH=etag).status_code == 304

    def test_an_old_etag_gets_the_full_answer(self, api, data):
        response = api.get(URL, HTTP_IF_NONE_MATCH='"stale"')

        assert response.status_code == 200
        assert response.json()[0]["member"]["code"] == "IND"


@pytest.mark.django_db
class TestWritesChangeTheEtag:
    def test_a_new_spell_changes_it(self, api, data, iran):
        etag = api.get(URL)["ETag"]
        spell(data.organisation, iran, date(2024, 1, 1))

        response = api.get(URL, HTTP_IF_NONE_MATCH=etag)

        assert response.status_code == 200
        assert [row["member"]["code"] for row in response.json()] == ["IND", "IRN"]

    def test_an_edit_of_another_spell_changes_it_too(self, api, data, iran):
        other = spell(data.organisation, iran, date(2024, 2, 1))
        etag = api.get(URL)["ETag"]
        other.notes = "edited"
        other.save()

        assert api.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200

    def test_an_api_write_changes_it(self, api, data, editor):
        etag = api.get(URL)["ETag"]

        token_client(editor).patch(f"/api/v1/memberships/{data.pk}/", {"notes": "x"}, format="json")

        assert api.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200

    def test_a_delete_changes_it(self, api, data):
        etag = api.get(URL)["ETag"]
        Membership.objects.get().delete()

        response = api.get(URL, HTTP_IF_NONE_MATCH=etag)

        assert (response.status_code, body(response)) == (200, b"[]")

    def test_a_source_edit_changes_it(self, api, data):
        etag = api.get(URL)["ETag"]
        source = data.sources.get()
        source.title = "Retitled"
        source.save()

        assert api.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
class TestAnswersAlreadyMade:
    def test_a_repeated_request_is_answered_from_the_cache_in_one_query(
        self, api, data, django_assert_num_queries
    ):
        first = api.get(URL)

        with django_assert_num_queries(1):
            again = api.get(URL)

        assert (again.status_code, again.content, again["ETag"]) == (200, first.content, first["ETag"])
        assert again["Content-Type"] == "application/json"

    def test_after_a_write_the_answer_is_made_again(self, api, data, iran):
        api.get(URL)
        spell(data.organisation, iran, date(2024, 1, 1))

        response = api.get(URL)

        assert [row["member"]["code"] for row in response.json()] == ["IND", "IRN"]

    def test_another_site_name_gets_its_own_links(self, api, data):
        api.get("/api/v1/organisations/", HTTP_HOST="localhost")

        response = api.get("/api/v1/organisations/", HTTP_HOST="127.0.0.1")

        assert response.json()[0]["url"].startswith("http://127.0.0.1/")

    def test_csv_is_streamed_anew_each_time(self, api, data):
        api.get(URL + "&format=csv")

        assert api.get(URL + "&format=csv").streaming
