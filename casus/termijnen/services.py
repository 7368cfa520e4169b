"""Norm states of cases (for the pages), the managers' overview (counts only) and the
daily escalation that notifies whom a nearing or passed norm concerns.

The norms themselves are data in the workflow definitions (``workflows.base.Norm``,
``Aanpak.normen``); the day arithmetic is ``casus.termijnen.rekenen``; the state of one
case from its facts is ``casus.termijnen.stand``; the same rules as SQL are
``casus.termijnen.queries``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, func, inspect, or_, select

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus, Notitie
from casus.extensions import db
from casus.klok import vandaag
from casus.termijnen import queries
from casus.termijnen.stand import NADERT, VERLOPEN, Feiten, Termijnstand, bereken
from casus.toegang.actor import Actor
from casus.toegang.policy import (
    is_triagelid,
    mag_normen_escaleren,
    mag_termijnoverzicht_zien,
    vereis,
)
from casus.toegang.queries import teamleden, zichtbare_casussen
from workflows import CATALOGUS
from workflows.base import AANGEMELD, NORM_CONTACT, NORM_HERBEOORDELING, OPEN_STATUSSEN

__all__ = [
    "Overzicht",
    "Termijnstand",
    "escaleer_normen",
    "overzicht",
    "termijnstand",
    "termijnstanden",
]


def _notitienormen(casus: Casus) -> bool:
    """Whether a norm running for the case counts from its notes."""
    if casus.aanpak not in CATALOGUS:
        return False
    return any(
        n.soort in (NORM_CONTACT, NORM_HERBEOORDELING)
        for n in CATALOGUS.get(casus.aanpak).normen_voor(casus.status)
    )


def _feiten(casus: Casus, contact: date | None, notitie: date | None) -> Feiten:
    return Feiten(
        aanpak=casus.aanpak,
        status=casus.status,
        aangemeld_op=casus.aangemeld_op,
        status_sinds=casus.status_sinds,
        laatste_contact=contact,
        laatste_notitie=notitie,
    )


def termijnstand(casus: Casus, *, op: date | None = None) -> Termijnstand | None:
    """The most pressing norm of one case on ``op`` (today), or None. Reads the notes the
    case already has loaded (the case page) and queries only when they are not."""
    if _notitienormen(casus) and "notities" not in inspect(casus).unloaded:
        notities = list(casus.notities)
        contact = max((n.datum for n in notities if n.soort == "contactmoment"), default=None)
        notitie = max((n.datum for n in notities), default=None)
        return bereken(_feiten(casus, contact, notitie), op or vandaag())
    return termijnstanden([casus], op=op).get(casus.id)


def termijnstanden(casussen: Iterable[Casus], *, op: date | None = None) -> dict[int, Termijnstand]:
    """The norm state of each case (by id; cases without a running norm left out): one
    query for the dates of the last notes, and none when no norm needs them (the triage
    queue)."""
    dag = op or vandaag()
    lijst = list(casussen)
    nodig = [c.id for c in lijst if _notitienormen(c)]
    datums: dict[int, tuple[date | None, date | None]] = {}
    if nodig:
        rijen = db.session.execute(
            select(
                Notitie.casus_id,
                func.max(case((Notitie.soort == "contactmoment", Notitie.datum))),
                func.max(Notitie.datum),
            )
            .where(Notitie.casus_id.in_(nodig))
            .group_by(Notitie.casus_id)
        ).tuples()
        datums = {casus_id: (contact, notitie) for casus_id, contact, notitie in rijen}
    uitkomst: dict[int, Termijnstand] = {}
    for c in lijst:
        stand = bereken(_feiten(c, *datums.get(c.id, (None, None))), dag)
        if stand is not None:
            uitkomst[c.id] = stand
    return uitkomst


# -- the managers' overview --------------------------------------------------------------


@dataclass
class Telling:
    nadert: int = 0
    verlopen: int = 0


@dataclass
class Overzicht:
    """Counts only: per aanpak and norm, and per regisseur (no case, no person)."""

    op: date
    # aanpak code -> norm code -> counts (every norm of every aanpak, zeros included)
    per_aanpak: dict[str, dict[str, Telling]] = field(default_factory=dict)
    # (the regisseur's name, or None: not assigned) -> counts over all aanpakken
    per_regisseur: list[tuple[str | None, Telling]] = field(default_factory=list)

    def totaal(self, aanpak: str) -> Telling:
        telling = Telling()
        for t in self.per_aanpak.get(aanpak, {}).values():
            telling.nadert += t.nadert
            telling.verlopen += t.verlopen
        return telling


def overzicht(*, actor: Actor, op: date | None = None) -> Overzicht:
    """How many open cases near or passed a norm on ``op``, per aanpak and norm and per
    regisseur, for managers: one counting query and one for the regisseurs' names."""
    vereis(mag_termijnoverzicht_zien(actor), "Alleen een manager kan het termijnoverzicht zien.")
    dag = op or vandaag()
    expressies = queries.expressies(dag)
    codes = list(expressies)
    kolommen: list[Any] = []
    for code in codes:
        verlopen, nadert = expressies[code]
        kolommen.append(func.sum(case((verlopen, 1), else_=0)))
        kolommen.append(func.sum(case((nadert & ~verlopen, 1), else_=0)))
    # managers see counts of every aanpak, as in the report; no row leaves this function
    rijen = db.session.execute(
        select(Casus.aanpak, Casus.regisseur_id, *kolommen)
        .where(Casus.status.in_(OPEN_STATUSSEN))
        .group_by(Casus.aanpak, Casus.regisseur_id)
    ).all()
    resultaat = Overzicht(
        op=dag,
        per_aanpak={a.code: {n.code: Telling() for n in a.normen} for a in CATALOGUS},
    )
    per_regisseur: dict[int | None, Telling] = {}
    for rij in rijen:
        aanpak, regisseur_id, getallen = rij[0], rij[1], rij[2:]
        totaal = per_regisseur.setdefault(regisseur_id, Telling())
        for i, code in enumerate(codes):
            n_verlopen, n_nadert = int(getallen[2 * i] or 0), int(getallen[2 * i + 1] or 0)
            if aanpak in resultaat.per_aanpak and code in resultaat.per_aanpak[aanpak]:
                telling = resultaat.per_aanpak[aanpak][code]
                telling.verlopen += n_verlopen
                telling.nadert += n_nadert
            totaal.verlopen += n_verlopen
            totaal.nadert += n_nadert
    ids = [i for i, t in per_regisseur.items() if i is not None and (t.nadert or t.verlopen)]
    namen = dict(
        db.session.execute(select(Gebruiker.id, Gebruiker.naam).where(Gebruiker.id.in_(ids)))
        .tuples()
        .all()
        if ids
        else []
    )
    resultaat.per_regisseur = sorted(
        (
            (namen.get(i) if i is not None else None, t)
            for i, t in per_regisseur.items()
            if t.nadert or t.verlopen
        ),
        key=lambda r: (r[0] is None, -r[1].verlopen, -r[1].nadert, r[0] or ""),
    )
    return resultaat


