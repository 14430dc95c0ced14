"""Geometry for the public pages' inline SVG: membership timelines and member-count sparklines.

Nothing here decides who belonged where: the spells and counts come from `blocs.querysets`, and this
module only places them on a time axis. Half-open spells `[start_date, end_date)` are drawn from the start
date to the end date; an open-ended spell runs to `today`, which the caller passes in.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from blocs.choices import Family, Status, family_of
from blocs.models import Membership

# Layout of the timeline. Rows are in pixels; the time axis is in percent of the plot's width, so the plot
# fills whatever width it gets (and scrolls sideways past its CSS minimum), while the row labels sit in a
# separate column that stays in view.
TOP_MARGIN = 48
BOTTOM_MARGIN = 28
ROW_HEIGHT = 26
STANDING_BAR = (4, 14)  # offset from the row's top, height: the main bar
ACCESSION_BAR = (19, 5)  # a thin bar under it: invited, applicant, candidate
AXIS_LEFT = 2.5  # percent
AXIS_RIGHT = 96.0  # percent
MIN_BAR_WIDTH = 0.5  # percent: about 3.5 px at 1,400 px
LABEL_CHARACTERS = 24
SHORT_LABEL_CHARACTERS = 9
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
MAX_TICKS = 12

# The order in which statuses are listed (legend, tables): standing statuses first, as in `Status`.
STATUS_ORDER = {status: index for index, status in enumerate(Status.values)}


def spell_title(spell: Membership) -> str:
    """What a bar says when pointed at or focused: "Iran in BRICS: member from 2024-01-01"."""
    title = str(spell)
    return f"{title} (disputed)" if spell.disputed else title


def shorten(text: str, limit: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Axis:
    """A linear time scale from `first` to `last` (both drawn) onto `[left, right]` (percent of a width)."""

    first: date
    last: date
    left: float
    right: float

    def x(self, day: date) -> float:
        span = (self.last - self.first).days or 1
        return round(self.left + (day - self.first).days / span * (self.right - self.left), 2)

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


def axis_bounds(
    *, starts: Iterable[date], ends: Iterable[date], today: date, closed_on: date | None
) -> tuple[date, date]:
    """The days a timeline spans: from 1 January of the earliest year to today, or, for something that
    ended (`closed_on`), to 1 January after its end; always far enough to hold every spell."""
    starts, ends = list(starts), list(ends)
    first = date(min(starts, default=today).year, 1, 1)
    if closed_on is None:
        last = max([today, *starts, *ends])
    else:
        last = max([closed_on, *starts, *ends])
        if (last.month, last.day) != (1, 1):
            last = date(last.year + 1, 1, 1)
    if last <= first:
        last = date(first.year + 1, 1, 1)
    return first, last


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str

    @property
    def anchor(self) -> str:
        """Labels at the plot's edges are anchored inside it, so the SVG does not clip them."""
        if self.x < 4:
            return "start"
        if self.x > 96:
            return "end"
        return "middle"


def year_ticks(axis: Axis) -> list[Tick]:
    """1 January of every year (or every 2nd, 5th, 10th, ... year) within the axis, at most about 12."""
    years = axis.last.year - axis.first.year + 1
    step = next((step for step in TICK_STEPS if years / step <= MAX_TICKS), TICK_STEPS[-1])
    first_year = axis.first.year + (-axis.first.year % step)
    return [
        Tick(axis.x(date(year, 1, 1)), str(year))
        for year in range(first_year, axis.last.year + 1, step)
        if axis.contains(date(year, 1, 1))
    ]


@dataclass(slots=True)
class Bar:
    """One spell drawn as a bar."""

    spell: Membership
    x: float
    y: float
    width: float
    height: float
    title: str

    @property
    def css(self) -> str:
        classes = ["bar", f"bar--{self.spell.status}"]
        if family_of(self.spell.status) == Family.ACCESSION:
            classes.append("bar--accession")
        if self.spell.disputed:
            classes.append("bar--disputed")
        if self.spell.end_date is None:
            classes.append("bar--open")
        return " ".join(classes)


