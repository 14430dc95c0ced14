"""Who may do what: reads are public; writes need a token (or a session) and the model permission."""

import base64
from datetime import date

import pytest
from rest_framework.test import APIClient

from blocs.models import Membership
from tests.api.conftest import make_user, token_client
from tests.factories import MemberFactory, spell

LIST = "/api/v1/memberships/"


def new_spell() -> dict:
    return {
        "organisation": "bloc",
        "member": "IRN",
        "status": "member",
        "start_date": "2024-01-01",
        "sources": [
            {"url": "https://example.org/kazan", "publisher": "Example", "published_on": "2024-01-01"}
        ],
    }


def client_for(actor: str) -> APIClient:
    if actor == "anonymous":
        return APIClient()
    if actor == "reader":
        return token_client(make_user("reader"))
    if actor == "editor":
        return token_client(make_user("editor", "add_membership", "change_membership", "delete_membership"))
    return token_client(make_user("root", superuser=True))


MATRIX = [
    # actor, GET, POST, PATCH, DELETE
    ("anonymous", 200, 401, 401, 401),
    ("reader", 200, 403, 403, 403),
    ("editor", 200, 201, 200, 204),
    ("superuser", 200, 201, 200, 204),
]


@pytest.mark.django_db
class TestPermissionMatrix:
    @pytest.fixture
    def membership(self, bloc, india, iran):
        return spell(bloc, india, date(2017, 6, 9))

    @pytest.mark.parametrize(("actor", "expected"), [(row[0], row[1]) for row in MATRIX])
    def test_get(self, membership, actor, expected):
        client = client_for(actor)

        assert client.get(LIST).status_code == expected
        assert client.get(f"{LIST}{membership.pk}/").status_code == expected

    @pytest.mark.parametrize(("actor", "expected"), [(row[0], row[2]) for row in MATRIX])
    def test_post(self, membership, actor, expected):
        response = client_for(actor).post(LIST, new_spell(), format="json")

        assert response.status_code == expected, response.content
        assert Membership.objects.count() == (2 if expected == 201 else 1)

    @pytest.mark.parametrize(("actor", "expected"), [(row[0], row[3]) for row in MATRIX])
    def test_patch(self, membership, actor, expected):
        response = client_for(actor).patch(f"{LIST}{membership.pk}/", {"notes": "changed"}, format="json")

        assert response.status_code == expected, response.content
        membership.refresh_from_db()
        assert membership.notes == ("changed" if expected == 200 else "")

    @pytest.mark.parametrize(("actor", "expected"), [(row[0], row[3]) for row in MATRIX])
    def test_put(self, membership, actor, expected):
        data = {**new_spell(), "member": "IND", "start_date": "2017-06-09", "notes": "put"}

        response = client_for(actor).put(f"{LIST}{membership.pk}/", data, format="json")

        assert response.status_code == expected, response.content

    @pytest.mark.parametrize(("actor", "expected"), [(row[0], row[4]) for row in MATRIX])
    def test_delete(self, membership, actor, expected):
        response = client_for(actor).delete(f"{LIST}{membership.pk}/")

        assert response.status_code == expected
        assert Membership.objects.filter(pk=membership.pk).exists() == (expected != 204)


@pytest.mark.django_db
class TestPermissionsAreSeparate:
    def test_the_add_permission_does_not_allow_a_delete(self, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))
        client = token_client(make_user("adder", "add_membership"))

        assert client.delete(f"{LIST}{membership.pk}/").status_code == 403

    def test_the_change_permission_does_not_allow_an_add(self, bloc, iran):
        client = token_client(make_user("changer", "change_membership"))

        assert client.post(LIST, new_spell(), format="json").status_code == 403


@pytest.mark.django_db
class TestAuthentication:
    def test_an_invalid_token_is_401_even_for_a_read(self, api):
        api.credentials(HTTP_AUTHORIZATION="Token not-a-token")

        response = api.get("/api/v1/organisations/")

        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"

    def test_basic_authentication_is_not_accepted(self, api, bloc, iran):
        user = make_user("basic", "add_membership")
        user.set_password("pw-123-abc")
        user.save()
        api.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"basic:pw-123-abc").decode())

        response = api.post(LIST, new_spell(), format="json")

        assert response.status_code == 401
        assert Membership.objects.count() == 0

    def test_a_session_write_needs_the_csrf_token(self, editor, bloc, iran):
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(editor)

        response = client.post(LIST, new_spell(), format="json")

        assert response.status_code == 403
        assert "CSRF" in response.json()["detail"]

    def test_a_session_with_the_permission_may_write(self, editor, bloc, iran):
        client = APIClient()
        client.force_login(editor)

        assert client.post(LIST, new_spell(), format="json").status_code == 201


@pytest.mark.django_db
class TestReadOnlyEndpoints:
    @pytest.mark.parametrize(
        "path",
        ["/api/v1/organisations/", "/api/v1/members/", "/api/v1/changes/", "/api/v1/comembership/"],
    )
    def test_an_anonymous_write_is_401(self, api, path):
        assert api.post(path, {}, format="json").status_code == 401

    @pytest.mark.parametrize("path", ["/api/v1/organisations/bloc/", "/api/v1/members/IND/"])
    def test_an_editor_of_spells_may_not_write_organisations_or_members(self, editor, bloc, india, path):
        assert token_client(editor).delete(path).status_code == 403

    def test_even_a_superuser_cannot_write_where_there_is_no_write(self, superuser, bloc):
        MemberFactory(code="IRN")

        assert token_client(superuser).delete("/api/v1/organisations/bloc/").status_code == 405
