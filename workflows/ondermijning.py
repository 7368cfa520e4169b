"""Ondermijning: cases from signals on persons, companies or locations."""

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
    standaardnormen,
)

THEMAS = keuzes(
    ("drugscriminaliteit", "Drugscriminaliteit"),
    ("onvergunde_prostitutie", "Onvergunde prostitutie"),
    ("onverklaarbare_activiteiten", "Onverklaarbare activiteiten"),
    ("mensenhandel", "Mensenhandel"),
    ("arbeidsuitbuiting", "Arbeidsuitbuiting"),
    ("vastgoedcriminaliteit", "Vastgoedcriminaliteit"),
    ("witwassen", "Witwassen"),
    ("overig", "Overig"),
)

DEFINITIE = Aanpak(
    volgorde=5,
    prefix="OND",
    code="ondermijning",
    label="Ondermijning (cluster ondermijning)",
    kort="Ondermijning",
    omschrijving=(
        "Lokale en RIEC-casussen naar aanleiding van signalen; soms wachtend op politieonderzoek."
    ),
    redenen={
        NIET_OPGENOMEN: REDENEN_NIET_OPGENOMEN,
        IN_DE_WACHT: REDENEN_IN_DE_WACHT,
        SUCCESVOL_AFGESLOTEN: (Reden("interventie_ingezet", "Interventie ingezet", positief=True),),
        NIET_SUCCESVOL_AFGESLOTEN: (
            Reden("geen_ondermijning", "Geen sprake van ondermijning"),
            Reden("onvoldoende_informatie", "Onvoldoende informatie"),
        ),
        OVERGEDRAGEN: (
            Reden("riec", "RIEC"),
            Reden("politie_om", "Politie / OM"),
        ),
    },
    kenmerken=(
        WIJK,
        Kenmerk("herkomst", "Herkomst", keuzes(("lokaal", "Lokaal"), ("riec", "RIEC"))),
        Kenmerk("thema", "Thema", THEMAS),
        Kenmerk(
            "onderwerp",
            "Onderwerp",
            keuzes(("persoon", "Persoon"), ("onderneming", "Onderneming"), ("locatie", "Locatie")),
        ),
        Kenmerk("naam", "Naam onderneming", max_lengte=200),
        Kenmerk(
            "kvk_nummer",
            "KvK-nummer",
            patroon=r"\d{8}",
            patroon_uitleg="een KvK-nummer bestaat uit 8 cijfers",
        ),
        ADRES,
    ),
    onderwerpen=("persoon", "onderneming", "locatie"),
    persoon_verplicht=False,
    signaal_themas=THEMAS,
    # a case often waits for a police investigation: reviewed every 90 days
    normen=standaardnormen(wacht_dagen=90),
)
