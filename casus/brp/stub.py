"""A built-in stub of Haal Centraal "BRP bevragen" version 2, served over HTTP: the
demo and the tests ask it instead of the BRP (docs/brp.md "De ingebouwde stub").

It answers ``POST /personen`` with ``RaadpleegMetBurgerservicenummer`` only, the way
the BRP does: the request is checked (type, BSNs of 9 digits, a non-empty ``fields``;
else 400 with problem+json and ``invalidParams``), and each person found is cut down to
the requested field paths. Its persons are our own invention in the v2 response shape
(``data/testpersonen.json``), and some BSNs behave as a failing BRP: ``geweigerd``
(403), ``storing`` (500) and ``traag`` (answers after ``vertraging`` seconds).

It is a tiny Flask application of its own, never the casus application.
"""

from __future__ import annotations

import copy
import json
import re
import ssl
import threading
import time
from collections import deque
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from requests.structures import CaseInsensitiveDict
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

TESTSET = Path(__file__).resolve().parent / "data" / "testpersonen.json"
ZOEKTYPE = "RaadpleegMetBurgerservicenummer"
MAX_BSNS = 20  # the BRP's maximum per request
MAX_ONTVANGEN = 200  # received requests kept for the tests
STANDAARD_VERTRAGING = 3.0  # seconds a ``traag`` BSN waits
# the top-level fields of a person the stub knows (a path must start with one)
VELDEN = frozenset(
    {
        "aNummer",
        "adressering",
        "burgerservicenummer",
        "datumEersteInschrijvingGBA",
        "datumInschrijvingInGemeente",
        "europeesKiesrecht",
        "geboorte",
        "gemeenteVanInschrijving",
        "geslacht",
        "gezag",
        "immigratie",
        "indicatieCurateleRegister",
        "kinderen",
        "leeftijd",
        "naam",
        "nationaliteiten",
        "ouders",
        "overlijden",
        "partners",
        "uitsluitingKiesrecht",
        "verblijfplaats",
        "verblijfstitel",
    }
)
_VELDPAD = re.compile(r"^[A-Za-z]+(\.[A-Za-z]+)*$")
_BSN = re.compile(r"^[0-9]{9}$")


@lru_cache(maxsize=1)
def _testset() -> dict[str, Any]:
    gegevens: dict[str, Any] = json.loads(TESTSET.read_text(encoding="utf-8"))
    return gegevens


def testpersonen() -> dict[str, dict[str, Any]]:
    """The stub's test persons (a fresh copy): BSN -> the person as the BRP returns it."""
    return {p["burgerservicenummer"]: copy.deepcopy(p) for p in _testset()["personen"]}


def testgedrag() -> dict[str, frozenset[str]]:
    """The BSNs with a behaviour by default: ``geweigerd``, ``storing``, ``traag``."""
    return {
        soort: frozenset(_testset().get(soort, ())) for soort in ("geweigerd", "storing", "traag")
    }


# pytest would collect these as tests in every test module that imports them
testpersonen.__test__ = False  # type: ignore[attr-defined]
testgedrag.__test__ = False  # type: ignore[attr-defined]


class Stubtoestand:
    """What the stub serves and how it behaves; tests change it while it runs."""

    def __init__(
        self,
        personen: dict[str, dict[str, Any]],
        *,
        geweigerd: frozenset[str] = frozenset(),
        storing: frozenset[str] = frozenset(),
        traag: frozenset[str] = frozenset(),
    ) -> None:
        self._begin = (copy.deepcopy(personen), geweigerd, storing, traag)
        self.ontvangen: deque[dict[str, Any]] = deque(maxlen=MAX_ONTVANGEN)
        self.herstel()

    def herstel(self) -> None:
        """Back to how it started: the persons, the behaviours, nothing received."""
        personen, geweigerd, storing, traag = self._begin
        self.personen: dict[str, dict[str, Any]] = copy.deepcopy(personen)
        self.geweigerd: set[str] = set(geweigerd)
        self.storing: set[str] = set(storing)
        self.traag: set[str] = set(traag)
        self.vertraging: float = STANDAARD_VERTRAGING
        self.negeer_velden: bool = False  # True: whole persons, whatever ``fields`` says
        self.ontvangen.clear()


