"""RIO: re-integratieofficier for (ex-)detainees after a high impact crime."""

from datetime import date

from workflows.base import (
    IN_DE_WACHT,
    NIET_OPGENOMEN,
    NIET_SUCCESVOL_AFGESLOTEN,
    OVERGEDRAGEN,
    REDENEN_IN_DE_WACHT,
    REDENEN_NIET_OPGENOMEN,
    STRAFRECHTELIJKE_LEEFTIJD,
    SUCCESVOL_AFGESLOTEN,
    WIJK,
    Aanpak,
    Leeftijdsgrens,
    Reden,
)

# the council memo of 2025 (seeds/003, 004): since 2025 RIO takes in minors too
MINDERJARIGEN_VANAF = date(2025, 1, 1)

DEFINITIE = Aanpak(
    volgorde=3,
    prefix="RIO",
    code="rio",
    label="RIO (re-integratieofficier)",
    kort="RIO",
    omschrijving=(
        "(Ex-)detentiejongeren van 18 tot 27 jaar, sinds 2025 ook minderjarigen, "
        "na een high impact crime; re-integratieplan met PI, reclassering, politie en OM."
    ),
    redenen={
        NIET_OPGENOMEN: REDENEN_NIET_OPGENOMEN,
        IN_DE_WACHT: REDENEN_IN_DE_WACHT,
        SUCCESVOL_AFGESLOTEN: (
            Reden("gestabiliseerd", "Situatie gestabiliseerd", positief=True),
            Reden("doelen_behaald", "Doelen behaald", positief=True),
        ),
        NIET_SUCCESVOL_AFGESLOTEN: (
            Reden("niet_passend", "Begeleiding niet passend"),
            Reden("geen_motivatie", "Geen motivatie"),
            Reden("recidive", "Recidive"),
        ),
        OVERGEDRAGEN: (
            Reden("jeugdbescherming", "Jeugdbescherming", positief=True),
            Reden("reclassering", "Reclassering"),
            Reden("andere_gemeente", "Andere gemeente"),
            Reden("zorgpartij", "Zorgpartij"),
        ),
    },
    kenmerken=(WIJK,),
    leeftijdsgrenzen=(
        Leeftijdsgrens(
            "RIO begeleidde tot 2025 alleen (ex-)gedetineerden van 18 tot en met 27 jaar.",
            minimum=18,
            maximum=27,
            tot=MINDERJARIGEN_VANAF,
        ),
        Leeftijdsgrens(
            "RIO begeleidt (ex-)gedetineerden tot en met 27 jaar (sinds 2025 ook minderjarigen).",
            maximum=27,
            vanaf=MINDERJARIGEN_VANAF,
        ),
        Leeftijdsgrens(
            "RIO begeleidt jongeren na detentie; onder de 12 jaar kan iemand niet "
            "strafrechtelijk vervolgd of gedetineerd worden. Controleer de geboortedatum.",
            minimum=STRAFRECHTELIJKE_LEEFTIJD,
            weigeren=False,
            vanaf=MINDERJARIGEN_VANAF,
        ),
    ),
)
