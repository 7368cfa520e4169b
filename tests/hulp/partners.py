"""A partner meeting built directly with the models (no services), for the access tests
of the casusoverleg met partners (issue 22) and for whoever needs one.

``bouw_overleg`` makes a meeting with its chair, invited partner users, agenda cases
with their selected items (confirmed or not, withdrawn or not), sent or not and its
window; ``maak_partner`` a partner user with MFA set up (``GEHEIM``), whom
``login_partner`` logs in with password and code. Everything is flushed, not committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pyotp
from flask.testing import FlaskClient

from casus.auth import mfa
from casus.auth.models import Gebruiker
from casus.auth.services import maak_gebruiker
from casus.casussen.models import Casus
from casus.extensions import db
from casus.klok import nu
from casus.partners.models import (
    Afspraak,
    Deelitem,
    Partneragendapunt,
    Partnerorganisatie,
    Partneroverleg,
    PartneroverlegDeelnemer,
    Samenwerkingsverband,
)
from tests.hulp.fabrieken import WACHTWOORD

# the TOTP secret of every partner user made here (test only)
GEHEIM = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def maak_verband(naam: str = "Zorg- en Veiligheidshuis Testregio") -> Samenwerkingsverband:
    verband = Samenwerkingsverband(naam=naam)
    db.session.add(verband)
    db.session.flush()
    return verband


def maak_organisatie(
    verband: Samenwerkingsverband,
    naam: str = "Politie Eenheid Test",
    soort: str = "politie",
    *,
    grondslag_soort: str = "convenant",
    grondslag: str = "Convenant Zorg- en Veiligheidshuis Testregio 2025",
    artikel: str | None = "artikel 4",
    actief: bool = True,
) -> Partnerorganisatie:
    organisatie = Partnerorganisatie(
        verband=verband,
        naam=naam,
        soort=soort,
        grondslag_soort=grondslag_soort,
        grondslag=grondslag,
        artikel=artikel,
        actief=actief,
    )
    db.session.add(organisatie)
    db.session.flush()
    return organisatie


def maak_partner(
    gebruikersnaam: str,
    organisatie: Partnerorganisatie,
    *,
    met_mfa: bool = True,
    naam: str | None = None,
) -> Gebruiker:
    """A partner user of ``organisatie`` with ``WACHTWOORD``, its MFA set up with
    ``GEHEIM`` unless ``met_mfa`` is false."""
    gebruiker = maak_gebruiker(gebruikersnaam, WACHTWOORD, naam=naam or f"Partner {gebruikersnaam}")
    gebruiker.partnerorganisatie_id = organisatie.id
    if met_mfa:
        mfa.activeer(gebruiker, GEHEIM)
    db.session.flush()
    return gebruiker


def login_partner(client: FlaskClient, gebruiker: Gebruiker) -> Any:
    """Log a partner user in: password, then the current TOTP code (the last accepted
    step is forgotten first, so a frozen clock may log the same user in twice)."""
    gebruiker.mfa_laatste_stap = None
    db.session.commit()
    eerste = client.post(
        "/inloggen",
        data={"gebruikersnaam": gebruiker.gebruikersnaam, "wachtwoord": WACHTWOORD},
    )
    assert eerste.status_code == 302, eerste.status_code
    assert eerste.headers["Location"].endswith("/inloggen/code"), eerste.headers["Location"]
    return client.post("/inloggen/code", data={"code": pyotp.TOTP(GEHEIM).now()})


@dataclass
class Punt:
    """An agenda case for ``bouw_overleg``: its items, whether the chair confirmed it,
    and which of its items are withdrawn."""

    casus: Casus
    items: Sequence[str] = ("personalia", "aanleiding", "verloop", "interventies", "leefgebieden")
    bevestigd: bool = True
    ingetrokken: Iterable[str] = field(default_factory=tuple)


def bouw_overleg(
    *,
    voorzitter: Gebruiker,
    partners: Iterable[Gebruiker] = (),
    punten: Iterable[Punt | Casus] = (),
    verband: Samenwerkingsverband | None = None,
    soort: str = "gemengd",
    datum: date | None = None,
    verzonden_op: datetime | None = None,
    verzonden: bool = True,
    inzage_tot: datetime | None = None,
    doel: str = "Afstemmen van de aanpak rond de agendacasussen",
    grondslag_soort: str = "convenant",
    grondslag: str = "Convenant Zorg- en Veiligheidshuis Testregio 2025",
    artikel: str | None = "artikel 4",
) -> Partneroverleg:
    """A partner meeting with its rows. Defaults: a mixed meeting today, sent an hour ago
    (``verzonden=False``: not sent, no window), visible for 30 days."""
    moment = nu()
    if verband is None:
        verband = db.session.query(Samenwerkingsverband).first() or maak_verband()
    overleg = Partneroverleg(
        verband_id=verband.id,
        soort=soort,
        datum=datum or moment.date(),
        doel=doel,
        grondslag_soort=grondslag_soort,
        grondslag=grondslag,
        artikel=artikel,
        voorzitter_id=voorzitter.id,
        verzonden_op=(verzonden_op or moment - timedelta(hours=1)) if verzonden else None,
        inzage_tot=(inzage_tot or moment + timedelta(days=30)) if verzonden else None,
        created_by_id=voorzitter.id,
    )
    db.session.add(overleg)
    db.session.flush()
    for partner in partners:
        db.session.add(PartneroverlegDeelnemer(overleg_id=overleg.id, gebruiker_id=partner.id))
    for volgorde, punt in enumerate(punten, start=1):
        voeg_punt_toe(overleg, punt if isinstance(punt, Punt) else Punt(punt), volgorde)
    db.session.flush()
    return overleg


def voeg_punt_toe(overleg: Partneroverleg, punt: Punt, volgorde: int) -> Partneragendapunt:
    moment = nu()
    agendapunt = Partneragendapunt(
        overleg_id=overleg.id,
        casus_id=punt.casus.id,
        volgorde=volgorde,
        voorgesteld_door_id=overleg.voorzitter_id,
        voorgesteld_op=moment,
        bevestigd_door_id=overleg.voorzitter_id if punt.bevestigd else None,
        bevestigd_op=moment - timedelta(hours=2) if punt.bevestigd else None,
    )
    db.session.add(agendapunt)
    db.session.flush()
    ingetrokken = set(punt.ingetrokken)
    for item in punt.items:
        db.session.add(
            Deelitem(
                agendapunt_id=agendapunt.id,
                item=item,
                gekozen_door_id=overleg.voorzitter_id,
                gekozen_op=moment - timedelta(hours=3),
                ingetrokken_op=moment - timedelta(minutes=5) if item in ingetrokken else None,
                ingetrokken_door_id=overleg.voorzitter_id if item in ingetrokken else None,
            )
        )
    db.session.flush()
    return agendapunt


def nodig_uit(overleg: Partneroverleg, partner: Gebruiker) -> None:
    db.session.add(PartneroverlegDeelnemer(overleg_id=overleg.id, gebruiker_id=partner.id))
    db.session.flush()


def maak_afspraak(
    overleg: Partneroverleg,
    casus: Casus,
    *,
    organisatie: Partnerorganisatie | None = None,
    regisseur: Gebruiker | None = None,
    omschrijving: str = "Huisbezoek afleggen en terugkoppelen",
    uiterlijk: date | None = None,
) -> Afspraak:
    afspraak = Afspraak(
        overleg_id=overleg.id,
        casus_id=casus.id,
        omschrijving=omschrijving,
        organisatie_id=organisatie.id if organisatie is not None else None,
        regisseur_id=regisseur.id if regisseur is not None else None,
        uiterlijk=uiterlijk or overleg.datum + timedelta(days=14),
        created_by_id=overleg.voorzitter_id,
    )
    db.session.add(afspraak)
    db.session.flush()
    return afspraak
