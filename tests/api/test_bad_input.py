"""Bad input on every parameter is a 4xx naming the parameter, and nothing is half-written."""

import pytest

from blocs.models import Membership
from tests.api.conftest import token_client
from tests.factories import MemberFactory, OrganisationFactory

SNAPSHOT = "/api/v1/organisations/bloc/members/"
MEMBER_SPELLS = "/api/v1/members/IND/memberships/"
ORG_CHANGES = "/api/v1/organisations/bloc/changes/"
TIMELINE = "/api/v1/organisations/bloc/timeline/"
SPELLS = "/api/v1/memberships/"
FEED = "/api/v1/changes/"
COMEMBERSHIP = "/api/v1/comembership/"
ORGANISATIONS = "/api/v1/organisations/"
MEMBERS = "/api/v1/members/"

DATE_PARAMETERS = [
    (SNAPSHOT, "on"),
    (MEMBER_SPELLS, "on"),
    (ORG_CHANGES, "from"),
    (ORG_CHANGES, "to"),
    (TIMELINE, "from"),
    (TIMELINE, "to"),
    (SPELLS, "on"),
    (SPELLS, "from"),
    (SPELLS, "to"),
    (SPELLS, "started_after"),
    (SPELLS, "started_before"),
    (SPELLS, "ended_after"),
    (SPELLS, "ended_before"),
    (FEED, "from"),
    (FEED, "to"),
    (COMEMBERSHIP + "?members=IND", "on"),
    (ORGANISATIONS + "?member=IND", "on"),
]
BAD_DATES = ["2024-13-01", "2024-02-30", "yesterday", "2024-1-1", "01/02/2024", "20240101", "0000-01-01"]

UNKNOWN_VALUES = [
    (SNAPSHOT, "status", "overlord"),
    (MEMBER_SPELLS, "status", "member,overlord"),
    (TIMELINE, "status", "overlord"),
    (SPELLS, "status", "overlord"),
    (SPELLS, "family", "royal"),
    (SPELLS, "organisation", "brics,nowhere"),
    (SPELLS, "member", "IND,XXX"),
    (SPELLS, "ongoing", "maybe"),
    (SPELLS, "disputed", "perhaps"),
    (SPELLS, "ordering", "name"),
    (FEED, "organisation", "nowhere"),
    (FEED, "member", "XXX"),
    (COMEMBERSHIP, "members", "IND,XXX"),
    (ORGANISATIONS, "kind", "empire"),
    (ORGANISATIONS, "member", "XXX"),
    (MEMBERS, "kind", "planet"),
    (MEMBERS, "historical", "sometimes"),
    (MEMBERS, "q", "nul\x00byte"),
    (ORGANISATIONS, "q", "nul\x00byte"),
    (SPELLS, "member", "IN\x00D"),
]

WINDOWS = [ORG_CHANGES, TIMELINE, SPELLS, FEED]

PAGE_PARAMETERS = [
    (path, name, value)
    for path in (SPELLS, FEED)
    for name, value in [
        ("limit", "1001"),
        ("limit", "99999999999999999999"),
        ("limit", "0"),
        ("limit", "-1"),
        ("limit", "ten"),
        ("offset", "-1"),
        ("offset", "1e3"),
        ("offset", "99999999999999999999"),
    ]
]


@pytest.fixture
def data(db):
    OrganisationFactory(slug="bloc", acronym="BLOC")
    OrganisationFactory(slug="brics", acronym="BRICS")
    MemberFactory(code="IND", name="India")


def join(path: str, name: str, value: str) -> tuple[str, dict[str, str]]:
    base, _, query = path.partition("?")
    params = dict(part.split("=") for part in query.split("&")) if query else {}
    return base, {**params, name: value}


