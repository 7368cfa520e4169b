from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from casus import create_app
from config import ProductionConfig, TestConfig
from tests.hulp.client import login


def test_every_page_has_a_strict_csp_and_no_store(client: FlaskClient) -> None:
    antwoord = client.get("/inloggen")
    csp = antwoord.headers["Content-Security-Policy"]
    for directief in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
        "style-src 'self'",
    ):
        assert directief in csp
    assert "unsafe-inline" not in csp
    assert antwoord.headers["X-Content-Type-Options"] == "nosniff"
    assert antwoord.headers["Referrer-Policy"] == "no-referrer"
    assert antwoord.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in antwoord.headers  # only in production


def test_static_files_may_be_cached(client: FlaskClient) -> None:
    with client.get("/static/css/casus.css") as antwoord:
        assert antwoord.status_code == 200
        assert antwoord.headers.get("Cache-Control") != "no-store"
        assert "Content-Security-Policy" in antwoord.headers


def test_pages_with_personal_data_are_not_stored(client: FlaskClient, maak_gebruiker_: Any) -> None:
    from casus.extensions import db

    gebruiker = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    login(client, gebruiker)
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_production_sends_hsts_and_secure_cookies(tmp_path: Path) -> None:
    class Productie(ProductionConfig):
        SECRET_KEY = "x" * 64  # test only
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.sqlite'}"
        SESSION_COOKIE_SECURE = True

    app = create_app(Productie)
    assert app.debug is False
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    antwoord = app.test_client().get("/inloggen")
    assert "max-age=31536000" in antwoord.headers["Strict-Transport-Security"]


def test_an_unexpected_error_shows_a_dutch_page_with_a_reference(tmp_path: Path) -> None:
    app: Flask = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'f.db'}",
        PROPAGATE_EXCEPTIONS=False,
    )

    @app.get("/kapot")
    def kapot() -> str:
        raise RuntimeError("geheime interne details")

    antwoord = app.test_client().get("/kapot")
    tekst = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 500
    assert "Er ging iets mis" in tekst
    assert "Referentienummer" in tekst
    assert "geheime interne details" not in tekst
    assert "Traceback" not in tekst


def test_post_without_csrf_token_is_refused(tmp_path: Path) -> None:
    app = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'c.db'}", WTF_CSRF_ENABLED=True
    )
    antwoord = app.test_client().post("/inloggen", data={"gebruikersnaam": "a", "wachtwoord": "b"})
    assert antwoord.status_code == 400
    assert "Het formulier is verlopen of ongeldig" in antwoord.get_data(as_text=True)


def test_oversized_requests_are_refused(client: FlaskClient) -> None:
    antwoord = client.post("/inloggen", data={"gebruikersnaam": "a" * (3 * 1024 * 1024)})
    assert antwoord.status_code == 413
    assert "Te veel gegevens" in antwoord.get_data(as_text=True)
