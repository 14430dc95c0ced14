"""The public pages: every organisation, one organisation's timeline, one member's timeline.

Read-only, rendered on the server, working without JavaScript. Each view decides "today" once
(`blocs.clock.today()`) and passes it down; every count, row and bar comes from the `MembershipQuerySet` /
`OrganisationQuerySet` methods, and `blocs.charts` only places them on a time axis. Each page runs a fixed
number of queries, however many spells it shows.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import defaults

from blocs import charts, clock
from blocs.choices import ChangeKind, Coverage, EndReason, Status
from blocs.dates import ParameterError, parse_day
from blocs.models import Member, Membership, Organisation
from blocs.querysets import Change

SEARCH_LIMIT = 50

# How the start and the end of a spell of each status read in the list of changes.
JOINED_WORDS = {
    Status.MEMBER: "joined as a member",
    Status.INVITED: "invited to join",
    Status.APPLICANT: "applied to join",
    Status.CANDIDATE: "became a candidate",
}
ENDED_WORDS = {
    Status.MEMBER: "membership ended",
    Status.INVITED: "invitation ended",
    Status.APPLICANT: "application ended",
    Status.CANDIDATE: "candidacy ended",
}
REASON_WORDS = {"declined": "declined"}
PLURALS = {
    Status.MEMBER: "members",
    Status.ASSOCIATE: "associates",
    Status.OBSERVER: "observers",
    Status.PARTNER: "partners",
    Status.DIALOGUE_PARTNER: "dialogue partners",
    Status.APPLICANT: "applicants",
    Status.CANDIDATE: "candidates",
}


def requested_day(request: HttpRequest, today: date) -> tuple[date, str]:
    """The day asked for in `?on=` (YYYY-MM-DD), or today; with a message when the value is no date."""
    try:
        return parse_day(request.GET.get("on"), "on") or today, ""
    except ParameterError as error:
        return today, f"{error.message} Showing today instead."


def api_url(path: str, **params: Any) -> str:
    """A link to the REST API (version 1) with its query string; CSV when `format="csv"`."""
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")}, safe=",")
    return f"/api/v1/{path}?{query}" if query else f"/api/v1/{path}"


def status_order(spells: list[Membership], *, label: Any) -> list[Membership]:
    return sorted(spells, key=lambda spell: (charts.STATUS_ORDER[spell.status], label(spell)))


def status_summary(spells: list[Membership]) -> list[tuple[str, int]]:
    """("members", 10), ("partners", 9), ...: how many rows of each status, in the order given."""
    counts: dict[str, int] = {}
    for spell in spells:
        counts[spell.status] = counts.get(spell.status, 0) + 1
    return [
        (PLURALS.get(Status(status), Status(status).label) if count != 1 else Status(status).label, count)
        for status, count in counts.items()
    ]


def csv_statuses(spells: list[Membership]) -> str:
    return ",".join(dict.fromkeys(spell.status for spell in spells))


def home(request: HttpRequest) -> HttpResponse:
    """Every organisation with its kind, current member count and a sparkline; search; a date form."""
    today = clock.today()
    query = request.GET.get("q", "").strip()[:100]
    organisations = sorted(  # the curated organisations first, then those known only from COW
        Organisation.objects.search(query).with_member_count(today).order_by("acronym", "slug"),
        key=lambda organisation: organisation.coverage == Coverage.COW,
    )
    all_organisations = (
        organisations if not query else list(Organisation.objects.order_by("acronym").only("slug", "acronym"))
    )

    firsts = [organisation.founded_on for organisation in organisations if organisation.founded_on]
    days = charts.sample_days(min(firsts, default=date(today.year - 10, 1, 1)), today)
    counts = (
        Membership.objects.with_status(Status.MEMBER)
        .filter(organisation__in=[organisation.pk for organisation in organisations])
        .member_counts_by_organisation(days)
    )
    for organisation in organisations:
        series = charts.count_series(
            counts.get(organisation.pk, {}),
            days=days,
            born=organisation.founded_on,
            closed_on=organisation.dissolved_on,
        )
        organisation.sparkline = charts.sparkline(series)

    members: list[Member] = []
    member_total = 0
    if query:
        matches = Member.objects.search(query).order_by("name")
        members = list(matches[:SEARCH_LIMIT])
        member_total = len(members) if len(members) < SEARCH_LIMIT else matches.count()
    return render(
        request,
        "blocs/home.html",
        {
            "today": today,
            "query": query,
            "organisations": organisations,
            "all_organisations": all_organisations,
            "members": members,
            "member_total": member_total,
        },
    )


def snapshot(request: HttpRequest) -> HttpResponseRedirect:
    """The home page's "members on a date" form: on to the organisation's page at that date."""
    organisation = get_object_or_404(Organisation, slug=request.GET.get("organisation", ""))
    on = request.GET.get("on", "").strip()
    url = organisation.get_absolute_url()
    return redirect(f"{url}?{urlencode({'on': on})}" if on else url)


def describe_change(change: Change) -> str:
    """What happened, in words: "joined as a member", "invited → member", "membership ended: withdrew"."""
    status = Status(change.status)
    if change.previous_status:
        return f"{Status(change.previous_status).label} → {status.label}"
    if change.kind == ChangeKind.JOINED:
        return JOINED_WORDS.get(status, f"joined as {status.label}")
    words = ENDED_WORDS.get(status, f"{status.label} status ended")
    reason = change.membership.end_reason
    if not reason:
        return words
    return f"{words}: {REASON_WORDS.get(reason, EndReason(reason).label)}"


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One organisation: the timeline of its members, who belonged on a date, the changes, the sources."""
    today = clock.today()
    on, date_error = requested_day(request, today)
    organisation = get_object_or_404(Organisation.objects.select_related("predecessor"), slug=slug)
    spells = list(
        organisation.memberships.select_related("member")
        .prefetch_related("sources")
        .order_by("member__name", "start_date", "status")
    )
    chart = charts.timeline(
        spells,
        row_key=lambda spell: spell.member_id,
        row_label=lambda spell: spell.member.name,
        row_short=lambda spell: spell.member.code,
        row_url=lambda spell: spell.member.get_absolute_url(),
        today=today,
        on=on,
        closed_on=organisation.dissolved_on,
        first_day=organisation.founded_on,
    )
    on_date = status_order(
        list(organisation.memberships.active_on(on).select_related("member")),
        label=lambda spell: spell.member.name,
    )
    first, last = chart.axis.first, chart.axis.last
    changes = organisation.memberships.changes(first, last)
    slug = organisation.slug
    return render(
        request,
        "blocs/organisation.html",
        {
            "organisation": organisation,
            "former_names": list(organisation.former_names.all()),
            "successors": list(organisation.successors.all()),
            **timeline_context(today, on, date_error, chart, on_date, changes),
            "csv": {
                "on_date": api_url(
                    f"organisations/{slug}/members/",
                    on=on.isoformat(),
                    status=csv_statuses(on_date),
                    format="csv",
                ),
                "changes": api_url(
                    f"organisations/{slug}/changes/",
                    **{"from": first.isoformat()},
                    to=last.isoformat(),
                    format="csv",
                ),
                "spells": api_url("memberships/", organisation=slug, format="csv"),
            },
        },
    )


