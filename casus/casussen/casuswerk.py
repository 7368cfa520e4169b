"""The casework service: what a team member records on a case besides its status.

Notes and contacts, interventions, police contacts, leefgebieden assessments, the
kenmerken, and a new aanmelding from the web form (checked here, written by
``services.meld_aan``). Every function takes the actor, checks its right through
``casus.toegang``, flushes and never commits. The demo's casework is planned by
``casus.demo.werkplan``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casus.casussen import stapregels, validatie
from casus.casussen.models import Casus, Interventie, Leefgebiedenscore, Notitie
from casus.casussen.services import _flush, _schrijf_casusstand, conflict_bericht, meld_aan
from casus.errors import Conflict, GeenToegang, Ongeldig
from casus.extensions import db
from casus.personen.models import Persoon, PolitieContact
from casus.rapportage.cache import gegevens_gewijzigd
from casus.toegang.actor import Actor, gebruiker_van, vereis_actor
from casus.toegang.policy import mag_aanmelden, mag_casus_bewerken
from workflows import CATALOGUS
from workflows.codes import (
    CONTACT_VORMEN,
    INTERVENTIE_TYPES,
    LEEFGEBIEDEN,
    NOTITIE_SOORTEN,
    POLITIECONTACT_SOORTEN,
    SCORE_MAX,
    SCORE_MIN,
)

MAX_TEKST = 10_000
# the aanmelding form's fields an age limit names: a refusal, and the confirmation of a
# warning
VELD_GEBOORTEDATUM = stapregels.VELD_GEBOORTEDATUM
VELD_LEEFTIJD_BEVESTIGD = "leeftijd_bevestigd"


def _mag_bewerken(casus: Casus, actor: Actor) -> None:
    if not mag_casus_bewerken(actor, casus):
        raise GeenToegang(
            "Alleen de toegewezen regisseur en de triage kunnen deze casus bijwerken."
        )


def _tekst(tekst: str | None, veld: str, verplicht: bool) -> str | None:
    tekst = (tekst or "").strip()
    if not tekst:
        if verplicht:
            raise Ongeldig("Vul een tekst in.", veld)
        return None
    if len(tekst) > MAX_TEKST:
        raise Ongeldig(f"De tekst is te lang (maximaal {MAX_TEKST} tekens).", veld)
    return tekst


def voeg_notitie_toe(
    casus: Casus, *, actor: Actor, soort: str, datum: date, tekst: str, vorm: str | None = None
) -> Notitie:
    actor = vereis_actor(actor)
    _mag_bewerken(casus, actor)
    if soort not in NOTITIE_SOORTEN:
        raise Ongeldig(f"'{soort}' is geen soort notitie.", "soort")
    vorm = vorm or None
    if vorm is not None and (soort != "contactmoment" or vorm not in CONTACT_VORMEN):
        raise Ongeldig("Een vorm hoort alleen bij een contactmoment.", "vorm")
    validatie.datum_niet_in_toekomst(datum, "datum")
    notitie = Notitie(
        casus=casus,
        soort=soort,
        vorm=vorm,
        datum=datum,
        tekst=_tekst(tekst, "tekst", verplicht=True),
        gebruiker=gebruiker_van(actor),
    )
    db.session.add(notitie)
    db.session.flush()
    return notitie


def voeg_interventie_toe(
    casus: Casus,
    *,
    actor: Actor,
    type: str,
    datum: date,
    einddatum: date | None = None,
    tekst: str | None = None,
) -> Interventie:
    actor = vereis_actor(actor)
    _mag_bewerken(casus, actor)
    if type not in INTERVENTIE_TYPES:
        raise Ongeldig(f"'{type}' is geen interventie uit de catalogus.", "type")
    validatie.datum_niet_in_toekomst(datum, "datum")
    if einddatum is not None and einddatum < datum:
        raise Ongeldig("De einddatum ligt vóór de begindatum.", "einddatum")
    interventie = Interventie(
        casus=casus,
        type=type,
        datum=datum,
        einddatum=einddatum,
        tekst=_tekst(tekst, "tekst", verplicht=False),
        gebruiker=gebruiker_van(actor),
    )
    db.session.add(interventie)
    db.session.flush()
    gegevens_gewijzigd(datum)  # the report counts interventions by their date
    return interventie


def voeg_politiecontact_toe(
    casus: Casus, *, actor: Actor, soort: str, datum: date
) -> PolitieContact:
    actor = vereis_actor(actor)
    _mag_bewerken(casus, actor)
    if casus.persoon_id is None:
        raise Ongeldig("Deze casus betreft geen persoon; een politiecontact hoort bij een persoon.")
    if soort not in POLITIECONTACT_SOORTEN:
        raise Ongeldig(f"'{soort}' is geen soort politie- of justitiecontact.", "soort")
    validatie.datum_niet_in_toekomst(datum, "datum")
    contact = PolitieContact(
        persoon_id=casus.persoon_id,
        casus_id=casus.id,
        soort=soort,
        datum=datum,
        gebruiker=gebruiker_van(actor),
    )
    db.session.add(contact)
    db.session.flush()
    gegevens_gewijzigd(datum)  # the report's indicator counts police contacts by date
    return contact


def voeg_leefgebiedenscore_toe(
    casus: Casus, *, actor: Actor, datum: date, scores: dict[str, int | None]
) -> Leefgebiedenscore:
    actor = vereis_actor(actor)
    _mag_bewerken(casus, actor)
    validatie.datum_niet_in_toekomst(datum, "datum")
    onbekend = set(scores) - set(LEEFGEBIEDEN)
    if onbekend:
        raise Ongeldig(f"Onbekend leefgebied: {', '.join(sorted(onbekend))}.")
    for leefgebied, score in scores.items():
        if score is not None and not SCORE_MIN <= score <= SCORE_MAX:
            raise Ongeldig(f"Een score ligt tussen {SCORE_MIN} en {SCORE_MAX}.", leefgebied)
    if all(s is None for s in scores.values()):
        raise Ongeldig("Vul minstens één leefgebied in.")
    meting = Leefgebiedenscore(casus=casus, datum=datum, gebruiker=gebruiker_van(actor), **scores)
    db.session.add(meting)
    db.session.flush()
    return meting


def wijzig_kenmerken(
    casus: Casus, waarden: dict[str, Any], *, actor: Actor, verwachte_versie: int
) -> None:
    """Replace the kenmerken; refused when the case changed since the form was opened."""
    actor = vereis_actor(actor)
    _mag_bewerken(casus, actor)
    if casus.versie != verwachte_versie:
        raise Conflict(conflict_bericht())
    casus.kenmerken = validatie.kenmerken(casus.definitie, waarden)
    _schrijf_casusstand(casus)  # its rows carry the kenmerken the report breaks down
    _flush(casus)


def registreer_aanmelding(
    aanpak: str,
    *,
    actor: Actor,
    persoon: Persoon | None,
    kenmerken: dict[str, Any],
    aanmeldreden: str,
    aangemeld_op: date,
    leeftijd_bevestigd: bool = False,
) -> Casus:
    """A new aanmelding by a team member; it lands in the triage queue (aangemeld).

    The aanpak's age limits (``stapregels.controleer_leeftijd``) on ``aangemeld_op``: a
    refusal names the date of birth; a warning refuses until the user confirms it
    (``leeftijd_bevestigd``)."""
    actor = vereis_actor(actor)
    if not mag_aanmelden(actor, aanpak):
        raise GeenToegang("U kunt alleen aanmelden bij een aanpak waarvan u teamlid bent.")
    definitie = CATALOGUS.get(aanpak)
    schoon = {k: v for k, v in kenmerken.items() if v}
    if persoon is None and definitie.persoon_verplicht:
        raise Ongeldig(
            f"Een aanmelding voor {definitie.kort} betreft altijd een persoon: kies "
            "een gevonden persoon of vul een nieuwe persoon in.",
            "voornaam",
        )
    if persoon is None and not (schoon.get("naam") or schoon.get("adres")):
        raise Ongeldig(
            "Kies of maak een persoon, of vul de naam van de onderneming of het adres in.",
            "k_adres",
        )
    geboren = persoon.geboortedatum if persoon is not None else None
    bezwaren = stapregels.controleer_leeftijd(aanpak, geboren, aangemeld_op)
    for bezwaar in bezwaren:
        if not bezwaar.waarschuwing:
            raise Ongeldig(bezwaar.bericht, VELD_GEBOORTEDATUM)
    if bezwaren and not leeftijd_bevestigd:
        raise Ongeldig(
            " ".join(b.bericht for b in bezwaren)
            + " Vink aan dat u de leeftijd hebt gecontroleerd als de aanmelding toch klopt.",
            VELD_LEEFTIJD_BEVESTIGD,
        )
    return meld_aan(
        aanpak,
        aangemeld_op=aangemeld_op,
        persoon=persoon,
        kenmerken=schoon,
        aanmeldreden=_tekst(aanmeldreden, "aanmeldreden", verplicht=True),
        actor=actor,
    )
