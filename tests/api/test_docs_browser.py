"""The interactive API docs render in real Chromium under the site's CSP, with no request elsewhere."""

from datetime import date

import pytest

from tests.browser import screenshot
from tests.factories import MemberFactory, OrganisationFactory, spell


@pytest.mark.browser
@pytest.mark.django_db
def test_the_docs_page_lists_the_endpoints_with_no_console_errors_or_outside_requests(page, live_server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto("/api/docs/")
    page.get_by_text("/api/v1/organisations/{slug}/members/").first.wait_for()

    screenshot(page, "api-docs")
    assert page.console_errors == []
    assert requested and all(url.startswith(live_server.url) for url in requested), requested


@pytest.fixture
def india_in_a_bloc(transactional_db):
    """Made before the browser opens: once Playwright's event loop runs in this thread, Django would
    give the ORM another connection, which the test's teardown does not close."""
    spell(
        OrganisationFactory(slug="bloc", acronym="BLOC"),
        MemberFactory(code="IND", name="India"),
        date(2017, 6, 9),
    )


@pytest.mark.browser
def test_the_docs_page_tries_an_endpoint(india_in_a_bloc, page):
    page.goto("/api/docs/")
    page.get_by_text("/api/v1/organisations/{slug}/members/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_placeholder("slug").fill("bloc")
    page.get_by_placeholder("on").fill("2024-01-01")
    page.get_by_role("button", name="Execute").click()

    page.locator(".response-col_description .microlight").filter(has_text='"code": "IND"').first.wait_for()
    screenshot(page, "api-docs-try-it-out")
    assert page.console_errors == []
