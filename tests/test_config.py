from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from casus import create_app
from casus.extensions import db
from config import ProductionConfig, TestConfig


def test_production_refuses_to_start_without_secret_key(tmp_path: Path) -> None:
    class Productie(ProductionConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.sqlite'}"

    with pytest.raises(RuntimeError, match="SECRET_KEY ontbreekt"):
        create_app(Productie)


def test_production_defaults_are_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import config

    for naam in ("MFA_VERPLICHT", "SESSION_COOKIE_SECURE"):
        monkeypatch.delenv(naam, raising=False)
    vers = importlib.reload(config)
    try:
        assert vers.ProductionConfig.MFA_VERPLICHT is True
        assert vers.ProductionConfig.SESSION_COOKIE_SECURE is True
        assert vers.DevelopmentConfig.MFA_VERPLICHT is False
        assert vers.ProductionConfig.SESSION_COOKIE_HTTPONLY is True
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path: Path) -> None:
    class Standaard(TestConfig):
        SQLALCHEMY_DATABASE_URI = None

    app = create_app(Standaard)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    assert uri == f"sqlite:///{Path(app.instance_path) / 'casus.sqlite'}"


def test_sqlite_runs_with_foreign_keys_wal_and_busy_timeout(tmp_path: Path) -> None:
    app: Flask = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}")
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        db.engine.dispose()


def test_postgresql_url_without_driver_uses_psycopg3(tmp_path: Path) -> None:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="postgresql://u@127.0.0.1/x")
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
