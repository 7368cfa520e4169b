"""The case page as a workbench, in Chromium at laptop (1366) and phone (390) width: a
refused note shows its error summary in view and focused, with the text still there; a
saved note keeps the user at the form with the message in view; a case is closed
through the status step with a toelichting; axe finds nothing on the new case page and
the status step. Also takes the screenshots of the new case page for docs/."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask

from casus.casussen.models import Casus, Gebeurtenis, Notitie
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.extensions import db
from casus.klok import vandaag
from casus.toegang.actor import IMPORT
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
    vers,
)
from tests.hulp.fabrieken import gebruiker, persoon

pytestmark = pytest.mark.usefixtures("leeg")

BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]


def actieve_casus(leeg: Flask, notities: int = 30) -> int:
    """An active PGA Jeugd case of regisseur ``jdevries`` with a long history."""
    regisseur = gebruiker("jdevries", "regisseur:pga_jeugd", naam="Jeroen de Vries")
    begin = vandaag() - timedelta(days=200)
    casus = meld_aan(
        "pga_jeugd",
        aangemeld_op=begin,
        persoon=persoon("Daan", "Visser", date(2008, 5, 17)),
        aanmeldreden="Structurele overlast in het winkelcentrum.",
        actor=IMPORT,
    )
    pas_transitie_toe(
        casus,
        "triageren",
        datum=begin + timedelta(days=7),
        actor=IMPORT,
        regisseur=regisseur,
        historisch=True,
    )
    pas_transitie_toe(casus, "starten", datum=begin + timedelta(days=8), actor=IMPORT)
    db.session.add_all(
        Notitie(
            casus=casus,
            soort="contactmoment" if i % 3 else "notitie",
            datum=begin + timedelta(days=10 + i * 5),
            tekst=f"Gesprek {i + 1} met Daan over school, werk en thuis. " * 3,
        )
        for i in range(notities)
    )
    db.session.commit()
    return casus.id


def open_casus(nieuwe_context: NieuweContext, server: Server, viewport: dict[str, int]) -> Any:
    context = nieuwe_context(server, "jdevries", viewport=viewport)
    context.add_init_script(path=AXE)
    return context.new_page()


@pytest.mark.parametrize("viewport", BREEDTES)
def test_a_refused_note_shows_its_error_summary_in_view_and_focused_with_the_text_kept(
    leeg: Flask, server: Server, nieuwe_context: NieuweContext, viewport: dict[str, int]
) -> None:
    casus_id = actieve_casus(leeg)
    page = open_casus(nieuwe_context, server, viewport)
    page.goto(f"/casus/{casus_id}")
    notitie = page.get_by_role("form", name="Notitie of contactmoment")
    notitie.get_by_label("Datum").fill((vandaag() + timedelta(days=1)).isoformat())
    notitie.get_by_label("Tekst").fill("Moeder gebeld over de schoolkeuze.")
    notitie.get_by_role("button", name="Vastleggen").click()

    samenvatting = page.locator("[data-foutsamenvatting]")
    expect(samenvatting).to_be_focused()
    expect(samenvatting).to_be_in_viewport()
    morgen = vandaag() + timedelta(days=1)
    expect(samenvatting).to_contain_text(f"De datum {morgen:%d-%m-%Y} ligt in de toekomst.")
    assert page.url.endswith("#notitie-fouten")
    notitie = page.get_by_role("form", name="Notitie of contactmoment")
    expect(notitie.get_by_label("Tekst")).to_have_value("Moeder gebeld over de schoolkeuze.")
    # the link in the summary takes the user to the field
    samenvatting.get_by_role("link").first.click()
    expect(notitie.get_by_label("Datum")).to_be_focused()
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    vers()
    assert (
        db.session.query(Notitie).filter_by(tekst="Moeder gebeld over de schoolkeuze.").count() == 0
    )


@pytest.mark.parametrize("viewport", BREEDTES)
def test_a_saved_note_keeps_the_user_at_the_form_with_the_message_in_view(
    leeg: Flask, server: Server, nieuwe_context: NieuweContext, viewport: dict[str, int]
) -> None:
    casus_id = actieve_casus(leeg)
    page = open_casus(nieuwe_context, server, viewport)
    page.goto(f"/casus/{casus_id}")
    notitie = page.get_by_role("form", name="Notitie of contactmoment")
    notitie.get_by_label("Vorm van contact").select_option(label="Huisbezoek")
    notitie.get_by_label("Tekst").fill("Huisbezoek: Daan had zijn rooster bij zich.")
    notitie.get_by_role("button", name="Vastleggen").click()

    melding = page.get_by_role("status").filter(has_text="Contactmoment vastgelegd.")
    expect(melding).to_be_in_viewport()
    assert page.url.endswith("?sectie=notitie#notitie")
    # the form is open again, empty, for the next note
    expect(page.get_by_role("form", name="Notitie of contactmoment")).to_be_visible()
    expect(page.locator("ol.tijdlijn")).to_contain_text("Daan had zijn rooster bij zich.")


@pytest.mark.parametrize("viewport", BREEDTES)
def test_a_case_is_closed_through_the_status_step_with_a_toelichting(
    leeg: Flask, server: Server, nieuwe_context: NieuweContext, viewport: dict[str, int]
) -> None:
    casus_id = actieve_casus(leeg, notities=3)
    page = open_casus(nieuwe_context, server, viewport)
    page.goto(f"/casus/{casus_id}")
    page.get_by_role("link", name="Status wijzigen").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Status wijzigen")
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    page.get_by_role("link", name="Niet succesvol afsluiten").click()
    bevestigen = page.locator("#bevestigen")
    expect(bevestigen).to_contain_text("Niet succesvol afgesloten")
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))

    page.get_by_label("Reden").select_option(label="Recidive")
    page.get_by_role("button", name="Casus niet succesvol afsluiten").click()
    samenvatting = page.locator("[data-foutsamenvatting]")
    expect(samenvatting).to_be_focused()
    expect(samenvatting).to_be_in_viewport()
    expect(samenvatting).to_contain_text("Vul een toelichting in")
    expect(page.get_by_label("Reden")).to_have_value("recidive")  # the choice is kept
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))

    page.get_by_label("Toelichting").fill("Opnieuw aangehouden; wil geen hulp meer.")
    page.get_by_role("button", name="Casus niet succesvol afsluiten").click()
    melding = page.get_by_role("status").filter(has_text="De status is nu")
    expect(melding).to_contain_text("Niet succesvol afgesloten")
    expect(melding).to_be_in_viewport()
    expect(page.locator("ol.tijdlijn")).to_contain_text("Opnieuw aangehouden; wil geen hulp meer.")
    expect(page.get_by_role("link", name="Status wijzigen")).to_have_count(0)

    vers()
    casus = db.session.get(Casus, casus_id)
    assert casus is not None
    assert casus.status == "niet_succesvol_afgesloten"
    laatste = max(casus.gebeurtenissen, key=lambda g: g.volgnummer)
    assert isinstance(laatste, Gebeurtenis)
    assert laatste.toelichting == "Opnieuw aangehouden; wil geen hulp meer."


@pytest.mark.parametrize("viewport", BREEDTES)
def test_the_workbench_case_page_has_no_wcag_violations_and_is_photographed(
    leeg: Flask, server: Server, nieuwe_context: NieuweContext, viewport: dict[str, int]
) -> None:
    casus_id = actieve_casus(leeg)
    page = open_casus(nieuwe_context, server, viewport)
    page.goto(f"/casus/{casus_id}")
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    # the forms come first: the note's form is in view without scrolling on a laptop
    if viewport == LAPTOP:
        expect(page.get_by_role("form", name="Notitie of contactmoment")).to_be_in_viewport()
    # the page is no wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.get_by_role("link", name="Notities", exact=True).click()
    expect(page.locator(".tijdlijn__telling")).to_contain_text("van 10 regels")
    page.get_by_role("link", name="Alles", exact=True).click()
    expect(page.locator(".tijdlijn__telling")).to_contain_text("1–20 van 33 regels")
    page.get_by_role("link", name="Volgende pagina").click()
    expect(page.locator(".tijdlijn__telling")).to_contain_text("21–33 van 33 regels")
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))

    page.goto(f"/casus/{casus_id}")
    SCREENSHOTS.mkdir(exist_ok=True)  # kept out of git; the docs keep a copy
    page.screenshot(path=SCREENSHOTS / f"werkbank-casus-{viewport['width']}.png", full_page=True)
