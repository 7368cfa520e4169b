"""The "ook bekend bij" lines on a person page: the person's cases elsewhere.

A regisseur may learn that a colleague in another aanpak works with the same
person (so they can coordinate), but not what that case holds; aanpakken
marked ``strikt_vertrouwelijk`` (PGA-R) are never named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from casus.auth.models import Gebruiker
from casus.extensions import db
from casus.toegang.queries import ook_bekend_bij
from workflows import CATALOGUS

if TYPE_CHECKING:
    from casus.personen.models import Persoon


def ook_bekend_bij_regels(gebruiker: Gebruiker, persoon: Persoon | int) -> list[str]:
    """One Dutch line per other aanpak and regisseur: 'ook bekend bij IPTA, regisseur J. Jansen'."""
    persoon_id = persoon if isinstance(persoon, int) else persoon.id
    rijen = db.session.execute(ook_bekend_bij(gebruiker, persoon_id)).all()
    ids = {r.regisseur_id for r in rijen if r.regisseur_id is not None}
    namen = {
        g.id: g.korte_naam
        for g in db.session.scalars(select(Gebruiker).where(Gebruiker.id.in_(ids)))
    } if ids else {}
    regels = []
    for aanpak, regisseur_id in rijen:
        wie = namen.get(regisseur_id) if regisseur_id is not None else None
        regels.append(f"ook bekend bij {CATALOGUS.get(aanpak).kort}, "
                      + (f"regisseur {wie}" if wie else "nog geen regisseur toegewezen"))
    return regels
