"""The two changelist actions on spells: record a status change, and end spells.

Each is three pages: a form (the date, the new status or the end reason), a confirmation page that says
what will be written (found by trying it in a transaction that is undone, so every problem shows before
anything is written), and the result. The writes go through `blocs.services`, all spells in one
transaction: one spell that cannot be changed and none is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from blocs.admin.base import refusal_reason
from blocs.admin.forms import EndSpellsForm, StatusChangeForm
from blocs.models import Membership
from blocs.services import membership_change_status, membership_end


def plain_errors(error: ValidationError) -> str:
    """A validation error as one sentence or a few, without field keys where they add nothing."""
    if hasattr(error, "error_dict"):
        return " ".join(message for messages_ in error.message_dict.values() for message in messages_)
    return " ".join(error.messages)


@dataclass
class Outcome:
    """What an action did, or would do, to the spells, and what stopped it."""

    done: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    written: bool = False


class _Undo(Exception):
    """Raised to roll back a trial run."""


def run_all_or_nothing(
    spells: Iterable[Membership], change: Callable[[Membership], list[str]], *, commit: bool
) -> Outcome:
    """Apply `change` to every spell in one transaction, kept only if `commit` and nothing failed.

    `change` returns what it did, in words; a spell it cannot change raises ValidationError, which is
    reported with the spell it concerns.
    """
    outcome = Outcome()
    try:
        with transaction.atomic():
            for spell in spells:
                try:
                    with transaction.atomic():
                        outcome.done.extend(change(spell))
                except ValidationError as error:
                    outcome.errors.append(f"{spell}: {plain_errors(error)}")
                except IntegrityError as error:  # a concurrent edit that validation could not see
                    outcome.errors.append(
                        f"{spell}: the database refused the change: {refusal_reason(error)}."
                    )
            if outcome.errors or not commit:
                raise _Undo
    except _Undo:
        return outcome
    outcome.written = True
    return outcome


class SpellAction:
    """One action's pages. Subclasses give the form, the service call and the words."""

    name: str
    title: str
    form_class: type[forms.Form]
    intro: str
    confirm_label: str
    creates_spells = False

    def __init__(self, model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        self.model_admin = model_admin
        self.request = request
        self.spells = list(
            queryset.select_related("organisation", "member").order_by(
                "organisation__acronym", "member__name", "start_date"
            )
        )

    def change(self, spell: Membership, form: Any) -> list[str]:
        """Change one spell through a service; return what was done, in words."""
        raise NotImplementedError

    def respond(self) -> TemplateResponse | None:
        post = self.request.POST
        if not {"apply", "preview", "edit"} & set(post):
            return self.render(self.form_class())
        form = self.form_class(post)
        if not form.is_valid() or "edit" in post:
            return self.render(form)
        outcome = run_all_or_nothing(
            self.spells, lambda spell: self.change(spell, form), commit="apply" in post
        )
        if outcome.errors:
            return self.render(form, errors=outcome.errors)
        if not outcome.written:
            return self.render(form, plan=outcome.done)
        self.model_admin.message_user(
            self.request, f"{self.title}: done. " + " ".join(outcome.done), messages.SUCCESS
        )
        if self.creates_spells and not getattr(form, "sources", list)():
            self.model_admin.message_user(
                self.request,
                "The new spells have no source yet: add one on each spell's page (the list marks them).",
                messages.WARNING,
            )
        return None  # back to the list

    def render(
        self, form: forms.Form, *, errors: list[str] | None = None, plan: list[str] | None = None
    ) -> TemplateResponse:
        opts = self.model_admin.model._meta
        context = {
            **self.model_admin.admin_site.each_context(self.request),
            "title": self.title,
            "intro": self.intro,
            "opts": opts,
            "form": form,
            "spells": self.spells,
            "errors": errors or [],
            "plan": plan,
            "action_name": self.name,
            "confirm_label": self.confirm_label,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(self.request, "admin/blocs/membership/spell_action.html", context)


class StatusChangeAction(SpellAction):
    name = "record_status_change"
    title = "Record a status change"
    form_class = StatusChangeForm
    intro = (
        "Each spell below ends on the date you give (end reason: status changed) and a spell with the new "
        "status starts that same day: observer until 2017-06-09, member from 2017-06-09."
    )
    confirm_label = "Yes, record the change"
    creates_spells = True

    def change(self, spell: Membership, form: Any) -> list[str]:
        data = form.cleaned_data
        successor = membership_change_status(
            membership=spell,
            status=data["status"],
            on_date=data["on_date"],
            precision=data["precision"],
            sources=form.sources(),  # the form is a StatusChangeForm
        )
        return [
            f"{spell.member} in {spell.organisation}: {spell.get_status_display()} until "
            f"{data['on_date'].isoformat()}, {successor.get_status_display()} from "
            f"{successor.start_date.isoformat()}."
        ]


class EndSpellsAction(SpellAction):
    name = "end_spells"
    title = "End spells"
    form_class = EndSpellsForm
    intro = (
        "Each spell below ends on the date you give: the end date is the first day on which the status no "
        "longer applied."
    )
    confirm_label = "Yes, end these spells"

    def change(self, spell: Membership, form: Any) -> list[str]:
        data = form.cleaned_data
        ended = membership_end(
            membership=spell, on_date=data["on_date"], reason=data["reason"], precision=data["precision"]
        )
        return [f"{ended} ({ended.get_end_reason_display()})."]
