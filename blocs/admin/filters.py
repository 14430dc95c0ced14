"""Changelist filters. Each date rule is asked of the QuerySet (`active_on`, `ongoing`, `ended`, `of_family`),
never spelled here."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.contrib import admin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest

from blocs.admin.base import parse_iso_date, request_today
from blocs.choices import Family
from blocs.models import Source


class ActiveOnFilter(admin.ListFilter):
    """Spells that apply on a day typed in a date box: `MembershipQuerySet.active_on(day)`."""

    title = "active on a date"
    parameter_name = "active_on"
    template = "admin/blocs/date_filter.html"

    def __init__(self, request: HttpRequest, params: dict[str, Any], model: Any, model_admin: Any) -> None:
        super().__init__(request, params, model, model_admin)
        self.text = ""
        self.day: date | None = None
        self.error = ""
        if self.parameter_name in params:
            value = params.pop(self.parameter_name)
            self.text = value[-1] if isinstance(value, list) else value
            self.used_parameters[self.parameter_name] = self.text
            try:
                self.day = parse_iso_date(self.text)
            except ValueError as error:
                self.error = f"{error} The list is not filtered by date."

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str | None]:
        return [self.parameter_name]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.day is None:
            return queryset
        return queryset.active_on(self.day)  # type: ignore[attr-defined]

    def choices(self, changelist: Any) -> Iterator[dict[str, Any]]:
        # One "choice" carrying what the template's little GET form needs: the other parameters of the
        # page (search, ordering, other filters) as hidden inputs, and a link that clears this one.
        hidden = [
            (name, value)
            for name, values in changelist.filter_params.items()
            if name != self.parameter_name
            for value in values
        ]
        yield {
            "parameter": self.parameter_name,
            "value": self.day.isoformat() if self.day else "",
            "text": self.text,
            "error": self.error,
            "hidden": hidden,
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
            "selected": self.day is not None,
        }


class FamilyFilter(admin.SimpleListFilter):
    """Standing (member, observer, partner, ...) or accession (invited, applicant, candidate)."""

    title = "status family"
    parameter_name = "family"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(Family.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in Family.values:
            return queryset.of_family(self.value())  # type: ignore[attr-defined]
        return queryset


class OngoingFilter(admin.SimpleListFilter):
    """Spells not ended by today (open-ended or ending later), or ended by today."""

    title = "ongoing today"
    parameter_name = "ongoing"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "ongoing"), ("no", "ended")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.ongoing(request_today(request))  # type: ignore[attr-defined]
        if self.value() == "no":
            return queryset.ended(request_today(request))  # type: ignore[attr-defined]
        return queryset


class SourcedFilter(admin.SimpleListFilter):
    """Spells with at least one source, or none (each of those needs one)."""

    title = "sources"
    parameter_name = "sourced"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "with a source"), ("no", "without a source")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        cited = Exists(Source.objects.filter(membership=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(cited)
        if self.value() == "no":
            return queryset.filter(~cited)
        return queryset


class FormerOrCurrentFilter(admin.SimpleListFilter):
    """Members that exist today under their code, or former ones (the Soviet Union, Yugoslavia)."""

    title = "former or current"
    parameter_name = "former"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "current"), ("yes", "former")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(historical=self.value() == "yes")
        return queryset
