"""Search from the header box: a regisseur types a name without its accents and finds the
person, at laptop and phone width, with no accessibility violations; on SQLite and on
PostgreSQL (the search form of the name, ``zoeknaam``, and its trigram index there)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from casus.casussen.models import Casus
from casus.casussen.services import meld_aan
from casus.extensions import db
from casus.klok import vandaag
from casus.toegang.actor import IMPORT
from tests.hulp.browser import (
    AXE,
    LAPTOP,
    SMAL,
    NieuweContext,
    Server,
    axe_overtredingen,
    beschrijf,
    expect,
)
from tests.hulp.fabrieken import gebruiker, persoon

BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]


@pytest.fixture(params=["sqlite", "postgresql"])
def zoekserver(request: pytest.FixtureRequest) -> Server:
    """The server of the test's database, its database emptied after the test."""
    if request.param == "sqlite":
        request.getfixturevalue("leeg")
        return request.getfixturevalue("server")  # type: ignore[no-any-return]
    request.getfixturevalue("leeg_postgres")
    return request.getfixturevalue("postgres_server")  # type: ignore[no-any-return]


@pytest.fixture
def gevonden(zoekserver: Server) -> Casus:
    """Ayşe Öztürk's PGA Jeugd case; a PGA-R case of Mehmet Öztürk the regisseur may
    not see."""
    gebruiker("jdevries", "regisseur:pga_jeugd", naam="Jeroen de Vries")
    op = vandaag() - timedelta(days=30)
    casus = meld_aan(
        "pga_jeugd",
        aangemeld_op=op,
        persoon=persoon("Ayşe", "Öztürk", date(2008, 3, 12)),
        actor=IMPORT,
    )
    meld_aan(
        "pga_r",
        aangemeld_op=op,
        persoon=persoon("Mehmet", "Öztürk", date(2007, 1, 2)),
        actor=IMPORT,
    )
    db.session.commit()
    return casus


@pytest.mark.parametrize("viewport", BREEDTES)
def test_regisseur_finds_oztuerk_by_typing_ozturk_in_the_header(
    nieuwe_context: NieuweContext, zoekserver: Server, gevonden: Casus, viewport: dict[str, int]
) -> None:
    context = nieuwe_context(zoekserver, "jdevries", viewport=viewport)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto("/")
    zoekvak = page.get_by_role("search", name="Snel zoeken").get_by_label(
        "Zoek op naam, BSN, geboortedatum of casusnummer"
    )
    zoekvak.fill("Ozturk")
    zoekvak.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Zoeken")
    resultaten = page.get_by_role("table", name="Gevonden casussen")
    expect(resultaten.get_by_role("link", name="Ayşe Öztürk")).to_be_visible()
    expect(resultaten.get_by_role("link", name=gevonden.ref)).to_be_visible()
    expect(resultaten.get_by_text("12-03-2008")).to_be_visible()
    expect(resultaten.get_by_text("Mehmet")).to_have_count(0)  # PGA-R: not visible
    assert "q=Ozturk" in page.url
    # the page is as wide as the screen: only the table may scroll sideways
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= viewport["width"], breedte
    overtredingen = axe_overtredingen(page)
    assert overtredingen == [], beschrijf(overtredingen)

    resultaten.get_by_role("link", name=gevonden.ref).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ayşe Öztürk")


@pytest.mark.usefixtures("gevonden")
def test_the_header_box_is_not_shown_to_a_user_who_may_not_search(
    nieuwe_context: NieuweContext, zoekserver: Server
) -> None:
    gebruiker("pvandijk", "manager", naam="Peter van Dijk")
    db.session.commit()
    page: Any = nieuwe_context(zoekserver, "pvandijk").new_page()
    page.goto("/rapportage/")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(page.get_by_role("search", name="Snel zoeken")).to_have_count(0)
