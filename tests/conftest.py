"""Fixtures: one schema per test session on a real database, emptied after every test.

SQLite (a file, so several connections see one database) unless TEST_DATABASE_URL
points at PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from casus import create_app
from casus.auth.models import Gebruiker
from casus.auth.services import maak_gebruiker
from casus.casussen.models import Casus
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.extensions import db
from casus.personen.models import Persoon
from casus.toegang.actor import IMPORT
from config import TestConfig
from workflows import CATALOGUS

WACHTWOORD = "correct-paard-batterij-niet"

# how to reach each status from aangemeld: (trigger, reden) steps
PAD: dict[str, list[str]] = {
    "aangemeld": [],
    "getriaged": ["triageren"],
    "actief": ["triageren", "starten"],
    "in_de_wacht": ["triageren", "starten", "pauzeren"],
    "niet_opgenomen": ["niet_opnemen"],
    "succesvol_afgesloten": ["triageren", "starten", "afsluiten_succesvol"],
    "niet_succesvol_afgesloten": ["triageren", "afsluiten_niet_succesvol"],
    "overgedragen": ["triageren", "overdragen"],
}


class Client(FlaskClient):
    """Test client that does not leak the logged-in user between requests.

    Requests made while a test holds an app context reuse that context (and its
    ``g``), so Flask-Login's cached ``g._login_user`` of one client would be seen by
    the next client. Each request starts without it, as in a real server.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        from flask import g, has_app_context

        if has_app_context():
            g.pop("_login_user", None)
        return super().open(*args, **kwargs)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With CASUS_GEEN_OVERGESLAGEN=1 (CI's PostgreSQL pass) a skipped test fails the run:
    there every test must really run, nothing may pass by skipping."""
    if os.environ.get("CASUS_GEEN_OVERGESLAGEN") != "1" or exitstatus != 0:
        return
    verslag = session.config.pluginmanager.get_plugin("terminalreporter")
    overgeslagen = verslag.stats.get("skipped", []) if verslag else []
    if overgeslagen:
        for r in overgeslagen:
            print(f"\novergeslagen, niet toegestaan: {r.nodeid}: {r.longrepr}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=database_url(tmp_path_factory),
    )
    app.test_client_class = Client
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def is_postgres(app: Flask) -> bool:
    return str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql")


@pytest.fixture(autouse=True)
def _context(app: Flask) -> Iterator[None]:
    """Every test runs in an app context and leaves the database empty."""
    with app.app_context():
        yield
        leeg_database(app)


def leeg_database(app: Flask) -> None:
    """Empty every table (inside an app context)."""
    db.session.rollback()
    db.session.remove()
    tabellen = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if is_postgres(app):
            conn.execute(text(f"TRUNCATE {', '.join(tabellen)} RESTART IDENTITY CASCADE"))
        else:
            for naam in tabellen:
                conn.execute(text(f"DELETE FROM {naam}"))  # noqa: S608 - table names


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def postgres(app: Flask) -> None:
    if not is_postgres(app):
        pytest.skip("vereist PostgreSQL: zet TEST_DATABASE_URL")


@pytest.fixture
def maak_gebruiker_() -> Callable[..., Gebruiker]:
    teller = iter(range(1, 10_000))

    def _maak(*rollen: str, naam: str | None = None) -> Gebruiker:
        gebruikersnaam = naam or f"gebruiker{next(teller)}"
        return maak_gebruiker(gebruikersnaam, WACHTWOORD, naam=f"Test {gebruikersnaam}",
                              rollen=rollen)

    return _maak


def reden_voor(aanpak: str, trigger: str) -> str | None:
    redenen = CATALOGUS.get(aanpak).redenen_voor(trigger)
    return redenen[0].code if redenen else None


@pytest.fixture
def maak_casus(maak_gebruiker_: Callable[..., Gebruiker]) -> Callable[..., Casus]:
    """Create a case and drive it to ``status`` through the real service."""
    def _maak(aanpak: str = "pga_jeugd", status: str = "aangemeld", *,
              regisseur: Gebruiker | None = None, aangemeld_op: date = date(2025, 1, 6),
              persoon: Persoon | None = None, **kwargs: Any) -> Casus:
        if persoon is None:
            persoon = Persoon(voornaam="Sem", achternaam="Jansen",
                              geboortedatum=date(2007, 4, 12))
            db.session.add(persoon)
        casus = meld_aan(aanpak, actor=IMPORT, aangemeld_op=aangemeld_op, persoon=persoon,
                         **kwargs)
        if regisseur is None and PAD[status][:1] == ["triageren"]:
            regisseur = maak_gebruiker_(f"regisseur:{aanpak}")
        for stap, trigger in enumerate(PAD[status], start=1):
            pas_transitie_toe(
                casus, trigger, datum=date(2025, 1, 6 + stap), actor=IMPORT,
                reden=reden_voor(aanpak, trigger),
                partij="Gemeente Gouda" if trigger == "overdragen" else None,
                regisseur=regisseur if trigger == "triageren" else None,
                historisch=True,
            )
        return casus

    return _maak


def login(client: FlaskClient, gebruiker: Gebruiker, wachtwoord: str = WACHTWOORD) -> Any:
    return client.post(
        "/inloggen",
        data={"gebruikersnaam": gebruiker.gebruikersnaam, "wachtwoord": wachtwoord},
    )
