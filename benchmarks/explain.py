"""On PostgreSQL: EXPLAIN (ANALYZE, BUFFERS) of captured statements, with their
parameters inlined, and the indexes of the tables involved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def explain(app: Flask, statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each statement of ``meten.traagste``: its time, literal SQL and plan."""
    from psycopg import ClientCursor

    from casus.extensions import db

    uit = []
    with app.app_context():
        conn = db.session.connection().connection.driver_connection
        for s in statements:
            letterlijk = ClientCursor(conn).mogrify(s["sql"], s["parameters"])
            with conn.cursor() as cur:
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + letterlijk)
                plan = "\n".join(r[0] for r in cur)
            uit.append({"ms": s["ms"], "sql": letterlijk, "plan": plan})
        db.session.rollback()
    return uit


def indexen(app: Flask, tabellen: list[str]) -> list[list[str]]:
    """(table, index, definition) of every index of ``tabellen`` (pg_indexes)."""
    from sqlalchemy import bindparam, text

    from casus.extensions import db

    with app.app_context():
        rijen = db.session.execute(
            text(
                "SELECT tablename, indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = 'public' AND tablename IN :tabellen "
                "ORDER BY tablename, indexname"
            ).bindparams(bindparam("tabellen", expanding=True)),
            {"tabellen": tabellen},
        ).all()
        db.session.rollback()
    return [list(r) for r in rijen]
