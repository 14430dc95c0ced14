"""/api/v1/exports/: year tables streamed as CSV, their descriptors, and the bulk download as a zip."""

import io
import json
import zipfile
from datetime import date
from urllib.parse import quote

import pytest
from django.utils import timezone
from frictionless import validate

from blocs import clock
from blocs.models import Membership
from blocs.recorded import Snapshot
from blocs.research.year_table_files import YearTableExport
from blocs.research.year_tables import year_table
from blocs.services import membership_change_status
from tests.api.conftest import body
from tests.factories import MemberFactory, OrganisationFactory, spell
from tests.research.conftest import read_csv

TABLES = ["state-year", "igo-year", "dyad-year"]


@pytest.fixture
def forum(db):
    """A forum of India (COW 750), China (710) and Russia (365), and a second bloc."""
    forum = OrganisationFactory(slug="forum", acronym="FORUM", name="The Forum", founded_on=date(2001, 6, 15))
    other = OrganisationFactory(slug="other", acronym="OTHER", name="Other", founded_on=date(1990, 1, 1))
    india = MemberFactory(code="IND", name="India")
    china = MemberFactory(code="CHN", name="China")
    russia = MemberFactory(code="RUS", name="Russia")
    spell(forum, india, date(2001, 6, 15), status="observer")
    spell(forum, china, date(2001, 6, 15))
    spell(forum, russia, date(2001, 6, 15), date(2010, 1, 1))
    spell(other, india, date(1990, 1, 1))
    return forum


def get(api, path: str, **params):
    return api.get(path, params)


