"""The API's query parameters: one FilterSet per list, each filter a one-line call to a QuerySet method.

Dates are ISO 8601 `YYYY-MM-DD` and nothing else; multi-valued filters take comma-separated values; a value
a filter does not know (a status, an organisation slug, a member code, a date that is not on the calendar)
is an error naming the parameter, never a silently empty or unfiltered answer. No date rule is spelled
here: "active on", "active during", "ongoing" and the rest live in `blocs.querysets`. "Today" is decided
once by the view and passed in (`today=`); a filter that defaults to today reads it from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import QuerySet
from django.http import QueryDict
from django_filters.fields import BaseCSVField

from blocs.choices import Family, MemberKind, OrganisationKind, Reading, Status
from blocs.dates import ParameterError, parse_day
from blocs.models import HALF_OPEN, Member, Membership, Organisation
from blocs.querysets import MemberQuerySet, MembershipQuerySet, OrganisationQuerySet


def _shown(value: Any) -> str:
    """A user's value, cut short, for an error message (always passed as a parameter of the message,
    never formatted into it: django-filter applies `%` formatting to messages)."""
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


# Form fields: what a parameter's text means, and why it is refused.


class IsoDateField(forms.DateField):
    """A day written `YYYY-MM-DD`, and a real one: `2024-13-01` and `yesterday` are errors."""

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            return parse_day(str(value))
        except ParameterError as error:
            # Passed as a parameter, never formatted in: django-filter applies `%` formatting to messages.
            raise ValidationError("%(message)s", code="invalid", params={"message": error.message}) from None


class StrictBooleanField(forms.Field):
    """`true` or `false` (or `1`, `0`); anything else is an error rather than "no filter"."""

    default_validators = [ProhibitNullCharactersValidator()]
    values: ClassVar[dict[str, bool]] = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.values[str(value).strip().lower()]
        except KeyError:
            raise ValidationError(
                "'%(value)s' is not a yes or no: write true or false.",
                code="invalid",
                params={"value": _shown(value)},
            ) from None


class NaturalKeyMixin:
    """Checks that every given natural key (an organisation slug, a member code) names a row, in one
    query, and names the keys that do not."""

    def __init__(self, *args: Any, queryset: QuerySet, to_field_name: str, noun: str, **kwargs: Any) -> None:
        self.queryset, self.to_field_name, self.noun = queryset, to_field_name, noun
        super().__init__(*args, **kwargs)

    def check_known(self, keys: list[str]) -> None:
        known = set(
            self.queryset.filter(**{f"{self.to_field_name}__in": keys}).values_list(
                self.to_field_name, flat=True
            )
        )
        unknown = [key for key in keys if key not in known]
        if unknown:
            raise ValidationError(
                "Unknown %(noun)s: %(keys)s.",
                code="unknown",
                params={"noun": self.noun, "keys": ", ".join(_shown(key) for key in unknown)},
            )


class NaturalKeyField(NaturalKeyMixin, forms.CharField):
    def clean(self, value: Any) -> str | None:
        key = super().clean(value)
        if key:
            self.check_known([key])
        return key or None


class NaturalKeyListField(NaturalKeyMixin, BaseCSVField):
    """Comma-separated natural keys (combined with CharField by `BaseCSVFilter`)."""

    def clean(self, value: Any) -> list[str] | None:
        keys = [key for key in (super().clean(value) or []) if key]
        if keys:
            self.check_known(keys)
        return keys or None


# Filters.


class IsoDateFilter(filters.DateFilter):
    field_class = IsoDateField


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class ChoiceInFilter(filters.BaseInFilter, filters.ChoiceFilter):
    """Comma-separated values, each one of `choices`."""

    def __init__(self, *args: Any, noun: str, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": f"Unknown {noun}: %(value)s. Known: " + _listed(kwargs["choices"])},
        )
        super().__init__(*args, **kwargs)


def _listed(choices: Any) -> str:
    return ", ".join(value for value, _label in choices) + "."


class NaturalKeyFilter(filters.CharFilter):
    """One organisation slug or member code, which must exist."""

    field_class = NaturalKeyField


class NaturalKeysFilter(filters.BaseInFilter, filters.CharFilter):
    """Comma-separated organisation slugs or member codes, each of which must exist."""

    base_field_class = NaturalKeyListField


class StableOrderingFilter(filters.OrderingFilter):
    """Ordering that ends with the primary key, so pages never skip or repeat a row."""

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        keys = [param for param in value or () if param]  # `?ordering=,` names no key: the default order
        if not keys:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in keys], "pk")


# Forms: rules between parameters.


class ApiFilterForm(forms.Form):
    """Parameters checked together: a window's `from` must not come after its `to`."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, last = data.get("from"), data.get("to")
        if first and last and first > last:
            self.add_error(
                "from",
                f"from ({first.isoformat()}) is after to ({last.isoformat()}): the window [from, to] "
                "would be empty.",
            )
        return data


