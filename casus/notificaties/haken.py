"""What the services call after an event that concerns someone else than its actor:
a case assigned to a regisseur, a triage decision on an aanmelding, a new signal for a
team. Each notifies in the service's transaction (a rollback takes it back), never the
actor itself, and only users who may see the case or signal (``notificeer``).

A system actor's assignment or decision (the demo's and the import's history) is no
news to anyone: it notifies nobody. A signal from the public meldpunt is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casus.auth.models import Gebruiker
from casus.extensions import db
from casus.notificaties.services import notificeer, relatieve_link
from casus.toegang.actor import Actor, is_systeem
from casus.toegang.queries import team_regisseurs

if TYPE_CHECKING:
    from casus.casussen.models import Casus, Gebeurtenis
    from casus.signalen.models import Signaal

# the triage decision (casus.triage.models.BESLUITEN) on the aanmelder's case, in words
BESLUITTEKSTEN = {
    "opnemen": "Uw aanmelding {ref} is door de triage opgenomen.",
    "niet_opnemen": "Uw aanmelding {ref} is door de triage niet opgenomen.",
    "omzetten": "Uw aanmelding is door de triage omgezet naar een andere aanpak; het "
    "casusnummer is nu {ref}.",
    "aanhouden": "Uw aanmelding {ref} is door de triage aangehouden tot het volgende overleg.",
}


def na_toewijzing(
    casus: Casus, regisseur: Gebruiker | None, gebeurtenis: Gebeurtenis, *, actor: Actor
) -> int:
    """ "Casus ... is aan u toegewezen." to the new regisseur (not to one who assigned
    themselves)."""
    if regisseur is None or is_systeem(actor) or regisseur.id == actor.id:
        return 0
    return notificeer(
        "toegewezen",
        ontvangers=[regisseur.id],
        tekst=f"Casus {casus.ref} is aan u toegewezen.",
        link=relatieve_link("casussen.casus", casus_id=casus.id),
        casus=casus,
        sleutel=f"toegewezen:{gebeurtenis.id}",
    )


def na_triagebesluit(casus: Casus, besluit: str, gebeurtenis: Gebeurtenis, *, actor: Actor) -> int:
    """The decision to the user who registered the aanmelding, when that is someone else
    and may still see the case (after omzetten: a member of the new aanpak)."""
    aanmelder = casus.created_by_id
    if aanmelder is None or is_systeem(actor) or aanmelder == actor.id:
        return 0
    return notificeer(
        "triagebesluit",
        ontvangers=[aanmelder],
        tekst=BESLUITTEKSTEN[besluit].format(ref=casus.ref),
        link=relatieve_link("casussen.casus", casus_id=casus.id),
        casus=casus,
        sleutel=f"triagebesluit:{gebeurtenis.id}",
    )


def na_signaal(signaal: Signaal, *, actor: Actor) -> int:
    """ "Nieuw signaal ... voor uw team." to the regisseurs of the aanpak that takes it in
    (not to the one who registered it)."""
    regisseurs = db.session.scalars(
        team_regisseurs([signaal.aanpak]).with_only_columns(Gebruiker.id)
    )
    ontvangers = [i for i in regisseurs if i != actor.id]
    if not ontvangers:
        return 0
    return notificeer(
        "signaal",
        ontvangers=ontvangers,
        tekst=f"Nieuw signaal {signaal.ref} voor uw team.",
        link=relatieve_link("signalen.detail", signaal_id=signaal.id),
        signaal=signaal,
        sleutel=f"signaal:{signaal.id}",
    )