def standaard_toestand() -> Stubtoestand:
    gedrag = testgedrag()
    return Stubtoestand(testpersonen(), **gedrag)


def maak_stub_app(
    personen: dict[str, dict[str, Any]] | None = None, *, toestand: Stubtoestand | None = None
) -> Flask:
    """The stub as a WSGI application. Without ``toestand``: ``personen`` (default the
    test persons with their default behaviours)."""
    if toestand is None:
        toestand = standaard_toestand() if personen is None else Stubtoestand(personen)
    app = Flask("casus.brp.stub")
    app.extensions["brp_stub"] = toestand

    @app.post("/personen")
    def personen_raadplegen() -> Response:
        vraag = request.get_json(silent=True)
        # the headers as received, looked up case-insensitively (HTTP's rule)
        koppen = CaseInsensitiveDict(dict(request.headers))
        toestand.ontvangen.append({"headers": koppen, "body": vraag})
        fouten = _controleer(vraag)
        if fouten or not isinstance(vraag, dict):
            return _probleem(
                400,
                "Een of meerdere parameters zijn niet correct.",
                code="paramsValidation",
                invalidParams=fouten,
            )
        bsns: list[str] = vraag["burgerservicenummer"]
        if any(b in toestand.geweigerd for b in bsns):
            return _probleem(
                403,
                "U bent niet geautoriseerd voor deze vraag.",
                code="unauthorized",
            )
        if any(b in toestand.storing for b in bsns):
            return _probleem(500, "Interne serverfout.", code="serverError")
        if any(b in toestand.traag for b in bsns):
            time.sleep(toestand.vertraging)
        velden: list[str] = vraag["fields"]
        gevonden = [toestand.personen[b] for b in dict.fromkeys(bsns) if b in toestand.personen]
        antwoord = {
            "type": ZOEKTYPE,
            "personen": [
                copy.deepcopy(p) if toestand.negeer_velden else kies_velden(p, velden)
                for p in gevonden
            ],
        }
        return Response(json.dumps(antwoord), status=200, mimetype="application/json")

    @app.errorhandler(404)
    def niet_gevonden(_fout: Exception) -> Response:
        return _probleem(404, "Opgevraagde resource bestaat niet.", code="notFound")

    @app.errorhandler(405)
    def niet_toegestaan(_fout: Exception) -> Response:
        return _probleem(405, "Gebruikte methode is niet toegestaan.", code="methodNotAllowed")

    return app


def _probleem(status: int, titel: str, **meer: Any) -> Response:
    inhoud = {"type": "about:blank", "title": titel, "status": status, "instance": request.path}
    inhoud.update(meer)
    return Response(json.dumps(inhoud), status=status, mimetype="application/problem+json")


def _fout(naam: str, code: str, reden: str) -> dict[str, str]:
    return {"name": naam, "code": code, "reason": reden}


def _controleer(vraag: Any) -> list[dict[str, str]]:
    """What is wrong with the request, as the BRP's ``invalidParams``."""
    if not isinstance(vraag, dict):
        return [_fout("type", "required", "Parameter is verplicht.")]
    fouten: list[dict[str, str]] = []
    for sleutel in vraag:
        if sleutel not in ("type", "burgerservicenummer", "fields", "gemeenteVanInschrijving"):
            fouten.append(_fout(sleutel, "unknownParam", "Parameter is niet verwacht."))
    if "type" not in vraag:
        fouten.append(_fout("type", "required", "Parameter is verplicht."))
    elif vraag["type"] != ZOEKTYPE:
        fouten.append(_fout("type", "value", "Waarde is geen geldig zoek type."))
    fouten.extend(_controleer_bsns(vraag.get("burgerservicenummer")))
    fouten.extend(_controleer_velden(vraag.get("fields")))
    return fouten


