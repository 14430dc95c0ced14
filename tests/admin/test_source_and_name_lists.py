"""The lists of sources and of former names: they render, find what is searched, and cost the same
number of queries for many rows as for few."""

from datetime import date

import pytest

from blocs.models import OrganisationName
from tests.factories import MemberFactory, OrganisationFactory, spell


@pytest.mark.django_db
class TestTheSourceList:
    def test_is_searched_by_publisher(self, editor_client, brics, indonesia):
        spell(
            brics,
            indonesia,
            date(2025, 1, 6),
            sources=[{"url": "https://a.example/x", "publisher": "Kompas", "published_on": date(2025, 1, 7)}],
        )

        response = editor_client.get("/admin/blocs/source/", {"q": "kompas"})

        assert [source.publisher for source in response.context["cl"].result_list] == ["Kompas"]

    def test_costs_the_same_queries_for_few_sources_as_for_many(self, editor_client, count_queries):
        organisation = OrganisationFactory()
        members = MemberFactory.create_batch(40)
        for member in members[:4]:
            spell(organisation, member, date(2000, 1, 1))
        few = count_queries(lambda: editor_client.get("/admin/blocs/source/"))
        for member in members[4:]:
            spell(organisation, member, date(2000, 1, 1))

        many = count_queries(lambda: editor_client.get("/admin/blocs/source/"))

        assert few == many


@pytest.mark.django_db
class TestTheFormerNameList:
    def test_costs_the_same_queries_for_few_names_as_for_many(self, editor_client, count_queries):
        def names(number: int) -> None:
            for _ in range(number):
                OrganisationName.objects.create(
                    organisation=OrganisationFactory(), name="Earlier name", end_date=date(2001, 1, 1)
                )

        names(3)
        few = count_queries(lambda: editor_client.get("/admin/blocs/organisationname/"))
        names(30)
        many = count_queries(lambda: editor_client.get("/admin/blocs/organisationname/"))

        assert few == many
