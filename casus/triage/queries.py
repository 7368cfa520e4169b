"""Select builders for the triage screens, every one filtered by the user's rights in SQL."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from casus.casussen.models import AANHOUDEN, Casus, Gebeurtenis
from casus.extensions import db
from casus.toegang.actor import Actor
from casus.toegang.queries import triage_casussen, zichtbare_casussen
from casus.triage.models import AgendaPunt, Overleg
from workflows.base import AANGEMELD


def wachtrij(actor: Actor, aanpakken: Sequence[str]) -> Select[tuple[Casus]]:
    """The aanmeldingen waiting for triage in ``aanpakken`` (narrowing the actor's triage
    aanpakken), oldest first."""
    return (
        triage_casussen(actor, aanpakken)
        .where(Casus.status == AANGEMELD)
        .options(joinedload(Casus.persoon))
        .order_by(Casus.aangemeld_op, Casus.id)
    )


def laatste_aanhoudingen(casus_ids: Sequence[int]) -> dict[int, Gebeurtenis]:
    """The latest 'aanhouden' event per case (the note for the next meeting)."""
    if not casus_ids:
        return {}
    events = db.session.scalars(
        select(Gebeurtenis)
        .where(Gebeurtenis.casus_id.in_(casus_ids), Gebeurtenis.transitie == AANHOUDEN)
        .order_by(Gebeurtenis.casus_id, Gebeurtenis.volgnummer)
    ).all()
    return {g.casus_id: g for g in events}


def agenda(overleg: Overleg, actor: Actor) -> Select[tuple[AgendaPunt]]:
    """The meeting's agenda items whose case the actor may see, in agenda order."""
    zichtbaar = zichtbare_casussen(actor).with_only_columns(Casus.id)
    return (
        select(AgendaPunt)
        .where(AgendaPunt.overleg_id == overleg.id, AgendaPunt.casus_id.in_(zichtbaar))
        .options(
            joinedload(AgendaPunt.casus).joinedload(Casus.persoon),
            joinedload(AgendaPunt.gebeurtenis).joinedload(Gebeurtenis.gebruiker),
        )
        .order_by(AgendaPunt.volgorde)
    )
