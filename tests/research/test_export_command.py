"""`manage.py export_years`: a year table and its metadata, or a clear error and nothing written."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from frictionless import validate

from tests.factories import MemberFactory, OrganisationFactory, spell
from tests.research.conftest import read_csv


@pytest.fixture
def forum(db):
    forum = OrganisationFactory(slug="forum", acronym="FORUM", name="The Forum", founded_on=date(2001, 6, 15))
    spell(forum, MemberFactory(code="IND", name="India"), date(2001, 6, 15), status="observer")
    return forum


@pytest.mark.django_db
class TestExportYears:
    def test_writes_the_table_and_a_frictionless_descriptor_that_validates(self, forum, tmp_path):
        call_command(
            "export_years",
            "igo-year",
            str(tmp_path / "forum.csv"),
            "--from",
            "2000",
            "--to",
            "2010",
            stdout=io.StringIO(),
        )

        report = validate(str(tmp_path / "forum.resource.json"))

        assert report.valid, report.flatten(["type", "note"])
        assert read_csv((tmp_path / "forum.csv").read_bytes())[1][:4] == ["forum", "The Forum", "2001", "3"]

    def test_the_descriptor_records_the_rule_years_and_moment(self, forum, tmp_path):
        call_command(
            "export_years",
            "state-year",
            str(tmp_path / "t.csv"),
            "--rule",
            "end",
            "--from",
            "2001",
            stdout=io.StringIO(),
        )

        metadata = json.loads((tmp_path / "t.resource.json").read_text())["blocs"]

        assert (metadata["rule"], metadata["from"], metadata["table"]) == ("end", 2001, "state-year")
        assert metadata["recorded_at"] and metadata["data_version"]

    def test_a_reader_that_stops_early_is_not_an_error(self, forum):
        class ClosedPipe(io.StringIO):
            def write(self, text: str) -> int:
                raise BrokenPipeError(32, "Broken pipe")

        call_command("export_years", "state-year", "-", "--from", "2001", "--to", "2002", stdout=ClosedPipe())

    def test_a_dash_writes_the_csv_to_standard_output(self, forum):
        out = io.StringIO()

        call_command(
            "export_years", "state-year", "-", "--member", "IND", "--from", "2001", "--to", "2002", stdout=out
        )

        assert read_csv(out.getvalue()) == [
            ["ccode", "year", "state", "forum"],
            ["750", "2001", "india", "3"],
            ["750", "2002", "india", "3"],
        ]

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            (["--from", "1700"], "from: 1700 is outside 1816.."),
            (["--rule", "mid"], "rule: unknown rule 'mid'"),
            (["--member", "ATL"], "member: unknown member(s) ATL"),
            (["--organisation", "nope"], "organisation: unknown organisation(s) nope"),
        ],
    )
    def test_bad_options_name_what_is_wrong_and_write_nothing(self, forum, tmp_path, options, message):
        with pytest.raises(CommandError) as error:
            call_command("export_years", "state-year", str(tmp_path / "t.csv"), *options)

        assert f"Nothing was written: {message}" in str(error.value)
        assert list(tmp_path.iterdir()) == []

    def test_an_unknown_table_writes_nothing(self, forum, tmp_path):
        with pytest.raises(CommandError, match="table: unknown table 'igo-month'"):
            call_command("export_years", "igo-month", str(tmp_path / "t.csv"))

        assert list(tmp_path.iterdir()) == []
