"""The periodic check: every person with a BSN and an open case in an aanpak whose BRP
profile asks for the address or a death is queried once per such aanpak, and a move out
of the municipality or a death is signalled on their open cases there, as a refresh on
the person page does (``services.ververs_persoon``).

``flask --app casus brp controleer`` runs it as the BRP's system actor (``BRP``), which
the policy grants this and nothing else. Each query is audit-logged (aanleiding
"batch"); the command prints counts only, never a name or a BSN.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from casus.brp.services import _profiel, _ververs
from casus.casussen.models import Casus
from casus.extensions import db
from casus.personen.models import Persoon
from casus.toegang.actor import BRP, Actor, vereis_actor
from casus.toegang.policy import mag_brp_batch, vereis
from casus.toegang.queries import brp_casussen
from workflows import CATALOGUS
from workflows.base import OPEN_STATUSSEN

if TYPE_CHECKING:
    from casus.voortgang import Melder

# the groups that can give a signal: a batch query for an aanpak without them is useless
SIGNAALGROEPEN = ("adres", "overlijden")


@dataclass
class Samenvatting:
    """What one run did, in counts."""

    raadplegingen: int = 0
    gevonden: int = 0
    mislukt: int = 0
    verhuisd: int = 0
    overleden: int = 0

    @property
    def signalen(self) -> int:
        return self.verhuisd + self.overleden


def te_controleren(actor: Actor) -> list[tuple[str, int]]:
    """(aanpak, persoon_id) for every person with a BSN and an open case in an aanpak whose
    profile asks for the address or a death, in catalogue and id order."""
    actor = vereis_actor(actor)
    vereis(mag_brp_batch(actor), "Alleen de periodieke BRP-controle kan dit.")
    paren: list[tuple[str, int]] = []
    for aanpak in CATALOGUS.codes():
        profiel = _profiel(aanpak)
        if profiel is None or not set(SIGNAALGROEPEN) & set(profiel.gegevens):
            continue
        open_casussen = (
            brp_casussen(actor)
            .where(Casus.aanpak == aanpak, Casus.status.in_(OPEN_STATUSSEN))
            .subquery()
        )
        ids = db.session.scalars(
            select(Persoon.id)
            .join(open_casussen, open_casussen.c.persoon_id == Persoon.id)
            .where(Persoon.bsn.is_not(None), Persoon.geanonimiseerd_op.is_(None))
            .distinct()
            .order_by(Persoon.id)
        ).all()
        paren.extend((aanpak, i) for i in ids)
    return paren


def controleer_alle(
    actor: Actor,
    *,
    voortgang: Melder | None = None,
    na_elke: Callable[[], None] | None = None,
) -> Samenvatting:
    """Query the BRP once per person and aanpak (``te_controleren``) and make the signals,
    as ``BRP`` (the only actor the policy lets run it); flushes, the caller commits.
    ``na_elke`` runs after each person (the command commits there, so no write
    transaction stays open across the next network call). A failure of the BRP for one
    person is counted and the run goes on."""
    paren = te_controleren(actor)
    uitkomst = Samenvatting()
    for nummer, (aanpak, persoon_id) in enumerate(paren):
        if voortgang is not None:
            voortgang(nummer, len(paren))
        persoon = db.session.get(Persoon, persoon_id)
        if persoon is None or not persoon.bsn:
            continue
        verversing = _ververs(actor, persoon, aanpak, aanleiding="batch")
        uitkomst.raadplegingen += 1
        if verversing.controle is None:
            uitkomst.mislukt += 1
            if na_elke is not None:
                na_elke()
            continue
        uitkomst.gevonden += 1
        for wijziging in verversing.wijzigingen:
            if wijziging.soort == "verhuisd":
                uitkomst.verhuisd += 1
            else:
                uitkomst.overleden += 1
        if na_elke is not None:
            na_elke()
    if voortgang is not None:
        voortgang(len(paren), len(paren))
    return uitkomst


@click.command("controleer")
@with_appcontext
def controleer() -> None:
    """Controleer alle personen met een open casus in de BRP: verhuisd uit de gemeente of
    overleden wordt een signaal op hun casussen van die aanpak.

    Alleen aanpakken waarvan het BRP-profiel het adres of het overlijden mag opvragen doen
    mee. Elke raadpleging komt in het verwerkingenlog. Toont alleen aantallen."""
    from casus.brp.instellingen import brp_instellingen
    from casus.voortgang import Voortgang

    if not brp_instellingen().aan:
        raise click.ClickException(
            "De BRP is niet ingesteld: zet BRP_URL (of BRP_STUB voor de ingebouwde stub)."
        )
    with Voortgang("BRP controleren", None, "raadplegingen") as melder:
        uitkomst = controleer_alle(actor=BRP, voortgang=melder.meld, na_elke=db.session.commit)
    db.session.commit()
    click.echo(
        f"BRP geraadpleegd: {uitkomst.raadplegingen} keer, {uitkomst.gevonden} gevonden, "
        f"{uitkomst.mislukt} zonder antwoord."
    )
    click.echo(
        f"Nieuwe signalen: {uitkomst.verhuisd} verhuisd uit de gemeente, "
        f"{uitkomst.overleden} overleden."
    )
