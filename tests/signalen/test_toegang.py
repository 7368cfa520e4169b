"""A signal of one aanpak is invisible to the other team and to everyone else:
404 on its pages, absent from lists, counts, the overleg and a case's signals."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from flask import Flask

from casus.extensions import db
from casus.signalen import queries
from tests.hulp.client import login

VANDAAG = date(2025, 3, 10)
PAGINAS = ["/signalen/{id}", "/signalen/{id}/omzetten"]
ACTIES = ["/signalen/{id}/koppelen", "/signalen/{id}/afsluiten", "/signalen/{id}/omzetten"]


@pytest.fixture
def twee_signalen(maak_signaal: Any) -> dict[str, Any]:
    ond = maak_signaal(
        "ondermijning", thema="witwassen", tekst="GEHEIM-ONDERMIJNING", betreft_adres="Markt 1"
    )
    pgar = maak_signaal(
        "pga_r", thema="radicalisering", tekst="GEHEIM-PGAR", betreft_adres="Markt 1"
    )
    return {"ondermijning": ond, "pga_r": pgar}


@pytest.mark.parametrize(
    "rollen",
    [
        ("regisseur:pga_r",),  # the other team
        ("triage:pga_jeugd",),  # a team that takes no signals
        ("manager", "privacy", "beheerder"),  # global roles only
    ],
)
def test_an_ondermijning_signal_is_a_404_for_everyone_outside_the_team(
    app: Flask,
    maak_gebruiker_: Any,
    twee_signalen: dict[str, Any],
    rollen: tuple[str, ...],
) -> None:
    buitenstaander = maak_gebruiker_(*rollen)
    db.session.commit()
    client = app.test_client()
    login(client, buitenstaander)
    signaal = twee_signalen["ondermijning"]
    for pad in PAGINAS:
        assert client.get(pad.format(id=signaal.id)).status_code == 404
    for pad in ACTIES:
        antwoord = client.post(
            pad.format(id=signaal.id),
            data={"token": "x", "afsluitreden": "weg", "casus_ref": "X", "versie": "1"},
        )
        assert antwoord.status_code == 404
    db.session.refresh(signaal)
    assert signaal.status == "open"
    # the answer for an existing foreign signal equals the one for a number that does not exist
    assert (
        client.get(f"/signalen/{signaal.id}").get_data()
        == client.get("/signalen/999999").get_data()
    )


def test_outsiders_get_404_on_the_list_and_the_overleg_and_no_menu_entry(
    app: Flask,
    maak_gebruiker_: Any,
    twee_signalen: dict[str, Any],
) -> None:
    jeugd = maak_gebruiker_("regisseur:pga_jeugd")
    db.session.commit()
    client = app.test_client()
    login(client, jeugd)
    assert client.get("/signalen").status_code == 404
    assert client.get("/signalen/overleg").status_code == 404
    assert client.get("/signalen/nieuw").status_code == 404
    assert "Signalen" not in client.get("/").get_data(as_text=True)


def test_each_team_sees_only_its_own_signals_in_list_counts_and_overleg(
    app: Flask,
    maak_gebruiker_: Any,
    twee_signalen: dict[str, Any],
) -> None:
    ond_lid = maak_gebruiker_("regisseur:ondermijning")
    pgar_lid = maak_gebruiker_("triage:pga_r")
    db.session.commit()
    for lid, eigen, vreemd in (
        (ond_lid, "GEHEIM-ONDERMIJNING", "GEHEIM-PGAR"),
        (pgar_lid, "GEHEIM-PGAR", "GEHEIM-ONDERMIJNING"),
    ):
        client = app.test_client()
        login(client, lid)
        lijst = client.get("/signalen").get_data(as_text=True)
        assert "<strong>1</strong> signalen" in lijst
        overleg = client.get("/signalen/overleg?van=2025-01-01&tot_en_met=2025-03-01")
        tekst = overleg.get_data(as_text=True)
        assert eigen in tekst
        assert vreemd not in tekst
        # both signals are about Markt 1, but never bundled across teams
        assert "Gebundeld" not in tekst
        # the menu has Signalen (a triage-only member starts on the triage queue)
        start = client.get("/", follow_redirects=True)
        assert "Signalen" in start.get_data(as_text=True)
        assert queries.aantallen_per_status(lid, queries.Filter()) == {"open": 1}
    with time_machine.travel(VANDAAG, tick=False):
        assert [
            s.tekst for s in queries.open_signalen(ond_lid, "pga_r", date(2025, 1, 1), VANDAAG)
        ] == []


def test_a_member_of_both_teams_sees_both(
    app: Flask, maak_gebruiker_: Any, twee_signalen: dict[str, Any]
) -> None:
    beide = maak_gebruiker_("regisseur:ondermijning", "triage:pga_r")
    db.session.commit()
    client = app.test_client()
    login(client, beide)
    tekst = client.get("/signalen").get_data(as_text=True)
    assert "<strong>2</strong> signalen" in tekst
    tekst = client.get("/signalen?aanpak=pga_r").get_data(as_text=True)
    assert "<strong>1</strong> signalen" in tekst


def test_signals_of_a_case_are_shown_only_to_members_of_the_signals_team(
    maak_gebruiker_: Any,
    maak_casus: Any,
    maak_signaal: Any,
) -> None:
    ond_lid = maak_gebruiker_("regisseur:ondermijning")
    pgar_lid = maak_gebruiker_("regisseur:pga_r")
    casus = maak_casus("ondermijning", "actief")
    signaal = maak_signaal()
    signaal.status, signaal.casus = "gekoppeld", casus
    db.session.commit()
    assert [s.id for s in queries.signalen_van_casus(casus.id, ond_lid)] == [signaal.id]
    assert queries.signalen_van_casus(casus.id, pgar_lid) == []


def zonder_tokens(html: str) -> str:
    # every form's token, prefixed ones too (document-token, versieN-token)
    return re.sub(r'(name="[\w-]*token"[^>]*?) value="[^"]*"', r"\1", html)


def test_linking_by_number_finds_no_case_of_another_team(
    app: Flask,
    maak_gebruiker_: Any,
    maak_casus: Any,
    maak_signaal: Any,
) -> None:
    lid = maak_gebruiker_("regisseur:ondermijning")
    vreemde_casus = maak_casus("pga_r", "actief")
    signaal = maak_signaal()
    db.session.commit()
    client = app.test_client()
    login(client, lid)
    antwoord = client.post(
        f"/signalen/{signaal.id}/koppelen",
        data={"token": "k1", "casus_ref": vreemde_casus.ref, "versie": "1"},
        follow_redirects=True,
    )
    bestaat = zonder_tokens(antwoord.get_data(as_text=True))
    antwoord = client.post(
        f"/signalen/{signaal.id}/koppelen",
        data={"token": "k2", "casus_ref": "PGAR-2025-99999", "versie": "1"},
        follow_redirects=True,
    )
    assert "Er is geen casus met dit nummer in deze aanpak." in bestaat
    # the same page, but for the fresh idempotency token of every form
    assert bestaat == zonder_tokens(antwoord.get_data(as_text=True))
    db.session.refresh(signaal)
    assert signaal.status == "open"
