"""The domain: organisations (blocs), members, membership spells and their sources.

A membership spell says that one member held one status in one organisation over the half-open interval
`[start_date, end_date)`: the status applied on its start date and not on its end date, and an empty end
date means it goes on. A change of status shares one date: observer until 2017-06-09, member from
2017-06-09. The rule is enforced by the database (see `blocs.constraints`) and queried only through
`blocs.querysets.MembershipQuerySet`.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from blocs.choices import (
    COW_SLUG_PREFIX,
    Coverage,
    EndReason,
    Family,
    MemberKind,
    OrganisationKind,
    Precision,
    Stance,
    Status,
    family_of,
)
from blocs.constraints import NO_OVERLAP, DateRange, PostgresOnlyExclusionConstraint
from blocs.querysets import (
    HistoricalMemberQuerySet,
    HistoricalMembershipQuerySet,
    HistoricalOrganisationQuerySet,
    MemberQuerySet,
    MembershipQuerySet,
    OrganisationQuerySet,
    family_expression,
)

HALF_OPEN = (
    "Spells are half-open, [start_date, end_date): a spell applies on its start date and not on its end "
    "date, which is the first day on which the status no longer applied (empty while it goes on)."
)
# A spell's public columns after who and where, in the order every table of spells shows them: the API's
# rows and their CSV, the admin's inline and its import/export file, the data package.
SPELL_COLUMNS = (
    "status",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "end_reason",
    "disputed",
    "dispute_note",
)
# The range each date of a spell may lie in (filled from the precision when the sources give one date).
SPELL_BOUNDS = ("start_earliest", "start_latest", "end_earliest", "end_latest")
START_HELP = "The first day on which the status applied (the spell includes this day)."
END_HELP = (
    "The first day on which the status no longer applied: the spell runs up to the day before. "
    "Leave empty while it goes on. A change of status shares one date (observer until 2017-06-09, "
    "member from 2017-06-09); a state that left at 23:00 on 31 January 2020 ends on 2020-02-01."
)
PRECISION_HELP = "How much of the date is known: month dates are the 1st, year dates 1 January."
BOUND_HELP = (
    "The range of days the sources allow for this date, when they give it differently; left empty, it is "
    "the date's own period (a month-precision date: any day of that month)."
)


# The last day a date may name: the period after it must still be a day of the calendar (Python's dates
# end on 9999-12-31), so that every half-open interval has an end. `precision_error` refuses later days.
LATEST_DAY = date(9998, 12, 31)


def period_end(day: date, precision: str) -> date:
    """The first day after the period (day, month or year) that starts on `day` (at most 9999-12-31)."""
    try:
        if precision == Precision.YEAR:
            return date(day.year + 1, 1, 1)
        if precision == Precision.MONTH:
            last = calendar.monthrange(day.year, day.month)[1]
            return date(day.year, day.month, last) + (date(2000, 1, 2) - date(2000, 1, 1))
        return day + (date(2000, 1, 2) - date(2000, 1, 1))
    except (OverflowError, ValueError):
        return date.max


def period_last(day: date, precision: str) -> date:
    """The last day of the period (day, month or year) that starts on `day`."""
    return period_end(day, precision) - (date(2000, 1, 2) - date(2000, 1, 1))


def precision_error(day: date | None, precision: str) -> str | None:
    """Why `day` cannot carry `precision`, or None when it can."""
    if day is not None and day > LATEST_DAY:
        return f"A date after {LATEST_DAY.isoformat()} cannot be recorded."
    if day is None or not precision:
        return None
    if precision == Precision.MONTH and day.day != 1:
        return "A month-precision date is written as the first of the month."
    if precision == Precision.YEAR and (day.month, day.day) != (1, 1):
        return "A year-precision date is written as 1 January."
    return None


def natural_key_part(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class NaturalKeyManager(models.Manager):
    def get_by_natural_key(self, *key: Any) -> Any:
        fields: tuple[str, ...] = cast("type[NaturalKeyModel]", self.model).natural_key_fields
        return self.get(**dict(zip(fields, key, strict=True)))


class NaturalKeyModel(models.Model):
    """A model identified in fixtures and exports by `natural_key_fields` (field paths), not by id."""

    natural_key_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple[Any, ...]:
        key = []
        for path in self.natural_key_fields:
            value: Any = self
            for part in path.split("__"):
                value = getattr(value, part)
            key.append(natural_key_part(value))
        return tuple(key)

    @classmethod
    def natural_key_map(cls) -> dict[tuple[Any, ...], int]:
        """Every row's natural key -> primary key, in one query."""
        rows = cls._default_manager.values_list(*cls.natural_key_fields, "pk")
        return {tuple(natural_key_part(value) for value in row[:-1]): row[-1] for row in rows}


