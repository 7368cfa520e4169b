"""Part ``rapportpagina``: the Rapportage page (``GET /rapportage/?periode=2025-H1``: the
figures, the comparison with the half-year before and the trend) through the Flask test
client, logged in as the demo ``manager``, on the ~1M-event database; target p95 ≤300 ms.

A half-year that has ended may be kept computed in the database until its data changes.
Two kinds of view are measured apart: the first view (cold: every table whose name has
both "rapport" and "cache" in it is emptied just before, as after a change of the
period's data) and the views after it (warm). One view of each kind first, excluded
(templates, connection pool). An in-process cache, if there were one, is not emptied.
"""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING, Any

from benchmarks.meten import PERIODE, samenvatting, stempel, tellingen
from benchmarks.paginas import log_in_test_client
from tests.hulp.statements import Statements

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient
    from sqlalchemy.engine import Engine

MANAGER = "manager"  # demo user with the manager role (casus/demo)
PAD = "/rapportage/"
DOEL_MS = 300.0


def cache_tabellen(namen: list[str]) -> list[str]:
    """The tables that keep computed reports: "rapport" and "cache" in the name."""
    return sorted(n for n in namen if "rapport" in n.lower() and "cache" in n.lower())


def leeg_cache(engine: Engine, tabellen: list[str]) -> None:
    from sqlalchemy import text

    with engine.begin() as conn:
        for tabel in tabellen:
            conn.execute(text(f'DELETE FROM "{tabel}"'))  # noqa: S608 - reflected names


def _bekijk(client: FlaskClient, engine: Engine) -> tuple[float, float, int]:
    """Wall and thread CPU time (ms) and data statements of one view."""
    with Statements(engine) as st:
        cpu, begin = time.thread_time(), time.perf_counter()
        antwoord = client.get(PAD, query_string={"periode": PERIODE})
        duur = (time.perf_counter() - begin) * 1000
        cpu = (time.thread_time() - cpu) * 1000
    if antwoord.status_code != 200:
        raise SystemExit(f"{PAD}?periode={PERIODE} gaf {antwoord.status_code}")
    return duur, cpu, st.aantal


def _vat_samen(metingen: list[tuple[float, float, int]]) -> dict[str, Any]:
    return {
        **samenvatting([m[0] for m in metingen]),
        "cpu_mediaan": statistics.median(m[1] for m in metingen),
        "statements": statistics.median(m[2] for m in metingen),
        "statements_max": max(m[2] for m in metingen),
    }


def meet_rapportpagina(app: Flask, koud: int, warm: int, snel: bool) -> dict[str, Any]:
    """``koud`` rounds of: empty the cache, one first view, then ``warm // koud`` (at least
    one) views after it; interleaved, so background load hits both kinds alike."""
    from sqlalchemy import inspect

    from casus.extensions import db

    uit: dict[str, Any] = {**stempel(snel), **tellingen(app), "periode": PERIODE}
    with app.app_context():
        engine = db.engine
    tabellen = cache_tabellen(inspect(engine).get_table_names())
    client = log_in_test_client(app, MANAGER)
    leeg_cache(engine, tabellen)
    _bekijk(client, engine)  # warm-up of a first view, excluded
    _bekijk(client, engine)  # and of a view after it
    koude: list[tuple[float, float, int]] = []
    warme: list[tuple[float, float, int]] = []
    per_ronde = max(1, warm // koud)
    for _ in range(koud):
        leeg_cache(engine, tabellen)
        koude.append(_bekijk(client, engine))
        warme.extend(_bekijk(client, engine) for _ in range(per_ronde))
    uit.update(
        cache_tabellen=tabellen,
        koud=_vat_samen(koude),
        warm=_vat_samen(warme),
    )
    uit["gehaald_koud"] = uit["koud"]["p95"] <= DOEL_MS
    uit["gehaald_warm"] = uit["warm"]["p95"] <= DOEL_MS
    return uit
