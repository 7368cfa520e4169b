"""RIO: re-integratieofficier for (ex-)detainees after a high impact crime."""

from workflows.base import (
    IN_DE_WACHT,
    NIET_OPGENOMEN,
    NIET_SUCCESVOL_AFGESLOTEN,
    OVERGEDRAGEN,
    REDENEN_IN_DE_WACHT,
    REDENEN_NIET_OPGENOMEN,
    SUCCESVOL_AFGESLOTEN,
    WIJK,
    Aanpak,
    Reden,
)

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
)
