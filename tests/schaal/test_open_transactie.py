"""A page view does not wait for another transaction that appended an audit record and is
still open; the chain checks clean afterwards whether that transaction commits or rolls
back (a record that was never committed leaves no gap that looks like tampering)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as Verlopen
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.audit.services import log_actie
from casus.extensions import db
from tests.hulp.client import login

BINNEN_S = 5.0  # "within a few seconds": a page view takes tens of milliseconds
HOUDER = "systeem"  # the holder's record: written outside a request, by no user


def _houd_open(
    app: Flask, casus_id: int, klaar: threading.Event, los: threading.Event, commit: bool
) -> int:
    """In a connection of its own: append a record, keep the transaction open until
    ``los``, then commit or roll back. Returns how many records it saw in its own
    transaction (its own included)."""
    with app.app_context():
        try:
            log_actie("casus.bekeken", casus=casus_id)
            db.session.flush()
            gezien = db.session.scalar(select(func.count()).select_from(AuditRecord)) or 0
            klaar.set()
            los.wait(timeout=60)
            if commit:
                db.session.commit()
            else:
                db.session.rollback()
            return gezien
        finally:
            klaar.set()
            db.session.remove()


@pytest.mark.usefixtures("postgres")
@pytest.mark.parametrize("commit", [True, False], ids=["commit", "rollback"])
def test_paginabezoek_tijdens_open_transactie(
    app: Flask, maak_gebruiker_: Any, maak_casus: Any, commit: bool
) -> None:
    regisseur = maak_gebruiker_("regisseur:ipta", naam="regisseur")
    casus_id = maak_casus("ipta", "actief", regisseur=regisseur).id
    db.session.commit()
    client = app.test_client()
    assert login(client, regisseur).status_code == 302
    db.session.remove()
    voor = db.session.scalar(select(func.count()).select_from(AuditRecord)) or 0
    db.session.remove()

    klaar, los = threading.Event(), threading.Event()
    with ThreadPoolExecutor(max_workers=2) as pool:
        houder = pool.submit(_houd_open, app, casus_id, klaar, los, commit)
        assert klaar.wait(timeout=30)
        # the request runs in a thread of its own: its own app context and connection
        pagina = pool.submit(lambda: client.get(f"/casus/{casus_id}"))
        try:
            antwoord = pagina.result(timeout=BINNEN_S)
            wachtte = False
        except Verlopen:
            wachtte = True
        finally:
            los.set()  # never leave the holder open: the page view then ends too
        gezien = houder.result(timeout=60)
        antwoord = pagina.result(timeout=60)
    assert not wachtte, (
        f"het paginabezoek wachtte langer dan {BINNEN_S:.0f} s op de open transactie"
    )
    assert gezien == voor + 1  # the holder's record was in the database, uncommitted
    assert antwoord.status_code == 200

    db.session.remove()
    bekeken = db.session.execute(
        select(AuditRecord.gebruikersnaam, func.count())
        .where(AuditRecord.actie == "casus.bekeken", AuditRecord.casus_id == casus_id)
        .group_by(AuditRecord.gebruikersnaam)
    ).all()
    verwacht = {"regisseur": 1, HOUDER: 1} if commit else {"regisseur": 1}
    assert dict(bekeken) == verwacht  # type: ignore[arg-type]

    resultaat = app.test_cli_runner().invoke(args=["audit", "controleer"])
    assert resultaat.exit_code == 0, resultaat.output
    assert "in orde" in resultaat.output, resultaat.output
