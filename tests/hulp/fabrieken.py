"""Test data made through the real services: users, persons, cases and signals.

Every user has the password ``WACHTWOORD``. A case is registered with ``meld_aan`` and
driven to its status with ``pas_transitie_toe``, along ``PAD``, as the application
itself would.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import count
from typing import Any

from casus.auth.models import Gebruiker
from casus.auth.services import maak_gebruiker
from casus.casussen.models import Casus
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.documenten.models import Document
from casus.documenten.services import voeg_document_toe
from casus.extensions import db
from casus.personen.models import Persoon
from casus.signalen import services as signaalservices
from casus.signalen.models import Signaal
from casus.toegang.actor import IMPORT
from workflows import CATALOGUS

WACHTWOORD = "correct-paard-batterij-niet"

# how to reach each status from aangemeld: the triggers, in order
PAD: dict[str, list[str]] = {
    "aangemeld": [],
    "getriaged": ["triageren"],
    "actief": ["triageren", "starten"],
    "in_de_wacht": ["triageren", "starten", "pauzeren"],
    "niet_opgenomen": ["niet_opnemen"],
    "succesvol_afgesloten": ["triageren", "starten", "afsluiten_succesvol"],
    "niet_succesvol_afgesloten": ["triageren", "afsluiten_niet_succesvol"],
    "overgedragen": ["triageren", "overdragen"],
}


def gebruiker(gebruikersnaam: str, *rollen: str, naam: str | None = None) -> Gebruiker:
    """A user with ``WACHTWOORD`` and these roles (flushed, not committed); the display
    name is "Test <gebruikersnaam>" unless given."""
    return maak_gebruiker(
        gebruikersnaam, WACHTWOORD, naam=naam or f"Test {gebruikersnaam}", rollen=rollen
    )


def gebruikers() -> Callable[..., Gebruiker]:
    """``maak(*rollen, naam=None)``: a user named ``naam``, or gebruiker1, gebruiker2, ..."""
    teller = count(1)

    def maak(*rollen: str, naam: str | None = None) -> Gebruiker:
        return gebruiker(naam or f"gebruiker{next(teller)}", *rollen)

    return maak


def persoon(
    voornaam: str = "Sem",
    achternaam: str = "Jansen",
    geboortedatum: date | None = date(2007, 4, 12),
    **velden: Any,
) -> Persoon:
    """A person (flushed)."""
    p = Persoon(voornaam=voornaam, achternaam=achternaam, geboortedatum=geboortedatum, **velden)
    db.session.add(p)
    db.session.flush()
    return p


_nieuwe_persoon = persoon  # casus() has a parameter of that name


def reden_voor(aanpak: str, trigger: str) -> str | None:
    """The first reason code the aanpak offers for ``trigger`` (None: it asks none)."""
    redenen = CATALOGUS.get(aanpak).redenen_voor(trigger)
    return redenen[0].code if redenen else None


def casus(
    aanpak: str = "pga_jeugd",
    status: str = "aangemeld",
    *,
    regisseur: Gebruiker | None = None,
    aangemeld_op: date = date(2025, 1, 6),
    persoon: Persoon | None = None,
    gebruikersfabriek: Callable[..., Gebruiker],
    **kwargs: Any,
) -> Casus:
    """A case of a new person (Sem Jansen) or ``persoon``, registered on ``aangemeld_op``
    and driven to ``status`` one day per step. Taken in by ``regisseur``, else by a new
    regisseur of the aanpak made with ``gebruikersfabriek``; ``kwargs`` go to ``meld_aan``."""
    if persoon is None:
        persoon = _nieuwe_persoon()
    nieuw = meld_aan(aanpak, actor=IMPORT, aangemeld_op=aangemeld_op, persoon=persoon, **kwargs)
    if regisseur is None and PAD[status][:1] == ["triageren"]:
        regisseur = gebruikersfabriek(f"regisseur:{aanpak}")
    for stap, trigger in enumerate(PAD[status], start=1):
        pas_transitie_toe(
            nieuw,
            trigger,
            datum=date(2025, 1, 6 + stap),
            actor=IMPORT,
            reden=reden_voor(aanpak, trigger),
            partij="Gemeente Gouda" if trigger == "overdragen" else None,
            regisseur=regisseur if trigger == "triageren" else None,
            historisch=True,
        )
    return nieuw


def signaal(
    aanpak: str = "ondermijning",
    *,
    thema: str | None = None,
    bron: str = "meld_misdaad_anoniem",
    ontvangen_op: date = date(2025, 2, 3),
    tekst: str = "Veel verkeer bij een woning, 's nachts.",
    **kwargs: Any,
) -> Signaal:
    """A signal registered through the real service (committed); the aanpak's first
    theme unless given."""
    thema = thema or next(iter(signaalservices.themas(aanpak)))
    nieuw = signaalservices.registreer_signaal(
        aanpak,
        ontvangen_op=ontvangen_op,
        bron=bron,
        thema=thema,
        tekst=tekst,
        actor=IMPORT,
        **kwargs,
    )
    db.session.commit()
    return nieuw


# a small valid PDF: what the documents' factory stores
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def document(
    *,
    casus: Casus | None = None,
    signaal: Signaal | None = None,
    titel: str = "Brief",
    vertrouwelijkheid: str = "intern",
) -> Document:
    """A PDF letter on a case or a signal, added by the import through the service (the
    checks at the door; no scanner unless the test configured one). The storage is the
    test's: set DOCUMENTEN_MAP first."""
    return voeg_document_toe(
        IMPORT,
        casus=casus,
        signaal=signaal,
        titel=titel,
        soort="brief",
        datum=date(2025, 1, 20),
        vertrouwelijkheid=vertrouwelijkheid,
        bestandsnaam="brief.pdf",
        inhoud=PDF,
    )
