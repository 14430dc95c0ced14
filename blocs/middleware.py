"""What every door shares when a request cannot be answered normally:

- `RefuseNulCharacters`: before any view runs, a NUL character in a query parameter is a 400 naming it, in
  the path a 404 (nothing has such a name). PostgreSQL cannot compare text with one, so every door would
  otherwise answer a 500.
- `DatabaseUnavailable`: the database unreachable is a 503 with `Retry-After`, not a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

NUL_MESSAGE = "Null characters are not allowed."
logger = logging.getLogger("blocs")


class RefuseNulCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404("Nothing has this name.")  # the site's 404 handlers: JSON under /api/
        bad = sorted(
            {
                name
                for name, values in request.GET.lists()
                if "\x00" in name or any("\x00" in v for v in values)
            }
        )
        if not bad:
            return self.get_response(request)
        shown = [name[:64].replace("\x00", "\\0") for name in bad]  # the parameters, printable
        if request.path.startswith("/api/"):
            return JsonResponse(dict.fromkeys(shown, [NUL_MESSAGE]), status=400)
        body = render_to_string("400.html", {"problem": NUL_MESSAGE, "parameters": shown}, request)
        return HttpResponse(body, status=400)


class DatabaseUnavailable:
    """The database unreachable (down, failing over, locked): a 503 with `Retry-After` instead of a 500, as
    JSON under /api/ (views outside DRF, such as the downloads) and the site's page elsewhere, logged in one
    line. The API's own views answer the same way (`blocs.api.exceptions`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        from blocs.api.exceptions import RETRY_AFTER, UNAVAILABLE, first_line

        logger.error("Database unavailable: %s", first_line(exception))
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": UNAVAILABLE}, status=503)
        else:
            body = render_to_string("503.html", {"problem": UNAVAILABLE}, request)
            response = HttpResponse(body, status=503)
        response["Retry-After"] = RETRY_AFTER
        return response