@dataclass(slots=True)
class Row:
    """One line of the chart: a member (on an organisation's page) or an organisation (on a member's).

    `label` is shown on wide screens, `short` (a code or an acronym) on phones."""

    label: str
    short: str
    full_label: str
    url: str
    y: float
    bars: list[Bar] = field(default_factory=list)
    odd: bool = False

    @property
    def label_y(self) -> float:
        return self.y + STANDING_BAR[0] + STANDING_BAR[1] - 3

    @property
    def band_height(self) -> int:
        return ROW_HEIGHT


@dataclass(frozen=True, slots=True)
class Marker:
    """A vertical line at one day, with its label anchored so it stays inside the plot."""

    day: date
    x: float
    anchor: str


@dataclass(frozen=True, slots=True)
class LegendEntry:
    status: str
    label: str
    accession: bool


@dataclass(slots=True)
class Timeline:
    axis: Axis
    rows: list[Row]
    ticks: list[Tick]
    marker: Marker | None
    today_line: Marker | None
    height: int
    statuses: list[LegendEntry]
    has_disputed: bool
    has_accession: bool

    @property
    def plot_top(self) -> int:
        return TOP_MARGIN - 6

    @property
    def plot_bottom(self) -> int:
        return self.height - BOTTOM_MARGIN + 6

    @property
    def bottom_label_y(self) -> int:
        return self.height - 8

    @property
    def bar_count(self) -> int:
        return sum(len(row.bars) for row in self.rows)


def _marker(axis: Axis, day: date) -> Marker | None:
    if not axis.contains(day):
        return None
    x = axis.x(day)
    if x - axis.left < 5:
        anchor = "start"
    elif axis.right - x < 5:
        anchor = "end"
    else:
        anchor = "middle"
    return Marker(day, x, anchor)


def timeline(
    spells: Sequence[Membership],
    *,
    row_key: Callable[[Membership], Hashable],
    row_label: Callable[[Membership], str],
    row_short: Callable[[Membership], str],
    row_url: Callable[[Membership], str],
    row_title: Callable[[Membership], str] | None = None,
    today: date,
    on: date,
    closed_on: date | None = None,
    first_day: date | None = None,
) -> Timeline:
    """Lay out spells as bars, one row per `row_key`, rows in order of their first start date.

    `first_day` (an organisation's founding) widens the axis to the left; `closed_on` (its dissolution)
    ends the axis there instead of today. The marker stands at `on`, when the axis holds it.
    """
    starts = [spell.start_date for spell in spells]
    if first_day is not None:
        starts.append(first_day)
    ends = [spell.end_date for spell in spells if spell.end_date is not None]
    first, last = axis_bounds(starts=starts, ends=ends, today=today, closed_on=closed_on)
    axis = Axis(first, last, AXIS_LEFT, AXIS_RIGHT)

    grouped: dict[Hashable, list[Membership]] = {}
    for spell in spells:
        grouped.setdefault(row_key(spell), []).append(spell)
    ordered = sorted(
        grouped.values(),
        key=lambda line: (min(spell.start_date for spell in line), row_label(line[0])),
    )

    rows: list[Row] = []
    for index, line in enumerate(ordered):
        top = TOP_MARGIN + index * ROW_HEIGHT
        label = row_label(line[0])
        row = Row(
            label=shorten(label),
            short=shorten(row_short(line[0]), SHORT_LABEL_CHARACTERS),
            full_label=row_title(line[0]) if row_title else label,
            url=row_url(line[0]),
            y=top,
            odd=index % 2 == 1,
        )
        for spell in sorted(line, key=lambda spell: (spell.start_date, STATUS_ORDER[spell.status])):
            offset, height = ACCESSION_BAR if family_of(spell.status) == Family.ACCESSION else STANDING_BAR
            left = axis.x(spell.start_date)
            right = axis.x(spell.end_date if spell.end_date is not None else max(today, spell.start_date))
            row.bars.append(
                Bar(
                    spell=spell,
                    x=left,
                    y=top + offset,
                    width=round(max(right - left, MIN_BAR_WIDTH), 2),
                    height=height,
                    title=spell_title(spell),
                )
            )
        rows.append(row)

    statuses = [
        LegendEntry(status, Status(status).label, family_of(status) == Family.ACCESSION)
        for status in sorted({spell.status for spell in spells}, key=STATUS_ORDER.__getitem__)
    ]
    return Timeline(
        axis=axis,
        rows=rows,
        ticks=year_ticks(axis),
        marker=_marker(axis, on),
        today_line=_marker(axis, today) if on != today and closed_on is None else None,
        height=TOP_MARGIN + len(rows) * ROW_HEIGHT + BOTTOM_MARGIN,
        statuses=statuses,
        has_disputed=any(spell.disputed for spell in spells),
        has_accession=any(family_of(spell.status) == Family.ACCESSION for spell in spells),
    )


