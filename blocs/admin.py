"""Admin registrations: staff log in and see every model, with its history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from blocs.models import Member, Membership, Organisation, OrganisationName, Source


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name", "kind", "founded_on", "dissolved_on"]
    search_fields = ["name", "acronym", "full_name", "slug", "former_names__name"]
    list_filter = ["kind"]


@admin.register(OrganisationName)
class OrganisationNameAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "start_date", "end_date"]
    list_select_related = ["organisation"]


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "historical", "cow_code"]
    search_fields = ["code", "name", "official_name", "iso2", "cow_abbrev", "former_codes"]
    list_filter = ["kind", "historical"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["member", "organisation", "status", "start_date", "end_date", "disputed"]
    list_select_related = ["member", "organisation"]
    list_filter = ["organisation", "status", "disputed"]
    search_fields = ["member__code", "member__name"]
    autocomplete_fields = ["organisation", "member"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["publisher", "title", "published_on", "stance"]
    search_fields = ["url", "title", "publisher"]
    raw_id_fields = ["membership"]
