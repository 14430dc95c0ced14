"""/api/v1/exports/: the COW-compatible year tables and the citable bulk download.

The tables are made by `blocs.research.year_tables` and the package by `blocs.research.datapackage`, the
same code as the `export_years` and `export_datapackage` commands; these views only read the query string
and stream the answer. A year table is streamed as it is made, in constant memory; its Frictionless
descriptor (rule, years, recorded_at, data version, schema) is at the same path with `.resource.json` for
`.csv`, and the CSV response links to it. The package is written to a temporary file first (a zip cannot be
streamed before its directory is known), so a failure answers an error rather than half a file.

Exports are costly, so anonymous clients are held to a rate of their own (`API_EXPORT_RATE`) on top of the
general one. Errors name the parameter: `from`, `to`, `rule`, `organisation`, `member`, `recorded_at`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import Any, cast

from django.conf import settings
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from blocs import clock
from blocs.api.access import AnonymousRateThrottle
from blocs.api.base import refuse_unknown_parameters
from blocs.api.conditional import NotModified, Validator
from blocs.choices import YearRule
from blocs.dates import ParameterError, parse_moment
from blocs.research.datapackage import PACKAGE_NAME, write_datapackage
from blocs.research.year_table_files import YearTableExport
from blocs.research.year_tables import YearTable, year_table

RECORDED_AT = OpenApiParameter(
    "recorded_at",
    OpenApiTypes.DATETIME,
    description="Answer as the database stood at this moment (ISO 8601, e.g. 2025-01-31T12:00:00Z; "
    "without a zone, UTC), from the history of every change: the same request with the same recorded_at "
    "gives the same data, byte for byte. Default: now.",
)
TABLE_PARAMETERS = [
    OpenApiParameter("from", int, description="First year, 1816 or later (default 1816)."),
    OpenApiParameter("to", int, description="Last year, up to this year (default: the year of recorded_at)."),
    OpenApiParameter(
        "rule",
        str,
        enum=list(YearRule.values),
        description="How a year is coded: any (default), the highest status held on any day of the year; "
        "end, 31 December; start, 1 January.",
    ),
    OpenApiParameter(
        "organisation",
        str,
        description="Organisations, comma-separated slugs or COW ionames (brics,NATO). Default: all.",
    ),
    OpenApiParameter(
        "member",
        str,
        description="Members, comma-separated codes or COW state codes (IND,365). Default: all.",
    ),
    RECORDED_AT,
]
TABLE_DESCRIPTIONS = {
    "state-year": "One row per state and year the state is in the COW state system (a member COW does not "
    "code: while it exists), one column per organisation.",
    "igo-year": "One row per organisation and year it exists, one column per state.",
    "dyad-year": "One row per pair of states and year, one column per organisation: 1 when both are full "
    "members (joint full membership), 0 when not, -9 missing data, -1 the organisation does not exist. "
    "Large: narrow it with organisation, member and years.",
}
CODES = (
    "Cells, as in COW IGO v3: 1 member, 2 associate, 3 observer, 0 none, -9 missing data, -1 not in "
    "existence (the state or the organisation)."
)


class FixedFormat(BaseContentNegotiation):
    """The path names the format (.csv, .json, .zip): Accept is not consulted, and errors are JSON."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type

    def select_parser(self, request: Request, parsers: Iterable[Any]) -> Any:
        return next(iter(parsers), None)


class ExportRateThrottle(AnonRateThrottle):
    """Anonymous downloads of exports, at `API_EXPORT_RATE` (DJANGO_API_EXPORT_RATE, e.g. 20/hour)."""

    scope = "export"

    def get_rate(self) -> str | None:
        return getattr(settings, "API_EXPORT_RATE", None) or None


class ExportView(APIView):
    permission_classes = [AllowAny]  # reads only: other methods are 405
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FixedFormat
    throttle_classes = [AnonymousRateThrottle, ExportRateThrottle]

    def query(self, name: str) -> str | None:
        return self.request.query_params.get(name)

    def conditional(self, request: Request) -> Validator:
        """An ETag for this export (data version, day, path and query): 304 if the client has it."""
        validator = Validator.for_request(request, today=clock.today())
        if validator.matches(request):
            raise NotModified()
        return validator

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        validator = getattr(self, "validator", None)
        if validator is not None and (response.status_code == 304 or 200 <= response.status_code < 300):
            validator.apply(response)
        return response


