"""The managers' overview (counts only, hand-worked), its page for managers only, and
the norm state on the pages that show it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.casussen.models import Casus, Notitie
from casus.errors import GeenToegang
from casus.extensions import db
from casus.termijnen.services import overzicht, termijnstanden
from tests.hulp.client import login

OP = date(2025, 5, 7)
pytestmark = pytest.mark.klok(OP)


@pytest.fixture
def wereld(maak_casus: Any, maak_gebruiker_: Any) -> dict[str, Any]:
    r1 = maak_gebruiker_("regisseur:ipta", naam="Anna Ipta")
    r2 = maak_gebruiker_("regisseur:pga_jeugd", "regisseur:ondermijning", naam="Bas Breed")
    w: dict[str, Any] = {"r1": r1, "r2": r2}
    # A: aangemeld Thursday 17 April: due 6 May, passed on 7 May
    w["a"] = maak_casus("pga_jeugd", aangemeld_op=date(2025, 4, 17))
    # B: aangemeld Thursday 24 April: 25 April, 28 April - 2 May, 6-9 May: due 9 May,
    # warning from 3 workdays before (6 May): nearing
    w["b"] = maak_casus("pga_jeugd", aangemeld_op=date(2025, 4, 24))
    # C: IPTA actief since 8 January, never a contact: 30 days passed long ago
    w["c"] = maak_casus("ipta", "actief", regisseur=r1)
    # D: IPTA, contact on 10 April: due 10 May, warning (5 days) from 5 May: nearing
    w["d"] = maak_casus("ipta", "actief", regisseur=r1)
    db.session.add(Notitie(casus=w["d"], soort="contactmoment", datum=date(2025, 4, 10), tekst="x"))
    # E: PGA Jeugd in de wacht, reviewed (a note) on 20 April: due 20 May, on time
    w["e"] = maak_casus("pga_jeugd", "in_de_wacht", regisseur=r2)
    db.session.add(Notitie(casus=w["e"], soort="notitie", datum=date(2025, 4, 20), tekst="x"))
    # F: Ondermijning in de wacht since 9 January, never reviewed: 90 days passed 9 April
    w["f"] = maak_casus("ondermijning", "in_de_wacht", regisseur=r2)
    # G: closed: no norm
    w["g"] = maak_casus("pga_jeugd", "niet_opgenomen")
    # H: PGA Jeugd opgenomen on 7 January, never started: 10 workdays passed
    w["h"] = maak_casus("pga_jeugd", "getriaged", regisseur=r2)
    db.session.commit()
    return w


def test_the_overview_counts_per_aanpak_norm_and_regisseur(
    wereld: dict[str, Any], maak_gebruiker_: Any
) -> None:
    manager = maak_gebruiker_("manager")
    uitkomst = overzicht(actor=manager, op=OP)

    def paar(aanpak: str, norm: str) -> tuple[int, int]:
        t = uitkomst.per_aanpak[aanpak][norm]
        return t.nadert, t.verlopen

    assert paar("pga_jeugd", "triage") == (1, 1)  # B, A
    assert paar("pga_jeugd", "starten") == (0, 1)  # H
    assert paar("pga_jeugd", "wacht") == (0, 0)  # E on time
    assert paar("pga_jeugd", "contact") == (0, 0)
    assert paar("ipta", "contact") == (1, 1)  # D, C
    assert paar("ondermijning", "wacht") == (0, 1)  # F
    assert paar("rio", "triage") == (0, 0)
    assert (uitkomst.totaal("pga_jeugd").nadert, uitkomst.totaal("pga_jeugd").verlopen) == (1, 2)
    assert [(naam, t.nadert, t.verlopen) for naam, t in uitkomst.per_regisseur] == [
        ("Test Bas Breed", 0, 2),
        ("Test Anna Ipta", 1, 1),
        (None, 1, 1),
    ]
    # the SQL counts and the per-case states agree (one truth)
    standen = termijnstanden(db.session.scalars(select(Casus)).all(), op=OP)
    assert sorted((s.stand, s.norm.code) for s in standen.values() if s.stand != "op_tijd") == [
        ("nadert", "contact"),
        ("nadert", "triage"),
        ("verlopen", "contact"),
        ("verlopen", "starten"),
        ("verlopen", "triage"),
        ("verlopen", "wacht"),
    ]
    assert wereld["g"].id not in standen
    assert standen[wereld["e"].id].vervaldatum == date(2025, 5, 20)


def test_the_overview_is_for_managers_only(wereld: dict[str, Any]) -> None:
    with pytest.raises(GeenToegang):
        overzicht(actor=wereld["r1"], op=OP)


def test_the_page_is_for_managers_and_shows_counts_only(
    client: FlaskClient, wereld: dict[str, Any], maak_gebruiker_: Any
) -> None:
    assert client.get("/termijnen").status_code == 302  # to the log-in page
    login(client, wereld["r1"])
    assert client.get("/termijnen").status_code == 404  # as for every global-role page
    assert 'href="/termijnen"' not in client.get("/").get_data(as_text=True)
    client.post("/uitloggen")
    login(client, maak_gebruiker_("manager"))
    antwoord = client.get("/termijnen")
    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    assert 'href="/termijnen"' in html  # the menu item
    assert "7 mei 2025" in html
    assert "Bas Breed" in html
    # no case number, no person
    for casus in wereld.values():
        if isinstance(casus, Casus):
            assert casus.ref not in html
    assert "Jansen" not in html


def test_the_norm_state_shows_on_the_lists_and_the_case_page(
    client: FlaskClient, wereld: dict[str, Any]
) -> None:
    login(client, wereld["r1"])
    html = client.get("/").get_data(as_text=True)
    # C: actief since 8 January: contact due 7 February
    assert "Verlopen: contactmoment uiterlijk 7 februari 2025" in html
    assert "Let op: contactmoment uiterlijk 10 mei 2025" in html  # D
    html = client.get("/werkvoorraad/ipta").get_data(as_text=True)
    assert "Let op: contactmoment uiterlijk 10 mei 2025" in html
    html = client.get(f"/casus/{wereld['d'].id}").get_data(as_text=True)
    assert "Let op: contactmoment uiterlijk 10 mei 2025" in html
    assert "(norm: 30 dagen)" in html
    # a signal of the lists is the norm's "past" state
    html = client.get("/?signaal=geen_contact").get_data(as_text=True)
    assert wereld["c"].ref in html
    assert wereld["d"].ref not in html


def test_the_werkvoorraad_shows_the_review_norm(
    client: FlaskClient, wereld: dict[str, Any]
) -> None:
    login(client, wereld["r2"])
    html = client.get("/werkvoorraad/pga_jeugd").get_data(as_text=True)
    assert "Herbeoordeling in de wacht uiterlijk 20 mei 2025" in html  # E, on time
    assert "Verlopen: start van de aanpak uiterlijk 21 januari 2025" in html  # H
    html = client.get("/werkvoorraad/ondermijning?signaal=lang_in_de_wacht").get_data(as_text=True)
    assert wereld["f"].ref in html