@pytest.mark.django_db
class TestYearTables:
    @pytest.mark.parametrize("table", TABLES)
    def test_the_api_serves_the_table_the_command_writes(self, api, forum, table):
        params = {"from": "2000", "to": "2012", "organisation": "forum,other", "rule": "end"}

        response = get(api, f"/api/v1/exports/{table}.csv", **params)

        assert response.status_code == 200
        assert response.streaming
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{table}-2000-2012-end.csv"'
        made = YearTableExport(
            year_table(
                table,
                now=clock.now(),
                first_year=2000,
                last_year=2012,
                organisations="forum,other",
                rule="end",
            )
        )
        assert body(response) == b"".join(made.csv_chunks())

    def test_the_codes_are_cows(self, api, forum):
        response = get(
            api, "/api/v1/exports/state-year.csv", **{"from": "2005", "to": "2010", "member": "RUS"}
        )

        rows = read_csv(body(response))
        assert rows[0] == ["ccode", "year", "state", "forum", "other"]
        assert [row[3] for row in rows[1:]] == ["1", "1", "1", "1", "1", "0"]  # member to 2009, then none
        assert {row[0] for row in rows[1:]} == {"365"}

    def test_the_link_header_leads_to_the_descriptor_of_the_same_table(self, api, forum):
        response = get(api, "/api/v1/exports/igo-year.csv", **{"from": "2001", "to": "2002", "rule": "start"})
        link = response["Link"]
        assert link.startswith("</api/v1/exports/igo-year.resource.json?")
        described = api.get(link[1 : link.index(">")])

        assert described.status_code == 200
        descriptor = described.json()
        assert descriptor["path"] == "igo-year.csv"
        assert descriptor["blocs"]["rule"] == "start"
        assert (descriptor["blocs"]["from"], descriptor["blocs"]["to"]) == (2001, 2002)
        assert descriptor["blocs"]["data_version"] == Snapshot().last_change().isoformat()
        header = read_csv(body(response))[0]
        assert [field["name"] for field in descriptor["schema"]["fields"]] == header

    def test_an_unchanged_table_is_a_304(self, api, forum):
        first = get(api, "/api/v1/exports/state-year.csv", to="2003")

        again = api.get("/api/v1/exports/state-year.csv?to=2003", HTTP_IF_NONE_MATCH=first["ETag"])

        assert again.status_code == 304
        spell(forum, MemberFactory(code="BRA", name="Brazil"), date(2002, 1, 1))
        assert (
            api.get("/api/v1/exports/state-year.csv?to=2003", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
            == 200
        )

    def test_accept_does_not_change_the_format(self, api, forum):
        response = api.get("/api/v1/exports/state-year.csv?to=2002", HTTP_ACCEPT="application/xml")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")


@pytest.mark.django_db
class TestAsRecorded:
    def test_a_table_asked_for_again_as_recorded_is_the_same_bytes(self, api, forum):
        path = "/api/v1/exports/state-year.csv?from=2000&to=2020&organisation=forum,other"
        first = body(api.get(path))
        moment = timezone.now()

        india = Membership.objects.get(member__code="IND", organisation__slug="forum")
        membership_change_status(membership=india, status="member", on_date=date(2017, 6, 9))
        Membership.objects.get(member__code="CHN").delete()
        spell(forum, MemberFactory(code="BRA", name="Brazil"), date(2005, 1, 1))
        china = Membership.objects.get(member__code="RUS")
        china.end_date = date(2015, 1, 1)
        china.save()

        assert body(api.get(path)) != first
        again = api.get(f"{path}&recorded_at={quote(moment.isoformat())}")
        assert again.status_code == 200
        assert body(again) == first

    @pytest.mark.parametrize("table", TABLES)
    def test_every_table_as_recorded_before_a_spell_leaves_it_out(self, api, forum, table):
        moment = timezone.now()
        spell(forum, MemberFactory(code="BRA", name="Brazil"), date(2005, 1, 1))
        path = f"/api/v1/exports/{table}.csv?from=2006&to=2006&organisation=forum"

        now = read_csv(body(api.get(path)))
        then = read_csv(body(api.get(f"{path}&recorded_at={quote(moment.isoformat())}")))

        def names_brazil(rows):  # by its COW code (a row) or its COW name (a column)
            return any(cell in ("140", "brazil", "Brazil") for row in rows for cell in row)

        assert names_brazil(now)
        assert not names_brazil(then)

    def test_the_last_year_defaults_to_the_year_of_the_moment_read(self, api, forum):
        descriptor = get(
            api, "/api/v1/exports/igo-year.resource.json", recorded_at="2025-06-30T12:00:00Z"
        ).json()

        assert descriptor["blocs"]["to"] == 2025
        assert descriptor["blocs"]["recorded_at"] == "2025-06-30T12:00:00+00:00"
        assert descriptor["blocs"]["data_version"] == "empty"  # nothing had been recorded then


@pytest.mark.django_db
class TestBadRequests:
    @pytest.mark.parametrize(
        ("params", "parameter", "words"),
        [
            ({"from": "1700"}, "from", "outside 1816"),
            ({"to": "3000"}, "to", "outside 1816"),
            ({"from": "twenty"}, "from", "is not a year"),
            ({"from": "2010", "to": "2000"}, "from", "after the last year"),
            ({"rule": "median"}, "rule", "unknown rule 'median'"),
            ({"organisation": "forum,nosuch"}, "organisation", "nosuch"),
            ({"member": "XXX"}, "member", "XXX"),
            ({"recorded_at": "last week"}, "recorded_at", "not an ISO 8601"),
            ({"recorded_at": "2999-01-01T00:00:00Z"}, "recorded_at", "in the future"),
        ],
    )
    @pytest.mark.parametrize("suffix", ["csv", "resource.json"])
    def test_a_bad_parameter_is_a_400_that_names_it(self, api, forum, params, parameter, words, suffix):
        response = get(api, f"/api/v1/exports/state-year.{suffix}", **params)

        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert words in response.json()[parameter][0]

    def test_an_unknown_table_is_a_404(self, api, forum):
        assert api.get("/api/v1/exports/country-year.csv").status_code == 404

    def test_anonymous_exports_have_a_rate_of_their_own(self, api, forum, settings):
        settings.API_EXPORT_RATE = "2/hour"

        codes = [api.get("/api/v1/exports/state-year.csv?to=2002").status_code for _ in range(3)]

        assert codes == [200, 200, 429]
        assert api.get("/api/v1/organisations/").status_code == 200  # the other endpoints are not held


@pytest.mark.django_db
class TestDataPackage:
    def test_the_download_is_a_valid_frictionless_package(self, api, forum, tmp_path):
        response = api.get("/api/v1/exports/datapackage.zip")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"].startswith('attachment; filename="bloc-membership-')
        with zipfile.ZipFile(io.BytesIO(body(response))) as archive:
            archive.extractall(tmp_path)
            names = set(archive.namelist())
        assert {"datapackage.json", "CITATION.cff", "memberships.csv", "state-year.csv"} <= names
        report = validate(str(tmp_path / "datapackage.json"))
        assert report.valid, report.flatten(["resourcePath", "type", "note"])
        package = json.loads((tmp_path / "datapackage.json").read_text())
        assert response["X-Content-Hash"] == package["blocs"]["content_hash"]

    def test_as_recorded_the_data_files_and_hash_come_back_the_same(self, api, forum):
        first = zipfile.ZipFile(io.BytesIO(body(api.get("/api/v1/exports/datapackage.zip"))))
        moment = json.loads(first.read("datapackage.json"))["blocs"]["recorded_at"]
        Membership.objects.get(member__code="CHN").delete()

        again = api.get(f"/api/v1/exports/datapackage.zip?recorded_at={quote(moment)}")

        second = zipfile.ZipFile(io.BytesIO(body(again)))
        data = [name for name in first.namelist() if name.endswith(".csv")]
        assert data and all(first.read(name) == second.read(name) for name in data)
        assert again["X-Content-Hash"] == json.loads(first.read("datapackage.json"))["blocs"]["content_hash"]
        now = zipfile.ZipFile(io.BytesIO(body(api.get("/api/v1/exports/datapackage.zip"))))
        assert now.read("memberships.csv") != first.read("memberships.csv")

    def test_the_dyad_year_table_is_there_on_request(self, api, forum):
        without = zipfile.ZipFile(io.BytesIO(body(api.get("/api/v1/exports/datapackage.zip"))))
        with_it = zipfile.ZipFile(io.BytesIO(body(api.get("/api/v1/exports/datapackage.zip?dyad_year=true"))))

        assert "dyad-year.csv" not in without.namelist()
        assert "dyad-year.csv" in with_it.namelist()

    @pytest.mark.parametrize(
        ("query", "parameter"), [("dyad_year=maybe", "dyad_year"), ("recorded_at=soon", "recorded_at")]
    )
    def test_a_bad_parameter_is_a_400_and_no_file(self, api, forum, query, parameter):
        response = api.get(f"/api/v1/exports/datapackage.zip?{query}")

        assert response.status_code == 400
        assert parameter in response.json()
