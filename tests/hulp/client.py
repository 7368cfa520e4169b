"""The application under test and its test client."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, has_app_context
from flask.testing import FlaskClient

from casus import create_app
from casus.auth.models import Gebruiker
from casus.extensions import db
from config import TestConfig
from tests.hulp import database
from tests.hulp.fabrieken import WACHTWOORD


class Client(FlaskClient):
    """Test client that does not leak the logged-in user between requests.

    Requests made while a test holds an app context reuse that context (and its
    ``g``), so Flask-Login's cached ``g._login_user`` of one client would be seen by
    the next client. Each request starts without it, as in a real server.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if has_app_context():
            g.pop("_login_user", None)
        return super().open(*args, **kwargs)


def testapp(database_url: str) -> Flask:
    """The test application on ``database_url``, with a new empty schema."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    app.test_client_class = Client
    with app.app_context():
        database.nieuw_schema(app)
    return app


def sluit(app: Flask) -> None:
    """Close the application's database connections."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def login(client: FlaskClient, gebruiker: Gebruiker, wachtwoord: str = WACHTWOORD) -> Any:
    """Log in through the log-in form (the test configuration has no CSRF, no MFA)."""
    return client.post(
        "/inloggen",
        data={"gebruikersnaam": gebruiker.gebruikersnaam, "wachtwoord": wachtwoord},
    )