class OrganisationFilterForm(ApiFilterForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("on") and not data.get("member"):
            self.add_error(
                "on",
                "on goes with member: give a member code to list the organisations that member "
                "belonged to on that day.",
            )
        return data


# FilterSets.


class ApiFilterSet(filters.FilterSet):
    """A FilterSet that knows what day today is, and fills defaults for parameters left out or empty."""

    defaults: ClassVar[Mapping[str, str]] = {}
    defaults_to_today: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        data: QueryDict | dict[str, Any] | None = None,
        queryset: QuerySet | None = None,
        *,
        today: date,
        request: Any = None,
        prefix: str | None = None,
    ) -> None:
        self.today = today
        data = QueryDict(mutable=True) if data is None else data.copy()
        for name in self.defaults_to_today:
            if not data.get(name):
                data[name] = today.isoformat()
        for name, value in self.defaults.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data, queryset, request=request, prefix=prefix)

    def chosen_reading(self) -> str:
        """The `reading` asked for (default: likely)."""
        return self.form.cleaned_data.get("reading") or Reading.LIKELY

    def keep(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        """A parameter read by the view (a window bound), not applied to the rows here."""
        return queryset

    def window(self, default_first: date = date.min, default_last: date = date.max) -> tuple[date, date]:
        """The inclusive window `[from, to]`, with open bounds where a parameter was left out."""
        data = self.form.cleaned_data
        return data.get("from") or default_first, data.get("to") or default_last


STATUS_HELP = "Statuses, comma-separated (member, observer, ...)."
READING_HELP = (
    "How `on` is read where the sources give a date as a range or dispute a spell: `likely` (the default: "
    "the best-supported dates, disputed spells left out), `certain` (held whatever date in the ranges is "
    "true, not disputed) or `possible` (held by some date the sources allow, disputed spells included). "
    "certain ⊆ likely ⊆ possible."
)


def reading_filter() -> filters.ChoiceFilter:
    return filters.ChoiceFilter(
        method="keep",
        choices=Reading.choices,
        error_messages={"invalid_choice": "Unknown reading: %(value)s. Known: certain, likely, possible."},
        help_text=READING_HELP,
    )


ON_HELP = "The day, YYYY-MM-DD. " + HALF_OPEN


class OrganisationFilterSet(ApiFilterSet):
    kind = ChoiceInFilter(
        field_name="kind",
        choices=OrganisationKind.choices,
        noun="organisation kind",
        help_text="Kinds of organisation, comma-separated.",
    )
    q = filters.CharFilter(
        method="filter_q", help_text="Text in the name, acronym, full name, slug or a former name (BRIC)."
    )
    member = NaturalKeyFilter(
        method="filter_member",
        queryset=Member.objects.all(),
        to_field_name="code",
        noun="member code",
        help_text="A member code (IRN): only the organisations it belonged to (status member) on `on`.",
    )
    on = IsoDateFilter(
        method="keep",
        help_text="With `member`: the day, YYYY-MM-DD (default: today). " + HALF_OPEN,
    )
    reading = reading_filter()

    class Meta:
        model = Organisation
        fields: list[str] = []
        form = OrganisationFilterForm

    def filter_q(self, queryset: OrganisationQuerySet, name: str, value: str) -> OrganisationQuerySet:
        return queryset.search(value)

    def filter_member(self, queryset: OrganisationQuerySet, name: str, value: str) -> OrganisationQuerySet:
        day = self.form.cleaned_data.get("on") or self.today
        return queryset.member_of_on(value, day, reading=self.chosen_reading())


class MemberFilterSet(ApiFilterSet):
    kind = ChoiceInFilter(
        field_name="kind",
        choices=MemberKind.choices,
        noun="member kind",
        help_text="Kinds of member, comma-separated (state, territory, organisation).",
    )
    q = filters.CharFilter(
        method="filter_q",
        help_text="Text in the code, name, official name or an identifier (ISO alpha-2, COW code).",
    )
    historical = StrictBooleanFilter(
        field_name="historical", help_text="true: only former states (SUN, YUG); false: only current ones."
    )

    class Meta:
        model = Member
        fields: list[str] = []

    def filter_q(self, queryset: MemberQuerySet, name: str, value: str) -> MemberQuerySet:
        return queryset.search(value)


class SnapshotFilterSet(ApiFilterSet):
    """Spells active on one day (default: today) with some statuses (default: member)."""

    on = IsoDateFilter(method="filter_on", help_text="The day, YYYY-MM-DD (default: today). " + HALF_OPEN)
    status = ChoiceInFilter(
        method="filter_status",
        choices=Status.choices,
        noun="status",
        help_text=STATUS_HELP + " Default: member.",
    )
    reading = reading_filter()

    defaults_to_today = ("on",)
    defaults = {"status": Status.MEMBER.value}

    class Meta:
        model = Membership
        fields: list[str] = []
        form = ApiFilterForm

    def filter_on(self, queryset: MembershipQuerySet, name: str, value: date) -> MembershipQuerySet:
        return queryset.held_on(value, self.chosen_reading())

    def filter_status(self, queryset: MembershipQuerySet, name: str, value: list[str]) -> MembershipQuerySet:
        return queryset.with_status(value)


def spells_of_organisations() -> NaturalKeysFilter:
    """`organisation=brics,sco`: spells of these organisations (each slug must name one)."""
    return NaturalKeysFilter(
        field_name="organisation__slug",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        noun="organisation",
        help_text="Organisation slugs, comma-separated (brics,sco).",
    )


def spells_of_members() -> NaturalKeysFilter:
    """`member=IND,IRN`: spells of these members (each code must name one)."""
    return NaturalKeysFilter(
        field_name="member__code",
        queryset=Member.objects.all(),
        to_field_name="code",
        noun="member code",
        help_text="Member codes, comma-separated (IND,IRN).",
    )


class MembershipFilterSet(ApiFilterSet):
    """Every spell, by organisation, member, status and the dates they held."""

    organisation = spells_of_organisations()
    member = spells_of_members()
    status = ChoiceInFilter(field_name="status", choices=Status.choices, noun="status", help_text=STATUS_HELP)
    family = filters.ChoiceFilter(
        method="filter_family",
        choices=Family.choices,
        error_messages={"invalid_choice": "Unknown status family: %(value)s. Known: standing, accession."},
        help_text="standing (member, observer, partner, ...) or accession (invited, applicant, candidate).",
    )
    on = IsoDateFilter(method="filter_on", help_text="Spells active on this day, YYYY-MM-DD. " + HALF_OPEN)
    reading = reading_filter()
    locals()["from"] = IsoDateFilter(
        method="filter_from",
        help_text="Spells active on at least one day from this day on (with `to`: of the inclusive window "
        "[from, to]), YYYY-MM-DD. " + HALF_OPEN,
    )
    to = IsoDateFilter(
        method="filter_to",
        help_text="Spells active on at least one day up to this day, included, YYYY-MM-DD.",
    )
    started_after = IsoDateFilter(
        method="filter_started_after", help_text="Spells starting on or after this day."
    )
    started_before = IsoDateFilter(
        method="filter_started_before", help_text="Spells starting on or before this day."
    )
    ended_after = IsoDateFilter(
        method="filter_ended_after",
        help_text="Spells whose end date is on or after this day (spells that go on have none).",
    )
    ended_before = IsoDateFilter(
        method="filter_ended_before",
        help_text="Spells whose end date is on or before this day (spells that go on have none).",
    )
    ongoing = StrictBooleanFilter(
        method="filter_ongoing",
        help_text="true: spells not ended by today (no end date, or one after today); false: spells ended.",
    )
    disputed = StrictBooleanFilter(
        field_name="disputed", help_text="true: spells whose sources disagree that the status existed."
    )
    ordering = StableOrderingFilter(
        fields=(
            ("organisation__slug", "organisation"),
            ("member__code", "member"),
            ("status", "status"),
            ("start_date", "start_date"),
            ("end_date", "end_date"),
        ),
        help_text="Sort keys, comma-separated, `-` for descending (-start_date,member).",
    )

    class Meta:
        model = Membership
        fields: list[str] = []
        form = ApiFilterForm

    def filter_family(self, queryset: MembershipQuerySet, name: str, value: str) -> MembershipQuerySet:
        return queryset.of_family(value)

    def filter_on(self, queryset: MembershipQuerySet, name: str, value: date) -> MembershipQuerySet:
        return queryset.held_on(value, self.chosen_reading())

    def filter_from(self, queryset: MembershipQuerySet, name: str, value: date) -> MembershipQuerySet:
        return queryset.active_during(value, date.max)

    def filter_to(self, queryset: MembershipQuerySet, name: str, value: date) -> MembershipQuerySet:
        return queryset.active_during(date.min, value)

    def filter_started_after(
        self, queryset: MembershipQuerySet, name: str, value: date
    ) -> MembershipQuerySet:
        return queryset.started_within(first=value)

    def filter_started_before(
        self, queryset: MembershipQuerySet, name: str, value: date
    ) -> MembershipQuerySet:
        return queryset.started_within(last=value)

    def filter_ended_after(self, queryset: MembershipQuerySet, name: str, value: date) -> MembershipQuerySet:
        return queryset.ended_within(first=value)

    def filter_ended_before(self, queryset: MembershipQuerySet, name: str, value: date) -> MembershipQuerySet:
        return queryset.ended_within(last=value)

    def filter_ongoing(self, queryset: MembershipQuerySet, name: str, value: bool) -> MembershipQuerySet:
        return queryset.ongoing(self.today) if value else queryset.ended(self.today)


WINDOW_FROM_HELP = "The first day of the inclusive window [from, to], YYYY-MM-DD (default: the beginning)."
WINDOW_TO_HELP = "The last day of the window, included, YYYY-MM-DD (default: no end, so planned changes too)."


class ChangeFilterSet(ApiFilterSet):
    """The window of an organisation's changes; `MembershipQuerySet.changes` applies it."""

    locals()["from"] = IsoDateFilter(method="keep", help_text=WINDOW_FROM_HELP)
    to = IsoDateFilter(method="keep", help_text=WINDOW_TO_HELP)

    class Meta:
        model = Membership
        fields: list[str] = []
        form = ApiFilterForm


class ChangeFeedFilterSet(ChangeFilterSet):
    organisation = spells_of_organisations()
    member = spells_of_members()

    class Meta(ChangeFilterSet.Meta):
        pass


class TimelineFilterSet(ApiFilterSet):
    """The window and statuses of an organisation's member counts."""

    locals()["from"] = IsoDateFilter(
        method="keep", help_text="The first day, YYYY-MM-DD (default: the organisation's founding)."
    )
    to = IsoDateFilter(
        method="keep", help_text="The last day, included, YYYY-MM-DD (default: the last change recorded)."
    )
    status = ChoiceInFilter(
        method="filter_status",
        choices=Status.choices,
        noun="status",
        help_text=STATUS_HELP + " Counts members holding any of them. Default: member.",
    )
    reading = reading_filter()

    defaults = {"status": Status.MEMBER.value}

    class Meta:
        model = Membership
        fields: list[str] = []
        form = ApiFilterForm

    def filter_status(self, queryset: MembershipQuerySet, name: str, value: list[str]) -> MembershipQuerySet:
        return queryset.with_status(value)


class ComembershipFilterSet(ApiFilterSet):
    """Organisations in which every listed member held member status on one day."""

    members = NaturalKeysFilter(
        method="filter_members",
        required=True,
        queryset=Member.objects.all(),
        to_field_name="code",
        noun="member code",
        help_text="Member codes, comma-separated (CHN,RUS): organisations in which all of them were members.",
    )
    on = IsoDateFilter(method="keep", help_text="The day, YYYY-MM-DD (default: today). " + HALF_OPEN)
    reading = reading_filter()

    defaults_to_today = ("on",)

    class Meta:
        model = Organisation
        fields: list[str] = []
        form = ApiFilterForm

    def filter_members(
        self, queryset: OrganisationQuerySet, name: str, value: list[str]
    ) -> OrganisationQuerySet:
        day = self.form.cleaned_data["on"]
        for code in value:
            queryset = queryset.member_of_on(code, day, reading=self.chosen_reading())
        return queryset
