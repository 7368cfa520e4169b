"""Single sign-on with OpenID Connect next to local accounts (issue 18).

Authlib's Flask client, used directly: the authorization code flow with PKCE (S256),
``state`` and ``nonce`` kept in the (server-checked) Flask session until the provider
answers. The ID token is accepted only when it is signed by a key of the provider's
JWKS, its ``iss`` is ``SSO_ISSUER`` exactly (also the discovery document's issuer:
Entra ID's multi-tenant ``{tenantid}`` template never matches), its ``aud`` holds
``SSO_CLIENT_ID`` (Authlib checks ``aud`` only when told to), its ``nonce`` is ours and
it has not expired, with at most ``MAX_KLOKAFWIJKING`` seconds of clock skew.

A user is found by issuer + subject (``SsoIdentiteit``), never by e-mail. An unknown
subject is refused, or created when ``SSO_JIT`` is on, with the global roles that
``SSO_GROEPEN_ROLLEN`` maps its groups to (team roles stay the beheerder's). The
provider's second factor counts only when ``amr`` names ``SSO_MFA_AMR`` or ``acr`` is one
of ``SSO_MFA_ACR``; otherwise the user takes the product's own TOTP step, exactly as after
a password.

Logging out of a session that began here ends the product's session as always and,
when the provider's discovery names an ``end_session_endpoint``, sends the browser
there (RP-initiated logout) with the log-in's ID token as ``id_token_hint`` and
``/inloggen`` as ``post_logout_redirect_uri``. The ID token is kept on the server-side
session row (``Sessie.sso_id_token``); between the callback and the product's own TOTP
step it waits in the signed session cookie, bound to the user (``sessies.SSO_ID_TOKEN``),
unless it is too large for a cookie (``MAX_ID_TOKEN_IN_COOKIE``): that log-out then
ends the product's session only.

Without ``SSO_ISSUER`` nothing of this is registered: no route, no button.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, current_app, flash, redirect, session, url_for
from flask_login import current_user
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
from sqlalchemy import select
from werkzeug.wrappers import Response

from casus.audit import log_actie
from casus.auth import services, sessies
from casus.auth.models import Gebruiker, SsoIdentiteit
from casus.extensions import db
from casus.klok import nu
from workflows.codes import GLOBALE_ROLLEN

NAAM = "sso"  # the client's name in Authlib's registry
MAX_KLOKAFWIJKING = 60  # seconds of clock skew accepted on exp, iat and nbf
# an ID token waiting in the cookie for the TOTP step: a cookie holds about 4 kB, and
# Entra ID's token with many groups is larger
MAX_ID_TOKEN_IN_COOKIE = 2500

INGELOGD = "auth.sso_ingelogd"
GEWEIGERD = "auth.sso_geweigerd"
AANGEMAAKT = "auth.sso_account_aangemaakt"

MISLUKT = "Inloggen via de gemeente is niet gelukt. Probeer het opnieuw of vraag de beheerder."
ONBEKEND = (
    "U bent bij de gemeente ingelogd, maar hebt nog geen account in deze applicatie. "
    "Vraag de beheerder om uw account te koppelen."
)


class Ssofout(Exception):
    """A refused SSO log-in: ``reden`` is the audit code, ``melding`` what the user reads."""

    def __init__(self, reden: str, melding: str = MISLUKT) -> None:
        super().__init__(reden)
        self.reden = reden
        self.melding = melding


# -- configuration ----------------------------------------------------------------------


def aan(app: Flask) -> bool:
    return bool(app.config.get("SSO_ISSUER"))


def groepen_rollen(tekst: str) -> dict[str, frozenset[str]]:
    """``"gg-manager=manager,gg-ict=beheerder,gg-ict=privacy"`` -> group -> global roles.
    A team role or an unknown role is a configuration error (raised at start-up)."""
    koppeling: dict[str, set[str]] = {}
    for deel in (d.strip() for d in tekst.split(",")):
        if not deel:
            continue
        groep, is_, rol = (x.strip() for x in deel.rpartition("="))
        if not is_ or not groep or rol not in GLOBALE_ROLLEN:
            raise RuntimeError(
                f"SSO_GROEPEN_ROLLEN: '{deel}' is geen 'groep=rol' met een rol uit "
                f"{', '.join(GLOBALE_ROLLEN)}."
            )
        koppeling.setdefault(groep, set()).add(rol)
    return {g: frozenset(r) for g, r in koppeling.items()}


def init_app(app: Flask) -> None:
    """Register the provider and the routes, only when ``SSO_ISSUER`` is set."""
    if not aan(app):
        return
    if not app.config.get("SSO_CLIENT_ID"):
        raise RuntimeError("SSO_ISSUER is gezet maar SSO_CLIENT_ID niet.")
    app.extensions["sso_groepen_rollen"] = groepen_rollen(app.config["SSO_GROEPEN_ROLLEN"])
    issuer = str(app.config["SSO_ISSUER"]).rstrip("/")
    oauth = OAuth(app)
    oauth.register(
        NAAM,
        client_id=app.config["SSO_CLIENT_ID"],
        client_secret=app.config.get("SSO_CLIENT_SECRET"),
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": app.config["SSO_SCOPES"], "code_challenge_method": "S256"},
    )
    app.extensions["sso_oauth"] = oauth
    app.register_blueprint(bp)


def _client() -> Any:
    return current_app.extensions["sso_oauth"].create_client(NAAM)


def _issuer() -> str:
    return str(current_app.config["SSO_ISSUER"])


def _metadata(client: Any) -> dict[str, Any]:
    """The discovery document, refused when its issuer is not the pinned one."""
    try:
        metadata: dict[str, Any] = client.load_server_metadata()
    except (requests.RequestException, ValueError) as fout:  # unreachable, not JSON
        raise Ssofout("provider_onbereikbaar") from fout
    if metadata.get("issuer") != _issuer():
        raise Ssofout("issuer")
    return metadata


# -- the two legs of the flow -------------------------------------------------------------


def start_redirect() -> Response:
    client = _client()
    _metadata(client)
    antwoord: Response = client.authorize_redirect(url_for("sso.terug", _external=True))
    return antwoord


def _claimopties() -> dict[str, Any]:
    return {
        "iss": {"essential": True, "value": _issuer()},
        "aud": {"essential": True, "value": current_app.config["SSO_CLIENT_ID"]},
        "exp": {"essential": True},
        "iat": {"essential": True},
    }


@dataclass(frozen=True)
class Antwoord:
    claims: dict[str, Any]
    id_token: str  # as the provider signed it: the id_token_hint at log-out


def lees_antwoord() -> Antwoord:
    """The provider's answer at the callback: code exchanged (with the PKCE verifier),
    the ID token checked; its claims. Every refusal is an ``Ssofout``."""
    client = _client()
    _metadata(client)
    try:
        token = client.authorize_access_token(
            claims_options=_claimopties(), leeway=MAX_KLOKAFWIJKING
        )
    except MismatchingStateError as fout:
        raise Ssofout("state") from fout
    except OAuthError as fout:
        # an error answered by the provider (access_denied) or its token endpoint
        # (invalid_grant: a code used twice, or issued to another client)
        raise Ssofout(_foutcode(fout.error)) from fout
    except ExpiredTokenError as fout:
        raise Ssofout("verlopen") from fout
    except ClaimError as fout:
        raise Ssofout(_foutcode(f"claim_{fout.claim}")) from fout
    except JoseError as fout:  # signature, key, format
        raise Ssofout("handtekening") from fout
    except requests.RequestException as fout:  # the provider failed or cannot be reached
        raise Ssofout("provider_fout") from fout
    claims = token.get("userinfo")
    if not claims or not token.get("id_token"):
        raise Ssofout("geen_id_token")
    return Antwoord(dict(claims), str(token["id_token"]))


def _foutcode(tekst: str | None) -> str:
    """A short code for the audit record (codes only, never free text)."""
    return re.sub(r"[^a-z0-9_]", "", (tekst or "onbekend").lower())[:40] or "onbekend"


def mfa_door_provider(claims: dict[str, Any]) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if str(current_app.config["SSO_MFA_AMR"]) in amr:
        return True
    acr_waarden = {
        w.strip() for w in str(current_app.config.get("SSO_MFA_ACR") or "").split(",") if w.strip()
    }
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in acr_waarden


# -- the user ------------------------------------------------------------------------------


def identiteit(issuer: str, subject: str) -> SsoIdentiteit | None:
    return db.session.scalar(
        select(SsoIdentiteit).where(
            SsoIdentiteit.issuer == issuer, SsoIdentiteit.subject == subject
        )
    )


def koppel(gebruiker: Gebruiker, issuer: str, subject: str) -> SsoIdentiteit:
    """Link ``gebruiker`` to the provider's subject (the beheerder's step; JIT too)."""
    rij = SsoIdentiteit(gebruiker_id=gebruiker.id, issuer=issuer, subject=subject)
    db.session.add(rij)
    db.session.flush()
    return rij


def _rollen_uit_groepen(claims: dict[str, Any]) -> list[str]:
    groepen = claims.get(str(current_app.config["SSO_GROEPEN_CLAIM"])) or []
    if isinstance(groepen, str):
        groepen = [groepen]
    koppeling: dict[str, frozenset[str]] = current_app.extensions["sso_groepen_rollen"]
    return sorted({r for g in groepen if isinstance(g, str) for r in koppeling.get(g, ())})


def _vrije_gebruikersnaam(claims: dict[str, Any]) -> str:
    """A username in the documented character set, from the provider's name for the
    user (never used to match: only to show), made unique with a number."""
    bron = str(claims.get("preferred_username") or claims.get("email") or "sso")
    basis = re.sub(r"[^a-z0-9._-]", "", bron.split("@")[0].lower())[:34]
    if len(basis) < 2:
        basis = "sso-gebruiker"
    naam, volgnummer = basis, 1
    while services.bekende_gebruiker(naam) is not None:
        volgnummer += 1
        naam = f"{basis}-{volgnummer}"
    return naam


def _maak_jit(claims: dict[str, Any]) -> Gebruiker:
    rollen = _rollen_uit_groepen(claims)
    gebruiker = Gebruiker(
        gebruikersnaam=_vrije_gebruikersnaam(claims),
        naam=str(claims.get("name") or claims.get("preferred_username") or "SSO-gebruiker")[:200],
        # no password: this hash never verifies (not an argon2 string)
        wachtwoord_hash="!sso:" + secrets.token_hex(16),
        actief=True,
        alleen_sso=True,
    )
    services.geef_rollen(gebruiker, [services.lees_rol(r) for r in rollen])
    db.session.add(gebruiker)
    db.session.flush()
    koppel(gebruiker, _issuer(), str(claims["sub"]))
    log_actie(
        AANGEMAAKT,
        object_type="gebruiker",
        object_id=gebruiker.id,
        details={"rollen": rollen},
        gebruiker=gebruiker,
    )
    return gebruiker


def gebruiker_bij(claims: dict[str, Any]) -> Gebruiker:
    """The active user the checked claims belong to (JIT-created when allowed)."""
    rij = identiteit(_issuer(), str(claims["sub"]))
    if rij is None:
        if not current_app.config.get("SSO_JIT"):
            raise Ssofout("onbekend", ONBEKEND)
        gebruiker = _maak_jit(claims)
        rij = identiteit(_issuer(), str(claims["sub"]))
        assert rij is not None
    else:
        gebruiker = rij.gebruiker
    if not gebruiker.actief or gebruiker.is_api_client:
        raise Ssofout("inactief")
    moment = nu()
    rij.laatst_ingelogd_op = moment
    gebruiker.laatst_ingelogd_op = moment
    db.session.flush()
    return gebruiker


@dataclass(frozen=True)
class Ssouitkomst:
    gebruiker: Gebruiker
    volgende: str  # services.INGELOGD, CODE or MFA_INSTELLEN
    id_token: str


def verwerk_antwoord(*, mfa_verplicht: bool) -> Ssouitkomst:
    """The callback's decision: the user, and what the log-in still needs. The provider's
    second factor replaces ours only when ``amr`` says it was done."""
    antwoord = lees_antwoord()
    gebruiker = gebruiker_bij(antwoord.claims)
    door_provider = mfa_door_provider(antwoord.claims)
    log_actie(
        INGELOGD, details={"mfa": "provider" if door_provider else "eigen"}, gebruiker=gebruiker
    )
    if door_provider:
        volgende = services.INGELOGD
    elif gebruiker.mfa_actief:
        volgende = services.CODE
    elif mfa_verplicht:
        volgende = services.MFA_INSTELLEN
    else:
        volgende = services.INGELOGD
    return Ssouitkomst(gebruiker, volgende, antwoord.id_token)


# -- logging out at the provider ---------------------------------------------------------------


def uitlog_adres(id_token: str | None) -> str | None:
    """Where ``/uitloggen`` sends the browser after ending the product's session: the
    provider's end-session endpoint for a session that began with ``id_token``; None
    (back to ``/inloggen``) without one, with SSO off, or when the provider names no
    such endpoint or cannot be reached (the product's session is ended all the same)."""
    if not id_token or not aan(current_app):
        return None
    try:
        eindpunt = _metadata(_client()).get("end_session_endpoint")
    except Ssofout:
        return None
    if not isinstance(eindpunt, str) or not eindpunt:
        return None
    vraag = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": url_for("auth.inloggen", _external=True),
            "client_id": current_app.config["SSO_CLIENT_ID"],
        }
    )
    return f"{eindpunt}{'&' if '?' in eindpunt else '?'}{vraag}"


