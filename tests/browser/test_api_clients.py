"""API clients in Chromium at 1366 and 390 px: the beheerder registers a client from the
menu, sees its token once (the token works against the API), and the list shows the
client with only the token's first characters; a reload does not show the token again.
The API reference page (/api/v1/docs) renders every operation of the OpenAPI document
with no Content-Security-Policy violation and no console error, and "Try it out"
works with a pasted token only. axe finds nothing on the pages."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from casus.api.models import Apiclient
from casus.extensions import db
from casus.klok import vandaag
from tests.hulp.api import api_client
from tests.hulp.browser import (
    AXE,
    LAPTOP,
    SMAL,
    NieuweContext,
    Server,
    axe_overtredingen,
    beschrijf,
    expect,
    vers,
)
from tests.hulp.fabrieken import gebruiker

pytestmark = pytest.mark.usefixtures("leeg")

BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]
TOKEN = re.compile(r"casus_[A-Za-z0-9_-]{43}")
# every violation of the page's CSP and every console error, from the first script on
CSP_WACHTER = """
window.__cspOvertredingen = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspOvertredingen.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@pytest.fixture
def beheerder(leeg: Flask) -> None:
    gebruiker("beheer", "beheerder", naam="Bea Beheer")
    db.session.commit()


def _netjes(page: Any, breedte: dict[str, int]) -> None:
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    # nothing wider than the window
    assert page.evaluate("() => document.documentElement.scrollWidth") <= breedte["width"]


def _bewaak(context: Any) -> tuple[Any, list[str]]:
    """A page of ``context`` whose console errors and CSP violations are collected."""
    context.add_init_script(script=CSP_WACHTER)
    page = context.new_page()
    fouten: list[str] = []

    def console(m: Any) -> None:
        # the browser asks for /favicon.ico on its own; the application has none
        if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico"):
            fouten.append(f"{m.text} ({m.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda e: fouten.append(str(e)))
    return page, fouten


@pytest.mark.parametrize("breedte", BREEDTES)
def test_the_beheerder_registers_a_client_and_sees_its_token_once(
    server: Server, nieuwe_context: NieuweContext, beheerder: None, breedte: dict[str, int]
) -> None:
    context = nieuwe_context(server, "beheer", viewport=breedte)
    context.add_init_script(path=AXE)
    page, fouten = _bewaak(context)
    page.goto("/beheer/gebruikers")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="API-clients").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-clients")
    expect(page.get_by_text("Er zijn nog geen API-clients.")).to_be_visible()
    _netjes(page, breedte)

    page.get_by_role("link", name="Nieuwe API-client").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe API-client")
    _netjes(page, breedte)
    # refused: no role; comes back filled in, the error at the roles
    page.get_by_label("Naam", exact=True).fill("Open Formulieren")
    laatste = vandaag() + timedelta(days=200)
    page.get_by_label("Geldig tot en met").fill(laatste.isoformat())
    page.get_by_role("button", name="Registreren").click()
    expect(page.locator("#rollen-fout")).to_have_text("Kies ten minste één rol.")
    expect(page.get_by_role("alert")).to_contain_text("Kies ten minste één rol.")
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Open Formulieren")
    _netjes(page, breedte)

    page.get_by_label("Regisseur IPTA").check()
    page.get_by_label("Manager", exact=True).check()
    page.get_by_role("button", name="Registreren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Token van API-client Open Formulieren"
    )
    expect(page.get_by_role("status")).to_contain_text(
        "API-client 'Open Formulieren' geregistreerd."
    )
    token = page.get_by_label("Token", exact=True).input_value()
    assert TOKEN.fullmatch(token), token
    expect(page.locator("#curl-voorbeeld")).to_contain_text(f"Bearer {token}")
    _netjes(page, breedte)
    # the token works against the API; a browser's cookie does not
    antwoord = page.request.get("/api/v1/catalogus", headers={"Authorization": f"Bearer {token}"})
    assert antwoord.status == 200
    assert page.request.get("/api/v1/catalogus").status == 401

    # a reload does not show the token again, nor register a second client
    page.reload()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(re.compile("Token"))
    assert token not in page.content()
    vers()
    assert db.session.scalar(select(func.count()).select_from(Apiclient)) == 1

    page.goto("/beheer/api-clients")
    rij = page.get_by_role("row", name=re.compile("Open Formulieren"))
    expect(rij).to_contain_text("Manager, Regisseur IPTA")
    expect(rij).to_contain_text(f"{laatste:%d-%m-%Y}")
    expect(rij).to_contain_text(f"{token[:10]}…")
    expect(rij).to_contain_text("Actief")
    expect(rij).to_contain_text("door Bea Beheer")
    assert token not in page.content()
    _netjes(page, breedte)

    # the client's page: only the token's first characters
    rij.get_by_role("link", name="Open Formulieren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-client Open Formulieren")
    assert token not in page.content()
    _netjes(page, breedte)
    assert fouten == []
    assert page.evaluate("window.__cspOvertredingen") == []


@pytest.mark.parametrize("breedte", BREEDTES)
def test_the_reference_page_renders_every_operation_within_the_csp(
    server: Server, nieuwe_context: NieuweContext, breedte: dict[str, int]
) -> None:
    api = api_client(server.app.test_client(), "manager", naam="Datawarehouse")
    context = nieuwe_context(server, viewport=breedte)
    context.add_init_script(path=AXE)
    page, fouten = _bewaak(context)
    document = page.request.get("/api/v1/openapi.json").json()
    operaties = [
        (methode.upper(), pad)
        for pad, item in document["paths"].items()
        for methode in item
        if methode in ("get", "post", "put", "patch", "delete")
    ]
    assert ("GET", "/api/v1/casussen") in operaties

    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="API-referentie", level=1)).to_be_visible()
    blokken = page.locator(".opblock")
    expect(blokken).to_have_count(len(operaties))
    getoond = [
        (
            blok.locator(".opblock-summary-method").inner_text().strip(),
            blok.locator(".opblock-summary-path").get_attribute("data-path"),
        )
        for blok in blokken.all()
    ]
    assert sorted(getoond) == sorted(operaties)
    # the API's own Dutch description is rendered
    expect(page.locator(".swagger-ui .info")).to_contain_text("Authorization: Bearer")

    # "Try it out" without a token: 401, with the pasted token: 200
    catalogus = page.locator(".opblock", has=page.locator('[data-path="/api/v1/catalogus"]'))
    catalogus.locator(".opblock-summary-control").click()
    catalogus.get_by_role("button", name="Try it out").click()
    catalogus.get_by_role("button", name="Execute").click()
    status = catalogus.locator(".live-responses-table tr.response .response-col_status")
    expect(status).to_contain_text("401")
    page.get_by_role("button", name=re.compile("Authorize")).first.click()
    page.locator("#auth-bearer-value").fill(api.token)
    page.get_by_role("button", name="Apply credentials").click()
    page.locator(".auth-btn-wrapper").get_by_role("button", name="Close").click()
    catalogus.get_by_role("button", name="Execute").click()
    expect(status).to_contain_text("200")
    # the token is kept nowhere in the browser
    assert api.token not in str(context.storage_state())

    assert page.evaluate("window.__cspOvertredingen") == []
    # the call without a token above is the browser's only message
    assert fouten == [
        "Failed to load resource: the server responded with a status of 401 (UNAUTHORIZED) "
        f"({server.url}/api/v1/catalogus)"
    ]
    # axe on the whole page, the renderer included (its colours darkened where needed:
    # casus/static/css/api-referentie.css)
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= breedte["width"]
