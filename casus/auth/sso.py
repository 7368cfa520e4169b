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
from urllib.parse import urlencode, urlsplit

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, current_app, flash, g, redirect, session, url_for
from flask_login import current_user
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
from sqlalchemy import select
from werkzeug.wrappers import Response

from casus.audit import log_actie
from casus.auth import services, sessies
from casus.auth.models import Gebruiker, SsoIdentiteit
from casus.errors import Ongeldig
from casus.extensions import db
from casus.klok import nu
from casus.toegang.actor import Actor
from casus.toegang.policy import mag_sso_gebruiken
from workflows.codes import GLOBALE_ROLLEN, TEAMROLLEN

NAAM = "sso"  # the client's name in Authlib's registry
MAX_KLOKAFWIJKING = 60  # seconds of clock skew accepted on exp, iat and nbf
# an ID token waiting in the cookie for the TOTP step: a cookie holds about 4 kB, and
# Entra ID's token with many groups is larger
MAX_ID_TOKEN_IN_COOKIE = 2500

INGELOGD = "auth.sso_ingelogd"
GEWEIGERD = "auth.sso_geweigerd"
AANGEMAAKT = "auth.sso_account_aangemaakt"
ROLLEN_BIJGEWERKT = "auth.sso_rollen_bijgewerkt"
GEKOPPELD = "auth.sso_gekoppeld"

