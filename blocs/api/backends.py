"""The filter backend: django-filter's, handing the view's "today" to the FilterSet, and filtering history
records (the data as recorded at a past moment) with the FilterSet of the live model they record."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request


class FilterBackend(DjangoFilterBackend):
    def get_filterset_class(self, view: Any, queryset: QuerySet | None = None) -> Any:
        if queryset is not None and hasattr(queryset.model, "instance_type"):  # history records
            return getattr(view, "filterset_class", None)
        return super().get_filterset_class(view, queryset)

    def get_filterset_kwargs(self, request: Request, queryset: QuerySet, view: Any) -> dict[str, Any]:
        return {**super().get_filterset_kwargs(request, queryset, view), "today": view.rows.today}
