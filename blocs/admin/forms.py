"""Forms of the admin beyond the model forms: the organisation page's spells, the two actions, the import.

Every form that edits a spell keeps organisation, member, status and both dates (PITFALLS.md 4): the
model's no-overlap rule is checked against the values on the spell, and none of them is left out.
"""

from __future__ import annotations

import copy
import zipfile
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import filesizeformat
from import_export.forms import ImportForm

from blocs.admin.base import refusal_reason
from blocs.choices import EndReason, Precision, Status
from blocs.constraints import overlap_message
from blocs.models import Membership, Source

SPELL_FIELDS = ("organisation", "member", "status", "start_date", "end_date")


OVERLAP = "overlap"  # the code of the no-overlap rule's validation error (blocs.constraints)


class _Undo(Exception):
    """Raised to roll back a trial save."""


def _overlap_errors_dropped(form: forms.ModelForm) -> None:
    errors = form._errors.get(NON_FIELD_ERRORS) if form._errors else None  # type: ignore[attr-defined]
    if errors is None:
        return
    errors.data = [error for error in errors.data if getattr(error, "code", None) != OVERLAP]
    if not errors.data:
        del form._errors[NON_FIELD_ERRORS]  # type: ignore[attr-defined]


def _has_other_errors(form: forms.ModelForm) -> bool:
    return any(
        getattr(error, "code", None) != OVERLAP
        for errors in form.errors.as_data().values()
        for error in errors
    )


class SpellFormSet(BaseInlineFormSet):
    """The spells on an organisation's page.

    Each row is first validated on its own against the stored spells, as on the spell's own page. The
    no-overlap rule is then decided across rows: the save is tried, row by row in the order Django saves
    them, inside a transaction that is always undone, and each row is compared (with
    `MembershipQuerySet.colliding_with`) with the stored spells as the rows before it leave them. So
    ending a spell and adding its successor in one save is accepted, and two new rows that overlap
    each other are refused, naming the spell collided with.
    """

    def clean(self) -> None:
        super().clean()
        if self.instance.pk is None or self.non_form_errors():
            return
        deleted = self._should_delete_form  # type: ignore[attr-defined]
        if any(_has_other_errors(form) for form in self.forms if not deleted(form)):
            return  # the rows must be valid on their own before they can be tried together
        edited = [form for form in self.forms if form.has_changed() or deleted(form)]
        if not edited:
            return
        try:
            with transaction.atomic():
                self._try_saving(edited)
                raise _Undo
        except _Undo:
            pass
        except IntegrityError as error:
            raise ValidationError(
                f"These spells cannot be saved together: {refusal_reason(error)}."
            ) from error

    def _try_saving(self, edited: list[forms.ModelForm]) -> None:
        # Django saves changed and deleted existing rows first, in page order, then new ones.
        for form in sorted(edited, key=lambda form: form.instance.pk is None):
            if self._should_delete_form(form):  # type: ignore[attr-defined]
                if form.instance.pk is not None:
                    Membership.objects.filter(pk=form.instance.pk).delete()
                continue
            trial = copy.deepcopy(form.instance)
            collision = (
                Membership.objects.colliding_with(trial)
                .select_related("organisation", "member")
                .order_by("start_date")
                .first()
            )
            _overlap_errors_dropped(form)
            if collision is not None:
                form.add_error(None, ValidationError(overlap_message(trial, collision), code=OVERLAP))
                continue
            trial.skip_history_when_saving = True  # type: ignore[attr-defined]
            trial.save()


DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class SourceFieldsMixin(forms.Form):
    """Optional source for the spells an action creates: every spell should cite one."""

    source_url = forms.URLField(label="Source URL", required=False, max_length=600, assume_scheme="https")
    source_publisher = forms.CharField(label="Publisher", required=False, max_length=200)
    source_title = forms.CharField(label="Title", required=False, max_length=400)
    source_published_on = forms.DateField(label="Published on", required=False, widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values = {name: cleaned.get(name) for name in self.source_field_names()}
        if not any(values.values()):
            return cleaned
        source = Source(
            url=values["source_url"] or "",
            publisher=values["source_publisher"] or "",
            title=values["source_title"] or "",
            published_on=values["source_published_on"],
        )
        try:
            source.full_clean(exclude=["membership"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                field = f"source_{name}" if f"source_{name}" in self.fields else None
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    @staticmethod
    def source_field_names() -> tuple[str, ...]:
        return ("source_url", "source_publisher", "source_title", "source_published_on")

    def sources(self) -> list[dict[str, Any]]:
        """The source, as `membership_create` takes it, or none."""
        data = self.cleaned_data
        if not data.get("source_url"):
            return []
        return [
            {
                "url": data["source_url"],
                "publisher": data["source_publisher"],
                "title": data["source_title"],
                "published_on": data["source_published_on"],
            }
        ]


class StatusChangeForm(SourceFieldsMixin):
    """Record a status change: each chosen spell ends on the date, and a spell of the new status starts."""

    on_date = forms.DateField(
        label="Date of the change",
        widget=DATE_INPUT,
        help_text="The first day of the new status. The old spell ends on this day (its end date is the "
        "first day it no longer applied) and the new spell starts on it.",
    )
    precision = forms.ChoiceField(
        label="Precision of the date", choices=Precision.choices, initial=Precision.DAY
    )
    status = forms.ChoiceField(label="New status", choices=Status.choices)

    field_order = ["on_date", "precision", "status", *SourceFieldsMixin.source_field_names()]


class EndSpellsForm(forms.Form):
    """End spells: each chosen spell ends on the date, for the reason given."""

    on_date = forms.DateField(
        label="End date",
        widget=DATE_INPUT,
        help_text="The first day on which the status no longer applied: a state that left at 23:00 on "
        "31 January 2020 ends on 2020-02-01.",
    )
    precision = forms.ChoiceField(
        label="Precision of the date", choices=Precision.choices, initial=Precision.DAY
    )
    reason = forms.ChoiceField(label="End reason", choices=EndReason.choices)


class MembershipImportForm(ImportForm):
    """The import form, refusing files over `BLOCS_IMPORT_MAX_BYTES` before reading them, and spreadsheets
    (zip files) that would unpack to more than `BLOCS_IMPORT_MAX_UNPACKED_BYTES`: a 300 KB xlsx can unpack
    to gigabytes and hold a worker for as long."""

    def clean_import_file(self) -> Any:
        upload = self.cleaned_data["import_file"]
        limit = settings.BLOCS_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"This file is {filesizeformat(upload.size)}; files of up to {filesizeformat(limit)} "
                f"are accepted. Split it into smaller files and import them one by one."
            )
        unpacked = _unpacked_size(upload)
        unpacked_limit = settings.BLOCS_IMPORT_MAX_UNPACKED_BYTES
        if unpacked is not None and unpacked > unpacked_limit:
            raise ValidationError(
                f"This spreadsheet unpacks to {filesizeformat(unpacked)}; spreadsheets that unpack to up to "
                f"{filesizeformat(unpacked_limit)} are accepted. Save it as CSV, or split it."
            )
        return upload


def _unpacked_size(upload: Any) -> int | None:
    """What a zip file (an xlsx) would unpack to, from its directory (nothing is unpacked); None for a file
    that is not a readable zip (the format check reports what is wrong with it)."""
    upload.seek(0)
    try:
        if not zipfile.is_zipfile(upload):
            return None
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
