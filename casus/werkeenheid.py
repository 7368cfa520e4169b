"""The unit of work of one request: exactly one commit.

A view that changes something commits once, through the one POST path
(``casus.werkplek.formulier.verwerk``; the log-in forms in ``casus.auth.views``).
Everything else a request writes is committed by the audit layer's after_request hook
(``casus.audit.services.bewaar_na_verzoek``), in one commit: the audit records of a
read, and what the request keeps whatever its outcome, registered here with
``herhaal_na_terugdraaien`` (the session's last activity or its end, a rate counter).
So a logged-in page is one commit, and a form is one commit whether it is saved or
refused.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from casus.extensions import db

_HERHALEN = "werkeenheid_herhalen"  # session.info key: writes to redo after a rollback


def herhaal_na_terugdraaien(schrijf: Callable[[], object]) -> None:
    """``schrijf`` has just written something into the request's unit of work that the
    request keeps whatever happens next. Committed with the view's commit; when the view
    rolls back instead (a refused form, an error page), ``bewaar_na_verzoek`` runs
    ``schrijf`` once more after its own rollback and commits it then."""
    db.session.info.setdefault(_HERHALEN, []).append(schrijf)


def neem_herhalingen() -> list[Callable[[], object]]:
    """The writes registered since the last commit (for ``bewaar_na_verzoek``); clears them."""
    return list(db.session.info.pop(_HERHALEN, []))


@event.listens_for(Session, "after_commit")
def _vastgelegd(sessie: Session) -> None:
    if sessie.in_nested_transaction():  # a savepoint released: nothing committed yet
        return
    sessie.info.pop(_HERHALEN, None)
