"""The API reference page (/api/v1/docs): open without a token or a log-in, in Dutch
around the renderer, the renderer served from this application (no CDN) and started by
a static script (no inline script or style, as the CSP demands). That it renders in
Chromium without a CSP violation is tests/browser/test_api_clients.py's."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import func, select

import casus
from casus.audit.models import AuditRecord
from casus.beveiliging.headers import CSP
from casus.extensions import db

VENDOR = Path(casus.__file__).parent / "static" / "vendor" / "swagger-ui"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_tekst = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1][0] == "script":
            self.script_tekst += data.strip()


def _lees(html: str) -> _Tags:
    lezer = _Tags()
    lezer.feed(html)
    return lezer


def test_the_page_is_open_without_a_token_and_in_dutch(client: FlaskClient) -> None:
    for kop in ({}, {"Authorization": "Bearer casus_onzin"}):
        antwoord = client.get("/api/v1/docs", headers=kop)
        assert antwoord.status_code == 200
        assert antwoord.content_type == "text/html; charset=utf-8"
    html = antwoord.get_data(as_text=True)
    assert "<title>API-referentie · Casus" in html
    assert "<h1>API-referentie</h1>" in html
    assert "docs/api.md" in html
    # the renderer reads the document, which is open too
    [plek] = [a for t, a in _lees(html).tags if a.get("id") == "swagger-ui"]
    assert plek["data-openapi"] == "/api/v1/openapi.json"
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    assert document.json["openapi"] == "3.1.0"
    # no call of a client: no call record
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditRecord).where(AuditRecord.actie == "api.aanroep")
        )
        == 0
    )


def test_the_renderer_is_served_from_here_within_the_csp(client: FlaskClient) -> None:
    antwoord = client.get("/api/v1/docs")
    assert antwoord.headers["Content-Security-Policy"] == CSP
    lezer = _lees(antwoord.get_data(as_text=True))
    scripts = [a.get("src") for t, a in lezer.tags if t == "script"]
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in scripts
    assert "/static/js/api-referentie.js" in scripts
    # every script from a file of this application; no inline script, no inline style
    assert all(src and src.startswith("/static/") for src in scripts)
    assert lezer.script_tekst == ""
    assert not any("style" in a for _, a in lezer.tags)
    assert not any(t == "style" for t, _ in lezer.tags)
    stijlen = [a["href"] for t, a in lezer.tags if t == "link" and a.get("rel") == "stylesheet"]
    assert "/static/vendor/swagger-ui/swagger-ui.css" in stijlen
    for pad in [*scripts, *stijlen]:
        assert pad is not None
        bestand = client.get(pad)
        assert bestand.status_code == 200, pad
        bestand.close()
    # the start script points at the document and sends no cookie with "Try it out"
    start = (Path(casus.__file__).parent / "static" / "js" / "api-referentie.js").read_text()
    assert "validatorUrl: null" in start
    assert 'credentials = "omit"' in start
    assert "persistAuthorization: false" in start


def test_the_vendored_renderer_names_its_version_and_licence() -> None:
    assert sorted(p.name for p in VENDOR.iterdir()) == [
        "LICENSE",
        "NOTICE",
        "README.md",
        "swagger-ui-bundle.js",
        "swagger-ui-bundle.js.LICENSE.txt",
        "swagger-ui.css",
    ]
    leesmij = (VENDOR / "README.md").read_text()
    assert re.search(r"`swagger-ui-dist` \*\*5\.36\.0\*\*", leesmij)
    assert "Apache License" in (VENDOR / "LICENSE").read_text()
