"""persoon.zoeknaam is filled by every writer of persons: the ORM, the import's and the
demo's bulk writers and the migration; on PostgreSQL its trigram index serves LIKE."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select, text

from casus import create_app
from casus.demo import vul_demo
from casus.extensions import db
from casus.importeren.services import importeer
from casus.personen.models import Persoon
from casus.toegang.actor import IMPORT
from casus.zoeken.zoekvorm import zoeknaam
from config import TestConfig
from tests.hulp.database import nieuwe_postgres
from tests.hulp.importregels import GOED, lijnen


def test_the_orm_fills_the_search_name_on_insert_and_on_a_change_of_name() -> None:
    p = Persoon(voornaam="Ayşe", tussenvoegsel="van", achternaam="Öztürk")
    db.session.add(p)
    db.session.flush()
    assert p.zoeknaam == "ayse van ozturk"
    p.voornaam, p.tussenvoegsel, p.achternaam = "Geanonimiseerd", None, f"persoon {p.id}"
    db.session.flush()
    db.session.expire_all()
    opnieuw = db.session.get(Persoon, p.id)
    assert opnieuw is not None
    assert opnieuw.zoeknaam == f"geanonimiseerd persoon {p.id}"


def test_the_import_writes_the_search_name() -> None:
    regel = copy.deepcopy(GOED)
    regel["persoon"].update(voornaam="Ruben", achternaam="Çelik")
    assert importeer(lijnen(regel), actor=IMPORT).fouten == []
    assert db.session.scalars(select(Persoon.zoeknaam)).one() == "ruben celik"


def test_the_demo_bulk_writer_writes_the_search_name() -> None:
    assert vul_demo(schaal=1, bulk=True) is not None
    personen = db.session.scalars(select(Persoon)).all()
    assert personen
    afwijkend = [
        p.id
        for p in personen
        if p.zoeknaam != zoeknaam(p.voornaam, p.tussenvoegsel, p.achternaam) or not p.zoeknaam
    ]
    assert afwijkend == []
    # the demo has Turkish surnames: they are stored without their accents
    assert "ozturk" in {p.zoeknaam.split()[-1] for p in personen if p.achternaam == "Öztürk"}


@pytest.fixture(params=["sqlite", "postgresql"])
def lege_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'leeg.sqlite'}"
        return
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("vereist PostgreSQL: zet TEST_DATABASE_URL")
    with nieuwe_postgres("casus_zoekkolom") as url:
        yield url.render_as_string(hide_password=False)


def test_the_migration_fills_the_search_name_of_existing_persons(lege_database: str) -> None:
    app: Flask = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=lege_database)
    with app.app_context():
        upgrade(revision="b7e2d4a91c3f")  # the revision before the search column
        with db.engine.begin() as conn:
            for voornaam, tussenvoegsel, achternaam in [
                ("Ayşe", None, "Öztürk"),
                ("Ruben", None, "Çelik"),
                ("Søren", "van der", "Łukasiewicz"),
            ]:
                conn.execute(
                    text(
                        "INSERT INTO persoon (voornaam, tussenvoegsel, achternaam, created_at) "
                        "VALUES (:v, :t, :a, :c)"
                    ),
                    {"v": voornaam, "t": tussenvoegsel, "a": achternaam, "c": "2025-01-01"},
                )
        upgrade(revision="c1a5e0f3b2d4")
        with db.engine.connect() as conn:
            namen = conn.execute(text("SELECT zoeknaam FROM persoon ORDER BY id")).scalars()
            assert list(namen) == ["ayse ozturk", "ruben celik", "soren van der lukasiewicz"]
        db.session.remove()
        db.engine.dispose()


def test_on_postgresql_the_search_name_has_a_trigram_index(app: Flask, postgres: None) -> None:
    """The index PostgreSQL uses for LIKE '%...%' (benchmarks/ show it in use: EXPLAIN of
    the search); here its definition, and that LIKE finds a middle part of a name."""
    db.session.add_all(
        Persoon(voornaam=f"Naam{i}", achternaam="Öztürk" if i % 10 == 0 else "Jansen")
        for i in range(50)
    )
    db.session.flush()
    conn = db.session.connection()
    definitie = conn.execute(
        text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_persoon_zoeknaam_trgm'")
    ).scalar()
    assert "USING gin (zoeknaam gin_trgm_ops)" in str(definitie)
    gevonden = conn.execute(
        text("SELECT count(*) FROM persoon WHERE zoeknaam LIKE '%ztur%'")
    ).scalar()
    assert gevonden == 5  # i = 0, 10, 20, 30, 40
