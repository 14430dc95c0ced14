"""The one place that reads the clock. Views and commands ask it for "today" once, at the edge, and pass
the day down: QuerySets, services and exports never read the clock themselves."""

from datetime import date, datetime

from django.utils import timezone


def today() -> date:
    """Today's date in the project's time zone (UTC)."""
    return timezone.localdate()


def now() -> datetime:
    """This moment, time-zone aware (UTC): the default "as recorded at" of an export."""
    return timezone.now()
