"""The BRP in Chromium at 1366 and 390 px, on SQLite and PostgreSQL, against the stub over
HTTP on loopback (issue 21).

A regisseur types an aanmelding with a BSN and a typo in the first name, looks it up in
the BRP: the panel "Wat de BRP zegt" shows the BRP next to what was typed (custody for a
minor in PGA Jeugd), the empty fields are filled in, the typo is marked "wijkt af";
"Gebruik BRP-gegeven" puts the BRP's first names in the field and the aanmelding
registers with the check linked to the new person. On the person page a refresh of a
person who moved out of the municipality gives the signal on the case, which the
regisseur marks handled. axe finds nothing on those pages; screenshots of each land in
tests/browser/screenshots/brp-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import URL, select

from casus.brp.models import BrpControle, BrpWijziging
from casus.brp.stub import Stubserver, start_stub
from casus.casussen.models import Casus
from casus.extensions import db
from tests.hulp import database
from tests.hulp.browser import (
    AXE,
    LAPTOP,
    SCREENSHOTS,
    SMAL,
    NieuweContext,
    Server,
    axe_overtredingen,
    beschrijf,
    expect,
    server_op,
    serverapp,
    vers,
)
from tests.hulp.brp import BSN_MINDERJARIG, BSN_VOLWASSEN, brp_config, verhuis
from tests.hulp.fabrieken import casus, gebruiker, gebruikers, persoon

BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]


@pytest.fixture(scope="module")
def stub() -> Iterator[Stubserver]:
    gestart = start_stub()
    yield gestart
    gestart.stop()


def _met_brp(bestand_of_url: Path | URL, stub: Stubserver) -> Any:
    return serverapp(bestand_of_url, **brp_config(stub))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def brp_server(
    request: pytest.FixtureRequest, stub: Stubserver, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """The application with the BRP on (the stub), on SQLite or on a throwaway PostgreSQL
    database (without PostgreSQL that half is skipped, and fails with CI=true)."""
    with server_op(
        request.param, "casus_browser_brp", tmp_path_factory, lambda db_: _met_brp(db_, stub)
    ) as server:
        yield server


@pytest.fixture
def brpserver(brp_server: Server, stub: Stubserver) -> Iterator[Server]:
    """``brp_server`` with an app context for the test; the stub as it started, the
    database emptied afterwards."""
    stub.herstel()
    with brp_server.app.app_context():
        yield brp_server
        database.leeg(brp_server.app)
    brp_server.sessies.clear()


def geen_overtredingen(page: Any) -> None:
    overtredingen = axe_overtredingen(page)
    assert overtredingen == [], beschrijf(overtredingen)


def past(page: Any, breedte: dict[str, int]) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= breedte["width"]


def schermafdruk(page: Any, naam: str, breedte: dict[str, int]) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{naam}-{breedte['width']}.png", full_page=True)


@pytest.mark.parametrize("breedte", BREEDTES)
def test_a_regisseur_looks_up_the_bsn_uses_a_brp_value_and_registers(
    nieuwe_context: NieuweContext, brpserver: Server, stub: Stubserver, breedte: dict[str, int]
) -> None:
    gebruiker("bregisseur", "regisseur:pga_jeugd", naam="Bas Regisseur")
    db.session.commit()
    context = nieuwe_context(brpserver, "bregisseur", viewport=breedte)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto("/aanmelding/pga_jeugd")
    page.get_by_label("Voornaam", exact=True).fill("Lote")
    page.get_by_label("BSN", exact=True).fill(BSN_MINDERJARIG)
    page.get_by_label("Reden van aanmelding").fill("Betrokken bij een vechtpartij op school")
    page.get_by_role("button", name="Opzoeken in de BRP").click()

    paneel = page.locator("#brp-paneel")
    expect(paneel.get_by_role("heading", name="Wat de BRP zegt")).to_be_visible()
    expect(paneel).to_be_focused()
    voornamen = paneel.get_by_role("row", name="Voornamen")
    expect(voornamen).to_contain_text("Lote")
    expect(voornamen).to_contain_text("Lotte Elif")
    expect(voornamen).to_contain_text("wijkt af")
    expect(paneel.get_by_role("row", name="Geslachtsnaam")).to_contain_text("ingevuld uit de BRP")
    expect(paneel.get_by_role("row", name="Gezag")).to_be_visible()
    # typed stays typed, empty fields filled in, the rest of the form kept
    expect(page.get_by_label("Voornaam", exact=True)).to_have_value("Lote")
    expect(page.get_by_label("Achternaam", exact=True)).to_have_value("Yilmaz")
    expect(page.get_by_label("Geboortedatum", exact=True)).to_have_value("2012-11-05")
    expect(page.get_by_label("Reden van aanmelding")).to_have_value(
        "Betrokken bij een vechtpartij op school"
    )
    past(page, breedte)
    geen_overtredingen(page)
    schermafdruk(page, "brp-aanmelding", breedte)

    voornamen.get_by_role("button", name="Gebruik BRP-gegeven").click()
    expect(page.get_by_label("Voornaam", exact=True)).to_have_value("Lotte Elif")
    expect(voornamen).to_contain_text("BRP-gegeven overgenomen")
    page.get_by_role("button", name="Aanmelding registreren").click()
    expect(page.get_by_text("geregistreerd; de casus staat in de triagewachtrij")).to_be_visible()

    vers()
    nieuw = db.session.scalars(select(Casus)).one()
    assert (nieuw.persoon.voornaam, nieuw.persoon.achternaam, nieuw.persoon.bsn) == (
        "Lotte Elif",
        "Yilmaz",
        BSN_MINDERJARIG,
    )
    controle = db.session.scalars(select(BrpControle)).one()
    assert controle.persoon_id == nieuw.persoon_id
    assert len(stub.ontvangen) == 1


@pytest.mark.parametrize("breedte", BREEDTES)
def test_a_refresh_of_a_person_who_moved_signals_it_on_the_case(
    nieuwe_context: NieuweContext, brpserver: Server, stub: Stubserver, breedte: dict[str, int]
) -> None:
    regisseur = gebruiker("wregisseur", "regisseur:woonoverlast", naam="Wim Regisseur")
    jeroen = persoon("Jeroen", "Bakker", None, bsn=BSN_VOLWASSEN, adres="Dorpsstraat 1")
    zaak = casus(
        "woonoverlast",
        "actief",
        regisseur=regisseur,
        persoon=jeroen,
        gebruikersfabriek=gebruikers(),
    )
    db.session.commit()
    context = nieuwe_context(brpserver, "wregisseur", viewport=breedte)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto(f"/persoon/{jeroen.id}")
    knop = page.get_by_role("button", name="Gegevens opvragen bij de BRP")
    knop.click()  # the first check: in Zoetermeer
    expect(page.get_by_text("De gegevens zijn opgevraagd bij de BRP.")).to_be_visible()
    expect(page.get_by_role("row", name="Adres")).to_contain_text("wijkt af")

    verhuis(stub, BSN_VOLWASSEN)
    page.get_by_role("button", name="Gegevens opnieuw opvragen bij de BRP").click()
    expect(page.get_by_text("Signaal (verhuizing): Ingeschreven in 's-Gravenhage.")).to_be_visible()
    past(page, breedte)
    geen_overtredingen(page)
    schermafdruk(page, "brp-persoon", breedte)

    page.goto(f"/casus/{zaak.id}")
    banner = page.locator(".brp-signaal")
    expect(banner).to_contain_text(
        "Uit de BRP: verhuisd naar een andere gemeente (ingeschreven in 's-Gravenhage)"
    )
    past(page, breedte)
    geen_overtredingen(page)
    schermafdruk(page, "brp-casus-signaal", breedte)
    banner.get_by_role("button", name="Afgehandeld").click()
    expect(page.get_by_text("Het signaal uit de BRP is afgehandeld.")).to_be_visible()
    expect(page.locator(".brp-signaal")).to_have_count(0)

    vers()
    wijziging = db.session.scalars(select(BrpWijziging)).one()
    assert wijziging.afgehandeld_door_id == regisseur.id
