"""The API's endpoints, one class each. Thin: a base queryset, a FilterSet from `blocs.filtersets`, a
serializer; the computed answers (changes, timeline) call their `MembershipQuerySet` method.

Every view gets its rows from `organisations()`, `members()`, `memberships()` and `sources()` (in
`ApiMixin`), never from a model manager inline. With `recorded_at=T` those four read the history tables as
they stood at T (`blocs.recorded`), and `live()` turns the records into rows the serializers read like
live ones, with their related rows as recorded too: one code path answers "now" and "as recorded at T".
Docstrings here become the endpoint descriptions in the OpenAPI schema.
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
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from blocs import clock
from blocs.api import csv, rows
from blocs.api.backends import FilterBackend
from blocs.api.conditional import AlreadyMade, NotModified, Validator
from blocs.api.pagination import BoundedLimitOffsetPagination
from blocs.api.serializers import (
    ChangeSerializer,
    MemberMembershipRowSerializer,
    MemberSerializer,
    MembershipSerializer,
    OrganisationSerializer,
    SnapshotRowSerializer,
    TimelinePointSerializer,
)
from blocs.dates import ParameterError, parse_moment
from blocs.filtersets import (
    ApiFilterSet,
    ChangeFeedFilterSet,
    ChangeFilterSet,
    ComembershipFilterSet,
    MemberFilterSet,
    MembershipFilterSet,
    OrganisationFilterSet,
    SnapshotFilterSet,
    TimelineFilterSet,
)
from blocs.models import Member, Membership, Organisation, Source
from blocs.querysets import Change, MemberQuerySet, MembershipQuerySet, OrganisationQuerySet
from blocs.recorded import Snapshot, as_instances

HALF_OPEN = (
    "Dates are YYYY-MM-DD. Spells are half-open, [start_date, end_date): a spell applies on its start "
    "date and not on its end date, which is the first day on which the status no longer applied."
)


if TYPE_CHECKING:  # the mixin goes before a DRF view class; type checkers see it as one
    _ViewBase = generics.GenericAPIView
else:
    _ViewBase = object


class ApiMixin(_ViewBase):
    """What every endpoint shares: where its rows come from, what day it is, conditional GETs, CSV."""

    conditional_formats = ("json", "csv")
    validator: Validator | None = None

    # The base querysets: the one place each view's rows come from, live or as recorded at a moment.

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

    @cached_property
    def today(self) -> date:
        """Today, read from the clock once per request."""
        return clock.today()

    @cached_property
    def recorded_at(self) -> datetime | None:
        """The moment asked for with `recorded_at` (transaction time), or None for the data as they are.
        A malformed or future moment is a 400 naming the parameter; so is one sent with a write."""
        request = getattr(self, "request", None)
        value = request.query_params.get("recorded_at") if request is not None else None
        if request is None or value in (None, ""):
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            raise ValidationError(
                {"recorded_at": ["recorded_at reads the past; a write changes the present."]}
            )
        try:
            return parse_moment(value, now=clock.now())
        except ParameterError as error:
            raise ValidationError({"recorded_at": [error.message]}) from None

    @cached_property
    def snapshot(self) -> Snapshot:
        return Snapshot(self.recorded_at)

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

    def get_object(self) -> Any:
        try:
            found = super().get_object()
        except Http404:
            key = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))[:64]
            model = self.get_queryset().model
            noun = getattr(model, "instance_type", model)._meta.verbose_name
            name = "id" if self.lookup_field == "pk" else self.lookup_field
            raise NotFound(f"No {noun} has the {name} '{key}'{self.as_recorded_text()}.") from None
        return self.live([found])[0]

    def as_recorded_text(self) -> str:
        return f" as recorded at {self.recorded_at.isoformat()}" if self.recorded_at is not None else ""

    def related(self, field: str, column: str) -> F | Subquery:
        """A column of the organisation or member a spell names (`field`), to order spells by: through
        the foreign key when live, from the row as recorded otherwise (names change)."""
        if self.recorded_at is None:
            return F(f"{field}__{column}")
        rows = self.organisations() if field == "organisation" else self.members()
        return Subquery(rows.filter(id=OuterRef(f"{field}_id")).values(column)[:1])

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if any("\x00" in str(value) for value in kwargs.values()):
            # No slug, code or id holds a NUL character (and PostgreSQL refuses to compare with one).
            raise NotFound("Nothing has this name.")
        self.recorded_at  # noqa: B018 (a bad recorded_at is a 400 before anything else is read)
        if request.method in ("GET", "HEAD") and request.accepted_renderer.format in self.conditional_formats:
            self.validator = Validator.for_request(request, today=self.today)
            if self.validator.matches(request):
                raise NotModified()
            made = self.validator.recall(request)
            if made is not None:
                raise AlreadyMade(made)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.validator is not None and (response.status_code == 304 or 200 <= response.status_code < 300):
            self.validator.remember(request, response)
            self.validator.apply(response)
        patch_vary_headers(response, ("Accept",))
        return response

    def valid_filterset(self, queryset: QuerySet) -> ApiFilterSet:
        """This request's FilterSet, validated (a 400 naming each bad parameter), for views that read its
        values rather than only filter rows with it."""
        filterset = FilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise filter_utils.translate_validation(filterset.errors)
        return filterset

    def respond(self, rows: QuerySet | Sequence[Any]) -> Response | StreamingHttpResponse:
        """The rows as JSON (a page of them where the view has a paginator) or as streamed CSV."""
        if self.request.accepted_renderer.format == "csv":
            serializer = self.get_serializer()
            each: Iterable[Any] = rows.iterator(chunk_size=1000) if isinstance(rows, QuerySet) else rows
            return csv.streaming_response(
                (serializer.to_representation(row) for row in self.live_chunks(each)),
                names=csv.header(type(serializer)),  # type: ignore[arg-type]
                filename=self.csv_filename(),
            )
        page = self.paginate_queryset(rows)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(self.live(page), many=True).data)
        return Response(self.get_serializer(self.live(rows), many=True).data)

    def respond_with_rows(self, made: list[dict[str, Any]]) -> Response | StreamingHttpResponse:
        """Rows already made (`blocs.api.rows`), as JSON or CSV; the serializer only names the columns."""
        if self.request.accepted_renderer.format == "csv":
            return csv.streaming_response(
                made,
                names=csv.header(self.get_serializer_class()),  # type: ignore[arg-type]
                filename=self.csv_filename(),
            )
        return Response(made)

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

    def csv_filename(self) -> str:
        """organisations-brics-members.csv for /api/v1/organisations/brics/members/."""
        return "-".join(part for part in self.request.path.split("/")[3:] if part) + ".csv"

    def organisation(self) -> Organisation:
        """The organisation named by the path's slug, or a 404."""
        organisation = self.organisations().filter(slug=self.kwargs["slug"]).first()
        if organisation is None:
            raise NotFound(
                f"No organisation has the slug '{self.kwargs['slug'][:64]}'{self.as_recorded_text()}."
            )
        return organisation

    def member(self) -> Member:
        """The member named by the path's code, or a 404."""
        member = self.members().filter(code=self.kwargs["code"]).first()
        if member is None:
            raise NotFound(f"No member has the code '{self.kwargs['code'][:64]}'{self.as_recorded_text()}.")
        return member


