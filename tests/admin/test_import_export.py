"""Import and export of spells as CSV and XLSX: a dry run that reports every row before anything is
written, an all-or-nothing import recorded under the importing user, and clear errors for bad files."""

import csv
import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from blocs.admin.resources import COLUMNS
from blocs.models import Membership, Source
from tests.factories import MemberFactory, OrganisationFactory, spell

IMPORT = "/admin/blocs/membership/import/"
PROCESS = "/admin/blocs/membership/process_import/"
EXPORT = "/admin/blocs/membership/export/"
CSV, XLSX = "0", "1"

SOURCE = {
    "source_url": "https://www.gov.br/planalto/en/latest-news/2025/01/indonesia-joins-brics",
    "source_publisher": "Presidency of Brazil",
    "source_published_on": "2025-01-06",
}


def csv_file(*rows: dict[str, str], name: str = "spells.csv") -> SimpleUploadedFile:
    columns = list(dict.fromkeys(column for row in rows for column in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def row(member: str, start: str, status: str = "member", organisation: str = "brics", **more: str) -> dict:
    return {"organisation": organisation, "member": member, "status": status, "start_date": start, **more}


def dry_run(client, upload: SimpleUploadedFile, file_format: str = CSV):
    return client.post(IMPORT, {"resource": "0", "format": file_format, "import_file": upload})


def confirm(client, response):
    return client.post(PROCESS, response.context["confirm_form"].initial)


def report_rows(response) -> list[tuple[int, str, list[str]]]:
    return [(line.number, line.kind, line.errors) for line in response.context["report"].rows]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def spell_count() -> tuple[int, int]:
    return Membership.objects.count(), Source.objects.count()


@pytest.fixture
def stored(brics, india, indonesia):
    """India a member of BRICS since 2009; Indonesia invited since 2023-08-24."""
    return {
        "india": spell(brics, india, date(2009, 6, 16)),
        "invited": spell(brics, indonesia, date(2023, 8, 24), status="invited"),
    }


@pytest.mark.django_db
class TestTheDryRun:
    def test_reports_every_row_new_changed_unchanged_and_in_error_and_writes_nothing(
        self, editor_client, stored
    ):
        upload = csv_file(
            row("IND", "2009-06-16"),
            row("IDN", "2023-08-24", "invited", end_date="2025-01-06", end_reason="status_changed"),
            row("IDN", "2025-01-06", **SOURCE),
            row("XXX", "2025-01-01"),
        )
        before = spell_count()

        response = dry_run(editor_client, upload)

        assert report_rows(response) == [
            (2, "skip", []),
            (3, "update", []),
            (4, "new", []),
            (5, "invalid", ["member: There is no member with code “XXX”."]),
        ]
        assert spell_count() == before
        assert "confirm_form" not in response.context

    def test_shows_the_values_before_and_after_of_a_changed_spell(self, editor_client, stored):
        upload = csv_file(
            row("IDN", "2023-08-24", "invited", end_date="2025-01-06", end_reason="status_changed")
        )

        response = dry_run(editor_client, upload)

        cells = dict(
            zip(response.context["report"].headers, response.context["report"].rows[0].cells, strict=True)
        )
        assert (cells["end_date"].before, cells["end_date"].after) == ("", "2025-01-06")
        assert "<del></del> <ins>2025-01-06</ins>" in response.content.decode()

    def test_shows_the_source_a_new_row_adds(self, editor_client, stored):
        response = dry_run(editor_client, csv_file(row("IDN", "2025-01-06", **SOURCE)))

        report = response.context["report"]
        cells = dict(zip(report.headers, report.rows[0].cells, strict=True))
        assert (cells["source_publisher"].after, cells["source_url"].after) == (
            "Presidency of Brazil",
            SOURCE["source_url"],
        )

    def test_leaves_out_the_columns_empty_in_every_row(self, editor_client, stored):
        response = dry_run(editor_client, csv_file(row("IDN", "2025-01-06")))

        assert response.context["report"].headers == [
            "organisation",
            "member",
            "status",
            "start_date",
            "start_precision",
            "disputed",
        ]

    def test_without_errors_offers_the_confirmation_and_writes_nothing_yet(self, editor_client, stored):
        response = dry_run(editor_client, csv_file(row("IDN", "2025-01-06", **SOURCE)))

        assert response.context["confirm_form"] is not None
        assert "Nothing has been written yet" in response.content.decode()
        assert not Membership.objects.filter(status="member", member__code="IDN").exists()

    def test_an_end_before_the_start_is_a_row_error(self, editor_client, stored):
        response = dry_run(editor_client, csv_file(row("IDN", "2025-01-06", end_date="2025-01-01")))

        assert (
            "end_date: The end date (2025-01-01) must be after the start date"
            in report_rows(response)[0][2][0]
        )

    def test_an_overlap_is_a_row_error_naming_the_spell_it_collides_with(self, editor_client, stored):
        response = dry_run(editor_client, csv_file(row("IND", "2020-01-01", "partner")))

        assert report_rows(response)[0][2] == [
            "India already holds member status in BRICS from 2009-06-16 (ongoing), which overlaps this "
            "spell. Spells of one standing status cannot overlap: end the existing spell on the day this "
            "one starts, or change the dates."
        ]

    def test_rows_of_one_file_are_checked_against_each_other(self, editor_client, stored):
        response = dry_run(
            editor_client, csv_file(row("IDN", "2025-01-06", **SOURCE), row("IDN", "2025-02-01", "partner"))
        )

        assert [kind for _number, kind, _errors in report_rows(response)] == ["new", "invalid"]

    def test_a_date_outside_the_organisations_life_is_a_row_error(self, editor_client, stored):
        response = dry_run(editor_client, csv_file(row("IDN", "2001-01-01")))

        assert report_rows(response)[0][2] == [
            "start_date: BRICS was founded on 2009-06-16: a spell cannot start before that."
        ]

    def test_a_malformed_date_is_a_row_error(self, editor_client, stored):
        response = dry_run(editor_client, csv_file(row("IDN", "06/01/2025")))

        assert report_rows(response)[0][2] == [
            "start_date: “06/01/2025” is not a date: write it as YYYY-MM-DD, for example 2024-01-01."
        ]

    def test_an_unknown_organisation_and_status_are_row_errors(self, editor_client, stored):
        response = dry_run(editor_client, csv_file(row("IDN", "2025-01-06", "membre", organisation="brcs")))

        errors = report_rows(response)[0][2]
        assert "organisation: There is no organisation with slug “brcs”." in errors
        assert any(
            error.startswith("status: “membre” is not a status: use one of member,") for error in errors
        )

    def test_a_source_without_a_publisher_is_a_row_error(self, editor_client, stored):
        source = {**SOURCE, "source_publisher": ""}

        response = dry_run(editor_client, csv_file(row("IDN", "2025-01-06", **source)))

        assert report_rows(response)[0][2] == ["source_publisher: This field cannot be blank."]

    def test_shows_no_traceback(self, editor_client, stored):
        response = dry_run(editor_client, csv_file(row("XXX", "nonsense", "??", organisation="?")))

        assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
class TestTheConfirmedImport:
    def test_writes_every_row(self, editor_client, stored):
        upload = csv_file(
            row("IDN", "2023-08-24", "invited", end_date="2025-01-06", end_reason="status_changed"),
            row("IDN", "2025-01-06", **SOURCE),
        )

        response = confirm(editor_client, dry_run(editor_client, upload))

        assert response.status_code == 302
        stored["invited"].refresh_from_db()
        assert stored["invited"].end_date == date(2025, 1, 6)
        member = Membership.objects.get(member__code="IDN", status="member")
        assert member.sources.get().publisher == "Presidency of Brazil"
        assert any("Import finished: 1 new, 1 updated" in message for message in messages_of(response))

    def test_is_recorded_in_history_as_the_importing_user_with_the_file(self, editor_client, editor, stored):
        upload = csv_file(row("IDN", "2025-01-06", **SOURCE), name="indonesia.csv")

        confirm(editor_client, dry_run(editor_client, upload))

        record = Membership.objects.get(member__code="IDN", status="member").history.get()
        assert (record.history_user, record.history_change_reason) == (editor, "import: indonesia.csv")
        assert Source.objects.get(publisher="Presidency of Brazil").history.get().history_user == editor
        assert LogEntry.objects.filter(user=editor).exists()

    def test_is_all_or_nothing_when_the_data_changed_since_the_dry_run(
        self, editor_client, stored, indonesia
    ):
        upload = csv_file(
            row("IND", "2009-06-16", end_date="2024-01-01", end_reason="withdrew"),
            row("IDN", "2025-01-06", **SOURCE),
        )
        checked = dry_run(editor_client, upload)
        spell(stored["india"].organisation, indonesia, date(2025, 1, 1), status="partner")  # meanwhile
        before = spell_count()

        response = confirm(editor_client, checked)

        assert response.status_code == 302
        assert spell_count() == before
        stored["india"].refresh_from_db()
        assert stored["india"].end_date is None
        assert any(message.startswith("Nothing was imported") for message in messages_of(response))

    def test_a_confirmation_whose_file_is_gone_writes_nothing_and_says_so(self, editor_client, stored):
        checked = dry_run(editor_client, csv_file(row("IDN", "2025-01-06", **SOURCE)))
        data = {**checked.context["confirm_form"].initial, "import_file_name": "no-such-file"}

        response = editor_client.post(PROCESS, data)

        assert response.status_code == 302
        assert "no longer available" in messages_of(response)[0]
        assert not Membership.objects.filter(member__code="IDN", status="member").exists()

    def test_an_xlsx_file_is_imported_too(self, editor_client, stored):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["organisation", "member", "status", "start_date", *SOURCE])
        sheet.append(["brics", "IDN", "member", date(2025, 1, 6), *SOURCE.values()])
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("spells.xlsx", buffer.getvalue())

        response = confirm(editor_client, dry_run(editor_client, upload, XLSX))

        assert response.status_code == 302
        assert Membership.objects.get(member__code="IDN", status="member").start_date == date(2025, 1, 6)


@pytest.mark.django_db
class TestABadFile:
    def test_a_file_that_is_not_csv_is_a_form_error(self, editor_client, stored):
        upload = SimpleUploadedFile("spells.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")

        response = dry_run(editor_client, upload)

        assert response.status_code == 200
        assert (
            "This file could not be read in the chosen format"
            in response.context["form"].errors["import_file"][0]
        )

    def test_a_spreadsheet_that_unpacks_past_the_limit_is_refused_before_it_is_opened(
        self, editor_client, stored, settings
    ):
        settings.BLOCS_IMPORT_MAX_UNPACKED_BYTES = 1_000_000
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)  # about 5 KB packed
        upload = SimpleUploadedFile("bomb.xlsx", packed.getvalue())

        response = dry_run(editor_client, upload, XLSX)

        assert len(packed.getvalue()) < 100_000
        error = response.context["form"].errors["import_file"][0]
        assert error.startswith("This spreadsheet unpacks to 4.8\xa0MB")
        assert spell_count() == (2, 2)

    def test_a_csv_file_read_as_xlsx_is_a_form_error(self, editor_client, stored):
        response = dry_run(editor_client, csv_file(row("IDN", "2025-01-06")), XLSX)

        assert "could not be read" in response.context["form"].errors["import_file"][0]

    def test_a_row_longer_than_the_header_is_a_form_error(self, editor_client, stored):
        upload = SimpleUploadedFile(
            "spells.csv", b"organisation,member,status,start_date\nbrics,IDN,member,2025,x\n"
        )

        response = dry_run(editor_client, upload)

        assert "could not be read" in response.context["form"].errors["import_file"][0]

    def test_wrong_columns_are_named_and_no_row_is_read(self, editor_client, stored):
        upload = SimpleUploadedFile("spells.csv", b"organisation,member,start date\nbrics,IDN,2025-01-06\n")

        response = dry_run(editor_client, upload)

        report = response.context["report"]
        assert report.rows == []
        assert report.file_errors == [
            "The file's first row must name the columns: missing column(s): status, start_date; unknown "
            "column(s): start date. Allowed columns: " + ", ".join(COLUMNS) + "."
        ]
        assert "confirm_form" not in response.context

    def test_an_empty_file_is_a_form_error(self, editor_client, stored):
        response = dry_run(
            editor_client, SimpleUploadedFile("spells.csv", b"organisation,member,status,start_date\n")
        )

        assert response.context["form"].errors["import_file"]

    def test_a_file_over_the_size_limit_is_refused_before_it_is_read(self, editor_client, stored, settings):
        settings.BLOCS_IMPORT_MAX_BYTES = 100
        upload = csv_file(*[row("IDN", "2025-01-06", **SOURCE)] * 3)

        response = dry_run(editor_client, upload)

        error = response.context["form"].errors["import_file"][0]
        assert (
            error.startswith("This file is 485\xa0bytes;")
            and "files of up to 100\xa0bytes are accepted" in error
        )
        assert "report" not in response.context
        assert spell_count() == (2, 2)


