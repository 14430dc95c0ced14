"""The site renders in real Chromium under its Content-Security-Policy, with nothing failing to load."""

import pytest

from tests.browser import screenshot


@pytest.mark.django_db
def test_the_admin_login_page_renders_with_no_console_errors_or_csp_violations(page):
    page.goto("/admin/login/")

    assert page.get_by_role("button", name="Log in").is_visible()
    screenshot(page, "admin-login")
    assert page.console_errors == []