@pytest.mark.django_db
class TestBadParameters:
    @pytest.mark.parametrize(("path", "name"), DATE_PARAMETERS)
    @pytest.mark.parametrize("value", BAD_DATES)
    def test_a_bad_date_is_a_400_naming_the_parameter(self, api, data, path, name, value):
        response = api.get(*join(path, name, value))

        assert response.status_code == 400
        assert list(response.json()) == [name]
        assert value in response.json()[name][0]

    @pytest.mark.parametrize(("path", "name", "value"), UNKNOWN_VALUES)
    def test_an_unknown_value_is_a_400_naming_the_parameter(self, api, data, path, name, value):
        response = api.get(*join(path, name, value))

        assert response.status_code == 400
        assert list(response.json()) == [name]

    @pytest.mark.parametrize("path", WINDOWS)
    def test_from_after_to_is_a_400_naming_from(self, api, data, path):
        response = api.get(path, {"from": "2024-01-02", "to": "2024-01-01"})

        assert response.status_code == 400
        assert response.json() == {
            "from": ["from (2024-01-02) is after to (2024-01-01): the window [from, to] would be empty."]
        }

    @pytest.mark.parametrize("path", WINDOWS)
    def test_a_one_day_window_is_fine(self, api, data, path):
        assert api.get(path, {"from": "2024-01-01", "to": "2024-01-01"}).status_code == 200

    @pytest.mark.parametrize(("path", "name", "value"), PAGE_PARAMETERS)
    def test_a_bad_page_parameter_is_a_400_naming_it(self, api, data, path, name, value):
        response = api.get(path, {name: value})

        assert response.status_code == 400
        assert list(response.json()) == [name]

    def test_on_without_member_is_a_400_on_organisations(self, api, data):
        response = api.get(ORGANISATIONS, {"on": "2024-01-01"})

        assert response.status_code == 400
        assert list(response.json()) == ["on"]

    def test_several_bad_parameters_are_all_named(self, api, data):
        response = api.get(SPELLS, {"on": "yesterday", "status": "overlord", "organisation": "nowhere"})

        assert sorted(response.json()) == ["on", "organisation", "status"]

    def test_an_unknown_format_is_a_400(self, api, data):
        assert list(api.get(SNAPSHOT, {"format": "xlsx"}).json()) == ["format"]

    def test_an_unsupported_accept_header_is_a_406(self, api, data):
        assert api.get(SNAPSHOT, HTTP_ACCEPT="application/xml").status_code == 406


@pytest.mark.django_db
class TestBadPaths:
    @pytest.mark.parametrize(
        "path",
        [
            "/api/v1/organisations/nowhere/",
            "/api/v1/organisations/nowhere/members/",
            "/api/v1/organisations/nowhere/changes/",
            "/api/v1/organisations/nowhere/timeline/",
            "/api/v1/members/XXX/",
            "/api/v1/members/XXX/memberships/",
            "/api/v1/members/IN%00D/",
            "/api/v1/members/IN%00D/memberships/",
            "/api/v1/memberships/999999/",
            "/api/v1/memberships/abc/",
            "/api/v1/memberships/99999999999999999999999999/",
            "/api/v1/nothing-here/",
        ],
    )
    def test_an_unknown_slug_code_or_id_is_a_json_404(self, api, data, path):
        response = api.get(path)

        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"]


@pytest.mark.django_db
class TestBadWrites:
    @pytest.fixture
    def client(self, editor):
        return token_client(editor)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("organisation", "nowhere"),
            ("organisation", "a\x00b"),
            ("organisation", 42),
            ("member", "XXX"),
            ("member", ["IND"]),
            ("status", "overlord"),
            ("start_date", "yesterday"),
            ("start_date", None),
            ("start_precision", "decade"),
            ("end_date", "2024-02-30"),
            ("end_reason", "bored"),
            ("disputed", "perhaps"),
            ("sources", "https://example.org"),
            ("sources", [{"url": "not a url", "publisher": "X", "published_on": "2024-01-01"}]),
            (
                "sources",
                [{"url": "https://example.org/" + "x" * 700, "publisher": "X", "published_on": "2024-01-01"}],
            ),
            (
                "sources",
                [
                    {
                        "url": "https://example.org/s",
                        "publisher": "X",
                        "published_on": "2024-01-01",
                        "stance": "maybe",
                    }
                ],
            ),
            ("notes", "nul\x00byte"),
        ],
    )
    def test_a_bad_field_is_a_400_naming_it_and_writes_nothing(self, client, data, field, value):
        spell = {
            "organisation": "bloc",
            "member": "IND",
            "status": "member",
            "start_date": "2024-01-01",
            "sources": [{"url": "https://example.org/s", "publisher": "X", "published_on": "2024-01-01"}],
        }

        response = client.post(SPELLS, {**spell, field: value}, format="json")

        assert response.status_code == 400, response.content
        assert list(response.json()) == [field]
        assert Membership.objects.count() == 0

    def test_a_body_that_is_not_json_is_a_400(self, client, data):
        response = client.post(SPELLS, "{not json", content_type="application/json")

        assert response.status_code == 400

    def test_a_form_body_is_a_415(self, client, data):
        response = client.post(SPELLS, {"organisation": "bloc"}, format="multipart")

        assert response.status_code == 415
