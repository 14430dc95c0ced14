"""What every endpoint shares, apart from the endpoints themselves (`blocs.api.views`):

- `Rows`: where a request's rows come from. `organisations()`, `members()`, `memberships()` and
  `sources()` read the live tables, or with `recorded_at=T` the history tables as they stood at T
  (`blocs.recorded`); `live()` turns records into rows the serializers read like live ones, so one code
  path answers "now" and "as recorded at T". It also holds the request's day (`today`, read once).
- `respond()` and `respond_with_rows()`: the answer, as JSON (a page of it where the view paginates) or as
  streamed CSV.
- `ApiView`: the request's life around the endpoint: a bad `recorded_at` is a 400 before anything is read,
  conditional GETs (ETag, 304, an answer already made), the `Vary` header, one `list()` for every list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import Http404, StreamingHttpResponse
from django.utils.cache import patch_vary_headers
from django_filters import utils as filter_utils
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from blocs import clock
from blocs.api import csv
from blocs.api.backends import FilterBackend
from blocs.api.conditional import AlreadyMade, NotModified, Validator
from blocs.dates import ParameterError, parse_moment
from blocs.filtersets import ApiFilterSet
from blocs.models import Member, Organisation, Source
from blocs.querysets import Change, MemberQuerySet, MembershipQuerySet, OrganisationQuerySet
from blocs.recorded import Snapshot, as_instances


def requested_moment(request: Request) -> datetime | None:
    """The moment asked for with `recorded_at` (transaction time), or None for the data as they are.
    A malformed or future moment is a 400 naming the parameter; so is one sent with a write."""
    value = request.query_params.get("recorded_at")
    if value in (None, ""):
        return None
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        raise ValidationError({"recorded_at": ["recorded_at reads the past; a write changes the present."]})
    try:
        return parse_moment(value, now=clock.now())
    except ParameterError as error:
        raise ValidationError({"recorded_at": [error.message]}) from None


# Read by every endpoint, whatever its filters.
COMMON_PARAMETERS = frozenset({"format", "recorded_at"})


def refuse_unknown_parameters(request: Request, accepted: Iterable[str]) -> None:
    """A 400 naming every query parameter the endpoint does not read, and listing those it does: a typo
    (`?onn=2024-01-01`) must never quietly answer another question."""
    known = set(accepted)
    unknown = sorted({name for name in request.query_params if name not in known})
    if unknown:
        listed = ", ".join(sorted(known))
        raise ValidationError(
            {name[:64]: [f"Unknown parameter. This endpoint reads: {listed}."] for name in unknown[:20]}
        )


class Rows:
    """The rows one request reads: live, or as recorded at `recorded_at`; `today` read once."""

    def __init__(self, recorded_at: datetime | None, today: date) -> None:
        self.recorded_at = recorded_at
        self.today = today
        self.snapshot = Snapshot(recorded_at)

    def organisations(self) -> OrganisationQuerySet:
        # History records are ordered by their own time: give them the live model's order.
        ordering = Organisation._meta.ordering or []
        return cast(OrganisationQuerySet, self.snapshot.organisations().order_by(*ordering))

    def members(self) -> MemberQuerySet:
        return cast(MemberQuerySet, self.snapshot.members().order_by(*(Member._meta.ordering or [])))

    def memberships(self) -> MembershipQuerySet:
        return self.snapshot.memberships()

    def sources(self) -> QuerySet[Source]:
        return self.snapshot.sources()

    def organisation_rows(self) -> OrganisationQuerySet:
        """Organisations with what their serializer shows: member count today, predecessor, former names
        (attached by `live()` when read as recorded)."""
        organisations = self.organisations().order_by("acronym", "slug")  # GROUP BY ignores Meta.ordering
        if self.recorded_at is None:
            organisations = (
                organisations.with_member_count(self.today)
                .select_related("predecessor")
                .prefetch_related("former_names")
            )
        return organisations

    def organisation(self, slug: str) -> Organisation:
        """The organisation with this slug, or a 404."""
        organisation = self.organisations().filter(slug=slug).first()
        if organisation is None:
            raise NotFound(f"No organisation has the slug '{slug[:64]}'{self.as_recorded_text()}.")
        return organisation

    def member(self, code: str) -> Member:
        """The member with this code, or a 404."""
        member = self.members().filter(code=code).first()
        if member is None:
            raise NotFound(f"No member has the code '{code[:64]}'{self.as_recorded_text()}.")
        return member

    def related(self, field: str, column: str) -> F | Subquery:
        """A column of the organisation or member a spell names (`field`), to order spells by: through
        the foreign key when live, from the row as recorded otherwise (names change)."""
        if self.recorded_at is None:
            return F(f"{field}__{column}")
        rows = self.organisations() if field == "organisation" else self.members()
        return Subquery(rows.filter(id=OuterRef(f"{field}_id")).values(column)[:1])

    def as_recorded_text(self) -> str:
        return f" as recorded at {self.recorded_at.isoformat()}" if self.recorded_at is not None else ""

    def live(self, rows: Iterable[Any]) -> list[Any]:
        """Rows read as recorded (history records, or changes made of them) as the rows the serializers
        expect (`blocs.recorded.as_instances`); live rows are returned as they are."""
        rows = list(rows)
        if self.recorded_at is None or not rows:
            return rows
        if isinstance(rows[0], Change):
            spells = as_instances([change.membership for change in rows], self.recorded_at, today=self.today)
            return [replace(change, membership=spell) for change, spell in zip(rows, spells, strict=True)]
        if hasattr(rows[0], "instance_type"):  # history records
            return as_instances(rows, self.recorded_at, today=self.today)
        return rows  # rows computed from the records (timeline points)

    def live_chunks(self, rows: Iterable[Any], size: int = 1000) -> Iterable[Any]:
        """`live()` over a long stream, a chunk at a time (constant memory for CSV)."""
        if self.recorded_at is None:
            yield from rows
            return
        chunk: list[Any] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == size:
                yield from self.live(chunk)
                chunk = []
        yield from self.live(chunk)


if TYPE_CHECKING:  # the mixin goes before a DRF view class; type checkers see it as one
    _ViewBase = generics.GenericAPIView
else:
    _ViewBase = object


class ApiView(_ViewBase):
    """The request's life around an endpoint; an endpoint says only what its rows are (`get_queryset`,
    or an action that calls `respond`)."""

    conditional_formats = ("json", "csv")
    validator: Validator | None = None

    @cached_property
    def rows(self) -> Rows:
        return Rows(requested_moment(self.request), clock.today())

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if any("\x00" in str(value) for value in kwargs.values()):
            # No slug, code or id holds a NUL character (and PostgreSQL refuses to compare with one).
            raise NotFound("Nothing has this name.")
        refuse_unknown_parameters(request, self.accepted_parameters())
        rows = self.rows  # a bad recorded_at is a 400 before anything else is read
        if request.method in ("GET", "HEAD") and request.accepted_renderer.format in self.conditional_formats:
            self.validator = Validator.for_request(request, today=rows.today)
            if self.validator.matches(request):
                raise NotModified()
            made = self.validator.recall(request)
            if made is not None:
                raise AlreadyMade(made)

    def accepted_parameters(self) -> set[str]:
        """The query parameters this request's endpoint reads: its FilterSet's on a list or an action,
        its paginator's, and `format` and `recorded_at` everywhere."""
        names = set(COMMON_PARAMETERS)
        if getattr(self, "action", None) not in ("retrieve", "update", "partial_update", "destroy"):
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                names |= set(filterset_class.base_filters)
            paginator = self.paginator
            for attribute in ("limit_query_param", "offset_query_param", "page_query_param"):
                name = getattr(paginator, attribute, None)
                if name:
                    names.add(name)
        return names

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.validator is not None and (response.status_code == 304 or 200 <= response.status_code < 300):
            self.validator.remember(request, response)
            self.validator.apply(response)
        patch_vary_headers(response, ("Accept",))
        return response

    def get_object(self) -> Any:
        try:
            found = super().get_object()
        except Http404:
            key = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))[:64]
            model = self.get_queryset().model
            noun = getattr(model, "instance_type", model)._meta.verbose_name
            name = "id" if self.lookup_field == "pk" else self.lookup_field
            raise NotFound(f"No {noun} has the {name} '{key}'{self.rows.as_recorded_text()}.") from None
        return self.rows.live([found])[0]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return self.respond(self.filter_queryset(self.get_queryset()))

    def valid_filterset(self, queryset: QuerySet) -> ApiFilterSet:
        """This request's FilterSet, validated (a 400 naming each bad parameter), for views that read its
        values rather than only filter rows with it."""
        filterset = FilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise filter_utils.translate_validation(filterset.errors)
        return filterset

    def respond(self, rows: QuerySet | Sequence[Any]) -> Response | StreamingHttpResponse:
        """The rows as JSON (a page of them where the view has a paginator) or as streamed CSV."""
        live = self.rows
        if self.request.accepted_renderer.format == "csv":
            serializer = self.get_serializer()
            each: Iterable[Any] = rows.iterator(chunk_size=1000) if isinstance(rows, QuerySet) else rows
            return csv.streaming_response(
                (serializer.to_representation(row) for row in live.live_chunks(each)),
                names=csv.header(type(serializer)),  # type: ignore[arg-type]
                filename=self.csv_filename(),
            )
        page = self.paginate_queryset(rows)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(live.live(page), many=True).data)
        return Response(self.get_serializer(live.live(rows), many=True).data)

    def respond_with_rows(self, made: Sequence[dict[str, Any]]) -> Response | StreamingHttpResponse:
        """Rows already made (`blocs.api.rows`), as JSON or CSV; the serializer only names the columns."""
        if self.request.accepted_renderer.format == "csv":
            return csv.streaming_response(
                made,
                names=csv.header(self.get_serializer_class()),  # type: ignore[arg-type]
                filename=self.csv_filename(),
            )
        return Response(made)

    def csv_filename(self) -> str:
        """organisations-brics-members.csv for /api/v1/organisations/brics/members/."""
        return "-".join(part for part in self.request.path.split("/")[3:] if part) + ".csv"