# Sparklines ------------------------------------------------------------------------------------------

SPARK_WIDTH = 120
SPARK_HEIGHT = 28
SPARK_PAD = 3
SAMPLE_STEPS_IN_MONTHS = (1, 3, 6, 12, 24, 60, 120)


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def sample_days(first: date, today: date, *, limit: int = 199) -> list[date]:
    """First days of months from `first` to `today`, every 1, 3, 6, 12, ... months so that fewer than
    `limit` days are sampled, and `today` itself: the days at which sparklines are counted.

    The number of days depends only on the span, never on the number of spells; with the default limit
    they are counted in one query (`MembershipQuerySet.member_counts_by_organisation`)."""
    start = date(first.year, first.month, 1)
    months = (today.year - start.year) * 12 + today.month - start.month
    step = next((step for step in SAMPLE_STEPS_IN_MONTHS if months / step < limit), 120)
    start = date(start.year, 1, 1) if step >= 12 else start
    days = []
    day = start
    while day < today:
        days.append(day)
        day = _months_after(day, step)
    return [*days, today]


@dataclass(frozen=True, slots=True)
class Sparkline:
    path: str
    end_x: float
    end_y: float
    first: date
    last: date
    first_count: int
    last_count: int
    peak: int
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT


def sparkline(series: Sequence[tuple[date, int]]) -> Sparkline | None:
    """A step line of member counts over time; None with fewer than two points."""
    if len(series) < 2:
        return None
    axis = Axis(series[0][0], series[-1][0], SPARK_PAD, SPARK_WIDTH - SPARK_PAD)
    peak = max(count for _, count in series) or 1

    def y(count: int) -> float:
        return round(SPARK_HEIGHT - SPARK_PAD - count / peak * (SPARK_HEIGHT - 2 * SPARK_PAD), 2)

    commands = [f"M{axis.x(series[0][0])} {y(series[0][1])}"]
    for day, count in series[1:]:
        commands.append(f"H{axis.x(day)} V{y(count)}")
    return Sparkline(
        path=" ".join(commands),
        end_x=axis.x(series[-1][0]),
        end_y=y(series[-1][1]),
        first=series[0][0],
        last=series[-1][0],
        first_count=series[0][1],
        last_count=series[-1][1],
        peak=max(count for _, count in series),
    )


def count_series(
    counts: dict[date, int], *, days: Sequence[date], born: date | None, closed_on: date | None
) -> list[tuple[date, int]]:
    """The sampled counts over an organisation's life: from its founding (or its first counted member)
    to its dissolution (or the last sampled day)."""
    series = [(day, counts.get(day, 0)) for day in days]
    if born is not None:
        series = [(day, count) for day, count in series if day >= born]
    else:
        while series and series[0][1] == 0:
            series.pop(0)
    if closed_on is not None:
        series = [(day, count) for day, count in series if day < closed_on]
        if series:
            series.append((closed_on, 0))
    return series