# -- the escalation ----------------------------------------------------------------------


def _ontvangers(casus: Casus, triageleden: dict[str, list[int]]) -> list[int]:
    """The case's regisseur; for an aanmelding, or a case without regisseur, the members
    of its aanpak's triage table."""
    if casus.status != AANGEMELD and casus.regisseur_id is not None:
        return [casus.regisseur_id]
    if casus.aanpak not in triageleden:
        leden = db.session.scalars(teamleden([casus.aanpak])).all()
        triageleden[casus.aanpak] = [g.id for g in leden if is_triagelid(g, casus.aanpak)]
    return triageleden[casus.aanpak]


def _sleutel(casus: Casus, stand: Termijnstand) -> str:
    """One notification per case, norm, due date and state."""
    return f"termijn:{casus.id}:{stand.norm.code}:{stand.vervaldatum.isoformat()}:{stand.stand}"


def _bestaande_sleutels(sleutels: list[str]) -> set[tuple[int, str]]:
    """(user, key) of the notifications that already exist with one of ``sleutels``."""
    from casus.notificaties.models import Notificatie  # lazy: no cycle

    gevonden: set[tuple[int, str]] = set()
    for begin in range(0, len(sleutels), 500):
        rijen = db.session.execute(
            select(Notificatie.gebruiker_id, Notificatie.sleutel).where(
                Notificatie.sleutel.in_(sleutels[begin : begin + 500])
            )
        )
        gevonden.update((g, s) for g, s in rijen if s is not None)
    return gevonden


def escaleer_normen(*, actor: Actor, op: date | None = None) -> dict[str, int]:
    """Notify for every open case whose norm nears (``termijn_nadert``) or has passed
    (``termijn_verlopen``) on ``op``, once per case, norm, due date and state (the key
    makes a rerun add nothing). Returns how many new notifications of each kind. Adds to
    the current transaction; the caller commits."""
    from casus.notificaties.services import notificeer, relatieve_link  # lazy: no cycle

    vereis(mag_normen_escaleren(actor), "Alleen de termijnbewaking kan normen escaleren.")
    dag = op or vandaag()
    expressies = queries.expressies(dag)
    nadert_of_verlopen = or_(*(nadert for _, nadert in expressies.values()))
    casussen = db.session.scalars(
        zichtbare_casussen(actor)
        .where(Casus.status.in_(OPEN_STATUSSEN), nadert_of_verlopen)
        .order_by(Casus.id)
    ).all()
    aantallen = {"termijn_nadert": 0, "termijn_verlopen": 0}
    triageleden: dict[str, list[int]] = {}
    standen = termijnstanden(casussen, op=dag)
    te_melden = [
        (casus, stand, _sleutel(casus, stand))
        for casus in casussen
        if (stand := standen.get(casus.id)) is not None and stand.stand in (NADERT, VERLOPEN)
    ]
    # a case whose recipients all have its key from an earlier run is skipped without a
    # query of its own: a rerun costs one lookup per 500 cases
    gemeld = _bestaande_sleutels([sleutel for _, _, sleutel in te_melden])
    for casus, stand, sleutel in te_melden:
        ontvangers = _ontvangers(casus, triageleden)
        if all((i, sleutel) in gemeld for i in ontvangers):
            continue
        soort = "termijn_verlopen" if stand.stand == VERLOPEN else "termijn_nadert"
        aantallen[soort] += notificeer(
            soort,
            ontvangers=ontvangers,
            tekst=f"{casus.ref}: {stand.tekst}",
            link=relatieve_link("casussen.casus", casus_id=casus.id),
            casus=casus,
            sleutel=sleutel,
        )
    return aantallen
