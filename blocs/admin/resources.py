"""Membership spells in and out of spreadsheets (CSV, XLSX), for the admin's import and export.

One row is one spell. The organisation is named by its slug (`brics`), the member by its code (`IDN`), dates
are ISO 8601 (`2025-01-06`), half-open like everywhere else: `end_date` is the first day on which the status
no longer applied, empty while the spell goes on. A row is matched to a stored spell by (organisation,
member, status, start_date): the same row imported twice changes nothing, and a row that adds an end date
to a stored spell changes that spell.

Every row goes through the model's full validation (`clean_model_instances`), so an overlap, an end before
the start or a date outside the organisation's life is a row error in plain words, never a database error.
The optional `source_*` columns add one source to the spell, unless it already cites that URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model
from import_export import fields, resources, widgets
from import_export.resources import Diff

from blocs.choices import EndReason, Precision, Status
from blocs.dates import ParameterError, parse_day
from blocs.files import neutralise, un_neutralise
from blocs.models import SPELL_COLUMNS, Member, Membership, Organisation, Source

REQUIRED_COLUMNS = ("organisation", "member", "status", "start_date")
FILE_COLUMNS = (
    *REQUIRED_COLUMNS,
    *SPELL_COLUMNS[2:],
    "notes",
)  # REQUIRED_COLUMNS ends with status, start_date
SOURCE_COLUMNS = (
    "source_url",
    "source_title",
    "source_publisher",
    "source_published_on",
    "source_accessed_on",
)
COLUMNS = (*FILE_COLUMNS, *SOURCE_COLUMNS)


class ImportFileError(Exception):
    """The file as a whole cannot be imported (its columns are wrong); says what to change."""


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related row's code or slug; an unknown one is a row error."""

    def __init__(self, model: type[Model], field: str, *, noun: str, example: str) -> None:
        super().__init__(model, field)
        self.noun = noun
        self.example = example

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Model:
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueError(f"Give the {self.noun}'s {self.field} ({self.example}).")
        try:
            return self.model._default_manager.get(**{f"{self.field}__iexact": text})
        except self.model.DoesNotExist:
            raise ValueError(f"There is no {self.noun} with {self.field} “{text}”.") from None


class IsoDateWidget(widgets.DateWidget):
    """A date written YYYY-MM-DD (or a date cell in a spreadsheet)."""

    def __init__(self, *, required: bool = False) -> None:
        super().__init__(format="%Y-%m-%d")
        self.required = required

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            day = parse_day(None if value is None else str(value))
        except ParameterError as error:
            raise ValueError(error.message) from None
        if day is None and self.required:
            raise ValueError("Give a date, written YYYY-MM-DD (2025-01-06).")
        return day


class ChoiceWidget(widgets.CharWidget):
    """A value from a closed list; anything else is a row error that lists the allowed values."""

    def __init__(self, choices: list[str], *, noun: str, required: bool = False) -> None:
        super().__init__()
        self.choices = choices
        self.noun = noun
        self.required = required

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = "" if value is None else str(value).strip().lower().replace(" ", "_")
        if not text and not self.required:
            return ""
        if text not in self.choices:
            shown = f"“{value}” is not a" if text else "Give a"
            raise ValueError(f"{shown} {self.noun}: use one of {', '.join(self.choices)}.")
        return text


class YesNoWidget(widgets.BooleanWidget):
    """yes/no, true/false or 1/0; empty means no."""

    TRUE = {"1", "true", "yes", "y"}
    FALSE = {"0", "false", "no", "n", "", "none"}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"“{value}” is not yes or no.")

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "yes" if value else "no"


@dataclass(frozen=True)
class Cell:
    """One column of one row in the dry-run report: its value before the import and after it."""

    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


