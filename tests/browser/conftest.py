"""Browser tests: the app on a real HTTP server on 127.0.0.1, driven by Chromium.

Two servers per session, each on its own temporary SQLite file and a free port:

* ``server``: an empty database, emptied again after every journey test;
* ``demo``: the demo data (``casus.demo``), for the accessibility checks and the
  screenshots of every main page.

One Chromium per session; every test gets a fresh browser context. CSRF protection
and the log-in throttling are on, MFA is off (as a municipality without MFA would run).

Without Playwright or Chromium the tests are skipped with the reason; with CI=true they
fail instead, so CI can never silently pass without running them.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from casus import create_app
from casus.demo import DEMO_WACHTWOORD
from casus.extensions import db
from config import TestConfig
from tests.conftest import WACHTWOORD, leeg_database

HIER = Path(__file__).resolve().parent
AXE = HIER / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = HIER / "screenshots"
CHROMIUM = os.environ.get("CASUS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
]
# Dutch date fields (dd-mm-jjjj) as in the municipality's browsers; on Linux Chromium
# takes its locale from the environment, and needs Debian's chromium-l10n for it
CHROMIUM_ENV = {"LANG": "nl_NL.UTF-8", "LANGUAGE": "nl"}
LAPTOP = {"width": 1366, "height": 768}
SMAL = {"width": 390, "height": 844}


def _ontbreekt() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is niet geïnstalleerd (pip install -e '.[test]')"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return (f"Chromium ontbreekt ({CHROMIUM}); installeer met "
                "'apt-get install chromium' of zet CASUS_CHROMIUM")
    return None


@pytest.fixture(scope="session", autouse=True)
def _browser_beschikbaar() -> None:
    reden = _ontbreekt()
    if reden is None:
        return
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"browsertests moeten in CI draaien: {reden}", pytrace=False)
    pytest.skip(reden)


@pytest.fixture(autouse=True)
def _context() -> Iterator[None]:
    """Replaces the suite's per-test database fixture: these tests bring their own."""
    yield


# -- servers -------------------------------------------------------------------------


class _StilleHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:  # no access log in the output
        pass


@dataclass
class Server:
    app: Flask
    url: str
    wachtwoord: str  # every user of this server has this password
    _http: BaseWSGIServer = field(repr=False)
    # log-ins done once, reused by later contexts (Playwright storage state per user)
    sessies: dict[str, Any] = field(default_factory=dict, repr=False)


def _app(pad: Path) -> Flask:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{pad}",
        TESTING=False,  # errors become the Dutch error pages, as in production
        WTF_CSRF_ENABLED=True,
        MFA_VERPLICHT=False,
        INLOG_TELLER="database",
    )
    with app.app_context():
        db.create_all()
    return app


@contextmanager
def _start(app: Flask, wachtwoord: str) -> Iterator[Server]:
    http = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_StilleHandler)
    draad = threading.Thread(target=http.serve_forever, name="casus-server", daemon=True)
    draad.start()
    try:
        yield Server(app=app, url=f"http://127.0.0.1:{http.server_port}", wachtwoord=wachtwoord,
                     _http=http)
    finally:
        http.shutdown()
        draad.join(timeout=5)
        http.server_close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with _start(_app(tmp_path_factory.mktemp("browser") / "casus.sqlite"), WACHTWOORD) as s:
        yield s


@pytest.fixture
def leeg(server: Server) -> Iterator[Flask]:
    """An app context on the empty server database for the test; emptied afterwards."""
    with server.app.app_context():
        yield server.app
        leeg_database(server.app)
    server.sessies.clear()


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    """The demo server and the ids its pages need (a case, a person, a meeting, ...)."""
    from tests.browser.demodata import vul

    app = _app(tmp_path_factory.mktemp("browser-demo") / "casus.sqlite")
    with app.app_context():
        ids = vul()
    with _start(app, DEMO_WACHTWOORD) as server_:
        yield server_, ids


# -- browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            env={**os.environ, **CHROMIUM_ENV},
            # keep the back/forward cache a real browser has: Back after logging out
            # must not bring a page with personal data back from it
            ignore_default_args=["--disable-back-forward-cache"])
        yield chromium
        chromium.close()


NieuweContext = Callable[..., Any]


@pytest.fixture
def nieuwe_context(browser: Any) -> Iterator[NieuweContext]:
    """Factory for fresh browser contexts on a server, optionally logged in as a user.

    A log-in is done once per user and server (argon2 is slow on purpose) and its
    cookies are handed to each new context; everything else starts empty.
    """
    geopend: list[Any] = []

    def _nieuw(server_: Server, gebruiker: str | None = None, *,
               viewport: dict[str, int] | None = None, **opties: Any) -> Any:
        if gebruiker is not None and gebruiker not in server_.sessies:
            ctx = browser.new_context(base_url=server_.url, locale="nl-NL")
            page = ctx.new_page()
            log_in(page, gebruiker, server_.wachtwoord)
            server_.sessies[gebruiker] = ctx.storage_state()
            ctx.close()
        ctx = browser.new_context(
            base_url=server_.url, locale="nl-NL", timezone_id="Europe/Amsterdam",
            viewport=viewport or LAPTOP,
            storage_state=server_.sessies[gebruiker] if gebruiker else None, **opties)
        ctx.set_default_timeout(10_000)
        geopend.append(ctx)
        return ctx

    yield _nieuw
    for ctx in geopend:
        ctx.close()


@pytest.fixture
def page(nieuwe_context: NieuweContext, server: Server) -> Any:
    """A page in a fresh context on the (empty) journey server, not logged in."""
    return nieuwe_context(server).new_page()


def log_in(page: Any, gebruikersnaam: str, wachtwoord: str = WACHTWOORD) -> None:
    """Log in through the real form and wait for the start page."""
    from playwright.sync_api import expect

    page.goto("/inloggen")
    page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
