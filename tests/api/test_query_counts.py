"""Query counts per endpoint are fixed: they do not grow with the rows returned."""

from datetime import date
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blocs.models import Organisation, OrganisationName
from tests.api.conftest import body
from tests.factories import MemberFactory, OrganisationFactory, spell

# Endpoint -> queries: the data version, then the rows (a parent lookup or a parameter check, the rows,
# each prefetch; a paginated list also counts). The snapshot and a member's list read the spells, then
# the members (or organisations) they name, then the sources.
ENDPOINTS = {
    "/api/v1/organisations/": 3,
    "/api/v1/organisations/brics/": 3,
    "/api/v1/organisations/brics/members/?on=2024-06-01": 5,
    "/api/v1/organisations/brics/changes/": 3,
    "/api/v1/organisations/brics/timeline/": 5,
    "/api/v1/members/": 2,
    "/api/v1/members/M0/": 2,
    "/api/v1/members/M0/memberships/?on=2024-06-01&status=member,observer": 5,
    "/api/v1/memberships/": 4,
    "/api/v1/memberships/?organisation=brics&member=M0&status=member": 6,
    "/api/v1/changes/?organisation=brics": 3,
    "/api/v1/comembership/?members=M0&on=2024-06-01": 4,
}


@pytest.fixture
def blocs(db) -> None:
    for slug in ("brics", "sco"):
        organisation = OrganisationFactory(slug=slug, acronym=slug.upper())
        OrganisationName.objects.create(
            organisation=organisation, name=f"Old {slug}", end_date=date(2000, 1, 1)
        )


def add_member(number: int) -> None:
    """A member of both organisations, on two sources each, and a former observer of one."""
    member = MemberFactory(code=f"M{number}", name=f"Member {number}")
    for organisation in Organisation.objects.all():
        spell(
            organisation,
            member,
            date(2001, 1, 1 + number),
            sources=[
                {
                    "url": f"https://example.org/{number}/a",
                    "publisher": "A",
                    "published_on": date(2001, 1, 1),
                },
                {
                    "url": f"https://example.org/{number}/b",
                    "publisher": "B",
                    "published_on": date(2001, 1, 1),
                },
            ],
        )
    spell(
        Organisation.objects.get(slug="brics"), member, date(1990, 1, 1), date(2001, 1, 1), status="observer"
    )


def queries(api, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
        assert response.status_code == 200, response.content
        body(response)
    return len(captured)


@pytest.mark.django_db
class TestQueryCounts:
    @pytest.mark.parametrize(("path", "expected"), ENDPOINTS.items())
    def test_one_row_or_many_take_the_same_queries(self, api, blocs, path, expected):
        add_member(0)
        with_one = queries(api, path)
        for number in range(1, 6):
            add_member(number)

        with_many = queries(api, path)

        assert (with_one, with_many) == (expected, expected)

    @pytest.mark.parametrize("path", ENDPOINTS)
    def test_csv_takes_no_more_queries_than_json(self, api, blocs, path):
        for number in range(3):
            add_member(number)

        assert queries(api, path + ("&" if "?" in path else "?") + "format=csv") <= queries(api, path)

    @pytest.mark.parametrize("path", ENDPOINTS)
    def test_as_recorded_the_count_does_not_grow_either(self, api, blocs, path):
        def as_recorded(path: str) -> str:
            moment = quote(timezone.now().isoformat())
            return path + ("&" if "?" in path else "?") + f"recorded_at={moment}"

        add_member(0)
        with_one = queries(api, as_recorded(path))
        for number in range(1, 6):
            add_member(number)

        assert queries(api, as_recorded(path)) == with_one
