"""What the measurements share: paths, the application, counts, timing statistics and the
SQL statements an engine runs."""

from __future__ import annotations

import math
import os
import statistics
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / ".data"  # databases, generated files and the stored results (gitignored)

PERIODE = "2025-H1"
SEED = 2025  # the demo's default seed
GEBRUIKER = "regisseur"  # demo regisseur of pga_jeugd and ipta (casus/demo)
WERKVOORRAAD = "pga_jeugd"
SLEUTEL = "benchmark-secret-key-not-for-production"


def log(tekst: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {tekst}", flush=True)


def nu_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def stempel(snel: bool) -> dict[str, Any]:
    """When a part was measured, with --snel or not, and the 1-minute load average then."""
    return {"gemeten": nu_iso(), "snel": snel, "load": os.getloadavg()[0]}


def p95(waarden: list[float]) -> float:
    """Nearest-rank 95th percentile (of 5 samples: the largest)."""
    gesorteerd = sorted(waarden)
    return gesorteerd[max(0, math.ceil(0.95 * len(gesorteerd)) - 1)]


def samenvatting(ms: list[float]) -> dict[str, Any]:
    return {
        "n": len(ms),
        "mediaan": statistics.median(ms),
        "p95": p95(ms),
        "min": min(ms),
        "max": max(ms),
    }


def maak_app(url: str, **extra: Any) -> Flask:
    """The application as in development, with MFA off (as the demo config has it)."""
    from casus import create_app
    from config import DevelopmentConfig

    return create_app(
        DevelopmentConfig,
        SQLALCHEMY_DATABASE_URI=url,
        SECRET_KEY=SLEUTEL,
        MFA_VERPLICHT=False,
        **extra,
    )


def sluit(app: Flask) -> None:
    from casus.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def tellingen(app: Flask) -> dict[str, int]:
    from sqlalchemy import func, select

    from casus.casussen.models import Casus, Gebeurtenis
    from casus.extensions import db

    with app.app_context():
        uit = {
            "casussen": db.session.scalar(select(func.count()).select_from(Casus)) or 0,
            "gebeurtenissen": db.session.scalar(select(func.count()).select_from(Gebeurtenis)) or 0,
        }
        db.session.rollback()
    return uit


def traagste(lijst: list[tuple[float, str, Any]], aantal: int) -> list[dict[str, Any]]:
    """The ``aantal`` slowest SELECTs of ``Statements.lijst``, for EXPLAIN."""
    selects = [s for s in lijst if s[1].split(None, 1)[0].upper() in {"SELECT", "WITH"}]
    return [
        {"ms": d * 1000, "sql": s, "parameters": p}
        for d, s, p in sorted(selects, key=lambda s: -s[0])[:aantal]
    ]