class _Response:
    def __init__(self, content: bytes) -> None:
        self.content = content


def exported(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
class TestTheExport:
    def test_writes_a_csv_with_every_column_keyed_by_slug_and_code(self, editor_client, stored):
        response = editor_client.post(EXPORT, {"resource": "0", "format": CSV})

        rows = exported(response)
        assert response["Content-Type"].startswith("text/csv")
        assert list(rows[0]) == list(COLUMNS)
        india = next(line for line in rows if line["member"] == "IND")
        assert (india["organisation"], india["status"], india["start_date"], india["end_date"]) == (
            "brics",
            "member",
            "2009-06-16",
            "",
        )
        assert india["source_url"] == "https://example.org/record"

    def test_respects_the_lists_filters(self, editor_client, stored):
        response = editor_client.post(EXPORT + "?status__exact=invited", {"resource": "0", "format": CSV})

        assert [(line["member"], line["status"]) for line in exported(response)] == [("IDN", "invited")]

    def test_writes_xlsx(self, editor_client, stored):
        response = editor_client.post(EXPORT, {"resource": "0", "format": XLSX})

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [cell.value for cell in sheet[1]] == list(COLUMNS)
        assert sheet.max_row == 3

    def test_what_is_exported_imports_back_unchanged(self, editor_client, stored):
        exported_file = editor_client.post(EXPORT, {"resource": "0", "format": CSV}).content

        response = dry_run(editor_client, SimpleUploadedFile("export.csv", exported_file))

        assert [kind for _number, kind, _errors in report_rows(response)] == ["skip", "skip"]

    def test_a_formula_is_neutralised_and_imports_back_as_it_was(self, editor_client, stored):
        spell_ = Membership.objects.get(member__code="IND")
        spell_.notes = '=HYPERLINK("http://evil.example","click")'
        spell_.save()

        exported_file = editor_client.post(EXPORT, {"resource": "0", "format": CSV}).content
        india = next(line for line in exported(_Response(exported_file)) if line["member"] == "IND")
        response = dry_run(editor_client, SimpleUploadedFile("export.csv", exported_file))

        assert india["notes"] == '\'=HYPERLINK("http://evil.example","click")'
        assert [kind for _number, kind, _errors in report_rows(response)] == ["skip", "skip"]

    def test_costs_the_same_queries_for_few_spells_as_for_many(self, editor_client, count_queries):
        organisation = OrganisationFactory()
        members = MemberFactory.create_batch(40)
        for member in members[:4]:
            spell(organisation, member, date(2000, 1, 1))
        few = count_queries(lambda: editor_client.post(EXPORT, {"resource": "0", "format": CSV}))
        for member in members[4:]:
            spell(organisation, member, date(2000, 1, 1))

        many = count_queries(lambda: editor_client.post(EXPORT, {"resource": "0", "format": CSV}))

        assert few == many
