"""The API's case list (issue 17): server time of ``GET /api/v1/casussen?aantal=100``
through the Flask test client at the largest demo scale, as API clients with a bearer
token; the target is p95 ≤ 25 ms at N=100 on both databases, with a statement count
that does not depend on the data size (tests/api/test_statements.py proves that).

Variants, interleaved (one warm-up request each, excluded):

- the first page for a client with regisseur and triage roles in every aanpak and the
  manager role (it sees every case of the city: the widest list), the target's variant;
- a deep page of that client (the cursor ``na`` of page ``DIEP``, followed from page 1);
- that client filtered by aanpak and status (``?aanpak=pga_jeugd&status=actief``);
- the first page for a client of one small team only (pga_r: its cases are sparse
  among the ids, the keyset walk skips the most rows).

Part ``api`` of ``python -m benchmarks``; on its own, against any database built by
``flask --app casus demo --schaal 100 --niet-starten``:

    python -m benchmarks.api --database postgresql+psycopg://postgres@127.0.0.1/casus_x
    python -m benchmarks.api --database sqlite:////pad/n100.sqlite --profiel

``--profiel`` runs the first variant under cProfile and prints where the time goes.
The clients are registered in that database (``benchmark api ...``; an existing one
gets a new token), so it writes there: clients, audit records, rate counters.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import time
from collections import Counter
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from benchmarks.meten import log, maak_app, samenvatting, sluit, stempel
from tests.hulp.statements import Statements

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient
    from sqlalchemy.engine import Engine

DOEL_MS = 25.0
AANTAL = 100
DIEP = 20  # the deep page: page 20, reached through the cursors
LIJST = f"/api/v1/casussen?aantal={AANTAL}"
CLIENTS = {
    "stad": "benchmark api stad",
    "pga_r": "benchmark api pga_r",
}
EERSTE = "first page, every team + manager"
VARIANTEN = (
    EERSTE,
    f"deep page (keyset, page {DIEP}), every team + manager",
    "aanpak=pga_jeugd&status=actief, every team + manager",
    "first page, one small team (pga_r)",
)


def _rollen(client: str) -> list[str]:
    from workflows import CATALOGUS
    from workflows.codes import ROL_MANAGER, ROL_REGISSEUR, ROL_TRIAGE

    if client == "pga_r":
        return [f"{ROL_REGISSEUR}:pga_r", f"{ROL_TRIAGE}:pga_r"]
    return [
        *(f"{rol}:{a.code}" for a in CATALOGUS for rol in (ROL_REGISSEUR, ROL_TRIAGE)),
        ROL_MANAGER,
    ]


def tokens(app: Flask) -> dict[str, str]:
    """A token per client (registered, or a new token for one registered before)."""
    from sqlalchemy import select

    from casus.api.clients import maak_client, vernieuw_token
    from casus.api.models import Apiclient
    from casus.extensions import db
    from casus.klok import vandaag

    uit = {}
    with app.app_context():
        for sleutel, naam in CLIENTS.items():
            client = db.session.scalar(select(Apiclient).where(Apiclient.naam == naam))
            if client is not None and client.ingetrokken_op is None:
                uit[sleutel] = vernieuw_token(client)
            else:
                _, uit[sleutel] = maak_client(
                    naam,
                    rollen=_rollen(sleutel),
                    geldig_tot=vandaag() + timedelta(days=300),
                    limiet_per_minuut=10_000,
                    omschrijving="Meet de casuslijst van de API (benchmarks/api.py).",
                )
            db.session.commit()
    return uit


def _get(client: FlaskClient, token: str, url: str) -> Any:
    return client.get(url, headers={"Authorization": f"Bearer {token}"})


def verzoeken(client: FlaskClient, tokens: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Variant -> (token, URL); the deep page's URL follows the cursors from page 1."""
    stad = tokens["stad"]
    url = LIJST
    for _ in range(DIEP - 1):
        antwoord = _get(client, stad, url)
        if antwoord.status_code != 200 or antwoord.json["volgende"] is None:
            raise SystemExit(f"{url} gaf {antwoord.status_code} of geen volgende bladzijde")
        url = f"{LIJST}&na={antwoord.json['volgende']}"
    eerste, diep, gefilterd, klein = VARIANTEN
    return {
        eerste: (stad, LIJST),
        diep: (stad, url),
        gefilterd: (stad, f"{LIJST}&aanpak=pga_jeugd&status=actief"),
        klein: (tokens["pga_r"], LIJST),
    }


