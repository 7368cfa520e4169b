"""Measurement 5: requests per second under gunicorn with 2 workers (Werkvoorraad, Casus,
a static file), with a bounded threaded http.client load generator on 127.0.0.1.

The server and the log-in through the real form are those of the tests
(tests/hulp/server.py); the load generator is this module's own: keep-alive
connections with the logged-in browser's cookie.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from typing import TYPE_CHECKING, Any

from benchmarks.meten import GEBRUIKER, SLEUTEL, WERKVOORRAAD, log, p95, sluit, stempel
from benchmarks.paginas import kies_casus
from tests.hulp.server import Browser, Server, gunicorn

if TYPE_CHECKING:
    from pathlib import Path

    from flask import Flask

WORKERS = 2
DRADEN = 4  # threads of the load generator
OPWARMEN = 20  # requests per endpoint before measuring (both workers, templates, pools)


def belast(
    server: Server, pad: str, cookie: str, max_verzoeken: int, max_seconden: float, draden: int
) -> dict[str, Any]:
    """Bounded closed-loop load: ``draden`` threads, each with a keep-alive http.client
    connection (reopened when the server closes it), until ``max_verzoeken`` requests
    are sent or ``max_seconden`` have passed."""
    host, poort = server.adres.rsplit(":", 1)
    slot = threading.Lock()
    verstuurd = [0]
    resultaten: list[tuple[float, bool]] = []
    begin = time.perf_counter()
    einde = begin + max_seconden

    def werker() -> None:
        conn = http.client.HTTPConnection(host, int(poort), timeout=30)
        eigen: list[tuple[float, bool]] = []
        while True:
            with slot:
                if verstuurd[0] >= max_verzoeken or time.perf_counter() >= einde:
                    break
                verstuurd[0] += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", pad, headers={"Cookie": cookie})
                antwoord = conn.getresponse()
                antwoord.read()
                goed = antwoord.status == 200
                if antwoord.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                goed = False
                conn.close()
            eigen.append(((time.perf_counter() - t0) * 1000, goed))
        conn.close()
        with slot:
            resultaten.extend(eigen)

    threads = [threading.Thread(target=werker) for _ in range(draden)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    duur = time.perf_counter() - begin
    goed = [ms for ms, ok in resultaten if ok]
    return {
        "pad": pad,
        "verzoeken": len(resultaten),
        "fouten": len(resultaten) - len(goed),
        "duur_s": duur,
        "per_s": len(goed) / duur,
        "draden": draden,
        "p50_ms": statistics.median(goed) if goed else None,
        "p95_ms": p95(goed) if goed else None,
    }


def meet_gunicorn(
    app: Flask, url: str, schaal: int, casus_ref: str | None, snel: bool, logmap: Path
) -> dict[str, Any]:
    from casus.demo import DEMO_WACHTWOORD

    casus = kies_casus(app, casus_ref)
    sluit(app)
    max_verzoeken, max_seconden = (300, 3.0) if snel else (3000, 15.0)
    paden = {
        "static file /static/css/casus.css (trivial)": "/static/css/casus.css",
        "Werkvoorraad, first page": f"/werkvoorraad/{WERKVOORRAAD}",
        "Casus": f"/casus/{casus['id']}",
    }
    uit: dict[str, Any] = {
        **stempel(snel),
        "schaal": schaal,
        "casus": casus["ref"],
        "endpoints": {},
    }
    # no access log: writing it would cost the workers time per request
    with gunicorn(url, logmap, workers=WORKERS, toegangslog=False, sleutel=SLEUTEL) as server:
        browser = Browser(server.adres)
        browser.inloggen(GEBRUIKER, DEMO_WACHTWOORD)
        for naam, pad in paden.items():
            for _ in range(OPWARMEN):
                if (status := browser.get(pad).status) != 200:
                    raise SystemExit(f"{pad} gaf {status} onder gunicorn")
            cpu = server.cpu_workers()
            resultaat = belast(
                server, pad, browser.cookie_kop(), max_verzoeken, max_seconden, draden=DRADEN
            )
            # the workers' CPU per request: what the endpoint costs, whatever else runs
            resultaat["cpu_ms"] = (
                (server.cpu_workers() - cpu) * 1000 / max(resultaat["verzoeken"], 1)
            )
            log(
                f"  gunicorn {naam}: {resultaat['per_s']:.0f} req/s "
                f"({resultaat['verzoeken']} verzoeken, {resultaat['fouten']} fouten)"
            )
            uit["endpoints"][naam] = resultaat
    return uit
