"""Organisations: the list with today's member count, and the page with former names, spells and the
"members on a date" panel."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from blocs.admin.base import BlocsAdmin, parse_iso_date, request_today
from blocs.admin.forms import SpellFormSet
from blocs.admin.memberships import NO_SOURCE_WARNING, source_count_marker
from blocs.models import SPELL_COLUMNS, Membership, Organisation, OrganisationName


class FormerNameInline(admin.TabularInline):
    model = OrganisationName
    extra = 0
    fields = ["name", "acronym", "start_date", "start_precision", "end_date", "end_precision"]


class SpellInline(admin.TabularInline):
    """The organisation's spells, editable in place; sources are edited on each spell's own page."""

    model = Membership
    formset = SpellFormSet
    extra = 0
    verbose_name = "spell"
    verbose_name_plural = "spells (from the start date, included, to the end date, excluded)"
    fields = ["member", *SPELL_COLUMNS, "sources"]
    readonly_fields = ["sources"]
    autocomplete_fields = ["member"]
    show_change_link = True
    formfield_overrides = {models.TextField: {"widget": forms.TextInput(attrs={"size": 14})}}

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name == "member":
            # A row is narrow: no add/change/delete/view buttons beside the member, only its name.
            for button in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
                setattr(field.widget, button, False)
        return field

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("member")
            .annotate(source_count=Count("sources"))
            .order_by("start_date", "member__name", "status")
        )

    @admin.display(description="sources")
    def sources(self, spell: Membership) -> str:
        if spell.pk is None:
            return "add them on the spell's page once saved"
        url = reverse("admin:blocs_membership_change", args=[spell.pk])
        count = getattr(spell, "source_count", None)
        if count is None:
            count = spell.sources.count()
        return format_html('<a href="{}#sources-group">{}</a>', url, source_count_marker(count))


@admin.register(Organisation)
class OrganisationAdmin(BlocsAdmin):
    list_display = ["acronym", "name", "kind", "member_count"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym", "full_name", "slug", "former_names__name", "former_names__acronym"]
    search_help_text = "Name, acronym or a former name (BRIC finds BRICS)."
    prepopulated_fields = {"slug": ["acronym"]}
    inlines = [FormerNameInline, SpellInline]
    fieldsets = [
        (None, {"fields": ["slug", "acronym", "name", "full_name", "kind"]}),
        (
            "Life",
            {
                "description": "The organisation exists from its founding date, included, to its "
                "dissolution date, excluded. Every spell must fall within that life.",
                "fields": [
                    ("founded_on", "founded_precision"),
                    ("dissolved_on", "dissolved_precision"),
                    "predecessor",
                ],
            },
        ),
        (
            "Identifiers and description",
            {"fields": ["website", "description", "wikidata_id", "cow_ioname", "cow_ionum"]},
        ),
    ]
    history_list_display = ["acronym", "name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # A GROUP BY query drops the model's default ordering: restate it (autocomplete pages by it).
        return (
            super()
            .get_queryset(request)
            .with_member_count(request_today(request))
            .order_by(*(Organisation._meta.ordering or []))
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        # The one spelling of "find an organisation": name, acronym, full name, slug or a former name.
        return queryset.search(search_term), False  # type: ignore[attr-defined]

    @admin.display(description="members today", ordering="member_count")
    def member_count(self, organisation: Organisation) -> int:
        return organisation.member_count  # type: ignore[attr-defined]

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Organisation | None = None,
    ) -> Any:
        if obj is not None and obj.pk is not None:
            context.update(self.members_on_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def members_on_context(self, request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
        """The "members on a date" panel: spells active on `?on=` (default today), by status."""
        error = ""
        try:
            day: date = parse_iso_date(request.GET.get("on")) or request_today(request)
        except ValueError as problem:
            error = f"{problem} Showing today."
            day = request_today(request)
        spells = list(
            organisation.memberships.active_on(day)  # type: ignore[attr-defined]
            .select_related("member")
            .order_by("status", "member__name")
        )
        counts = Counter(spell.get_status_display() for spell in spells)
        return {
            "members_on_day": day,
            "members_on_spells": spells,
            "members_on_counts": sorted(counts.items()),
            "members_on_error": error,
        }

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is not Membership:
            return
        saved = [spell for spell in formset.new_objects + [pair[0] for pair in formset.changed_objects]]
        for spell in saved:
            if not spell.sources.exists():
                self.message_user(request, NO_SOURCE_WARNING.format(spell=spell), messages.WARNING)


@admin.register(OrganisationName)
class OrganisationNameAdmin(BlocsAdmin):
    list_display = ["name", "acronym", "organisation", "start_date", "end_date"]
    list_select_related = ["organisation"]
    search_fields = ["name", "acronym", "organisation__name", "organisation__acronym"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["organisation", "name", "acronym"]}),
        (
            "Dates",
            {
                "description": "The name applied from its start date, included, to its end date, "
                "excluded: the end date is the first day of the next name.",
                "fields": [("start_date", "start_precision"), ("end_date", "end_precision")],
            },
        ),
    ]
