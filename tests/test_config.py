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


def test_sqlite_runs_with_foreign_keys_wal_busy_timeout_and_mmap(tmp_path: Path) -> None:
    app: Flask = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}", SQLITE_MMAP_MB=64
    )
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
            assert conn.execute(text("PRAGMA mmap_size")).scalar() == 64 * 1024 * 1024
        db.engine.dispose()


def test_postgresql_url_without_driver_uses_psycopg3(tmp_path: Path) -> None:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="postgresql://u@127.0.0.1/x")
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


@pytest.mark.parametrize(("proxies", "verwacht"), [(0, "127.0.0.1"), (1, "203.0.113.7")])
def test_client_address_comes_from_the_trusted_proxy_only(
    app: Flask, proxies: int, verwacht: str
) -> None:
    """Behind PROXY_AANTAL proxies the audit log (and the per-address limits, which read
    the same request.remote_addr) see the client's address; without, a forged header is
    ignored."""
    from sqlalchemy import select

    from casus.audit.models import AuditRecord

    achter_proxy = create_app(
        TestConfig,
        PROXY_AANTAL=proxies,
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
    )
    antwoord = achter_proxy.test_client().post(
        "/inloggen",
        data={"gebruikersnaam": "niemand", "wachtwoord": "fout-wachtwoord-123"},
        headers={"X-Forwarded-For": "203.0.113.7"},
    )
    assert antwoord.status_code in (200, 422)
    with achter_proxy.app_context():  # its own engine: close its connections
        db.session.remove()
        db.engine.dispose()
    db.session.remove()
    adressen = db.session.scalars(
        select(AuditRecord.client_adres).where(AuditRecord.actie == "auth.inloggen_mislukt")
    ).all()
    assert adressen == [verwacht]