# -- routes ----------------------------------------------------------------------------------

bp = Blueprint("sso", __name__)


@bp.get("/inloggen/sso")
def start() -> Response:
    if current_user.is_authenticated:
        return redirect(url_for("werkplek.start"))
    try:
        return start_redirect()
    except Ssofout as fout:
        return _weiger(fout)


def _weiger(fout: Ssofout) -> Response:
    from casus.auth.views import _vastleggen

    log_actie(GEWEIGERD, uitkomst="geweigerd", details={"reden": fout.reden})
    flash(fout.melding, "fout")
    return _vastleggen(redirect(url_for("auth.inloggen")))


@bp.get("/inloggen/sso/terug")
def terug() -> Response:
    from casus.auth.views import WACHT_OP_CODE, _vastleggen, _voltooi

    try:
        uitkomst = verwerk_antwoord(mfa_verplicht=bool(current_app.config["MFA_VERPLICHT"]))
    except Ssofout as fout:
        db.session.rollback()  # a JIT account half made is not kept
        return _weiger(fout)
    wachtend = {"gebruiker": uitkomst.gebruiker.id, "id_token": uitkomst.id_token}
    if uitkomst.volgende == services.INGELOGD:
        # read (and cleared) by sessies.start, within this request
        session[sessies.SSO_ID_TOKEN] = wachtend
        return _vastleggen(_voltooi(uitkomst.gebruiker))
    session.clear()
    session[WACHT_OP_CODE] = uitkomst.gebruiker.id
    if len(uitkomst.id_token) <= MAX_ID_TOKEN_IN_COOKIE:
        session[sessies.SSO_ID_TOKEN] = wachtend
    doel = "auth.code" if uitkomst.volgende == services.CODE else "auth.mfa_instellen"
    return _vastleggen(redirect(url_for(doel)))
