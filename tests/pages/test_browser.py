"""The public pages in real Chromium (Debian's), under the Content-Security-Policy, at desktop and phone
widths. Screenshots go to artifacts/screenshots/ (git-ignored) for people to look at."""

from datetime import date

import pytest
from django.core import serializers
from django.db import connection, transaction

from blocs.models import Member, Membership, Organisation, OrganisationName, Source
from tests.browser import screenshot
from tests.conftest import load_reference_data

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def reference_rows(django_db_setup, django_db_blocker) -> str:
    """BRICS and the SCO loaded once through the app's own loader, kept as serialized rows."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data("brics.yaml", "sco.yaml")
        rows = serializers.serialize(
            "json",
            [
                *Organisation.objects.all(),
                *OrganisationName.objects.all(),
                *Member.objects.all(),
                *Membership.objects.all(),
                *Source.objects.all(),
            ],
        )
        transaction.set_rollback(True)
    with django_db_blocker.unblock():
        connection.close()  # see blocs_loaded
    return rows


@pytest.fixture
def blocs_loaded(transactional_db, reference_rows):
    """Those rows, committed so the live server sees them (flushed after each test)."""
    with transaction.atomic():
        for row in serializers.deserialize("json", reference_rows):
            row.save()
    # Once Playwright's loop runs in this thread, Django can hand this code a connection other than the
    # one the test run closes at the end; left open, PostgreSQL refuses to drop the test database.
    connection.close()


def marker(page) -> tuple[str, float]:
    group = page.locator("g.marker")
    return group.get_attribute("data-date"), float(group.get_attribute("data-x"))


def codes_on_date(page) -> list[str]:
    return page.locator("table.on-date td.code").all_inner_texts()


PAGES = [
    ("/", "Who belonged to which bloc, and when"),
    ("/?q=iran", "Who belonged to which bloc, and when"),
    ("/organisations/brics/", "BRICS"),
    ("/organisations/sco/?on=2017-06-09", "SCO Shanghai Cooperation Organisation"),
    ("/organisations/shanghai-five/", "Shanghai Five"),
    ("/members/IND/", "India IND"),
    ("/organisations/brics/?on=2024-13-01", "BRICS"),
]


class TestEveryPage:
    def test_loads_with_no_console_errors_or_csp_violations(self, page, blocs_loaded):
        for url, heading in PAGES:
            page.goto(url)

            assert page.locator("h1").inner_text() == heading, url
        assert page.console_errors == []

    def test_the_404_page_is_in_the_sites_style(self, page, blocs_loaded):
        response = page.goto("/organisations/atlantis/")

        assert response.status == 404
        assert page.locator("h1").inner_text() == "There is no such page"
        assert page.locator(".site-header").is_visible()
        # The only console message is the browser's own note of the 404 response itself.
        assert all("404" in message for message in page.console_errors)


class TestScreenshots:
    def test_at_desktop_and_phone_width(self, page, blocs_loaded):
        """Saved for people to look at: artifacts/screenshots/{brics,sco,home,member-ind}-{1400,phone}.png."""
        for name, viewport in (("1400", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            for slug, on in (("brics", "2024-01-01"), ("sco", "2017-06-09")):
                page.goto(f"/organisations/{slug}/?on={on}")
                screenshot(page, f"{slug}-{name}")
                screenshot(page, f"{slug}-{name}-top", full_page=False)
                assert page.locator("svg.chart__plot").is_visible()
            page.goto("/")
            screenshot(page, f"home-{name}")
            page.goto("/members/IND/")
            screenshot(page, f"member-ind-{name}")

        assert page.console_errors == []


class TestTheDateForm:
    def test_moves_the_marker_and_updates_the_table(self, page, blocs_loaded):
        page.goto("/organisations/brics/?on=2024-01-01")
        before_date, before_x = marker(page)
        assert "IRN" in codes_on_date(page)

        page.get_by_label("Show the date").fill("2012-01-01")
        page.get_by_role("button", name="Show", exact=True).click()
        page.wait_for_url("**/organisations/brics/?on=2012-01-01")

        after_date, after_x = marker(page)
        assert (before_date, after_date) == ("2024-01-01", "2012-01-01")
        assert after_x < before_x
        assert sorted(codes_on_date(page)) == ["BRA", "CHN", "IND", "RUS", "ZAF"]
        assert page.locator("#members-on-date").inner_text() == "On 2012-01-01"
        assert page.console_errors == []

    def test_works_without_javascript(self, page, blocs_loaded, live_server):
        context = page.context.browser.new_context(
            base_url=live_server.url, java_script_enabled=False, viewport=DESKTOP
        )
        plain = context.new_page()
        plain.goto("/organisations/sco/")
        plain.get_by_label("Show the date").fill("2017-06-09")
        plain.get_by_role("button", name="Show", exact=True).click()
        plain.wait_for_url("**/organisations/sco/?on=2017-06-09")

        assert plain.locator("g.marker").get_attribute("data-date") == "2017-06-09"
        assert "IND" in plain.locator("table.on-date td.code").all_inner_texts()
        context.close()

    def test_the_home_page_form_goes_to_the_snapshot(self, page, blocs_loaded):
        page.goto("/")

        page.locator("select[name=organisation]").select_option("sco")
        page.locator("input[name=on]").fill("2017-06-09")
        page.get_by_role("button", name="Show members").click()
        page.wait_for_url("**/organisations/sco/?on=2017-06-09")

        assert marker(page)[0] == "2017-06-09"


class TestBars:
    def test_a_bars_title_is_its_accessible_name(self, page, blocs_loaded):
        iran = Membership.objects.get(
            organisation__slug="brics", member__code="IRN", status="member", start_date=date(2024, 1, 1)
        )
        page.goto("/organisations/brics/")

        bar = page.locator(f'a.bar-link[data-spell="{iran.pk}"]')

        assert bar.locator("title").text_content() == "Iran in BRICS: member from 2024-01-01"
        assert page.get_by_role("link", name="Iran in BRICS: member from 2024-01-01").count() == 1

    def test_a_disputed_bar_is_hatched(self, page, blocs_loaded):
        page.goto("/organisations/brics/")

        disputed = page.locator('a.bar-link[data-disputed="true"]')

        assert (
            disputed.count() == Membership.objects.filter(organisation__slug="brics", disputed=True).count()
        )
        assert disputed.first.locator("rect.bar-hatch").get_attribute("fill") == "url(#hatch)"
        assert (
            disputed.first.locator("rect.bar").evaluate("r => getComputedStyle(r).strokeDasharray") != "none"
        )

    def test_a_bar_can_be_reached_and_followed_with_the_keyboard(self, page, blocs_loaded):
        page.goto("/organisations/brics/")
        bar = page.locator("a.bar-link").first
        spell = bar.get_attribute("data-spell")

        bar.focus()
        focused = page.evaluate("document.activeElement.getAttribute('data-spell')")
        page.keyboard.press("Enter")

        assert focused == spell
        page.wait_for_url(f"**#spell-{spell}")
        assert page.locator(f"#spell-{spell}").is_visible()


class TestPhoneWidth:
    def test_the_chart_scrolls_in_its_own_box_and_the_page_does_not(self, page, blocs_loaded):
        page.set_viewport_size(PHONE)
        page.goto("/organisations/sco/")

        page_width = page.evaluate("document.documentElement.scrollWidth")
        chart = page.locator(".chart-scroll")
        scroll_width, client_width = chart.evaluate("box => [box.scrollWidth, box.clientWidth]")

        assert page_width <= PHONE["width"]
        assert scroll_width > client_width
        assert page.locator(".row-label__short").first.is_visible()
        assert not page.locator(".row-label__long").first.is_visible()
