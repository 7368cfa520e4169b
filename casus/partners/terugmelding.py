"""A partner's report on an agreed action (``Terugmelding``): the only thing a partner
user may write. Who may is decided in ``casus.toegang.policy.mag_terugmelden`` (a
partner user of the action's organisation, invited to its meeting, within the window,
on a case of which it sees an item)."""

from __future__ import annotations

from casus.audit import log_wijziging
from casus.errors import GeenToegang, Ongeldig
from casus.extensions import db
from casus.partners.models import MAX_TERUGMELDING, Afspraak, Terugmelding
from casus.toegang.actor import Actor, gebruiker_van, vereis_actor
from casus.toegang.policy import mag_terugmelden

GEEN_TEKST = "Schrijf kort wat er met de afspraak is gebeurd."
TE_LANG = f"Maximaal {MAX_TERUGMELDING} tekens."
NIET_TOEGESTAAN = "Op deze afspraak kunt u niet (meer) terugmelden."
GEREED = "gereed"


def meld_terug(afspraak: Afspraak, tekst: str, gereed: bool, *, actor: Actor) -> Terugmelding:
    """Add ``tekst`` as a report on ``afspraak``; ``gereed`` also marks the action done.
    Audit-logged as ``partner.teruggemeld`` (the case and its person; the action and
    the meeting in the details, never the text); refused (and logged as refused) when
    the actor may not report on it or the text is empty or too long."""
    actor = vereis_actor(actor)
    with log_wijziging(
        "partner.teruggemeld",
        casus=afspraak.casus,
        details={"afspraak_id": afspraak.id, "overleg_id": afspraak.overleg_id, "gereed": gereed},
    ):
        if not mag_terugmelden(actor, afspraak):
            raise GeenToegang(NIET_TOEGESTAAN)
        schoon = (tekst or "").strip()
        if not schoon:
            raise Ongeldig(GEEN_TEKST, veld="tekst")
        if len(schoon) > MAX_TERUGMELDING:
            raise Ongeldig(TE_LANG, veld="tekst")
        auteur = gebruiker_van(actor)
        melding = Terugmelding(
            afspraak=afspraak,
            gebruiker_id=auteur.id if auteur is not None else None,
            tekst=schoon,
            gereed=gereed,
        )
        if gereed:
            afspraak.status = GEREED
        db.session.add(melding)
        db.session.flush()
        _meld_regisseur(afspraak, melding)
    return melding


def _meld_regisseur(afspraak: Afspraak, melding: Terugmelding) -> None:
    """ "Terugmelding van een partner" to the case's regisseur (who sees it in the
    timeline), only when the regisseur may still see the case; the text names the case
    number and the organisation, never the report itself."""
    from casus.notificaties.services import notificeer, relatieve_link  # lazy: no cycle

    casus = afspraak.casus
    if casus.regisseur_id is None:
        return
    organisatie = afspraak.organisatie.naam if afspraak.organisatie is not None else "Een partner"
    notificeer(
        "terugmelding",
        ontvangers=[casus.regisseur_id],
        tekst=f"{organisatie} heeft teruggemeld op een afspraak over casus {casus.ref}.",
        link=relatieve_link("casussen.casus", casus_id=casus.id),
        casus=casus,
        sleutel=f"terugmelding:{melding.id}",
    )
