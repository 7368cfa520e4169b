"""Woonoverlast: nuisance from a dwelling, with the persons involved."""

from workflows.base import (
    ADRES,
    IN_DE_WACHT,
    NIET_OPGENOMEN,
    NIET_SUCCESVOL_AFGESLOTEN,
    OVERGEDRAGEN,
    REDENEN_IN_DE_WACHT,
    REDENEN_NIET_OPGENOMEN,
    SUCCESVOL_AFGESLOTEN,
    WIJK,
    Aanpak,
    Kenmerk,
    Reden,
    keuzes,
)

DEFINITIE = Aanpak(
    volgorde=6,
    prefix="WOL",
    code="woonoverlast",
    label="Woonoverlast",
    kort="Woonoverlast",
    omschrijving="Overlast vanuit een woning: zorgwoonoverlast en leefbaarheidswoonoverlast.",
    redenen={
        NIET_OPGENOMEN: REDENEN_NIET_OPGENOMEN,
        IN_DE_WACHT: REDENEN_IN_DE_WACHT,
        SUCCESVOL_AFGESLOTEN: (Reden("overlast_beeindigd", "Overlast beëindigd", positief=True),),
        NIET_SUCCESVOL_AFGESLOTEN: (
            Reden("geen_grond", "Geen grond"),
            Reden("overlast_voortgezet", "Overlast voortgezet"),
        ),
        OVERGEDRAGEN: (
            Reden("zorgpartij", "Zorgpartij"),
            Reden("corporatie", "Corporatie"),
        ),
    },
    kenmerken=(
        WIJK,
        ADRES,
        Kenmerk(
            "woningtype",
            "Woningtype",
            keuzes(
                ("corporatie", "Corporatiewoning"),
                ("koop", "Koopwoning"),
                ("particuliere_huur", "Particuliere huurwoning"),
            ),
        ),
        Kenmerk(
            "soort",
            "Soort overlast",
            keuzes(
                ("onbegrepen_gedrag", "Onbegrepen gedrag (zorgwoonoverlast)"),
                ("hoarder_vervuiler", "Hoarder / vervuiler (zorgwoonoverlast)"),
                ("leefbaarheid", "Leefbaarheidswoonoverlast"),
            ),
        ),
    ),
    onderwerpen=("persoon", "locatie"),
    persoon_verplicht=False,
)

# soort -> the memo's two families
ZORGWOONOVERLAST = ("onbegrepen_gedrag", "hoarder_vervuiler")
LEEFBAARHEIDSWOONOVERLAST = ("leefbaarheid",)
