"""The citable bulk download: valid Frictionless, cited, hashed, and reproducible as recorded at T."""

import io
import json
import zipfile
from dataclasses import replace
from datetime import date

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import timezone
from frictionless import validate

from blocs.models import Membership
from blocs.research.datapackage import datapackage_tables, write_datapackage
from blocs.services import membership_change_status
from tests.factories import MemberFactory, OrganisationFactory, spell


@pytest.fixture
def forum(db):
    forum = OrganisationFactory(slug="forum", acronym="FORUM", name="The Forum", founded_on=date(2001, 6, 15))
    spell(forum, MemberFactory(code="IND", name="India"), date(2001, 6, 15), status="observer")
    spell(forum, MemberFactory(code="CHN", name="China"), date(2001, 6, 15), date(2010, 1, 1))
    return forum


def data_files(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.suffix == ".csv"}


@pytest.mark.django_db
class TestDatapackage:
    def test_the_frictionless_package_validates(self, forum, tmp_path):
        call_command("export_datapackage", str(tmp_path / "package"), stdout=io.StringIO())

        report = validate(str(tmp_path / "package" / "datapackage.json"))

        assert report.valid, report.flatten(["resourcePath", "type", "note"])

    def test_every_table_is_there_with_a_schema_for_every_field(self, forum, tmp_path):
        package = write_datapackage(tmp_path / "package", now=timezone.now())

        names = [resource["name"] for resource in package["resources"]]
        assert names == datapackage_tables()
        for resource in package["resources"]:
            header = (tmp_path / "package" / resource["path"]).read_text().splitlines()[0].split(",")
            assert [field["name"] for field in resource["schema"]["fields"]] == header

    def test_says_its_licence_citation_export_time_and_content_hash(self, forum, tmp_path):
        now = timezone.now()

        package = write_datapackage(tmp_path / "package", now=now)

        assert package["licenses"][0]["name"] == "MIT"
        assert package["created"] == now.isoformat()
        assert package["blocs"]["content_hash"].startswith("sha256:")
        assert "Pevehouse" in package["description"]
        assert all(resource["hash"].startswith("sha256:") for resource in package["resources"])

    def test_carries_the_projects_citation_file_dated_and_identified(self, forum, tmp_path):
        package = write_datapackage(tmp_path / "package", now=timezone.now())

        citation = yaml.safe_load((tmp_path / "package" / "CITATION.cff").read_text())

        assert citation["cff-version"] == "1.2.0"
        assert citation["identifiers"][0]["value"] == package["blocs"]["content_hash"]
        assert citation["references"][0]["journal"] == "Journal of Peace Research"

    def test_spells_are_one_row_each_with_an_empty_end_while_ongoing(self, forum, tmp_path):
        write_datapackage(tmp_path / "package", now=timezone.now())

        rows = (tmp_path / "package" / "memberships.csv").read_text().splitlines()

        assert rows[0].startswith("id,organisation,member,status,family,start_date,start_precision,end_date")
        assert len(rows) == 1 + Membership.objects.count()
        assert ",forum,IND,observer,standing,2001-06-15,day,,," in rows[1]

    def test_a_formula_in_the_data_is_neutralised_in_every_file(self, forum, tmp_path):
        source = Membership.objects.get(member__code="IND").sources.get()
        source.title = '=HYPERLINK("http://evil.example","click")'
        source.publisher = "@SUM(A1)"
        source.save()

        write_datapackage(tmp_path / "package", now=timezone.now())

        text = (tmp_path / "package" / "sources.csv").read_text()
        assert '\'=HYPERLINK(""http://evil.example"",""click"")' in text
        assert "'@SUM(A1)" in text
        assert ",=HYPERLINK" not in text

    def test_made_again_as_recorded_at_its_moment_it_holds_the_same_bytes(self, forum, tmp_path):
        first = write_datapackage(tmp_path / "first", now=timezone.now())
        india = Membership.objects.get(member__code="IND")
        membership_change_status(membership=india, status="member", on_date=date(2017, 6, 9))
        Membership.objects.get(member__code="CHN").delete()

        again = write_datapackage(
            tmp_path / "again", now=timezone.now(), recorded_at=first["blocs"]["recorded_at"]
        )

        assert data_files(tmp_path / "again") == data_files(tmp_path / "first")
        assert again["blocs"]["content_hash"] == first["blocs"]["content_hash"]
        assert again["created"] != first["created"]

    def test_a_zip_file_holds_the_same_package(self, forum, tmp_path):
        moment = timezone.now()
        folder = write_datapackage(tmp_path / "package", now=moment)

        packed = write_datapackage(tmp_path / "package.zip", now=moment)

        with zipfile.ZipFile(tmp_path / "package.zip") as archive:
            assert json.loads(archive.read("datapackage.json")) == packed == folder
            assert "CITATION.cff" in archive.namelist()

    def test_a_zip_can_be_written_to_a_stream_for_a_download(self, forum):
        stream = io.BytesIO()

        package = write_datapackage(stream, now=timezone.now())

        with zipfile.ZipFile(io.BytesIO(stream.getvalue())) as archive:
            assert json.loads(archive.read("datapackage.json")) == package


@pytest.mark.django_db
class TestBadTargets:
    def test_a_folder_that_is_not_empty_is_refused_and_left_alone(self, forum, tmp_path):
        (tmp_path / "package").mkdir()
        (tmp_path / "package" / "notes.txt").write_text("mine")

        with pytest.raises(CommandError, match="Nothing was written: .*exists and is not an empty folder"):
            call_command("export_datapackage", str(tmp_path / "package"))

        assert [path.name for path in (tmp_path / "package").iterdir()] == ["notes.txt"]

    def test_a_bad_recorded_at_writes_nothing(self, forum, tmp_path):
        with pytest.raises(CommandError, match="recorded_at: 'last week' is not an ISO 8601"):
            call_command("export_datapackage", str(tmp_path / "package"), recorded_at="last week")

        assert list(tmp_path.iterdir()) == []

    def test_a_failure_half_way_leaves_no_package(self, forum, tmp_path, monkeypatch):
        from blocs.research import datapackage

        def broken(snapshot):
            raise RuntimeError("connection lost")
            yield

        broken_sources = replace(datapackage.INTERVAL_TABLES[-1], rows=broken)
        monkeypatch.setattr(
            datapackage, "INTERVAL_TABLES", [*datapackage.INTERVAL_TABLES[:-1], broken_sources]
        )

        with pytest.raises(RuntimeError, match="connection lost"):
            write_datapackage(tmp_path / "package", now=timezone.now())

        assert list(tmp_path.iterdir()) == []
