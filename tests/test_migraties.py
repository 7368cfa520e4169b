"""Migrations bring an empty database to head, and the models match the result."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from casus import create_app
from casus.extensions import db
from casus.toegang.actor import IMPORT
from config import TestConfig
from tests.hulp.database import nieuwe_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def lege_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'leeg.sqlite'}"
        return
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("vereist PostgreSQL: zet TEST_DATABASE_URL")
    with nieuwe_postgres("casus_migratie") as url:
        yield url.render_as_string(hide_password=False)


def test_upgrade_to_head_matches_the_models(lege_database: str) -> None:
    app: Flask = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=lege_database)
    with app.app_context():
        upgrade()
        tabellen = set(inspect(db.engine).get_table_names())
        assert {"casus", "gebeurtenis", "persoon", "gebruiker", "signaal"} <= tabellen
        with db.engine.connect() as conn:
            verschillen = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert verschillen == []
        db.engine.dispose()


def test_every_migration_downgrades_and_upgrades_with_data(lege_database: str) -> None:
    """Walk from head down to the first revision and back up with cases in the database:
    every downgrade and upgrade runs, and the cases and their events survive."""
    from datetime import date

    from flask_migrate import downgrade
    from sqlalchemy import func, select

    from casus.casussen.models import Casus, Gebeurtenis
    from casus.casussen.services import meld_aan, pas_transitie_toe
    from casus.personen.models import Persoon

    app: Flask = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=lege_database)
    with app.app_context():
        upgrade()
        for i in range(3):
            casus = meld_aan(
                "ipta",
                aangemeld_op=date(2025, 1, 6 + i),
                persoon=Persoon(voornaam="Sem", achternaam=f"J{i}"),
                actor=IMPORT,
            )
            pas_transitie_toe(
                casus, "triageren", datum=date(2025, 2, 1), actor=IMPORT, historisch=True
            )
        db.session.commit()

        def tel() -> tuple[int, ...]:
            """Row counts, in a transaction that is ended again: an open one would hold
            locks that the next migration's DROP TABLE waits for on PostgreSQL."""
            db.session.remove()
            aantallen = tuple(
                db.session.scalar(select(func.count()).select_from(m)) or 0
                for m in (Casus, Gebeurtenis, Persoon)
            )
            db.session.remove()
            return aantallen

        voor = tel()
        assert voor == (3, 6, 3)
        downgrade(revision="981cc049a806")  # every later migration's downgrade runs
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM gebeurtenis")).scalar() == 6
        upgrade()
        assert tel() == voor
        # the casusstand migration refilled the derived table from the surviving events
        from casus.casussen.afgeleid import aantal_rijen, afwijkend

        assert afwijkend() == []
        assert aantal_rijen() == 6
        db.session.remove()
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), db.metadata) == []
        db.session.remove()
        db.engine.dispose()
