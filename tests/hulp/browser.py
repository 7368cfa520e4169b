"""Browser tests: the app on a real HTTP server on 127.0.0.1, driven by Chromium.

``start`` serves an application (``serverapp``: its own SQLite file, CSRF protection and
the log-in throttling on, MFA off, errors as the Dutch error pages) from a thread on a
free port. ``Contexten`` opens fresh Playwright browser contexts on such a server,
logged in as a user or not; ``log_in`` logs in through the real form. ``axe_overtredingen``
runs axe-core (WCAG 2.1 A and AA) on a page.
"""

from __future__ import annotations

import json
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
from sqlalchemy import URL
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from casus import create_app
from casus.extensions import db
from config import TestConfig
from tests.hulp.fabrieken import WACHTWOORD

try:
    from playwright.sync_api import expect
except ImportError:  # the browser tests are skipped then (or fail, in CI)
    expect = None

BROWSERTESTS = Path(__file__).resolve().parents[1] / "browser"
AXE = BROWSERTESTS / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = BROWSERTESTS / "screenshots"
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

NieuweContext = Callable[..., Any]


def ontbreekt() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is niet geïnstalleerd (pip install -e '.[test]')"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return (
            f"Chromium ontbreekt ({CHROMIUM}); installeer met "
            "'apt-get install chromium' of zet CASUS_CHROMIUM"
        )
    return None


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


# a PostgreSQL server for the journeys that must also run on PostgreSQL: a throwaway
# database is made next to this one (CI sets it for the pass that runs the browser tests)
POSTGRES = os.environ.get("CASUS_BROWSER_POSTGRES") or os.environ.get("TEST_DATABASE_URL")


def serverapp(database: Path | URL, **config: Any) -> Flask:
    """The application on the SQLite file or the database URL ``database`` (schema
    created), configured as a municipality without MFA runs it; ``config`` on top."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=(
            database.render_as_string(hide_password=False)
            if isinstance(database, URL)
            else f"sqlite:///{database}"
        ),
        TESTING=False,  # errors become the Dutch error pages, as in production
        WTF_CSRF_ENABLED=True,
        MFA_VERPLICHT=False,
        INLOG_TELLER="database",
        **config,
    )
    with app.app_context():
        db.create_all()
    return app


@contextmanager
def start(app: Flask, wachtwoord: str = WACHTWOORD) -> Iterator[Server]:
    """Serve ``app`` on a free port of 127.0.0.1 until the block ends."""
    http = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_StilleHandler)
    draad = threading.Thread(target=http.serve_forever, name="casus-server", daemon=True)
    draad.start()
    try:
        yield Server(
            app=app, url=f"http://127.0.0.1:{http.server_port}", wachtwoord=wachtwoord, _http=http
        )
    finally:
        http.shutdown()
        draad.join(timeout=5)
        http.server_close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@contextmanager
def server_op(
    soort: str,
    naam: str,
    tmp_path_factory: Any,
    maak_app: Callable[[Path | URL], Flask] = serverapp,
) -> Iterator[Server]:
    """The application ``maak_app`` builds, served on a free port: on a SQLite file
    (``soort`` "sqlite") or on a throwaway PostgreSQL database ``naam`` next to
    ``POSTGRES`` (the journeys that must hold on both). Without PostgreSQL that half is
    skipped with the reason, and fails with CI=true."""
    if soort == "sqlite":
        with start(maak_app(tmp_path_factory.mktemp(naam) / "casus.sqlite")) as server:
            yield server
        return
    if not POSTGRES or not POSTGRES.startswith("postgresql"):
        reden = "vereist PostgreSQL: zet CASUS_BROWSER_POSTGRES of TEST_DATABASE_URL"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"browsertests moeten in CI ook op PostgreSQL draaien: {reden}")
        pytest.skip(reden)
    from tests.hulp import database

    with database.nieuwe_postgres(naam, naast=POSTGRES) as url, start(maak_app(url)) as server:
        yield server


def vers() -> None:
    """End the test thread's read transaction, so the next query sees the server's writes."""
    db.session.rollback()


# -- browser ---------------------------------------------------------------------------


@contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium (Playwright) until the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        gestart = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            env={**os.environ, **CHROMIUM_ENV},
            # keep the back/forward cache a real browser has: Back after logging out
            # must not bring a page with personal data back from it
            ignore_default_args=["--disable-back-forward-cache"],
        )
        yield gestart
        gestart.close()


class Contexten:
    """Fresh browser contexts on a server, optionally logged in as a user.

    A log-in is done once per user and server (argon2 is slow on purpose) and its
    cookies are handed to each new context; everything else starts empty.
    """

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.geopend: list[Any] = []

    def nieuw(
        self,
        server: Server,
        gebruiker: str | None = None,
        *,
        viewport: dict[str, int] | None = None,
        **opties: Any,
    ) -> Any:
        if gebruiker is not None and gebruiker not in server.sessies:
            ctx = self.browser.new_context(base_url=server.url, locale="nl-NL")
            page = ctx.new_page()
            log_in(page, gebruiker, server.wachtwoord)
            server.sessies[gebruiker] = ctx.storage_state()
            ctx.close()
        ctx = self.browser.new_context(
            base_url=server.url,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            viewport=viewport or LAPTOP,
            storage_state=server.sessies[gebruiker] if gebruiker else None,
            **opties,
        )
        ctx.set_default_timeout(10_000)
        self.geopend.append(ctx)
        return ctx

    def sluit(self) -> None:
        for ctx in self.geopend:
            ctx.close()


def log_in(page: Any, gebruikersnaam: str, wachtwoord: str = WACHTWOORD) -> None:
    """Log in through the real form and wait for the start page."""
    page.goto("/inloggen")
    page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def axe_overtredingen(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (injected by the context's init script) for WCAG 2.1 A and AA, on
    the settled page: running CSS transitions (a button fading after a click) are
    awaited first, or a busy machine measures a colour halfway."""
    return page.evaluate(
        """async (tags) => {
            await Promise.all(document.getAnimations()
                .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
                .map(a => a.finished.catch(() => null)));
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                              resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
                                                      summary: n.failureSummary}))}));
        }""",
        AXE_TAGS,
    )


def beschrijf(overtredingen: Any) -> str:
    return json.dumps(overtredingen, indent=2, ensure_ascii=False)
