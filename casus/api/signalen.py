"""Signalen (meldpunt en partnerintake) van de teams die signalen aannemen."""

from __future__ import annotations

from casus.api.basis import blueprint

blp = blueprint(
    "signalen",
    "Signalen",
    "Signalen (meldpunt en partnerintake) van de teams die signalen aannemen.",
)
