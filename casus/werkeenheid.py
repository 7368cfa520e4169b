"""The unit of work of one request: exactly one commit, and reads that hold no write lock.

A view that changes something commits once, through the one POST path
(``casus.werkplek.formulier.verwerk``; the log-in forms in ``casus.auth.views``).
Everything else a request writes is committed by the audit layer's after_request hook
(``casus.audit.services.bewaar_na_verzoek``), in one commit: the audit records of a
read, and what the request keeps whatever its outcome, registered here with
``blijvend`` (the session's last activity or its end, a rate counter, a kept form).

A read (GET, HEAD, OPTIONS) writes nothing while the page is made: its audit records
and its ``blijvend`` writes wait for the end of the request, when they are written in a
short transaction of their own (``schrijffase``). On SQLite that is what keeps a page
view from holding the database's one write lock for the length of the request; on
PostgreSQL it keeps the request's transaction read-only until its last moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from casus.extensions import db

_HERHALEN = "werkeenheid_herhalen"  # session.info key: writes to redo after a rollback
_UITGESTELD = "werkeenheid_uitgesteld"  # session.info key: a read's writes, not yet run
_GESCHREVEN = "werkeenheid_geschreven"  # session.info key: this transaction wrote
LEESMETHODEN = ("GET", "HEAD", "OPTIONS")
_SCHRIJFFASE: ContextVar[bool] = ContextVar("schrijffase", default=False)
_SCHRIJVEND = "werkeenheid_schrijvend"  # g: this read writes from here on


def leesverzoek() -> bool:
    """Within a request that only reads (by its method), before its closing write phase."""
    return (
        has_request_context()
        and request.method in LEESMETHODEN
        and not _SCHRIJFFASE.get()
        and not g.get(_SCHRIJVEND, False)
    )


def schrijvend() -> bool:
    """Whether a transaction begun now may write: a change (POST and the like), the
    closing write phase of a read, or ``schrijffase`` outside a request. SQLite begins
    such a transaction with BEGIN IMMEDIATE (``casus._sqlite_pragmas``)."""
    if _SCHRIJFFASE.get():
        return True
    return has_request_context() and (
        request.method not in LEESMETHODEN or bool(g.get(_SCHRIJVEND, False))
    )


def schrijf_tijdens_lezen() -> None:
    """A read that must write while it is made, e.g. the AVG inzage, which lists its own
    making: from here on the request writes like a change. The read transaction so far
    ends; the next one takes the write lock at once (SQLite). For rare pages only: such a
    page holds the write lock until it is made."""
    if not leesverzoek():
        return
    db.session.rollback()
    g.setdefault(_SCHRIJVEND, True)


@contextmanager
def schrijffase() -> Iterator[None]:
    """Transactions begun inside take the write lock at once (SQLite): for the short
    write at the end of a read, and for sealing the audit chain."""
    token = _SCHRIJFFASE.set(True)
    try:
        yield
    finally:
        _SCHRIJFFASE.reset(token)


def blijvend(schrijf: Callable[[], object]) -> None:
    """``schrijf`` writes something the request keeps whatever happens next (the
    session's last activity, a rate counter). In a read it runs in the closing write
    phase only; in a change it runs now, goes with the view's commit, and runs once more
    after the rollback when the view rolls back instead (a refused form, an error page)."""
    if leesverzoek():
        # kept until the closing write phase, also across a commit made while reading
        db.session.info.setdefault(_UITGESTELD, []).append(schrijf)
        return
    schrijf()
    herhaal_na_terugdraaien(schrijf)


def herhaal_na_terugdraaien(schrijf: Callable[[], object]) -> None:
    """``schrijf`` has just written something into the request's unit of work that the
    request keeps whatever happens next. Committed with the view's commit; when the view
    rolls back instead (a refused form, an error page), ``bewaar_na_verzoek`` runs
    ``schrijf`` once more after its own rollback and commits it then."""
    db.session.info.setdefault(_HERHALEN, []).append(schrijf)


def neem_herhalingen() -> tuple[list[Callable[[], object]], list[Callable[[], object]]]:
    """For ``bewaar_na_verzoek`` at the end of the request, and clears them: (the writes
    run and registered since the last commit, to run again after a rollback; a read's
    writes not run yet). The request's ``schrijf_tijdens_lezen`` ends with it too (its
    application context, and so ``g``, may serve the next request: the tests')."""
    g.pop(_SCHRIJVEND, None)
    return (
        list(db.session.info.pop(_HERHALEN, [])),
        list(db.session.info.pop(_UITGESTELD, [])),
    )


def heeft_geschreven() -> bool:
    """Whether the unit of work's current transaction has written anything (a flush, or
    an INSERT/UPDATE/DELETE statement through the session)."""
    return bool(db.session.info.get(_GESCHREVEN))


@event.listens_for(Session, "after_flush")
def _na_flush(sessie: Session, _context: Any) -> None:
    sessie.info[_GESCHREVEN] = True


@event.listens_for(Session, "do_orm_execute")
def _bij_opdracht(staat: ORMExecuteState) -> None:
    if staat.is_insert or staat.is_update or staat.is_delete:
        staat.session.info[_GESCHREVEN] = True


@event.listens_for(Session, "after_commit")
def _vastgelegd(sessie: Session) -> None:
    if sessie.in_nested_transaction():  # a savepoint released: nothing committed yet
        return
    sessie.info.pop(_HERHALEN, None)
    sessie.info.pop(_GESCHREVEN, None)


@event.listens_for(Session, "after_rollback")
def _teruggedraaid(sessie: Session) -> None:
    if sessie.in_nested_transaction():
        return
    sessie.info.pop(_GESCHREVEN, None)
