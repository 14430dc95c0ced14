"""The organisation page: a timeline of spells, who belonged on a date, the changes and the sources."""

from datetime import date

import pytest

from blocs.models import Membership, Source
from tests.factories import MemberFactory, OrganisationFactory, spell
from tests.pages.html import Page, percent

pytestmark = pytest.mark.django_db


def spell_of(slug: str, code: str, status: str, start: date) -> Membership:
    return Membership.objects.get(organisation__slug=slug, member__code=code, status=status, start_date=start)


def get_page(client, url: str) -> Page:
    response = client.get(url)
    assert response.status_code == 200
    return Page(response.content.decode())


class TestTheTimeline:
    @pytest.mark.parametrize("slug", ["brics", "sco", "shanghai-five"])
    def test_draws_one_bar_per_spell(self, client, brics_and_sco, slug):
        spells = set(Membership.objects.filter(organisation__slug=slug).values_list("pk", flat=True))

        page = get_page(client, f"/organisations/{slug}/")

        drawn = [int(bar.attrs["data-spell"]) for bar in page.bars()]
        assert len(drawn) == len(spells)
        assert set(drawn) == spells

    def test_titles_each_bar_with_its_spell(self, client, brics_and_sco):
        iran = spell_of("brics", "IRN", "member", date(2024, 1, 1))

        page = get_page(client, "/organisations/brics/")

        assert page.bar_title(iran.pk) == "Iran in BRICS: member from 2024-01-01"

    def test_colours_each_bar_by_its_status(self, client, brics_and_sco):
        invited = spell_of("brics", "IRN", "invited", date(2023, 8, 24))

        page = get_page(client, "/organisations/brics/")

        assert {"bar", "bar--invited", "bar--accession"} <= page.bar_rect(invited.pk).classes

    def test_hatches_and_titles_a_disputed_spell(self, client, brics_and_sco):
        saudi = spell_of("brics", "SAU", "member", date(2024, 1, 1))

        page = get_page(client, "/organisations/brics/")

        bar = page.bar(saudi.pk)
        assert bar.attrs["data-disputed"] == "true"
        assert "bar--disputed" in page.bar_rect(saudi.pk).classes
        assert any(child.attrs.get("fill") == "url(#hatch)" for child in bar.children)
        assert page.bar_title(saudi.pk) == "Saudi Arabia in BRICS: member from 2024-01-01 (disputed)"

    def test_leaves_an_undisputed_spell_plain(self, client, brics_and_sco):
        iran = spell_of("brics", "IRN", "member", date(2024, 1, 1))

        page = get_page(client, "/organisations/brics/")

        assert "data-disputed" not in page.bar(iran.pk).attrs
        assert "bar--disputed" not in page.bar_rect(iran.pk).classes

    def test_runs_an_open_ended_spell_to_today(self, client, brics_and_sco, today):
        brazil = spell_of("brics", "BRA", "member", date(2009, 6, 16))

        page = get_page(client, "/organisations/brics/?on=2015-01-01")

        rect = page.bar_rect(brazil.pk)
        right_end = percent(rect.attrs["x"]) + percent(rect.attrs["width"])
        today_line = page.find("line", css="today-line")
        assert right_end == pytest.approx(percent(today_line.attrs["x1"]), abs=0.02)

    def test_fits_the_axis_to_the_organisations_life(self, client, brics_and_sco, today):
        page = get_page(client, "/organisations/brics/")

        chart = page.find("svg", css="chart__plot")
        assert (chart.attrs["data-first"], chart.attrs["data-last"]) == ("2009-01-01", today.isoformat())
        assert [tick.text for tick in page.find_all("text", css="tick")][:2] == ["2010", "2010"]

    def test_ends_the_axis_of_a_dissolved_organisation_after_its_dissolution(self, client, brics_and_sco):
        page = get_page(client, "/organisations/shanghai-five/")

        chart = page.find("svg", css="chart__plot")
        assert (chart.attrs["data-first"], chart.attrs["data-last"]) == ("1996-01-01", "2002-01-01")
        assert page.find_all("line", css="today-line") == []

    def test_has_a_legend_entry_for_each_status_shown_and_for_disputed(self, client, brics_and_sco):
        page = get_page(client, "/organisations/brics/")

        legend = " ".join(page.find("ul", css="legend").text.split())
        for words in ("member", "partner", "invited", "disputed: sources disagree"):
            assert words in legend
        assert "observer" not in legend


