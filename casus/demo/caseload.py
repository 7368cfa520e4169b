"""Synthetic caseload (placeholder: a small deterministic set through the real services)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from casus.auth.models import Gebruiker
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.extensions import db
from casus.personen.models import Persoon
from workflows import CATALOGUS


def genereer_caseload(gebruikers: dict[str, Gebruiker], schaal: int = 1,
                      seed: int = 2025) -> dict[str, int]:
    rng = random.Random(seed)
    aantal = 0
    for definitie in CATALOGUS:
        regisseur = next(
            (g for g in gebruikers.values() if definitie.code in g.aanpakken_als("regisseur")),
            None,
        )
        for i in range(20 * schaal):
            persoon = Persoon(voornaam=f"Demo{i}", achternaam=definitie.kort,
                              geboortedatum=date(2000 + i % 8, 1 + i % 12, 1 + i % 28))
            db.session.add(persoon)
            start = date(2023, 1, 2) + timedelta(days=rng.randrange(900))
            casus = meld_aan(definitie.code, aangemeld_op=start, persoon=persoon,
                             kenmerken={"wijk": "Meerzicht"})
            if rng.random() < 0.8:
                pas_transitie_toe(casus, "triageren", datum=start + timedelta(days=7),
                                  gebruiker=None, regisseur=regisseur, historisch=True)
                pas_transitie_toe(casus, "starten", datum=start + timedelta(days=14),
                                  gebruiker=None, historisch=True)
            aantal += 1
    return {"casussen": aantal}
