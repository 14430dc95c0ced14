from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, transaction

from blocs.bootstrap import FIXTURES_DIR, LoadReport, load_fixtures, seed_members
from blocs.models import Member, Organisation
from tests.factories import MemberFactory, OrganisationFactory


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Production serves collected, hashed files (`make run` collects them); tests serve the
    # source files through the finders, so they need no collectstatic step.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (CI runs the suite on PostgreSQL too)",
)
requires_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite-only mechanism (CI runs the suite on SQLite too)",
)


@pytest.fixture
def bloc(db: None) -> Organisation:
    return OrganisationFactory(slug="bloc", acronym="BLOC", name="Test Bloc")


@pytest.fixture
def india(db: None) -> Member:
    return MemberFactory(code="IND", name="India")


@pytest.fixture
def iran(db: None) -> Member:
    return MemberFactory(code="IRN", name="Iran")


def load_reference_data(*names: str) -> LoadReport:
    """Members from ISO 3166 and COW, and the named fixture files."""
    report = LoadReport()
    seed_members(report)
    load_fixtures([Path(FIXTURES_DIR) / name for name in names], report)
    return report


@pytest.fixture(scope="module")
def brics_and_sco(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """BRICS and the SCO loaded once for a module, rolled back at its end."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        with transaction.atomic():
            load_reference_data("brics.yaml", "sco.yaml")
            yield
            transaction.set_rollback(True)
