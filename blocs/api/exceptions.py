"""Every error as a 4xx with a message, in JSON: never a 500 for something a client or a race did.

- DRF's own errors (validation, authentication, permission, not found, throttled) as DRF makes them.
- A Django `ValidationError` that reaches a view (from a service's `full_clean()`): 400, keyed by field.
- An `IntegrityError`: a write raced another past validation and the database refused it (the no-overlap
  constraint, a unique key): 409, and the transaction is rolled back, so nothing is half-written. A
  deadlock or serialization failure between two writers is the same story.
- The database unreachable or refusing to answer (`OperationalError`, `InterfaceError`: down, failing over,
  locked, a full disk): 503 with `Retry-After`, logged in one line, not a traceback per request.
- A 304 for a conditional GET (`blocs.api.conditional.NotModified`): no body. And, not an error, an
  answer already made for this data version (`AlreadyMade`): its cached body.
Errors are written as JSON even when the request asked for CSV.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpResponseBase
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from blocs.api.conditional import AlreadyMade, NotModified

CONFLICT = (
    "Another change was written at the same time and the database refused this one (it would overlap a "
    "spell or repeat one). Nothing was written: read the spell again and retry."
)


class Throttled(exceptions.Throttled):
    default_detail = "Too many requests without a token."
    extra_detail_plural = "Try again in {wait} seconds, or authenticate with a token."
    extra_detail_singular = "Try again in {wait} second, or authenticate with a token."


UNAVAILABLE = "The database cannot answer now. Try again in a few seconds."
RETRY_AFTER = "5"
logger = logging.getLogger("blocs.api")


def first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def django_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as DRF shapes errors: field -> messages, `non_field_errors` for the rest."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}


def _is_write_conflict(error: OperationalError) -> bool:
    # psycopg's DeadlockDetected and SerializationFailure carry SQLSTATE 40P01 and 40001.
    return getattr(getattr(error, "__cause__", None), "sqlstate", None) in {"40P01", "40001"}


def exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponseBase | None:
    request = context.get("request")
    if request is not None and getattr(request, "accepted_renderer", None) is not None:
        if request.accepted_renderer.format == "csv":
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
    if isinstance(exc, NotModified):
        return Response(status=status.HTTP_304_NOT_MODIFIED)
    if isinstance(exc, AlreadyMade):
        return exc.response()
    if isinstance(exc, exceptions.Throttled) and not isinstance(exc, Throttled):
        exc = Throttled(wait=getattr(exc, "wait", None))
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_errors(exc))
    if isinstance(exc, IntegrityError) or (isinstance(exc, OperationalError) and _is_write_conflict(exc)):
        set_rollback()
        return Response({"detail": CONFLICT}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, OperationalError | InterfaceError):
        set_rollback()
        logger.error("Database unavailable: %s", first_line(exc))
        return Response(
            {"detail": UNAVAILABLE},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": RETRY_AFTER},
        )
    return drf_exception_handler(exc, context)