def _controleer_bsns(bsns: Any) -> list[dict[str, str]]:
    if not isinstance(bsns, list) or not bsns:
        return [_fout("burgerservicenummer", "required", "Parameter is verplicht.")]
    if len(bsns) > MAX_BSNS:
        return [_fout("burgerservicenummer", "maxItems", f"Array bevat meer dan {MAX_BSNS} items.")]
    return [
        _fout(f"burgerservicenummer[{i}]", "pattern", "Waarde voldoet niet aan patroon ^[0-9]{9}$.")
        for i, bsn in enumerate(bsns)
        if not isinstance(bsn, str) or not _BSN.match(bsn)
    ]


def _controleer_velden(velden: Any) -> list[dict[str, str]]:
    if not isinstance(velden, list) or not velden:
        return [_fout("fields", "required", "Parameter is verplicht.")]
    return [
        _fout(f"fields[{i}]", "field", "Parameter bevat een niet bestaande veldnaam.")
        for i, veld in enumerate(velden)
        if not isinstance(veld, str) or not _VELDPAD.match(veld) or veld.split(".")[0] not in VELDEN
    ]


def kies_velden(persoon: dict[str, Any], velden: list[str]) -> dict[str, Any]:
    """``persoon`` cut down to ``velden``: a path (``naam.voornamen``) selects that
    subtree; an object on the way keeps its ``type`` (the BRP keeps the discriminator),
    and a list on the way is cut element by element."""
    uit: dict[str, Any] = {}
    for veld in velden:
        _neem(persoon, veld.split("."), uit)
    return uit


def _met_type(waarde: Any) -> Any:
    if isinstance(waarde, dict):
        return {"type": waarde["type"]} if "type" in waarde else {}
    return None


def _neem(bron: dict[str, Any], delen: list[str], doel: dict[str, Any]) -> None:
    sleutel, rest = delen[0], delen[1:]
    if sleutel not in bron:
        return
    waarde = bron[sleutel]
    if not rest:
        doel[sleutel] = copy.deepcopy(waarde)
    elif isinstance(waarde, dict):
        _neem(waarde, rest, doel.setdefault(sleutel, _met_type(waarde)))
    elif isinstance(waarde, list):
        kopie = doel.setdefault(sleutel, [_met_type(w) for w in waarde])
        for element, doelelement in zip(waarde, kopie, strict=True):
            if isinstance(element, dict):
                _neem(element, rest, doelelement)


# -- serving ------------------------------------------------------------------------------


class _StilleHandler(WSGIRequestHandler):
    """No access log line per request (the stub runs inside the application)."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class Stubserver(Stubtoestand):
    """The stub served on a port in a daemon thread: ``url``, ``stop()`` and the state
    (``personen``, ``geweigerd``, ``storing``, ``traag``, ``vertraging``,
    ``negeer_velden``, ``ontvangen``) that tests change while it runs."""

    _server: BaseWSGIServer
    _thread: threading.Thread
    url: str

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def start_stub(
    host: str = "127.0.0.1",
    poort: int = 0,
    *,
    personen: dict[str, dict[str, Any]] | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> Stubserver:
    """Serve the stub on ``host``:``poort`` (0: a free port) in a daemon thread. Without
    ``personen``: the test persons with their default behaviours; with: those persons
    and no behaviours. ``ssl_context``: serve HTTPS (e.g. one requiring a client
    certificate)."""
    stub = Stubserver(testpersonen(), **testgedrag()) if personen is None else Stubserver(personen)
    server = make_server(
        host,
        poort,
        maak_stub_app(toestand=stub),
        threaded=True,
        request_handler=_StilleHandler,
        ssl_context=ssl_context,
    )
    stub._server = server
    stub.url = f"{'https' if ssl_context else 'http'}://{host}:{server.server_port}"
    stub._thread = threading.Thread(target=server.serve_forever, name="brp-stub", daemon=True)
    stub._thread.start()
    return stub


_gedeeld: Stubserver | None = None
_slot = threading.Lock()


def gedeelde_stub() -> Stubserver:
    """The process's stub for ``BRP_STUB`` without ``BRP_URL``: started at the first
    query, once per process, on a free loopback port."""
    global _gedeeld
    with _slot:
        if _gedeeld is None:
            _gedeeld = start_stub()
        return _gedeeld
