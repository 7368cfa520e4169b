"""The targets of issue 26 judged from stored results (benchmarks/doelen.py). The fixture
resultaten.json holds hand-chosen figures; the expected verdicts are worked out here."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from benchmarks import doelen, opslag
from benchmarks.doorvoer import ENDPOINTS

HIER = Path(__file__).resolve().parent
NAMEN = {k: naam for k, (naam, _) in ENDPOINTS.items()}
BEIDE = ["sqlite", "postgresql"]


@pytest.fixture
def resultaten() -> dict[str, Any]:
    return opslag.lees(HIER)


def rij(resultaten: dict[str, Any], begin: str, backends: list[str] = BEIDE) -> doelen.Rij:
    return next(r for r in doelen.rijen(resultaten, backends, NAMEN) if r.meting.startswith(begin))


def test_list_pages_need_300_per_second_on_postgresql_only(resultaten):
    # PostgreSQL: Werkvoorraad 290, Mijn casussen 330; SQLite 280 and 300 (not judged)
    werkvoorraad = rij(resultaten, "Werkvoorraad, first page, gunicorn")
    mijn = rij(resultaten, "Mijn casussen, gunicorn")

    assert werkvoorraad.waarden == {"sqlite": "280 req/s", "postgresql": "290 req/s"}
    assert werkvoorraad.oordeel(BEIDE) == "**no** (PostgreSQL)"
    assert mijn.oordeel(BEIDE) == "yes"


def test_a_run_with_errors_does_not_meet_a_throughput_target(resultaten):
    r = copy.deepcopy(resultaten)
    run = r["postgresql"]["gunicorn"]["workers"]["2"]["mijn_casussen"]
    run["fouten_totaal"] = 1

    assert rij(r, "Mijn casussen, gunicorn").oordeel(BEIDE) == "**no** (PostgreSQL)"


def test_share_of_the_login_pages_rate_is_judged_on_both_databases(resultaten):
    # SQLite: 280 / 1400 = 20.0% (exactly the target), 300 / 1400 = 21.4%;
    # PostgreSQL: 290 / 1500 = 19.3%, 330 / 1500 = 22.0%
    werkvoorraad = rij(resultaten, "Werkvoorraad, first page / login page")
    mijn = rij(resultaten, "Mijn casussen / login page")

    assert werkvoorraad.waarden == {
        "sqlite": "20.0% (280 / 1,400)",
        "postgresql": "19.3% (290 / 1,500)",
    }
    assert werkvoorraad.oordeel(BEIDE) == "**no** (PostgreSQL)"
    assert mijn.waarden["postgresql"] == "22.0% (330 / 1,500)"
    assert mijn.oordeel(BEIDE) == "yes"


def test_casus_page_needs_200_per_second_on_postgresql(resultaten):
    assert rij(resultaten, "Casus, gunicorn").oordeel(BEIDE) == "yes"  # 210


def test_four_workers_may_not_be_lower_than_two_beyond_the_noise(resultaten):
    # PostgreSQL 4 / 2 workers: Mijn casussen 340/330, Werkvoorraad 275/290, Casus 220/210,
    # Zoeken 41/40
    workers = rij(resultaten, "4 workers / 2 workers")

    assert workers.waarden["postgresql"] == (
        "Mijn casussen 1.03x, Werkvoorraad, first page 0.95x, Casus 1.05x, Zoeken ?q=de 1.02x"
    )
    assert workers.oordeel(BEIDE) == "**no** (PostgreSQL)"
    r = copy.deepcopy(resultaten)
    r["postgresql"]["gunicorn"]["workers"]["4"]["werkvoorraad"]["per_s"] = 282.0  # 0.972x
    assert rij(r, "4 workers / 2 workers").oordeel(BEIDE) == "yes"


def test_errors_in_any_run_are_counted(resultaten):
    # three responses with status >= 400 in SQLite's 4-worker Zoeken run
    fouten = rij(resultaten, "errors in the wrk runs")

    assert fouten.waarden == {"sqlite": "3", "postgresql": "0"}
    assert fouten.oordeel(BEIDE) == "**no** (SQLite)"


def test_rapportage_first_and_later_views_are_judged_apart(resultaten):
    warm = rij(resultaten, "Rapportage page, p95 of views after")
    koud = rij(resultaten, "Rapportage page, p95 of first views")

    assert warm.waarden == {
        "sqlite": "35 ms at 1,000,063 events",
        "postgresql": "40 ms at 1,000,063 events",
    }
    assert warm.oordeel(BEIDE) == "yes"
    assert koud.oordeel(BEIDE) == "**no** (PostgreSQL)"  # 450 ms; SQLite 280 ms


def test_a_smaller_run_is_shown_but_not_judged(resultaten):
    r = copy.deepcopy(resultaten)
    for b in BEIDE:
        r[b]["rapportpagina"]["gebeurtenissen"] = 4036
        r[b]["zoeken"]["schaal"] = 1
        r[b]["import"]["aantal"] = 2000

    for begin in ("Rapportage page, p95 of views after", "Zoeken, p95", "import of"):
        assert rij(r, begin).oordeel(BEIDE) == "not judged (smaller run)", begin
    assert rij(r, "Zoeken, p95").waarden["sqlite"] == "18.0 ms at N=1"


def test_zoeken_and_import(resultaten):
    # Zoeken p95 18.0 / 27.5 ms; import 27.5 s / 37.3 s
    assert rij(resultaten, "Zoeken, p95").oordeel(BEIDE) == "**no** (PostgreSQL)"
    assert rij(resultaten, "import of").oordeel(BEIDE) == "**no** (PostgreSQL)"


def test_one_database_alone_is_judged_on_what_it_has(resultaten):
    alleen = ["sqlite"]

    assert rij(resultaten, "Casus, gunicorn", alleen).oordeel(alleen) == "-"
    assert rij(resultaten, "Zoeken, p95", alleen).oordeel(alleen) == "yes"
    # a database in the report that lacks the part is named
    r = copy.deepcopy(resultaten)
    del r["postgresql"]["zoeken"]
    assert rij(r, "Zoeken, p95").oordeel(BEIDE) == "yes (PostgreSQL not measured)"


def test_results_of_the_former_load_generator_are_not_judged():
    oud = {"sqlite": {"gunicorn": {"endpoints": {"Casus": {"per_s": 40.0}}}}}

    for r in doelen.rijen(oud, ["sqlite"], NAMEN):
        assert r.oordeel(["sqlite"]) == "-", r.meting


def test_throughput_below_n100_is_shown_but_not_judged(resultaten):
    r = copy.deepcopy(resultaten)
    for b in BEIDE:
        r[b]["gunicorn"]["schaal"] = 1

    for begin in ("Werkvoorraad, first page, gunicorn", "Mijn casussen / login", "4 workers"):
        assert rij(r, begin).oordeel(BEIDE) == "not judged (smaller run)", begin
    assert rij(r, "Casus, gunicorn").waarden["postgresql"] == "210 req/s"
    assert rij(r, "errors in the wrk runs").oordeel(BEIDE) == "**no** (SQLite)"
