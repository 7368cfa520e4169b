"""The search measurement in RESULTS.md: its summary row and its table per database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks import opslag, verslag

BENCHMARK_TESTS = Path(__file__).resolve().parents[1] / "benchmarks"


def _zoeken(p95: float) -> dict[str, Any]:
    term = {
        "term": "Ozturk",
        "casussen": 27,
        "statements": 4,
        "n": 2,
        "mediaan": 9.5,
        "p95": p95,
        "min": 9.0,
        "max": p95,
        "cpu_mediaan": 8.0,
    }
    return {
        "gemeten": "2026-12-06 06:00 UTC",
        "snel": False,
        "load": 1.0,
        "termen": {"Ozturk": term},
        "alle": {"n": 2, "mediaan": 9.5, "p95": p95, "min": 9.0, "max": p95},
        "cpu_mediaan": 8.0,
        "gehaald": p95 <= 25,
        "db": "n100",
        "schaal": 100,
    }


def test_the_search_is_reported_with_its_target() -> None:
    resultaten = opslag.lees(BENCHMARK_TESTS)
    resultaten["sqlite"]["zoeken"] = _zoeken(12.3)
    resultaten["postgresql"]["zoeken"] = _zoeken(31.0)
    tekst = verslag.render(resultaten)
    # 12.3 ms is within 25 ms, 31.0 ms is not: the PostgreSQL figure misses the target
    assert (
        "| Zoeken, p95 in-process (test client) | 12.3 ms at N=100 | 31.0 ms at N=100 | "
        "≤25 ms at N=100 | **no** (PostgreSQL) |" in tekst
    )
    assert tekst.count("### Zoeken (issue 25)") == 1
    assert "| Ozturk (`Ozturk`) | 9.5 ms | 12.3 ms | 8.0 ms | 27 | 4 |" in tekst