class TestTheMarker:
    def test_stands_at_today_by_default(self, client, brics_and_sco, today):
        page = get_page(client, "/organisations/brics/")

        assert page.marker().attrs["data-date"] == today.isoformat()

    def test_stands_at_the_requested_date(self, client, brics_and_sco):
        iran = spell_of("brics", "IRN", "member", date(2024, 1, 1))

        page = get_page(client, "/organisations/brics/?on=2024-01-01")

        assert page.marker().attrs["data-date"] == "2024-01-01"
        assert percent(page.marker().attrs["data-x"]) == percent(page.bar_rect(iran.pk).attrs["x"])

    def test_moves_right_as_the_date_moves_later(self, client, brics_and_sco):
        early = get_page(client, "/organisations/brics/?on=2012-01-01").marker()
        late = get_page(client, "/organisations/brics/?on=2024-01-01").marker()

        assert percent(early.attrs["data-x"]) < percent(late.attrs["data-x"])

    def test_is_left_out_for_a_date_outside_the_chart(self, client, brics_and_sco):
        response = client.get("/organisations/brics/?on=1990-01-01")

        assert Page(response.content.decode()).marker() is None
        assert "1990-01-01 lies outside the years the chart covers" in response.content.decode()


class TestMembersOnADate:
    def test_lists_codes_names_statuses_and_start_dates(self, client, brics_and_sco):
        page = get_page(client, "/organisations/brics/?on=2024-01-01")

        rows = list(
            zip(
                page.table_column("on-date", 0),
                page.table_column("on-date", 1),
                page.table_column("on-date", 2),
                page.table_column("on-date", 3),
                strict=True,
            )
        )
        assert ("IRN", "Iran", "member", "2024-01-01") in rows
        assert ("BRA", "Brazil", "member", "2009-06-16") in rows

    def test_shows_the_status_held_the_day_before_a_change(self, client, brics_and_sco):
        page = get_page(client, "/organisations/brics/?on=2023-12-31")

        statuses = dict(zip(page.table_column("on-date", 0), page.table_column("on-date", 2), strict=True))
        assert statuses["IRN"] == "invited"
        assert statuses["ZAF"] == "member"

    def test_drops_a_spell_on_its_end_date(self, client, brics_and_sco):
        before = get_page(client, "/organisations/brics/?on=2023-12-21")
        on_the_end_date = get_page(client, "/organisations/brics/?on=2023-12-22")

        assert "ARG" in before.table_column("on-date", 0)
        assert "ARG" not in on_the_end_date.table_column("on-date", 0)

    def test_marks_a_disputed_spell(self, client, brics_and_sco):
        page = get_page(client, "/organisations/brics/?on=2024-06-01")

        rows = list(zip(page.table_column("on-date", 0), page.table_column("on-date", 2), strict=True))
        assert ("SAU", "member disputed") in rows
        assert ("SAU", "invited") in rows

    def test_links_to_the_csv_of_the_same_rows(self, client, brics_and_sco):
        response = client.get("/organisations/brics/?on=2024-01-01")

        assert (
            'href="/api/v1/organisations/brics/members/?on=2024-01-01&amp;status=member,invited&amp;format=csv"'
            in response.content.decode()
        )


class TestChanges:
    def test_are_listed_in_date_order(self, client, brics_and_sco):
        page = get_page(client, "/organisations/brics/")

        days = page.table_column("changes", 0)
        assert days == sorted(days)
        assert days[0] == "2009-06-16"

    def test_say_what_happened(self, client, brics_and_sco):
        page = get_page(client, "/organisations/brics/")

        events = list(zip(page.table_column("changes", 1), page.table_column("changes", 2), strict=True))
        assert ("Argentina", "invitation ended: declined") in events
        assert ("Indonesia", "partner → member") in events
        assert ("South Africa", "joined as a member") in events

    def test_grey_out_what_came_after_the_date_shown(self, client, brics_and_sco):
        page = get_page(client, "/organisations/brics/?on=2024-01-01")

        later = [row for row in page.find_all("tr", css="later")]
        assert later
        assert all(row.text.split()[0] > "2024-01-01" for row in later)

    def test_link_to_the_csv_of_the_window_shown(self, client, brics_and_sco, today):
        response = client.get("/organisations/brics/")

        assert (
            f'href="/api/v1/organisations/brics/changes/?from=2009-01-01&amp;to={today.isoformat()}&amp;format=csv"'
            in response.content.decode()
        )


