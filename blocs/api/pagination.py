"""Pages of the long lists (every spell, the change feed): `limit` rows from `offset`, bounded."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def _count(request: Request, name: str, *, default: int, minimum: int, maximum: int | None) -> int:
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    bounds = f"from {minimum} to {maximum}" if maximum is not None else f"from {minimum}"
    if not text.isdigit() or len(text) > 12:
        raise ValidationError({name: [f"{name} must be a whole number {bounds}."]})
    value = int(text)
    if value < minimum or (maximum is not None and value > maximum):
        raise ValidationError({name: [f"{name} must be a whole number {bounds}; {value} is out of range."]})
    return value


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Limit/offset pages whose `limit` is at most MAX_LIMIT: a larger or malformed `limit` or `offset`
    is a 400 naming it, not a silent cut. CSV answers are never paginated (see `blocs.api.csv`)."""

    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT
    offset_ceiling = 10**9

    def get_limit(self, request: Request) -> int:
        return _count(
            request, self.limit_query_param, default=self.default_limit, minimum=1, maximum=self.max_limit
        )

    def get_offset(self, request: Request) -> int:
        return _count(request, self.offset_query_param, default=0, minimum=0, maximum=self.offset_ceiling)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {self.max_limit} (default {self.default_limit}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit},
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": "How many rows to skip (default 0).",
                "schema": {"type": "integer", "minimum": 0, "maximum": self.offset_ceiling},
            },
        ]
