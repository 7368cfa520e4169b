"""What the beheerder does for the casusoverleg met partners: samenwerkingsverbanden,
partner organisations with the agreement each shares data under, and the partner users
(people of those organisations with their own log-in).

A partner user is created as any user is (``casus.auth.services.maak_gebruiker``): the
password chosen here is known to the beheerder, so the user must change it at the first
log-in (``moet_wachtwoord_wijzigen``); MFA is set up right after that (casus.auth). It
gets no roles and no teams: ``casus.beheer.services.zet_rollen`` refuses them.

Every change is audit-logged as ``beheer.partner_gewijzigd`` with codes only (which
change, which object), a refused one too.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select

from casus.audit import log_wijziging
from casus.auth import sessies
from casus.auth.models import Gebruiker
from casus.auth.services import controleer_gebruikersnaam, maak_gebruiker
from casus.errors import Ongeldig
from casus.extensions import db
from casus.partners import GRONDSLAGSOORTEN, ORGANISATIESOORTEN
from casus.partners.models import (
    MAX_ARTIKEL,
    MAX_GRONDSLAG,
    MAX_NAAM,
    Partnerorganisatie,
    Samenwerkingsverband,
)
from casus.toegang.actor import Actor, vereis_actor
from casus.toegang.policy import is_beheerder, vereis

ACTIE = "beheer.partner_gewijzigd"
ALLEEN_BEHEERDER = "Alleen een beheerder beheert de partners."


def _vereis_beheerder(actor: Actor) -> Actor:
    actor = vereis_actor(actor)
    vereis(is_beheerder(actor), ALLEEN_BEHEERDER)
    return actor


def _tekst(waarde: str | None, veld: str, maximum: int, leeg: str | None) -> str | None:
    """A trimmed text; empty: ``leeg`` is the Dutch refusal (None: optional)."""
    tekst = (waarde or "").strip()
    if not tekst:
        if leeg is not None:
            raise Ongeldig(leeg, veld)
        return None
    if len(tekst) > maximum:
        raise Ongeldig(f"Gebruik hooguit {maximum} tekens.", veld)
    return tekst


# -- samenwerkingsverbanden --------------------------------------------------------------


def verbanden() -> Select[tuple[Samenwerkingsverband]]:
    """Every verband, by name (names of partnerships are no personal data)."""
    return select(Samenwerkingsverband).order_by(Samenwerkingsverband.naam)


def _controleer_verbandnaam(naam: str, verband_id: int | None) -> None:
    bestaand = db.session.scalar(
        select(Samenwerkingsverband.id).where(
            func.lower(Samenwerkingsverband.naam) == naam.lower(),
            Samenwerkingsverband.id != (verband_id or 0),
        )
    )
    if bestaand is not None:
        raise Ongeldig(f"Er is al een samenwerkingsverband '{naam}'.", "naam")


def nieuw_verband(naam: str, omschrijving: str | None, *, actor: Actor) -> Samenwerkingsverband:
    actor = _vereis_beheerder(actor)
    with log_wijziging(
        ACTIE,
        object_type="samenwerkingsverband",
        details={"wijziging": "verband_aangemaakt"},
        gebruiker=actor,
    ) as log:
        schoon = _tekst(naam, "naam", MAX_NAAM, "Vul de naam van het samenwerkingsverband in.")
        assert schoon is not None
        _controleer_verbandnaam(schoon, None)
        verband = Samenwerkingsverband(
            naam=schoon, omschrijving=_tekst(omschrijving, "omschrijving", 2000, None)
        )
        db.session.add(verband)
        db.session.flush()
        log.object(object_id=verband.id)
    return verband


def wijzig_verband(
    verband: Samenwerkingsverband,
    naam: str,
    omschrijving: str | None,
    actief: bool,
    *,
    actor: Actor,
) -> None:
    """Rename, describe, or (de)activate a verband (an inactive one takes no new
    meetings; what was shared in it stays in the register)."""
    actor = _vereis_beheerder(actor)
    with log_wijziging(
        ACTIE,
        object_type="samenwerkingsverband",
        object_id=verband.id,
        details={"wijziging": "verband_gewijzigd"},
        gebruiker=actor,
    ):
        schoon = _tekst(naam, "naam", MAX_NAAM, "Vul de naam van het samenwerkingsverband in.")
        assert schoon is not None
        _controleer_verbandnaam(schoon, verband.id)
        verband.naam = schoon
        verband.omschrijving = _tekst(omschrijving, "omschrijving", 2000, None)
        verband.actief = actief
        db.session.flush()


# -- partner organisations ---------------------------------------------------------------


def organisaties(verband: Samenwerkingsverband | None = None) -> Select[tuple[Partnerorganisatie]]:
    """The organisations (of one verband when given), by verband and name."""
    query = select(Partnerorganisatie).join(Samenwerkingsverband)
    if verband is not None:
        query = query.where(Partnerorganisatie.verband_id == verband.id)
    return query.order_by(Samenwerkingsverband.naam, Partnerorganisatie.naam)


def _organisatievelden(
    verband_id: int,
    organisatie_id: int | None,
    naam: str,
    soort: str,
    grondslag_soort: str,
    grondslag: str,
    artikel: str | None,
) -> dict[str, str | None]:
    """The organisation's fields checked: every refusal in Dutch, at its field."""
    schoon = _tekst(naam, "naam", MAX_NAAM, "Vul de naam van de organisatie in.")
    assert schoon is not None
    if soort not in ORGANISATIESOORTEN:
        raise Ongeldig("Kies het soort organisatie.", "soort")
    if grondslag_soort not in GRONDSLAGSOORTEN:
        raise Ongeldig(
            "Kies of de organisatie werkt op een convenant of een wet.", "grondslag_soort"
        )
    basis = _tekst(
        grondslag,
        "grondslag",
        MAX_GRONDSLAG,
        "Vul de grondslag in: de naam van het convenant of de wet.",
    )
    artikel_ = _tekst(artikel, "artikel", MAX_ARTIKEL, None)
    if grondslag_soort == "wettelijk" and artikel_ is None:
        raise Ongeldig("Vul bij een wettelijke grondslag het artikel in.", "artikel")
    bestaand = db.session.scalar(
        select(Partnerorganisatie.id).where(
            Partnerorganisatie.verband_id == verband_id,
            func.lower(Partnerorganisatie.naam) == schoon.lower(),
            Partnerorganisatie.id != (organisatie_id or 0),
        )
    )
    if bestaand is not None:
        raise Ongeldig(f"Dit samenwerkingsverband heeft al een organisatie '{schoon}'.", "naam")
    return {
        "naam": schoon,
        "soort": soort,
        "grondslag_soort": grondslag_soort,
        "grondslag": basis,
        "artikel": artikel_,
    }


