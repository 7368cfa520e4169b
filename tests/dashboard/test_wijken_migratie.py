"""Revision 59aafeea80a5: the wijk of every case on its casusstand rows (backfilled from
the cases' kenmerken), a wijk column on signaal; and back. On SQLite and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from casus import create_app
from casus.casussen.afgeleid import afwijkend
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.extensions import db
from casus.personen.models import Persoon
from casus.toegang.actor import IMPORT
from config import TestConfig
from tests.hulp.database import nieuwe_postgres

VOOR = "d9f3a7c1e2b8"  # the revision before
DEZE = "59aafeea80a5"


@pytest.fixture(params=["sqlite", "postgresql"])
def lege_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'leeg.sqlite'}"
        return
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("vereist PostgreSQL: zet TEST_DATABASE_URL")
    with nieuwe_postgres("casus_wijkmigratie") as url:
        yield url.render_as_string(hide_password=False)


def _wijken_per_aanpak() -> set[tuple[str, str | None]]:
    with db.engine.connect() as conn:
        rijen = conn.execute(text("SELECT DISTINCT aanpak, wijk FROM casusstand"))
        return {(a, w) for a, w in rijen}


def test_the_migration_fills_the_wijk_of_every_aanpak_and_adds_the_signal_column(
    lege_database: str,
) -> None:
    app: Flask = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=lege_database)
    with app.app_context():
        upgrade(revision=VOOR)
        for aanpak, kenmerken in [
            ("pga_jeugd", {"wijk": "Meerzicht"}),
            ("ondermijning", {"wijk": "Dorp", "herkomst": "riec"}),
            ("woonoverlast", {"wijk": "Palenstein", "woningtype": "koop"}),
            ("ipta", {}),  # no wijk: stays empty
        ]:
            c = meld_aan(
                aanpak,
                aangemeld_op=date(2024, 11, 4),
                persoon=Persoon(voornaam="Sem", achternaam="Jansen"),
                kenmerken=kenmerken,
                actor=IMPORT,
            )
            # triaged across a quarter start: rows in two quarters
            pas_transitie_toe(c, "triageren", datum=date(2025, 2, 1), actor=IMPORT, historisch=True)
        db.session.commit()
        # the rows as the code before this revision wrote them: the wijk on woonoverlast's
        # rows only
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE casusstand SET wijk = NULL WHERE aanpak <> 'woonoverlast'"))
        db.session.remove()
        assert _wijken_per_aanpak() == {
            ("pga_jeugd", None),
            ("ondermijning", None),
            ("woonoverlast", "Palenstein"),
            ("ipta", None),
        }
        upgrade(revision=DEZE)
        assert _wijken_per_aanpak() == {
            ("pga_jeugd", "Meerzicht"),
            ("ondermijning", "Dorp"),
            ("woonoverlast", "Palenstein"),
            ("ipta", None),
        }
        # the table equals what the service writes now: `afgeleid controleer` agrees
        assert afwijkend() == []
        assert "wijk" in {k["name"] for k in inspect(db.engine).get_columns("signaal")}
        # and back: the other aanpakken's rows lose the wijk, the signal its column
        downgrade(revision=VOOR)
        assert _wijken_per_aanpak() == {
            ("pga_jeugd", None),
            ("ondermijning", None),
            ("woonoverlast", "Palenstein"),
            ("ipta", None),
        }
        assert "wijk" not in {k["name"] for k in inspect(db.engine).get_columns("signaal")}
        upgrade()
        assert afwijkend() == []
        db.session.remove()
        db.engine.dispose()
