"""PGA Jeugd: persoonsgerichte aanpak jeugd (persons up to 27)."""

from workflows.base import (
    GUARD_GEEN_POLITIECONTACT,
    GUARD_HEEFT_INTERVENTIE,
    GUARD_VOORUITGANG_LEEFGEBIED,
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
    Instellingen,
    Leeftijdsgrens,
    Reden,
    standaardnormen,
)

DEFINITIE = Aanpak(
    volgorde=1,
    prefix="PGAJ",
    code="pga_jeugd",
    label="PGA Jeugd (persoonsgerichte aanpak jeugd)",
    kort="PGA Jeugd",
    omschrijving=(
        "Jongeren tot 27 jaar: high impact crimes, structurele overlast, wapenbezit, "
        "online aangejaagd geweld en jongeren die uit detentie komen."
    ),
    redenen={
        NIET_OPGENOMEN: REDENEN_NIET_OPGENOMEN,
        IN_DE_WACHT: REDENEN_IN_DE_WACHT,
        SUCCESVOL_AFGESLOTEN: (
            Reden("doelen_behaald", "Doelen behaald", positief=True),
            Reden("interventies_uitgeput", "Interventies uitgeput", positief=True),
        ),
        NIET_SUCCESVOL_AFGESLOTEN: (
            Reden("recidive", "Recidive"),
            Reden("geen_medewerking", "Geen medewerking"),
            Reden("overig", "Overig"),
        ),
        OVERGEDRAGEN: (
            Reden("verhuizing", "Verhuizing"),
            Reden("andere_gemeente", "Andere gemeente"),
            Reden("zorgpartij", "Zorgpartij"),
            Reden("jeugdbescherming", "Jeugdbescherming"),
        ),
    },
    kenmerken=(WIJK,),
    guards={
        ("afsluiten_succesvol", "doelen_behaald"): (
            GUARD_GEEN_POLITIECONTACT,
            GUARD_VOORUITGANG_LEEFGEBIED,
        ),
        ("afsluiten_succesvol", "interventies_uitgeput"): (GUARD_HEEFT_INTERVENTIE,),
    },
    instellingen=Instellingen(maanden_zonder_politiecontact=6),
    # young people: a contactmoment every three weeks
    normen=standaardnormen(contact_dagen=21),
    leeftijdsgrenzen=(
        Leeftijdsgrens(
            "PGA Jeugd is voor jongeren tot en met 27 jaar.",
            maximum=27,
        ),
        Leeftijdsgrens(
            "PGA Jeugd richt zich op jongeren die in beeld zijn door high impact crimes, "
            "overlast of wapenbezit; onder de 12 jaar is iemand niet strafrechtelijk "
            "aansprakelijk. Controleer de geboortedatum.",
            minimum=STRAFRECHTELIJKE_LEEFTIJD,
            weigeren=False,
        ),
    ),
)
