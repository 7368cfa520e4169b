"""Faults: the connection killed mid-transaction, a read-only SQLite file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from casus import create_app
from casus.casussen.models import Casus, Gebeurtenis
from casus.casussen.services import pas_transitie_toe
from casus.extensions import db
from casus.personen.models import Persoon
from config import TestConfig


@pytest.mark.usefixtures("postgres")
def test_connection_killed_mid_transition_writes_nothing(app: Flask, maak_casus: Any) -> None:
    casus = maak_casus("ipta", "actief")
    db.session.commit()
    casus_id = casus.id
    pas_transitie_toe(casus, "afsluiten_succesvol", datum=date(2025, 3, 1), gebruiker=None,
                      reden="werk")  # flushed, not committed
    pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with db.engine.connect() as ander:
        ander.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        ander.commit()
    with pytest.raises(OperationalError):
        db.session.commit()
    db.session.rollback()
    db.session.remove()
    # a fresh session (as after an app restart) sees only what was committed
    casus = db.session.get(Casus, casus_id)
    assert casus is not None and casus.status == "actief"
    aantal = db.session.scalar(select(func.count()).select_from(Gebeurtenis)
                               .where(Gebeurtenis.casus_id == casus_id))
    assert aantal == 3
    # and the application keeps working
    pas_transitie_toe(casus, "afsluiten_succesvol", datum=date(2025, 3, 1), gebruiker=None,
                      reden="werk")
    db.session.commit()
    assert casus.status == "succesvol_afgesloten"


@pytest.mark.parametrize("storing", ["alleen_lezen", "schijf_vol"])
def test_a_database_that_refuses_writes_gives_a_dutch_page(tmp_path: Path, storing: str) -> None:
    """A read-only database (SQLite's query_only; file modes do not bind root, which CI
    runs as) and a full disk (max_page_count pinned to the current size, so SQLite
    answers SQLITE_FULL exactly as on a full disk)."""
    bestand = tmp_path / "q.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{bestand}",
                     PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        db.create_all()
        db.session.add(Persoon(voornaam="A", achternaam="B"))
        db.session.commit()

    @app.post("/schrijf")
    def schrijf() -> str:
        if storing == "alleen_lezen":
            db.session.execute(text("PRAGMA query_only = ON"))
        else:
            paginas = db.session.execute(text("PRAGMA page_count")).scalar_one()
            db.session.execute(text(f"PRAGMA max_page_count = {paginas}"))
        for i in range(50):
            db.session.add(Persoon(voornaam="C" * 100, achternaam=f"D{i}", adres="x" * 200))
        db.session.commit()
        return "ok"

    antwoord = app.test_client().post("/schrijf")
    tekst = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 503
    assert "Uw wijziging is niet opgeslagen" in tekst and "Referentienummer" in tekst
    with app.app_context():
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert db.session.scalar(select(func.count()).select_from(Persoon)) == 1
        db.session.remove()
        db.engine.dispose()
