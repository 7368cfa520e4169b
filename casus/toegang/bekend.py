"""The "ook bekend bij" lines: a person's open cases in other aanpakken, in words.

A regisseur may learn that a colleague in another aanpak works with the same
person (so they can coordinate), but not what that case holds; aanpakken
marked ``strikt_vertrouwelijk`` (PGA-R) are never named. The rule itself is
``casus.toegang.queries.ook_bekend_bij``; the person page and the triage screens
both show its result.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select

from casus.auth.models import Gebruiker
from casus.extensions import db
from casus.toegang.actor import Actor
from casus.toegang.queries import Bekend, ook_bekend_bij
from workflows import CATALOGUS

if TYPE_CHECKING:
    from casus.casussen.models import Casus
    from casus.personen.models import Persoon


def ook_bekend_bij_regels(actor: Actor | None, persoon: Persoon | int) -> list[str]:
    """One Dutch line per other aanpak and regisseur: 'ook bekend bij IPTA, regisseur J. Jansen'."""
    persoon_id = persoon if isinstance(persoon, int) else persoon.id
    rijen = ook_bekend_bij(actor, [persoon_id]).get(persoon_id, [])
    return regels(rijen)


def regels(rijen: Iterable[Bekend]) -> list[str]:
    rijen = list(rijen)
    ids = {r.regisseur_id for r in rijen if r.regisseur_id is not None}
    namen = (
        {
            g.id: g.korte_naam
            for g in db.session.scalars(select(Gebruiker).where(Gebruiker.id.in_(ids)))
        }
        if ids
        else {}
    )
    uit = []
    for r in rijen:
        wie = namen.get(r.regisseur_id) if r.regisseur_id is not None else None
        uit.append(
            f"ook bekend bij {CATALOGUS.get(r.aanpak).kort}, "
            + (f"regisseur {wie}" if wie else "nog geen regisseur toegewezen")
        )
    return uit


def andere_aanpakken(actor: Actor | None, casussen: Iterable[Casus]) -> dict[int, list[str]]:
    """Per case (triage queue, meeting): the other aanpakken (codes, catalogue order) in
    which its person has an open case, by the same rule as the person page."""
    casussen = list(casussen)
    uit: dict[int, list[str]] = {}
    for aanpak in {c.aanpak for c in casussen}:
        groep = [c for c in casussen if c.aanpak == aanpak]
        bekend = ook_bekend_bij(actor, [c.persoon_id for c in groep if c.persoon_id], naast=aanpak)
        for c in groep:
            codes = {b.aanpak for b in bekend.get(c.persoon_id or 0, [])}
            uit[c.id] = [code for code in CATALOGUS.codes() if code in codes]
    return uit
