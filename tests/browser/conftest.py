"""Browser tests: the app on a real HTTP server on 127.0.0.1, driven by Chromium.

Two servers per session, each on its own temporary SQLite file and a free port:

* ``server``: an empty database, emptied again after every journey test;
* ``demo``: the demo data (``casus.demo``), for the accessibility checks and the
  screenshots of every main page.

One Chromium per session; every test gets a fresh browser context. CSRF protection
and the log-in throttling are on, MFA is off (as a municipality without MFA would run).

Without Playwright or Chromium the tests are skipped with the reason; with CI=true they
fail instead, so CI can never silently pass without running them. The helpers behind
these fixtures are in ``tests.hulp.browser``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from casus.demo import DEMO_WACHTWOORD
from tests.hulp import database, demodata
from tests.hulp.browser import (
    Contexten,
    NieuweContext,
    Server,
    chromium,
    ontbreekt,
    server_op,
    serverapp,
    start,
)


@pytest.fixture(scope="session", autouse=True)
def _browser_beschikbaar() -> None:
    reden = ontbreekt()
    if reden is None:
        return
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"browsertests moeten in CI draaien: {reden}", pytrace=False)
    pytest.skip(reden)


@pytest.fixture(autouse=True)
def _context() -> None:
    """Replaces the suite's per-test database fixture: these tests bring their own."""


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with start(serverapp(tmp_path_factory.mktemp("browser") / "casus.sqlite")) as s:
        yield s


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on a throwaway PostgreSQL database (``tests.hulp.browser.POSTGRES``), for
    the journeys that must hold on both databases. Without PostgreSQL they are skipped
    with the reason; with CI=true they fail instead."""
    with server_op("postgresql", "casus_browser", tmp_path_factory) as s:
        yield s


@pytest.fixture
def leeg_postgres(postgres_server: Server) -> Iterator[Flask]:
    """``leeg`` on the PostgreSQL server."""
    with postgres_server.app.app_context():
        yield postgres_server.app
        database.leeg(postgres_server.app)
    postgres_server.sessies.clear()


@pytest.fixture
def leeg(server: Server) -> Iterator[Flask]:
    """An app context on the empty server database for the test; emptied afterwards."""
    with server.app.app_context():
        yield server.app
        database.leeg(server.app)
    server.sessies.clear()


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    """The demo server and the ids its pages need (a case, a person, a meeting, ...)."""
    app = serverapp(tmp_path_factory.mktemp("browser-demo") / "casus.sqlite")
    with app.app_context():
        ids = demodata.vul()
    with start(app, DEMO_WACHTWOORD) as server_:
        yield server_, ids


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with chromium() as gestart:
        yield gestart


@pytest.fixture
def nieuwe_context(browser: Any) -> Iterator[NieuweContext]:
    """Factory for fresh browser contexts on a server, optionally logged in as a user."""
    contexten = Contexten(browser)
    yield contexten.nieuw
    contexten.sluit()


@pytest.fixture
def page(nieuwe_context: NieuweContext, server: Server) -> Any:
    """A page in a fresh context on the (empty) journey server, not logged in."""
    return nieuwe_context(server).new_page()
