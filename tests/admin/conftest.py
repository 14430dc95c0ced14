"""People and places for the admin tests: the three roles, and a small BRICS."""

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blocs.bootstrap import LoadReport, ensure_editors_group
from blocs.choices import OrganisationKind
from blocs.models import Member, Organisation
from tests.factories import MemberFactory, OrganisationFactory

PASSWORD = "a-long-test-password-1"
TODAY = date(2025, 6, 1)


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    """Users are made in almost every test here: hash their passwords cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Every admin test runs on 2025-06-01."""
    monkeypatch.setattr("blocs.clock.today", lambda: TODAY)
    return TODAY


@pytest.fixture
def editor(db: None) -> AbstractUser:
    """Staff in the Editors group, as bootstrap sets it up."""
    user = get_user_model().objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)
    user.groups.add(ensure_editors_group(LoadReport()))
    return user


@pytest.fixture
def superuser(db: None) -> AbstractUser:
    return get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)


@pytest.fixture
def bare_staff(db: None) -> AbstractUser:
    """Staff with no group and no permission."""
    return get_user_model().objects.create_user("newcomer", "new@example.org", PASSWORD, is_staff=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def brics(db: None) -> Organisation:
    return OrganisationFactory(
        slug="brics",
        acronym="BRICS",
        name="BRICS",
        kind=OrganisationKind.POLITICAL_FORUM,
        founded_on=date(2009, 6, 16),
    )


@pytest.fixture
def indonesia(db: None) -> Member:
    return MemberFactory(code="IDN", name="Indonesia", iso2="ID", cow_code=850)


@pytest.fixture
def count_queries() -> Callable[[Callable[[], object]], int]:
    """How many queries a call makes."""

    def count(call: Callable[[], object]) -> int:
        with CaptureQueriesContext(connection) as queries:
            call()
        return len(queries)

    return count
