"""Refusing, before any view runs, what no view can read: a NUL character in a query parameter (a 400
naming it) or in the path (a 404: nothing has such a name). PostgreSQL cannot compare text with one, so
every door would otherwise answer a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

NUL_MESSAGE = "Null characters are not allowed."


class RefuseNulCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = sorted({name[:64] for name, values in request.GET.lists() if any("\x00" in v for v in values)})
        bad += sorted({name[:64] for name in request.GET if "\x00" in name} - set(bad))
        if "\x00" in request.path:
            raise Http404("Nothing has this name.")  # the site's 404 handlers: JSON under /api/
        if not bad:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({name.replace("\x00", "\\0"): [NUL_MESSAGE] for name in bad}, status=400)
        body = render_to_string(
            "400.html",
            {"problem": NUL_MESSAGE, "parameters": [n.replace("\x00", "\\0") for n in bad]},
            request,
        )
        return HttpResponse(body, status=400)
