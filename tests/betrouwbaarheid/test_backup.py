"""Backup and restore: a restored database holds the same rows."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, make_url, select, text

from casus import create_app
from casus.casussen.models import Casus, Gebeurtenis
from casus.extensions import db
from config import TestConfig
from tests.conftest import is_postgres


def tellingen(engine: Any) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            tabel.name: conn.execute(select(func.count()).select_from(tabel)).scalar_one()
            for tabel in db.metadata.sorted_tables
        }


def vul(maak_casus: Any) -> None:
    for status in ("actief", "overgedragen", "in_de_wacht"):
        maak_casus("ipta", status)
    db.session.commit()


def test_sqlite_online_backup_restores_the_same_rows(tmp_path: Path, maak_casus: Any) -> None:
    app: Flask = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'a.db'}")
    with app.app_context():
        db.create_all()
        vul(maak_casus)
        voor = tellingen(db.engine)
        resultaat = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "kopie.db")])
        assert resultaat.exit_code == 0, resultaat.output
        herstel = create_engine(f"sqlite:///{tmp_path / 'kopie.db'}")
        assert tellingen(herstel) == voor and voor["gebeurtenis"] == 10
        with herstel.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        herstel.dispose()
        # an existing file is never overwritten
        opnieuw = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "kopie.db")])
        assert opnieuw.exit_code == 1 and "bestaat al" in opnieuw.output
        db.session.remove()
        db.engine.dispose()


@pytest.mark.usefixtures("postgres")
def test_pg_dump_and_pg_restore_into_a_fresh_database(app: Flask, tmp_path: Path,
                                                      maak_casus: Any) -> None:
    if shutil.which("pg_restore") is None:
        pytest.fail("pg_restore ontbreekt op deze machine")
    vul(maak_casus)
    voor = tellingen(db.engine)
    bestand = tmp_path / "casus.dump"
    resultaat = app.test_cli_runner().invoke(args=["backup", str(bestand)])
    assert resultaat.exit_code == 0, resultaat.output
    basis = make_url(os.environ["TEST_DATABASE_URL"])
    naam = f"casus_herstel_{uuid.uuid4().hex[:8]}"
    beheer = create_engine(basis, isolation_level="AUTOCOMMIT")
    with beheer.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{naam}"'))
    try:
        doel = basis.set(database=naam)
        subprocess.run(  # noqa: S603
            ["pg_restore", "--no-owner",
             f"--dbname={doel.set(drivername='postgresql').render_as_string(False)}",
             str(bestand)], check=True, capture_output=True)
        herstel = create_engine(doel)
        assert tellingen(herstel) == voor
        with herstel.connect() as conn:
            statussen = conn.execute(select(Casus.__table__.c.status)
                                     .order_by(Casus.__table__.c.id)).scalars().all()
            assert sorted(statussen) == ["actief", "in_de_wacht", "overgedragen"]
            assert conn.execute(select(func.count()).select_from(Gebeurtenis.__table__)
                                ).scalar_one() == voor["gebeurtenis"]
        herstel.dispose()
    finally:
        with beheer.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)'))
        beheer.dispose()
    assert is_postgres(app)
