from datetime import date

import pytest

from blocs import clock

TODAY = date(2025, 10, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Every page test sees the same "today": 1 October 2025 (after the SCO's 2025-09-01 partner reform)."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY
