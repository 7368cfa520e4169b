"""Persons as a user may see them, through casus.toegang's case filter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import joinedload

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.extensions import db
from casus.personen.models import Persoon
from casus.toegang.queries import zichtbare_casussen
from workflows import CATALOGUS
from workflows.base import OPEN_STATUSSEN

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker as GebruikerT


def zichtbare_personen(gebruiker: GebruikerT) -> Select[tuple[Persoon]]:
    """Persons with at least one case the user may see."""
    zichtbaar = zichtbare_casussen(gebruiker).where(Casus.persoon_id == Persoon.id)
    return select(Persoon).where(exists(zichtbaar.with_only_columns(Casus.id)))


def strikte_aanpakken() -> list[str]:
    return [a.code for a in CATALOGUS if a.strikt_vertrouwelijk]


@dataclass(frozen=True)
class OokBekend:
    aanpak: str
    regisseur: str | None


def ook_bekend_bij(persoon_id: int, gebruiker: GebruikerT) -> list[OokBekend]:
    """Open cases of the person in aanpakken the user is not in: only the aanpak and
    the regisseur, so professionals know whom to call. Never a strictly
    confidential aanpak (PGA-R)."""
    uitgesloten = sorted(gebruiker.aanpakken()) + strikte_aanpakken()
    rijen = db.session.execute(
        select(Casus.aanpak, Gebruiker)
        .outerjoin(Gebruiker, Gebruiker.id == Casus.regisseur_id)
        .where(Casus.persoon_id == persoon_id, Casus.status.in_(OPEN_STATUSSEN),
               Casus.aanpak.not_in(uitgesloten))
        .order_by(Casus.aanpak)
    )
    return [OokBekend(a, g.korte_naam if g else None) for a, g in rijen]


def casussen_van(persoon_id: int, gebruiker: GebruikerT) -> list[Casus]:
    query = (
        zichtbare_casussen(gebruiker).where(Casus.persoon_id == persoon_id)
        .options(joinedload(Casus.regisseur)).order_by(Casus.aangemeld_op.desc(), Casus.id)
    )
    return list(db.session.scalars(query))
