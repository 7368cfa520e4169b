"""Generated case loads, the CLI as a subprocess, and topping a database up to N events;
run on its own, the import of 100,000 cases and the half-year report over ~1M events.

    python -m benchmarks.rapport_import                      # SQLite file in a temp dir
    python -m benchmarks.rapport_import --database postgresql+psycopg://postgres@127.0.0.1:5432/db

The JSONL files are generated deterministically (casus.importeren.voorbeeld). The
import is timed end to end through the CLI (``flask --app casus import FILE``, a
separate process), the report both in-process and through the CLI. The database's
tables are dropped and recreated first: never point this at a database you need.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.meten import ROOT

if TYPE_CHECKING:
    from flask import Flask


def schrijf(pad: Path, aantal: int, seed: int) -> None:
    """A deterministic JSONL case load of ``aantal`` cases (casus.importeren.voorbeeld)."""
    from casus.importeren.voorbeeld import regels

    with pad.open("w", encoding="utf-8") as f:
        for regel in regels(aantal, seed=seed):
            f.write(json.dumps(regel, ensure_ascii=False) + "\n")


def flask(url: str, *args: str) -> tuple[float, str]:
    """``flask --app casus <args>`` against ``url`` as a separate process: (seconds, stdout)."""
    omgeving = dict(os.environ, DATABASE_URL=url)
    begin = time.perf_counter()
    uit = subprocess.run(  # noqa: S603 - fixed argv, our own CLI
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "casus",
            *args,
        ],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        check=False,
    )
    duur = time.perf_counter() - begin
    if uit.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} faalde:\n{uit.stdout}\n{uit.stderr}")
    return duur, uit.stdout


def aanvullen(app: Flask, url: str, doel: int, tmp: Path, seed: int = 2) -> int:
    """Import generated cases (seeds ``seed``, ``seed + 1``, ...; at most 200,000 per file)
    through the CLI until the database holds at least ``doel`` events; returns the count."""
    from sqlalchemy import func, select

    from casus.casussen.models import Casus, Gebeurtenis
    from casus.extensions import db

    with app.app_context():
        aantal = db.session.scalar(select(func.count()).select_from(Gebeurtenis)) or 0
        while aantal < doel:
            casussen = db.session.scalar(select(func.count()).select_from(Casus)) or 0
            per_casus = max(aantal / max(casussen, 1), 1.0)
            extra = tmp / f"extra-{seed}.jsonl"
            schrijf(extra, min(int((doel - aantal) / per_casus) + 1000, 200_000), seed)
            flask(url, "import", str(extra))
            extra.unlink()
            db.session.rollback()  # end the read snapshot (SQLite WAL) to see the new rows
            aantal = db.session.scalar(select(func.count()).select_from(Gebeurtenis)) or 0
            seed += 1
    return aantal


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.rapport_import", description=__doc__
    )
    parser.add_argument("--database", default=None)
    parser.add_argument("--aantal", type=int, default=100_000)
    parser.add_argument(
        "--events",
        type=int,
        default=1_000_000,
        help="events in the database for the report benchmark",
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="casus-bench-"))
    url = args.database or f"sqlite:///{tmp / 'bench.sqlite'}"

    from casus import create_app
    from casus.extensions import db
    from casus.rapportage.periode import uit_label
    from casus.rapportage.services import rapport

    app = create_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.drop_all()
        db.create_all()

    bestand = tmp / "caseload.jsonl"
    begin = time.perf_counter()
    schrijf(bestand, args.aantal, seed=1)
    print(
        f"genereren {args.aantal} casussen: {time.perf_counter() - begin:.1f} s "
        f"({bestand.stat().st_size / 1e6:.0f} MB)"
    )
    duur, uit = flask(url, "import", str(bestand))
    print(f"import {args.aantal} casussen (CLI, end to end): {duur:.1f} s  [{uit.strip()}]")
    duur, uit = flask(url, "import", str(bestand))
    print(f"herhaalde import (alles overgeslagen): {duur:.1f} s")

    aantal = aanvullen(app, url, args.events, tmp)
    print(f"gebeurtenissen in de database: {aantal:,}")
    with app.app_context():
        for _ in range(2):
            begin = time.perf_counter()
            rapport(uit_label("2025-H1"))
            print(f"halfjaarrapport 2025-H1 (in-process): {time.perf_counter() - begin:.2f} s")
    duur, _ = flask(url, "rapport", "halfjaar", "2025-H1", "--format", "json")
    print(f"halfjaarrapport 2025-H1 (CLI, end to end): {duur:.2f} s")


if __name__ == "__main__":
    main()
