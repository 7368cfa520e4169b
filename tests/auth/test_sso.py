"""Single sign-on (casus.auth.sso) against a real OpenID provider on loopback
(oidc-provider-mock: discovery, JWKS, authorization and token endpoints, RS256-signed
ID tokens). The provider merges a user's claims into the ID token, so a user set up
with ``aud``, ``iss``, ``exp`` or ``nonce`` claims gets a genuinely signed token that
is wrong in exactly that claim."""

from __future__ import annotations

import base64
import hashlib
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
from sqlalchemy import select

from casus import create_app
from casus.audit.models import AuditRecord
from casus.auth import mfa, sso
from casus.auth.models import Gebruiker, Sessie, SsoIdentiteit
from casus.extensions import db
from config import TestConfig
from tests.hulp import client as testclient
from tests.hulp.fabrieken import gebruiker as maak_gebruiker
from tests.hulp.sso import aanbieder, http, zet_claims

# the provider (in this process, on a thread) calls Authlib's server API it deprecates
pytestmark = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")

CLIENT_ID = "casus"
KNOP = "Inloggen via de gemeente"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with aanbieder() as adres:
        yield adres


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
    antwoord = http().post(autorisatie, data={"sub": sub}, allow_redirects=False, timeout=5)
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

    assert "nog niet gekoppeld aan een account in deze applicatie" in antwoord.get_data(
        as_text=True
    )
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


