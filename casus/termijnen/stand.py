"""The norm state of one case from plain facts: which norm runs, since when, when it is
due, and whether it is on time, nearing or past. Pure: no Flask, no database; the
services and the list queries hand it the facts they loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casus.termijnen import rekenen
from workflows import CATALOGUS
from workflows.base import (
    AANGEMELD,
    NORM_CONTACT,
    NORM_HERBEOORDELING,
    Norm,
)

OP_TIJD = "op_tijd"
NADERT = "nadert"
VERLOPEN = "verlopen"
_ERNST = {OP_TIJD: 0, NADERT: 1, VERLOPEN: 2}


@dataclass(frozen=True, slots=True)
class Feiten:
    """What the norms of a case depend on."""

    aanpak: str
    status: str
    aangemeld_op: date
    status_sinds: date
    laatste_contact: date | None = None  # the last contactmoment
    laatste_notitie: date | None = None  # the last note of any kind


@dataclass(frozen=True, slots=True)
class Termijnstand:
    norm: Norm
    start: date
    vervaldatum: date
    waarschuwen_vanaf: date
    stand: str  # OP_TIJD, NADERT or VERLOPEN

    @property
    def verlopen(self) -> bool:
        return self.stand == VERLOPEN

    @property
    def nadert(self) -> bool:
        return self.stand == NADERT

    @property
    def tekst(self) -> str:
        """In words, never by colour alone: "Verlopen: triagebesluit uiterlijk 6 maart
        2025", "Let op: ...", or without a prefix when on time."""
        from casus.templating import datum  # lazy: templating imports the werkplek

        kern = f"{self.norm.label} uiterlijk {datum(self.vervaldatum, lang=True)}"
        if self.stand == VERLOPEN:
            return f"Verlopen: {kern[0].lower()}{kern[1:]}"
        if self.stand == NADERT:
            return f"Let op: {kern[0].lower()}{kern[1:]}"
        return kern


def start_van(norm: Norm, feiten: Feiten) -> date:
    """When the norm's clock started (workflows.base: NORM_* kinds)."""
    if norm.soort == NORM_CONTACT:
        contact = feiten.laatste_contact
        return max(feiten.status_sinds, contact) if contact else feiten.status_sinds
    if norm.soort == NORM_HERBEOORDELING:
        notitie = feiten.laatste_notitie
        return max(feiten.status_sinds, notitie) if notitie else feiten.status_sinds
    return feiten.aangemeld_op if feiten.status == AANGEMELD else feiten.status_sinds


def stand_van(norm: Norm, feiten: Feiten, op: date) -> Termijnstand:
    start = start_van(norm, feiten)
    verval = rekenen.vervaldatum(start, norm.dagen, norm.werkdagen)
    vanaf = rekenen.waarschuwingsdatum(verval, norm.waarschuwing, norm.werkdagen)
    stand = VERLOPEN if op > verval else NADERT if op >= vanaf else OP_TIJD
    return Termijnstand(norm, start, verval, vanaf, stand)


def bereken(feiten: Feiten, op: date) -> Termijnstand | None:
    """The most pressing norm running for the case on ``op`` (past before nearing before
    on time, then the earliest due date), or None when no norm runs in its state."""
    if feiten.aanpak not in CATALOGUS:
        return None
    standen = [
        stand_van(n, feiten, op) for n in CATALOGUS.get(feiten.aanpak).normen_voor(feiten.status)
    ]
    if not standen:
        return None
    return min(standen, key=lambda s: (-_ERNST[s.stand], s.vervaldatum, s.norm.code))
