"""The member pages: search by code, name and identifiers, filters, and the member's spells in every
organisation."""

from datetime import date

import pytest

from blocs.choices import MemberKind
from tests.factories import MemberFactory, OrganisationFactory, spell

LIST = "/admin/blocs/member/"


def codes(client, **params) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return sorted(member.code for member in response.context["cl"].result_list)


@pytest.fixture
def members(india, indonesia):
    MemberFactory(code="SUN", name="Soviet Union", historical=True, cow_code=365)
    MemberFactory(code="EU", name="European Union", kind=MemberKind.ORGANISATION)


@pytest.mark.django_db
class TestTheMemberList:
    def test_is_searched_by_code(self, editor_client, members):
        assert codes(editor_client, q="idn") == ["IDN"]

    def test_is_searched_by_name(self, editor_client, members):
        assert codes(editor_client, q="ind") == ["IDN", "IND"]

    def test_is_searched_by_an_identifier(self, editor_client, members):
        assert codes(editor_client, q="850") == ["IDN"]  # Indonesia's COW code

    def test_is_filtered_by_kind(self, editor_client, members):
        assert codes(editor_client, kind__exact="organisation") == ["EU"]

    def test_is_filtered_to_former_members(self, editor_client, members):
        assert codes(editor_client, former="yes") == ["SUN"]

    def test_is_filtered_to_current_members(self, editor_client, members):
        assert "SUN" not in codes(editor_client, former="no")

    def test_costs_the_same_queries_for_few_members_as_for_many(self, editor_client, count_queries):
        MemberFactory.create_batch(5)
        few = count_queries(lambda: editor_client.get(LIST))
        MemberFactory.create_batch(60)
        many = count_queries(lambda: editor_client.get(LIST))

        assert few == many


@pytest.mark.django_db
class TestTheMemberPage:
    def test_lists_the_members_spells_in_every_organisation(self, editor_client, brics, india):
        sco = OrganisationFactory(acronym="SCO")
        spell(sco, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")
        spell(sco, india, date(2017, 6, 9))
        spell(brics, india, date(2009, 6, 16))

        response = editor_client.get(f"/admin/blocs/member/{india.pk}/change/")

        formset = response.context["inline_admin_formsets"][0].formset
        assert [(form.instance.organisation.acronym, form.instance.status) for form in formset.forms] == [
            ("BRICS", "member"),
            ("SCO", "observer"),
            ("SCO", "member"),
        ]

    def test_the_spells_there_are_read_only_links(self, editor_client, brics, india):
        membership = spell(brics, india, date(2009, 6, 16))

        response = editor_client.get(f"/admin/blocs/member/{india.pk}/change/")

        inline = response.context["inline_admin_formsets"][0]
        assert not inline.has_add_permission and not inline.has_delete_permission
        assert f"/admin/blocs/membership/{membership.pk}/change/" in response.content.decode()
