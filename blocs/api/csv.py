"""CSV answers: every list endpoint with `?format=csv` or `Accept: text/csv`, streamed and unpaginated.

The rows are the JSON rows, flattened: a nested object becomes dotted columns (`member.code`,
`member.name`), a list becomes one cell with its items separated by ` | ` (a source by its URL). The
header row comes from the serializer, so an empty answer still says what its columns are. A text cell
that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
return) is prefixed with `'`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from django.http import StreamingHttpResponse
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from blocs.files import csv_cell

CONTENT_TYPE = "text/csv; charset=utf-8"
CHUNK_CHARACTERS = 64 * 1024


def columns(serializer: serializers.Serializer, prefix: str = "") -> list[str]:
    """The flattened column names of a serializer's rows."""
    names: list[str] = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            names += columns(field, f"{prefix}{name}.")
        else:
            names.append(f"{prefix}{name}")
    return names


@cache
def header(serializer_class: type[serializers.Serializer]) -> tuple[str, ...]:
    """The columns of a serializer class's rows (made once: building a serializer's fields is slow)."""
    return tuple(columns(serializer_class()))


def flatten(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def cell(value: Any) -> str:
    return str(csv_cell(value))


class _Line:
    """A file-like object whose write() returns the line, so csv.writer can feed a generator."""

    def write(self, line: str) -> str:
        return line


def lines(rows: Iterable[Mapping[str, Any]], names: Iterable[str]) -> Iterator[str]:
    """The header and the rows as CSV text, in chunks of about 64 KiB."""
    names = list(names)
    writer = csv.writer(_Line())
    chunk = [writer.writerow(names)]
    size = len(chunk[0])
    for row in rows:
        flat = flatten(row)
        line = writer.writerow([cell(flat.get(column)) for column in names])
        chunk.append(line)
        size += len(line)
        if size >= CHUNK_CHARACTERS:
            yield "".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield "".join(chunk)


def streaming_response(
    rows: Iterable[Mapping[str, Any]], *, names: Iterable[str], filename: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines(rows, names), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CSVRenderer(BaseRenderer):
    """Selects CSV in content negotiation. Lists are streamed by the views (`streaming_response`); what
    reaches this renderer is one object (a detail endpoint), written as a header and one row."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if data is None:
            return b""
        rows = data if isinstance(data, list) else [data]
        return "".join(lines(rows, flatten(rows[0]) if rows else [])).encode(self.charset)
