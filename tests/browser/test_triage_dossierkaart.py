"""Triage with the facts on the table, in Chromium at laptop (1366) and phone (390)
width: a triage member logs in and lands on the queue, prepares Tuesday's meeting on
Monday (its decision buttons say from when they work), and on Tuesday opens meeting
mode, sees the dossier card, decides, and moves on to the next case. axe finds
nothing on the screens; the card is photographed for docs/.

The clock: the server runs in this process (``tests.hulp.browser.start``), so
time-machine moves its clock too. Monday is the real today (Chromium keeps its own
clock, and its cookies must not look expired); Tuesday is reached with
``time_machine.travel(..., tick=True)``, a running clock that starts the next morning,
so nothing is moved in the database behind the application's back.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from flask import Flask
from sqlalchemy import select

from casus.casussen.models import Casus, Gebeurtenis
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.extensions import db
from casus.klok import TIJDZONE, vandaag
from casus.personen.models import PolitieContact
from casus.toegang.actor import IMPORT
from casus.triage.models import Overleg
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
    log_in,
    vers,
)
from tests.hulp.fabrieken import gebruiker, persoon

pytestmark = pytest.mark.usefixtures("leeg")

BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus")
MAANDEN += ("september", "oktober", "november", "december")


def aanmelding(naam: tuple[str, str], geboren: date, aangemeld_op: date) -> Casus:
    return meld_aan(
        "pga_jeugd",
        aangemeld_op=aangemeld_op,
        persoon=persoon(*naam, geboren),
        aanmeldreden="Overlast en bedreiging van buurtbewoners.",
        actor=IMPORT,
    )


def wereld(morgen: date) -> dict[str, Any]:
    """Two aanmeldingen for the meeting. Lisa (16 on the meeting day) had an earlier
    PGA Jeugd case, not taken in; she also has an IPTA case the PGA Jeugd triage member
    may not see; police contacts 11 and 14 months before the meeting."""
    gebruiker("imulder", "triage:pga_jeugd", naam="Ingrid Mulder")
    gebruiker("jdevries", "regisseur:pga_jeugd", naam="Jeroen de Vries")
    gebruiker("kbakker", "regisseur:ipta", naam="Kees Bakker")
    geboren = morgen - timedelta(days=16 * 365 + 30)  # 16 years and about 26 days
    eerder = aanmelding(("Lisa", "de Boer"), geboren, vandaag() - timedelta(days=300))
    pas_transitie_toe(
        eerder,
        "niet_opnemen",
        datum=vandaag() - timedelta(days=290),
        actor=IMPORT,
        reden="onvoldoende_grond",
        historisch=True,
    )
    lisa = eerder.persoon
    assert lisa is not None
    ipta = meld_aan(
        "ipta", aangemeld_op=vandaag() - timedelta(days=100), persoon=lisa, actor=IMPORT
    )
    a = meld_aan(
        "pga_jeugd",
        aangemeld_op=vandaag() - timedelta(days=10),
        persoon=lisa,
        aanmeldreden="Bedreiging van een buurtbewoner.",
        actor=IMPORT,
    )
    b = aanmelding(("Sem", "Jansen"), date(2008, 4, 12), vandaag() - timedelta(days=5))
    db.session.add_all(
        [
            PolitieContact(persoon_id=lisa.id, datum=morgen - timedelta(days=335), soort="politie"),
            PolitieContact(persoon_id=lisa.id, datum=morgen - timedelta(days=425), soort="politie"),
        ]
    )
    db.session.commit()
    return {"a": a, "b": b, "eerder": eerder, "ipta": ipta, "geboren": geboren}


def lang(d: date) -> str:
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


@pytest.mark.parametrize("viewport", BREEDTES)
def test_triage_member_prepares_a_meeting_ahead_and_decides_on_its_day_with_the_dossier_card(
    leeg: Flask, server: Server, nieuwe_context: NieuweContext, viewport: dict[str, int]
) -> None:
    maandag = vandaag()
    dinsdag = maandag + timedelta(days=1)
    w = wereld(dinsdag)
    context = nieuwe_context(server, viewport=viewport)
    context.add_init_script(path=AXE)
    page = context.new_page()

    # Monday: the triage member lands on the queue and prepares Tuesday's meeting
    log_in(page, "imulder")
    expect(page).to_have_url(re.compile(r"/triage/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtrij triage")
    page.goto("/triage/overleggen/nieuw")
    page.get_by_label("Datum van het overleg").fill(dinsdag.isoformat())
    page.get_by_label("Jeroen de Vries").check()
    page.get_by_role("button", name="Overleg aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Triageoverleg {lang(dinsdag)}")
    page.get_by_label("Notities").fill("Eerst Lisa bespreken.")
    page.get_by_role("button", name="Notities bewaren").click()
    expect(page.get_by_role("status")).to_contain_text("Notities bewaard.")
    page.get_by_role("link", name="Vergadermodus starten").click()
    expect(page.get_by_text("Punt 1 van 2")).to_be_visible()
    expect(page.get_by_text(f"Besluiten in dit overleg kan vanaf {lang(dinsdag)}")).to_be_visible()
    opnemen = page.locator("form.besluit").filter(
        has=page.get_by_role("heading", name="Opnemen", exact=True)
    )
    expect(opnemen.get_by_role("button", name="Opnemen")).to_be_disabled()
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    vers()
    overleg = db.session.scalars(select(Overleg)).one()
    assert (overleg.datum, overleg.notities) == (dinsdag, "Eerst Lisa bespreken.")

    # Tuesday morning: a new session, the meeting decides
    morgen = datetime.combine(dinsdag, time(9, 0), tzinfo=TIJDZONE)
    with time_machine.travel(morgen, tick=True):
        log_in(page, "imulder")
        expect(page).to_have_url(re.compile(r"/triage/$"))
        page.goto(f"/triage/overleggen/{overleg.id}")
        page.get_by_role("link", name="Vergadermodus starten").click()
        expect(page.get_by_text("Punt 1 van 2")).to_be_visible()

        kaart = page.get_by_role("region", name="Dossier van Lisa de Boer")
        geboren = w["geboren"]
        expect(kaart).to_contain_text(f"{geboren:%d-%m-%Y} (16 jaar)")
        expect(kaart).to_contain_text(w["eerder"].ref)
        expect(kaart).to_contain_text("Niet opgenomen: Onvoldoende grond")
        expect(kaart).to_contain_text(f"1 sinds {dinsdag.replace(year=dinsdag.year - 1):%d-%m-%Y}")
        expect(kaart).to_contain_text(f"{dinsdag - timedelta(days=335):%d-%m-%Y}: Politie")
        expect(kaart).not_to_contain_text(f"{dinsdag - timedelta(days=425):%d-%m-%Y}")
        expect(kaart).not_to_contain_text(w["ipta"].ref)
        expect(page.get_by_text(w["ipta"].ref)).to_have_count(0)
        expect(page.get_by_text("Besluiten in dit overleg kan vanaf")).to_have_count(0)
        assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        SCREENSHOTS.mkdir(exist_ok=True)  # kept out of git; the docs keep a copy
        kaart.screenshot(path=SCREENSHOTS / f"triage-dossierkaart-{viewport['width']}.png")

        opnemen.get_by_label("Regisseur").select_option(label="Jeroen de Vries")
        opnemen.get_by_role("button", name="Opnemen").click()

        expect(page.get_by_role("status")).to_contain_text(f"Besluit over {w['a'].ref} vastgelegd.")
        expect(page.get_by_text("Punt 2 van 2")).to_be_visible()
        expect(page.get_by_role("region", name="Dossier van Sem Jansen")).to_be_visible()
        assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))

    vers()
    besluit = db.session.scalars(
        select(Gebeurtenis).where(
            Gebeurtenis.casus_id == w["a"].id, Gebeurtenis.transitie == "triageren"
        )
    ).one()
    assert (besluit.datum, (besluit.data or {}).get("overleg_id")) == (dinsdag, overleg.id)
    casus = db.session.get(Casus, w["a"].id)
    assert casus is not None
    assert (casus.status, casus.opname_op) == ("getriaged", dinsdag)
