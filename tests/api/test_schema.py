"""The OpenAPI schema: matches the committed copy, types every parameter, documents every error."""

import difflib
from pathlib import Path

import pytest
import yaml
from drf_spectacular.validation import validate_schema

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
REFRESH = "make openapi"


@pytest.fixture(scope="module")
def schema_text(django_db_blocker) -> str:
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/schema/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture(scope="module")
def schema(schema_text) -> dict:
    return yaml.safe_load(schema_text)


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


class TestTheSchema:
    def test_matches_the_committed_copy(self, schema_text):
        committed = COMMITTED.read_text()

        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                schema_text.splitlines(keepends=True),
                "docs/openapi.yaml",
                "/api/schema/",
                n=1,
            )
        )
        assert not diff, (
            f"The API contract changed. If that is meant, run `{REFRESH}` and commit:\n{diff[:4000]}"
        )

    def test_is_valid_openapi_3(self, schema):
        validate_schema(schema)

    def test_has_every_path_of_the_contract(self, schema):
        assert sorted(schema["paths"]) == [
            "/api/v1/changes/",
            "/api/v1/comembership/",
            "/api/v1/exports/datapackage.zip",
            "/api/v1/exports/dyad-year.csv",
            "/api/v1/exports/dyad-year.resource.json",
            "/api/v1/exports/igo-year.csv",
            "/api/v1/exports/igo-year.resource.json",
            "/api/v1/exports/state-year.csv",
            "/api/v1/exports/state-year.resource.json",
            "/api/v1/members/",
            "/api/v1/members/{code}/",
            "/api/v1/members/{code}/memberships/",
            "/api/v1/memberships/",
            "/api/v1/memberships/{id}/",
            "/api/v1/organisations/",
            "/api/v1/organisations/{slug}/",
            "/api/v1/organisations/{slug}/changes/",
            "/api/v1/organisations/{slug}/members/",
            "/api/v1/organisations/{slug}/timeline/",
        ]

    def test_every_date_parameter_is_typed_as_a_date(self, schema):
        names = {"on", "from", "to", "started_after", "started_before", "ended_after", "ended_before"}
        found = [
            (path, parameter["name"], parameter["schema"].get("format"))
            for path, _method, operation in operations(schema)
            for parameter in operation.get("parameters", [])
            if parameter["name"] in names and not path.startswith("/api/v1/exports/")  # years there
        ]

        assert len(found) == 17
        assert {date_format for *_, date_format in found} == {"date"}

    def test_every_parameter_has_a_type(self, schema):
        untyped = [
            (path, parameter["name"])
            for path, _method, operation in operations(schema)
            for parameter in operation.get("parameters", [])
            if "type" not in parameter["schema"]
        ]

        assert untyped == []

    def test_multi_valued_filters_are_comma_separated(self, schema):
        (operation,) = [
            op
            for path, method, op in operations(schema)
            if path == "/api/v1/memberships/" and method == "get"
        ]
        arrays = {
            p["name"]: (p["style"], p["explode"])
            for p in operation["parameters"]
            if p["schema"]["type"] == "array"
        }

        assert arrays == {name: ("form", False) for name in ("member", "ordering", "organisation", "status")}

    @pytest.mark.parametrize(
        ("method", "codes"),
        [
            ("get", {"200", "304", "400", "401", "406", "429"}),
            ("post", {"201", "400", "401", "403", "406", "409", "415", "429"}),
            ("put", {"200", "400", "401", "403", "404", "406", "409", "415", "429"}),
            ("patch", {"200", "400", "401", "403", "404", "406", "409", "415", "429"}),
            ("delete", {"204", "400", "401", "403", "404", "409", "429"}),
        ],
    )
    def test_every_operation_documents_its_errors(self, schema, method, codes):
        for path, operation_method, operation in operations(schema):
            if operation_method == method:
                expected = codes | ({"404"} if "{" in path else set())
                assert set(operation["responses"]) == expected, path

    def test_states_the_half_open_convention(self, schema):
        assert "[start_date, end_date)" in schema["info"]["description"]
        for path, _method, operation in operations(schema):
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "on":
                    assert "half-open" in parameter["description"], path

    def test_the_end_date_field_says_it_is_the_first_day_no_longer_applying(self, schema):
        end_date = schema["components"]["schemas"]["Membership"]["properties"]["end_date"]

        assert end_date["format"] == "date"
        assert "first day on which the status no longer applied" in end_date["description"]

    def test_reads_need_no_credentials_and_writes_do(self, schema):
        for _path, method, operation in operations(schema):
            assert ({} in operation["security"]) == (method == "get")

    def test_offers_no_basic_authentication(self, schema):
        assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