def _vraag(client: FlaskClient, token: str, url: str, engine: Engine) -> tuple[float, float, int]:
    """Wall and thread CPU time (ms) of one request, and its data statements."""
    with Statements(engine) as st:
        cpu, begin = time.thread_time(), time.perf_counter()
        antwoord = _get(client, token, url)
        duur = (time.perf_counter() - begin) * 1000
        cpu = (time.thread_time() - cpu) * 1000
    if antwoord.status_code != 200:
        raise SystemExit(f"{url} gaf {antwoord.status_code}: {antwoord.get_data(as_text=True)}")
    if len(antwoord.json["resultaten"]) != AANTAL:
        raise SystemExit(f"{url} gaf {len(antwoord.json['resultaten'])} casussen")
    return duur, cpu, st.aantal


def meet_api(app: Flask, herhalingen: int, snel: bool) -> dict[str, Any]:
    """Every variant ``herhalingen`` times, round robin; per variant the timing summary,
    CPU median, statement count (most frequent, and max) and URL."""
    from sqlalchemy import func, select

    from casus.casussen.models import Casus
    from casus.extensions import db

    sleutels = tokens(app)
    client = app.test_client()
    with app.app_context():
        engine = db.engine
        casussen = db.session.scalar(select(func.count()).select_from(Casus)) or 0
        db.session.rollback()
    urls = verzoeken(client, sleutels)
    for token, url in urls.values():  # warm-up, excluded
        _vraag(client, token, url, engine)
    tijden: dict[str, list[float]] = {v: [] for v in urls}
    cpu: dict[str, list[float]] = {v: [] for v in urls}
    statements: dict[str, list[int]] = {v: [] for v in urls}
    for _ in range(herhalingen):
        for variant, (token, url) in urls.items():
            t, c, n = _vraag(client, token, url, engine)
            tijden[variant].append(t)
            cpu[variant].append(c)
            statements[variant].append(n)
    return {
        **stempel(snel),
        "casussen": casussen,
        "varianten": {
            v: {
                **samenvatting(tijden[v]),
                "cpu_mediaan": statistics.median(cpu[v]),
                "statements": Counter(statements[v]).most_common(1)[0][0],
                "statements_max": max(statements[v]),
                "url": urls[v][1],
            }
            for v in urls
        },
    }


def profiel(app: Flask, aantal: int = 200, regels: int = 30) -> str:
    """cProfile of ``aantal`` requests of the first variant: the functions by cumulative
    time, and by own time."""
    client = app.test_client()
    token = tokens(app)["stad"]
    _get(client, token, LIJST)
    p = cProfile.Profile()
    p.enable()
    for _ in range(aantal):
        _get(client, token, LIJST)
    p.disable()
    uit = io.StringIO()
    for sortering in ("cumulative", "tottime"):
        pstats.Stats(p, stream=uit).sort_stats(sortering).print_stats(regels)
    return uit.getvalue()


def markdown(naam: str, m: dict[str, Any]) -> str:
    """The measurement as the Markdown table of RESULTS.md."""
    regels = [
        f"**{naam}**, {m['casussen']:,} cases, {m['gemeten']}, load {m['load']:.1f}:",
        "",
        "| variant | n | p50 | p95 | CPU p50 | statements |",
        "|---|---|---|---|---|---|",
    ]
    for v, r in m["varianten"].items():
        st = f"{r['statements']}" + (
            f" (max {r['statements_max']})" if r["statements_max"] != r["statements"] else ""
        )
        regels.append(
            f"| {v} | {r['n']} | {r['mediaan']:.1f} ms | {r['p95']:.1f} ms | "
            f"{r['cpu_mediaan']:.1f} ms | {st} |"
        )
    p95 = m["varianten"][EERSTE]["p95"]
    regels += [
        "",
        f"Target p95 ≤ {DOEL_MS:.0f} ms (first page): {p95:.1f} ms, "
        + ("met" if p95 <= DOEL_MS else "**not met**")
        + ".",
    ]
    return "\n".join(regels) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.api", description=__doc__)
    p.add_argument("--database", required=True, help="SQLAlchemy URL of a demo database")
    p.add_argument("--herhalingen", type=int, default=60, help="requests per variant")
    p.add_argument("--profiel", action="store_true", help="print a cProfile of the first page")
    p.add_argument("--json", action="store_true", help="print the measurement as JSON too")
    args = p.parse_args()
    app = maak_app(args.database)
    try:
        if args.profiel:
            print(profiel(app))
            return
        log(f"API-casuslijst op {args.database} ({args.herhalingen}x per variant)")
        m = meet_api(app, args.herhalingen, snel=False)
        naam = "PostgreSQL" if args.database.startswith("postgresql") else "SQLite"
        print(markdown(naam, m))
        if args.json:
            print(json.dumps(m, indent=1, default=str))
    finally:
        sluit(app)


if __name__ == "__main__":
    main()
