"""The same data gives the same report on SQLite and on PostgreSQL (run in CI's
PostgreSQL pass: the session database is PostgreSQL, a second app uses SQLite)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask

from casus import create_app
from casus.extensions import db
from casus.importeren.services import importeer
from casus.importeren.voorbeeld import regels
from casus.rapportage.periode import aangepast, uit_label
from casus.rapportage.services import rapport
from casus.toegang.actor import IMPORT
from config import TestConfig

PERIODEN = [uit_label(label) for label in ("2023-H2", "2024-H1", "2024-H2", "2025-H1")] + [
    aangepast(*(uit_label("2024-H1").van, uit_label("2025-H1").tot_en_met))
]


def _rapporten(lijnen: list[str]) -> list[dict[str, Any]]:
    resultaat = importeer(lijnen, methode="bulk", actor=IMPORT)
    assert resultaat.fouten == []
    db.session.commit()
    return [rapport(p) for p in PERIODEN]


def test_the_same_history_gives_the_same_report_on_sqlite_and_postgresql(
    app: Flask, postgres: None, tmp_path: Path
) -> None:
    lijnen = [json.dumps(r) for r in regels(400, seed=11)]
    op_postgres = _rapporten(lijnen)
    assert any(r["aanpakken"]["pga_jeugd"]["totaal"] for r in op_postgres)
    sqlite_app = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'vergelijk.sqlite'}"
    )
    with sqlite_app.app_context():
        db.create_all()
        op_sqlite = _rapporten(lijnen)
        db.session.remove()
        db.engine.dispose()
    assert op_sqlite == op_postgres
