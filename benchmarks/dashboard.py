"""The dashboard (issue 24): ``GET /dashboard/`` for a whole year by month, all aanpakken
(``?indeling=maand&van=2025-01-01&tot_en_met=2025-12-31``: twelve buckets of case
figures, signals, effect indicators and doorlooptijden) through the Flask test client,
logged in as the demo ``manager``, on the ~1M-event database; the target is the
Rapportage page's budget, p95 ≤ 300 ms.

Measured as the Rapportage page is (``benchmarks.rapportpagina``): the months of a year
that has ended are kept computed in the database until their data changes, so the first
view (cold: every table whose name has both "rapport" and "cache" in it emptied just
before, as after a change of the year's data) and the views after it (warm) are
measured apart, in interleaved rounds; one view of each kind first, excluded.

Not yet a part of ``python -m benchmarks``; on its own, against the ~1M-event database
that ``python -m benchmarks`` builds (``n100_1000k``):

    python -m benchmarks.dashboard --database sqlite:///$PWD/benchmarks/.data/n100_1000k.sqlite
    python -m benchmarks.dashboard --database postgresql+psycopg://postgres@127.0.0.1:5432/casus_bench_n100_1000k
    python -m benchmarks.dashboard --database ... --profiel   # where a first view's time goes

It writes to that database: the cache rows, the login's session and audit records.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import time
from typing import TYPE_CHECKING, Any

from benchmarks.meten import log, maak_app, samenvatting, sluit, stempel, tellingen, traagste
from benchmarks.paginas import log_in_test_client
from benchmarks.rapportpagina import MANAGER, cache_tabellen, leeg_cache
from tests.hulp.statements import Statements

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient
    from sqlalchemy.engine import Engine

PAD = "/dashboard/"
JAAR = {"indeling": "maand", "van": "2025-01-01", "tot_en_met": "2025-12-31", "aanpak": ""}
DOEL_MS = 300.0


def _bekijk(
    client: FlaskClient, engine: Engine, bewaar: bool = False
) -> tuple[float, float, int, list[tuple[float, str, Any]]]:
    """Wall and thread CPU time (ms), data statements (and with ``bewaar`` the statements
    with their durations) of one view."""
    with Statements(engine, bewaar=bewaar) as st:
        cpu, begin = time.thread_time(), time.perf_counter()
        antwoord = client.get(PAD, query_string=JAAR)
        duur = (time.perf_counter() - begin) * 1000
        cpu = (time.thread_time() - cpu) * 1000
    if antwoord.status_code != 200:
        raise SystemExit(f"{PAD} gaf {antwoord.status_code}")
    if "Aanmeldingen" not in antwoord.get_data(as_text=True):
        raise SystemExit(f"{PAD} toont geen cijfers")
    return duur, cpu, st.aantal, st.lijst


def _vat_samen(metingen: list[tuple[float, float, int, Any]]) -> dict[str, Any]:
    return {
        **samenvatting([m[0] for m in metingen]),
        "cpu_mediaan": statistics.median(m[1] for m in metingen),
        "statements": statistics.median(m[2] for m in metingen),
        "statements_max": max(m[2] for m in metingen),
    }


def meet_dashboard(app: Flask, koud: int, warm: int, snel: bool) -> dict[str, Any]:
    """``koud`` rounds of: empty the cache, one first view, then ``warm // koud`` (at least
    one) views after it; interleaved, so background load hits both kinds alike. The
    slowest statements of the last first view are kept (for EXPLAIN)."""
    from sqlalchemy import inspect

    from casus.extensions import db

    uit: dict[str, Any] = {**stempel(snel), **tellingen(app), "query": JAAR}
    with app.app_context():
        engine = db.engine
    tabellen = cache_tabellen(inspect(engine).get_table_names())
    client = log_in_test_client(app, MANAGER)
    leeg_cache(engine, tabellen)
    _bekijk(client, engine)  # warm-up of a first view, excluded
    _bekijk(client, engine)  # and of a view after it
    koude: list[tuple[float, float, int, Any]] = []
    warme: list[tuple[float, float, int, Any]] = []
    per_ronde = max(1, warm // koud)
    for ronde in range(koud):
        leeg_cache(engine, tabellen)
        koude.append(_bekijk(client, engine, bewaar=ronde == koud - 1))
        warme.extend(_bekijk(client, engine) for _ in range(per_ronde))
    uit.update(
        cache_tabellen=tabellen,
        koud=_vat_samen(koude),
        warm=_vat_samen(warme),
        traagste=traagste(koude[-1][3], 5),
    )
    uit["gehaald_koud"] = uit["koud"]["p95"] <= DOEL_MS
    uit["gehaald_warm"] = uit["warm"]["p95"] <= DOEL_MS
    return uit


def profiel(app: Flask, aantal: int = 5, regels: int = 30) -> str:
    """cProfile of ``aantal`` first views (the cache emptied before each): the functions
    by cumulative time, and by own time."""
    from sqlalchemy import inspect

    from casus.extensions import db

    with app.app_context():
        engine = db.engine
    tabellen = cache_tabellen(inspect(engine).get_table_names())
    client = log_in_test_client(app, MANAGER)
    client.get(PAD, query_string=JAAR)
    p = cProfile.Profile()
    for _ in range(aantal):
        leeg_cache(engine, tabellen)
        p.enable()
        client.get(PAD, query_string=JAAR)
        p.disable()
    uit = io.StringIO()
    for sortering in ("cumulative", "tottime"):
        pstats.Stats(p, stream=uit).sort_stats(sortering).print_stats(regels)
    return uit.getvalue()


def _st(r: dict[str, Any]) -> str:
    return f"{r['statements']:.0f}" + (
        f" (max {r['statements_max']})" if r["statements_max"] != r["statements"] else ""
    )


def markdown(naam: str, m: dict[str, Any]) -> str:
    """The measurement as a row of the table in RESULTS.md ("Dashboard page")."""
    k, w = m["koud"], m["warm"]
    return (
        f"| {naam} | {m['gebeurtenissen']:,} | {m['gemeten']}, load {m['load']:.1f} | "
        f"{k['n']} | {k['mediaan']:.0f} ms | {k['p95']:.0f} ms | {k['cpu_mediaan']:.0f} ms | "
        f"{_st(k)} | {w['n']} | {w['mediaan']:.1f} ms | {w['p95']:.1f} ms | "
        f"{w['cpu_mediaan']:.1f} ms | {_st(w)} |"
    )


KOP = (
    "| database | events | measured | first views: n | p50 | p95 | CPU p50 | statements "
    "| views after: n | p50 | p95 | CPU p50 | statements |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.dashboard", description=__doc__)
    p.add_argument("--database", required=True, help="SQLAlchemy URL of the ~1M-event database")
    p.add_argument("--koud", type=int, default=10, help="first views (rounds)")
    p.add_argument("--warm", type=int, default=30, help="views after a first view, in all")
    p.add_argument("--profiel", action="store_true", help="print a cProfile of first views")
    p.add_argument("--json", action="store_true", help="print the measurement as JSON too")
    args = p.parse_args()
    app = maak_app(args.database, WTF_CSRF_ENABLED=False)
    try:
        if args.profiel:
            print(profiel(app))
            return
        log(f"dashboard op {args.database} ({args.koud}x koud, {args.warm}x warm)")
        m = meet_dashboard(app, args.koud, args.warm, snel=False)
        naam = "PostgreSQL" if args.database.startswith("postgresql") else "SQLite"
        print(KOP)
        print(markdown(naam, m))
        print()
        print("slowest statements of the last first view:")
        for s in m["traagste"]:
            print(f"  {s['ms']:7.1f} ms  {' '.join(s['sql'].split())[:160]}")
        if args.json:
            print(json.dumps(m, indent=1, default=str))
    finally:
        sluit(app)


if __name__ == "__main__":
    main()
