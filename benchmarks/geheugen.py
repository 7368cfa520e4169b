"""Measurement 6: memory added by computing the report (RSS and tracemalloc's peak), in a
fresh process: ``python -m benchmarks.geheugen <database url>`` prints one JSON line."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from benchmarks.meten import PERIODE, ROOT, maak_app, stempel


def _proc_status(veld: str) -> int:
    for regel in Path("/proc/self/status").read_text().splitlines():
        if regel.startswith(veld + ":"):
            return int(regel.split()[1]) * 1024
    raise KeyError(veld)


def geheugen_intern(url: str) -> dict[str, Any]:
    """In this (fresh) process: RSS added by a first report, then tracemalloc's peak."""
    from sqlalchemy import func, select

    from casus.casussen.models import Gebeurtenis
    from casus.extensions import db
    from casus.rapportage.periode import uit_label
    from casus.rapportage.services import rapport

    app = maak_app(url)
    periode = uit_label(PERIODE)
    with app.app_context():
        db.session.scalar(select(func.count()).select_from(Gebeurtenis))  # open the connection
        db.session.rollback()
        gc.collect()
        rss_voor = _proc_status("VmRSS")
        anon_voor, bestand_voor = _proc_status("RssAnon"), _proc_status("RssFile")
        try:
            Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM)
            gereset = True
        except OSError:
            gereset = False
        begin = time.perf_counter()
        rapport(periode)
        duur = time.perf_counter() - begin
        piek_rss, rss_na = _proc_status("VmHWM"), _proc_status("VmRSS")
        anon_na, bestand_na = _proc_status("RssAnon"), _proc_status("RssFile")
        db.session.rollback()
        gc.collect()
        tracemalloc.start()
        rapport(periode)
        _, piek_tracemalloc = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        db.session.rollback()
    return {
        "rss_voor": rss_voor,
        "piek_rss": piek_rss,
        "rss_na": rss_na,
        "anon_delta": anon_na - anon_voor,
        "bestand_delta": bestand_na - bestand_voor,
        "hwm_gereset": gereset,
        "piek_tracemalloc": piek_tracemalloc,
        "eerste_rapport_s": duur,
    }


def meet_geheugen(url: str, snel: bool) -> dict[str, Any]:
    uit = subprocess.run(  # noqa: S603 - fixed argv, this module
        [sys.executable, "-m", "benchmarks.geheugen", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if uit.returncode != 0:
        raise SystemExit(f"geheugenmeting faalde:\n{uit.stderr}")
    waarden = json.loads(uit.stdout.strip().splitlines()[-1])
    return {**stempel(snel), **waarden, "rss_delta": waarden["piek_rss"] - waarden["rss_voor"]}


def geheugen_toegevoegd(r: dict[str, Any]) -> int:
    """Memory the report allocates: tracemalloc's peak or the anonymous RSS it added;
    not the file-backed pages of SQLite's memory map (the OS's shared, reclaimable page
    cache of the database file). Older results have only the total RSS."""
    return max(r["piek_tracemalloc"], r.get("anon_delta", r["rss_delta"]))


if __name__ == "__main__":
    print(json.dumps(geheugen_intern(sys.argv[1])))
