"""The home page: every organisation with its kind, member count and sparkline; search; a date form."""

from datetime import date

import pytest

from blocs.models import Membership, Organisation
from tests.factories import OrganisationFactory, spell
from tests.pages.html import Page

pytestmark = pytest.mark.django_db


def get_page(client, url: str) -> Page:
    response = client.get(url)
    assert response.status_code == 200
    return Page(response.content.decode())


def organisation_rows(page: Page) -> dict[str, tuple[str, str]]:
    """acronym -> (kind, members today), from the organisations table."""
    acronyms = [
        strong.text for strong in page.find_all("strong", within=page.find("table", css="organisations"))
    ]
    return dict(
        zip(
            acronyms,
            zip(page.table_column("organisations", 1), page.table_column("organisations", 2), strict=True),
            strict=True,
        )
    )


class TestTheOrganisationList:
    def test_lists_every_organisation_with_its_kind_and_members_today(self, client, brics_and_sco):
        page = get_page(client, "/")

        rows = organisation_rows(page)
        assert set(rows) == set(Organisation.objects.values_list("acronym", flat=True))
        assert rows["BRICS"] == ("political forum", "11")
        assert rows["SCO"] == ("political forum", "10")
        assert rows["Shanghai Five"] == ("political forum", "dissolved 2001")

    def test_counts_members_on_today(self, client, brics_and_sco, today):
        expected = (
            Membership.objects.filter(organisation__slug="sco", status="member").active_on(today).count()
        )

        rows = organisation_rows(get_page(client, "/"))

        assert rows["SCO"][1] == str(expected)

    def test_draws_a_sparkline_for_each_organisation(self, client, brics_and_sco):
        page = get_page(client, "/")

        titles = [
            " ".join(title.text.split()) for title in page.find_all("title") if "full members" in title.text
        ]
        assert len(page.find_all("svg", css="sparkline")) == Organisation.objects.count()
        assert "BRICS full members: 4 in 2009, 11 today, at most 11" in titles
        assert "Shanghai Five full members: 5 in 1996, dissolved in 2001, at most 5" in titles

    def test_links_each_organisation_to_its_page(self, client, brics_and_sco):
        page = get_page(client, "/")

        assert page.find_all("a", href="/organisations/brics/")
        assert page.find_all("a", href="/organisations/sco/")


class TestSearch:
    def test_finds_organisations_by_name(self, client, brics_and_sco):
        rows = organisation_rows(get_page(client, "/?q=shanghai"))

        assert set(rows) == {"SCO", "Shanghai Five"}

    def test_finds_members_by_name_or_code(self, client, brics_and_sco):
        by_name = get_page(client, "/?q=iran")
        by_code = get_page(client, "/?q=IRN")

        assert by_name.find_all("a", href="/members/IRN/")
        assert by_code.find_all("a", href="/members/IRN/")

    def test_says_when_nothing_matches(self, client, brics_and_sco):
        page = get_page(client, "/?q=zzzz")

        assert "No organisation matches." in page.main_text
        assert "No member matches." in page.main_text


class TestTheDateForm:
    def test_offers_every_organisation(self, client, brics_and_sco):
        page = get_page(client, "/")

        options = [option.attrs["value"] for option in page.find_all("option")]
        assert options == list(Organisation.objects.order_by("acronym").values_list("slug", flat=True))

    def test_goes_to_the_organisation_on_that_date(self, client, brics_and_sco):
        response = client.get("/snapshot/", {"organisation": "brics", "on": "2024-01-01"})

        assert response.status_code == 302
        assert response["Location"] == "/organisations/brics/?on=2024-01-01"

    def test_with_an_unknown_organisation_is_a_404(self, client, brics_and_sco):
        response = client.get("/snapshot/", {"organisation": "atlantis", "on": "2024-01-01"})

        assert response.status_code == 404


class TestMemberCountsByOrganisation:
    def test_counts_each_organisation_on_each_day_with_the_end_date_excluded(self, bloc, india, iran):
        other = OrganisationFactory(slug="other")
        spell(bloc, india, date(2000, 1, 1), date(2010, 1, 1))
        spell(bloc, iran, date(2005, 1, 1))
        spell(other, iran, date(2009, 12, 31), date(2010, 1, 1))

        counts = Membership.objects.member_counts_by_organisation(
            [date(1999, 12, 31), date(2005, 1, 1), date(2009, 12, 31), date(2010, 1, 1)]
        )

        assert counts[bloc.pk] == {
            date(1999, 12, 31): 0,
            date(2005, 1, 1): 2,
            date(2009, 12, 31): 2,
            date(2010, 1, 1): 1,
        }
        assert counts[other.pk] == {
            date(1999, 12, 31): 0,
            date(2005, 1, 1): 0,
            date(2009, 12, 31): 1,
            date(2010, 1, 1): 0,
        }


class TestCoverage:
    def test_each_organisation_says_whether_it_is_curated_or_cow_years(self, client):
        OrganisationFactory(slug="brics", acronym="BRICS", checked_through=date(2026, 11, 28))
        OrganisationFactory(slug="cow-un", acronym="UN")

        page = get_page(client, "/")

        data = dict(
            zip(
                [
                    strong.text
                    for strong in page.find_all("strong", within=page.find("table", css="organisations"))
                ],
                page.table_column("organisations", 5),
                strict=True,
            )
        )
        assert (data["BRICS"], data["UN"]) == ("Curated, checked to 2026-11-28", "COW years, to 2014")

    def test_the_curated_organisations_come_first(self, client):
        OrganisationFactory(slug="cow-acp", acronym="ACP")
        OrganisationFactory(slug="zeta", acronym="ZETA")

        page = get_page(client, "/")

        acronyms = [
            strong.text for strong in page.find_all("strong", within=page.find("table", css="organisations"))
        ]
        assert acronyms.index("ZETA") < acronyms.index("ACP") == len(acronyms) - 1
