"""Read side of the case page: the timeline and the leefgebieden table.

Every collection is loaded with one query, whatever the length of the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from casus.auth.models import Gebruiker
from casus.casussen.models import (
    AANHOUDEN,
    AANMELDEN,
    CORRIGEREN,
    TOEWIJZEN,
    Casus,
    Gebeurtenis,
    Interventie,
    Leefgebiedenscore,
    Notitie,
)
from casus.extensions import db
from casus.personen.models import PolitieContact
from workflows.codes import LEEFGEBIEDEN


@dataclass(frozen=True)
class Regel:
    """One line of the timeline."""

    soort: str  # status, notitie, contactmoment, interventie, politiecontact, leefgebieden
    datum: date
    geregistreerd_op: datetime
    door: str
    object: Any
    vervallen: bool = False


def laad_casus(basis: Any, casus_id: int) -> Casus | None:
    """The case with what its header and guards need, through the access filter ``basis``."""
    query = basis.where(Casus.id == casus_id).options(
        joinedload(Casus.persoon), joinedload(Casus.regisseur),
        selectinload(Casus.gebeurtenissen).joinedload(Gebeurtenis.gebruiker),
        selectinload(Casus.interventies).joinedload(Interventie.gebruiker),
        selectinload(Casus.leefgebiedenscores).joinedload(Leefgebiedenscore.gebruiker),
    )
    casus: Casus | None = db.session.scalars(query).unique().one_or_none()
    return casus


def _naam(obj: Any) -> str:
    gebruiker = getattr(obj, "gebruiker", None)
    return gebruiker.korte_naam if gebruiker is not None else "import"


def tijdlijn(casus: Casus) -> list[Regel]:
    """Everything that happened on the case, newest first."""
    vervallen = {g.vervalt_id for g in casus.gebeurtenissen if g.vervalt_id is not None}
    regels = [
        Regel("status", g.datum, g.geregistreerd_op, _naam(g), g, g.id in vervallen)
        for g in casus.gebeurtenissen
    ]
    notities = db.session.scalars(
        select(Notitie).where(Notitie.casus_id == casus.id).options(joinedload(Notitie.gebruiker))
    )
    regels += [Regel(n.soort, n.datum, n.geregistreerd_op, _naam(n), n) for n in notities]
    regels += [Regel("interventie", i.datum, i.geregistreerd_op, _naam(i), i)
               for i in casus.interventies]
    regels += [Regel("leefgebieden", s.datum, s.geregistreerd_op, _naam(s), s)
               for s in casus.leefgebiedenscores]
    # contacts recorded on this case, and the person's imported ones (no case)
    eigen = PolitieContact.casus_id == casus.id
    if casus.persoon_id is not None:
        eigen = or_(eigen, and_(PolitieContact.casus_id.is_(None),
                                PolitieContact.persoon_id == casus.persoon_id))
    contacten = db.session.execute(
        select(PolitieContact, Gebruiker)
        .outerjoin(Gebruiker, Gebruiker.id == PolitieContact.gebruiker_id).where(eigen)
    )
    regels += [Regel("politiecontact", pc.datum, pc.geregistreerd_op,
                     g.korte_naam if g else "import", pc) for pc, g in contacten]
    return sorted(regels, key=lambda r: (r.datum, r.geregistreerd_op), reverse=True)


@dataclass(frozen=True)
class Leefgebiedrij:
    code: str
    scores: list[int | None]
    verschil: int | None  # latest minus first


def leefgebieden_tabel(casus: Casus) -> list[Leefgebiedrij]:
    metingen = casus.leefgebiedenscores
    rijen = []
    for code in LEEFGEBIEDEN:
        scores = [m.score(code) for m in metingen]
        eerste, laatste = (scores[0], scores[-1]) if scores else (None, None)
        verschil = laatste - eerste if eerste is not None and laatste is not None else None
        rijen.append(Leefgebiedrij(code, scores, verschil))
    return rijen


STATUS_SOORTEN_ADMIN = {AANMELDEN: "Aangemeld", CORRIGEREN: "Correctie",
                        TOEWIJZEN: "Regisseur toegewezen", AANHOUDEN: "Aangehouden"}
