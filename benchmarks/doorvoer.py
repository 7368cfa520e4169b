"""Part ``gunicorn``: requests per second under ``gunicorn --workers 2`` and ``--workers 4``
(sync workers), with wrk as the load generator in a process of its own (``benchmarks.wrk``).

Per worker count one server on 127.0.0.1 against the largest demo database (tests/hulp/
server.py: development configuration, CSRF on, MFA off, no access log). The demo
regisseur logs in through the real form (GET for the CSRF token, POST); wrk sends that
session cookie to the logged-in pages. The static file and the log-in page are requested
anonymously: the bare stack, the reference the issue compares the pages with. Per
endpoint: a short warm-up run (discarded), then the measured run, with the 1-minute load
average before and after it and the workers' CPU per request (from /proc).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from benchmarks import wrk
from benchmarks.meten import GEBRUIKER, SLEUTEL, WERKVOORRAAD, log, sluit, stempel
from benchmarks.paginas import kies_casus
from tests.hulp.server import Browser, Server, gunicorn

if TYPE_CHECKING:
    from pathlib import Path

    from flask import Flask

WORKERS = (2, 4)
ZOEKTERM = "de"
# key: (name in the report, logged in)
ENDPOINTS = {
    "statisch": ("static file /static/css/casus.css", False),
    "inloggen": ("login page (anonymous)", False),
    "mijn_casussen": ("Mijn casussen", True),
    "werkvoorraad": ("Werkvoorraad, first page", True),
    "casus": ("Casus", True),
    "zoeken": (f"Zoeken ?q={ZOEKTERM}", True),
}


def paden(casus_id: int) -> dict[str, str]:
    return {
        "statisch": "/static/css/casus.css",
        "inloggen": "/inloggen",
        "mijn_casussen": "/",
        "werkvoorraad": f"/werkvoorraad/{WERKVOORRAAD}",
        "casus": f"/casus/{casus_id}",
        "zoeken": f"/zoeken?q={ZOEKTERM}",
    }


def _status(browser: Browser, pad: str) -> None:
    if (status := browser.get(pad).status) != 200:
        raise SystemExit(f"{pad} gaf {status} onder gunicorn")


def meet_endpoint(
    server: Server, browser: Browser, pad: str, cookie: str | None, belasting: wrk.Belasting
) -> dict[str, Any]:
    """One endpoint: answered 200 before, warm-up run, measured run, answered 200 after."""
    url = f"http://{server.adres}{pad}"
    _status(browser, pad)
    if belasting.opwarmen_s:
        wrk.draai(url, belasting.opwarmen_s, belasting, cookie)
    load_voor, cpu = os.getloadavg()[0], server.cpu_workers()
    r = wrk.draai(url, belasting.duur_s, belasting, cookie)
    r["cpu_ms"] = (server.cpu_workers() - cpu) * 1000 / max(r["verzoeken"], 1)
    r["load_voor"], r["load_na"] = load_voor, os.getloadavg()[0]
    _status(browser, pad)  # still 200: the session held (wrk does not count redirects)
    return {"pad": pad, **r}


def meet_workers(
    url: str, workers: int, paden_: dict[str, str], belasting: wrk.Belasting, logmap: Path
) -> dict[str, Any]:
    from casus.demo import DEMO_WACHTWOORD

    uit: dict[str, Any] = {}
    with gunicorn(
        url, logmap / f"workers-{workers}", workers=workers, toegangslog=False, sleutel=SLEUTEL
    ) as server:
        ingelogd, anoniem = Browser(server.adres), Browser(server.adres)
        ingelogd.inloggen(GEBRUIKER, DEMO_WACHTWOORD)
        cookie = ingelogd.cookie_kop()
        for sleutel, (naam, met_sessie) in ENDPOINTS.items():
            browser = ingelogd if met_sessie else anoniem
            r = meet_endpoint(
                server, browser, paden_[sleutel], cookie if met_sessie else None, belasting
            )
            log(
                f"  {workers} workers, {naam}: {r['per_s']:.0f} req/s, "
                f"p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
                f"{r['fouten_totaal']} fouten, CPU {r['cpu_ms']:.1f} ms/verzoek, "
                f"load {r['load_voor']:.1f}->{r['load_na']:.1f}"
            )
            uit[sleutel] = r
    return uit


def meet_gunicorn(
    app: Flask,
    url: str,
    schaal: int,
    casus_ref: str | None,
    snel: bool,
    logmap: Path,
    belasting: wrk.Belasting,
) -> dict[str, Any]:
    wrk.wrk_pad()  # fail before starting a server when wrk is missing
    casus = kies_casus(app, casus_ref)
    sluit(app)
    p = paden(casus["id"])
    uit: dict[str, Any] = {
        **stempel(snel),
        "schaal": schaal,
        "casus": casus["ref"],
        "belasting": {
            "duur_s": belasting.duur_s,
            "verbindingen": belasting.verbindingen,
            "draden": belasting.draden,
            "opwarmen_s": belasting.opwarmen_s,
        },
        "workers": {},
    }
    for workers in WORKERS:
        uit["workers"][str(workers)] = meet_workers(url, workers, p, belasting, logmap)
    return uit
