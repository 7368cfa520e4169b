"""The lifecycle as a pure truth table: every state by every trigger, for every aanpak.

The expected table (``tests.hulp.levensloop``) is written out from domain.md section 3,
not derived from the definitions, so a wrong definition fails here.
"""

from __future__ import annotations

import pytest

from tests.hulp.levensloop import AANPAKKEN, STATUSSEN, TOEGESTAAN, TRIGGERS
from workflows import CATALOGUS, OngeldigeTransitie


def test_catalogue_holds_the_six_aanpakken_of_the_spec() -> None:
    assert set(CATALOGUS.codes()) >= set(AANPAKKEN)


@pytest.mark.parametrize("aanpak", AANPAKKEN)
@pytest.mark.parametrize("status", STATUSSEN)
def test_every_state_by_every_trigger(aanpak: str, status: str) -> None:
    for trigger in TRIGGERS:
        verwacht = TOEGESTAAN.get((status, trigger))
        if verwacht is None:
            with pytest.raises(OngeldigeTransitie):
                CATALOGUS.toegestane_transitie(aanpak, status, trigger)
        else:
            assert CATALOGUS.toegestane_transitie(aanpak, status, trigger).doel == verwacht


@pytest.mark.parametrize("aanpak", AANPAKKEN)
def test_mogelijke_triggers_are_exactly_the_allowed_ones(aanpak: str) -> None:
    for status in STATUSSEN:
        verwacht = {t for (s, t) in TOEGESTAAN if s == status}
        assert set(CATALOGUS.mogelijke_triggers(aanpak, status)) == verwacht


def test_machines_have_no_auto_transitions() -> None:
    for aanpak in AANPAKKEN:
        machine = CATALOGUS.machine(aanpak)
        assert not any(naam.startswith("to_") for naam in machine.events)
        assert machine.models == []  # never bound to rows


# reason codes per aanpak and status from domain.md (+ = positief)
REDENEN = {
    "pga_jeugd": {
        "succesvol_afgesloten": {"doelen_behaald+", "interventies_uitgeput+"},
        "niet_succesvol_afgesloten": {"recidive", "geen_medewerking", "overig"},
        "overgedragen": {"verhuizing", "andere_gemeente", "zorgpartij", "jeugdbescherming"},
    },
    "ipta": {
        "succesvol_afgesloten": {
            "werk+",
            "scholing+",
            "werk_en_scholing+",
            "behoud_werk_of_scholing+",
        },
        "niet_succesvol_afgesloten": {"uit_beeld", "geen_motivatie", "uitgevallen"},
        "overgedragen": {"andere_gemeente", "zorgpartij"},
    },
    "rio": {
        "succesvol_afgesloten": {"gestabiliseerd+", "doelen_behaald+"},
        "niet_succesvol_afgesloten": {"niet_passend", "geen_motivatie", "recidive"},
        "overgedragen": {"jeugdbescherming+", "reclassering", "andere_gemeente", "zorgpartij"},
    },
    "pga_r": {
        "succesvol_afgesloten": {"afgeschaald+"},
        "niet_succesvol_afgesloten": {"geen_medewerking", "overig"},
        "overgedragen": {"andere_gemeente", "zorgpartij"},
    },
    "ondermijning": {
        "succesvol_afgesloten": {"interventie_ingezet+"},
        "niet_succesvol_afgesloten": {"geen_ondermijning", "onvoldoende_informatie"},
        "overgedragen": {"riec", "politie_om"},
    },
    "woonoverlast": {
        "succesvol_afgesloten": {"overlast_beeindigd+"},
        "niet_succesvol_afgesloten": {"geen_grond", "overlast_voortgezet"},
        "overgedragen": {"zorgpartij", "corporatie"},
    },
}


@pytest.mark.parametrize("aanpak", AANPAKKEN)
def test_reasons_and_positive_flags_match_the_spec(aanpak: str) -> None:
    definitie = CATALOGUS.get(aanpak)
    for status, verwacht in REDENEN[aanpak].items():
        gevonden = {r.code + ("+" if r.positief else "") for r in definitie.redenen[status]}
        assert gevonden == verwacht
    assert {r.code for r in definitie.redenen["niet_opgenomen"]} == {
        "geen_doelgroep",
        "elders_belegd",
        "onvoldoende_grond",
    }
    assert {r.code for r in definitie.redenen_voor("pauzeren")} == {
        "politieonderzoek",
        "wacht_op_informatie",
        "detentie",
    }


def test_kvk_nummer_needs_eight_digits() -> None:
    kvk = CATALOGUS.get("ondermijning").kenmerk("kvk_nummer")
    assert kvk is not None
    assert kvk.fout("12345678") is None
    assert kvk.fout("1234567") is not None
    assert kvk.fout("1234567a") is not None
