"""Adding an aanpak is adding one definition: a seventh, nazorg, works end to end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from casus.auth.services import lees_rol
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.errors import TransitieGeweigerd
from casus.toegang.actor import IMPORT
from workflows import CATALOGUS
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
    Instellingen,
    Reden,
)

NAZORG = Aanpak(
    code="nazorg",
    label="Nazorg ex-gedetineerden",
    kort="Nazorg",
    omschrijving="Alle Zoetermeerse (ex-)gedetineerden.",
    redenen={
        NIET_OPGENOMEN: REDENEN_NIET_OPGENOMEN,
        IN_DE_WACHT: REDENEN_IN_DE_WACHT,
        SUCCESVOL_AFGESLOTEN: (
            Reden("huisvesting_en_inkomen", "Huisvesting en inkomen", positief=True),
        ),
        NIET_SUCCESVOL_AFGESLOTEN: (Reden("uit_beeld", "Uit beeld"),),
        OVERGEDRAGEN: (Reden("rio", "RIO"),),
    },
    kenmerken=(WIJK,),
    instellingen=Instellingen(bewaartermijn_jaren=3),
    volgorde=7,
)


@pytest.fixture
def nazorg() -> Iterator[Aanpak]:
    CATALOGUS.voeg_toe(NAZORG)
    yield NAZORG
    CATALOGUS.verwijder("nazorg")


def test_a_seventh_aanpak_runs_through_the_same_service(
    nazorg: Aanpak, maak_gebruiker_: Any
) -> None:
    assert CATALOGUS.codes()[-1] == "nazorg"
    assert lees_rol("regisseur:nazorg") == ("regisseur", "nazorg")
    regisseur = maak_gebruiker_("regisseur:nazorg")
    from casus.personen.models import Persoon

    casus = meld_aan(
        "nazorg",
        aangemeld_op=date(2025, 7, 1),
        persoon=Persoon(voornaam="Ali", achternaam="B"),
        kenmerken={"wijk": "Palenstein"},
        actor=IMPORT,
    )
    assert casus.ref == f"NAZORG-2025-{casus.id:05d}"
    pas_transitie_toe(casus, "triageren", datum=date(2025, 7, 2), actor=IMPORT, regisseur=regisseur)
    pas_transitie_toe(casus, "starten", datum=date(2025, 7, 3), actor=IMPORT)
    with pytest.raises(TransitieGeweigerd):
        pas_transitie_toe(
            casus, "afsluiten_succesvol", datum=date(2025, 8, 1), actor=IMPORT, reden="werk"
        )
    pas_transitie_toe(
        casus,
        "afsluiten_succesvol",
        datum=date(2025, 8, 1),
        actor=IMPORT,
        reden="huisvesting_en_inkomen",
    )
    assert casus.status == "succesvol_afgesloten"


def test_without_the_definition_the_aanpak_is_unknown() -> None:
    assert "nazorg" not in CATALOGUS
    with pytest.raises(Exception, match="Onbekende aanpak"):
        lees_rol("regisseur:nazorg")
