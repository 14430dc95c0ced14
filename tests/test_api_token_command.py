"""`python manage.py api_token issue|revoke USERNAME`."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def alice(db):
    return get_user_model().objects.create_user("alice")


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class TestApiToken:
    def test_issue_prints_a_token_that_authenticates_the_user(self, alice):
        output = run("issue", "alice")

        key = Token.objects.get(user=alice).key
        assert key in output
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert client.get("/api/v1/organisations/").status_code == 200

    def test_issuing_again_replaces_the_old_token(self, alice):
        run("issue", "alice")
        old = Token.objects.get(user=alice).key

        output = run("issue", "alice")

        assert Token.objects.get(user=alice).key != old
        assert "previous token no longer works" in output

    def test_revoke_deletes_the_token(self, alice):
        run("issue", "alice")
        key = Token.objects.get(user=alice).key

        run("revoke", "alice")

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert client.get("/api/v1/organisations/").status_code == 401

    def test_revoke_without_a_token_says_so(self, alice):
        assert "had no token" in run("revoke", "alice")

    def test_an_unknown_user_is_an_error(self, db):
        with pytest.raises(CommandError, match="No user is called 'nobody'"):
            run("issue", "nobody")

    def test_an_inactive_user_gets_no_token(self, alice):
        alice.is_active = False
        alice.save()

        with pytest.raises(CommandError, match="not active"):
            run("issue", "alice")

        assert not Token.objects.exists()
