"""No typed work lost, in Chromium at 1366 and 390 px: a note survives the idle warning
(its "Blijf ingelogd" extends the session without reloading), and survives an expired
session (sent, logged in again, back in the form, sent once)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from casus.auth.models import Gebruiker, Sessie
from casus.casussen.models import Casus, Notitie
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.extensions import db
from casus.klok import nu, vandaag
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
    log_in,
    vers,
)
from tests.hulp.fabrieken import gebruiker, persoon

pytestmark = pytest.mark.usefixtures("leeg")

TEKST = "Huisbezoek: moeder vertelt dat Daan weer naar school gaat."
TERUG = "Uw sessie was verlopen. Wat u had ingevuld staat er weer"
BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]


@pytest.fixture
def regisseur(leeg: Flask) -> Gebruiker:
    ik = gebruiker("jdevries", "regisseur:pga_jeugd", naam="Jeroen de Vries")
    db.session.commit()
    return ik


@pytest.fixture
def casus(regisseur: Gebruiker) -> Casus:
    aangemeld_op = vandaag() - timedelta(days=30)
    c = meld_aan(
        "pga_jeugd",
        aangemeld_op=aangemeld_op,
        persoon=persoon("Daan", "Visser", date(2008, 5, 17)),
        aanmeldreden="Structurele overlast in het winkelcentrum.",
        actor=IMPORT,
    )
    pas_transitie_toe(
        c,
        "triageren",
        datum=aangemeld_op + timedelta(days=7),
        actor=IMPORT,
        regisseur=regisseur,
        historisch=True,
    )
    pas_transitie_toe(
        c, "starten", datum=aangemeld_op + timedelta(days=8), actor=IMPORT, historisch=True
    )
    db.session.commit()
    return c


def _notitieform(page: Any) -> Any:
    return page.locator("form", has=page.locator("textarea[name='notitie-tekst']"))


def _zet_activiteit_terug(minuten: int) -> None:
    """The server-side session was last active ``minuten`` ago (as if the user had been
    typing that long without a request)."""
    vers()
    db.session.execute(update(Sessie).values(laatst_actief_op=nu() - timedelta(minutes=minuten)))
    db.session.commit()


def _notities() -> list[str]:
    vers()
    return list(db.session.scalars(select(Notitie.tekst)))


@pytest.mark.parametrize("breedte", BREEDTES)
def test_a_note_survives_the_idle_warning(
    server: Server, nieuwe_context: NieuweContext, casus: Casus, breedte: dict[str, int]
) -> None:
    context = nieuwe_context(server, viewport=breedte)
    context.add_init_script(path=AXE)
    page = context.new_page()
    log_in(page, "jdevries")
    page.clock.install()  # the page's timers: 13 minutes pass in an instant
    page.goto(f"/casus/{casus.id}")
    veld = _notitieform(page).locator("textarea[name='notitie-tekst']")
    veld.fill(TEKST)

    page.clock.fast_forward("13:01")  # two minutes before the 15-minute idle timeout
    waarschuwing = page.get_by_role("alertdialog")
    expect(waarschuwing).to_be_visible()
    expect(waarschuwing).to_contain_text("Uw sessie verloopt over 2 minuten")
    # fixed to the window, where the user is: its bottom edge is the window's
    vak = waarschuwing.bounding_box()
    assert vak is not None
    assert abs(vak["y"] + vak["height"] - breedte["height"]) <= 1, vak
    assert vak["width"] <= breedte["width"]
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))

    _zet_activiteit_terug(13)
    vers()
    voor = db.session.scalar(select(Sessie.laatst_actief_op))
    assert voor is not None
    # by keyboard: the button is reachable and works with Enter
    knop = waarschuwing.get_by_role("button", name="Blijf ingelogd")
    knop.focus()
    with page.expect_response(lambda r: r.url.endswith("/sessie/verlengen")) as antwoord:
        page.keyboard.press("Enter")
    assert antwoord.value.status == 200
    expect(waarschuwing).to_be_hidden()

    # the page was not reloaded: the text is still there, and the focus back in it
    expect(veld).to_have_value(TEKST)
    expect(veld).to_be_focused()
    vers()
    na = db.session.scalar(select(Sessie.laatst_actief_op))
    assert na is not None
    assert na - voor >= timedelta(minutes=12), (voor, na)
    # armed again: after another 13 minutes the warning is back
    page.clock.fast_forward("13:01")
    expect(waarschuwing).to_be_visible()

    # and the note is saved as usual
    _notitieform(page).get_by_role("button").last.click()
    expect(page.get_by_role("status").first).to_contain_text("vastgelegd")
    assert _notities() == [TEKST]


@pytest.mark.parametrize("breedte", BREEDTES)
def test_a_note_survives_an_expired_session(
    server: Server, nieuwe_context: NieuweContext, casus: Casus, breedte: dict[str, int]
) -> None:
    page = nieuwe_context(server, viewport=breedte).new_page()
    log_in(page, "jdevries")
    page.goto(f"/casus/{casus.id}")
    _notitieform(page).locator("textarea[name='notitie-tekst']").fill(TEKST)

    _zet_activiteit_terug(16)  # the idle timeout passed while typing
    _notitieform(page).get_by_role("button").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_role("status")).to_contain_text("daarna staat wat u had ingevuld er weer")
    assert _notities() == []

    page.get_by_label("Gebruikersnaam").fill("jdevries")
    page.get_by_label("Wachtwoord").fill(server.wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    # back on the case page, the note as it was typed, not yet sent
    expect(page.get_by_role("status").first).to_contain_text(TERUG)
    assert page.url.endswith(f"/casus/{casus.id}"), page.url
    expect(_notitieform(page).locator("textarea[name='notitie-tekst']")).to_have_value(TEKST)
    assert _notities() == []
    # nothing of it in the browser's storage
    opslag = page.evaluate(
        "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"
    )
    assert TEKST not in opslag

    _notitieform(page).get_by_role("button").last.click()
    expect(page.get_by_role("status").first).to_contain_text("vastgelegd")
    assert _notities() == [TEKST]


@pytest.mark.parametrize("breedte", BREEDTES)
def test_back_and_send_again_saves_the_note_once(
    server: Server, nieuwe_context: NieuweContext, casus: Casus, breedte: dict[str, int]
) -> None:
    page = nieuwe_context(server, viewport=breedte).new_page()
    log_in(page, "jdevries")
    page.goto(f"/casus/{casus.id}")
    token = _notitieform(page).locator("input[name='notitie-token']")
    eerste = token.input_value()
    _notitieform(page).locator("textarea[name='notitie-tekst']").fill(TEKST)
    _notitieform(page).get_by_role("button").last.click()
    expect(page.get_by_role("status").first).to_contain_text("vastgelegd")
    assert _notities() == [TEKST]

    # Back: Chromium fetches the page again (no-store), with a new token, and fills
    # the typed text back in; sent again, it is answered as the first was
    page.go_back()
    veld = _notitieform(page).locator("textarea[name='notitie-tekst']")
    expect(veld).to_have_value(TEKST)
    assert token.input_value() != eerste  # why the token alone did not stop it
    _notitieform(page).get_by_role("button").last.click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Dit formulier was al verstuurd; de notitie is één keer opgeslagen."
    )
    assert _notities() == [TEKST]