def test_the_code_is_exchanged_with_the_pkce_verifier_of_the_challenge_sent(
    sso_app: Callable[..., Flask], provider: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The provider mock does not check PKCE, so the test does: the token request sends
    the verifier whose S256 hash is the challenge of the authorization request (the
    requests pass through to the real provider; they are only read on the way)."""
    gekoppeld(provider, "pkce", "sub-pkce", "manager")
    zet_claims(provider, "sub-pkce", amr=["mfa"])
    verzonden: list[dict[str, Any]] = []
    echt = requests.Session.request

    def lees_mee(self: requests.Session, method: str, url: str, *args: Any, **kw: Any) -> Any:
        if url.endswith("/oauth2/token"):
            data = kw.get("data")
            verzonden.append(parse_qs(data) if isinstance(data, str) else dict(data or {}))
        return echt(self, method, url, *args, **kw)

    monkeypatch.setattr(requests.Session, "request", lees_mee)
    client = sso_app().test_client()
    start = client.get("/inloggen/sso").headers["Location"]
    challenge = parse_qs(urlsplit(start).query)["code_challenge"][0]
    antwoord = http().post(start, data={"sub": "sub-pkce"}, allow_redirects=False, timeout=5)

    client.get(antwoord.headers["Location"])

    assert ingelogd(client)
    assert len(verzonden) == 1
    verifier = verzonden[0]["code_verifier"]
    verifier = verifier[0] if isinstance(verifier, list) else verifier
    assert 43 <= len(verifier) <= 128  # RFC 7636 section 4.1
    verwacht = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    assert challenge == verwacht.decode()


def test_a_deactivated_user_cannot_get_in(sso_app: Callable[..., Flask], provider: str) -> None:
    gebruiker = gekoppeld(provider, "vertrokken", "sub-weg", "manager")
    gebruiker.actief = False
    db.session.commit()
    zet_claims(provider, "sub-weg", amr=["mfa"])
    client = sso_app().test_client()

    client.get(bij_provider(client, "sub-weg"))

    assert not ingelogd(client)
    assert weigering() == ["inactief"]


def test_the_group_mappings_accept_global_and_team_roles_each_in_their_own_setting() -> None:
    assert sso.groepen_rollen(" a=manager, b=beheerder ,a=privacy,") == {
        "a": frozenset({("manager", None), ("privacy", None)}),
        "b": frozenset({("beheerder", None)}),
    }
    assert sso.groepen_rollen("t=regisseur:ipta,t=triage:rio", teams=True) == {
        "t": frozenset({("regisseur", "ipta"), ("triage", "rio")})
    }
    for tekst, teams in [
        ("team=regisseur:ipta", False),  # a team role in the global mapping
        ("m=manager", True),  # a global role in the team mapping
        ("t=regisseur:bestaat_niet", True),
        ("t=regisseur", True),
        ("zonder-rol", False),
        ("=manager", False),
    ]:
        with pytest.raises(RuntimeError, match="is geen"):
            sso.groepen_rollen(tekst, teams=teams)


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
        http()
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
    assert http().get(uitlog, params=vraag, timeout=5).ok
    terug = http().post(
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


# -- roles from the provider's groups at every log-in ------------------------------------------

TEAMS = "gg-ipta=regisseur:ipta,gg-jeugd=triage:pga_jeugd"


def rollen_van(gebruiker_id: int) -> list[str]:
    db.session.rollback()
    g = db.session.get(Gebruiker, gebruiker_id)
    assert g is not None
    return sorted([r.rol for r in g.rollen] + [f"{t.rol}:{t.aanpak}" for t in g.teams])


def test_with_a_mapping_the_provider_decides_the_mapped_roles_at_every_log_in(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    # given by the beheerder: manager and regisseur:ipta (both in the mappings' range),
    # privacy and regisseur:rio (outside it)
    gebruiker = gekoppeld(
        provider, "wisselt", "sub-w", "manager", "privacy", "regisseur:ipta", "regisseur:rio"
    )
    zet_claims(provider, "sub-w", amr=["mfa"], groups=["gg-jeugd", "onbekend"])
    mappings = {"SSO_GROEPEN_ROLLEN": "gg-managers=manager", "SSO_GROEPEN_TEAMS": TEAMS}
    client = sso_app(**mappings).test_client()

    client.get(bij_provider(client, "sub-w"))

    assert ingelogd(client)
    # manager and regisseur:ipta withdrawn (no group gives them now), triage:pga_jeugd
    # granted, privacy and regisseur:rio left alone
    assert rollen_van(gebruiker.id) == ["privacy", "regisseur:rio", "triage:pga_jeugd"]
    assert [(r.gebruiker_id, r.object_id, r.details) for r in records(sso.ROLLEN_BIJGEWERKT)] == [
        (
            gebruiker.id,
            str(gebruiker.id),
            {"toegevoegd": ["triage:pga_jeugd"], "ingetrokken": ["manager", "regisseur:ipta"]},
        )
    ]
    # the next log-in with the same groups changes nothing, and logs nothing
    tweede = sso_app(**mappings).test_client()
    tweede.get(bij_provider(tweede, "sub-w"))
    assert ingelogd(tweede)
    assert len(records(sso.ROLLEN_BIJGEWERKT)) == 1


def test_a_token_without_the_groups_claim_leaves_the_roles_alone(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gebruiker = gekoppeld(provider, "zondergroep", "sub-zg", "manager", "regisseur:ipta")
    zet_claims(provider, "sub-zg", amr=["mfa"])
    client = sso_app(SSO_GROEPEN_TEAMS=TEAMS).test_client()

    client.get(bij_provider(client, "sub-zg"))

    assert ingelogd(client)
    assert rollen_van(gebruiker.id) == ["manager", "regisseur:ipta"]
    assert records(sso.ROLLEN_BIJGEWERKT) == []


def test_without_a_team_mapping_team_roles_stay_the_beheerders(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gebruiker = gekoppeld(provider, "teamvast", "sub-tv", "regisseur:ipta")
    zet_claims(provider, "sub-tv", amr=["mfa"], groups=["gg-managers"])
    client = sso_app().test_client()

    client.get(bij_provider(client, "sub-tv"))

    assert rollen_van(gebruiker.id) == ["manager", "regisseur:ipta"]


# -- linking an existing account at Mijn account -----------------------------------------------


def koppel_via_account(client: FlaskClient, sub: str) -> Any:
    """Mijn account's "Koppelen": to the provider as ``sub`` and back; the final page."""
    start = client.post("/account/sso-koppelen")
    assert start.status_code == 302
    antwoord = http().post(start.headers["Location"], data={"sub": sub}, allow_redirects=False)
    return client.get(antwoord.headers["Location"], follow_redirects=True)


def test_a_logged_in_user_links_their_own_account_and_is_then_sso_only(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gebruiker = maak_gebruiker("zelfkoppelaar", "manager")
    db.session.commit()
    zet_claims(provider, "sub-zelf", amr=["mfa"])
    client = sso_app().test_client()
    testclient.login(client, gebruiker)
    assert "Koppelen aan mijn account bij de gemeente" in client.get("/account").get_data(
        as_text=True
    )

    pagina = koppel_via_account(client, "sub-zelf").get_data(as_text=True)

    assert "Uw account is gekoppeld" in pagina
    assert "Wachtwoord wijzigen" not in pagina
    db.session.rollback()
    rij = db.session.scalar(select(SsoIdentiteit).where(SsoIdentiteit.subject == "sub-zelf"))
    assert rij is not None
    assert rij.gebruiker_id == gebruiker.id
    db.session.refresh(gebruiker)
    assert gebruiker.alleen_sso
    assert [(r.gebruiker_id, r.details) for r in records(sso.GEKOPPELD)] == [
        (gebruiker.id, {"alleen_sso": True})
    ]
    # from now on: in through the provider, not with the password
    nieuw = sso_app().test_client()
    testclient.login(nieuw, gebruiker)
    assert not ingelogd(nieuw)
    nieuw.get(bij_provider(nieuw, "sub-zelf"))
    assert ingelogd(nieuw)


def test_linking_an_account_of_the_provider_that_belongs_to_another_user_is_refused(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gekoppeld(provider, "eigenaar", "sub-bezet", "manager")
    ander = maak_gebruiker("indringer", "manager")
    db.session.commit()
    client = sso_app().test_client()
    testclient.login(client, ander)

    pagina = koppel_via_account(client, "sub-bezet").get_data(as_text=True)

    assert sso.AL_VAN_EEN_ANDER in pagina
    assert ingelogd(client)  # still logged in as themselves
    db.session.rollback()
    db.session.refresh(ander)
    assert not ander.alleen_sso
    assert (
        db.session.scalar(select(SsoIdentiteit.id).where(SsoIdentiteit.gebruiker_id == ander.id))
        is None
    )
    assert weigering() == ["van_een_ander"]
    assert records(sso.GEKOPPELD) == []


def test_a_second_account_of_the_same_provider_is_not_linked(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gebruiker = gekoppeld(provider, "dubbel", "sub-een", "manager")
    gebruiker.alleen_sso = False
    db.session.commit()
    client = sso_app().test_client()
    testclient.login(client, gebruiker)

    pagina = koppel_via_account(client, "sub-twee").get_data(as_text=True)

    assert sso.AL_GEKOPPELD in pagina
    assert weigering() == ["al_gekoppeld"]
    assert sso.identiteit(provider, "sub-twee") is None


def test_a_link_whose_session_ended_at_the_provider_is_not_made(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gebruiker = maak_gebruiker("halverwege", "manager")
    db.session.commit()
    client = sso_app().test_client()
    testclient.login(client, gebruiker)
    start = client.post("/account/sso-koppelen")
    antwoord = http().post(start.headers["Location"], data={"sub": "sub-hw"}, allow_redirects=False)
    # meanwhile the session ends (logged out in another tab); even with the cookie's old
    # contents back, the ended session takes the pending link and the state with it
    with client.session_transaction() as sessie:
        wachtend = dict(sessie)
    client.post("/uitloggen")
    with client.session_transaction() as sessie:
        sessie.update(wachtend)

    client.get(antwoord.headers["Location"])

    assert not ingelogd(client)
    assert weigering() == ["state"]
    assert sso.identiteit(provider, "sub-hw") is None


# -- the leavers' check on the command line ------------------------------------------------------


def test_the_leavers_check_lists_and_deactivates_linked_accounts_unused_for_n_days(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    from datetime import timedelta

    from casus.klok import nu

    app = sso_app()
    moment = nu()
    # hand-built: oud (SSO 40 days ago), recent (10 days ago), nooit (linked 50 days ago,
    # never used), weg (40 days ago but already inactive), lokaal (not linked at all)
    for naam, sub, laatst, gekoppeld_op, actief in [
        ("oud", "s-oud", 40, 60, True),
        ("recent", "s-recent", 10, 60, True),
        ("nooit", "s-nooit", None, 50, True),
        ("weg", "s-weg", 40, 60, False),
    ]:
        g = gekoppeld(provider, naam, sub, "manager")
        g.actief = actief
        rij = sso.identiteit(provider, sub)
        assert rij is not None
        rij.aangemaakt_op = moment - timedelta(days=gekoppeld_op)
        rij.laatst_ingelogd_op = moment - timedelta(days=laatst) if laatst else None
    maak_gebruiker("lokaal", "manager")
    db.session.commit()
    runner = app.test_cli_runner()

    lijst = runner.invoke(args=["sso", "ongebruikt", "--dagen", "30"])

    assert lijst.exit_code == 0, lijst.output
    assert [r.split("\t")[0] for r in lijst.output.strip().splitlines()] == ["nooit", "oud"]
    db.session.rollback()
    assert all(g.actief for g in db.session.scalars(select(Gebruiker)) if g.gebruikersnaam != "weg")

    weg = runner.invoke(args=["sso", "ongebruikt", "--dagen", "30", "--deactiveren"])

    assert weg.exit_code == 0, weg.output
    db.session.rollback()
    actief = {g.gebruikersnaam: g.actief for g in db.session.scalars(select(Gebruiker))}
    assert {n: actief[n] for n in ("oud", "recent", "nooit", "weg", "lokaal")} == {
        "oud": False,
        "recent": True,
        "nooit": False,
        "weg": False,
        "lokaal": True,
    }
    assert len(records("beheer.gebruiker_gedeactiveerd")) == 2


def test_the_operator_links_an_account_on_the_command_line(
    sso_app: Callable[..., Flask], provider: str
) -> None:
    gebruiker = maak_gebruiker("migratie", "manager")
    gekoppeld(provider, "bezet", "s-bezet", "manager")
    db.session.commit()
    app = sso_app()
    runner = app.test_cli_runner()

    with app.app_context():  # the command runs in the app with SSO on
        assert runner.invoke(args=["sso", "koppel", "bestaatniet", "s-x"]).exit_code == 1
        bezet = runner.invoke(args=["sso", "koppel", "migratie", "s-bezet"])
        goed = runner.invoke(args=["sso", "koppel", "migratie", "s-migratie"])

    assert bezet.exit_code == 1
    assert sso.AL_VAN_EEN_ANDER in bezet.output
    assert goed.exit_code == 0, goed.output
    db.session.rollback()
    rij = sso.identiteit(provider, "s-migratie")
    assert rij is not None
    assert rij.gebruiker_id == gebruiker.id
    db.session.refresh(gebruiker)
    assert gebruiker.alleen_sso
    assert [r.details for r in records(sso.GEKOPPELD)] == [{"alleen_sso": True}]


def test_the_sso_commands_refuse_while_sso_is_off(app: Flask) -> None:
    uitkomst = app.test_cli_runner().invoke(args=["sso", "koppel", "iemand", "s"])
    assert uitkomst.exit_code == 1
    assert "SSO_ISSUER" in uitkomst.output
