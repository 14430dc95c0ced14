"""Members (states, territories, organisations acting as members), with their spells across
organisations."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from blocs.admin.base import BlocsAdmin
from blocs.admin.filters import FormerOrCurrentFilter
from blocs.admin.memberships import source_count_marker
from blocs.models import Member, Membership


class MemberSpellInline(admin.TabularInline):
    """The member's spells in every organisation, read-only here: each links to its own page."""

    model = Membership
    fk_name = "member"
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "spell"
    verbose_name_plural = (
        "spells in every organisation (from the start date, included, to the end date, excluded)"
    )
    fields = readonly_fields = (
        "organisation",
        "status",
        "start_date",
        "end_date",
        "end_reason",
        "disputed",
        "sources",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("organisation")
            .annotate(source_count=Count("sources"))
            .order_by("organisation__acronym", "start_date")
        )

    def has_add_permission(self, request: HttpRequest, obj: Member | None = None) -> bool:
        return False

    @admin.display(description="sources")
    def sources(self, spell: Membership) -> str:
        return source_count_marker(spell.source_count)  # type: ignore[attr-defined]


@admin.register(Member)
class MemberAdmin(BlocsAdmin):
    list_display = ["code", "name", "kind", "historical", "cow_code"]
    list_filter = ["kind", FormerOrCurrentFilter]
    search_fields = ["code", "name", "official_name", "iso2", "iso_numeric", "cow_abbrev", "former_codes"]
    search_help_text = "Code (IDN), name, ISO alpha-2 or numeric code, COW code or abbreviation, Wikidata id."
    inlines = [MemberSpellInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "official_name", "kind", "historical", "organisation"]}),
        (
            "Identifiers",
            {"fields": ["iso2", "iso_numeric", "former_codes", "cow_code", "cow_abbrev", "wikidata_id"]},
        ),
    ]
    autocomplete_fields = ["organisation"]
    history_list_display = ["code", "name"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        # The one spelling of "find a member": code, names and identifiers (also behind autocomplete).
        return queryset.search(search_term), False  # type: ignore[attr-defined]
