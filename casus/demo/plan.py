"""The demo caseload as plain data, before it is written to the database.

A ``Caseload`` is computed in Python from a seed; two writers put it in the
database: through the status services (``schrijven``) or in bulk (``bulk``). Both
produce the same rows, so the plan is the single source of the demo's content.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from workflows.base import (
    ACTIEF,
    GETRIAGED,
    IN_DE_WACHT,
    NIET_SUCCESVOL_AFGESLOTEN,
    OVERGEDRAGEN,
    SUCCESVOL_AFGESLOTEN,
)

BEGIN = date(2023, 1, 1)
HALFJAAR = 184  # days in a half-year (the longest), the unit of the demo's pace

SLUIT_TRIGGER = {
    SUCCESVOL_AFGESLOTEN: "afsluiten_succesvol",
    NIET_SUCCESVOL_AFGESLOTEN: "afsluiten_niet_succesvol",
    OVERGEDRAGEN: "overdragen",
}


@dataclass
class Stap:
    """One status change (or regisseur assignment) to apply to a case."""

    trigger: str
    datum: date
    reden: str | None = None
    partij: str | None = None
    doel_aanpak: str | None = None
    regisseur: str | None = None  # username, for triageren and toewijzen
    # a mistaken change, voided right after by a correction with this reason
    gecorrigeerd: str | None = None


@dataclass
class PersoonPlan:
    voornaam: str
    tussenvoegsel: str | None
    achternaam: str
    geboortedatum: date
    wijk: str
    adres: str
    bsn: str | None = None
    # (datum, soort, index of the case it was recorded on or None)
    politiecontacten: list[tuple[date, str, int | None]] = field(default_factory=list)


@dataclass
class CasusPlan:
    aanpak: str  # the aanpak it was registered in (omzetten may move it)
    aangemeld_op: date
    persoon: int | None  # index into Caseload.personen
    kenmerken: dict[str, str]
    aanmeldreden: str
    stappen: list[Stap] = field(default_factory=list)
    # (soort, vorm, datum, tekst, gebruikersnaam)
    notities: list[tuple[str, str | None, date, str, str | None]] = field(default_factory=list)
    # (type, datum, einddatum, tekst)
    interventies: list[tuple[str, date, date | None, str]] = field(default_factory=list)
    # (datum, {leefgebied: score})
    scores: list[tuple[date, dict[str, int]]] = field(default_factory=list)

    @property
    def eind_aanpak(self) -> str:
        return next(
            (
                s.doel_aanpak
                for s in reversed(self.stappen)
                if s.trigger == "omzetten" and s.doel_aanpak and not s.gecorrigeerd
            ),
            self.aanpak,
        )

    def datum_van(self, trigger: str) -> date | None:
        return next(
            (s.datum for s in self.stappen if s.trigger == trigger and not s.gecorrigeerd), None
        )

    @property
    def regisseur(self) -> str | None:
        gekozen = [
            s.regisseur
            for s in self.stappen
            if s.trigger in ("triageren", "toewijzen") and not s.gecorrigeerd
        ]
        return gekozen[-1] if gekozen else None


@dataclass
class SignaalPlan:
    aanpak: str
    ontvangen_op: date
    bron: str
    thema: str
    tekst: str
    casus: int | None = None
    afsluitreden: str | None = None
    betreft_naam: str | None = None
    betreft_adres: str | None = None
    wijk: str | None = None


@dataclass
class Caseload:
    personen: list[PersoonPlan] = field(default_factory=list)
    casussen: list[CasusPlan] = field(default_factory=list)
    signalen: list[SignaalPlan] = field(default_factory=list)

    def sorteer(self) -> None:
        """Cases in order of registration, so case numbers run chronologically."""
        volgorde = sorted(
            range(len(self.casussen)), key=lambda i: (self.casussen[i].aangemeld_op, i)
        )
        nieuw_index = {oud: nieuw for nieuw, oud in enumerate(volgorde)}
        self.casussen = [self.casussen[i] for i in volgorde]
        for p in self.personen:
            p.politiecontacten = [
                (d, s, None if c is None else nieuw_index[c]) for d, s, c in p.politiecontacten
            ]
        for s in self.signalen:
            if s.casus is not None:
                s.casus = nieuw_index[s.casus]


# -- dates -----------------------------------------------------------------------------


def dag(rng: random.Random, van: date, tot: date) -> date:
    """A random date in van..tot (inclusive); van when the range is empty."""
    return van + timedelta(days=rng.randint(0, max(0, (tot - van).days)))


def dagen(n: int) -> timedelta:
    return timedelta(days=n)


def in_halfjaren(van: date, tot: date) -> float:
    """The time from ``van`` to ``tot`` in half-years (0 when ``tot`` comes first)."""
    return max(0, (tot - van).days) / HALFJAAR


def halfjaren(eind: date) -> list[tuple[date, date]]:
    """The half-years from 2023 on, the last one cut off at ``eind``."""
    uit = []
    for jaar in range(BEGIN.year, eind.year + 1):
        for van, tot in (
            (date(jaar, 1, 1), date(jaar, 6, 30)),
            (date(jaar, 7, 1), date(jaar, 12, 31)),
        ):
            if van <= eind:
                uit.append((van, min(tot, eind)))
    return uit


# -- a case's course -------------------------------------------------------------------


@dataclass(frozen=True)
class Verloop:
    """How cases of an aanpak tend to run (the uncalibrated part of the demo)."""

    wachtredenen: tuple[tuple[str, int], ...]
    pauzekans: float
    max_startdagen: int = 21
    # closures from getriaged: reasons for which the case never started
    zonder_start: tuple[str, ...] = ()


def traject(
    rng: random.Random,
    v: Verloop,
    opname: date,
    regisseur: str | None,
    *,
    laatste: date,
    einde: date | None = None,
    afsluiting: tuple[str, str, str | None] | None = None,
    peil: tuple[date, str] | None = None,
) -> list[Stap]:
    """The steps from triageren on, as far as they go (``afkappen`` cuts them at the
    demo's ``laatste`` day).

    ``afsluiting`` (status, reden, partij) happens on ``einde``; ``peil`` demands the
    case is in a given open state on a given date (the calibrated period's end).
    """
    stappen = [Stap("triageren", opname, regisseur=regisseur)]
    peildag, peilstatus = peil if peil else (None, None)
    sluit = None
    if afsluiting is not None:
        assert einde is not None
        status, reden, partij = afsluiting
        sluit = Stap(SLUIT_TRIGGER[status], einde, reden=reden, partij=partij)
        if status != SUCCESVOL_AFGESLOTEN and reden in v.zonder_start and peil is None:
            return [*stappen, sluit]
    start = _start(rng, v, opname, einde, peildag, peilstatus)
    stappen.append(Stap("starten", start))
    pauze = _pauze(rng, v, start, einde or laatste, peildag, peilstatus)
    if pauze is not None:
        p1, p2 = pauze
        redenen, gewichten = zip(*v.wachtredenen, strict=True)
        stappen.append(Stap("pauzeren", p1, reden=rng.choices(redenen, gewichten)[0]))
        if einde is None or p2 < einde:
            stappen.append(Stap("hervatten", p2))
        elif sluit is not None and sluit.trigger == "afsluiten_succesvol":
            ondergrens = p1 if peilstatus != IN_DE_WACHT else max(p1, peildag + dagen(1))
            stappen.append(Stap("hervatten", dag(rng, ondergrens, einde)))
    if sluit is not None:
        stappen.append(sluit)
    for vorige, volgende in pairwise(stappen):
        assert vorige.datum <= volgende.datum, (vorige, volgende)
    return stappen


def _start(
    rng: random.Random,
    v: Verloop,
    opname: date,
    einde: date | None,
    peildag: date | None,
    peilstatus: str | None,
) -> date:
    """The day the casework starts: within ``max_startdagen`` of the opname; after the
    peildag for a case still getriaged on it, by the peildag for any other; before
    ``einde``."""
    start = opname + dagen(rng.randint(1, v.max_startdagen))
    if peildag is not None and peilstatus == GETRIAGED:
        start = max(start, peildag + dagen(rng.randint(1, 20)))
    elif peildag is not None:
        start = min(start, peildag)
    if einde is not None and start >= einde:
        start = opname + (einde - opname) // 2
    return start


def _pauze(
    rng: random.Random,
    v: Verloop,
    start: date,
    laatste: date,
    peildag: date | None,
    peilstatus: str | None,
) -> tuple[date, date] | None:
    """A time on hold (from, to): around the peildag for a case in de wacht on it; else
    by chance (``pauzekans``), never over a peildag on which the case must be actief."""
    if peildag is not None and peilstatus == IN_DE_WACHT:
        return (
            dag(rng, max(start, peildag - dagen(150)), peildag),
            peildag + dagen(rng.randint(5, 200)),
        )
    if rng.random() < v.pauzekans and (laatste - start).days > 30:
        p1 = dag(rng, start, laatste - dagen(10))
        p2 = p1 + dagen(rng.randint(14, 150))
        if not (peildag is not None and peilstatus == ACTIEF and p1 <= peildag < p2):
            return p1, p2
    return None


def afkappen(stappen: list[Stap], tot: date) -> list[Stap]:
    """The steps up to ``tot``: a prefix of a valid course is a valid course."""
    return [s for s in stappen if s.datum <= tot]


def kies(rng: random.Random, mix: tuple[tuple[Any, int], ...]) -> Any:
    waarden, gewichten = zip(*mix, strict=True)
    return rng.choices(waarden, gewichten)[0]
