"""A form sent ten times at once (an impatient user, a flaky network that resends)
creates its record exactly once: the idempotency token of the form is claimed in the
same transaction as the change. Through gunicorn, two workers with five threads each,
so all ten requests are handled at the same time; on SQLite and on PostgreSQL."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.casussen.models import Notitie
from casus.extensions import db
from casus.werkplek.models import Formuliertoken
from tests.hulp.fabrieken import WACHTWOORD
from tests.hulp.formulieren import formulier
from tests.hulp.server import Browser, gunicorn, melding, tegelijk

PARALLEL = 10
RONDES = 5


def test_ten_identical_parallel_submits_of_a_note_create_exactly_one_note(
    app: Flask, tmp_path: Path, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    regisseur = maak_gebruiker_("regisseur:rio", naam="regisseur")
    casus_id = maak_casus("rio", "actief", regisseur=regisseur).id
    db.session.commit()

    with gunicorn(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, workers=2, threads=PARALLEL // 2
    ) as server:
        browser = Browser(server.adres)
        browser.inloggen("regisseur", WACHTWOORD)
        tokens = []
        for ronde in range(RONDES):
            form = formulier(
                browser.get(f"/casus/{casus_id}").tekst,
                f"/casus/{casus_id}/notitie",
                pad=f"/casus/{casus_id}",
            )
            velden = form.gegevens(**{"notitie-tekst": f"Gesprek met moeder, ronde {ronde}"})
            tokens.append(velden["notitie-token"])
            antwoorden = tegelijk([(browser, form.actie, velden)] * PARALLEL)
            wat = [(a.status, melding(a.tekst)) for a in antwoorden]
            # every submit ends on the case page: once "vastgelegd", else "al verwerkt"
            assert [a.status for a in antwoorden] == [302] * PARALLEL, wat
            assert all(
                a.locatie.endswith(f"/casus/{casus_id}?sectie=notitie#notitie") for a in antwoorden
            )
            pagina = html.unescape(browser.get(f"/casus/{casus_id}").tekst)
            assert pagina.count(f"Gesprek met moeder, ronde {ronde}") == 1
        toegang = server.toegangsregels()
        log = server.logtekst()

    assert all(status < 500 for *_, status in toegang), [r for r in toegang if r[3] >= 500]
    assert "Traceback" not in log, log[-3000:]
    # the ten requests of a round were handled by both workers
    assert len({pid for pid, methode, *_ in toegang if methode == "POST"}) == 2

    db.session.expire_all()
    teksten = db.session.scalars(
        select(Notitie.tekst).where(Notitie.casus_id == casus_id).order_by(Notitie.id)
    ).all()
    assert teksten == [f"Gesprek met moeder, ronde {r}" for r in range(RONDES)]
    assert (
        db.session.scalar(
            select(func.count()).select_from(Formuliertoken).where(Formuliertoken.token.in_(tokens))
        )
        == RONDES
    )
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditRecord)
            .where(
                AuditRecord.casus_id == casus_id,
                AuditRecord.actie == "casus.notitie_toegevoegd",
                AuditRecord.uitkomst == "ok",
            )
        )
        == RONDES
    )
