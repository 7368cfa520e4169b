"""Het halfjaarrapport, zonder persoonsgegevens, voor clients met de rol manager."""

from __future__ import annotations

from casus.api.basis import blueprint

blp = blueprint(
    "rapport",
    "Rapport",
    "Het halfjaarrapport, zonder persoonsgegevens, voor clients met de rol manager.",
)