@extend_schema_view(
    list=extend_schema(
        summary="Organisations",
        description="Every organisation (bloc), with its member count today. `member` and `on` narrow "
        "it to the organisations that member belonged to on that day. " + HALF_OPEN,
    ),
    retrieve=extend_schema(
        summary="One organisation", description="An organisation, with its member count today."
    ),
)
class OrganisationViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Organisations (blocs): BRICS, the SCO, the G20, ..."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Organisation]:
        return self.organisation_rows()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return self.respond(self.filter_queryset(self.get_queryset()))


class OrganisationMembersView(ApiMixin, generics.ListAPIView):
    """The snapshot: the spells of this organisation active on a day (default: today) with some statuses
    (default: member), one row per spell, with the member, the dates, their precision and the sources.
    A spell counts on day D when start_date <= D and (end_date is null or D < end_date)."""

    serializer_class = SnapshotRowSerializer
    filterset_class = SnapshotFilterSet
    pagination_class = None

    def get_queryset(self) -> QuerySet[Membership]:
        return self.memberships().order_by(self.related("member", "name"), "start_date", "id")

    @extend_schema(summary="Members of an organisation on a day")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        organisation = self.organisation()
        spells = self.filter_queryset(self.get_queryset().filter(organisation_id=organisation.id))
        return self.respond_with_rows(rows.spell_rows(spells, self.sources(), self.members(), party="member"))


class OrganisationChangesView(ApiMixin, generics.ListAPIView):
    """Joins, departures and changes of status in this organisation within the inclusive window
    [from, to], in date order. A spell's start is `joined` (or `status_changed` when a spell of the same
    family ends that day) and its end is `left` (unless a spell of the same family starts that day)."""

    serializer_class = ChangeSerializer
    filterset_class = ChangeFilterSet
    pagination_class = None

    def get_queryset(self) -> QuerySet[Membership]:
        return self.memberships()

    @extend_schema(summary="Changes in an organisation")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        organisation = self.organisation()
        filterset = self.valid_filterset(self.get_queryset().filter(organisation_id=organisation.id))
        return self.respond(filterset.qs.changes(*filterset.window()))


