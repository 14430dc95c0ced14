"""Loading the reference data: members from ISO 3166 and COW, then the curated fixtures.

Idempotent: a row is written only when it is new or differs from what the database holds, so a second run
changes nothing and adds no history. Atomic: one invalid row and nothing is written. Every row goes through
`full_clean()`, the same validation as the admin and the API, and then the database's own constraints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import Field

from blocs.countries import member_records
from blocs.models import Member, NaturalKeyModel, natural_key_part

# libyaml's loader when it is there: ten times faster on the full set of fixtures.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

# Referenced models load before the models that refer to them, whatever file they are in.
LOAD_ORDER = [
    "blocs.organisation",
    "blocs.organisationname",
    "blocs.member",
    "blocs.membership",
    "blocs.source",
]


class BootstrapError(Exception):
    """Reference data that cannot be loaded; says which file, which row and why."""


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        labels = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{label}: {self.created[label]} created, {self.updated[label]} updated, "
            f"{self.unchanged[label]} unchanged"
            for label in labels
        ]

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


def _concrete_values(instance: models.Model) -> dict[str, Any]:
    return {
        f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if not f.primary_key
    }


def _save(instance: models.Model, *, reason: str, report: LoadReport) -> None:
    """Write a new or changed row, with its reason in the history."""
    label = str(instance._meta.verbose_name_plural)
    (report.updated if instance.pk is not None else report.created)[label] += 1
    instance._change_reason = reason  # type: ignore[attr-defined]
    instance.save()


def seed_members(report: LoadReport) -> None:
    """Create or update the members derived from ISO 3166 and the COW state system."""
    existing = {member.code: member for member in Member.objects.all()}
    for record in member_records():
        member = existing.get(record.code) or Member(code=record.code)
        before = _concrete_values(member)
        for name, value in record.as_fields().items():
            setattr(member, name, value)
        if member.pk is not None and _concrete_values(member) == before:
            report.unchanged[str(Member._meta.verbose_name_plural)] += 1
            continue
        _save(member, reason="bootstrap: ISO 3166 and COW members", report=report)


def fixture_paths(directory: Path = FIXTURES_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        # CSafeLoader or SafeLoader: plain data only, no Python objects.
        objects = yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader) or []  # noqa: S506
    except yaml.YAMLError as error:
        raise BootstrapError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(objects, list) or not all(isinstance(obj, dict) and "model" in obj for obj in objects):
        raise BootstrapError(f"{path.name}: expected a list of {{model, fields}} entries")
    unknown = {obj["model"] for obj in objects} - set(LOAD_ORDER)
    if unknown:
        raise BootstrapError(f"{path.name}: unknown model(s) {', '.join(sorted(unknown))}")
    return objects


def _describe(entry: dict[str, Any]) -> str:
    fields = entry.get("fields") or {}
    if entry["model"] == "blocs.membership":
        return (
            f"{entry['model']} {fields.get('organisation')} {fields.get('member')} "
            f"{fields.get('status')} from {fields.get('start_date')}"
        )
    for key in ("slug", "code", "url", "name"):
        if key in fields:
            return f"{entry['model']} {key}={fields[key]}"
    return entry["model"]


class _Loader:
    """Builds model instances from fixture entries, resolving natural keys from one query per model."""

    def __init__(self, report: LoadReport) -> None:
        self.report = report
        self.keys: dict[type[NaturalKeyModel], dict[tuple[Any, ...], int]] = {}
        self.stored: dict[type[NaturalKeyModel], dict[int, dict[str, Any]]] = {}

    def key_map(self, model: type[NaturalKeyModel]) -> dict[tuple[Any, ...], int]:
        if model not in self.keys:
            self.keys[model] = model.natural_key_map()
        return self.keys[model]

    def stored_values(self, model: type[NaturalKeyModel]) -> dict[int, dict[str, Any]]:
        if model not in self.stored:
            self.stored[model] = {
                instance.pk: _concrete_values(instance) for instance in model._default_manager.all()
            }
        return self.stored[model]

    def build(self, model: type[NaturalKeyModel], fields: dict[str, Any]) -> NaturalKeyModel:
        values: dict[str, Any] = {}
        for name, raw in fields.items():
            try:
                field = cast(Field, model._meta.get_field(name))
            except FieldDoesNotExist as error:
                raise ValueError(f"{model._meta.label} has no field {name!r}") from error
            if field.many_to_one or field.one_to_one:
                values[field.attname] = None if raw is None else self.resolve(field, raw)
            else:
                values[field.attname] = field.to_python(raw)
        return model(**values)

    def resolve(self, field: Any, raw: Any) -> int:
        related: type[NaturalKeyModel] = field.related_model
        key = tuple(natural_key_part(part) for part in (raw if isinstance(raw, list) else [raw]))
        try:
            return self.key_map(related)[key]
        except KeyError:
            raise ValueError(
                f"{field.name}: no {related._meta.verbose_name} {list(key)} (load it first, or "
                f"check the spelling)"
            ) from None

    @staticmethod
    def natural_key_of(model: type[NaturalKeyModel], fields: dict[str, Any]) -> tuple[Any, ...]:
        """The natural key of a fixture entry, read from its own fields (no query): a foreign key in
        the natural key contributes the referenced row's natural key, as the fixture spells it."""
        key: list[Any] = []
        for name in dict.fromkeys(path.split("__")[0] for path in model.natural_key_fields):
            raw = fields.get(name)
            field = cast(Field, model._meta.get_field(name))
            if field.is_relation:
                key.extend(natural_key_part(part) for part in (raw or []))
            else:
                key.append(natural_key_part(field.to_python(raw)))
        return tuple(key)

    def load(self, model: type[NaturalKeyModel], entry: dict[str, Any], reason: str) -> None:
        fields = entry.get("fields") or {}
        instance = self.build(model, fields)
        key = self.natural_key_of(model, fields)
        instance.pk = self.key_map(model).get(key)
        normalise = getattr(instance, "normalise", None)
        if normalise is not None:
            normalise()  # fill what follows from the entry (a spell's date bounds) before comparing
        label = str(model._meta.verbose_name_plural)
        if instance.pk is not None:
            instance._state.adding = False  # found by its natural key: an update, not an insert
            if self.stored_values(model).get(instance.pk) == _concrete_values(instance):
                self.report.unchanged[label] += 1
                return
        instance.full_clean()
        _save(instance, reason=reason, report=self.report)
        self.key_map(model)[key] = instance.pk
        self.stored_values(model)[instance.pk] = _concrete_values(instance)