class ValuesDiff(Diff):
    """Values before and after, for the report template to show.

    django-import-export's own diff is HTML with inline styles, which the admin's Content-Security-Policy
    refuses; this keeps the values and lets the template mark what changed. Values are read as the export
    writes them, so the source columns show the spell's first source.
    """

    def __init__(self, resource: Any, instance: Any, new: bool) -> None:
        self.left = self.values(resource, instance)
        self.right: list[str] = []
        self.new = new

    def compare_with(self, resource: Any, instance: Any) -> None:
        self.right = self.values(resource, instance)

    def as_html(self) -> list[Cell]:  # type: ignore[override]
        before = [""] * len(self.right) if self.new else self.left
        return [Cell(old, new) for old, new in zip(before, self.right, strict=False)]

    @staticmethod
    def values(resource: Any, instance: Any) -> list[str]:
        fields_ = resource.get_import_fields()
        if instance is None:
            return [""] * len(fields_)
        return [str(resource.export_field(field, instance)) for field in fields_]


def _first_source(spell: Membership) -> Source | None:
    if spell.pk is None:
        return None
    return next(iter(spell.sources.all()), None)


class MembershipResource(resources.ModelResource):
    """A spell per row; see the module docstring for the columns and how rows are matched."""

    organisation = fields.Field(
        attribute="organisation",
        column_name="organisation",
        widget=NaturalKeyWidget(Organisation, "slug", noun="organisation", example="brics"),
    )
    member = fields.Field(
        attribute="member",
        column_name="member",
        widget=NaturalKeyWidget(Member, "code", noun="member", example="IDN"),
    )
    status = fields.Field(
        attribute="status",
        column_name="status",
        widget=ChoiceWidget(Status.values, noun="status", required=True),
    )
    start_date = fields.Field(
        attribute="start_date", column_name="start_date", widget=IsoDateWidget(required=True)
    )
    start_precision = fields.Field(
        attribute="start_precision",
        column_name="start_precision",
        widget=ChoiceWidget(Precision.values, noun="precision"),
    )
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=IsoDateWidget())
    end_precision = fields.Field(
        attribute="end_precision",
        column_name="end_precision",
        widget=ChoiceWidget(Precision.values, noun="precision"),
    )
    end_reason = fields.Field(
        attribute="end_reason",
        column_name="end_reason",
        widget=ChoiceWidget(EndReason.values, noun="end reason"),
    )
    disputed = fields.Field(attribute="disputed", column_name="disputed", widget=YesNoWidget())
    dispute_note = fields.Field(
        attribute="dispute_note", column_name="dispute_note", widget=widgets.CharWidget()
    )
    notes = fields.Field(attribute="notes", column_name="notes", widget=widgets.CharWidget())
    source_url = fields.Field(column_name="source_url")
    source_title = fields.Field(column_name="source_title")
    source_publisher = fields.Field(column_name="source_publisher")
    source_published_on = fields.Field(column_name="source_published_on")
    source_accessed_on = fields.Field(column_name="source_accessed_on")

    class Meta:
        model = Membership
        fields = COLUMNS
        import_order = COLUMNS
        export_order = COLUMNS
        import_id_fields = ("organisation", "member", "status", "start_date")
        clean_model_instances = True  # overlaps and date rules become row errors (PITFALLS.md 7)
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    @classmethod
    def get_diff_class(cls) -> type[Diff]:
        return ValuesDiff

    # Import: the file as a whole.

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        headers = [str(header or "").strip().lower() for header in dataset.headers or []]
        missing = [column for column in REQUIRED_COLUMNS if column not in headers]
        unknown = [header for header in headers if header not in COLUMNS]
        if missing or unknown:
            problems = []
            if missing:
                problems.append(f"missing column(s): {', '.join(missing)}")
            if unknown:
                problems.append(f"unknown column(s): {', '.join(header or '(empty)' for header in unknown)}")
            dataset.wipe()  # no row is read from a file whose columns are wrong
            raise ImportFileError(
                f"The file's first row must name the columns: {'; '.join(problems)}. "
                f"Allowed columns: {', '.join(COLUMNS)}."
            )
        dataset.headers = headers
        # A cell the export neutralised (`'=...`, see `export_field`) reads back as what was stored.
        for index in range(len(dataset)):
            restored = [un_neutralise(value) for value in dataset[index]]
            if list(dataset[index]) != restored:
                dataset[index] = restored

    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        """A text cell that a spreadsheet would run as a formula gets a leading quote, as in the API's
        CSV (`blocs.files.neutralise`); the import takes it off again."""
        value = super().export_field(field, instance, **kwargs)
        return neutralise(value) if isinstance(value, str) else value

    # Import: one row.

    def get_instance(self, instance_loader: Any, row: Any) -> Membership | None:
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # an unreadable key: a new spell, whose field errors the row then reports

    def import_instance(self, instance: Membership, row: Any, **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance._import_source = self.source_from(row)  # type: ignore[attr-defined]
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def source_from(row: Any) -> Source | None:
        """The source the row's `source_*` columns describe, validated, or None when they are empty."""
        values = {column: str(row.get(column) or "").strip() for column in SOURCE_COLUMNS}
        if not any(values.values()):
            return None
        if not values["source_url"]:
            raise ValidationError(
                {"source_url": "Give the source's URL, or leave every source column empty."}
            )
        dates: dict[str, date | None] = {}
        errors: dict[str, str] = {}
        for column in ("source_published_on", "source_accessed_on"):
            try:
                dates[column] = IsoDateWidget().clean(row.get(column))
            except ValueError as error:
                errors[column] = str(error)
        if errors:
            raise ValidationError(errors)
        source = Source(
            url=values["source_url"],
            title=values["source_title"],
            publisher=values["source_publisher"],
            published_on=dates["source_published_on"],
            accessed_on=dates["source_accessed_on"],
        )
        try:
            source.full_clean(exclude=["membership"])
        except ValidationError as error:
            raise ValidationError(
                {
                    "source_url" if name == NON_FIELD_ERRORS else f"source_{name}": messages
                    for name, messages in error.message_dict.items()
                }
            ) from error
        return source

    def skip_row(
        self, instance: Membership, original: Any, row: Any, import_validation_errors: Any = None
    ) -> bool:
        if self._adds_source(instance):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    @staticmethod
    def _adds_source(spell: Membership) -> bool:
        source = getattr(spell, "_import_source", None)
        if source is None:
            return False
        return spell.pk is None or not spell.sources.filter(url=source.url).exists()

    def before_save_instance(self, instance: Membership, row: Any, **kwargs: Any) -> None:
        # History records the importing user and the file, even outside a request.
        instance._history_user = kwargs.get("user")  # type: ignore[attr-defined]
        instance._change_reason = f"import: {kwargs.get('file_name') or 'file'}"  # type: ignore[attr-defined]

    def after_save_instance(self, instance: Membership, row: Any, **kwargs: Any) -> None:
        if not self._adds_source(instance):
            return
        source: Source = instance._import_source  # type: ignore[attr-defined]
        source.membership = instance
        source._history_user = kwargs.get("user")  # type: ignore[attr-defined]
        source._change_reason = instance._change_reason  # type: ignore[attr-defined]
        source.save()

    # Export: the first source of each spell (prefetch `sources` to keep it to one query).

    def dehydrate_source_url(self, spell: Membership) -> str:
        source = _first_source(spell)
        return source.url if source else ""

    def dehydrate_source_title(self, spell: Membership) -> str:
        source = _first_source(spell)
        return source.title if source else ""

    def dehydrate_source_publisher(self, spell: Membership) -> str:
        source = _first_source(spell)
        return source.publisher if source else ""

    def dehydrate_source_published_on(self, spell: Membership) -> str:
        source = _first_source(spell)
        return source.published_on.isoformat() if source and source.published_on else ""

    def dehydrate_source_accessed_on(self, spell: Membership) -> str:
        source = _first_source(spell)
        return source.accessed_on.isoformat() if source and source.accessed_on else ""
