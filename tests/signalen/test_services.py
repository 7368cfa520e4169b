"""Registering, linking, converting and closing a signal, through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from sqlalchemy import func, select

from casus.casussen.models import Casus
from casus.errors import Conflict, GeenToegang, Ongeldig
from casus.extensions import db
from casus.signalen import queries, services
from casus.signalen.models import Signaal, adres_sleutel, naam_sleutel

VANDAAG = date(2025, 3, 10)


def test_registering_a_signal_stores_it_open_with_a_number(maak_gebruiker_: Any) -> None:
    lid = maak_gebruiker_("regisseur:ondermijning")
    signaal = services.registreer_signaal(
        "ondermijning",
        ontvangen_op=date(2025, 2, 3),
        bron="handhaving",
        thema="drugscriminaliteit",
        tekst="Hennepgeur",
        actor=lid,
        betreft_soort="onderneming",
        betreft_naam="Snackbar De Hoek B.V.",
        betreft_kvk_nummer="12345678",
        betreft_adres="Dorpsstraat 12-A",
    )
    db.session.commit()
    assert signaal.status == "open"
    assert signaal.ref == f"SIG-OND-2025-{signaal.id:05d}"
    assert signaal.created_by_id == lid.id
    assert (signaal.adres_sleutel, signaal.naam_sleutel) == ("dorpsstraat12a", "snackbardehoek")


@pytest.mark.parametrize(
    ("velden", "veld"),
    [
        ({"thema": "radicalisering"}, "thema"),  # a pga_r theme for ondermijning
        ({"bron": "twitter"}, "bron"),
        ({"betreft_kvk_nummer": "1234"}, "betreft_kvk_nummer"),
        ({"ontvangen_op": date(2025, 3, 11)}, "ontvangen_op"),  # tomorrow
        ({"tekst": "x" * 5001}, "tekst"),
        ({"tekst": "nul\x00byte"}, "tekst"),
    ],
)
def test_registering_refuses_invalid_input(
    maak_gebruiker_: Any, velden: dict[str, Any], veld: str
) -> None:
    lid = maak_gebruiker_("regisseur:ondermijning")
    gegevens: dict[str, Any] = {
        "ontvangen_op": date(2025, 2, 3),
        "bron": "collega",
        "thema": "witwassen",
        "tekst": "iets",
    } | velden
    with time_machine.travel(VANDAAG, tick=False), pytest.raises(Ongeldig) as fout:
        services.registreer_signaal("ondermijning", actor=lid, **gegevens)
    assert fout.value.veld == veld
    assert db.session.scalar(select(func.count()).select_from(Signaal)) == 0


def test_only_team_members_and_only_aanpakken_that_take_signals(maak_gebruiker_: Any) -> None:
    pga_r = maak_gebruiker_("triage:pga_r")
    with pytest.raises(GeenToegang):
        services.registreer_signaal(
            "ondermijning",
            ontvangen_op=date(2025, 2, 3),
            bron="collega",
            thema="witwassen",
            tekst="x",
            actor=pga_r,
        )
    jeugd = maak_gebruiker_("regisseur:pga_jeugd")
    with pytest.raises(Ongeldig):
        services.registreer_signaal(
            "pga_jeugd",
            ontvangen_op=date(2025, 2, 3),
            bron="collega",
            thema="witwassen",
            tekst="x",
            actor=jeugd,
        )


def test_linking_a_signal_to_a_case_of_the_same_aanpak(
    maak_gebruiker_: Any, maak_casus: Any, maak_signaal: Any
) -> None:
    lid = maak_gebruiker_("regisseur:ondermijning")
    casus = maak_casus("ondermijning", "actief")
    signaal = maak_signaal()
    services.koppel(signaal, casus, actor=lid)
    db.session.commit()
    assert (signaal.status, signaal.casus_id, signaal.omgezet) == ("gekoppeld", casus.id, False)
    assert signaal.afgehandeld_door_id == lid.id
    assert [s.id for s in queries.signalen_van_casus(casus.id, lid)] == [signaal.id]
    # a decided signal cannot be decided again
    with pytest.raises(Conflict):
        services.sluit_af(signaal, "dubbel", actor=lid)


def test_linking_refuses_a_case_of_another_aanpak(
    maak_gebruiker_: Any, maak_casus: Any, maak_signaal: Any
) -> None:
    lid = maak_gebruiker_("regisseur:ondermijning", "regisseur:pga_r")
    casus = maak_casus("pga_r", "actief")
    signaal = maak_signaal()
    with pytest.raises(Ongeldig):
        services.koppel(signaal, casus, actor=lid)
    assert signaal.status == "open"


def test_converting_a_signal_creates_an_aanmelding_that_keeps_the_link(
    maak_gebruiker_: Any,
    maak_signaal: Any,
) -> None:
    lid = maak_gebruiker_("regisseur:ondermijning")
    signaal = maak_signaal(
        thema="witwassen",
        betreft_soort="onderneming",
        betreft_naam="Kapsalon Knip",
        betreft_kvk_nummer="87654321",
        betreft_adres="Markt 1",
    )
    with time_machine.travel(VANDAAG, tick=False):
        casus = services.zet_om(signaal, actor=lid, kenmerken={"herkomst": "lokaal"})
    db.session.commit()
    assert (casus.aanpak, casus.status, casus.aangemeld_op) == (
        "ondermijning",
        "aangemeld",
        VANDAAG,
    )
    assert casus.kenmerken == {
        "thema": "witwassen",
        "onderwerp": "onderneming",
        "naam": "Kapsalon Knip",
        "kvk_nummer": "87654321",
        "adres": "Markt 1",
        "herkomst": "lokaal",
    }
    assert casus.aanmeldreden == signaal.tekst
    assert (signaal.status, signaal.casus_id, signaal.omgezet) == ("gekoppeld", casus.id, True)
    assert db.session.scalar(select(func.count()).select_from(Casus)) == 1


def test_converting_a_pga_r_signal_needs_a_person(maak_gebruiker_: Any, maak_signaal: Any) -> None:
    lid = maak_gebruiker_("triage:pga_r")
    signaal = maak_signaal("pga_r", thema="extremisme")
    with time_machine.travel(VANDAAG, tick=False):
        with pytest.raises(Ongeldig):
            services.zet_om(signaal, actor=lid)
        db.session.rollback()
        persoon = services.nieuwe_persoon("Ali", None, "Bakker", date(2001, 5, 5))
        casus = services.zet_om(signaal, actor=lid, persoon=persoon)
    db.session.commit()
    assert casus.persoon is not None
    assert casus.persoon.volledige_naam == "Ali Bakker"
    assert signaal.persoon_id == casus.persoon_id


def test_closing_a_signal_requires_a_reason(maak_gebruiker_: Any, maak_signaal: Any) -> None:
    lid = maak_gebruiker_("regisseur:ondermijning")
    signaal = maak_signaal()
    with pytest.raises(Ongeldig):
        services.sluit_af(signaal, "   ", actor=lid)
    services.sluit_af(signaal, "Geen aanwijzingen na controle", actor=lid)
    db.session.commit()
    assert (signaal.status, signaal.afsluitreden, signaal.casus_id) == (
        "afgesloten",
        "Geen aanwijzingen na controle",
        None,
    )


def test_a_stale_version_is_a_conflict(maak_gebruiker_: Any, maak_signaal: Any) -> None:
    lid = maak_gebruiker_("regisseur:ondermijning")
    signaal = maak_signaal()
    with pytest.raises(Conflict):
        services.sluit_af(signaal, "reden", actor=lid, verwachte_versie=signaal.versie + 1)
    assert signaal.status == "open"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dorpsstraat 12-A, Zoetermeer", "dorpsstraat 12a"),
        ("Dorpsstr. 12 A", "DORPSSTRAAT 12A"),
        ("2711 AB  Dorpsstraat 12a", "Dorpsstraat 12a"),
    ],
)
def test_addresses_compare_normalised(a: str, b: str) -> None:
    assert adres_sleutel(a) == adres_sleutel(b)


def test_different_house_numbers_are_different_addresses() -> None:
    assert adres_sleutel("Dorpsstraat 12") != adres_sleutel("Dorpsstraat 121")
    assert adres_sleutel("Dorpsstraat 12") != adres_sleutel("Dorpsstraat 12a")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Snackbar De Hoek B.V.", "snackbar de hoek"),
        ("Café Olé", "cafe ole"),
        ("Bouw & Co V.O.F.", "bouw co"),
    ],
)
def test_company_names_compare_without_legal_form_and_punctuation(a: str, b: str) -> None:
    assert naam_sleutel(a) == naam_sleutel(b)
