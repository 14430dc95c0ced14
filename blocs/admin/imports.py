"""The dry-run report of a membership import: every row of the file, what it would do, and its errors.

django-import-export shows either the rows in error or the preview of the valid ones; staff need both at
once, in the file's own row numbers, and in plain words (no tracebacks).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError
from import_export.results import Result, RowResult

from blocs.admin.base import refusal_reason
from blocs.admin.resources import REQUIRED_COLUMNS, Cell

OUTCOMES = {
    RowResult.IMPORT_TYPE_NEW: "new spell",
    RowResult.IMPORT_TYPE_UPDATE: "changes a spell",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
    RowResult.IMPORT_TYPE_DELETE: "deletes a spell",
    RowResult.IMPORT_TYPE_INVALID: "error",
    RowResult.IMPORT_TYPE_ERROR: "error",
}


@dataclass
class ReportRow:
    number: int  # the row in the file: the header is row 1, the first spell row 2
    kind: str
    outcome: str
    cells: list[Cell]
    errors: list[str]


@dataclass
class ImportReport:
    headers: list[str]
    rows: list[ReportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(row.kind for row in self.rows)

    @property
    def error_rows(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.error_rows)


def describe_exception(error: Exception) -> str:
    if isinstance(error, IntegrityError):
        return f"The database refused this row: {refusal_reason(error)}."
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def row_errors(validation_error: ValidationError) -> list[str]:
    """'end_date: The end date (...) must be after ...', one line per message, keyed by column."""
    if not hasattr(validation_error, "error_dict"):
        return list(validation_error.messages)
    return [
        message if name == NON_FIELD_ERRORS else f"{name}: {message}"
        for name, messages in validation_error.message_dict.items()
        for message in messages
    ]


def build_report(result: Result) -> ImportReport:
    report = ImportReport(headers=list(result.diff_headers))
    report.file_errors = [describe_exception(error.error) for error in result.base_errors]
    for index, row in enumerate(result.rows, start=1):
        if row.import_type in RowResult.valid_import_types:
            cells = list(row.diff or [])
            errors: list[str] = []
        else:
            values: dict[str, Any] = row.row_values or {}
            cells = [
                Cell("", "" if values.get(name) is None else str(values[name])) for name in report.headers
            ]
            if row.validation_error is not None:
                errors = row_errors(row.validation_error)
            else:
                errors = [describe_exception(error.error) for error in row.errors]
        report.rows.append(ReportRow(index + 1, row.import_type, OUTCOMES[row.import_type], cells, errors))
    _drop_empty_columns(report)
    return report


def _drop_empty_columns(report: ImportReport) -> None:
    """Keep the required columns and those with a value in some row: the report fits the page."""
    kept = [
        index
        for index, header in enumerate(report.headers)
        if header in REQUIRED_COLUMNS
        or any(
            index < len(row.cells) and (row.cells[index].before or row.cells[index].after)
            for row in report.rows
        )
    ]
    report.headers = [report.headers[index] for index in kept]
    for row in report.rows:
        row.cells = [row.cells[index] for index in kept if index < len(row.cells)]
