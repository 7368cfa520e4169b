"""Single sign-on (issue 18) in Chromium at 1366 and 390 px, against a real OpenID provider
on loopback (oidc-provider-mock: its own HTML log-in form, RS256-signed ID tokens, an
``end_session_endpoint``), on SQLite and on PostgreSQL.

"Inloggen via de gemeente" on the log-in page leads to the provider's form; a linked user
whose token says ``mfa`` is in at once, one without it first takes the product's own
TOTP step; an unknown subject (no JIT) is back on the log-in page with the Dutch message.
Logging out of an SSO session goes on to the provider's end-session page, which sends
the browser back to /inloggen with the product's session ended. axe finds nothing on the
log-in page with the SSO button.

A user linked at Mijn account (password first, then the provider) is back there told so,
and from then on gets in through the provider only. The application runs with
``tests.hulp.browser.serverapp``'s configuration plus the SSO settings, on a server of
this module's own, next to one provider for the whole module. Every request the
provider's pages make off the machine (its stylesheet from a CDN) is refused, so the
tests never leave loopback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from flask import Flask
from sqlalchemy import URL, func, select

from casus.auth import mfa, sso
from casus.auth.models import Gebruiker, Sessie
from casus.extensions import db
from tests.hulp import database
from tests.hulp.browser import (
    AXE,
    LAPTOP,
    SMAL,
    NieuweContext,
    Server,
    axe_overtredingen,
    beschrijf,
    expect,
    server_op,
    serverapp,
    vers,
)
from tests.hulp.fabrieken import WACHTWOORD, gebruiker
from tests.hulp.sso import aanbieder, http, zet_claims

# the provider (in this process, on a thread) calls Authlib's server API it deprecates
pytestmark = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")

BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]
CLIENT_ID = "casus"
KNOP = "Inloggen via de gemeente"
GEEN_ROL = "U hebt nog geen rol in Casus"  # the start page of a user without a role
# everything that is not the product or the provider (both on loopback)
BUITEN_LOOPBACK = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/])")


# -- the provider and the application ------------------------------------------------------


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with aanbieder() as adres:
        yield adres


def _met_sso(bestand_of_url: Path | URL, provider: str) -> Flask:
    """``serverapp`` (the browser tests' configuration) with SSO on against ``provider``."""
    return serverapp(
        bestand_of_url,
        SSO_ISSUER=provider,
        SSO_CLIENT_ID=CLIENT_ID,
        SSO_CLIENT_SECRET="geheim",
        SSO_JIT=False,
    )


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sso_server(
    request: pytest.FixtureRequest, provider: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """The application with SSO on, served on a free port, on SQLite or on a throwaway
    PostgreSQL database (as ``postgres_server`` in conftest.py: without PostgreSQL that
    half is skipped with the reason, and fails with CI=true)."""
    with server_op(
        request.param, "casus_browser_sso", tmp_path_factory, lambda db_: _met_sso(db_, provider)
    ) as server:
        yield server


@pytest.fixture
def ssoserver(sso_server: Server) -> Iterator[Server]:
    """``sso_server`` with an app context for the test; its database emptied afterwards."""
    with sso_server.app.app_context():
        yield sso_server
        database.leeg(sso_server.app)


def gekoppeld(provider: str, gebruikersnaam: str, naam: str, sub: str) -> Gebruiker:
    """A user without a role (their start page says so), linked to ``sub`` at the
    provider as the beheerder would."""
    nieuw = gebruiker(gebruikersnaam, naam=naam)
    sso.koppel(nieuw, provider, sub)
    db.session.commit()
    return nieuw


def pagina(
    nieuwe_context: NieuweContext, server: Server, breedte: dict[str, int]
) -> tuple[Any, list[str]]:
    """A page in a fresh context, not logged in, with axe injected on every page; the
    requests off loopback are refused. The list collects every Content-Security-Policy
    violation Chromium reports on the way (a redirect to the provider after a form is
    one when ``form-action`` does not name the provider)."""
    context = nieuwe_context(server, viewport=breedte)
    context.route(BUITEN_LOOPBACK, lambda route: route.abort())
    context.add_init_script(path=AXE)
    page = context.new_page()
    csp: list[str] = []
    page.on(
        "console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None
    )
    return page, csp


def via_de_gemeente(page: Any, provider: str, sub: str) -> None:
    """From the log-in page through the button to the provider's form; log in there
    as ``sub`` (the mock asks only for the subject)."""
    page.goto("/inloggen")
    page.get_by_role("link", name=KNOP).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Authorize Client")
    assert page.url.startswith(f"{provider}/oauth2/authorize?")
    expect(page.get_by_text(f"Client ID: {CLIENT_ID}")).to_be_visible()
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()


def ingelogd_als(page: Any, server: Server, naam: str) -> None:
    """On the start page of a user without a role, with ``naam`` in the header."""
    expect(page.get_by_role("heading", level=1)).to_have_text(GEEN_ROL)
    assert page.url == f"{server.url}/"
    expect(page.get_by_role("banner").get_by_role("link", name=naam)).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def niet_ingelogd(page: Any, server: Server) -> None:
    """A page behind the log-in sends the browser to the log-in page."""
    page.goto("/account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert urlsplit(page.url).path == "/inloggen"
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)


def binnen_de_breedte(page: Any, breedte: dict[str, int]) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= breedte["width"]


# -- the journeys ---------------------------------------------------------------------------


@pytest.mark.parametrize("breedte", BREEDTES)
def test_a_linked_user_with_the_providers_second_factor_is_in_at_once(
    ssoserver: Server, provider: str, nieuwe_context: NieuweContext, breedte: dict[str, int]
) -> None:
    gekoppeld(provider, "jdevries", "Jan de Vries", "sub-jdv")
    zet_claims(provider, "sub-jdv", amr=["pwd", "mfa"])
    page, csp = pagina(nieuwe_context, ssoserver, breedte)

    via_de_gemeente(page, provider, "sub-jdv")

    ingelogd_als(page, ssoserver, "Jan de Vries")
    binnen_de_breedte(page, breedte)
    assert csp == []


@pytest.mark.parametrize("breedte", BREEDTES)
def test_without_mfa_from_the_provider_the_users_own_code_step_follows(
    ssoserver: Server, provider: str, nieuwe_context: NieuweContext, breedte: dict[str, int]
) -> None:
    piet = gekoppeld(provider, "pbakker", "Piet Bakker", "sub-pb")
    geheim = mfa.nieuw_geheim()
    mfa.activeer(piet, geheim)
    db.session.commit()
    zet_claims(provider, "sub-pb", amr=["pwd"])
    page, csp = pagina(nieuwe_context, ssoserver, breedte)

    via_de_gemeente(page, provider, "sub-pb")

    expect(page.get_by_role("heading", level=1)).to_have_text("Inlogcode")
    assert page.url == f"{ssoserver.url}/inloggen/code"
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    binnen_de_breedte(page, breedte)
    page.get_by_label("Code").fill(pyotp.TOTP(geheim).now())
    page.get_by_role("button", name="Inloggen").click()

    ingelogd_als(page, ssoserver, "Piet Bakker")
    assert csp == []


@pytest.mark.parametrize("breedte", BREEDTES)
def test_an_unknown_subject_is_back_on_the_log_in_page_with_the_reason(
    ssoserver: Server, provider: str, nieuwe_context: NieuweContext, breedte: dict[str, int]
) -> None:
    # known by name and e-mail at the provider, but linked to no account here (JIT off)
    zet_claims(provider, "sub-onbekend", name="Onno Bekend", email="onno@gemeente.nl")
    page, csp = pagina(nieuwe_context, ssoserver, breedte)

    via_de_gemeente(page, provider, "sub-onbekend")

    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert page.url == f"{ssoserver.url}/inloggen"
    # the wording is sso.ONBEKEND's (its text is tested in tests/auth/test_sso.py); here:
    # that it reaches the screen, whole, inside the window
    assert sso.ONBEKEND.startswith("U bent bij de gemeente ingelogd, maar ")
    melding = page.get_by_role("status").get_by_text(sso.ONBEKEND, exact=True)
    expect(melding).to_be_visible()
    vak = melding.bounding_box()
    assert vak is not None
    assert vak["x"] >= 0
    assert vak["x"] + vak["width"] <= breedte["width"]
    expect(page.get_by_role("link", name=KNOP)).to_be_visible()  # to try again
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    binnen_de_breedte(page, breedte)
    niet_ingelogd(page, ssoserver)
    assert csp == []
    vers()
    assert db.session.scalar(select(func.count()).select_from(Gebruiker)) == 0


@pytest.mark.parametrize("breedte", BREEDTES)
def test_logging_out_of_an_sso_session_ends_it_here_and_at_the_provider(
    ssoserver: Server, provider: str, nieuwe_context: NieuweContext, breedte: dict[str, int]
) -> None:
    jan = gekoppeld(provider, "jdevries", "Jan de Vries", "sub-jdv")
    zet_claims(provider, "sub-jdv", amr=["pwd", "mfa"])
    eindpunt = (
        http()
        .get(f"{provider}/.well-known/openid-configuration", timeout=5)
        .json()["end_session_endpoint"]
    )
    assert eindpunt == f"{provider}/oauth2/end_session"  # the mock has one
    page, csp = pagina(nieuwe_context, ssoserver, breedte)
    via_de_gemeente(page, provider, "sub-jdv")
    ingelogd_als(page, ssoserver, "Jan de Vries")

    page.get_by_role("button", name="Uitloggen").click()
    try:
        page.wait_for_url(f"{eindpunt}?*")
    except Exception:  # Playwright's TimeoutError (playwright may be absent: see conftest)
        pytest.fail(f"niet naar de provider; CSP-overtredingen: {csp}")
    assert csp == []

    # the provider's end-session page, told where to send the browser back
    expect(page.get_by_role("heading", level=1)).to_have_text("End Session")
    assert page.url.split("?")[0] == eindpunt
    vraag = parse_qs(urlsplit(page.url).query)
    assert vraag["post_logout_redirect_uri"] == [f"{ssoserver.url}/inloggen"]
    assert vraag["client_id"] == [CLIENT_ID]
    assert vraag["id_token_hint"][0].count(".") == 2  # a JWT: header.payload.signature
    # the product's session already ended, before the provider's
    vers()
    [sessie] = db.session.scalars(select(Sessie).where(Sessie.gebruiker_id == jan.id))
    assert sessie.beeindigd_op is not None
    page.get_by_role("button", name="End session").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert page.url == f"{ssoserver.url}/inloggen"
    expect(page.get_by_role("status")).to_have_text("U bent uitgelogd.")
    binnen_de_breedte(page, breedte)
    niet_ingelogd(page, ssoserver)
    assert csp == []


@pytest.mark.parametrize("breedte", BREEDTES)
def test_the_log_in_page_with_the_sso_button_has_no_accessibility_violations(
    ssoserver: Server, nieuwe_context: NieuweContext, breedte: dict[str, int]
) -> None:
    page, _ = pagina(nieuwe_context, ssoserver, breedte)
    page.goto("/inloggen")
    knop = page.get_by_role("link", name=KNOP)
    expect(knop).to_be_visible()
    expect(knop).to_have_attribute("href", "/inloggen/sso")

    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    binnen_de_breedte(page, breedte)


@pytest.mark.parametrize("breedte", BREEDTES)
def test_a_user_links_their_account_at_mijn_account_and_then_logs_in_through_the_provider(
    ssoserver: Server, provider: str, nieuwe_context: NieuweContext, breedte: dict[str, int]
) -> None:
    kees = gebruiker("kdijk", naam="Kees Dijk")
    db.session.commit()
    zet_claims(provider, "sub-kees", amr=["pwd", "mfa"])
    page, csp = pagina(nieuwe_context, ssoserver, breedte)
    page.goto("/inloggen")
    page.get_by_label("Gebruikersnaam").fill("kdijk")
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.goto("/account")

    page.get_by_role("button", name="Koppelen aan mijn account bij de gemeente").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Authorize Client")
    page.get_by_placeholder("sub").fill("sub-kees")
    page.get_by_role("button", name="Authorize", exact=True).click()

    # back at Mijn account, told what changed, with no password form left
    assert urlsplit(page.url).path == "/account"
    expect(page.get_by_role("status")).to_have_text(sso.GEKOPPELD_MELDING)
    expect(page.get_by_role("heading", name="Wachtwoord wijzigen")).to_have_count(0)
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    binnen_de_breedte(page, breedte)
    assert csp == []  # the redirect after the form reached the provider
    vers()
    assert sso.identiteit(provider, "sub-kees") is not None
    db.session.refresh(kees)
    assert kees.alleen_sso

    # the password no longer opens the account; the provider does
    andere, _ = pagina(nieuwe_context, ssoserver, breedte)
    andere.goto("/inloggen")
    andere.get_by_label("Gebruikersnaam").fill("kdijk")
    andere.get_by_label("Wachtwoord").fill(WACHTWOORD)
    andere.get_by_role("button", name="Inloggen", exact=True).click()
    expect(andere.get_by_text("Dit account logt in via de gemeente")).to_be_visible()
    via_de_gemeente(andere, provider, "sub-kees")
    ingelogd_als(andere, ssoserver, "Kees Dijk")
