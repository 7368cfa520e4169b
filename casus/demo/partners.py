"""The demo's casusoverleg met partners (issue 22): the Zorg- en Veiligheidshuis
Haaglanden with three partner organisations, two partner users with MFA on a fixed
TOTP secret (printed by ``flask demo``, so a demo user can add it to an authenticator
app), and one sent meeting in the partners' window with two cases of the demo
regisseur, their selected and confirmed items, the verstrekkingenregister's rows, two
afspraken and one terugmelding.

Everything is chosen by date and case number, never drawn, so the demo stays
deterministic; the rows are written with the partner services (``casus.partners``),
as the chair, the regisseur and the partner would through the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, select

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus, Interventie
from casus.extensions import db
from casus.klok import vandaag
from casus.partners.models import Partnerorganisatie, Partneroverleg, Samenwerkingsverband
from casus.partners.services import (
    bevestig,
    maak_afspraak,
    maak_overleg,
    verstuur_agenda,
    zet_op_agenda,
)
from casus.partners.terugmelding import meld_terug

VERBAND = "Zorg- en Veiligheidshuis Haaglanden"
CONVENANT = "Convenant Zorg- en Veiligheidshuis Haaglanden 2024"


@dataclass(frozen=True)
class Demoorganisatie:
    naam: str
    soort: str
    grondslag_soort: str
    grondslag: str
    artikel: str | None


POLITIE = Demoorganisatie(
    "Politie Eenheid Den Haag", "politie", "convenant", CONVENANT, "artikel 5"
)
VEILIG_THUIS = Demoorganisatie(
    "Veilig Thuis Haaglanden",
    "veilig_thuis",
    "wettelijk",
    "Wet maatschappelijke ondersteuning 2015",
    "artikel 5.2.6",
)
RECLASSERING = Demoorganisatie(
    "Reclassering Nederland", "reclassering", "convenant", CONVENANT, "artikel 5"
)
ORGANISATIES = (POLITIE, VEILIG_THUIS, RECLASSERING)

# the partner users (in casus.demo.DEMO_GEBRUIKERS, without roles): their organisation
# and the fixed TOTP secret of their authenticator app. A demo only: a real partner
# user sets up its own secret at its first log-in.
PARTNERGEBRUIKERS: dict[str, tuple[Demoorganisatie, str]] = {
    "politie": (POLITIE, "DEMOPOLITIEDENHAAGZVHHAAGLANDEN2"),
    "veiligthuis": (VEILIG_THUIS, "DEMOVEILIGTHUISHAAGLANDENZVHH234"),
}

VOORZITTER = "triage"  # the chair: the demo's triage user (PGA Jeugd, IPTA, RIO)
REGISSEUR = "regisseur"  # whose cases are on the agenda
OVERLEG_OVER = timedelta(days=2)  # the meeting is two days after the demo's last day
DOEL = (
    "Afstemmen van de aanpak van jongeren met zowel zorg- als veiligheidsproblemen: "
    "wie doet wat, zodat hulp en maatregelen elkaar versterken."
)
# per agenda case (in order): its aanpak and the items shared
AGENDA: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pga_jeugd", ("personalia", "aanleiding", "verloop")),
    ("ipta", ("personalia", "interventies")),
)
AFSPRAAK_POLITIE = (
    "De wijkagent bezoekt het gezin samen met de regisseur en deelt de uitkomst in het "
    "volgende overleg."
)
AFSPRAAK_REGISSEUR = (
    "De regisseur vraagt een plek aan bij de dagbesteding en stemt het rooster af met school."
)
TERUGMELDING = (
    "De wijkagent is samen met de regisseur langs geweest en heeft kennisgemaakt met het "
    "gezin. Sinds de aanmelding zijn geen nieuwe incidenten geregistreerd."
)


def maak_partnerdemo(gebruikers: dict[str, Gebruiker]) -> Partneroverleg | None:
    """The verband, its organisations and partner users, and the sent meeting; None
    when the demo regisseur has no open case of an agenda aanpak (no meeting then)."""
    organisaties = _verband()
    for naam, (organisatie, geheim) in PARTNERGEBRUIKERS.items():
        gebruiker = gebruikers[naam]
        gebruiker.partnerorganisatie_id = organisaties[organisatie.naam].id
        # MFA on, with the fixed secret; no recovery codes (they are random)
        gebruiker.mfa_geheim = geheim
        gebruiker.mfa_actief = True
    db.session.flush()
    casussen = _agendacasussen(gebruikers[REGISSEUR])
    if casussen is None:
        return None
    return _overleg(gebruikers, organisaties, casussen)


def _verband() -> dict[str, Partnerorganisatie]:
    verband = Samenwerkingsverband(
        naam=VERBAND,
        omschrijving="Zorg- en Veiligheidshuis van de regio Haaglanden, met Zoetermeer.",
    )
    db.session.add(verband)
    db.session.flush()
    organisaties = {
        o.naam: Partnerorganisatie(
            verband_id=verband.id,
            naam=o.naam,
            soort=o.soort,
            grondslag_soort=o.grondslag_soort,
            grondslag=o.grondslag,
            artikel=o.artikel,
        )
        for o in ORGANISATIES
    }
    db.session.add_all(organisaties.values())
    db.session.flush()
    return organisaties


def _agendacasussen(regisseur: Gebruiker) -> list[Casus] | None:
    """The regisseur's longest-running active case with a person of each AGENDA aanpak
    (with an intervention when its interventions are shared, so the partner sees some)."""
    casussen = []
    for aanpak, items in AGENDA:
        query = select(Casus).where(
            Casus.regisseur_id == regisseur.id,
            Casus.aanpak == aanpak,
            Casus.status == "actief",
            Casus.persoon_id.is_not(None),
        )
        if "interventies" in items:
            query = query.where(exists().where(Interventie.casus_id == Casus.id))
        casus = db.session.scalars(query.order_by(Casus.aangemeld_op, Casus.ref).limit(1)).first()
        if casus is None:
            return None
        casussen.append(casus)
    return casussen


def _overleg(
    gebruikers: dict[str, Gebruiker],
    organisaties: dict[str, Partnerorganisatie],
    casussen: list[Casus],
) -> Partneroverleg:
    """The meeting, through the services as on the pages: the chair plans it (its basis
    from the first invited organisation's agreement) and invites the partner users; the
    regisseur puts the cases on the agenda with their items; the chair confirms them and
    sends the agenda (the register gets one row per item and partner user) and records
    two afspraken; the police reports back on its own."""
    voorzitter, regisseur = gebruikers[VOORZITTER], gebruikers[REGISSEUR]
    partners = [gebruikers[naam] for naam in PARTNERGEBRUIKERS]
    eerste = organisaties[POLITIE.naam]
    datum = vandaag() + OVERLEG_OVER
    overleg = maak_overleg(
        actor=voorzitter,
        verband=eerste.verband,
        soort="gemengd",
        datum=datum,
        doel=DOEL,
        grondslag_soort=eerste.grondslag_soort,
        grondslag=eerste.grondslag,
        artikel=eerste.artikel,
        deelnemers=partners,
    )
    for casus, (_, items) in zip(casussen, AGENDA, strict=True):
        punt = zet_op_agenda(overleg, casus, items, actor=regisseur)
        bevestig(punt, actor=voorzitter)
    verstuur_agenda(overleg, actor=voorzitter)
    politie = maak_afspraak(
        overleg,
        casussen[0],
        omschrijving=AFSPRAAK_POLITIE,
        organisatie=eerste,
        uiterlijk=datum + timedelta(days=14),
        actor=voorzitter,
    )
    maak_afspraak(
        overleg,
        casussen[1],
        omschrijving=AFSPRAAK_REGISSEUR,
        regisseur=regisseur,
        uiterlijk=datum + timedelta(days=21),
        actor=voorzitter,
    )
    meld_terug(politie, TERUGMELDING, False, actor=gebruikers["politie"])
    return overleg