def load_fixtures(paths: Iterable[Path], report: LoadReport) -> None:
    """Load fixture files, model by model; raise BootstrapError naming the first bad row."""
    entries: list[tuple[Path, dict[str, Any]]] = [(path, obj) for path in paths for obj in _read(path)]
    loader = _Loader(report)
    for model_label in LOAD_ORDER:
        model = apps.get_model(model_label)
        for path, entry in entries:
            if entry["model"] != model_label:
                continue
            try:
                loader.load(model, entry, reason=f"bootstrap: fixtures/{path.name}")
            except ValidationError as error:
                raise BootstrapError(f"{path.name}: {_describe(entry)}: {_plain(error)}") from error
            except (ValueError, TypeError) as error:
                raise BootstrapError(f"{path.name}: {_describe(entry)}: {error}") from error


def _plain(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


EDITORS_GROUP = "Editors"
# What staff in the Editors group may do: add, change and view the records, and read their history.
# No delete of organisations or members (nor of anything else), and no user management: superusers do that.
EDITED_MODELS = ("organisation", "organisationname", "member", "membership", "source")
EDITORS_PERMISSIONS: tuple[str, ...] = tuple(
    [f"{action}_{model}" for model in EDITED_MODELS for action in ("add", "change", "view")]
    + [f"view_historical{model}" for model in EDITED_MODELS]
)


def ensure_editors_group(report: LoadReport) -> Group:
    """Create the Editors group, or bring its permissions back to exactly `EDITORS_PERMISSIONS`."""
    label = "groups"
    group, created = Group.objects.get_or_create(name=EDITORS_GROUP)
    wanted = set(Permission.objects.filter(content_type__app_label="blocs", codename__in=EDITORS_PERMISSIONS))
    missing = set(EDITORS_PERMISSIONS) - {permission.codename for permission in wanted}
    if missing:
        raise BootstrapError(f"permissions missing (run migrate first): {', '.join(sorted(missing))}")
    if created:
        report.created[label] += 1
    elif set(group.permissions.all()) != wanted:
        report.updated[label] += 1
    else:
        report.unchanged[label] += 1
        return group
    group.permissions.set(wanted)
    return group


def bootstrap(*, paths: Iterable[Path] | None = None) -> LoadReport:
    """Seed members, load every curated fixture and set up the Editors group, in one transaction."""
    report = LoadReport()
    with transaction.atomic():
        seed_members(report)
        load_fixtures(fixture_paths() if paths is None else paths, report)
        ensure_editors_group(report)
    return report
