"""The API's endpoints, one viewset each, thin: rows from `self.rows` (`blocs.api.base.Rows`, live or as
recorded at a moment), a FilterSet from `blocs.filtersets`, a serializer. What an organisation or a member
answers about itself (its members on a day, its changes, its timeline; a member's organisations) is an
action of its viewset, and the computed answers call their `MembershipQuerySet` method.
Docstrings here become the endpoint descriptions in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from blocs.api import rows
from blocs.api.base import ApiView
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
from blocs.filtersets import (
    ChangeFeedFilterSet,
    ChangeFilterSet,
    ComembershipFilterSet,
    MemberFilterSet,
    MembershipFilterSet,
    OrganisationFilterSet,
    SnapshotFilterSet,
    TimelineFilterSet,
)
from blocs.models import HALF_OPEN as SPELLS_HALF_OPEN
from blocs.models import Membership, Organisation

HALF_OPEN = "Dates are YYYY-MM-DD. " + SPELLS_HALF_OPEN

# The actions read spells, so the schema cannot find their path parameter on the queryset's model.
SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The organisation's slug (brics).")
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The member's code (IND, SUN, EU).")


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
class OrganisationViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    """Organisations (blocs): BRICS, the SCO, the G20, ..."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet:
        if self.action in ("members", "changes", "timeline"):  # an organisation's spells (their filters)
            return self.rows.memberships()
        return self.rows.organisation_rows()

    @extend_schema(
        summary="Members of an organisation on a day",
        responses=SnapshotRowSerializer(many=True),
        parameters=[SLUG],
        description="The snapshot: the spells of this organisation active on a day (default: today) with "
        "some statuses (default: member), one row per spell, with the member, the dates, their precision "
        "and the sources. " + HALF_OPEN,
    )
    @action(
        detail=True,
        serializer_class=SnapshotRowSerializer,
        filterset_class=SnapshotFilterSet,
        pagination_class=None,
    )
    def members(self, request: Request, slug: str) -> Any:
        organisation = self.rows.organisation(slug)
        spells = self.rows.memberships().filter(organisation_id=organisation.id)
        chosen = self.filter_queryset(
            spells.order_by(self.rows.related("member", "name"), "start_date", "id")
        )
        return self.respond_with_rows(
            rows.spell_rows(chosen, self.rows.sources(), self.rows.members(), party="member")
        )

    @extend_schema(
        summary="Changes in an organisation",
        responses=ChangeSerializer(many=True),
        parameters=[SLUG],
        description="Joins, departures and changes of status in this organisation within the inclusive "
        "window [from, to], in date order. A spell's start is `joined` (or `status_changed` when a spell of "
        "the same family ends that day) and its end is `left` (unless a spell of the same family starts "
        "that day). " + HALF_OPEN,
    )
    @action(
        detail=True, serializer_class=ChangeSerializer, filterset_class=ChangeFilterSet, pagination_class=None
    )
    def changes(self, request: Request, slug: str) -> Any:
        organisation = self.rows.organisation(slug)
        filterset = self.valid_filterset(self.rows.memberships().filter(organisation_id=organisation.id))
        return self.respond(filterset.qs.changes(*filterset.window()))

    @extend_schema(
        summary="Member counts of an organisation over time",
        responses=TimelinePointSerializer(many=True),
        parameters=[SLUG],
        description="How many members held the statuses asked for (default: member) on the window's "
        "first day and after every day in the window on which a spell started or ended. The window "
        "starts by default at the organisation's founding (or its first spell).",
    )
    @action(
        detail=True,
        serializer_class=TimelinePointSerializer,
        filterset_class=TimelineFilterSet,
        pagination_class=None,
    )
    def timeline(self, request: Request, slug: str) -> Any:
        organisation = self.rows.organisation(slug)
        filterset = self.valid_filterset(self.rows.memberships().filter(organisation_id=organisation.id))
        spells = filterset.qs
        last = filterset.window()[1]
        first, last = filterset.window(
            default_first=spells.timeline_start(organisation.founded_on, last, today=self.rows.today)
        )
        counts = spells.timeline(first, last, reading=filterset.chosen_reading())
        points = [{"date": day, "member_count": count} for day, count in counts]
        return self.respond(points)


@extend_schema_view(
    list=extend_schema(
        summary="Members", description="States, territories and organisations that hold memberships."
    ),
    retrieve=extend_schema(summary="One member", description="A member, by its code (IND, SUN, EU)."),
)
class MemberViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    """Members: states and territories (ISO 3166 codes), former states (ISO 3166-3), and organisations
    that hold memberships themselves (EU, AU)."""

    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet
    lookup_field = "code"

    def get_queryset(self) -> QuerySet:
        if self.action == "memberships":  # a member's spells (their filters)
            return self.rows.memberships()
        members = self.rows.members()
        return members if self.rows.recorded_at is not None else members.select_related("organisation")

    @extend_schema(
        summary="Organisations of a member on a day",
        responses=MemberMembershipRowSerializer(many=True),
        parameters=[CODE],
        description="Which organisations this member belonged to on a day (default: today), with some "
        "statuses (default: member): one row per spell active that day. " + HALF_OPEN,
    )
    @action(
        detail=True,
        serializer_class=MemberMembershipRowSerializer,
        filterset_class=SnapshotFilterSet,
        pagination_class=None,
    )
    def memberships(self, request: Request, code: str) -> Any:
        member = self.rows.member(code)
        related = self.rows.related
        spells = self.rows.memberships().filter(member_id=member.id)
        chosen = self.filter_queryset(
            spells.order_by(
                related("organisation", "acronym"), related("organisation", "slug"), "start_date", "id"
            )
        )
        return self.respond_with_rows(
            rows.spell_rows(chosen, self.rows.sources(), self.rows.organisations(), party="organisation")
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
class MembershipViewSet(ApiView, viewsets.ModelViewSet):
    """Membership spells: one member, one status, one organisation, over [start_date, end_date)."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    pagination_class = BoundedLimitOffsetPagination

    def get_queryset(self) -> QuerySet[Membership]:
        spells = self.rows.memberships().order_by("organisation__slug", "start_date", "member__code", "id")
        if self.rows.recorded_at is None:
            spells = spells.select_related("organisation", "member").prefetch_related("sources")
        return spells

    def get_object(self) -> Membership:
        key = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not key.isdigit() or len(key) > 18:
            raise NotFound("No spell has this id.")
        if self.rows.recorded_at is not None:  # a history record's pk is the record's; look up the spell's id
            self.lookup_url_kwarg, self.lookup_field = "pk", "id"
        return super().get_object()


@extend_schema_view(
    list=extend_schema(
        summary="Change feed",
        description="Joins, departures and changes of status across organisations within the inclusive "
        "window [from, to], in date order, paginated. " + HALF_OPEN,
    )
)
class ChangeFeedViewSet(ApiView, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The change feed: joins, departures and changes of status across organisations."""

    serializer_class = ChangeSerializer
    filterset_class = ChangeFeedFilterSet
    pagination_class = BoundedLimitOffsetPagination

    def get_queryset(self) -> QuerySet[Membership]:
        return self.rows.memberships()

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
class ComembershipViewSet(ApiView, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Organisations shared by several members on a day."""

    serializer_class = OrganisationSerializer
    filterset_class = ComembershipFilterSet
    pagination_class = None

    def get_queryset(self) -> QuerySet[Organisation]:
        return self.rows.organisation_rows()
