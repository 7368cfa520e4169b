"""Omzetten from the triage page of a case, in Chromium at laptop (1366) and phone (390)
width: "Omzetten…" first shows what will happen (the other aanpak, the new case number,
the team that decides next), and only its confirmation moves the case. axe finds
nothing on the confirmation page; it does not scroll sideways."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask

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

pytestmark = pytest.mark.usefixtures("leeg")

BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]


def opgehaald(casus_id: int) -> Casus:
    db.session.commit()  # a new read: the server committed in its own connection
    casus = db.session.get(Casus, casus_id)
    assert casus is not None
    db.session.refresh(casus)
    return casus


@pytest.mark.parametrize("breedte", BREEDTES)
def test_omzetten_is_confirmed_before_the_case_moves_to_the_other_aanpak(
    nieuwe_context: NieuweContext, server: Server, leeg: Flask, breedte: dict[str, int]
) -> None:
    gebruiker("imulder", "triage:pga_jeugd", naam="Ingrid Mulder")
    casus = meld_aan(
        "pga_jeugd",
        aangemeld_op=vandaag() - timedelta(days=5),
        persoon=persoon("Sem", "Jansen", date(2008, 4, 12)),
        aanmeldreden="Overlast in de wijk.",
        actor=IMPORT,
    )
    db.session.commit()
    casus_id, jaar = casus.id, casus.aangemeld_op.year
    oud, nieuw = f"PGAJ-{jaar}-{casus_id:05d}", f"IPTA-{jaar}-{casus_id:05d}"
    context = nieuwe_context(server, "imulder", viewport=breedte)
    context.add_init_script(path=AXE)
    page = context.new_page()

    page.goto(f"/triage/casussen/{casus_id}")
    omzetten = page.locator("form#besluit-omzetten")
    omzetten.get_by_label("Naar aanpak").select_option(label="IPTA")
    omzetten.get_by_role("button", name="Omzetten…").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Omzetten bevestigen")
    gevolg = page.locator("#gevolg")
    expect(gevolg).to_contain_text("de aanmelding wordt omgezet van PGA Jeugd naar IPTA")
    expect(gevolg).to_contain_text(f"het casusnummer {nieuw} uit de reeks van IPTA")
    expect(gevolg).to_contain_text(f"het huidige nummer {oud} blijft")
    expect(gevolg).to_contain_text("U zit niet in de triage van IPTA")
    expect(gevolg).to_contain_text(f"Het besluit geldt op {vandaag():%d-%m-%Y}.")
    expect(page.get_by_label("Naar aanpak")).to_have_value("ipta")
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert opgehaald(casus_id).aanpak == "pga_jeugd"  # step one changed nothing

    page.get_by_label("Toelichting").fill("Past beter bij IPTA.")
    page.get_by_role("button", name="Omzetten", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text(
        f"Besluit over {oud} vastgelegd: de casus is omgezet naar IPTA en heeft nu "
        f"casusnummer {nieuw}."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtrij triage")
    verplaatst = opgehaald(casus_id)
    assert (verplaatst.aanpak, verplaatst.status, verplaatst.ref) == ("ipta", "aangemeld", nieuw)
