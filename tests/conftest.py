from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections, transaction

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


@pytest.fixture
def page(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A page in Debian's Chromium (never a downloaded browser) on the live test server, collecting
    console errors and CSP violations in `page.console_errors`.

    Playwright's sync API runs an event loop in the test's thread while it is open, and Django then
    refuses ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE is set: set for browser tests only, and the
    browser is opened and closed within each test so no loop outlives it.
    """
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium (make test does).")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 900})
        browser_page = context.new_page()
        browser_page.console_errors = []
        browser_page.on(
            "console",
            lambda message: message.type == "error" and browser_page.console_errors.append(message.text),
        )
        browser_page.on("pageerror", lambda error: browser_page.console_errors.append(str(error)))
        yield browser_page
        # While the loop runs, the test's ORM calls get a connection of their own (Django's
        # connections are per asynchronous context): close it, or PostgreSQL cannot drop the test
        # database at the end of the run.
        connections.close_all()
        context.close()
        browser.close()
