from __future__ import annotations

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from casus.audit import log_actie
from casus.audit.rechten import TRIGGER_SQL, grants_sql
from casus.audit.zegel import verzegel
from casus.extensions import db


def vijf_records() -> None:
    """Five records, sealed (chain places 1 to 5)."""
    for i in range(5):
        log_actie("casus.bekeken", casus=100 + i, details={"n": i})
    db.session.commit()
    verzegel()
    db.session.commit()


def controleer(app: Flask) -> Result:
    return app.test_cli_runner().invoke(args=["audit", "controleer"])


def test_an_intact_chain_passes(app: Flask) -> None:
    vijf_records()
    uit = controleer(app)
    assert uit.exit_code == 0
    assert "5 records" in uit.output


def test_an_empty_log_passes(app: Flask) -> None:
    assert controleer(app).exit_code == 0


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_record SET actie = 'casus.gewijzigd' WHERE id = 3",
        "UPDATE audit_record SET gebruikersnaam = 'iemand' WHERE id = 3",
        "UPDATE audit_record SET casus_id = 999 WHERE id = 3",
    ],
)
def test_editing_one_row_breaks_the_chain_at_that_row(app: Flask, sql: str) -> None:
    vijf_records()
    with db.engine.begin() as conn:
        conn.execute(text(sql))
    uit = controleer(app)
    assert uit.exit_code == 1
    assert "record 3: de inhoud is gewijzigd" in uit.output
    assert "2 records daarvoor" in uit.output


def test_deleting_one_row_names_the_gap(app: Flask) -> None:
    vijf_records()
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_record WHERE id = 2"))
    uit = controleer(app)
    assert uit.exit_code == 1
    assert "record 3: de records 2 tot en met 2 ontbreken" in uit.output


def test_rewriting_a_row_with_a_fresh_hash_is_still_caught_at_the_next(app: Flask) -> None:
    vijf_records()
    from casus.audit.models import AuditRecord

    r = db.session.get(AuditRecord, 2)
    assert r is not None
    r.actie = "vervalst"
    nieuwe = r.bereken_hash()
    db.session.rollback()
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_record SET actie = 'vervalst', hash = :h WHERE id = 2"),
            {"h": nieuwe},
        )
    uit = controleer(app)
    assert uit.exit_code == 1
    assert "record 3: de verwijzing" in uit.output


def test_postgres_trigger_refuses_update_and_delete_for_everyone(
    app: Flask, postgres: None
) -> None:
    vijf_records()
    with db.engine.connect() as conn:
        trans = conn.begin()  # DDL is transactional: rolled back at the end
        conn.exec_driver_sql(TRIGGER_SQL)
        for sql in (
            "UPDATE audit_record SET actie = 'x' WHERE id = 1",
            "DELETE FROM audit_record WHERE id = 1",
        ):
            punt = conn.begin_nested()
            with pytest.raises(DBAPIError, match="alleen-toevoegen"):
                conn.execute(text(sql))
            punt.rollback()
        conn.execute(
            text(
                "INSERT INTO audit_record (id, tijdstip, gebruikersnaam, actie, "
                "uitkomst, vorige_hash, hash) VALUES (99, now(), 's', 'a', 'ok', "
                "'0', 'h99')"
            )
        )
        trans.rollback()


def test_postgres_app_role_may_only_select_and_insert(app: Flask, postgres: None) -> None:
    vijf_records()
    with db.engine.connect() as conn:
        trans = conn.begin()
        conn.exec_driver_sql("CREATE ROLE casus_app_test NOLOGIN")
        conn.exec_driver_sql(grants_sql("casus_app_test"))
        conn.exec_driver_sql("SET ROLE casus_app_test")
        assert conn.execute(text("SELECT count(*) FROM audit_record")).scalar() == 5
        for sql in (
            "UPDATE audit_record SET actie = 'x'",
            "DELETE FROM audit_record",
            "TRUNCATE audit_record",
        ):
            punt = conn.begin_nested()
            with pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text(sql))
            punt.rollback()
        trans.rollback()


def test_rechten_prints_the_sql_with_grants(app: Flask) -> None:
    uit = app.test_cli_runner().invoke(args=["audit", "rechten", "--rol", "casus_app"])
    assert uit.exit_code == 0
    assert "GRANT SELECT, INSERT ON audit_record TO casus_app;" in uit.output
    assert "BEFORE UPDATE OR DELETE ON audit_record" in uit.output
    fout = app.test_cli_runner().invoke(args=["audit", "rechten", "--rol", "x; drop"])
    assert fout.exit_code != 0


def test_the_migration_installs_the_trigger_on_postgres(postgres: None) -> None:
    from flask_migrate import upgrade

    from casus import create_app
    from config import TestConfig
    from tests.hulp.database import nieuwe_postgres

    with nieuwe_postgres("casus_migratie") as url:
        nieuw = create_app(
            TestConfig, SQLALCHEMY_DATABASE_URI=url.render_as_string(hide_password=False)
        )
        with nieuw.app_context():
            upgrade()
            log_actie("casus.bekeken", casus=1)
            db.session.commit()
            with pytest.raises(DBAPIError, match="alleen-toevoegen"):
                db.session.execute(text("DELETE FROM audit_record"))
            db.session.rollback()
            db.session.remove()
            db.engine.dispose()