class TestAboutTheOrganisation:
    def test_shows_its_former_names(self, client, brics_and_sco):
        response = client.get("/organisations/brics/")

        assert "BRIC, 2009-06-16 until 2010-12-23" in response.content.decode()

    def test_links_to_its_predecessor(self, client, brics_and_sco):
        page = get_page(client, "/organisations/sco/")

        assert page.find_all("a", href="/organisations/shanghai-five/")

    def test_links_to_its_successor(self, client, brics_and_sco):
        page = get_page(client, "/organisations/shanghai-five/")

        assert page.find_all("a", href="/organisations/sco/")

    def test_links_every_source_of_every_spell(self, client, brics_and_sco):
        urls = set(Source.objects.filter(membership__organisation__slug="sco").values_list("url", flat=True))

        page = get_page(client, "/organisations/sco/")

        linked = {link.attrs["href"] for link in page.find_all("a", within=page.find("table", css="spells"))}
        assert urls <= linked

    def test_gives_each_spell_a_row_that_its_bar_links_to(self, client, brics_and_sco):
        page = get_page(client, "/organisations/sco/")

        rows = {
            row.attrs["id"] for row in page.find_all("tr") if row.attrs.get("id", "").startswith("spell-")
        }
        assert {bar.attrs["href"].lstrip("#") for bar in page.bars()} == rows


class TestAnImpossibleDate:
    @pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "yesterday", "2024-1-1", "20240101"])
    def test_says_so_and_shows_today(self, client, brics_and_sco, today, value):
        response = client.get("/organisations/brics/", {"on": value})

        assert response.status_code == 200
        assert f"“{value}” is not a date" in response.content.decode()
        assert Page(response.content.decode()).marker().attrs["data-date"] == today.isoformat()

    def test_an_empty_date_is_today_without_complaint(self, client, brics_and_sco, today):
        response = client.get("/organisations/brics/?on=")

        assert "is not a date" not in response.content.decode()
        assert Page(response.content.decode()).marker().attrs["data-date"] == today.isoformat()


class TestAnUnknownOrganisation:
    def test_is_a_404_in_the_sites_style(self, client, db):
        response = client.get("/organisations/atlantis/")

        assert response.status_code == 404
        assert "404.html" in [template.name for template in response.templates]
        assert "There is no such page" in response.content.decode()
        assert "Bloc membership tracker" in response.content.decode()


@pytest.mark.django_db
class TestCoverage:
    def test_says_how_the_spells_were_made(self, client):
        OrganisationFactory(slug="brics", acronym="BRICS", checked_through=date(2026, 11, 28))
        OrganisationFactory(slug="cow-un", acronym="UN")

        curated = client.get("/organisations/brics/").content.decode()
        cow = client.get("/organisations/cow-un/").content.decode()

        assert "Curated, checked to 2026-11-28" in curated and "every spell sourced" in curated
        assert "COW years, to 2014" in cow and "at year precision" in cow


@pytest.mark.django_db
class TestDateRanges:
    def test_a_date_the_sources_give_differently_shows_its_range(self, client):
        bloc = OrganisationFactory(slug="ranged", acronym="RNG")
        spell(
            bloc,
            MemberFactory(code="T99", name="Testland"),
            date(2009, 6, 16),
            date(2015, 7, 10),
            status="dialogue_partner",
            start_latest=date(2010, 4, 28),
        )

        html = client.get("/organisations/ranged/").content.decode()

        assert "between 2009-06-16 and 2010-04-28" in html
        assert "EDTF [2009-06-16..2010-04-28]" in html


@pytest.mark.django_db
class TestPastTheEndOfCow:
    def test_an_organisation_known_only_from_cow_says_no_data_after_2014(self, client):
        un = OrganisationFactory(slug="cow-un", acronym="UN")
        spell(un, MemberFactory(code="T98"), date(1945, 1, 1), date(2015, 1, 1))

        html = client.get("/organisations/cow-un/?on=2020-01-01").content.decode()

        assert "No data after 2014" in html
        assert "Nobody held any status" not in html

    def test_a_curated_one_still_says_nobody(self, client):
        quiet = OrganisationFactory(slug="quiet", acronym="QT")
        spell(quiet, MemberFactory(code="T97"), date(2001, 1, 1), date(2019, 1, 1))

        html = client.get("/organisations/quiet/?on=2020-01-01").content.decode()

        assert "Nobody held any status in QT on 2020-01-01" in html
