"""A list walked forward and back: the Werkvoorraad says where the user is and how many
cases there are, and the previous page shows the same cases as before; at laptop and
phone width, with no accessibility violations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

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


@pytest.mark.parametrize("breedte", BREEDTES)
def test_the_werkvoorraad_pages_forward_and_back_with_its_total(
    nieuwe_context: NieuweContext, server: Server, leeg: Flask, breedte: dict[str, int]
) -> None:
    grootte = int(leeg.config["PAGINA_GROOTTE"])
    aantal = 2 * grootte + 3  # three pages, the last with three cases
    gebruiker("jdevries", "regisseur:pga_jeugd", naam="Jeroen de Vries")
    for i in range(aantal):
        meld_aan(
            "pga_jeugd",
            aangemeld_op=vandaag() - timedelta(days=i + 1),
            persoon=persoon(f"Persoon{i:03d}", "Jansen"),
            actor=IMPORT,
        )
    meld_aan("ipta", aangemeld_op=vandaag(), persoon=persoon("Ander", "Team"), actor=IMPORT)
    db.session.commit()

    context = nieuwe_context(server, "jdevries", viewport=breedte)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto("/werkvoorraad/pga_jeugd")
    stand = page.locator(".paginering__stand")
    # the IPTA case is another team's: neither listed nor counted
    expect(stand).to_have_text(f"Pagina 1 van 3 · {aantal} casussen")
    expect(page.get_by_role("link", name="Vorige pagina")).to_have_count(0)
    eerste = page.locator("table a.ref").all_inner_texts()
    assert len(eerste) == grootte

    page.get_by_role("link", name="Volgende pagina").click()
    expect(stand).to_have_text(f"Pagina 2 van 3 · {aantal} casussen")
    tweede = page.locator("table a.ref").all_inner_texts()
    assert len(tweede) == grootte
    assert not set(tweede) & set(eerste)

    page.get_by_role("link", name="Volgende pagina").click()
    expect(stand).to_have_text(f"Pagina 3 van 3 · {aantal} casussen")
    assert len(page.locator("table a.ref").all_inner_texts()) == 3
    expect(page.get_by_role("link", name="Volgende pagina")).to_have_count(0)
    overtredingen = axe_overtredingen(page)
    assert overtredingen == [], beschrijf(overtredingen)

    page.get_by_role("link", name="Vorige pagina").click()
    expect(stand).to_have_text(f"Pagina 2 van 3 · {aantal} casussen")
    assert page.locator("table a.ref").all_inner_texts() == tweede
    page.get_by_role("link", name="Vorige pagina").click()
    expect(stand).to_have_text(f"Pagina 1 van 3 · {aantal} casussen")
    assert page.locator("table a.ref").all_inner_texts() == eerste
    breedte_pagina = page.evaluate("document.documentElement.scrollWidth")
    assert breedte_pagina <= breedte["width"], breedte_pagina
