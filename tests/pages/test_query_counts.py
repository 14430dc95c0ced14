"""Each public page runs the same number of queries however many spells, members and sources it shows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MemberFactory, OrganisationFactory, spell

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def grow(organisation, members: int, *, first_code: int) -> None:
    """Members who were invited, joined, and (every other one) left; some disputed, with two sources."""
    for number in range(first_code, first_code + members):
        member = MemberFactory(code=f"M{number:02d}", name=f"Member {number}")
        spell(organisation, member, date(2000 + number % 10, 1, 1), date(2001 + number % 10, 1, 1), "invited")
        spell(
            organisation,
            member,
            date(2001 + number % 10, 1, 1),
            date(2015, 1, 1) if number % 2 else None,
            disputed=number % 3 == 0,
            dispute_note="Sources disagree." if number % 3 == 0 else "",
            sources=[
                {
                    "url": f"https://example.org/{number}/a",
                    "publisher": "A",
                    "published_on": date(2001, 1, 1),
                },
                {
                    "url": f"https://example.org/{number}/b",
                    "publisher": "B",
                    "published_on": date(2002, 1, 1),
                },
            ],
        )


@pytest.fixture
def organisation(db):
    bloc = OrganisationFactory(slug="bloc", acronym="BLOC", founded_on=date(1999, 1, 1))
    OrganisationFactory(slug="neighbour", acronym="NBR", founded_on=date(1990, 1, 1))
    grow(bloc, 2, first_code=1)
    return bloc


class TestQueryCounts:
    @pytest.mark.parametrize(
        "url",
        ["/", "/?q=member", "/organisations/bloc/", "/organisations/bloc/?on=2005-01-01", "/members/M01/"],
    )
    def test_do_not_grow_with_the_number_of_spells(self, client, organisation, url):
        few = queries_for(client, url)
        grow(organisation, 30, first_code=10)

        many = queries_for(client, url)

        assert many == few

    def test_the_organisation_page_runs_seven_queries(self, client, organisation):
        assert queries_for(client, "/organisations/bloc/") == 7

    def test_the_member_page_runs_five_queries(self, client, organisation):
        assert queries_for(client, "/members/M01/") == 5

    def test_the_home_page_runs_two_queries(self, client, organisation):
        assert queries_for(client, "/") == 2
