"""The organisation pages: the list with today's member count, search, the spells inline and the
"members on a date" panel."""

from datetime import date

import pytest

from blocs.choices import OrganisationKind
from blocs.models import Membership, OrganisationName
from tests.factories import MemberFactory, OrganisationFactory, spell

LIST = "/admin/blocs/organisation/"


def change_url(organisation) -> str:
    return f"/admin/blocs/organisation/{organisation.pk}/change/"


def listed(response) -> list[str]:
    return [organisation.acronym for organisation in response.context["cl"].result_list]


@pytest.mark.django_db
class TestTheOrganisationList:
    def test_shows_acronym_name_kind_and_todays_member_count(self, editor_client, brics, india, iran):
        spell(brics, india, date(2009, 6, 16))
        spell(brics, iran, date(2024, 1, 1), date(2025, 6, 1))  # ended on the pinned today: not counted

        response = editor_client.get(LIST)

        row = response.context["cl"].result_list[0]
        columns = [name for name in response.context["cl"].list_display if name != "action_checkbox"]
        assert columns == ["acronym", "name", "kind", "member_count"]
        assert (row.acronym, row.member_count) == ("BRICS", 1)
        assert b"Members today" in response.content

    def test_counts_members_only_not_partners(self, editor_client, brics, india, iran):
        spell(brics, india, date(2009, 6, 16))
        spell(brics, iran, date(2025, 1, 1), status="partner")

        response = editor_client.get(LIST)

        assert response.context["cl"].result_list[0].member_count == 1

    def test_costs_the_same_queries_for_five_organisations_as_for_fifty(self, editor_client, count_queries):
        members = [MemberFactory() for _ in range(3)]

        def organisations(number: int) -> None:
            for _ in range(number):
                organisation = OrganisationFactory()
                for member in members:
                    spell(organisation, member, date(2000, 1, 1))

        organisations(5)
        few = count_queries(lambda: editor_client.get(LIST))
        organisations(45)
        many = count_queries(lambda: editor_client.get(LIST))

        assert few == many

    def test_is_searched_by_name(self, editor_client, brics):
        OrganisationFactory(acronym="SCO", name="Shanghai Cooperation Organisation")

        assert listed(editor_client.get(LIST, {"q": "shanghai"})) == ["SCO"]

    def test_is_searched_by_acronym(self, editor_client, brics):
        OrganisationFactory(acronym="SCO", name="Shanghai Cooperation Organisation")

        assert listed(editor_client.get(LIST, {"q": "brics"})) == ["BRICS"]

    def test_is_searched_by_a_former_name(self, editor_client, brics):
        OrganisationName.objects.create(
            organisation=brics, name="BRIC", acronym="BRIC", end_date=date(2010, 12, 24)
        )
        OrganisationFactory(acronym="SCO", name="Shanghai Cooperation Organisation")

        assert listed(editor_client.get(LIST, {"q": "BRIC"})) == ["BRICS"]

    def test_is_filtered_by_kind(self, editor_client, brics):
        OrganisationFactory(acronym="NATO", kind=OrganisationKind.SECURITY_ALLIANCE)

        assert listed(editor_client.get(LIST, {"kind__exact": "security_alliance"})) == ["NATO"]


@pytest.mark.django_db
class TestTheOrganisationPage:
    def test_shows_former_names_and_spells_inline(self, editor_client, brics, india):
        OrganisationName.objects.create(organisation=brics, name="BRIC", end_date=date(2010, 12, 24))
        spell(brics, india, date(2009, 6, 16))

        response = editor_client.get(change_url(brics))

        formsets = {formset.formset.prefix: formset for formset in response.context["inline_admin_formsets"]}
        assert set(formsets) == {"former_names", "memberships"}
        assert formsets["memberships"].formset.forms[0].instance.member == india

    def test_links_each_spell_to_its_page_with_its_sources_count(self, editor_client, brics, india):
        membership = spell(brics, india, date(2009, 6, 16))

        response = editor_client.get(change_url(brics))

        assert f'href="/admin/blocs/membership/{membership.pk}/change/#sources-group">1</a>' in (
            response.content.decode()
        )

    def test_marks_a_spell_without_a_source(self, editor_client, brics, india):
        spell(brics, india, date(2009, 6, 16), sources=[])

        response = editor_client.get(change_url(brics))

        assert "⚠ none" in response.content.decode()

    def test_states_the_half_open_convention(self, editor_client, brics):
        response = editor_client.get(change_url(brics))

        assert "from the start date, included, to the end date, excluded" in response.content.decode()


@pytest.mark.django_db
class TestMembersOnADate:
    @pytest.fixture
    def brics_spells(self, brics, india, indonesia):
        spell(brics, india, date(2009, 6, 16))
        spell(brics, indonesia, date(2023, 8, 24), date(2025, 1, 6), status="invited")
        spell(brics, indonesia, date(2025, 1, 6))

    def panel(self, client, organisation, **params):
        response = client.get(change_url(organisation), params)
        return response, [(s.member.code, s.status) for s in response.context["members_on_spells"]]

    def test_defaults_to_today(self, editor_client, brics, brics_spells):
        response, spells = self.panel(editor_client, brics)

        assert response.context["members_on_day"] == date(2025, 6, 1)
        assert spells == [("IND", "member"), ("IDN", "member")]

    def test_includes_a_spell_on_its_start_date(self, editor_client, brics, brics_spells):
        _response, spells = self.panel(editor_client, brics, on="2025-01-06")

        assert ("IDN", "member") in spells

    def test_excludes_a_spell_on_its_end_date(self, editor_client, brics, brics_spells):
        _response, spells = self.panel(editor_client, brics, on="2025-01-06")

        assert ("IDN", "invited") not in spells

    def test_includes_a_spell_on_the_day_before_its_end_date(self, editor_client, brics, brics_spells):
        _response, spells = self.panel(editor_client, brics, on="2025-01-05")

        assert spells == [("IDN", "invited"), ("IND", "member")]

    def test_reads_a_bad_date_as_today_and_says_so(self, editor_client, brics, brics_spells):
        response, _spells = self.panel(editor_client, brics, on="2025-02-30")

        assert response.status_code == 200
        assert response.context["members_on_day"] == date(2025, 6, 1)
        assert "“2025-02-30” is not a date" in response.content.decode()

    def test_asks_the_same_queryset_method_as_everything_else(self, editor_client, brics, brics_spells):
        expected = list(
            Membership.objects.filter(organisation=brics).active_on(date(2024, 3, 1)).order_by("pk")
        )

        response, _spells = self.panel(editor_client, brics, on="2024-03-01")

        assert sorted(response.context["members_on_spells"], key=lambda s: s.pk) == expected
