"""Input no view can read is refused before any view runs, on every door: a NUL character anywhere in the
query string or the path (PostgreSQL cannot compare text with one), and empty sort keys."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token

from tests.factories import spell


@pytest.mark.django_db
class TestNulCharacters:
    @pytest.mark.parametrize(
        ("path", "parameter"),
        [
            ("/api/v1/organisations/?q=%00", "q"),
            ("/api/v1/members/?q=ab%00c", "q"),
            ("/api/v1/memberships/?organisation=%00", "organisation"),
            ("/api/v1/organisations/bloc/members/?on=2024%0001", "on"),
            ("/api/v1/exports/igo-year.csv?organisation=%00", "organisation"),
        ],
    )
    def test_the_api_answers_a_400_naming_the_parameter(self, client, bloc, path, parameter):
        response = client.get(path)

        assert response.status_code == 400
        assert response.json() == {parameter: ["Null characters are not allowed."]}

    def test_a_path_with_one_names_nothing(self, client, bloc):
        assert client.get("/members/IN%00D/").status_code == 404
        assert client.get("/api/v1/organisations/bl%00oc/members/").status_code == 404

    @pytest.mark.parametrize("path", ["/?q=%00", "/organisations/bloc/?on=%00", "/members/IND/?q%00=1"])
    def test_the_pages_answer_a_400_page(self, client, bloc, india, path):
        response = client.get(path)

        assert response.status_code == 400
        assert "Null characters are not allowed." in response.content.decode()
        assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", [",", ",,,"])
def test_empty_sort_keys_keep_the_default_order(client, bloc, india, ordering):
    spell(bloc, india, date(2017, 6, 9))

    response = client.get("/api/v1/memberships/", {"ordering": ordering})

    assert response.status_code == 200
    assert [row["member"] for row in response.json()["results"]] == ["IND"]


@pytest.mark.django_db
class TestBodies:
    def test_json_nested_too_deeply_is_a_400(self, client, editor_token):
        body = "[" * 50_000 + "]" * 50_000

        response = client.post(
            "/api/v1/memberships/", body, content_type="application/json", HTTP_AUTHORIZATION=editor_token
        )

        assert response.status_code == 400
        assert "nested too deeply" in response.json()["detail"]

    def test_a_body_over_the_limit_is_a_json_400_before_it_is_read(self, client, settings, editor_token):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

        response = client.post(
            "/api/v1/memberships/",
            '{"notes": "' + "x" * 5000 + '"}',
            content_type="application/json",
            HTTP_AUTHORIZATION=editor_token,
        )

        assert response.status_code == 400
        assert response.json()["detail"] == "The request body is larger than 1,000 bytes."


@pytest.fixture
def editor_token(db):
    user = User.objects.create_user("editor-x", password="pw-123-abc")
    user.user_permissions.add(Permission.objects.get(codename="add_membership"))
    return f"Token {Token.objects.create(user=user).key}"
