"""``python -m benchmarks`` end to end, as cheap as it gets: the demo at scale 1 on SQLite,
the report measured twice, into a temporary data directory and report."""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks import verslag
from benchmarks.meten import ROOT


def test_a_quick_sqlite_run_stores_results_and_writes_the_report(tmp_path):
    data, uitvoer = tmp_path / "data", tmp_path / "RESULTS.md"

    uit = subprocess.run(  # noqa: S603 - fixed argv, our own CLI
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--alleen",
            "sqlite",
            "--snel",
            "--schalen",
            "1",
            "--events",
            "0",
            "--onderdelen",
            "rapport",
            "--data",
            str(data),
            "--uitvoer",
            str(uitvoer),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert uit.returncode == 0, uit.stdout + uit.stderr
    resultaten = json.loads((data / "resultaten.json").read_text())
    assert set(resultaten) == {"machine", "opdracht", "sqlite", "duur_s"}
    rapport = resultaten["sqlite"]["rapport"]["1"]
    assert rapport["gelijk"], (rapport["totaal_app"], rapport["totaal_basis"])
    assert rapport["app"]["n"] == 2
    assert rapport["gebeurtenissen"] > 1000
    assert resultaten["sqlite"]["databases"]["n1"]["casussen"] == rapport["casussen"]
    assert (data / "n1.sqlite").exists()
    tekst = uitvoer.read_text()
    assert tekst.startswith("# Benchmark results\n\n" + verslag.BEGIN)
    assert f"| SQLite n1 | {rapport['gebeurtenissen']:,} | {rapport['casussen']:,} | " in tekst
    assert "(1 of 1 parts with --snel: smoke numbers)" in tekst
