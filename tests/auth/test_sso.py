"""Single sign-on (casus.auth.sso) against a real OpenID provider on loopback
(oidc-provider-mock: discovery, JWKS, authorization and token endpoints, RS256-signed
ID tokens). The provider merges a user's claims into the ID token, so a user set up
with ``aud``, ``iss``, ``exp`` or ``nonce`` claims gets a genuinely signed token that
is wrong in exactly that claim."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pyotp
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from oidc_provider_mock import run_server_in_thread
from sqlalchemy import select

from casus import create_app
from casus.audit.models import AuditRecord
from casus.auth import mfa, sso
from casus.auth.models import Gebruiker, Sessie, SsoIdentiteit
from casus.extensions import db
from config import TestConfig
from tests.hulp import client as testclient
from tests.hulp.fabrieken import gebruiker as maak_gebruiker

# the provider (in this process, on a thread) calls Authlib's server API it deprecates
pytestmark = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")

CLIENT_ID = "casus"
KNOP = "Inloggen via de gemeente"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso_app(app: Flask, provider: str) -> Iterator[Callable[..., Flask]]:
    """``maak(**config)``: the application with SSO on, on the test database."""
    gemaakt: list[Flask] = []

    def maak(**config: Any) -> Flask:
        instellingen = {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SSO_ISSUER": provider,
            "SSO_CLIENT_ID": CLIENT_ID,
            "SSO_CLIENT_SECRET": "geheim",
            "SSO_GROEPEN_ROLLEN": "gg-managers=manager,gg-ict=beheerder,gg-ict=privacy",
            **config,
        }
        nieuw = create_app(TestConfig, **instellingen)
        nieuw.test_client_class = testclient.Client
        gemaakt.append(nieuw)
        return nieuw

    yield maak
    for nieuw in gemaakt:
        testclient.sluit(nieuw)


def _http() -> requests.Session:
    sessie = requests.Session()
    sessie.trust_env = False  # loopback: never through a proxy
    return sessie


def zet_claims(provider: str, sub: str, **claims: Any) -> None:
    antwoord = _http().put(f"{provider}/users/{sub}", json=claims, timeout=5)
    assert antwoord.status_code == 204


def bij_provider(client: FlaskClient, sub: str) -> str:
    """Start at /inloggen/sso, log in as ``sub`` at the provider; the callback URL
    (with code and state) the provider sends the browser back to."""
    start = client.get("/inloggen/sso")
    assert start.status_code == 302
    autorisatie = start.headers["Location"]
    vraag = parse_qs(urlsplit(autorisatie).query)
    assert vraag["code_challenge_method"] == ["S256"]
    assert vraag["nonce"][0]
    assert vraag["state"][0]
    antwoord = _http().post(autorisatie, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert antwoord.status_code == 302
    terug = antwoord.headers["Location"]
    assert terug.startswith("http://localhost/inloggen/sso/terug?")
    return terug


def met_state(url: str, state: str) -> str:
    delen = urlsplit(url)
    vraag = {k: v[0] for k, v in parse_qs(delen.query).items()}
    vraag["state"] = state
    return f"{delen.path}?{urlencode(vraag)}"


def records(actie: str) -> list[AuditRecord]:
    db.session.rollback()  # see what the other application committed
    return list(
        db.session.scalars(
            select(AuditRecord).where(AuditRecord.actie == actie).order_by(AuditRecord.id)
        )
    )


def weigering(actie: str = sso.GEWEIGERD) -> list[Any]:
    return [r.details["reden"] for r in records(actie) if r.uitkomst == "geweigerd"]


def gekoppeld(provider: str, naam: str, sub: str, *rollen: str) -> Gebruiker:
    gebruiker = maak_gebruiker(naam, *rollen)
    sso.koppel(gebruiker, provider, sub)
    db.session.commit()
    return gebruiker


def ingelogd(client: FlaskClient) -> bool:
    return client.get("/account").status_code == 200


def test_sso_off_registers_no_route_and_shows_no_button(client: FlaskClient) -> None:
    assert client.get("/inloggen/sso").status_code == 404
    assert client.get("/inloggen/sso/terug?code=x&state=y").status_code == 404
    assert KNOP not in client.get("/inloggen").get_data(as_text=True)


def test_linked_user_logs_in_with_the_providers_second_factor(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gebruiker = gekoppeld(provider, "jdevries", "sub-jdv", "manager")
    zet_claims(provider, "sub-jdv", amr=["pwd", "mfa"], preferred_username="jan")
    client = sso_app().test_client()
    assert KNOP in client.get("/inloggen").get_data(as_text=True)

    antwoord = client.get(bij_provider(client, "sub-jdv"))

    assert antwoord.status_code == 302
    assert "/inloggen" not in antwoord.headers["Location"]
    assert ingelogd(client)
    db.session.rollback()
    rij = db.session.scalar(select(SsoIdentiteit).where(SsoIdentiteit.subject == "sub-jdv"))
    assert rij is not None
    assert rij.laatst_ingelogd_op is not None
    assert [(r.gebruiker_id, r.details) for r in records(sso.INGELOGD)] == [
        (gebruiker.id, {"mfa": "provider"})
    ]
    assert [r.gebruiker_id for r in records("auth.ingelogd")] == [gebruiker.id]


def test_without_mfa_in_amr_the_users_own_totp_step_follows(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gebruiker = gekoppeld(provider, "pbakker", "sub-pb", "manager")
    geheim = mfa.nieuw_geheim()
    mfa.activeer(gebruiker, geheim)
    db.session.commit()
    zet_claims(provider, "sub-pb", amr=["pwd"])
    client = sso_app().test_client()

    antwoord = client.get(bij_provider(client, "sub-pb"))

    assert antwoord.headers["Location"].endswith("/inloggen/code")
    assert not ingelogd(client)
    assert [r.details for r in records(sso.INGELOGD)] == [{"mfa": "eigen"}]
    assert records("auth.ingelogd") == []
    code = pyotp.TOTP(geheim).now()
    assert client.post("/inloggen/code", data={"code": code}).status_code == 302
    assert ingelogd(client)


@pytest.mark.parametrize(
    ("acr", "mfa_door"),
    [("gold", "provider"), ("platinum", "provider"), ("1", "eigen"), (None, "eigen")],
)
def test_the_providers_second_factor_also_counts_by_a_configured_acr(
    sso_app: Callable[..., Flask], provider: str, acr: str | None, mfa_door: str
) -> None:
    gekoppeld(provider, "acrgebruiker", "sub-acr", "manager")
    zet_claims(provider, "sub-acr", amr=["pwd"], **({"acr": acr} if acr else {}))
    client = sso_app(SSO_MFA_ACR=" gold, platinum", MFA_VERPLICHT=True).test_client()

    antwoord = client.get(bij_provider(client, "sub-acr"))

    assert [r.details for r in records(sso.INGELOGD)] == [{"mfa": mfa_door}]
    assert ingelogd(client) == (mfa_door == "provider")
    if mfa_door == "eigen":
        assert antwoord.headers["Location"].endswith("/mfa/instellen")


def test_without_amr_and_mfa_required_the_user_enrols_first(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gekoppeld(provider, "kdijk", "sub-kd", "manager")
    zet_claims(provider, "sub-kd")
    client = sso_app(MFA_VERPLICHT=True).test_client()

    antwoord = client.get(bij_provider(client, "sub-kd"))

    assert antwoord.headers["Location"].endswith("/mfa/instellen")
    assert not ingelogd(client)


def test_an_unknown_subject_is_refused_even_with_a_known_e_mail(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    maak_gebruiker("emailgebruiker", "manager")
    db.session.commit()
    zet_claims(provider, "sub-vreemd", email="emailgebruiker", preferred_username="emailgebruiker")
    client = sso_app().test_client()

    antwoord = client.get(bij_provider(client, "sub-vreemd"), follow_redirects=True)

    assert "nog geen account" in antwoord.get_data(as_text=True)
    assert not ingelogd(client)
    assert weigering() == ["onbekend"]
    db.session.rollback()
    assert db.session.scalar(select(SsoIdentiteit.id)) is None


def test_jit_creates_the_user_with_global_roles_from_the_group_mapping(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    zet_claims(
        provider,
        "sub-nieuw",
        preferred_username="m.jansen@gemeente.nl",
        name="Mila Jansen",
        groups=["gg-ict", "gg-regisseurs-ipta", "anders"],
        amr=["mfa"],
    )
    client = sso_app(SSO_JIT=True).test_client()

    client.get(bij_provider(client, "sub-nieuw"))

    assert ingelogd(client)
    db.session.rollback()
    rij = db.session.scalar(select(SsoIdentiteit).where(SsoIdentiteit.subject == "sub-nieuw"))
    assert rij is not None
    nieuw = db.session.get(Gebruiker, rij.gebruiker_id)
    assert nieuw is not None
    assert (nieuw.gebruikersnaam, nieuw.naam) == ("m.jansen", "Mila Jansen")
    assert sorted(r.rol for r in nieuw.rollen) == ["beheerder", "privacy"]
    assert nieuw.teams == []  # team roles stay the beheerder's
    assert nieuw.alleen_sso  # no password log-in, ever
    assert [r.details for r in records(sso.AANGEMAAKT)] == [{"rollen": ["beheerder", "privacy"]}]
    # the account has no password that could ever be right
    anders = sso_app(SSO_JIT=True).test_client()
    login = anders.post("/inloggen", data={"gebruikersnaam": "m.jansen", "wachtwoord": "!sso:iets"})
    assert login.status_code == 200
    assert not ingelogd(anders)
    assert [(r.uitkomst, r.details) for r in records("auth.inloggen_mislukt")] == [
        ("geweigerd", {"reden": "alleen_sso"})
    ]


def test_a_forged_state_is_refused(sso_app: Callable[..., Flask], provider: str) -> None:
    gekoppeld(provider, "fstate", "sub-fs", "manager")
    zet_claims(provider, "sub-fs", amr=["mfa"])
    client = sso_app().test_client()

    antwoord = client.get(met_state(bij_provider(client, "sub-fs"), "vervalst"))

    assert antwoord.headers["Location"].endswith("/inloggen")
    assert not ingelogd(client)
    assert weigering() == ["state"]


@pytest.mark.parametrize(
    ("claims", "reden"),
    [
        ({"aud": "andere-client"}, "claim_aud"),
        ({"iss": "http://localhost:1"}, "claim_iss"),
        ({"nonce": "niet-de-onze"}, "claim_nonce"),
        ({"exp": int(time.time()) - 3 * sso.MAX_KLOKAFWIJKING}, "verlopen"),
    ],
    ids=["audience", "issuer", "nonce", "verlopen"],
)
def test_a_signed_token_with_a_wrong_claim_is_refused(
    sso_app: Callable[..., Flask], provider: str, claims: dict[str, Any], reden: str
) -> None:
    gekoppeld(provider, "fclaim", "sub-fc", "manager")
    zet_claims(provider, "sub-fc", amr=["mfa"], **claims)
    client = sso_app().test_client()

    antwoord = client.get(bij_provider(client, "sub-fc"))

    assert antwoord.headers["Location"].endswith("/inloggen")
    assert not ingelogd(client)
    assert weigering() == [reden]
    assert records("auth.ingelogd") == []


def test_an_expired_token_within_the_clock_skew_is_accepted(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gekoppeld(provider, "skew", "sub-skew", "manager")
    zet_claims(provider, "sub-skew", amr=["mfa"], exp=int(time.time()) - 20)
    client = sso_app().test_client()

    client.get(bij_provider(client, "sub-skew"))

    assert ingelogd(client)


def test_a_provider_whose_discovery_names_another_issuer_is_refused(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    # the issuer is compared exactly, as OpenID Connect Discovery requires: the provider
    # names itself without the trailing slash configured here
    client = sso_app(SSO_ISSUER=provider + "/").test_client()

    antwoord = client.get("/inloggen/sso")

    assert antwoord.headers["Location"].endswith("/inloggen")
    assert weigering() == ["issuer"]


def test_a_code_issued_for_another_client_is_refused(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gekoppeld(provider, "anderclient", "sub-ac", "manager")
    zet_claims(provider, "sub-ac", amr=["mfa"])
    eerste = sso_app().test_client()
    terug = bij_provider(eerste, "sub-ac")
    # the same callback arrives at an installation configured with another client id
    tweede = sso_app(SSO_CLIENT_ID="andere-client").test_client()
    state = parse_qs(urlsplit(bij_provider(tweede, "sub-ac")).query)["state"][0]

    antwoord = tweede.get(met_state(terug, state))

    assert antwoord.headers["Location"].endswith("/inloggen")
    assert not ingelogd(tweede)
    assert weigering() == ["invalid_grant"]


def test_a_replayed_code_is_refused(sso_app: Callable[..., Flask], provider: str) -> None:
    gekoppeld(provider, "replay", "sub-rp", "manager")
    zet_claims(provider, "sub-rp", amr=["mfa"])
    toepassing = sso_app()
    eerste = toepassing.test_client()
    terug = bij_provider(eerste, "sub-rp")
    eerste.get(terug)
    assert ingelogd(eerste)
    # an attacker with the used code starts their own flow for a state of theirs
    aanvaller = toepassing.test_client()
    state = parse_qs(urlsplit(aanvaller.get("/inloggen/sso").headers["Location"]).query)["state"][0]

    antwoord = aanvaller.get(met_state(terug, state))

    assert antwoord.headers["Location"].endswith("/inloggen")
    assert not ingelogd(aanvaller)
    assert weigering() == ["invalid_grant"]


def test_a_deactivated_user_cannot_get_in(sso_app: Callable[..., Flask], provider: str) -> None:
    gebruiker = gekoppeld(provider, "vertrokken", "sub-weg", "manager")
    gebruiker.actief = False
    db.session.commit()
    zet_claims(provider, "sub-weg", amr=["mfa"])
    client = sso_app().test_client()

    client.get(bij_provider(client, "sub-weg"))

    assert not ingelogd(client)
    assert weigering() == ["inactief"]


def test_the_group_mapping_accepts_only_global_roles() -> None:
    assert sso.groepen_rollen(" a=manager, b=beheerder ,a=privacy,") == {
        "a": frozenset({"manager", "privacy"}),
        "b": frozenset({"beheerder"}),
    }
    with pytest.raises(RuntimeError, match="regisseur"):
        sso.groepen_rollen("team=regisseur:ipta")


# -- logging out at the provider (RP-initiated logout) ---------------------------------------


def payload(jwt: str) -> dict[str, Any]:
    deel = jwt.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(deel + "=" * (-len(deel) % 4))))


def uitloggen(client: FlaskClient) -> str:
    antwoord = client.post("/uitloggen")
    assert antwoord.status_code == 302
    return str(antwoord.headers["Location"])


def naar_provider(adres: str, provider: str) -> dict[str, str]:
    """The end-session request's parameters, after checking it goes to the provider's
    endpoint that its discovery document names."""
    eindpunt = (
        _http()
        .get(f"{provider}/.well-known/openid-configuration", timeout=5)
        .json()["end_session_endpoint"]
    )
    assert adres.split("?")[0] == eindpunt
    return {k: v[0] for k, v in parse_qs(urlsplit(adres).query).items()}


def test_logout_ends_the_session_and_the_providers_with_the_id_token_as_hint(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gebruiker = gekoppeld(provider, "uitlogger", "sub-uit", "manager")
    zet_claims(provider, "sub-uit", amr=["mfa"])
    client = sso_app().test_client()
    client.get(bij_provider(client, "sub-uit"))
    assert ingelogd(client)

    vraag = naar_provider(uitloggen(client), provider)

    # the product's session is over, whatever the provider does next
    assert not ingelogd(client)
    db.session.rollback()
    [sessie] = db.session.scalars(select(Sessie).where(Sessie.gebruiker_id == gebruiker.id))
    assert sessie.beeindigd_op is not None
    assert [r.gebruiker_id for r in records("auth.uitgelogd")] == [gebruiker.id]
    assert set(vraag) == {"id_token_hint", "post_logout_redirect_uri", "client_id"}
    assert vraag["post_logout_redirect_uri"] == "http://localhost/inloggen"
    assert vraag["client_id"] == CLIENT_ID
    hint = payload(vraag["id_token_hint"])
    assert (hint["iss"], hint["sub"], hint["aud"]) == (provider, "sub-uit", [CLIENT_ID])
    assert vraag["id_token_hint"] == sessie.sso_id_token
    # the provider ends its session and sends the browser back to /inloggen
    uitlog = f"{provider}/oauth2/end_session"
    assert _http().get(uitlog, params=vraag, timeout=5).ok
    terug = _http().post(
        f"{uitlog}/confirm",
        data={"redirect_uri": vraag["post_logout_redirect_uri"]},
        allow_redirects=False,
        timeout=5,
    )
    assert terug.headers["Location"] == "http://localhost/inloggen"
    assert "U bent uitgelogd." in client.get("/inloggen").get_data(as_text=True)


def test_the_id_token_waits_through_the_users_own_totp_step(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gebruiker = gekoppeld(provider, "totpuit", "sub-tu", "manager")
    geheim = mfa.nieuw_geheim()
    mfa.activeer(gebruiker, geheim)
    db.session.commit()
    zet_claims(provider, "sub-tu", amr=["pwd"])
    client = sso_app().test_client()
    assert client.get(bij_provider(client, "sub-tu")).headers["Location"].endswith("/code")
    client.post("/inloggen/code", data={"code": pyotp.TOTP(geheim).now()})
    assert ingelogd(client)

    vraag = naar_provider(uitloggen(client), provider)

    assert payload(vraag["id_token_hint"])["sub"] == "sub-tu"
    assert not ingelogd(client)


def test_a_password_session_logs_out_here_only_even_after_an_sso_log_in_left_halfway(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    # someone's SSO log-in stops at the TOTP step; another user logs in with a password
    # in the same browser: their log-out must not end the first one's provider session
    half = gekoppeld(provider, "halfweg", "sub-hw", "manager")
    mfa.activeer(half, mfa.nieuw_geheim())
    wachtwoordgebruiker = maak_gebruiker("wwgebruiker", "manager")
    db.session.commit()
    zet_claims(provider, "sub-hw", amr=["pwd"])
    client = sso_app().test_client()
    assert client.get(bij_provider(client, "sub-hw")).headers["Location"].endswith("/code")

    assert testclient.login(client, wachtwoordgebruiker).status_code == 302
    assert ingelogd(client)

    assert uitloggen(client) == "/inloggen"
    assert not ingelogd(client)


def test_without_an_end_session_endpoint_logout_stays_here(
    sso_app: Callable[..., Flask], provider: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    gekoppeld(provider, "geeneind", "sub-ge", "manager")
    zet_claims(provider, "sub-ge", amr=["mfa"])
    toepassing = sso_app()
    client = toepassing.test_client()
    client.get(bij_provider(client, "sub-ge"))
    assert ingelogd(client)
    # the provider's discovery document as one without RP-initiated logout has it
    sso_client = toepassing.extensions["sso_oauth"].create_client(sso.NAAM)
    zonder = {k: v for k, v in sso_client.load_server_metadata().items() if "end_session" not in k}
    monkeypatch.setattr(sso_client, "server_metadata", zonder)

    assert uitloggen(client) == "/inloggen"
    assert not ingelogd(client)
