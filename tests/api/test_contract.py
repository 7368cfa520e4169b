"""The contract test (issue 17): every operation of ``/api/v1/openapi.json`` called by
schemathesis against the application (WSGI), as a client with team roles in every
aanpak and the manager role, on a small seeded world so a GET by id also reaches real
rows. No answer is a server error, and every answer conforms to the document: a
documented status code, its content type, its body schema and its headers.

Operations come from the document and routes from ``app.url_map`` at run time: a
resource added later is walked without a change here, and a route the document
leaves out fails ``test_every_api_route_is_an_operation_of_the_document``.

Hypothesis runs derandomized (the same examples on every run, so CI does not flake)
with a bounded number of examples per operation and generation mode.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from casus.api.poort import OPEN_ENDPOINTS
from casus.casussen.models import Casus
from casus.extensions import db
from tests.hulp.api import api_client
from tests.hulp.apimatrix import (
    ALLE_ROLLEN,
    OPENAPI,
    Zaden,
    api_routes,
    operaties,
    sjabloon,
    vergeet_verzoek,
    zaai,
)

CONTROLES = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# examples per operation: valid input, and input that breaks the document (which must
# be refused with a documented problem, never a 500)
VOORBEELDEN = {GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 8}
INSTELLINGEN = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "phases": [Phase.explicit, Phase.generate, Phase.shrink],
    "suppress_health_check": list(HealthCheck),
}


def test_every_api_route_is_an_operation_of_the_document(app: Flask, client: FlaskClient) -> None:
    document = client.get(OPENAPI).json
    routes = {
        (methode, sjabloon(rule))
        for rule, methode in api_routes(app)
        if rule.endpoint not in OPEN_ENDPOINTS
    }
    assert routes - operaties(document) == set(), "routes zonder operatie in het document"
    assert operaties(document) - routes == set(), "operaties zonder route"
    assert ("GET", "/api/v1/casussen") in routes


def _strategie(operatie: Any, modus: GenerationMode, zaden: Zaden) -> Any:
    """Generated cases; for valid input also the document's own examples, and cases with
    each path argument set to a seeded row (so a GET by id reaches real rows)."""
    vrij = operatie.as_strategy(generation_mode=modus)
    if modus is not GenerationMode.POSITIVE:
        return vrij
    echte = [p.name for p in operatie.path_parameters if p.name in zaden.ids]
    vast = [
        operatie.as_strategy(generation_mode=modus, path_parameters={naam: waarde})
        for naam in echte
        for waarde in zaden.ids[naam]
    ]
    # arguments that only exist together (a document of its case): all of them at once
    namen = {p.name for p in operatie.path_parameters}
    vast += [
        operatie.as_strategy(
            generation_mode=modus, path_parameters={n: w for n, w in rij.items() if n in namen}
        )
        for rij in zaden.samen
        if len(namen) > 1 and namen <= set(rij)
    ]
    voorbeelden = operatie.get_strategies_from_examples()
    return st.one_of(vrij, *voorbeelden, *([st.one_of(vast)] if vast else []))


def _actuele_versie(case: Any) -> str | None:
    """The ETag of the case a change names, when it exists (so a change can get past
    the If-Match check to the service)."""
    casus_id = (case.path_parameters or {}).get("casus_id")
    if not isinstance(casus_id, int) or "If-Match" not in _kopnamen(case.operation):
        return None
    versie = db.session.scalar(select(Casus.versie).where(Casus.id == casus_id))
    return None if versie is None else f'"{versie}"'


def _kopnamen(operatie: Any) -> set[str]:
    return {p.name for p in operatie.headers}


def _loop(operatie: Any, modus: GenerationMode, zaden: Zaden, token: str) -> list[int]:
    statussen: list[int] = []

    @given(case=_strategie(operatie, modus, zaden), actueel=st.booleans())
    @settings(max_examples=VOORBEELDEN[modus], **INSTELLINGEN)
    def roep_aan(case: Any, actueel: bool) -> None:
        vergeet_verzoek()
        db.session.rollback()
        kop = {"Authorization": f"Bearer {token}"}
        if modus is GenerationMode.POSITIVE and actueel and (versie := _actuele_versie(case)):
            kop["If-Match"] = versie
        antwoord = case.call(headers=kop)
        statussen.append(antwoord.status_code)
        case.validate_response(antwoord, checks=CONTROLES)

    roep_aan()
    return statussen


def test_every_operation_conforms_to_the_document(
    app: Flask,
    client: FlaskClient,
    maak_casus: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "DOCUMENTEN_MAP", str(tmp_path / "documenten"))
    zaden = zaai(maak_casus)
    # a high limit: the walk makes a few hundred calls in a minute
    api = api_client(client, *ALLE_ROLLEN, naam="contracttest", limiet_per_minuut=10_000)
    schema = schemathesis.openapi.from_wsgi(OPENAPI, app)
    gelopen: dict[str, dict[int, int]] = {}
    fouten: list[str] = []
    begin = time.perf_counter()
    for resultaat in schema.get_all_operations():
        if isinstance(resultaat, Err):
            fouten.append(f"het document is onbruikbaar: {resultaat.err()}")
            continue
        operatie = resultaat.ok()
        naam = f"{operatie.method.upper()} {operatie.path}"
        telling = gelopen.setdefault(naam, {})
        for modus in VOORBEELDEN:
            try:
                statussen = _loop(operatie, modus, zaden, api.token)
            # one report for every operation (a schemathesis FailureGroup is a
            # BaseExceptionGroup)
            except (Exception, BaseExceptionGroup) as fout:
                fouten.append(f"{naam} ({modus.value}): {fout}")
                continue
            for status in statussen:
                telling[status] = telling.get(status, 0) + 1
    duur = time.perf_counter() - begin
    print(f"\ncontracttest: {len(gelopen)} operaties in {duur:.1f} s")
    for naam, telling in sorted(gelopen.items()):
        print(f"  {naam}: {dict(sorted(telling.items()))}")
    assert fouten == [], "\n\n".join(fouten)
    # the document's operations were all walked, and each reached a real answer
    assert set(gelopen) == {f"{m} {p}" for m, p in operaties(client.get(OPENAPI).json)}
    assert all(200 in t or 201 in t for n, t in gelopen.items() if n.startswith("GET")), gelopen
