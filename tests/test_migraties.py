"""Migrations bring an empty database to head, and the models match the result."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, make_url, text

from casus import create_app
from casus.extensions import db
from config import TestConfig


def _leeg_postgres() -> Iterator[str]:
    basis = make_url(os.environ["TEST_DATABASE_URL"])
    naam = f"casus_migratie_{uuid.uuid4().hex[:8]}"
    beheer = create_engine(basis, isolation_level="AUTOCOMMIT")
    with beheer.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{naam}"'))
    try:
        yield basis.set(database=naam).render_as_string(hide_password=False)
    finally:
        with beheer.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)'))
        beheer.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def lege_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'leeg.sqlite'}"
        return
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("vereist PostgreSQL: zet TEST_DATABASE_URL")
    yield from _leeg_postgres()


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
