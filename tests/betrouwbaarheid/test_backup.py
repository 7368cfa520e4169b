"""Backup and restore: a restored database holds the same rows, gives the same
half-year reports for every period, and its audit log's hash chain still verifies."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text

from casus import create_app
from casus.audit import log_actie
from casus.audit.keten import controleer_keten
from casus.audit.zegel import verzegel
from casus.casussen.models import Casus, Gebeurtenis
from casus.extensions import db
from casus.importeren import voorbeeld
from casus.importeren.services import importeer
from casus.rapportage.periode import uit_label
from casus.rapportage.services import rapport
from casus.toegang.actor import IMPORT
from config import TestConfig
from tests.hulp.database import is_postgres, nieuwe_postgres

PERIODES = ("2023-H2", "2024-H1", "2024-H2", "2025-H1", "2025-H2")


def tellingen(engine: Any) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            tabel.name: conn.execute(select(func.count()).select_from(tabel)).scalar_one()
            for tabel in db.metadata.sorted_tables
        }


def vul(maak_casus: Any, maak_gebruiker_: Any) -> None:
    """Three known cases, a caseload of several years from the import's generator (all
    aanpakken, signals, interventions, police contacts), and an audit log."""
    for status in ("actief", "overgedragen", "in_de_wacht"):
        maak_casus("ipta", status)
    regels = [json.dumps(r) for r in voorbeeld.regels(150, seed=11)]
    assert importeer(regels, methode="bulk", actor=IMPORT).fouten == []
    privacy = maak_gebruiker_("privacy")
    for casus in db.session.scalars(select(Casus).order_by(Casus.id).limit(12)):
        log_actie("casus.bekeken", casus=casus, persoon=casus.persoon, gebruiker=privacy)
    db.session.commit()
    verzegel()  # the chain the backup must keep: sealed
    db.session.commit()


def vingerafdruk(app: Flask) -> dict[str, Any]:
    """What a restore must keep: the rows, every period's report, the audit chain
    (inside an application context of ``app``)."""
    return {
        "rijen": tellingen(db.engine),
        "rapporten": {p: rapport(uit_label(p)) for p in PERIODES},
        "keten": controleer_keten(),
        "controleer": app.test_cli_runner().invoke(args=["audit", "controleer"]).exit_code,
    }


def vingerafdruk_van(app: Flask) -> dict[str, Any]:
    """The same for another application (another database), closed afterwards."""
    with app.app_context():
        try:
            return vingerafdruk(app)
        finally:
            db.session.remove()
            db.engine.dispose()


def vergelijk(voor: dict[str, Any], na: dict[str, Any]) -> None:
    assert na["rijen"] == voor["rijen"]
    assert voor["rijen"]["gebeurtenis"] > 300
    for periode in PERIODES:
        assert na["rapporten"][periode] == voor["rapporten"][periode], periode
    # the reports compared are not empty
    assert sum(a["totaal"] for a in voor["rapporten"]["2025-H1"]["aanpakken"].values()) > 10
    aantal, breuk = na["keten"]
    assert breuk is None
    assert aantal == voor["rijen"]["audit_record"] >= 12
    assert na["controleer"] == voor["controleer"] == 0


def test_sqlite_online_backup_restores_the_same_rows_reports_and_audit_chain(
    tmp_path: Path, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    app: Flask = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'a.db'}")
    with app.app_context():
        db.create_all()
        vul(maak_casus, maak_gebruiker_)
        resultaat = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "kopie.db")])
        assert resultaat.exit_code == 0, resultaat.output
        herstel = create_engine(f"sqlite:///{tmp_path / 'kopie.db'}")
        with herstel.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        herstel.dispose()
        # an existing file is never overwritten
        opnieuw = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "kopie.db")])
        assert opnieuw.exit_code == 1
        assert "bestaat al" in opnieuw.output
        db.session.remove()
    voor = vingerafdruk_van(app)
    # restore (docs/beheer.md): the backup file is the database of a new application
    hersteld = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'kopie.db'}")
    vergelijk(voor, vingerafdruk_van(hersteld))


@pytest.mark.usefixtures("postgres")
def test_pg_dump_and_pg_restore_into_a_fresh_database_keep_rows_reports_and_audit_chain(
    app: Flask, tmp_path: Path, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        pytest.fail("pg_restore ontbreekt op deze machine")
    vul(maak_casus, maak_gebruiker_)
    voor = tellingen(db.engine)
    bron = vingerafdruk(app)
    bestand = tmp_path / "casus.dump"
    resultaat = app.test_cli_runner().invoke(args=["backup", str(bestand)])
    assert resultaat.exit_code == 0, resultaat.output
    with nieuwe_postgres("casus_herstel") as doel:
        subprocess.run(  # noqa: S603
            [
                pg_restore,
                "--no-owner",
                f"--dbname={doel.set(drivername='postgresql').render_as_string(False)}",
                str(bestand),
            ],
            check=True,
            capture_output=True,
        )
        herstel = create_engine(doel)
        assert tellingen(herstel) == voor
        with herstel.connect() as conn:
            statussen = (
                conn.execute(select(Casus.__table__.c.status).order_by(Casus.__table__.c.id))
                .scalars()
                .all()
            )
            assert sorted(statussen[:3]) == ["actief", "in_de_wacht", "overgedragen"]
            assert (
                conn.execute(select(func.count()).select_from(Gebeurtenis.__table__)).scalar_one()
                == voor["gebeurtenis"]
            )
        herstel.dispose()
        vergelijk(
            bron,
            vingerafdruk_van(
                create_app(
                    TestConfig, SQLALCHEMY_DATABASE_URI=doel.render_as_string(hide_password=False)
                )
            ),
        )
    assert is_postgres(app)
