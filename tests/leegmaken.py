"""Emptying the test database inside one test (hypothesis runs many examples per test)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text

from casus.extensions import db
from tests.conftest import is_postgres


def leeg(app: Flask) -> None:
    db.session.rollback()
    tabellen = [t.name for t in reversed(db.metadata.sorted_tables)]
    if is_postgres(app):
        db.session.execute(text(f"TRUNCATE {', '.join(tabellen)} RESTART IDENTITY CASCADE"))
    else:
        for naam in tabellen:
            db.session.execute(text(f"DELETE FROM {naam}"))  # noqa: S608 - table names
    db.session.commit()
