"""Many users opening case pages at once through two gunicorn workers: every view is
served (each writes its audit record and the session's activity, so on SQLite a view is
a write too and must queue for the write lock, never fail with "database is locked")."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.extensions import db
from tests.hulp.fabrieken import WACHTWOORD
from tests.hulp.server import Browser, gunicorn

THREADS, PER_THREAD = 6, 15


def test_parallel_case_views_through_two_workers_all_succeed_and_are_all_logged(
    app: Flask, tmp_path: Path, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    regisseurs = [maak_gebruiker_("regisseur:rio", naam=f"regisseur{i}") for i in range(3)]
    casussen = [maak_casus("rio", "actief", regisseur=r).id for r in regisseurs]
    db.session.commit()
    with gunicorn(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, workers=2, threads=THREADS // 2
    ) as server:
        browsers = []
        for r in regisseurs:
            b = Browser(server.adres)
            b.inloggen(r.gebruikersnaam, WACHTWOORD)
            browsers.append(b)
        statussen: list[int] = []
        slot = threading.Lock()
        start = threading.Barrier(THREADS)

        def bekijk(i: int) -> None:
            browser, casus_id = browsers[i % 3], casussen[i % 3]
            start.wait(timeout=10)
            for _ in range(PER_THREAD):
                try:
                    status = browser.get(f"/casus/{casus_id}").status
                except OSError:
                    status = 0
                with slot:
                    statussen.append(status)

        threads = [threading.Thread(target=bekijk, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert statussen == [200] * (THREADS * PER_THREAD), server.logtekst()[-2000:]
    db.session.remove()
    bekeken = db.session.scalar(
        select(func.count()).select_from(AuditRecord).where(AuditRecord.actie == "casus.bekeken")
    )
    assert bekeken == THREADS * PER_THREAD
