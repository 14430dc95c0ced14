"""Reading the dates and moments that users write: one spelling for every door.

A day is written `YYYY-MM-DD` (`2024-01-05`), and is a day of the calendar: `2024-1-5`, `2024-13-01` and
`yesterday` are refused the same way by the API's parameters, the public pages, the admin's filters and
the spell import. A moment (`recorded_at`) is ISO 8601 (`2025-01-31T12:00:00Z`; without a zone it is UTC),
not in the future. Both raise `ParameterError`, which names the parameter (for a 400) and says why.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SHOWN_LENGTH = 40


class ParameterError(ValueError):
    """A value that cannot be read; `parameter` names where it was given, `message` says why."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


def shown(value: object) -> str:
    """A user's value, cut short, for an error message."""
    text = str(value)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 3] + "..."


def parse_day(value: str | date | None, parameter: str = "date") -> date | None:
    """A `YYYY-MM-DD` day, or None when `value` is empty; `ParameterError` otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if not ISO_DAY.fullmatch(text):
        raise ParameterError(
            parameter, f"“{shown(text)}” is not a date: write it as YYYY-MM-DD, for example 2024-01-01."
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ParameterError(
            parameter, f"“{text}” is not a date: there is no such day in the calendar."
        ) from None


def parse_moment(
    value: str | datetime | None, *, now: datetime, parameter: str = "recorded_at"
) -> datetime | None:
    """An ISO 8601 moment in UTC, not after `now`, or None when `value` is empty."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ParameterError(
                parameter, f"{value!r} is not an ISO 8601 date and time (e.g. 2025-01-31T12:00:00Z)."
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        # In UTC: any offset Python accepts (up to a day) then suits every database.
        moment = moment.astimezone(UTC)
    except OverflowError:
        raise ParameterError(parameter, f"{value!r} is out of range.") from None
    if moment > now:
        raise ParameterError(parameter, f"{moment.isoformat()} is in the future.")
    return moment
