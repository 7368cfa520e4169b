"""The test database: where it is, which kind it is, and emptying it.

SQLite (a file, so several connections see one database) unless TEST_DATABASE_URL
points at PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from flask import Flask
from sqlalchemy import URL, Connection, create_engine, make_url, text

from casus.extensions import db

if TYPE_CHECKING:  # the benchmarks use this module without pytest
    import pytest


def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """TEST_DATABASE_URL, else a new SQLite file for the session."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def is_postgres(app: Flask) -> bool:
    return str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql")


def nieuw_schema(app: Flask) -> None:
    """An empty schema for a test session (inside an app context of ``app``).

    On PostgreSQL the whole ``public`` schema is dropped, not only the tables the current
    models know: a database left behind by another branch (a table this checkout has no
    model for, with a foreign key into ours) cannot break the run. The schema comes back
    with PostgreSQL 15's default owner and grants, which the role tests rely on."""
    if is_postgres(app):
        db.session.remove()
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
            conn.execute(text("ALTER SCHEMA public OWNER TO pg_database_owner"))
            conn.execute(text("GRANT USAGE ON SCHEMA public TO PUBLIC"))
    else:
        db.drop_all()
    db.create_all()


def leeg(app: Flask) -> None:
    """Empty every table (inside an app context of ``app``): after every test, and
    inside one test before each example hypothesis draws."""
    db.session.rollback()
    db.session.remove()
    tabellen = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if is_postgres(app):
            _leeg_postgres(conn, tabellen)
        else:
            for naam in tabellen:
                conn.execute(text(f"DELETE FROM {naam}"))  # noqa: S608 - table names


def _leeg_postgres(conn: Connection, tabellen: list[str]) -> None:
    """TRUNCATE only the tables that hold rows (a TRUNCATE costs milliseconds per table,
    even an empty one: 80 ms for all of them after every test), then restart every
    sequence that was used, so each test starts at id 1 as after a full
    ``TRUNCATE ... RESTART IDENTITY``; a rolled-back insert uses a sequence too."""
    gevuld = " UNION ALL ".join(
        f"SELECT '{naam}' WHERE EXISTS (SELECT 1 FROM {naam})"  # noqa: S608 - table names
        for naam in tabellen
    )
    vol = list(conn.execute(text(gevuld)).scalars())
    if vol:
        conn.execute(text(f"TRUNCATE {', '.join(vol)} RESTART IDENTITY CASCADE"))
    gebruikt = conn.execute(
        text(
            "SELECT quote_ident(sequencename) FROM pg_sequences "
            "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
    ).scalars()
    for volgorde in list(gebruikt):
        conn.execute(text(f"ALTER SEQUENCE {volgorde} RESTART"))


@contextmanager
def nieuwe_postgres(voorvoegsel: str, naast: str | None = None) -> Iterator[URL]:
    """A new, empty PostgreSQL database next to ``naast`` (by default TEST_DATABASE_URL's
    database), dropped afterwards."""
    basis = make_url(naast or os.environ["TEST_DATABASE_URL"])
    naam = f"{voorvoegsel}_{uuid.uuid4().hex[:8]}"
    beheer = create_engine(basis, isolation_level="AUTOCOMMIT")
    with beheer.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{naam}"'))
    try:
        yield basis.set(database=naam)
    finally:
        with beheer.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)'))
        beheer.dispose()
