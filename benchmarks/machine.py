"""The machine and the code a run measured: CPU, memory, versions, load, git HEAD."""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.meten import ROOT, nu_iso

if TYPE_CHECKING:
    from benchmarks.databases import Backend


def _git(git: str, *args: str) -> str:
    # read-only: no index refresh (--no-optional-locks)
    return subprocess.run(  # noqa: S603 - fixed argv
        [git, "--no-optional-locks", *args], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout


def _postgresql_versie(pg: str) -> str:
    from sqlalchemy import create_engine

    engine = create_engine(f"{pg}/postgres")
    try:
        with engine.connect() as conn:
            return str(conn.exec_driver_sql("SHOW server_version").scalar())
    finally:
        engine.dispose()


def machine(backends: list[Backend]) -> dict[str, Any]:
    cpu = next(
        (
            r.split(":", 1)[1].strip()
            for r in Path("/proc/cpuinfo").read_text().splitlines()
            if r.startswith("model name")
        ),
        platform.processor(),
    )
    geheugen = next(
        int(r.split()[1])
        for r in Path("/proc/meminfo").read_text().splitlines()
        if r.startswith("MemTotal:")
    )
    uit: dict[str, Any] = {
        "cpu": cpu,
        "kernen": os.cpu_count(),
        "ram_gib": geheugen / 1024 / 1024,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "datum": nu_iso(),
        "load_begin": os.getloadavg(),
    }
    if git := shutil.which("git"):
        uit["git"] = _git(git, "rev-parse", "--short", "HEAD").strip()
        gewijzigd = _git(
            git, "status", "--porcelain", "--", "casus", "workflows", "config.py"
        ).splitlines()
        uit["gewijzigd"] = [r[3:] for r in gewijzigd]
    if any(b.naam == "postgresql" for b in backends):
        uit["postgresql"] = _postgresql_versie(backends[-1].pg)
    return uit
