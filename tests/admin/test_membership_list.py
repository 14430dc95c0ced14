"""The list of spells: its columns, one test per filter, search, the date hierarchy, and a query count
that does not grow with rows."""

from datetime import date
from itertools import product

import pytest

from tests.factories import MemberFactory, OrganisationFactory, spell

LIST = "/admin/blocs/membership/"


def shown(client, **params) -> list[tuple[str, str, str]]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return sorted(
        (membership.member.code, membership.organisation.acronym, membership.status)
        for membership in response.context["cl"].result_list
    )


@pytest.fixture
def spells(brics, india, indonesia, iran):
    """India a member since 2009; Indonesia invited 2023-08-24 -> 2025-01-06 then a member; Iran a
    member 2024-01-01 -> 2025-06-01 (ended on the pinned today), disputed, without a source."""
    spell(brics, india, date(2009, 6, 16))
    spell(brics, indonesia, date(2023, 8, 24), date(2025, 1, 6), status="invited")
    spell(brics, indonesia, date(2025, 1, 6))
    spell(brics, iran, date(2024, 1, 1), date(2025, 6, 1), disputed=True, dispute_note="test", sources=[])


@pytest.mark.django_db
class TestTheColumns:
    def test_show_member_organisation_status_dates_ongoing_disputed_and_sources(self, editor_client, spells):
        response = editor_client.get(LIST)

        columns = [name for name in response.context["cl"].list_display if name != "action_checkbox"]
        assert columns == [
            "member",
            "organisation",
            "status",
            "start_date",
            "end_date",
            "ongoing",
            "disputed",
            "sources",
        ]

    def test_ongoing_is_decided_on_today_and_the_end_date_is_excluded(self, editor_client, spells):
        rows = editor_client.get(LIST).context["cl"].result_list

        ongoing = {(row.member.code, row.status): row.is_ongoing for row in rows}
        assert ongoing == {
            ("IND", "member"): True,
            ("IDN", "invited"): False,
            ("IDN", "member"): True,
            ("IRN", "member"): False,
        }

    def test_a_spell_without_a_source_is_marked(self, editor_client, spells):
        content = editor_client.get(LIST).content.decode()

        assert content.count("⚠ none") == 1


@pytest.mark.django_db
class TestTheFilters:
    def test_active_on_a_date(self, editor_client, spells):
        assert shown(editor_client, active_on="2024-06-01") == [
            ("IDN", "BRICS", "invited"),
            ("IND", "BRICS", "member"),
            ("IRN", "BRICS", "member"),
        ]

    def test_active_on_includes_the_start_date_and_excludes_the_end_date(self, editor_client, spells):
        assert shown(editor_client, active_on="2025-01-06") == [
            ("IDN", "BRICS", "member"),
            ("IND", "BRICS", "member"),
            ("IRN", "BRICS", "member"),
        ]

    def test_active_on_with_a_bad_date_says_so_and_does_not_filter(self, editor_client, spells):
        response = editor_client.get(LIST, {"active_on": "2025-13-01"})

        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == 4
        assert "“2025-13-01” is not a date" in response.content.decode()

    def test_active_on_keeps_the_other_filters_in_its_form(self, editor_client, spells):
        content = editor_client.get(LIST, {"status__exact": "member", "q": "IDN"}).content.decode()

        assert '<input type="hidden" name="status__exact" value="member">' in content
        assert '<input type="hidden" name="q" value="IDN">' in content

    def test_organisation(self, editor_client, spells, brics, india):
        spell(OrganisationFactory(acronym="SCO"), india, date(2017, 6, 9))

        rows = shown(editor_client, organisation__id__exact=brics.pk)

        assert len(rows) == 4 and {acronym for _code, acronym, _status in rows} == {"BRICS"}

    def test_status(self, editor_client, spells):
        assert shown(editor_client, status__exact="invited") == [("IDN", "BRICS", "invited")]

    def test_family(self, editor_client, spells):
        assert shown(editor_client, family="accession") == [("IDN", "BRICS", "invited")]

    def test_ongoing(self, editor_client, spells):
        assert shown(editor_client, ongoing="yes") == [("IDN", "BRICS", "member"), ("IND", "BRICS", "member")]

    def test_ended(self, editor_client, spells):
        assert shown(editor_client, ongoing="no") == [("IDN", "BRICS", "invited"), ("IRN", "BRICS", "member")]

    def test_disputed(self, editor_client, spells):
        assert shown(editor_client, disputed__exact="1") == [("IRN", "BRICS", "member")]

    def test_without_a_source(self, editor_client, spells):
        assert shown(editor_client, sourced="no") == [("IRN", "BRICS", "member")]

    def test_with_a_source(self, editor_client, spells):
        assert ("IRN", "BRICS", "member") not in shown(editor_client, sourced="yes")

    def test_counts_can_be_shown_beside_every_filter(self, editor_client, spells):
        response = editor_client.get(LIST, {"_facets": "1"})

        assert response.status_code == 200


@pytest.mark.django_db
class TestSearchAndDates:
    def test_search_by_member_code(self, editor_client, spells):
        assert shown(editor_client, q="IRN") == [("IRN", "BRICS", "member")]

    def test_search_by_member_name(self, editor_client, spells):
        assert shown(editor_client, q="indo") == [("IDN", "BRICS", "invited"), ("IDN", "BRICS", "member")]

    def test_date_hierarchy_on_start_date(self, editor_client, spells):
        assert shown(editor_client, start_date__year="2025") == [("IDN", "BRICS", "member")]


@pytest.mark.django_db
def test_a_list_of_500_spells_costs_the_same_queries_as_a_list_of_5(editor_client, count_queries):
    organisations = [OrganisationFactory() for _ in range(25)]
    members = [MemberFactory() for _ in range(20)]
    pairs = list(product(organisations, members))
    for organisation, member in pairs[:5]:
        spell(organisation, member, date(2000, 1, 1))
    few = count_queries(lambda: editor_client.get(LIST, {"ongoing": "yes"}))

    for organisation, member in pairs[5:]:
        spell(organisation, member, date(2000, 1, 1))
    many = count_queries(lambda: editor_client.get(LIST, {"ongoing": "yes"}))

    assert few == many