class OrganisationTimelineView(ApiMixin, generics.ListAPIView):
    """How many members held the statuses asked for (default: member) on the window's first day and
    after every day in the window on which a spell started or ended."""

    serializer_class = TimelinePointSerializer
    filterset_class = TimelineFilterSet
    pagination_class = None

    def get_queryset(self) -> QuerySet[Membership]:
        return self.memberships()

    @extend_schema(summary="Member counts of an organisation over time")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        organisation = self.organisation()
        filterset = self.valid_filterset(self.get_queryset().filter(organisation_id=organisation.id))
        spells = filterset.qs
        last = filterset.window()[1]
        start = (
            organisation.founded_on
            or spells.order_by("start_date").values_list("start_date", flat=True).first()
            or min(last, self.today)
        )
        first, last = filterset.window(default_first=min(start, last))
        points = [{"date": day, "member_count": count} for day, count in spells.timeline(first, last)]
        return self.respond(points)


@extend_schema_view(
    list=extend_schema(
        summary="Members", description="States, territories and organisations that hold memberships."
    ),
    retrieve=extend_schema(summary="One member", description="A member, by its code (IND, SUN, EU)."),
)
class MemberViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Members: states and territories (ISO 3166 codes), former states (ISO 3166-3), and organisations
    that hold memberships themselves (EU, AU)."""

    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Member]:
        members = self.members()
        return members if self.recorded_at is not None else members.select_related("organisation")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return self.respond(self.filter_queryset(self.get_queryset()))


class MemberMembershipsView(ApiMixin, generics.ListAPIView):
    """Which organisations this member belonged to on a day (default: today), with some statuses
    (default: member): one row per spell active that day. A spell counts on day D when
    start_date <= D and (end_date is null or D < end_date)."""

    serializer_class = MemberMembershipRowSerializer
    filterset_class = SnapshotFilterSet
    pagination_class = None

    def get_queryset(self) -> QuerySet[Membership]:
        return self.memberships().order_by(
            self.related("organisation", "acronym"), self.related("organisation", "slug"), "start_date", "id"
        )

    @extend_schema(summary="Organisations of a member on a day")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        member = self.member()
        spells = self.filter_queryset(self.get_queryset().filter(member_id=member.id))
        return self.respond_with_rows(
            rows.spell_rows(spells, self.sources(), self.organisations(), party="organisation")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Spells",
        description="Every membership spell, paginated, filtered by organisation, member, status and "
        "dates. " + HALF_OPEN,
    ),
    retrieve=extend_schema(summary="One spell", description="A spell with its sources. " + HALF_OPEN),
    create=extend_schema(
        summary="Record a spell",
        description="Needs the add_membership permission. The spell is validated as in the admin: an "
        "overlap with a spell of the same organisation, member and status family, or an end date not "
        "after the start date, is a 400 naming the field (and the spell collided with). " + HALF_OPEN,
    ),
    update=extend_schema(summary="Replace a spell", description="Needs the change_membership permission."),
    partial_update=extend_schema(
        summary="Change a spell", description="Needs the change_membership permission."
    ),
    destroy=extend_schema(summary="Delete a spell", description="Needs the delete_membership permission."),
)
class MembershipViewSet(ApiMixin, viewsets.ModelViewSet):
    """Membership spells: one member, one status, one organisation, over [start_date, end_date)."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    pagination_class = BoundedLimitOffsetPagination

    def get_queryset(self) -> QuerySet[Membership]:
        spells = self.memberships().order_by("organisation__slug", "start_date", "member__code", "id")
        if self.recorded_at is None:
            spells = spells.select_related("organisation", "member").prefetch_related("sources")
        return spells

    def get_object(self) -> Membership:
        key = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not key.isdigit() or len(key) > 18:
            raise NotFound("No spell has this id.")
        if self.recorded_at is not None:  # a history record's pk is the record's; look up the spell's id
            self.lookup_url_kwarg, self.lookup_field = "pk", "id"
        return super().get_object()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return self.respond(self.filter_queryset(self.get_queryset()))


@extend_schema_view(
    list=extend_schema(
        summary="Change feed",
        description="Joins, departures and changes of status across organisations within the inclusive "
        "window [from, to], in date order, paginated. " + HALF_OPEN,
    )
)
class ChangeFeedViewSet(ApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The change feed: joins, departures and changes of status across organisations."""

    serializer_class = ChangeSerializer
    filterset_class = ChangeFeedFilterSet
    pagination_class = BoundedLimitOffsetPagination

    def get_queryset(self) -> QuerySet[Membership]:
        return self.memberships()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        filterset = self.valid_filterset(self.get_queryset())
        return self.respond(filterset.qs.changes(*filterset.window()))


@extend_schema_view(
    list=extend_schema(
        summary="Co-membership",
        description="The organisations in which every listed member held member status on a day "
        "(default: today). " + HALF_OPEN,
    )
)
class ComembershipViewSet(ApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Organisations shared by several members on a day."""

    serializer_class = OrganisationSerializer
    filterset_class = ComembershipFilterSet
    pagination_class = None

    def get_queryset(self) -> QuerySet[Organisation]:
        return self.organisation_rows()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return self.respond(self.filter_queryset(self.get_queryset()))
