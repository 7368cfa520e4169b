"""Replay of a case's event log into its projection (status and friends).

Pure functions over events, used by the status service after every change and by
tests and checks that assert "projection == replay".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from casus.casussen.models import AANHOUDEN, CORRIGEREN, TOEWIJZEN
from workflows.base import EINDSTATUSSEN

NIET_STATUS = frozenset({CORRIGEREN, TOEWIJZEN, AANHOUDEN})


class EventLike(Protocol):
    id: int
    volgnummer: int
    transitie: str
    naar_status: str
    aanpak: str
    datum: date
    vervalt_id: int | None

    @property
    def data(self) -> dict[str, object] | None: ...


@dataclass(frozen=True)
class Projectie:
    status: str
    aanpak: str
    status_sinds: date
    opname_op: date | None
    afgesloten_op: date | None
    regisseur_id: int | None


def geldige(gebeurtenissen: Iterable[EventLike]) -> list[EventLike]:
    """The events that count: not voided, and not corrections themselves; in order."""
    lijst = sorted(gebeurtenissen, key=lambda g: g.volgnummer)
    vervallen = {g.vervalt_id for g in lijst if g.vervalt_id is not None}
    return [g for g in lijst if g.id not in vervallen and g.transitie != CORRIGEREN]


def statusgebeurtenissen(gebeurtenissen: Iterable[EventLike]) -> list[EventLike]:
    return [g for g in geldige(gebeurtenissen) if g.transitie not in NIET_STATUS]


def replay(gebeurtenissen: Iterable[EventLike]) -> Projectie:
    alle = geldige(gebeurtenissen)
    status_events = [g for g in alle if g.transitie not in NIET_STATUS]
    if not status_events:
        raise ValueError("a case has at least its aanmelden event")
    laatste = status_events[-1]
    opname = next((g.datum for g in reversed(status_events) if g.transitie == "triageren"), None)
    regisseur_id: int | None = None
    for g in alle:
        if g.data and "regisseur_id" in g.data:
            waarde = g.data["regisseur_id"]
            regisseur_id = int(waarde) if isinstance(waarde, int) else None
    return Projectie(
        status=laatste.naar_status,
        aanpak=laatste.aanpak,
        status_sinds=laatste.datum,
        opname_op=opname,
        afgesloten_op=laatste.datum if laatste.naar_status in EINDSTATUSSEN else None,
        regisseur_id=regisseur_id,
    )
