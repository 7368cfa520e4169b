"""PGA-R: persoonsgerichte aanpak radicalisering (PARTA law, strictest need-to-know)."""

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
    keuzes,
)

DEFINITIE = Aanpak(
    volgorde=4,
    prefix="PGAR",
    code="pga_r",
    label="PGA-R (persoonsgerichte aanpak radicalisering)",
    kort="PGA-R",
    omschrijving="Terugkeerders en radicaliserende personen; werkwijze conform de wet PARTA.",
    redenen={
        NIET_OPGENOMEN: REDENEN_NIET_OPGENOMEN,
        IN_DE_WACHT: REDENEN_IN_DE_WACHT,
        SUCCESVOL_AFGESLOTEN: (Reden("afgeschaald", "Afgeschaald", positief=True),),
        NIET_SUCCESVOL_AFGESLOTEN: (
            Reden("geen_medewerking", "Geen medewerking"),
            Reden("overig", "Overig"),
        ),
        OVERGEDRAGEN: (
            Reden("andere_gemeente", "Andere gemeente"),
            Reden("zorgpartij", "Zorgpartij"),
        ),
    },
    kenmerken=(WIJK,),
    signaal_themas=keuzes(
        ("radicalisering", "Radicalisering"),
        ("extremisme", "Extremisme"),
        ("polarisatie", "Polarisatie"),
    ),
    strikt_vertrouwelijk=True,
)
