"""Persons as a user may see them, through casus.toegang's case filter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import joinedload

from casus.casussen.models import Casus
from casus.extensions import db
from casus.toegang.queries import zichtbare_casussen

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker as GebruikerT


def casussen_van(persoon_id: int, gebruiker: GebruikerT) -> list[Casus]:
    query = (
        zichtbare_casussen(gebruiker)
        .where(Casus.persoon_id == persoon_id)
        .options(joinedload(Casus.regisseur))
        .order_by(Casus.aangemeld_op.desc(), Casus.id)
    )
    return list(db.session.scalars(query))
