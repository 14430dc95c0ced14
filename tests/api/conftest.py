"""Fixtures for the API tests: a client, today pinned, users with and without rights, their tokens."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from blocs import clock

TODAY = date(2024, 6, 1)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """ "Today" is 1 June 2024 in every API test."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture(autouse=True)
def unthrottled(settings: Any) -> Iterator[None]:
    """No anonymous rate limit (the throttling tests set one), and no counts left from other tests."""
    settings.API_ANON_RATE = None
    settings.API_EXPORT_RATE = None
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def make_user(username: str, *permissions: str, superuser: bool = False) -> Any:
    users = get_user_model()
    # No password: these users log in with a token or force_login (and hashing one is slow).
    if superuser:
        return users.objects.create_superuser(username, f"{username}@example.org", None)
    user = users.objects.create_user(username, f"{username}@example.org", None)
    user.user_permissions.set(Permission.objects.filter(codename__in=permissions))
    return user


@pytest.fixture
def reader(db: None) -> Any:
    """Logged in, but without any model permission."""
    return make_user("reader")


@pytest.fixture
def editor(db: None) -> Any:
    """May add, change and delete spells (and nothing else)."""
    return make_user("editor", "add_membership", "change_membership", "delete_membership")


@pytest.fixture
def superuser(db: None) -> Any:
    return make_user("root", superuser=True)


def token_client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def body(response: Any) -> bytes:
    """The whole body of a response, streamed or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content
