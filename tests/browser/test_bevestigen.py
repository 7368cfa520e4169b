"""Journeys through the confirmations of what cannot be undone, at laptop and phone
width: a signal becomes an aanmelding only after its check page, and vaststellen of the
report shows the figures first and needs its box ticked. axe finds nothing on the new
pages."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from casus.casussen.models import Casus
from casus.extensions import db
from casus.klok import vandaag
from casus.rapportage.models import Vaststelling
from casus.rapportage.periode import laatste_halfjaar
from casus.signalen.models import Signaal
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
from tests.hulp.fabrieken import gebruiker, signaal

pytestmark = pytest.mark.usefixtures("leeg")

BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]


def aantal(model: Any) -> int:
    db.session.commit()  # a new read: the server committed in its own connection
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def geen_overtredingen(page: Any) -> None:
    overtredingen = axe_overtredingen(page)
    assert overtredingen == [], beschrijf(overtredingen)


@pytest.mark.parametrize("breedte", BREEDTES)
def test_a_signal_becomes_an_aanmelding_only_after_the_check_page(
    nieuwe_context: NieuweContext, server: Server, leeg: Flask, breedte: dict[str, int]
) -> None:
    gebruiker("rjanssen", "triage:ondermijning", naam="Rik Janssen")
    melding = signaal(betreft_naam="Kapsalon Knip", betreft_adres="Markt 1", ontvangen_op=vandaag())
    db.session.commit()
    context = nieuwe_context(server, "rjanssen", viewport=breedte)
    context.add_init_script(path=AXE)
    page = context.new_page()

    page.goto(f"/signalen/{melding.id}")
    page.get_by_role("link", name="Omzetten in aanmelding").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("omzetten in een aanmelding")
    geen_overtredingen(page)
    page.get_by_label("Voornaam").fill("Sara")
    page.get_by_label("Achternaam").fill("Smit")
    page.get_by_role("button", name="Verder naar controleren").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Controleren")
    expect(page.get_by_text("Dit kan niet ongedaan worden gemaakt.")).to_be_visible()
    expect(page.get_by_text("voor Sara Smit")).to_be_visible()
    geen_overtredingen(page)
    assert aantal(Casus) == 0  # nothing done yet

    page.get_by_role("button", name="Aanmelding maken en signaal afhandelen").click()
    expect(page.get_by_text("is omgezet in aanmelding")).to_be_visible()
    db.session.commit()
    [casus] = db.session.scalars(select(Casus)).all()
    omgezet = db.session.get(Signaal, melding.id)
    assert omgezet is not None
    assert (omgezet.status, omgezet.casus_id) == ("gekoppeld", casus.id)
    assert casus.persoon is not None
    assert casus.persoon.volledige_naam == "Sara Smit"


@pytest.mark.parametrize("breedte", BREEDTES)
def test_cancelling_a_conversion_changes_nothing(
    nieuwe_context: NieuweContext, server: Server, leeg: Flask, breedte: dict[str, int]
) -> None:
    gebruiker("rjanssen", "triage:ondermijning", naam="Rik Janssen")
    melding = signaal(ontvangen_op=vandaag())
    db.session.commit()
    page = nieuwe_context(server, "rjanssen", viewport=breedte).new_page()
    page.goto(f"/signalen/{melding.id}/omzetten")
    page.get_by_role("button", name="Verder naar controleren").click()
    page.get_by_role("link", name="Annuleren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Signaal {melding.ref}")
    assert aantal(Casus) == 0
    db.session.commit()
    assert db.session.get(Signaal, melding.id).status == "open"  # type: ignore[union-attr]


@pytest.mark.parametrize("breedte", BREEDTES)
def test_vaststellen_shows_the_figures_first_and_needs_the_box(
    nieuwe_context: NieuweContext, server: Server, leeg: Flask, breedte: dict[str, int]
) -> None:
    gebruiker("pvandijk", "manager", naam="Peter van Dijk")
    db.session.commit()
    periode = laatste_halfjaar(vandaag())
    context = nieuwe_context(server, "pvandijk", viewport=breedte)
    context.add_init_script(path=AXE)
    page = context.new_page()

    page.goto("/rapportage/")
    # the page's main action is the download; vaststellen is a link to its own page
    expect(page.get_by_role("link", name="Downloaden als Excel (XLSX)")).to_be_visible()
    expect(page.get_by_role("button", name="Vaststellen")).to_have_count(0)
    page.get_by_role("link", name="Vaststellen en verzenden aan de raad").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Rapport {'eerste' if periode.van.month == 1 else 'tweede'} halfjaar "
        f"{periode.van.year} vaststellen"
    )
    expect(page.get_by_role("heading", name="De cijfers die worden vastgesteld")).to_be_visible()
    expect(page.get_by_role("heading", name="Per aanpak")).to_be_visible()
    geen_overtredingen(page)

    knop = page.get_by_role("button", name="Vaststellen en verzenden aan de raad")
    knop.click()  # without the box: refused, next to the box
    expect(page.get_by_text("Vink aan dat u deze cijfers wilt vaststellen.").first).to_be_visible()
    geen_overtredingen(page)
    assert aantal(Vaststelling) == 0

    page.get_by_label("Ik begrijp dat deze cijfers vastliggen").check()
    page.get_by_role("button", name="Vaststellen en verzenden aan de raad").click()
    expect(page.get_by_text("Vastgesteld en verzonden aan de raad", exact=True)).to_be_visible()
    assert aantal(Vaststelling) == 1