def nieuwe_organisatie(
    verband: Samenwerkingsverband,
    *,
    naam: str,
    soort: str,
    grondslag_soort: str,
    grondslag: str,
    artikel: str | None,
    actor: Actor,
) -> Partnerorganisatie:
    actor = _vereis_beheerder(actor)
    with log_wijziging(
        ACTIE,
        object_type="partnerorganisatie",
        details={"wijziging": "organisatie_aangemaakt", "verband_id": verband.id},
        gebruiker=actor,
    ) as log:
        velden = _organisatievelden(
            verband.id, None, naam, soort, grondslag_soort, grondslag, artikel
        )
        organisatie = Partnerorganisatie(verband_id=verband.id, **velden)
        db.session.add(organisatie)
        db.session.flush()
        log.object(object_id=organisatie.id)
    return organisatie


def wijzig_organisatie(
    organisatie: Partnerorganisatie,
    *,
    naam: str,
    soort: str,
    grondslag_soort: str,
    grondslag: str,
    artikel: str | None,
    actief: bool,
    actor: Actor,
) -> None:
    """Change an organisation's name, kind or agreement, or (de)activate it. The register
    keeps the basis each share was made on (copied from the meeting)."""
    actor = _vereis_beheerder(actor)
    with log_wijziging(
        ACTIE,
        object_type="partnerorganisatie",
        object_id=organisatie.id,
        details={"wijziging": "organisatie_gewijzigd"},
        gebruiker=actor,
    ):
        velden = _organisatievelden(
            organisatie.verband_id,
            organisatie.id,
            naam,
            soort,
            grondslag_soort,
            grondslag,
            artikel,
        )
        for veld, waarde in velden.items():
            setattr(organisatie, veld, waarde)
        organisatie.actief = actief
        db.session.flush()


# -- partner users -----------------------------------------------------------------------


def partnergebruikers(organisatie: Partnerorganisatie) -> Select[tuple[Gebruiker]]:
    return (
        select(Gebruiker)
        .where(Gebruiker.partnerorganisatie_id == organisatie.id)
        .order_by(Gebruiker.naam, Gebruiker.id)
    )


def nieuwe_partnergebruiker(
    organisatie: Partnerorganisatie,
    *,
    gebruikersnaam: str,
    naam: str,
    wachtwoord: str,
    actor: Actor,
) -> Gebruiker:
    """A person of ``organisatie`` with a log-in: a temporary password the user must
    change at the first log-in (then sets up MFA), no roles, no teams."""
    actor = _vereis_beheerder(actor)
    with log_wijziging(
        ACTIE,
        object_type="gebruiker",
        details={"wijziging": "partnergebruiker_aangemaakt", "organisatie_id": organisatie.id},
        gebruiker=actor,
    ) as log:
        if not organisatie.actief:
            raise Ongeldig("Deze organisatie is gedeactiveerd; activeer haar eerst.")
        controleer_gebruikersnaam(gebruikersnaam.strip())
        if not naam.strip():
            raise Ongeldig("Vul de naam in.", "naam")
        gebruiker = maak_gebruiker(
            gebruikersnaam, wachtwoord, naam=naam, rollen=(), moet_wijzigen=True
        )
        gebruiker.partnerorganisatie_id = organisatie.id
        db.session.flush()
        log.object(object_id=gebruiker.id)
    return gebruiker


def zet_partner_actief(gebruiker: Gebruiker, actief: bool, *, actor: Actor) -> None:
    """(De)activate a partner user; already so (a second submission): nothing. A
    deactivated partner user sees nothing any more (casus.toegang) and cannot log in."""
    actor = _vereis_beheerder(actor)
    if not gebruiker.is_partner:
        raise Ongeldig("Dit is geen partnergebruiker.")
    if gebruiker.actief == actief:
        return
    with log_wijziging(
        ACTIE,
        object_type="gebruiker",
        object_id=gebruiker.id,
        details={
            "wijziging": "partnergebruiker_geactiveerd"
            if actief
            else "partnergebruiker_gedeactiveerd"
        },
        gebruiker=actor,
    ):
        gebruiker.actief = actief
        if not actief:
            sessies.beeindig_alle(gebruiker)
        db.session.flush()
