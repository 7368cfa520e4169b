"""Calling the API in tests: a registered client with roles, its token, and requests
that carry it (the test client's cookies are never what authenticates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from casus.api.clients import maak_client
from casus.api.models import Apiclient
from casus.extensions import db
from casus.klok import vandaag

_teller = iter(range(1, 10**6))


@dataclass
class Api:
    """A test client that sends ``token`` as the bearer token on every request."""

    http: FlaskClient
    token: str
    client: Apiclient

    def _kop(self, extra: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def get(self, pad: str, headers: dict[str, str] | None = None, **kw: Any) -> TestResponse:
        return self.http.get(pad, headers=self._kop(headers), **kw)

    def post(
        self, pad: str, json: Any = None, headers: dict[str, str] | None = None, **kw: Any
    ) -> TestResponse:
        return self.http.post(pad, json=json, headers=self._kop(headers), **kw)


def api_client(
    http: FlaskClient,
    *rollen: str,
    naam: str | None = None,
    geldig_tot: date | None = None,
    limiet_per_minuut: int | None = None,
) -> Api:
    """A committed client with ``rollen`` ('regisseur:ipta', 'manager', ...)."""
    client, token = maak_client(
        naam or f"testclient {next(_teller)}",
        rollen=rollen,
        geldig_tot=geldig_tot or vandaag() + timedelta(days=30),
        limiet_per_minuut=limiet_per_minuut,
    )
    db.session.commit()
    return Api(http, token, client)


def problemen(antwoord: TestResponse) -> dict[str, str]:
    """A problem+json answer's invalidParams as {name: reason}."""
    assert antwoord.content_type == "application/problem+json", antwoord.get_data(as_text=True)
    return {p["name"]: p["reason"] for p in antwoord.json.get("invalidParams", [])}


def is_api_route(endpoint: str) -> bool:
    """A route of the API itself (bearer token, JSON), not a web page with forms; the
    beheerder's pages for API clients (``api_beheer``) are web pages."""
    return endpoint.startswith(("api_", "api-docs.")) and not endpoint.startswith("api_beheer.")
