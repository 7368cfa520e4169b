"""The one place that reads the clock, so tests can move time (time-machine)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

TIJDZONE = ZoneInfo("Europe/Amsterdam")


def nu() -> datetime:
    """Current moment, timezone-aware UTC."""
    return datetime.now(UTC)


def vandaag() -> date:
    """Today's date in the municipality (Europe/Amsterdam)."""
    return datetime.now(TIJDZONE).date()
