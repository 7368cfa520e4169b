"""What the BRP said is personal data: the retention deletes it with the person and
their cases, and the inzage (AVG art. 15) lists it and every query of the BRP."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from casus.brp import services
from casus.brp.models import BrpControle, BrpWijziging
from casus.brp.stub import Stubserver
from casus.casussen.services import pas_transitie_toe
from casus.extensions import db
from casus.privacy.bewaartermijn import plan, voer_uit
from casus.privacy.inzage import inzage
from casus.privacy.leesbaar import leesbare_inzage
from casus.toegang.actor import BEWAARTERMIJN, IMPORT
from tests.hulp import fabrieken
from tests.hulp.brp import BSN_ONBEKEND, BSN_VERHUISD, BSN_VOLWASSEN

MOMENT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.klok(MOMENT)


@pytest.fixture
def wereld(brp: Stubserver, maak_casus: Any) -> dict[str, Any]:
    """Priya, refreshed twice for woonoverlast (a move signalled) and then closed;
    Jeroen, refreshed for PGA Jeugd, with an open case; an unlinked aanmelding check."""
    triage = fabrieken.gebruiker("triage", "triage:woonoverlast", "triage:pga_jeugd")
    priya = fabrieken.persoon("Priya", "Ramdin", bsn=BSN_VERHUISD)
    jeroen = fabrieken.persoon("Jeroen", "Bakker", bsn=BSN_VOLWASSEN)
    priya_casus = maak_casus("woonoverlast", "actief", persoon=priya)
    maak_casus("pga_jeugd", "actief", persoon=jeroen)
    services.ververs_persoon(triage, priya, "woonoverlast")
    services.ververs_persoon(triage, priya, "woonoverlast")
    services.ververs_persoon(triage, jeroen, "pga_jeugd")
    services.raadpleeg_bij_aanmelding(triage, "pga_jeugd", BSN_VOLWASSEN)
    pas_transitie_toe(
        priya_casus,
        "afsluiten_succesvol",
        datum=date(2025, 2, 1),
        actor=IMPORT,
        reden=fabrieken.reden_voor("woonoverlast", "afsluiten_succesvol"),
        historisch=True,
    )
    return {"triage": triage, "priya": priya, "jeroen": jeroen, "casus": priya_casus}


def test_retention_deletes_the_brp_data_of_an_anonymised_person(wereld: dict[str, Any]) -> None:
    priya, jeroen = wereld["priya"], wereld["jeroen"]
    assert len(db.session.scalars(select(BrpWijziging.id)).all()) == 1
    te_doen = plan(date(2031, 1, 1), actor=BEWAARTERMIJN)
    assert (te_doen.casus_ids, te_doen.persoon_ids) == ([wereld["casus"].id], [priya.id])
    tellingen = voer_uit(te_doen, actor=BEWAARTERMIJN)
    assert (tellingen["brp_signalen"], tellingen["brp_controles"]) == (1, 2)
    db.session.expire_all()
    assert db.session.scalars(select(BrpWijziging)).all() == []
    # Jeroen's check and the unlinked aanmelding check stay
    assert db.session.execute(
        select(BrpControle.persoon_id, BrpControle.aanpak).order_by(BrpControle.id)
    ).all() == [(jeroen.id, "pga_jeugd"), (None, "pga_jeugd")]


def test_nothing_of_the_brp_goes_before_the_term(wereld: dict[str, Any]) -> None:
    te_doen = plan(date(2029, 1, 1), actor=BEWAARTERMIJN)
    assert te_doen.persoon_ids == []
    tellingen = voer_uit(te_doen, actor=BEWAARTERMIJN)
    assert "brp_controles" not in tellingen
    assert len(db.session.scalars(select(BrpControle.id)).all()) == 4


def test_the_inzage_lists_the_stored_checks_the_signals_and_every_query(
    brp: Stubserver, wereld: dict[str, Any], maak_casus: Any
) -> None:
    priya = wereld["priya"]
    fg = fabrieken.gebruiker("fg", "privacy")
    # her case is closed, so no purpose to query for: a new aanmelding of hers gives one
    maak_casus("woonoverlast", "aangemeld", persoon=priya)
    priya.bsn = BSN_ONBEKEND  # a query that finds nobody is listed too
    services.ververs_persoon(wereld["triage"], priya, "woonoverlast")
    gegevens = inzage(priya, actor=fg)["brp"]
    assert [(c["aanpak"], c["gegevens"]["gemeente_naam"]) for c in gegevens["controles"]] == [
        ("woonoverlast", "'s-Gravenhage"),
        ("woonoverlast", "'s-Gravenhage"),
    ]
    assert [(s["soort"], s["omschrijving"]) for s in gegevens["signalen"]] == [
        ("verhuisd", "Ingeschreven in 's-Gravenhage")
    ]
    assert [
        (r["aanpak"], r["doelbinding"], r["aanleiding"], r["uitkomst"])
        for r in gegevens["raadplegingen"]
    ] == [
        ("woonoverlast", "WOONOVERLAST", "persoon", "gevonden"),
        ("woonoverlast", "WOONOVERLAST", "persoon", "gevonden"),
        ("woonoverlast", "WOONOVERLAST", "persoon", "niet_gevonden"),
    ]
    overzicht = leesbare_inzage(priya, actor=fg)
    gevraagd = "naam, geboortedatum, adres en gemeente van inschrijving en overlijden"
    regels = [r.tekst for r in overzicht.ingezien if "BRP" in r.tekst]
    geraadpleegd = (
        "Test triage: Basisregistratie Personen (BRP) geraadpleegd voor Woonoverlast, "
        f"bijgewerkt op de persoonspagina; gevraagd: {gevraagd}"
    )
    assert regels == [
        geraadpleegd,
        "Test triage: Signaal uit de BRP gemaakt (verhuizing of overlijden): verhuisd naar "
        f"een andere gemeente (casus {wereld['casus'].ref})",
        geraadpleegd,
        geraadpleegd + "; zonder resultaat: de BRP kende geen persoon met dit BSN",
    ]
    [woonoverlast] = overzicht.aanpakken
    assert woonoverlast.bronnen[-1] == (
        "De Basisregistratie Personen (BRP), voor deze aanpak geraadpleegd: " + gevraagd + "."
    )


def test_the_readable_inzage_names_a_stored_check_that_has_no_query_record(
    maak_casus: Any,
) -> None:
    # as the demo stores one: a check of name, birth date and address, no audit record
    fg = fabrieken.gebruiker("fg", "privacy")
    sanne = fabrieken.persoon("Sanne", "Kramer", bsn=BSN_VOLWASSEN)
    maak_casus("woonoverlast", "actief", persoon=sanne)
    db.session.add(
        BrpControle(
            persoon_id=sanne.id,
            aanpak="woonoverlast",
            bsn=BSN_VOLWASSEN,
            gegevens={
                "bsn": BSN_VOLWASSEN,
                "voornamen": "Sanne",
                "geslachtsnaam": "Kramer",
                "geboortedatum": "1990-05-20",
                "adres": "Dorpsstraat 1, 2712 AB Zoetermeer",
                "gemeente_code": "0637",
                "overleden_op": None,
                "gezag": [],
            },
        )
    )
    db.session.flush()
    [woonoverlast] = leesbare_inzage(sanne, actor=fg).aanpakken
    assert woonoverlast.bronnen[-1] == (
        "De Basisregistratie Personen (BRP), voor deze aanpak geraadpleegd: naam, "
        "geboortedatum en adres en gemeente van inschrijving."
    )
