"""Notities, contactmomenten en interventies van een casus."""

from __future__ import annotations

from casus.api.basis import blueprint

blp = blueprint(
    "casuswerk", "Casuswerk", "Notities, contactmomenten en interventies van een casus."
)
