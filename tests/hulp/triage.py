"""Shared by the triage tests."""

from __future__ import annotations

from datetime import date

VANDAAG = date(2025, 3, 10)  # the day the triage tests run on (their clock stands still)
