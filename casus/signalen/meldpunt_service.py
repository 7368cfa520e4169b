"""The public meldpunt's flow: which requests it handles (the limit per client address,
the size), the honeypot, and the signal a report becomes. The page
(``casus.signalen.meldpunt``) only shows the outcome; a report is one form through the
shared POST path (``casus.werkplek.formulier.verwerk``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from casus.audit import log_actie
from casus.beveiliging import limiet
from casus.errors import Ongeldig
from casus.klok import vandaag
from casus.signalen import services
from casus.signalen.models import Signaal
from casus.toegang.actor import MELDPUNT


@dataclass(frozen=True)
class Onderwerp:
    label: str
    aanpak: str
    thema: str


ONDERWERPEN: dict[str, Onderwerp] = {
    "radicalisering": Onderwerp(
        "Iemand lijkt te radicaliseren (bijvoorbeeld steeds extremere ideeën, zich afsluiten "
        "van familie en vrienden)",
        "pga_r",
        "radicalisering",
    ),
    "extremisme": Onderwerp(
        "Extremisme: iemand dreigt met geweld of zet anderen ertoe aan", "pga_r", "extremisme"
    ),
    "ondermijning": Onderwerp(
        "Ondermijning: een vermoeden van criminaliteit achter de voordeur of in een bedrijf "
        "(bijvoorbeeld drugs, witwassen, uitbuiting, illegale prostitutie)",
        "ondermijning",
        "overig",
    ),
}
# why a request is not handled
TE_VEEL = "te_veel"  # too many reports from this client address within the window
TE_GROOT = "te_groot"  # larger than MELDPUNT_MAX_BYTES


def weigering(adres: str | None, omvang: int | None) -> str | None:
    """Whether the meldpunt handles this request: None, or why not (``TE_VEEL``,
    ``TE_GROOT``). Every request counts towards the limit, a bot's and a refused one too;
    the count holds whatever follows (``casus.beveiliging.limiet``)."""
    maximum = int(current_app.config.get("MELDPUNT_MAX_PER_ADRES", 5))
    if not limiet.tel_en_toets("meldpunt", adres, maximum):
        return TE_VEEL
    if (omvang or 0) > int(current_app.config.get("MELDPUNT_MAX_BYTES", 32_768)):
        return TE_GROOT
    return None


def meld(
    onderwerp: str,
    *,
    tekst: str | None,
    betreft_naam: str | None,
    betreft_adres: str | None,
    melder_naam: str | None,
    melder_contact: str | None,
    website: str | None,
    wijk: str | None = None,
) -> Signaal | None:
    """Register a report as an open signal for the team of its onderwerp, audit-logged
    without the client address (the privacy text promises it is not kept with the
    report). A honeypot hit (``website`` filled in: a bot) registers nothing; the page
    answers the same. Flushes only."""
    if website:
        return None
    gekozen = ONDERWERPEN.get(onderwerp)
    if gekozen is None:
        raise Ongeldig("Kies een van de mogelijkheden.", "onderwerp")
    signaal = services.registreer_signaal(
        gekozen.aanpak,
        ontvangen_op=vandaag(),
        bron="meldpunt",
        thema=gekozen.thema,
        tekst=tekst,
        actor=MELDPUNT,
        betreft_naam=betreft_naam,
        betreft_adres=betreft_adres,
        wijk=wijk,
        melder_naam=melder_naam,
        melder_contact=melder_contact,
    )
    log_actie(
        "signaal.gemeld_via_meldpunt", object_type="signaal", object_id=signaal.id, met_adres=False
    )
    return signaal
