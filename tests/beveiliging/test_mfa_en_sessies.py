"""Two-factor authentication and server-side sessions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import time_machine
from flask import Flask
from sqlalchemy import select

from casus.auth.models import Herstelcode, Sessie
from casus.extensions import db
from tests.hulp.client import login

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def code_op(geheim: str, moment: datetime) -> str:
    return pyotp.TOTP(geheim).at(moment)


def schrijf_in(app: Flask, client: Any, gebruiker: Any) -> tuple[str, list[str]]:
    """Log in with MFA required and enrol; returns the secret and recovery codes."""
    antwoord = login(client, gebruiker)
    assert antwoord.headers["Location"] == "/mfa/instellen"
    pagina = client.get("/mfa/instellen").get_data(as_text=True)
    assert 'src="data:image/svg+xml;base64,' in pagina  # the QR code is made locally
    with client.session_transaction() as sessie:
        geheim = sessie["mfa_nieuw_geheim"]
    assert client.get("/").status_code == 302  # not logged in before the code
    antwoord = client.post("/mfa/instellen", data={"code": code_op(geheim, START)})
    tekst = antwoord.get_data(as_text=True)
    codes = re.findall(r"<li><code>([^<]+)</code></li>", tekst)
    return geheim, codes


def test_enrolment_when_mfa_is_required(app: Flask, maak_gebruiker_: Any) -> None:
    app.config["MFA_VERPLICHT"] = True
    try:
        gebruiker = maak_gebruiker_("manager")
        db.session.commit()
        client = app.test_client()
        with time_machine.travel(START, tick=False):
            geheim, codes = schrijf_in(app, client, gebruiker)
            assert len(codes) == 10
            assert len(set(codes)) == 10
            assert client.get("/rapportage/").status_code == 200  # a manager, logged in
        db.session.expire_all()
        opgeslagen = db.session.scalars(select(Herstelcode.code_hash)).all()
        assert len(opgeslagen) == 10
        assert not any(c.replace("-", "") in h for c in codes for h in opgeslagen)
        assert db.session.get(type(gebruiker), gebruiker.id).mfa_geheim == geheim
    finally:
        app.config["MFA_VERPLICHT"] = False


def test_code_login_refuses_replay_and_accepts_one_step_of_drift(
    app: Flask, maak_gebruiker_: Any
) -> None:
    app.config["MFA_VERPLICHT"] = True
    try:
        gebruiker = maak_gebruiker_("manager")
        db.session.commit()
        with time_machine.travel(START, tick=False) as reis:
            geheim, codes = schrijf_in(app, app.test_client(), gebruiker)
            reis.shift(timedelta(minutes=2))
            nu = START + timedelta(minutes=2)
            client = app.test_client()
            assert login(client, gebruiker).headers["Location"] == "/inloggen/code"
            # the code of the previous 30-second step (clock drift) is accepted
            vorige = code_op(geheim, nu - timedelta(seconds=30))
            assert client.post("/inloggen/code", data={"code": vorige}).status_code == 302
            # the same code again, in a new log-in: a replay, refused
            ander = app.test_client()
            login(ander, gebruiker)
            antwoord = ander.post("/inloggen/code", data={"code": vorige})
            assert "onjuist of al gebruikt" in antwoord.get_data(as_text=True)
            # two steps away is refused too
            verre = code_op(geheim, nu + timedelta(seconds=90))
            assert "onjuist" in ander.post("/inloggen/code", data={"code": verre}).get_data(
                as_text=True
            )
            # a recovery code works exactly once
            assert ander.post("/inloggen/code", data={"code": codes[0]}).status_code == 302
            derde = app.test_client()
            login(derde, gebruiker)
            assert "al gebruikt" in derde.post("/inloggen/code", data={"code": codes[0]}).get_data(
                as_text=True
            )
    finally:
        app.config["MFA_VERPLICHT"] = False


def test_without_mfa_required_login_needs_only_the_password(
    app: Flask, maak_gebruiker_: Any
) -> None:
    gebruiker = maak_gebruiker_("manager")
    db.session.commit()
    client = app.test_client()
    assert login(client, gebruiker).headers["Location"] == "/"


def test_logout_really_ends_the_session(app: Flask, maak_gebruiker_: Any) -> None:
    gebruiker = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    client = app.test_client()
    login(client, gebruiker)
    with client.session_transaction() as sessie:
        oud = dict(sessie)
    client.post("/uitloggen")
    # replaying the old cookie contents does not bring the log-in back
    with client.session_transaction() as sessie:
        sessie.update(oud)
    assert client.get("/").status_code == 302
    assert db.session.scalar(select(Sessie.beeindigd_op)) is not None


def test_a_new_session_id_at_every_login(app: Flask, maak_gebruiker_: Any) -> None:
    gebruiker = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as sessie:
        sessie["sid"] = "vooraf-geplant"  # session fixation attempt
    login(client, gebruiker)
    with client.session_transaction() as sessie:
        eerste = sessie["sid"]
    assert eerste != "vooraf-geplant"
    client.post("/uitloggen")
    login(client, gebruiker)
    with client.session_transaction() as sessie:
        assert sessie["sid"] != eerste


def test_idle_timeout_of_fifteen_minutes(app: Flask, maak_gebruiker_: Any) -> None:
    gebruiker = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    client = app.test_client()
    with time_machine.travel(START, tick=False) as reis:
        login(client, gebruiker)
        reis.shift(timedelta(minutes=14))
        assert client.get("/").status_code == 200  # activity resets the idle clock
        reis.shift(timedelta(minutes=14))
        assert client.get("/").status_code == 200
        reis.shift(timedelta(minutes=15, seconds=1))
        antwoord = client.get("/", follow_redirects=True)
        assert "Uw sessie is verlopen" in antwoord.get_data(as_text=True)


def test_absolute_timeout_of_ten_hours(app: Flask, maak_gebruiker_: Any) -> None:
    gebruiker = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    client = app.test_client()
    with time_machine.travel(START, tick=False) as reis:
        login(client, gebruiker)
        for _ in range(59):  # active every 10 minutes: 9 h 50 min
            reis.shift(timedelta(minutes=10))
            assert client.get("/").status_code == 200
        reis.shift(timedelta(minutes=10, seconds=1))
        assert client.get("/").status_code == 302


def test_pages_carry_the_idle_warning_setting(app: Flask, maak_gebruiker_: Any) -> None:
    gebruiker = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    client = app.test_client()
    login(client, gebruiker)
    pagina = client.get("/").get_data(as_text=True)
    assert 'data-idle-minuten="15"' in pagina
    assert "js/sessie.js" in pagina
    assert "onthoud" not in pagina.lower()  # no "remember me"