def member_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One member: its timeline across organisations, where it belonged on a date, changes, sources."""
    member = Member.objects.select_related("organisation").filter(code=code).first()
    if member is None:
        upper = get_object_or_404(Member, code=code.upper())
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(f"{upper.get_absolute_url()}{query}", permanent=True)
    today = clock.today()
    on, date_error = requested_day(request, today)
    spells = list(
        member.memberships.select_related("organisation")
        .prefetch_related("sources")
        .order_by("organisation__acronym", "start_date", "status")
    )
    chart = charts.timeline(
        spells,
        row_key=lambda spell: spell.organisation_id,
        row_label=lambda spell: spell.organisation.acronym,
        row_short=lambda spell: spell.organisation.acronym,
        row_url=lambda spell: spell.organisation.get_absolute_url(),
        row_title=lambda spell: spell.organisation.name,
        today=today,
        on=on,
    )
    on_date = status_order(
        list(member.memberships.active_on(on).select_related("organisation")),
        label=lambda spell: spell.organisation.acronym,
    )
    first, last = chart.axis.first, chart.axis.last
    changes = member.memberships.changes(first, last)
    return render(
        request,
        "blocs/member.html",
        {
            "member": member,
            **timeline_context(today, on, date_error, chart, on_date, changes),
            "csv": {
                "on_date": api_url(
                    f"members/{member.code}/memberships/",
                    on=on.isoformat(),
                    status=csv_statuses(on_date),
                    format="csv",
                ),
                "changes": api_url(
                    "changes/",
                    **{"from": first.isoformat()},
                    to=last.isoformat(),
                    member=member.code,
                    format="csv",
                ),
                "spells": api_url("memberships/", member=member.code, format="csv"),
            },
        },
    )


def timeline_context(
    today: date,
    on: date,
    date_error: str,
    chart: charts.Timeline,
    on_date: list[Membership],
    changes: list[Change],
) -> dict[str, Any]:
    """What the organisation and member pages share: the chart, the table standing for it, the spells
    held on the chosen day and the changes in the chart's window."""
    return {
        "today": today,
        "on": on,
        "date_error": date_error,
        "chart": chart,
        "spells": chart_order(chart),
        "on_date": on_date,
        "on_date_summary": status_summary(on_date),
        "changes": [(change, describe_change(change)) for change in changes],
        "later_changes": any(change.day > on for change in changes),
        "window": (chart.axis.first, chart.axis.last),
    }


def chart_order(chart: charts.Timeline) -> list[Membership]:
    """The spells in the order the chart draws them, for the table that stands for the chart."""
    return [bar.spell for row in chart.rows for bar in row.bars]


# The site's error handlers (config/urls.py): JSON under /api/, the site's pages elsewhere.


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, a bad host): JSON under
    /api/, the site's page elsewhere."""
    if isinstance(exception, RequestDataTooBig):
        problem = f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes."
    elif isinstance(exception, TooManyFieldsSent):
        problem = "The request sends too many fields."
    else:
        problem = "The request cannot be read."
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": problem}, status=400)
    return render(request, "400.html", {"problem": problem}, status=400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 for paths the URLs do not match: JSON under /api/, the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "No endpoint at this path."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """The last resort, without a stack trace: JSON under /api/, the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error. It has been logged."}, status=500)
    return defaults.server_error(request)
