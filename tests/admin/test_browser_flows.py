"""The editor's main flows, in real headless Chromium under the site's Content-Security-Policy.

Each flow ends with a screenshot in artifacts/screenshots/ and no console error (no CSP violation, no
script error). The database is shared with the live server, so these tests commit (transaction=True).
"""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from blocs.models import Membership
from tests.admin.conftest import PASSWORD
from tests.browser import screenshot
from tests.factories import OrganisationFactory, spell

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


SOURCE_URL = "https://www.gov.br/planalto/en/latest-news/2025/01/indonesia-joins-brics"


def log_in(page: Page, username: str = "editor") -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url("/admin/")


def choose(page: Page, field: str, typed: str, option: str) -> None:
    """Pick a value in an autocomplete box, as a person would: open it, type, click the match."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()


def test_an_editor_logs_in(page, editor):
    log_in(page)

    expect(page.get_by_role("link", name="Memberships")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Bloc membership")
    screenshot(page, "admin-1-logged-in")
    assert page.console_errors == []


def test_an_editor_adds_indonesia_to_brics_as_a_member_with_a_source(page, editor, brics, indonesia):
    log_in(page)
    page.goto("/admin/blocs/membership/add/")

    choose(page, "organisation", "BRICS", "BRICS")
    choose(page, "member", "Indon", "Indonesia")
    page.select_option("#id_status", "member")
    page.fill("#id_start_date", "2025-01-06")
    page.fill("#id_sources-0-url", SOURCE_URL)
    page.fill("#id_sources-0-publisher", "Presidency of Brazil")
    page.fill("#id_sources-0-title", "Indonesia becomes a full member of BRICS")
    page.fill("#id_sources-0-published_on", "2025-01-06")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    screenshot(page, "admin-2-indonesia-added-to-brics")
    membership = Membership.objects.get(organisation=brics, member=indonesia)
    assert (membership.status, membership.start_date, membership.end_date) == (
        "member",
        date(2025, 1, 6),
        None,
    )
    assert membership.sources.get().url == SOURCE_URL
    assert membership.history.get().history_user == editor
    assert page.console_errors == []


def test_an_overlapping_spell_is_refused_naming_the_spell_it_collides_with(page, editor, brics, indonesia):
    spell(brics, indonesia, date(2025, 1, 6))
    log_in(page)
    page.goto("/admin/blocs/membership/add/")

    choose(page, "organisation", "BRICS", "BRICS")
    choose(page, "member", "IDN", "Indonesia")
    page.select_option("#id_status", "partner")
    page.fill("#id_start_date", "2025-03-01")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("ul.errorlist.nonfield")).to_contain_text(
        "Indonesia already holds member status in BRICS from 2025-01-06 (ongoing), which overlaps this spell."
    )
    screenshot(page, "admin-3-overlap-refused")
    assert Membership.objects.count() == 1
    assert page.console_errors == []


def test_an_editor_records_a_status_change(page, editor, india):
    sco = OrganisationFactory(slug="sco", acronym="SCO", name="Shanghai Cooperation Organisation")
    observer = spell(sco, india, date(2005, 7, 5), status="observer")
    log_in(page)
    page.goto("/admin/blocs/membership/")

    page.locator(f"input[name=_selected_action][value='{observer.pk}']").check()
    page.select_option("select[name=action]", "record_status_change")
    page.get_by_role("button", name="Go").click()
    page.fill("#id_on_date", "2017-06-09")
    page.select_option("#id_status", "member")
    page.get_by_role("button", name="Review the change").click()
    expect(page.locator(".action-plan")).to_contain_text(
        "India in SCO: observer until 2017-06-09, member from 2017-06-09."
    )
    page.get_by_role("button", name="Yes, record the change").click()

    expect(page.locator(".messagelist .success")).to_contain_text("Record a status change: done.")
    screenshot(page, "admin-4-status-changed")
    observer.refresh_from_db()
    assert (observer.end_date, observer.end_reason) == (date(2017, 6, 9), "status_changed")
    assert Membership.objects.get(status="member").start_date == date(2017, 6, 9)
    assert page.console_errors == []


def test_an_editor_imports_a_csv_with_one_bad_row_and_reads_the_dry_run(
    page, editor, brics, india, indonesia
):
    spell(brics, india, date(2009, 6, 16))
    rows = [
        "organisation,member,status,start_date,end_date,source_url,source_publisher,source_published_on",
        f"brics,IDN,invited,2023-08-24,2025-01-06,{SOURCE_URL},Presidency of Brazil,2025-01-06",
        f"brics,IDN,member,2025-01-06,,{SOURCE_URL},Presidency of Brazil,2025-01-06",
        "brics,XXX,member,2025-01-06,,,,",
    ]
    log_in(page)
    page.goto("/admin/blocs/membership/import/")

    page.set_input_files(
        "#id_import_file",
        files=[{"name": "brics-2025.csv", "mimeType": "text/csv", "buffer": "\n".join(rows).encode()}],
    )
    expect(page.locator("#id_format")).to_have_value("0")  # guessed from the file name
    page.get_by_role("button", name="Check the file (dry run)").click()

    report = page.locator(".import-report")
    expect(report).to_contain_text("3 rows: 2 new spells, 0 changed, 0 unchanged, 1 with errors.")
    expect(report.locator("tr.import-row-invalid")).to_contain_text("There is no member with code “XXX”.")
    expect(report.locator("tr.import-row-new")).to_have_count(2)
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    screenshot(page, "admin-5-import-dry-run")
    assert Membership.objects.count() == 1
    assert page.console_errors == []


def test_an_editor_reads_the_members_of_brics_on_a_date(page, editor, brics, india, indonesia):
    spell(brics, india, date(2009, 6, 16))
    spell(brics, indonesia, date(2023, 8, 24), date(2025, 1, 6), status="invited")
    spell(brics, indonesia, date(2025, 1, 6))
    log_in(page)
    page.goto(f"/admin/blocs/organisation/{brics.pk}/change/")
    panel = page.locator("#members-on")

    page.fill("#id_members_on", "2025-01-05")
    panel.get_by_role("button", name="Show").click()
    expect(panel).to_contain_text("2 spells apply on this day: invited 1, member 1.")
    page.fill("#id_members_on", "2025-01-06")
    panel.get_by_role("button", name="Show").click()

    expect(panel.locator("h2")).to_have_text("Members on 2025-01-06")
    expect(panel.locator("tbody tr")).to_have_count(2)
    expect(panel).to_contain_text("2 spells apply on this day: member 2.")
    panel.scroll_into_view_if_needed()
    screenshot(page, "admin-6-members-on-a-date", full_page=False)
    assert page.console_errors == []
