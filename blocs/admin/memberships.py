"""Spells and their sources: the list with its filters, the spell page with its sources, the two
actions (record a status change, end spells), and import and export as CSV or XLSX."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm
from import_export.results import Result

from blocs.admin.actions import EndSpellsAction, StatusChangeAction
from blocs.admin.base import HALF_OPEN_HELP, URL_FIELDS, BlocsAdmin, request_today
from blocs.admin.filters import ActiveOnFilter, FamilyFilter, OngoingFilter, SourcedFilter
from blocs.admin.forms import MembershipImportForm
from blocs.admin.imports import build_report
from blocs.admin.resources import MembershipResource
from blocs.models import Membership, Source

NO_SOURCE_WARNING = (
    "{spell} has no source yet: add one under Sources (the URL, publisher and date of a published "
    "document that says so). Every spell needs one."
)


def source_count_marker(count: int) -> str:
    """The sources column: the count, or a warning marker when there is none."""
    if count:
        return str(count)
    return format_html('<span class="no-source" title="{}">⚠ none</span>', "This spell needs a source.")


class SourceInline(admin.TabularInline):
    model = Source
    extra = 1
    fields = ["url", "publisher", "title", "published_on", "accessed_on", "stance", "note", "quote"]
    formfield_overrides = {
        **URL_FIELDS,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 24})},
    }


@admin.register(Membership)
class MembershipAdmin(ImportExportMixin, BlocsAdmin):
    list_display = [
        "member",
        "organisation",
        "status",
        "start_date",
        "end_date",
        "ongoing",
        "disputed",
        "sources",
    ]
    list_select_related = ["member", "organisation"]
    list_filter = [
        ActiveOnFilter,
        "organisation",
        "status",
        FamilyFilter,
        OngoingFilter,
        "disputed",
        SourcedFilter,
    ]
    search_fields = ["=member__code", "member__name"]
    search_help_text = "A member's code (IDN) or a part of its name."
    date_hierarchy = "start_date"
    autocomplete_fields = ["organisation", "member"]
    inlines = [SourceInline]
    actions = ["record_status_change", "end_spells"]
    fieldsets = [
        (None, {"fields": ["organisation", "member", "status"]}),
        (
            "Dates",
            {
                "description": HALF_OPEN_HELP,
                "fields": [("start_date", "start_precision"), ("end_date", "end_precision"), "end_reason"],
            },
        ),
        (
            "Where the sources give a date differently",
            {
                "description": "The range of days the sources allow for each date, the date itself being "
                "the best-supported day. Leave empty when they agree: the range is then the date's own "
                "period (its day, month or year).",
                "fields": [("start_earliest", "start_latest"), ("end_earliest", "end_latest")],
            },
        ),
        ("Dispute and notes", {"fields": ["disputed", "dispute_note", "notes"]}),
    ]
    history_list_display = ["status", "dates"]

    # Import and export (django-import-export).
    resource_classes = [MembershipResource]
    formats = [base_formats.CSV, base_formats.XLSX]
    import_form_class = MembershipImportForm
    export_form_class = ExportForm  # the selectable-fields form needs inline scripts, which the CSP refuses
    import_template_name = "admin/blocs/membership/import.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .with_ongoing(request_today(request))
            .annotate(source_count=Count("sources"))
            .order_by(*(Membership._meta.ordering or []))  # a GROUP BY query drops the default ordering
        )

    def dates(self, record: Any) -> str:
        """The spell's interval as recorded in one version (a column of the history page)."""
        until = f" until {record.end_date.isoformat()}" if record.end_date else ", ongoing"
        reason = f" ({record.get_end_reason_display()})" if record.end_reason else ""
        return f"from {record.start_date.isoformat()}{until}{reason}"

    @admin.display(description="ongoing", boolean=True, ordering="is_ongoing")
    def ongoing(self, spell: Membership) -> bool:
        return spell.is_ongoing  # type: ignore[attr-defined]

    @admin.display(description="sources", ordering="source_count")
    def sources(self, spell: Membership) -> str:
        return source_count_marker(spell.source_count)  # type: ignore[attr-defined]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not form.instance.sources.exists():
            self.message_user(request, NO_SOURCE_WARNING.format(spell=form.instance), messages.WARNING)

    # Actions.

    @admin.action(description="Record a status change for the selected spells", permissions=["add", "change"])
    def record_status_change(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        return StatusChangeAction(self, request, queryset).respond()

    @admin.action(description="End the selected spells", permissions=["change"])
    def end_spells(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        return EndSpellsAction(self, request, queryset).respond()

    # Import: a dry run reporting every row, then an all-or-nothing import.

    def has_import_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perms(["blocs.add_membership", "blocs.change_membership", "blocs.add_source"])

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True  # one bad row and nothing is written
        return kwargs

    def add_data_read_fail_error_to_form(self, form: Any, error: Exception) -> None:
        form.add_error(
            "import_file",
            "This file could not be read in the chosen format. Save it as CSV (UTF-8, comma-separated, "
            "the first row naming the columns) or as an Excel workbook (.xlsx), and choose that format.",
        )

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        response = super().import_action(request, **kwargs)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            result = response.context_data.get("result")
            if result is not None:
                response.context_data["report"] = build_report(result)
            response.context_data["max_bytes"] = settings.BLOCS_IMPORT_MAX_BYTES
        return response

    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            return super().process_import(request, **kwargs)
        except (OSError, ValueError, IndexError):
            # The file kept between the dry run and the confirmation is gone, or the form was tampered
            # with: nothing was written (the import runs in one transaction).
            self.message_user(
                request,
                "Nothing was imported: the uploaded file is no longer available. Upload it again.",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:blocs_membership_import"))

    def process_result(self, result: Result, request: HttpRequest) -> HttpResponse:
        report = build_report(result)
        if report.has_errors:
            problems = report.file_errors + [
                f"row {row.number}: {' '.join(row.errors)}" for row in report.rows if row.errors
            ]
            self.message_user(
                request,
                "Nothing was imported: the data changed since the dry run, and now "
                + "; ".join(problems[:5]),
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:blocs_membership_import"))
        return super().process_result(result, request)

    def get_export_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_export_queryset(request).prefetch_related("sources")


@admin.register(Source)
class SourceAdmin(BlocsAdmin):
    list_display = ["publisher", "title", "membership", "published_on", "stance"]
    list_select_related = ["membership__organisation", "membership__member"]
    list_filter = ["stance"]
    search_fields = ["url", "title", "publisher"]
    autocomplete_fields = ["membership"]
    history_list_display = ["url", "publisher", "published_on"]
