"""Declarative base with a naming convention, so constraint names are stable
across SQLite and PostgreSQL and Alembic can drop or alter them by name."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on both SQLite (which keeps no zone) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use casus.klok.nu()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def check_in(kolom: str, waarden: object) -> str:
    """SQL text of a CHECK that ``kolom`` holds one of ``waarden`` (fixed codes only)."""
    codes = list(waarden)  # type: ignore[call-overload]
    for code in codes:
        if not str(code).replace("_", "").isalnum():
            raise ValueError(f"not a code: {code!r}")
    return f"{kolom} IN ({', '.join(repr(str(c)) for c in codes)})"


LIKE_ESCAPE = "\\"


def bevat_patroon(term: str) -> str:
    """A LIKE pattern matching ``term`` anywhere, with LIKE's own wildcards (``%``, ``_``)
    and the escape character escaped: use with ``.like(patroon, escape=LIKE_ESCAPE)``."""
    veilig = (
        term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{veilig}%"


def werk_statistieken_bij() -> None:
    """Refresh the query planner's statistics after a bulk load (the demo, an import).

    PostgreSQL's autovacuum would get there on its own, later; SQLite never does: without
    statistics it takes the index on ``casus.aanpak`` for "the cases of these aanpakken,
    newest first" and sorts every visible case, where walking the ids backwards reads a
    page (the API's case list: from 22 to 11 ms at 106,000 cases, benchmarks/RESULTS.md).
    Runs outside the unit of work: call it after the commit."""
    from casus.extensions import db

    with db.engine.connect() as verbinding:
        verbinding.exec_driver_sql("ANALYZE")
        verbinding.commit()


# -- work that waits for the end of a transaction ---------------------------------------
# A service that must act after a commit (enqueue a job: casus.taken) or undo after a
# rollback (remove a stored file: casus.documenten) notes the transaction it works in,
# and its session-event handlers ask which noted work a rollback took back.


def lopende_transactie(sessie: Session) -> SessionTransaction | None:
    """The innermost transaction of ``sessie``: a savepoint when one is open."""
    return sessie.get_nested_transaction() or sessie.get_transaction()


def hoort_bij(genoteerd: SessionTransaction | None, transactie: SessionTransaction) -> bool:
    """Whether work noted in ``genoteerd`` was done in ``transactie`` or in a savepoint
    inside it (so a rollback of ``transactie`` takes it back)."""
    t = genoteerd
    while t is not None:
        if t is transactie:
            return True
        t = t.parent
    return False
