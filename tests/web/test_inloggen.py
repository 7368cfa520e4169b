from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from casus.auth.models import Gebruiker
from casus.extensions import db
from tests.hulp.client import login
from tests.hulp.fabrieken import WACHTWOORD


def test_login_succeeds_with_the_right_password(client: FlaskClient, maak_gebruiker_: Any) -> None:
    gebruiker = maak_gebruiker_("regisseur:ipta", naam="jdevries")
    db.session.commit()
    antwoord = login(client, gebruiker)
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"] == "/"
    start = client.get("/")
    assert start.status_code == 200
    assert "Mijn casussen" in start.get_data(as_text=True)
    assert (
        db.session.scalar(select(Gebruiker.laatst_ingelogd_op).where(Gebruiker.id == gebruiker.id))
        is not None
    )


def test_login_fails_with_a_wrong_password(client: FlaskClient, maak_gebruiker_: Any) -> None:
    gebruiker = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    antwoord = login(client, gebruiker, wachtwoord=WACHTWOORD + "x")
    tekst = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 200
    assert "Gebruikersnaam of wachtwoord is onjuist." in tekst
    assert client.get("/").status_code == 302  # still sent to the login page


def test_unknown_user_gets_the_same_answer(client: FlaskClient) -> None:
    antwoord = client.post(
        "/inloggen", data={"gebruikersnaam": "niemand", "wachtwoord": WACHTWOORD}
    )
    assert "Gebruikersnaam of wachtwoord is onjuist." in antwoord.get_data(as_text=True)


def test_a_deactivated_user_is_logged_out_on_the_next_request(
    client: FlaskClient, maak_gebruiker_: Any
) -> None:
    gebruiker = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    login(client, gebruiker)
    assert client.get("/").status_code == 200
    gebruiker.actief = False
    db.session.commit()
    antwoord = client.get("/")
    assert antwoord.status_code == 302
    assert "/inloggen" in antwoord.headers["Location"]


def test_logout_ends_the_session(client: FlaskClient, maak_gebruiker_: Any) -> None:
    gebruiker = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    login(client, gebruiker)
    assert client.post("/uitloggen").status_code == 302
    assert client.get("/").status_code == 302


def test_start_page_lists_only_my_open_cases(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    ik = maak_gebruiker_("regisseur:ipta")
    collega = maak_gebruiker_("regisseur:ipta")
    mijn = maak_casus("ipta", "actief", regisseur=ik)
    niet_mijn = maak_casus("ipta", "actief", regisseur=collega)
    afgesloten = maak_casus("ipta", "overgedragen", regisseur=ik)
    db.session.commit()
    login(client, ik)
    tekst = client.get("/").get_data(as_text=True)
    assert mijn.ref in tekst
    assert niet_mijn.ref not in tekst
    assert afgesloten.ref not in tekst


def test_error_pages_are_dutch(client: FlaskClient) -> None:
    antwoord = client.get("/bestaat-niet")
    assert antwoord.status_code == 404
    assert "Niet gevonden" in antwoord.get_data(as_text=True)
