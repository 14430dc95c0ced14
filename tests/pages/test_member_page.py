"""The member page: the same timeline for one member, one row per organisation."""

from datetime import date

import pytest

from blocs.models import Membership
from tests.pages.html import Page

pytestmark = pytest.mark.django_db


def get_page(client, url: str) -> Page:
    response = client.get(url)
    assert response.status_code == 200
    return Page(response.content.decode())


class TestTheMemberPage:
    def test_draws_one_bar_per_spell_across_organisations(self, client, brics_and_sco):
        spells = set(Membership.objects.filter(member__code="IND").values_list("pk", flat=True))

        page = get_page(client, "/members/IND/")

        assert sorted(int(bar.attrs["data-spell"]) for bar in page.bars()) == sorted(spells)

    def test_has_one_row_per_organisation(self, client, brics_and_sco):
        page = get_page(client, "/members/IND/")

        labels = [label.attrs["href"] for label in page.find_all("a", css="row-label")]
        assert labels == ["/organisations/sco/", "/organisations/brics/"]

    def test_titles_each_bar_with_its_spell(self, client, brics_and_sco):
        observer = Membership.objects.get(
            organisation__slug="sco", member__code="IND", status="observer", start_date=date(2005, 7, 5)
        )

        page = get_page(client, "/members/IND/")

        assert page.bar_title(observer.pk) == "India in SCO: observer from 2005-07-05 until 2017-06-09"

    def test_lists_where_it_belonged_on_the_date(self, client, brics_and_sco):
        page = get_page(client, "/members/IND/?on=2017-06-08")

        rows = list(zip(page.table_column("on-date", 0), page.table_column("on-date", 1), strict=True))
        assert rows == [("BRICS", "member"), ("SCO", "observer"), ("SCO", "candidate")]

    def test_a_status_change_shows_on_its_day(self, client, brics_and_sco):
        page = get_page(client, "/members/IND/?on=2017-06-09")

        rows = list(zip(page.table_column("on-date", 0), page.table_column("on-date", 1), strict=True))
        assert rows == [("BRICS", "member"), ("SCO", "member")]

    def test_links_to_the_csv_of_what_is_shown(self, client, brics_and_sco, today):
        html = client.get("/members/IND/?on=2017-06-09").content.decode()

        assert (
            'href="/api/v1/members/IND/memberships/?on=2017-06-09&amp;status=member&amp;format=csv"' in html
        )
        assert (
            f'href="/api/v1/changes/?from=2005-01-01&amp;to={today.isoformat()}&amp;member=IND&amp;format=csv"'
            in html
        )

    def test_the_marker_follows_the_date(self, client, brics_and_sco):
        page = get_page(client, "/members/IND/?on=2017-06-09")

        assert page.marker().attrs["data-date"] == "2017-06-09"

    def test_a_member_with_no_spells_says_so(self, client, brics_and_sco):
        page = get_page(client, "/members/FRA/")

        assert page.bars() == []
        assert "No membership of France is recorded." in page.main_text

    def test_a_lower_case_code_redirects_to_the_member(self, client, brics_and_sco):
        response = client.get("/members/ind/?on=2017-06-09")

        assert response.status_code == 301
        assert response["Location"] == "/members/IND/?on=2017-06-09"

    def test_an_impossible_date_is_reported_and_today_shown(self, client, brics_and_sco, today):
        response = client.get("/members/IND/?on=2017-02-29")

        assert "“2017-02-29” is not a date" in response.content.decode()
        assert Page(response.content.decode()).marker().attrs["data-date"] == today.isoformat()

    def test_an_unknown_code_is_a_404_in_the_sites_style(self, client, db):
        response = client.get("/members/ATL/")

        assert response.status_code == 404
        assert "There is no such page" in response.content.decode()
