"""Usernames from the documented character set (the beheer form and the command line
refuse others, in Dutch) and roles shown by their Dutch names."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.auth.models import Gebruiker
from casus.extensions import db
from tests.hulp.client import login
from tests.hulp.formulieren import ingevuld

MELDING = (
    "Een gebruikersnaam heeft 2 tot 40 tekens: kleine letters (a-z), cijfers, punt, "
    "streepje en liggend streepje (_), zonder spaties."
)
ONGELDIG = ["Jan de Vries!", "jan de vries", "JDeVries", "j", "jan@gemeente.nl", "jür", "a" * 41]
GELDIG = ["jdevries", "j.de-vries_2", "ab", "a" * 40]


@pytest.fixture
def beheerder(client: FlaskClient, maak_gebruiker_: Any) -> Gebruiker:
    b = maak_gebruiker_("beheerder", naam="beheer")
    db.session.commit()
    login(client, b)
    return b


def aantal_gebruikers() -> int:
    return db.session.scalar(select(func.count()).select_from(Gebruiker)) or 0


@pytest.mark.parametrize("naam", ONGELDIG)
def test_the_form_refuses_a_username_outside_the_character_set(
    client: FlaskClient, beheerder: Gebruiker, naam: str
) -> None:
    antwoord = client.post(
        "/beheer/gebruikers/nieuw",
        data=ingevuld(gebruikersnaam=naam, naam="Jan de Vries", wachtwoord="een-lang-wachtwoord"),
    )
    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    fout = re.search(r'id="gebruikersnaam-fout">([^<]*)<', html)
    assert fout is not None
    assert fout.group(1).strip() == MELDING
    # filled in again, as typed
    assert 'value="Jan de Vries"' in html
    assert aantal_gebruikers() == 1  # the beheerder only


@pytest.mark.parametrize("naam", GELDIG)
def test_the_form_accepts_the_character_set(
    client: FlaskClient, beheerder: Gebruiker, naam: str
) -> None:
    antwoord = client.post(
        "/beheer/gebruikers/nieuw",
        data=ingevuld(gebruikersnaam=naam, naam="Jan", wachtwoord="een-lang-wachtwoord"),
    )
    assert antwoord.status_code == 302
    assert aantal_gebruikers() == 2


def test_the_form_shows_the_character_set_as_its_hint(
    client: FlaskClient, beheerder: Gebruiker
) -> None:
    html = client.get("/beheer/gebruikers/nieuw").get_data(as_text=True)
    hint = re.search(r'id="gebruikersnaam-hint">([^<]*)<', html)
    assert hint is not None
    assert hint.group(1) == (
        "2 tot 40 tekens: kleine letters (a-z), cijfers, punt, streepje en liggend streepje "
        "(_), zonder spaties."
    )


@pytest.mark.parametrize("naam", ["Jan de Vries!", "JDeVries", "j"])
def test_the_command_line_refuses_a_username_outside_the_character_set(
    app: Flask, naam: str
) -> None:
    resultaat = app.test_cli_runner().invoke(
        args=["gebruiker", "aanmaken", naam, "--wachtwoord", "een-lang-wachtwoord"]
    )
    assert resultaat.exit_code == 1
    assert MELDING in resultaat.output
    assert aantal_gebruikers() == 0


def test_the_user_list_and_page_show_role_names_not_codes(
    client: FlaskClient, beheerder: Gebruiker, maak_gebruiker_: Any
) -> None:
    jan = maak_gebruiker_("regisseur:pga_jeugd", "triage:ipta", naam="jan")
    maak_gebruiker_("privacy", naam="fg")
    maak_gebruiker_(naam="nieuweling")
    db.session.commit()
    lijst = client.get("/beheer/gebruikers").get_data(as_text=True)
    cellen = re.findall(r"<td>([^<]*)</td><td>(?:Actief|Gedeactiveerd)</td>", lijst)
    # sorted by username: beheer, fg, jan, nieuweling; roles in code order
    assert cellen == [
        "Beheerder",
        "Functionaris gegevensbescherming",
        "Regisseur PGA Jeugd, Triage IPTA",
        "Geen rol",
    ]
    for code in ("regisseur:", "triage:", "pga_jeugd", "privacy", "beheerder<"):
        assert code not in lijst
    pagina = client.get(f"/beheer/gebruikers/{jan.id}").get_data(as_text=True)
    assert "Rollen: Regisseur PGA Jeugd, Triage IPTA." in pagina
    # the checkboxes name the roles the same way
    assert ">Functionaris gegevensbescherming</label>" in pagina
    assert ">Regisseur PGA-R</label>" in pagina
