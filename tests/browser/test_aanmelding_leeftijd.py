"""The age limits at the aanmelding form, at laptop and phone width: a refused age shows
its reason next to the date of birth with the form kept; a warning asks for the box
"Ik heb de leeftijd gecontroleerd" and then registers. axe finds nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from casus.casussen.models import Casus
from casus.extensions import db
from casus.klok import vandaag
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
from tests.hulp.fabrieken import gebruiker

pytestmark = pytest.mark.usefixtures("leeg")

BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]


def aantal() -> int:
    db.session.rollback()  # a fresh read: the server wrote on its own connection
    return db.session.scalar(select(func.count()).select_from(Casus)) or 0


def geen_overtredingen(page: Any) -> None:
    overtredingen = axe_overtredingen(page)
    assert overtredingen == [], beschrijf(overtredingen)


def vul_in(page: Any, geboren: str) -> None:
    page.get_by_label("Voornaam", exact=True).fill("Noa")
    page.get_by_label("Achternaam", exact=True).fill("Bakker")
    page.get_by_label("Geboortedatum", exact=True).fill(geboren)
    page.get_by_label("Reden van aanmelding").fill("Betrokken bij een wapenincident")


@pytest.mark.parametrize("breedte", BREEDTES)
def test_a_refused_age_shows_its_reason_next_to_the_birth_date(
    nieuwe_context: NieuweContext, server: Server, leeg: Flask, breedte: dict[str, int]
) -> None:
    gebruiker("nregisseur", "regisseur:pga_jeugd", naam="Nina Regisseur")
    db.session.commit()
    context = nieuwe_context(server, "nregisseur", viewport=breedte)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto("/aanmelding/pga_jeugd")
    vandaag_ = vandaag()
    # 28 today: born on this day 28 years ago (1 March for 29 February)
    try:
        geboren = vandaag_.replace(year=vandaag_.year - 28)
    except ValueError:
        geboren = vandaag_.replace(year=vandaag_.year - 28, month=3, day=1)
    vul_in(page, geboren.isoformat())
    page.get_by_role("button", name="Aanmelding registreren").click()

    fout = page.locator("#geboortedatum-fout")
    expect(fout).to_contain_text("28 jaar oud")
    expect(fout).to_contain_text("PGA Jeugd is voor jongeren tot en met 27 jaar.")
    # next to the field: the field is described by it, in the same block
    veld = page.get_by_label("Geboortedatum", exact=True)
    expect(veld).to_have_attribute("aria-invalid", "true")
    assert "geboortedatum-fout" in (veld.get_attribute("aria-describedby") or "")
    expect(page.get_by_label("Voornaam", exact=True)).to_have_value("Noa")
    expect(page.get_by_label("Reden van aanmelding")).to_have_value(
        "Betrokken bij een wapenincident"
    )
    breedte_pagina = page.evaluate("document.documentElement.scrollWidth")
    assert breedte_pagina <= breedte["width"]
    geen_overtredingen(page)
    assert aantal() == 0


@pytest.mark.parametrize("breedte", BREEDTES)
def test_a_warning_is_confirmed_with_the_box_and_then_registers(
    nieuwe_context: NieuweContext, server: Server, leeg: Flask, breedte: dict[str, int]
) -> None:
    gebruiker("nregisseur", "regisseur:pga_jeugd", naam="Nina Regisseur")
    db.session.commit()
    context = nieuwe_context(server, "nregisseur", viewport=breedte)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto("/aanmelding/pga_jeugd")
    vul_in(page, (vandaag() - timedelta(days=30)).isoformat())  # one month old
    page.get_by_role("button", name="Aanmelding registreren").click()

    vink = page.get_by_label("Ik heb de leeftijd gecontroleerd")
    expect(vink).to_be_visible()
    expect(page.locator("#leeftijd_bevestigd-fout")).to_contain_text("0 jaar oud")
    geen_overtredingen(page)
    assert aantal() == 0
    vink.check()
    page.get_by_role("button", name="Aanmelding registreren").click()
    expect(page.get_by_text("geregistreerd; de casus staat in de triagewachtrij")).to_be_visible()
    assert aantal() == 1