class YearTableView(ExportView):
    """A COW-compatible year table, as CSV (`.csv`) or its Frictionless descriptor (`.resource.json`)."""

    table = ""
    descriptor = False

    def get(self, request: Request) -> HttpResponseBase:
        refuse_unknown_parameters(request, ("from", "to", "rule", "organisation", "member", "recorded_at"))
        try:
            wanted = year_table(
                self.table,
                now=clock.now(),
                first_year=self.query("from"),
                last_year=self.query("to"),
                rule=self.query("rule"),
                organisations=self.query("organisation"),
                members=self.query("member"),
                recorded_at=self.query("recorded_at"),
            )
        except ParameterError as error:
            raise ValidationError({error.parameter: [error.message]}) from None
        self.validator = self.conditional(request)
        export = YearTableExport(wanted)
        if self.descriptor:
            return Response(export.descriptor(path=f"{self.table}.csv"))
        response = StreamingHttpResponse(export.csv_chunks(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_filename(wanted)}"'
        described = request.get_full_path().replace(".csv", ".resource.json", 1)
        response["Link"] = f'<{described}>; rel="describedby"; type="application/json"'
        return response


def _filename(wanted: YearTable) -> str:
    return f"{wanted.table}-{wanted.first_year}-{wanted.last_year}-{wanted.rule}.csv"


def year_table_view(table: str, *, descriptor: bool = False) -> Any:
    summary = (
        f"{table} table, Frictionless descriptor" if descriptor else f"{table} table (COW IGO layout), CSV"
    )
    description = (
        "The Frictionless tabular data resource describing the table the same parameters give: its "
        "schema, the year rule, the years, recorded_at, the data version and the citation."
        if descriptor
        else f"{TABLE_DESCRIPTIONS[table]} {CODES} Streamed; the Link header points at its descriptor."
    )
    response = (
        {(200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description="The descriptor.")}
        if descriptor
        else {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The table, as CSV.")}
    )

    @extend_schema(summary=summary, description=description, parameters=TABLE_PARAMETERS, responses=response)
    def get(self: YearTableView, request: Request) -> HttpResponseBase:  # one per view, for its schema
        return YearTableView.get(self, request)

    view = cast(
        type[YearTableView],
        type(
            f"{table.title().replace('-', '')}{'Descriptor' if descriptor else 'Table'}View",
            (YearTableView,),
            {"table": table, "descriptor": descriptor, "__doc__": description, "get": get},
        ),
    )
    return view.as_view()


class DataPackageView(ExportView):
    """Every table as CSV, with a Frictionless `datapackage.json` (a schema for every field, licence,
    citation, export time, content hash) and the project's `CITATION.cff`, in one zip file. With
    `recorded_at`, the data as the database stood at that moment: the data files and the content hash are
    the same at every download; `created` says when the file was made."""

    @extend_schema(
        summary="Citable bulk download (zip)",
        parameters=[
            RECORDED_AT,
            OpenApiParameter(
                "dyad_year", bool, description="true: include the dyad-year table too (it is large)."
            ),
        ],
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="A zip file.")},
    )
    def get(self, request: Request) -> HttpResponseBase:
        refuse_unknown_parameters(request, ("recorded_at", "dyad_year"))
        dyad_year = self.query("dyad_year") or "false"
        if dyad_year not in ("true", "false"):
            raise ValidationError({"dyad_year": [f"{dyad_year[:20]!r} is neither true nor false."]})
        now = clock.now()
        try:
            moment = parse_moment(self.query("recorded_at"), now=now)
        except ParameterError as error:
            raise ValidationError({error.parameter: [error.message]}) from None
        self.validator = self.conditional(request)
        archive = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response once sent)
        try:
            package = write_datapackage(archive, now=now, recorded_at=moment, dyad_year=dyad_year == "true")
        except BaseException:
            archive.close()
            raise
        archive.seek(0)
        stamp = package["blocs"]["recorded_at"][:19].replace(":", "")
        response = FileResponse(
            archive,
            as_attachment=True,
            filename=f"{PACKAGE_NAME}-{stamp}.zip",
            content_type="application/zip",
        )
        response["X-Content-Hash"] = package["blocs"]["content_hash"]
        return response
