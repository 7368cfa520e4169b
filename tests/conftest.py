"""Fixtures: one schema per test session on a real database, emptied after every test.

SQLite (a file, so several connections see one database) unless TEST_DATABASE_URL
points at PostgreSQL. The helpers behind the fixtures live in ``tests.hulp``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import partial

import pytest
from flask import Flask
from flask.testing import FlaskClient

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from tests.hulp import client as testclient
from tests.hulp import database, fabrieken, klok


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", klok.MARKERING)


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


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = testclient.testapp(database.database_url(tmp_path_factory))
    yield app
    testclient.sluit(app)


@pytest.fixture(autouse=True)
def _context(app: Flask) -> Iterator[None]:
    """Every test runs in an app context and leaves the database empty."""
    with app.app_context():
        yield
        database.leeg(app)


@pytest.fixture(autouse=True)
def _klok(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test marked ``klok(moment)`` runs with the clock standing still at ``moment``."""
    with klok.volgens_markering(request.node):
        yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def postgres(app: Flask) -> None:
    if not database.is_postgres(app):
        pytest.skip("vereist PostgreSQL: zet TEST_DATABASE_URL")


@pytest.fixture
def maak_gebruiker_() -> Callable[..., Gebruiker]:
    return fabrieken.gebruikers()


@pytest.fixture
def maak_casus(maak_gebruiker_: Callable[..., Gebruiker]) -> Callable[..., Casus]:
    """Create a case and drive it to ``status`` through the real service."""
    return partial(fabrieken.casus, gebruikersfabriek=maak_gebruiker_)
