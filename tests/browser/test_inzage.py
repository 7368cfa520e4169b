"""The privacy officer's pages in Chromium at laptop (1366) and phone (390) width: the
AVG inzage lists a triage member's view of the case in words, and the retention pages
show the dry run, refuse a run without the box ticked and run it with. axe finds
nothing on any of them; the inzage is photographed (tests/browser/screenshots/
inzage-1366.png and inzage-390.png)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask

from casus.extensions import db
from casus.signalen.models import Signaal
from tests.hulp import fabrieken
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
)

pytestmark = pytest.mark.usefixtures("leeg")

BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]


def wereld() -> dict[str, Any]:
    """Sem Jansen's PGA Jeugd case, a triage member, the privacy officer, and a signal
    without a case received in 2015: long past its term, so retention has work."""
    fabrieken.gebruiker("tmulder", "triage:pga_jeugd", naam="Tineke Mulder")
    fabrieken.gebruiker("fgroen", "privacy", naam="Fatima Groen")
    sem = fabrieken.persoon("Sem", "Jansen", date(2007, 4, 12))
    casus = fabrieken.casus(
        "pga_jeugd", "actief", persoon=sem, gebruikersfabriek=fabrieken.gebruikers()
    )
    db.session.add(
        Signaal(
            aanpak="ondermijning",
            bron="collega",
            ontvangen_op=date(2015, 1, 10),
            thema="witwassen",
            tekst="Oud signaal",
        )
    )
    db.session.commit()
    return {"sem": sem, "casus": casus}


def past_in_breedte(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("viewport", BREEDTES)
def test_the_inzage_and_retention_pages_for_the_privacy_officer(
    leeg: Flask, server: Server, nieuwe_context: NieuweContext, viewport: dict[str, int]
) -> None:
    w = wereld()
    triage = nieuwe_context(server, "tmulder", viewport=viewport).new_page()
    triage.goto(f"/triage/casussen/{w['casus'].id}")
    expect(triage.get_by_role("heading", level=1)).to_be_visible()

    context = nieuwe_context(server, "fgroen", viewport=viewport)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto(f"/privacy/personen/{w['sem'].id}/inzage")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Uw gegevens bij de gemeente Zoetermeer"
    )
    expect(page.get_by_text("Tineke Mulder: Casus bekeken in de triage")).to_be_visible()
    expect(page.get_by_text("Fatima Groen: Inzageoverzicht (AVG) opgesteld")).to_be_visible()
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    assert past_in_breedte(page)
    page.screenshot(path=SCREENSHOTS / f"inzage-{viewport['width']}.png", full_page=True)

    # retention: the dry run, then the confirmation
    page.goto("/privacy/bewaartermijn")
    expect(
        page.get_by_role("heading", name="Signalen zonder casus die worden gewist (1)")
    ).to_be_visible()
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    assert past_in_breedte(page)
    page.get_by_role("link", name="Deze gegevens wissen…").click()
    expect(page.get_by_text("Dit kan niet ongedaan worden gemaakt.")).to_be_visible()
    page.get_by_role("button", name="Definitief wissen").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Vink aan dat u de gegevens definitief wilt wissen."
    )
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    assert past_in_breedte(page)
    page.get_by_label("Ik begrijp dat deze gegevens definitief worden gewist").check()
    page.get_by_role("button", name="Definitief wissen").click()
    expect(page.get_by_text("De bewaartermijn is toegepast")).to_be_visible()
    expect(page.get_by_text("Er is op dit moment niets over de bewaartermijn.")).to_be_visible()
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
