"""?format=csv and Accept: text/csv on every list endpoint: the same rows, streamed, unpaginated."""

import csv
import io
from datetime import date

import pytest

from blocs.api.csv import cell
from tests.api.conftest import body
from tests.factories import MemberFactory, OrganisationFactory, spell

LISTS = [
    "/api/v1/organisations/",
    "/api/v1/organisations/bloc/members/?on=2024-01-01",
    "/api/v1/organisations/bloc/changes/",
    "/api/v1/organisations/bloc/timeline/",
    "/api/v1/members/",
    "/api/v1/members/IRN/memberships/?on=2024-01-01",
    "/api/v1/memberships/",
    "/api/v1/changes/",
    "/api/v1/comembership/?members=IRN&on=2024-01-01",
]


def table(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(body(response).decode())))


def without_links(row: dict[str, str]) -> dict[str, str]:
    return {key: value.split("?")[0] if key == "url" else value for key, value in row.items()}


def with_format(path: str) -> str:
    return path + ("&" if "?" in path else "?") + "format=csv"


@pytest.fixture
def data(bloc, india, iran):
    spell(bloc, india, date(2017, 6, 9))
    spell(bloc, iran, date(2024, 1, 1))


@pytest.mark.django_db
class TestCsvOnEveryList:
    @pytest.mark.parametrize("path", LISTS)
    def test_format_csv_streams_the_json_rows(self, api, data, path):
        rows = api.get(path).json()
        rows = rows["results"] if isinstance(rows, dict) else rows

        response = api.get(with_format(path))

        assert response.streaming
        assert len(table(response)) == len(rows) > 0

    @pytest.mark.parametrize("path", LISTS)
    def test_accept_text_csv_gives_the_same_answer(self, api, data, path):
        by_parameter = table(api.get(with_format(path)))

        response = api.get(path, HTTP_ACCEPT="text/csv")

        # Links differ only in that ?format=csv keeps the format in them (as DRF does).
        assert [without_links(row) for row in table(response)] == [without_links(row) for row in by_parameter]

    def test_is_not_paginated(self, api, bloc):
        for number in range(5):
            spell(bloc, MemberFactory(code=f"M{number}", name=f"Member {number}"), date(2000, 1, 1))

        rows = table(api.get("/api/v1/memberships/?format=csv&limit=2"))

        assert len(rows) == 5

    def test_the_header_names_flattened_columns(self, api, data):
        response = api.get("/api/v1/organisations/bloc/members/?on=2024-01-01&format=csv")

        header = body(response).decode().splitlines()[0]
        assert header == (
            "id,member.code,member.name,member.kind,status,family,start_date,start_precision,end_date,"
            "end_precision,end_reason,disputed,dispute_note,start_earliest,start_latest,end_earliest,end_latest,"
            "start_edtf,end_edtf,sources"
        )

    def test_an_empty_answer_still_has_its_header(self, api, bloc):
        response = api.get("/api/v1/organisations/bloc/members/?on=2024-01-01&format=csv")

        (header,) = body(response).decode().splitlines()
        assert header.startswith("id,member.code,")

    def test_a_row_has_the_values_of_the_json_row(self, api, data):
        rows = table(api.get("/api/v1/organisations/bloc/members/?on=2024-01-01&format=csv"))

        assert rows[0] | {"id": "-"} == {
            "id": "-",
            "member.code": "IND",
            "member.name": "India",
            "member.kind": "state",
            "status": "member",
            "family": "standing",
            "start_date": "2017-06-09",
            "start_precision": "day",
            "end_date": "",
            "end_precision": "",
            "end_reason": "",
            "disputed": "false",
            "dispute_note": "",
            "start_earliest": "2017-06-09",
            "start_latest": "2017-06-09",
            "end_earliest": "",
            "end_latest": "",
            "start_edtf": "2017-06-09",
            "end_edtf": "",
            "sources": "https://example.org/record",
        }

    def test_is_named_as_an_attachment(self, api, data):
        response = api.get("/api/v1/organisations/bloc/members/?format=csv")

        assert response["Content-Disposition"] == 'attachment; filename="organisations-bloc-members.csv"'

    def test_an_error_is_written_as_json(self, api, data):
        response = api.get("/api/v1/organisations/bloc/members/?format=csv&on=yesterday")

        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert "on" in response.json()

    def test_an_unknown_format_is_a_400_naming_the_parameter(self, api, db):
        response = api.get("/api/v1/organisations/?format=xml")

        assert response.status_code == 400
        assert list(response.json()) == ["format"]


@pytest.mark.django_db
class TestFormulaInjection:
    @pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
    def test_a_cell_a_spreadsheet_would_run_is_prefixed_with_a_quote(self, text):
        assert cell(text) == "'" + text

    def test_plain_text_and_numbers_are_kept(self):
        assert (cell("India"), cell(-9), cell(None), cell(True)) == ("India", "-9", "", "true")

    def test_a_formula_in_the_data_is_neutralised_in_the_export(self, api, bloc, india):
        spell(
            bloc,
            india,
            date(2017, 6, 9),
            disputed=True,
            dispute_note='=HYPERLINK("http://evil.example","click")',
        )

        (row,) = table(
            api.get("/api/v1/organisations/bloc/members/?on=2020-01-01&reading=possible&format=csv")
        )

        assert row["dispute_note"] == '\'=HYPERLINK("http://evil.example","click")'

    def test_a_formula_in_a_name_is_neutralised(self, api, bloc):
        spell(bloc, MemberFactory(code="EVL", name="@cmd|' /C calc'!A0"), date(2017, 6, 9))

        (row,) = table(api.get("/api/v1/organisations/bloc/members/?on=2020-01-01&format=csv"))

        assert row["member.name"] == "'@cmd|' /C calc'!A0"


@pytest.mark.django_db
def test_a_detail_endpoint_answers_one_csv_row(api):
    OrganisationFactory(slug="brics", acronym="BRICS", name="BRICS")

    response = api.get("/api/v1/organisations/brics/?format=csv")

    (row,) = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert (row["slug"], row["name"]) == ("brics", "BRICS")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("-1", "-1"),
        ("+44 20", "'+44 20"),
        ("-cmd", "'-cmd"),
        ("2.5", "2.5"),
        ("@x", "'@x"),
    ],
)
def test_a_number_is_left_alone_and_a_formula_is_not(value, written):
    assert cell(value) == written


@pytest.mark.django_db
def test_a_rows_url_is_its_own_address_without_the_csv_format(api, bloc):
    (row,) = table(api.get("/api/v1/organisations/?format=csv"))

    assert row["url"] == "http://testserver/api/v1/organisations/bloc/"