MISLUKT = "Inloggen via de gemeente is niet gelukt. Probeer het opnieuw of vraag de beheerder."
ONBEKEND = (
    "U bent bij de gemeente ingelogd, maar dat account is nog niet gekoppeld aan een "
    "account in deze applicatie. Hebt u er een? Log dan in met uw wachtwoord en koppel het "
    "bij Mijn account. Anders vraagt u de beheerder om een account."
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


Rol = tuple[str, str | None]  # (role, aanpak): ("manager", None), ("regisseur", "ipta")


def groepen_rollen(
    tekst: str, *, naam: str = "SSO_GROEPEN_ROLLEN", teams: bool = False
) -> dict[str, frozenset[Rol]]:
    """``"gg-manager=manager,gg-ict=beheerder,gg-ict=privacy"`` -> group -> roles, as
    ``services.lees_rol`` reads them. ``SSO_GROEPEN_ROLLEN`` maps to global roles only,
    ``SSO_GROEPEN_TEAMS`` (``teams``) to team roles only (``gg-jeugd=regisseur:pga_jeugd``):
    anything else is a configuration error, raised at start-up."""
    koppeling: dict[str, set[Rol]] = {}
    for deel in (d.strip() for d in tekst.split(",")):
        if not deel:
            continue
        groep, is_, rol = (x.strip() for x in deel.rpartition("="))
        try:
            gelezen = services.lees_rol(rol) if is_ and groep else None
        except Ongeldig:
            gelezen = None
        if gelezen is None or (gelezen[1] is None) == teams:
            soort = (
                f"'groep=rol:aanpak' met een rol uit {', '.join(TEAMROLLEN)}"
                if teams
                else f"'groep=rol' met een rol uit {', '.join(GLOBALE_ROLLEN)}"
            )
            raise RuntimeError(f"{naam}: '{deel}' is geen {soort}.")
        koppeling.setdefault(groep, set()).add(gelezen)
    return {g: frozenset(r) for g, r in koppeling.items()}


def rollenkoppeling(config: Any) -> dict[str, frozenset[Rol]]:
    """Both mappings together: group -> the global and team roles it gives."""
    samen: dict[str, set[Rol]] = {}
    for deel in (
        groepen_rollen(str(config.get("SSO_GROEPEN_ROLLEN") or "")),
        groepen_rollen(
            str(config.get("SSO_GROEPEN_TEAMS") or ""), naam="SSO_GROEPEN_TEAMS", teams=True
        ),
    ):
        for groep, rollen in deel.items():
            samen.setdefault(groep, set()).update(rollen)
    return {g: frozenset(r) for g, r in samen.items()}


def init_app(app: Flask) -> None:
    """Register the provider and the routes, only when ``SSO_ISSUER`` is set."""
    if not aan(app):
        return
    if not app.config.get("SSO_CLIENT_ID"):
        raise RuntimeError("SSO_ISSUER is gezet maar SSO_CLIENT_ID niet.")
    app.extensions["sso_groepen_rollen"] = rollenkoppeling(app.config)
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
    # where a form may send the browser (the CSP's form-action): the issuer's origin, and
    # those of the endpoints the discovery document names once it has been read
    app.extensions["sso_herkomsten"] = {h for h in [herkomst(issuer)] if h}
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
    herkomsten: set[str] = current_app.extensions["sso_herkomsten"]
    for sleutel in ("authorization_endpoint", "end_session_endpoint"):
        if isinstance(metadata.get(sleutel), str) and (h := herkomst(metadata[sleutel])):
            herkomsten.add(h)
    return metadata


def herkomst(adres: str) -> str:
    """``https://host:port`` of an address ('' when it has none)."""
    delen = urlsplit(adres)
    return (
        f"{delen.scheme}://{delen.netloc}"
        if delen.scheme in ("http", "https") and delen.netloc
        else ""
    )


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


def _groepen(claims: dict[str, Any]) -> list[str] | None:
    """The provider's groups for the user; None when the token does not carry the claim
    (not configured at the provider, or Entra ID's overage: too many groups for a token)."""
    waarde = claims.get(str(current_app.config["SSO_GROEPEN_CLAIM"]))
    if isinstance(waarde, str):
        return [waarde]
    if not isinstance(waarde, list):
        return None
    return [g for g in waarde if isinstance(g, str)]


def _code(rol: Rol) -> str:
    return rol[0] if rol[1] is None else f"{rol[0]}:{rol[1]}"


def werk_rollen_bij(gebruiker: Gebruiker, claims: dict[str, Any]) -> None:
    """With a group mapping configured, the provider decides the roles in the mapping's
    range at every SSO log-in: a mapped role the groups no longer give is withdrawn, one
    they give is granted. Roles outside the mapping stay the beheerder's. A token without
    the groups claim changes nothing (an absent claim is no proof of leaving a group)."""
    koppeling: dict[str, frozenset[Rol]] = current_app.extensions["sso_groepen_rollen"]
    groepen = _groepen(claims)
    if not koppeling or groepen is None:
        return
    bereik: set[Rol] = set().union(*koppeling.values())
    gegeven = {r for g in groepen for r in koppeling.get(g, ())}
    huidig: set[Rol] = {(r.rol, None) for r in gebruiker.rollen} | {
        (t.rol, t.aanpak) for t in gebruiker.teams
    }
    nieuw = (huidig - bereik) | gegeven
    if nieuw == huidig:
        return
    services.geef_rollen(gebruiker, nieuw)
    db.session.flush()
    log_actie(
        ROLLEN_BIJGEWERKT,
        object_type="gebruiker",
        object_id=gebruiker.id,
        details={
            "toegevoegd": sorted(_code(r) for r in nieuw - huidig),
            "ingetrokken": sorted(_code(r) for r in huidig - nieuw),
        },
        gebruiker=gebruiker,
    )


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
    gebruiker = Gebruiker(
        gebruikersnaam=_vrije_gebruikersnaam(claims),
        naam=str(claims.get("name") or claims.get("preferred_username") or "SSO-gebruiker")[:200],
        # no password: this hash never verifies (not an argon2 string)
        wachtwoord_hash="!sso:" + secrets.token_hex(16),
        actief=True,
        alleen_sso=True,
    )
    db.session.add(gebruiker)
    db.session.flush()
    koppel(gebruiker, _issuer(), str(claims["sub"]))
    werk_rollen_bij(gebruiker, claims)
    log_actie(
        AANGEMAAKT,
        object_type="gebruiker",
        object_id=gebruiker.id,
        details={
            "rollen": sorted(_code((r.rol, None)) for r in gebruiker.rollen)
            + sorted(_code((t.rol, t.aanpak)) for t in gebruiker.teams)
        },
        gebruiker=gebruiker,
    )
    return gebruiker


def gebruiker_bij(claims: dict[str, Any]) -> Gebruiker:
    """The active user the checked claims belong to (JIT-created when allowed), with the
    roles the group mapping gives."""
    rij = identiteit(_issuer(), str(claims["sub"]))
    if rij is None:
        if not current_app.config.get("SSO_JIT"):
            raise Ssofout("onbekend", ONBEKEND)
        gebruiker = _maak_jit(claims)
        rij = identiteit(_issuer(), str(claims["sub"]))
        assert rij is not None
    else:
        gebruiker = rij.gebruiker
        if not mag_sso_gebruiken(gebruiker):
            # a partner user logs in with its own password and second factor only
            raise Ssofout("partner")
        if gebruiker.actief and not gebruiker.is_api_client:
            werk_rollen_bij(gebruiker, claims)
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


def verwerk_antwoord(*, mfa_verplicht: bool | None = None) -> Ssouitkomst:
    """The callback's decision: the user, and what the log-in still needs. The provider's
    second factor replaces ours only when ``amr`` says it was done. ``mfa_verplicht``:
    None decides per user (``services.mfa_verplicht_voor``)."""
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
    elif services.mfa_verplicht_voor(gebruiker) if mfa_verplicht is None else mfa_verplicht:
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


# -- linking an existing account ------------------------------------------------------------

# session key: the id of the logged-in user who asked to link their account, until the
# provider answers
KOPPELEN = "sso_koppelen"
AL_VAN_EEN_ANDER = (
    "Dit account bij de gemeente is al gekoppeld aan een andere gebruiker van deze "
    "applicatie. Vraag de beheerder."
)
AL_GEKOPPELD = (
    "Uw account is al gekoppeld aan een ander account bij de gemeente. Vraag de beheerder "
    "om die koppeling te verbreken."
)
GEKOPPELD_MELDING = (
    "Uw account is gekoppeld aan uw account bij de gemeente. Voortaan logt u in met "
    "de knop Inloggen via de gemeente; met uw wachtwoord kan dat niet meer."
)


def koppel_account(gebruiker: Gebruiker, subject: str, *, door: Actor) -> None:
    """Link ``gebruiker`` to the provider's account ``subject``, and limit the account to
    SSO (a leaver's password must not outlive their account at the municipality; the
    beheerder can lift that). At Mijn account the user proved both accounts (the
    product's log-in with its second factor, then the provider's), so no e-mail address
    is trusted; the command line (``flask --app casus sso koppel``) is the operator's.
    Refused when the subject belongs to another user or the user already has another
    account at this provider; linked to this one already: only the limit is set."""
    if not mag_sso_gebruiken(gebruiker):
        raise Ssofout("partner")
    rij = identiteit(_issuer(), subject)
    if rij is not None and rij.gebruiker_id != gebruiker.id:
        raise Ssofout("van_een_ander", AL_VAN_EEN_ANDER)
    if rij is None:
        eigen = db.session.scalar(
            select(SsoIdentiteit.id).where(
                SsoIdentiteit.gebruiker_id == gebruiker.id, SsoIdentiteit.issuer == _issuer()
            )
        )
        if eigen is not None:
            raise Ssofout("al_gekoppeld", AL_GEKOPPELD)
        koppel(gebruiker, _issuer(), subject)
    gebruiker.alleen_sso = True
    db.session.flush()
    log_actie(
        GEKOPPELD,
        object_type="gebruiker",
        object_id=gebruiker.id,
        details={"alleen_sso": True},
        gebruiker=door,
    )


# -- routes ----------------------------------------------------------------------------------

bp = Blueprint("sso", __name__)


@bp.get("/inloggen/sso")
def start() -> Response:
    if current_user.is_authenticated:
        return redirect(url_for("werkplek.start"))
    session.pop(KOPPELEN, None)
    try:
        return start_redirect()
    except Ssofout as fout:
        return _weiger(fout)


@bp.post("/account/sso-koppelen")
def koppelen() -> Response:
    """Mijn account's "Koppelen": off to the provider, back at ``terug``."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.inloggen"))

    session[KOPPELEN] = current_user.id
    try:
        return start_redirect()
    except Ssofout as fout:
        session.pop(KOPPELEN, None)
        return _weiger(fout, "auth.account")


def _weiger(fout: Ssofout, doel: str = "auth.inloggen") -> Response:
    from casus.auth.views import vastleggen

    log_actie(GEWEIGERD, uitkomst="geweigerd", details={"reden": fout.reden})
    flash(fout.melding, "fout")
    return vastleggen(redirect(url_for(doel)))


def _koppel_terug(koppelaar: Any) -> Response:
    from casus.auth.views import vastleggen

    if not current_user.is_authenticated or current_user.id != koppelaar:
        # the session ended (or changed hands) while the user was at the provider
        return _weiger(Ssofout("koppelen_sessie"))
    try:
        antwoord = lees_antwoord()
        koppel_account(current_user, str(antwoord.claims["sub"]), door=current_user)
    except Ssofout as fout:
        db.session.rollback()
        return _weiger(fout, "auth.account")
    rij = g.get("sessie")  # from now on, logging out ends the provider's session too
    if rij is not None:
        rij.sso_id_token = antwoord.id_token
    flash(GEKOPPELD_MELDING, "succes")
    return vastleggen(redirect(url_for("auth.account")))


@bp.get("/inloggen/sso/terug")
def terug() -> Response:
    from casus.auth.views import WACHT_OP_CODE, vastleggen, voltooi

    koppelaar = session.pop(KOPPELEN, None)
    if koppelaar is not None:
        return _koppel_terug(koppelaar)
    if current_user.is_authenticated:
        return redirect(url_for("werkplek.start"))
    try:
        uitkomst = verwerk_antwoord()
    except Ssofout as fout:
        db.session.rollback()  # a JIT account half made is not kept
        return _weiger(fout)
    wachtend = {"gebruiker": uitkomst.gebruiker.id, "id_token": uitkomst.id_token}
    if uitkomst.volgende == services.INGELOGD:
        # read (and cleared) by sessies.start, within this request
        session[sessies.SSO_ID_TOKEN] = wachtend
        return vastleggen(voltooi(uitkomst.gebruiker))
    session.clear()
    session[WACHT_OP_CODE] = uitkomst.gebruiker.id
    if len(uitkomst.id_token) <= MAX_ID_TOKEN_IN_COOKIE:
        session[sessies.SSO_ID_TOKEN] = wachtend
    doel = "auth.code" if uitkomst.volgende == services.CODE else "auth.mfa_instellen"
    return vastleggen(redirect(url_for(doel)))
