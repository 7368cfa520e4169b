"""A password reset by the beheerder, in Chromium at 1366 and 390 px: the user logs in,
is sent to choose a password of their own (a wrong current one is refused at its field),
changes it and lands on their start page; axe finds nothing on the way."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from casus.auth import wachtwoord
from casus.auth.models import Gebruiker
from casus.beheer.services import reset_wachtwoord
from casus.extensions import db
from tests.hulp.browser import (
    AXE,
    LAPTOP,
    SMAL,
    NieuweContext,
    Server,
    axe_overtredingen,
    beschrijf,
    expect,
    vers,
)
from tests.hulp.fabrieken import gebruiker

pytestmark = pytest.mark.usefixtures("leeg")

GEKOZEN = "door-de-beheerder-gekozen"
EIGEN = "mijn-eigen-lange-zin-voor-casus"
BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]


@pytest.fixture
def jeroen(leeg: Flask) -> Gebruiker:
    beheerder = gebruiker("beheer", "beheerder", naam="Bea Beheer")
    ik = gebruiker("jdevries", "regisseur:pga_jeugd", naam="Jeroen de Vries")
    reset_wachtwoord(ik, GEKOZEN, door=beheerder)
    db.session.commit()
    return ik


def _geen_overtredingen(page: Any, breedte: dict[str, int]) -> None:
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    # nothing wider than the window
    assert page.evaluate("() => document.documentElement.scrollWidth") <= breedte["width"]


@pytest.mark.parametrize("breedte", BREEDTES)
def test_a_reset_password_is_changed_at_the_next_log_in(
    server: Server, nieuwe_context: NieuweContext, jeroen: Gebruiker, breedte: dict[str, int]
) -> None:
    context = nieuwe_context(server, viewport=breedte)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto("/inloggen")
    page.get_by_label("Gebruikersnaam").fill("jdevries")
    page.get_by_label("Wachtwoord").fill(GEKOZEN)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kies een eigen wachtwoord")
    assert page.url.endswith("/account"), page.url
    _geen_overtredingen(page, breedte)
    # another page sends the user back here
    page.goto("/werkvoorraad")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies een eigen wachtwoord")

    # a wrong current password: refused at its field, in the summary too
    page.get_by_label("Huidig wachtwoord", exact=True).fill("niet-het-goede-wachtwoord")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(EIGEN)
    page.get_by_label("Nieuw wachtwoord nog een keer", exact=True).fill(EIGEN)
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    expect(page.locator("#huidig-fout")).to_have_text("Het huidige wachtwoord is onjuist.")
    expect(page.get_by_role("alert")).to_contain_text("Het huidige wachtwoord is onjuist.")
    _geen_overtredingen(page, breedte)

    page.get_by_label("Huidig wachtwoord", exact=True).fill(GEKOZEN)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(EIGEN)
    page.get_by_label("Nieuw wachtwoord nog een keer", exact=True).fill(EIGEN)
    page.get_by_role("button", name="Wachtwoord wijzigen").click()

    # the start page of a regisseur, with the message
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn casussen")
    expect(page.get_by_role("status")).to_contain_text("Uw wachtwoord is gewijzigd.")
    _geen_overtredingen(page, breedte)
    vers()
    ik = db.session.get(Gebruiker, jeroen.id)
    assert ik is not None
    assert not ik.moet_wachtwoord_wijzigen
    assert wachtwoord.controleer(ik.wachtwoord_hash, EIGEN)

    # Mijn account, from the name in the header
    page.get_by_role("link", name="Jeroen de Vries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn account")
    expect(page.locator("dl")).to_contain_text("Regisseur PGA Jeugd")
    _geen_overtredingen(page, breedte)
