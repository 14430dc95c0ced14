"""Template filters for the public pages."""

from datetime import date

from django import template

from blocs.choices import Precision

register = template.Library()


@register.filter
def precise(day: date | None, precision: str = Precision.DAY) -> str:
    """A date written no more exactly than it is known: 2008 (year), 2008-03 (month), 2008-03-14 (day)."""
    if day is None:
        return ""
    if precision == Precision.YEAR:
        return f"{day.year:04d}"
    if precision == Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
