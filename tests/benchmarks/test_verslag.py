"""RESULTS.md rendered from stored results (the committed fixture resultaten.json, in the
shape benchmarks/opslag.py writes): every section, real numbers, no template leftovers."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks import opslag, verslag

HIER = Path(__file__).resolve().parent
KOPPEN = (
    "## Issues 9 (Prestaties) and 26 (Schaal): `python benchmarks/run.py`",
    "### Targets of issue 26 (Schaal)",
    "### Targets of issue 9 (Prestaties)",
    "### 1. Half-year report vs baseline",
    "### 2./3. Pages through the Flask test client",
    "### 4. Import",
    "### Zoeken (issue 25)",
    "### Rapportage page",
    "### Throughput under gunicorn (wrk)",
    "### 6. Memory of the report",
    "### Databases",
    "### EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL",
    "### Indexes (pg_indexes)",
)


@pytest.fixture
def resultaten() -> dict[str, Any]:
    return opslag.lees(HIER)


def test_every_section_is_rendered_once_between_the_markers(resultaten):
    tekst = verslag.render(resultaten)

    assert tekst.startswith(verslag.BEGIN + "\n")
    assert tekst.endswith(verslag.EINDE + "\n")
    regels = tekst.splitlines()
    for kop in KOPPEN:
        assert regels.count(kop) == 1, kop
    assert [r for r in regels if r.startswith("#### ")] == [
        f"#### {e['wat']} ({verslag.ms(e['ms'])} when captured)"
        for e in resultaten["postgresql"]["explain"]["plannen"]
    ]


def test_no_template_syntax_or_missing_values_leak_into_the_report(resultaten):
    tekst = verslag.render(resultaten)

    for overblijfsel in ("{{", "}}", "{%", "%}", "{#", "#}", "None", "Undefined"):
        assert overblijfsel not in tekst
    # every table row has as many cells as its header
    for tabel in re.findall(r"(?m)(?:^\|.*\|\n)+", tekst):
        breedtes = {regel.count(" | ") for regel in tabel.splitlines() if "---" not in regel}
        assert len(breedtes) == 1, tabel


def test_table_rows_show_the_stored_numbers_formatted(resultaten):
    tekst = verslag.render(resultaten)
    groot = resultaten["sqlite"]["rapport"]["groot"]

    # thousands separators, ms with three significant digits, ratio with one decimal
    assert (
        f"| SQLite {groot['db']} | {groot['gebeurtenissen']:,} | {groot['casussen']:,} | " in tekst
    )
    assert (
        "| SQLite n100_8k | 9,895 | 3,133 | 17.5 ms | 19.1 ms | 4.3 ms | 4.4 ms | 4.0x "
        "| 6 | equal (n=2) |"
    ) in tekst
    assert (
        "| 1. half-year report 2025-H1 at ~1M events, median | 17.5 ms (p95 19.1 ms) at "
        "9,895 events: met | 18.4 ms (p95 18.5 ms) at 9,895 events: met | "
        "PostgreSQL ≤100 ms, SQLite ≤300 ms |"
    ) in tekst
    # a page whose statement count varied shows its maximum
    assert re.search(r"^\| Casus \|.* \| 7 / 7 \(max 8\) \|$", tekst, flags=re.M)


def test_the_issue_26_table_has_one_row_per_target_with_its_verdict(resultaten):
    tekst = verslag.render(resultaten)

    assert "| measure | SQLite | PostgreSQL | target | met? |" in tekst
    assert (
        "| Casus, gunicorn 2 workers (req/s) | 150 req/s | 210 req/s | ≥200 req/s on PostgreSQL "
        "| yes |"
    ) in tekst
    assert (
        "| import of 100,000 cases (CLI) | 27.5 s (100,000 cases) | 37.3 s (100,000 cases) "
        "| ≤30 s | **no** (PostgreSQL) |"
    ) in tekst
    assert "wrk in its own process, 4 connections, 10 s per endpoint" in tekst


def test_the_throughput_table_shows_every_run_and_the_worker_ratio(resultaten):
    tekst = verslag.render(resultaten)

    # PostgreSQL Werkvoorraad: 290 req/s with 2 workers, 275 with 4 (0.95x)
    assert (
        "| 4 | Werkvoorraad, first page (`/werkvoorraad/pga_jeugd`) | 275 | 2,750 | 0 | "
        "12.0 ms | 20.0 ms | 30.0 ms | 6.0 ms | 0.5 → 1.5 | 0.95x |"
    ) in tekst
    assert "| 4 | Zoeken ?q=de (`/zoeken?q=de`) | 30 | 300 | 3 (status 3) |" in tekst
    assert tekst.count("| 2 | login page (anonymous) (`/inloggen`) |") == 2


def test_a_missed_target_and_differing_totals_are_flagged(resultaten):
    r = copy.deepcopy(resultaten)
    groot = r["sqlite"]["rapport"]["groot"]
    groot["app"]["mediaan"] = 301.0
    klein = r["postgresql"]["rapport"]["1"]
    klein["gelijk"] = False
    klein["totaal_basis"]["ipta"] += 2

    tekst = verslag.render(r)

    assert (
        "| 1. half-year report 2025-H1 at ~1M events, median | 301 ms (p95 19.1 ms) at "
        "9,895 events: **not met** |" in tekst
    )
    assert (
        "| **WARNING**: PostgreSQL 1: baseline totals differ from the report's | see below "
        "| see below | equal |"
    ) in tekst
    assert re.search(
        r"^totaal per aanpak, PostgreSQL n1 \(report / baseline\): .*"
        r"ipta (\d+)/(\d+) ≠",
        tekst,
        flags=re.M,
    )


def test_one_backend_alone_renders_its_own_column_only(resultaten):
    r = {k: v for k, v in resultaten.items() if k != "postgresql"}

    tekst = verslag.render(r)

    assert "| measurement | SQLite | target |" in tekst
    assert "| measure | SQLite | target | met? |" in tekst
    assert "PostgreSQL n1" not in tekst
    assert "### EXPLAIN" not in tekst


@pytest.mark.parametrize(
    ("waarde", "tekst"), [(None, "-"), (12.34, "12.3 ms"), (123.4, "123 ms"), (1234.5, "1.23 s")]
)
def test_milliseconds_are_shown_with_three_significant_digits(waarde, tekst):
    assert verslag.ms(waarde) == tekst


def test_writing_replaces_only_the_generated_section(tmp_path, resultaten):
    uitvoer = tmp_path / "RESULTS.md"
    # a report written by the former benchmarks/run.py, with its markers
    uitvoer.write_text(
        "# Benchmark results\n\n"
        "<!-- benchmarks/run.py: begin (generated by python benchmarks/run.py; "
        "do not edit) -->\nold numbers\n<!-- benchmarks/run.py: end -->\n\n"
        "## Earlier measurements\n\nby hand\n"
    )

    verslag.schrijf(resultaten, uitvoer)
    eerste = uitvoer.read_text()
    verslag.schrijf(resultaten, uitvoer)

    assert uitvoer.read_text() == eerste
    assert eerste.startswith("# Benchmark results\n\n" + verslag.BEGIN)
    assert eerste.endswith(verslag.EINDE + "\n\n## Earlier measurements\n\nby hand\n")
    assert "old numbers" not in eerste
    assert eerste.count(verslag.BEGIN) == 1


def test_the_committed_report_has_the_markers_a_run_replaces():
    tekst = (verslag.BENCH / "RESULTS.md").read_text()

    assert tekst.count(verslag.BEGIN) == 1
    assert tekst.count(verslag.EINDE) == 1
    assert tekst.index(verslag.BEGIN) < tekst.index(verslag.EINDE)


def test_stored_results_round_trip(tmp_path, resultaten):
    opslag.bewaar(resultaten, tmp_path / "data")

    assert opslag.lees(tmp_path / "data") == json.loads((HIER / opslag.BESTAND).read_text())
    assert opslag.lees(tmp_path / "leeg") == {}
