"""The one place that reads the clock. Views and commands ask it for "today" once, at the edge, and pass
the day down: QuerySets, services and exports never read the clock themselves."""

from datetime import date

from django.utils import timezone


def today() -> date:
    """Today's date in the project's time zone (UTC)."""
    return timezone.localdate()
