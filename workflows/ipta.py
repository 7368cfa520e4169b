"""IPTA: integrale persoonsgerichte toeleiding naar arbeid."""

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
    volgorde=2,
    prefix="IPTA",
    code="ipta",
    label="IPTA (integrale persoonsgerichte toeleiding naar arbeid)",
    kort="IPTA",
    omschrijving="Preventieve coaching naar werk en/of school; samen met PGA Jeugd getriaged.",
    redenen={
        NIET_OPGENOMEN: REDENEN_NIET_OPGENOMEN,
        IN_DE_WACHT: REDENEN_IN_DE_WACHT,
        SUCCESVOL_AFGESLOTEN: (
            Reden("werk", "Toeleiding naar werk", positief=True),
            Reden("scholing", "Toeleiding naar scholing", positief=True),
            Reden("werk_en_scholing", "Werk en scholing", positief=True),
            Reden("behoud_werk_of_scholing", "Behoud van werk of scholing", positief=True),
        ),
        NIET_SUCCESVOL_AFGESLOTEN: (
            Reden("uit_beeld", "Uit beeld geraakt"),
            Reden("geen_motivatie", "Geen motivatie"),
            Reden("uitgevallen", "Uitgevallen"),
        ),
        OVERGEDRAGEN: (
            Reden("andere_gemeente", "Andere gemeente"),
            Reden("zorgpartij", "Zorgpartij"),
        ),
    },
    kenmerken=(WIJK,),
)
