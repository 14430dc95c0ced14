"""Shared data for the research tests: the committed slice of the COW IGO v3 files."""

import csv
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import transaction

from blocs.bootstrap import LoadReport, seed_members
from blocs.research.cow_import import ImportReport, import_cow_igo

DATA = Path(__file__).resolve().parent / "data"
STATE_YEAR_SLICE = DATA / "state_year_slice.csv"
IGO_YEAR_SLICE = DATA / "igo_year_slice.csv"
# A fixed "now" for imports and exports: no test reads the clock below the interface.
NOW = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def cow_slice(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[ImportReport]:
    """Members seeded from ISO 3166 and COW, and the committed COW slice imported, once for a module,
    rolled back at its end."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        with transaction.atomic():
            seed_members(LoadReport())
            report = import_cow_igo(STATE_YEAR_SLICE, now=NOW, progress=False)
            yield report
            transaction.set_rollback(True)


def read_csv(data: bytes | str) -> list[list[str]]:
    text = data.decode() if isinstance(data, bytes) else data
    return list(csv.reader(text.splitlines()))
