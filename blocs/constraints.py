"""The no-overlap rule, in the database, on both engines.

No two spells of the same organisation, member and status family may share a day. On PostgreSQL this is
an exclusion constraint over a `daterange(start_date, end_date, '[)')` (GiST, with `btree_gist` for the
equality columns); on SQLite, which has no exclusion constraints, `BEFORE INSERT` and `BEFORE UPDATE`
triggers raise the same error. SQLite writers are serialised (IMMEDIATE transactions), so the trigger's
check cannot be raced. Only the database stops a race; model validation only gives a clear message first.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func

from blocs.choices import ACCESSION_STATUSES, Family

NO_OVERLAP = "blocs_membership_no_overlap"


class DateRange(Func):
    """PostgreSQL's `daterange(lower, upper, bounds)`; a NULL upper bound means unbounded."""

    function = "DATERANGE"
    output_field = DateRangeField()


class PostgresOnlyExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint that emits SQL on PostgreSQL only, and validates on every engine.

    Django's `ExclusionConstraint` emits `EXCLUDE USING gist` on every backend, which SQLite rejects; off
    PostgreSQL this emits nothing (the SQLite triggers below stand in). Its validation asks
    `MembershipQuerySet.colliding_with`, so the admin and the API name the spell collided with, and never
    builds a range from an end date that precedes its start (a `DataError` on PostgreSQL).
    """

    def constraint_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(
        self,
        model: Any,
        instance: Any,
        exclude: Any = None,
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        # The values on the instance are checked, whatever the form left out: a form that omits a
        # field must not switch the rule off (Django would skip the constraint).
        if (
            instance.organisation_id is None
            or instance.member_id is None
            or not instance.status
            or instance.start_date is None
            or (instance.end_date is not None and instance.end_date <= instance.start_date)
        ):
            return
        collision = (
            model._default_manager.using(using)
            .colliding_with(instance)
            .select_related("organisation", "member")
            .order_by("start_date")
            .first()
        )
        if collision is not None:
            raise ValidationError(overlap_message(instance, collision), code="overlap")


def overlap_message(spell: Any, collision: Any) -> str:
    """'Iran already holds member status in BRICS from 2024-01-01, which overlaps this spell.'"""
    until = f" until {collision.end_date.isoformat()}" if collision.end_date else " (ongoing)"
    family = Family(collision.family).label
    return (
        f"{collision.member.name} already holds {collision.get_status_display()} status in "
        f"{collision.organisation.acronym} from {collision.start_date.isoformat()}{until}, "
        f"which overlaps this spell. Spells of one {family} status cannot overlap: end the "
        f"existing spell on the day this one starts, or change the dates."
    )


def _family_sql(alias: str) -> str:
    statuses = ", ".join(f"'{status}'" for status in ACCESSION_STATUSES)
    return (
        f"(CASE WHEN {alias}.status IN ({statuses}) THEN '{Family.ACCESSION.value}' "
        f"ELSE '{Family.STANDING.value}' END)"
    )


def _overlap_condition(*, exclude_self: bool) -> str:
    # The same half-open rule as querysets.intersecting_q, in SQLite's dialect (dates are ISO text).
    # Built from constants only; no user input reaches this SQL.
    condition = f"""
        SELECT 1 FROM blocs_membership AS other
        WHERE other.organisation_id = NEW.organisation_id
          AND other.member_id = NEW.member_id
          AND {_family_sql("other")} = {_family_sql("NEW")}
          AND (NEW.end_date IS NULL OR other.start_date < NEW.end_date)
          AND (other.end_date IS NULL OR other.end_date > NEW.start_date)"""  # noqa: S608
    if exclude_self:
        condition += "\n          AND other.id != NEW.id"
    return condition


SQLITE_TRIGGERS: dict[str, str] = {
    f"{NO_OVERLAP}_insert": f"""
        CREATE TRIGGER IF NOT EXISTS {NO_OVERLAP}_insert
        BEFORE INSERT ON blocs_membership
        WHEN EXISTS ({_overlap_condition(exclude_self=False)})
        BEGIN
            SELECT RAISE(ABORT, '{NO_OVERLAP}: spells of one organisation, member and status family must not overlap');
        END""",  # noqa: E501
    f"{NO_OVERLAP}_update": f"""
        CREATE TRIGGER IF NOT EXISTS {NO_OVERLAP}_update
        BEFORE UPDATE OF organisation_id, member_id, status, start_date, end_date
        ON blocs_membership
        WHEN EXISTS ({_overlap_condition(exclude_self=True)})
        BEGIN
            SELECT RAISE(ABORT, '{NO_OVERLAP}: spells of one organisation, member and status family must not overlap');
        END""",  # noqa: E501
}


def install_sqlite_triggers(connection: BaseDatabaseWrapper) -> None:
    """(Re)create the no-overlap triggers. SQLite drops a table's triggers whenever a migration
    rebuilds the table, so this runs after every `migrate` (a `post_migrate` handler)."""
    if connection.vendor != "sqlite":
        return
    if "blocs_membership" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for name, sql in SQLITE_TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(sql)


def sqlite_trigger_names(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'blocs_membership'"
        )
        return {row[0] for row in cursor.fetchall()}
