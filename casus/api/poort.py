"""The API's door: a bearer token names the client, the client's account is the actor.

Every request under ``/api/v1`` (but the OpenAPI document and its reference page)
must carry ``Authorization: Bearer <token>``. A session cookie counts for nothing here:
the API never reads the web session, so a page in a browser cannot call it on a
user's behalf (no CSRF through the API). The client's account becomes Flask-Login's
``current_user`` for this request only, so the audit log, ``casus.toegang`` and every
service see the client exactly as they would see a person with its roles.

Each call is counted per client per minute (``Apiclient.limiet_per_minuut``); over the
limit it answers 429 with ``Retry-After``. Each call writes one audit record
``api.aanroep`` naming the client, the operation, the answer's status and, where the
call was about one case or person, that case and person (for the AVG inzage).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import current_app, g, request
from sqlalchemy.orm.interfaces import ORMOption
from werkzeug.wrappers import Response

from casus.api import fouten
from casus.api.clients import client_bij_token
from casus.api.models import Apiclient
from casus.audit import log_actie
from casus.beveiliging import pogingen
from casus.casussen.models import Casus
from casus.klok import nu
from casus.toegang.laden import casus_of_404
from casus.werkeenheid import blijvend

API_PREFIX = "/api/v1"
# reachable without a token: the description of the API itself
OPEN_ENDPOINTS = frozenset({"api-docs.openapi_json", "api_referentie.referentie"})
_CLIENT = "api_client"  # g: the authenticated client
_ONDERWERP = "api_onderwerp"  # g: (casus, persoon) the call was about
_LINK = "api_link"  # g: the Link header of a list's next page (casus.api.basis.lijst)
# the rate counter's key cycles through 16 minute slots: a slot is reused after 16
# minutes, when its last count is older than the counters' 15-minute window, so it
# starts again at 1 (pogingen: a window of 15 minutes since the latest count)
_SLOTS = 16


def is_api_verzoek() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def zet_link(volgende: str) -> None:
    """The address of a list's next page, for the answer's Link header."""
    g.setdefault(_LINK, f'<{volgende}>; rel="next"')


def casus_van_aanroep(casus_id: int, *, opties: Sequence[ORMOption] = ()) -> Casus:
    """The case this call is about, through ``casus.toegang`` (404 when the client may
    not see it), named in the call's audit record."""
    c = casus_of_404(casus_id, opties=opties)
    onderwerp(casus=c)
    return c


def onderwerp(*, casus: Any = None, persoon: Any = None) -> None:
    """Name the case or person this call is about, for its audit record."""
    g.setdefault(_ONDERWERP, (casus, persoon))


def _token() -> str | None:
    schema, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if schema.lower() == "bearer" else None


def _telsleutel(client: Apiclient) -> str:
    minuut = int(nu().timestamp() // 60)
    return f"api:{client.id}:{minuut % _SLOTS}"


def authenticeer() -> Response | None:
    """before_request: the client of the token, or 401; over its limit, 429."""
    if not is_api_verzoek() or request.endpoint in OPEN_ENDPOINTS:
        return None
    # g outlives a request where one application context serves several (the tests)
    g.pop(_ONDERWERP, None)
    g.pop(_LINK, None)
    token = _token()
    client = client_bij_token(token) if token else None
    if client is None:
        log_actie("api.token_geweigerd", uitkomst="geweigerd")
        return fouten.probleem(
            401,
            "Geen geldig token: het ontbreekt, is onbekend, vernieuwd, ingetrokken of verlopen.",
        )
    # the client's account acts for this request only (never stored in a session)
    current_app.login_manager._update_request_context_with_user(client.gebruiker)  # type: ignore[attr-defined]
    g.setdefault(_CLIENT, client)
    teller, sleutel = pogingen.teller(), _telsleutel(client)
    if teller.stand(sleutel).mislukt >= client.limiet_per_minuut:
        seconden = 60 - int(nu().timestamp()) % 60
        log_actie(
            "api.aanroep",
            uitkomst="geweigerd",
            details={"client": client.id, "status": 429},
        )
        g.pop(_CLIENT, None)  # logged here already
        return fouten.probleem(429, headers={"Retry-After": str(seconden)})
    if teller.transactioneel:
        # counted in the closing write (a read holds no write lock while it is made)
        blijvend(lambda: teller.tel(sleutel))
    else:
        teller.tel(sleutel)
    return None


def log_aanroep(response: Response) -> Response:
    """after_request: one audit record per call of an authenticated client."""
    link = g.pop(_LINK, None)
    if link is not None and response.status_code < 400:
        response.headers["Link"] = link
    client = g.pop(_CLIENT, None)
    if client is not None:
        _log(client, response.status_code)
    return response


def _log(client: Apiclient, status: int) -> None:
    casus, persoon = g.pop(_ONDERWERP, (None, None))
    log_actie(
        "api.aanroep",
        casus=casus,
        persoon=persoon,
        uitkomst="ok" if status < 400 else "geweigerd",
        details={
            "client": client.id,
            "operatie": (request.endpoint or "").removeprefix("api_"),
            "methode": request.method,
            "status": status,
        },
    )


def log_aanroep_nu(status: int) -> None:
    """A change's call record, written with the change (one commit): the view knows
    the status it will answer."""
    client = g.pop(_CLIENT, None)
    if client is not None:
        _log(client, status)
