"""The data version: a counter bumped with every write to a tracked table, in that write's transaction.

Responses derived from the data are identified by the version they were built from (the API's ETags), so
a client that repeats a request learns in one cheap query whether its copy is still good. Because the bump
commits with the write, no reader sees new rows under an old version. Like the history, it counts writes
made through `save()` and `delete()`; `QuerySet.update()` and `bulk_create` bypass the signals, so a
bulk write (the COW import's `bulk_create_with_history`) calls `bump()` itself, in its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from blocs.models import TRACKED_MODELS, DataVersion


@dataclass(frozen=True, slots=True)
class Version:
    number: int
    changed_at: datetime | None


def current() -> Version:
    """The version of the data as this connection sees it now (one query)."""
    row = DataVersion.objects.filter(pk=1).values_list("number", "changed_at").first()
    return Version(*row) if row else Version(0, None)


def bump(**kwargs: Any) -> None:
    """Count one write. Connected to `post_save` and `post_delete` of every tracked model; called by bulk
    writes, once each."""
    now = timezone.now()
    if not DataVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now):
        # The row is missing only after a test flush; it is created by migration 0002.
        version, created = DataVersion.objects.get_or_create(pk=1, defaults={"number": 1, "changed_at": now})
        if not created:
            DataVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now)


def connect() -> None:
    for model in TRACKED_MODELS:
        post_save.connect(bump, sender=model, dispatch_uid=f"blocs_version_save_{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"blocs_version_delete_{model.__name__}")