def _precision_choices_q(field: str, *, blank: bool) -> Q:
    condition = Q(**{f"{field}__in": Precision.values})
    return condition | Q(**{field: ""}) if blank else condition


class OrganisationManager(NaturalKeyManager.from_queryset(OrganisationQuerySet)):  # type: ignore[misc]
    pass


class Organisation(NaturalKeyModel):
    """A bloc: an intergovernmental organisation, forum or alliance that states (or organisations) join."""

    slug = models.SlugField(max_length=64, unique=True, help_text="Stable, lower case: brics, sco.")
    acronym = models.CharField(max_length=32)
    name = models.CharField(max_length=200)
    full_name = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=24, choices=OrganisationKind.choices)
    founded_on = models.DateField(null=True, blank=True)
    founded_precision = models.CharField(
        max_length=5, choices=Precision.choices, blank=True, help_text=PRECISION_HELP
    )
    dissolved_on = models.DateField(
        null=True,
        blank=True,
        help_text="The first day on which the organisation no longer existed.",
    )
    dissolved_precision = models.CharField(
        max_length=5, choices=Precision.choices, blank=True, help_text=PRECISION_HELP
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    wikidata_id = models.CharField(max_length=16, blank=True)
    cow_ioname = models.CharField("COW ioname", max_length=32, blank=True)
    cow_ionum = models.PositiveIntegerField("COW ionum", null=True, blank=True, unique=True)
    checked_through = models.DateField(
        null=True,
        blank=True,
        help_text="The day through which this organisation's spells were curated and checked against "
        "sources, at day precision. Empty for an organisation known only from the COW import (years, "
        "to 2014).",
    )

    history = HistoricalRecords(historical_queryset=HistoricalOrganisationQuerySet)
    objects = OrganisationManager()
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ["acronym", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
            models.CheckConstraint(
                condition=_precision_choices_q("founded_precision", blank=True)
                & _precision_choices_q("dissolved_precision", blank=True),
                name="%(app_label)s_%(class)s_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gt=F("founded_on")),
                name="%(app_label)s_%(class)s_dissolved_after_founded",
                violation_error_message="The dissolution date must be after the founding date.",
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.name

    def get_absolute_url(self) -> str:
        return reverse("blocs:organisation", kwargs={"slug": self.slug})

    @property
    def coverage(self) -> Coverage:
        """Curated, or known only from the COW import (its slugs start with `COW_SLUG_PREFIX`)."""
        return Coverage.COW if self.slug.startswith(COW_SLUG_PREFIX) else Coverage.CURATED

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for field in ("founded", "dissolved"):
            day, precision = getattr(self, f"{field}_on"), getattr(self, f"{field}_precision")
            if day is not None and not precision:
                setattr(self, f"{field}_precision", Precision.DAY)
            if day is None:
                setattr(self, f"{field}_precision", "")
            message = precision_error(day, getattr(self, f"{field}_precision"))
            if message:
                errors[f"{field}_on"] = message
        if self.founded_on and self.dissolved_on and self.dissolved_on <= self.founded_on:
            errors["dissolved_on"] = "The dissolution date must be after the founding date."
        if errors:
            raise ValidationError(errors)

    def existence_error(self, start: date, start_precision: str, end: date | None) -> dict[str, str]:
        """Why a spell `[start, end)` cannot fall within this organisation's life, keyed by field.

        Precision-aware: a year-precision spell starting in 1945 fits an organisation founded on
        24 October 1945.
        """
        errors: dict[str, str] = {}
        if self.founded_on and period_end(start, start_precision or Precision.DAY) <= self.founded_on:
            errors["start_date"] = (
                f"{self} was founded on {self.founded_on.isoformat()}: a spell cannot start before that."
            )
        if self.dissolved_on:
            last_day = period_end(self.dissolved_on, self.dissolved_precision or Precision.DAY)
            if start >= last_day:
                errors["start_date"] = (
                    f"{self} was dissolved on {self.dissolved_on.isoformat()}: a spell cannot "
                    f"start after that."
                )
            elif end is None:
                errors["end_date"] = (
                    f"{self} was dissolved on {self.dissolved_on.isoformat()}: give the spell an "
                    f"end date on or before that day."
                )
            elif end > last_day:
                errors["end_date"] = (
                    f"{self} was dissolved on {self.dissolved_on.isoformat()}: the spell must end by then."
                )
        return errors


class OrganisationName(NaturalKeyModel):
    """A name an organisation bore over a half-open interval (BRIC until South Africa joined)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=32, blank=True)
    start_date = models.DateField(null=True, blank=True, help_text=START_HELP)
    start_precision = models.CharField(
        max_length=5, choices=Precision.choices, blank=True, help_text=PRECISION_HELP
    )
    end_date = models.DateField(help_text="The first day on which the organisation no longer bore this name.")
    end_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY, help_text=PRECISION_HELP
    )

    history = HistoricalRecords()
    objects = NaturalKeyManager()
    natural_key_fields = ("organisation__slug", "name")

    class Meta:
        ordering = ["organisation", "end_date"]
        verbose_name = "former name"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="%(app_label)s_%(class)s_natural_key"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message="The end date must be after the start date.",
            ),
            models.CheckConstraint(
                condition=_precision_choices_q("start_precision", blank=True)
                & _precision_choices_q("end_precision", blank=False),
                name="%(app_label)s_%(class)s_precision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (until {self.end_date.isoformat()})"

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = "The end date must be after the start date."
        for field in ("start", "end"):
            message = precision_error(getattr(self, f"{field}_date"), getattr(self, f"{field}_precision"))
            if message:
                errors[f"{field}_date"] = message
        if errors:
            raise ValidationError(errors)


class MemberManager(NaturalKeyManager.from_queryset(MemberQuerySet)):  # type: ignore[misc]
    pass


class Member(NaturalKeyModel):
    """Whatever can hold a membership: a state or territory, or an organisation acting as a member.

    `code` is one namespace: ISO 3166-1 alpha-3 for states and territories, ISO 3166-3 alpha-3 for former
    states (SUN, YUG, CSK, DDR), the usual abbreviation for organisations (EU, AU).
    """

    code = models.CharField(
        max_length=8,
        unique=True,
        help_text="ISO 3166-1 alpha-3 (IND), ISO 3166-3 for former states (SUN), or an "
        "organisation's abbreviation (EU).",
    )
    kind = models.CharField(max_length=16, choices=MemberKind.choices, default=MemberKind.STATE)
    historical = models.BooleanField(
        default=False, help_text="No longer exists (or no longer under this code)."
    )
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=300, blank=True)
    iso2 = models.CharField("ISO alpha-2", max_length=2, blank=True)
    iso_numeric = models.CharField("ISO numeric", max_length=3, blank=True)
    former_codes = models.CharField(
        max_length=64,
        blank=True,
        help_text="Earlier ISO codes of the same state, comma-separated (BUR for Myanmar).",
    )
    cow_code = models.PositiveSmallIntegerField("COW code", null=True, blank=True)
    cow_abbrev = models.CharField("COW abbreviation", max_length=3, blank=True)
    wikidata_id = models.CharField(max_length=16, blank=True)
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="as_member",
        help_text="The organisation this member is, when an organisation holds memberships.",
    )

    history = HistoricalRecords(historical_queryset=HistoricalMemberQuerySet)
    objects = MemberManager()
    natural_key_fields = ("code",)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MemberKind.values), name="%(app_label)s_%(class)s_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=MemberKind.ORGANISATION) | Q(organisation__isnull=True),
                name="%(app_label)s_%(class)s_organisation_only_for_organisations",
                violation_error_message="Only an organisation member links to an organisation.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blocs:member", kwargs={"code": self.code})


class MembershipManager(NaturalKeyManager.from_queryset(MembershipQuerySet)):  # type: ignore[misc]
    pass


class Membership(NaturalKeyModel):
    """One spell: a member held one status in one organisation over `[start_date, end_date)`.

    Half-open: the spell applies on `start_date` and not on `end_date`; `end_date` is the first day on
    which the status no longer applied, empty while the spell goes on. Two spells of the same
    organisation, member and status family (standing or accession) never share a day.
    """

    # No single-column indexes: the composite indexes below lead with each foreign key.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", db_index=False
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="memberships", db_index=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MEMBER)
    start_date = models.DateField(help_text=START_HELP)
    start_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY, help_text=PRECISION_HELP
    )
    end_date = models.DateField(null=True, blank=True, help_text=END_HELP)
    end_precision = models.CharField(
        max_length=5, choices=Precision.choices, blank=True, help_text=PRECISION_HELP
    )
    end_reason = models.CharField(max_length=24, choices=EndReason.choices, blank=True)
    # The range each date may lie in: `start_earliest <= start_date <= start_latest`, and the same for the
    # end. Filled from the date's precision when not given (see `normalise`), so the three readings of
    # "active on D" (`blocs.querysets`) are plain comparisons.
    start_earliest = models.DateField(
        "start: earliest", blank=True, help_text="The earliest start the sources allow. " + BOUND_HELP
    )
    start_latest = models.DateField(
        "start: latest", blank=True, help_text="The latest start the sources allow. " + BOUND_HELP
    )
    end_earliest = models.DateField(
        "end: earliest", null=True, blank=True, help_text="The earliest end the sources allow. " + BOUND_HELP
    )
    end_latest = models.DateField(
        "end: latest", null=True, blank=True, help_text="The latest end the sources allow. " + BOUND_HELP
    )
    disputed = models.BooleanField(
        default=False, help_text="Sources disagree that this status existed at all."
    )
    dispute_note = models.TextField(blank=True, help_text="Who says what.")
    notes = models.TextField(blank=True)

    # History records answer the same time rules as live spells ("as recorded at", blocs.recorded).
    history = HistoricalRecords(historical_queryset=HistoricalMembershipQuerySet)
    objects = MembershipManager()
    natural_key_fields = ("organisation__slug", "member__code", "status", "start_date")

    class Meta:
        ordering = ["organisation", "start_date", "member"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message="The end date must be after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=_precision_choices_q("start_precision", blank=False)
                & (
                    Q(end_date__isnull=True, end_precision="")
                    | Q(end_date__isnull=False, end_precision__in=Precision.values)
                ),
                name="%(app_label)s_%(class)s_precision_valid",
                violation_error_message="A precision is given with each date, and only then.",
            ),
            models.CheckConstraint(
                condition=Q(start_earliest__lte=F("start_date"), start_latest__gte=F("start_date")),
                name="%(app_label)s_%(class)s_start_within_bounds",
                violation_error_message="The start date must lie between its earliest and latest bounds.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_earliest__isnull=True, end_latest__isnull=True)
                | Q(end_earliest__lte=F("end_date"), end_latest__gte=F("end_date")),
                name="%(app_label)s_%(class)s_end_within_bounds",
                violation_error_message="The end date must lie between its earliest and latest bounds, "
                "which are given only with an end date.",
            ),
            models.CheckConstraint(
                condition=Q(end_reason="") | Q(end_date__isnull=False, end_reason__in=EndReason.values),
                name="%(app_label)s_%(class)s_end_reason_valid",
                violation_error_message="Only a spell with an end date has an end reason.",
            ),
            models.UniqueConstraint(
                fields=["organisation", "member", "status", "start_date"],
                name="%(app_label)s_%(class)s_natural_key",
                violation_error_message="This member already has a spell with this status "
                "starting on this day in this organisation.",
            ),
            PostgresOnlyExclusionConstraint(
                name=NO_OVERLAP,
                expressions=[
                    (F("organisation"), "="),
                    (F("member"), "="),
                    (family_expression(), "="),
                    (DateRange("start_date", "end_date", models.Value("[)")), "&&"),
                ],
            ),
        ]
        indexes = [
            # "Who was in this organisation on D" and "where was this member on D", index-only on
            # PostgreSQL (see PERFORMANCE.md); SQLite keeps the key columns.
            models.Index(
                fields=["organisation", "start_date", "end_date"],
                include=["member", "status"],
                name="blocs_ms_org_dates",
            ),
            models.Index(
                fields=["member", "start_date", "end_date"],
                include=["organisation", "status"],
                name="blocs_ms_member_dates",
            ),
        ]

    def __str__(self) -> str:
        until = f" until {self.end_date.isoformat()}" if self.end_date else ""
        return (
            f"{self.member} in {self.organisation}: {self.get_status_display()} "
            f"from {self.start_date.isoformat()}{until}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalise()
        super().save(*args, **kwargs)
        self._loaded_dates = self._dates()

    @classmethod
    def from_db(cls, *args: Any, **kwargs: Any) -> Membership:
        instance = super().from_db(*args, **kwargs)
        instance._loaded_dates = instance._dates()
        return instance

    @property
    def family(self) -> Family:
        return family_of(self.status)

    @property
    def is_open_ended(self) -> bool:
        return self.end_date is None

    def _dates(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in DATE_FIELDS)

    def normalise(self) -> None:
        """Fill what follows from the dates: an end precision goes with an end date, and only then; a
        bound not given is the date's own period (`implied_bounds`). A bound that only restated the
        period of the date as loaded follows the date when the date or its precision changes."""
        if self.end_date is None:
            self.end_precision = ""
        elif not self.end_precision:
            self.end_precision = Precision.DAY
        if not self.start_precision:
            self.start_precision = Precision.DAY
        loaded = dict(zip(DATE_FIELDS, getattr(self, "_loaded_dates", ()), strict=False))
        for end in ("start", "end"):
            day, precision = getattr(self, f"{end}_date"), getattr(self, f"{end}_precision")
            if day is None:
                setattr(self, f"{end}_earliest", None)
                setattr(self, f"{end}_latest", None)
                continue
            before = loaded.get(f"{end}_date"), loaded.get(f"{end}_precision")
            implied_before: tuple[Any, Any] = (None, None)
            if before[0] is not None:
                implied_before = implied_bounds(before[0], before[1] or Precision.DAY)
            for bound, implied, was_implied in zip(
                ("earliest", "latest"), implied_bounds(day, precision), implied_before, strict=True
            ):
                value = getattr(self, f"{end}_{bound}")
                changed = (day, precision) != before
                if value is None or (changed and value == was_implied):
                    setattr(self, f"{end}_{bound}", implied)

    @property
    def start_edtf(self) -> str:
        return edtf_date(self.start_date, self.start_precision, self.start_earliest, self.start_latest)

    @property
    def end_edtf(self) -> str:
        return edtf_date(self.end_date, self.end_precision, self.end_earliest, self.end_latest)

    @property
    def has_date_range(self) -> bool:
        """Whether the sources give a date of this spell differently (a range wider than its precision)."""
        return any(
            (getattr(self, f"{end}_earliest"), getattr(self, f"{end}_latest"))
            != implied_bounds(getattr(self, f"{end}_date"), getattr(self, f"{end}_precision"))
            for end in ("start", "end")
            if getattr(self, f"{end}_date") is not None
        )

    def clean(self) -> None:
        self.normalise()
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = (
                f"The end date ({self.end_date.isoformat()}) must be after the start date "
                f"({self.start_date.isoformat()}): the end date is the first day on which the "
                f"status no longer applied."
            )
        if self.end_date is None and self.end_reason:
            errors["end_reason"] = (
                "An ongoing spell has no end reason: give an end date or clear the end reason."
            )
        for field in ("start", "end"):
            message = precision_error(getattr(self, f"{field}_date"), getattr(self, f"{field}_precision"))
            if message:
                errors.setdefault(f"{field}_date", message)
        if self.start_date and self.organisation_id and "end_date" not in errors:
            for field, message in self.organisation.existence_error(
                self.start_date, self.start_precision, self.end_date
            ).items():
                errors.setdefault(field, message)
        for end, label in (("start", "start"), ("end", "end")):
            day = getattr(self, f"{end}_date")
            earliest, latest = getattr(self, f"{end}_earliest"), getattr(self, f"{end}_latest")
            if day is None or f"{end}_date" in errors:
                continue
            if earliest is not None and earliest > day:
                errors[f"{end}_earliest"] = (
                    f"The earliest {label} ({earliest.isoformat()}) comes after the {label} date "
                    f"({day.isoformat()}): the {label} date is the best-supported day within the range."
                )
            if latest is not None and latest < day:
                errors[f"{end}_latest"] = (
                    f"The latest {label} ({latest.isoformat()}) comes before the {label} date "
                    f"({day.isoformat()}): the {label} date is the best-supported day within the range."
                )
        if self.disputed and not self.dispute_note.strip():
            errors["dispute_note"] = "Say who disputes this spell and why."
        if errors:
            raise ValidationError(errors)


DATE_FIELDS = ("start_date", "start_precision", "end_date", "end_precision")


def implied_bounds(day: date, precision: str) -> tuple[date, date]:
    """The earliest and latest day a date of this precision stands for: the date's own period."""
    return day, period_last(day, precision or Precision.DAY)


def edtf_date(day: date | None, precision: str, earliest: date | None, latest: date | None) -> str:
    """A spell's date in the Library of Congress Extended Date/Time Format (ISO 8601-2): `2017-06-09`,
    `2007-10` or `2008` when the range is the date's own period, and one day of a set, `[2009-06-16..
    2010-04-28]`, when the sources allow a wider range (an EDTF interval would mean the whole span). ""
    for no date (a spell that goes on)."""
    if day is None:
        return ""
    precision = precision or Precision.DAY
    low, high = earliest or day, latest or period_last(day, precision)
    if (low, high) == implied_bounds(day, precision):
        if precision == Precision.YEAR:
            return f"{day.year:04d}"
        if precision == Precision.MONTH:
            return f"{day.year:04d}-{day.month:02d}"
        return day.isoformat()
    return f"[{low.isoformat()}..{high.isoformat()}]"


class Source(NaturalKeyModel):
    """A published document that bears on one spell: it supports it, or contradicts it."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField("URL", max_length=600)
    title = models.CharField(max_length=400, blank=True)
    publisher = models.CharField(max_length=200)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.SUPPORTS)
    note = models.TextField(blank=True, help_text="What the source states, in our words.")
    quote = models.TextField(blank=True, help_text="A short excerpt read in the source itself.")

    history = HistoricalRecords()
    objects = NaturalKeyManager()
    natural_key_fields = (
        "membership__organisation__slug",
        "membership__member__code",
        "membership__status",
        "membership__start_date",
        "url",
    )

    class Meta:
        ordering = ["membership", "published_on", "url"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "url"],
                name="%(app_label)s_%(class)s_natural_key",
                violation_error_message="This spell already cites this URL.",
            ),
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="%(app_label)s_%(class)s_stance_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title or self.url}"

    def clean(self) -> None:
        if self.published_on is None and self.accessed_on is None:
            raise ValidationError(
                {"published_on": "Give the date the source was published, or the day it was read."}
            )


# The tables whose every write is recorded in history (`blocs.recorded` reads them as recorded at T) and
# counted in the data version (`blocs.versions`).
TRACKED_MODELS: tuple[Any, ...] = (Organisation, OrganisationName, Member, Membership, Source)


class DataVersion(models.Model):
    """How many writes the tracked tables (those with history) have seen, and when the last one was.

    One row, bumped in the same transaction as every create, update and delete of an organisation, former
    name, member, spell or source (see `blocs.versions`). The API derives its ETags from it: one read by
    primary key says whether anything changed since a response was made.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="%(app_label)s_%(class)s_single_row"),
        ]

    def __str__(self) -> str:
        return f"data version {self.number}"
