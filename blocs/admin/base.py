"""What every admin page of the app shares: "today" read once per request, history on every object, the
database's last word on integrity shown as a message (never a 500), and the stylesheet."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from blocs import clock
from blocs.constraints import NO_OVERLAP
from blocs.dates import ParameterError, parse_day

HALF_OPEN_HELP = (
    "A spell applies from its start date, included, up to its end date, excluded: the end date is the "
    "first day on which the status no longer applied. A change of status shares one date (observer until "
    "2017-06-09, member from 2017-06-09). Leave the end date empty while the spell goes on."
)


# URLs typed without a scheme are read as https (Django 6's default, chosen now).
URL_FIELDS: dict[Any, dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


def request_today(request: HttpRequest) -> date:
    """Today, read from the clock once per request and kept on the request."""
    day = getattr(request, "_blocs_today", None)
    if day is None:
        day = clock.today()
        request._blocs_today = day  # type: ignore[attr-defined]
    return day


def parse_iso_date(text: str | None) -> date | None:
    """A YYYY-MM-DD date (`blocs.dates.parse_day`), or None when `text` is empty; ValueError with a plain
    message otherwise."""
    try:
        return parse_day(text)
    except ParameterError as error:
        raise ValueError(error.message) from None


def refusal_reason(error: IntegrityError) -> str:
    """What a database refusal means, in plain words."""
    if NO_OVERLAP in str(error):
        return "two spells of one organisation, member and status family would overlap"
    return "it would break one of the database's uniqueness or consistency rules"


class BlocsAdmin(SimpleHistoryAdmin):
    """History on every object ("History" button: who changed what and when, values before and after).

    Validation names every problem before anything is written; if a concurrent edit slips past it, the
    database refuses the write, the whole save is rolled back, and the editor reads why instead of a 500.
    """

    formfield_overrides = URL_FIELDS

    class Media:
        css = {"all": ["blocs/admin.css"]}

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            self.message_user(
                request,
                f"Nothing was saved: the database refused the change because {refusal_reason(error)}. "
                f"Someone may have edited the same records at the same time: check them and try again.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
