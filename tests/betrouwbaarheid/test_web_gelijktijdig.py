"""Racing status changes through the web: two users, two gunicorn workers, PostgreSQL.

The regisseur and a triage member of the same aanpak both have the case page open and
press a closing button at the same instant. Each request carries what a browser sends
(CSRF token, idempotency token, the case's version), so this proves the whole stack:
exactly one wins, the other reads a Dutch conflict message, nobody sees a 500.
"""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.casussen.models import Casus, Gebeurtenis
from casus.casussen.projectie import replay
from casus.extensions import db
from tests.hulp.fabrieken import WACHTWOORD
from tests.hulp.formulieren import formulier
from tests.hulp.server import CONFLICT, Browser, gunicorn, melding, tegelijk

RONDES = 20
SLUITEN = {  # who presses which closing button, with the reason they choose
    "regisseur": ("afsluiten_succesvol", {"reden": "werk", "toelichting": "Werk gevonden."}),
    "triage": (
        "overdragen",
        {"reden": "andere_gemeente", "partij": "Gemeente Gouda", "toelichting": "Verhuisd."},
    ),
}


def ingevuld(
    browser: Browser, casus_id: int, trigger: str, keuzes: dict[str, str]
) -> tuple[str, dict[str, str]]:
    """The status-change form as its status step renders it, filled in by the user."""
    actie = f"/casus/{casus_id}/status/{trigger}"
    form = formulier(browser.get(actie).tekst, actie, pad=actie)
    velden = form.gegevens(**{f"{trigger}-{veld}": waarde for veld, waarde in keuzes.items()})
    # what makes a lost update detectable and a double submit harmless
    assert velden[f"{trigger}-versie"].isdigit()
    assert velden[f"{trigger}-token"]
    assert velden[f"{trigger}-csrf_token"]
    return actie, velden


@pytest.mark.usefixtures("postgres")
def test_two_users_closing_one_case_through_two_gunicorn_workers_get_one_success_and_one_conflict(
    app: Flask, tmp_path: Path, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    regisseur = maak_gebruiker_("regisseur:ipta", naam="regisseur")
    maak_gebruiker_("triage:ipta", naam="triage")
    ids = [maak_casus("ipta", "actief", regisseur=regisseur).id for _ in range(RONDES)]
    db.session.commit()

    with gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, workers=2) as server:
        browsers = {naam: Browser(server.adres) for naam in SLUITEN}
        for naam, browser in browsers.items():
            browser.inloggen(naam, WACHTWOORD)  # separate cookie jars, separate sessions
        for casus_id in ids:
            verzoeken = [
                (browsers[naam], *ingevuld(browsers[naam], casus_id, trigger, keuzes))
                for naam, (trigger, keuzes) in SLUITEN.items()
            ]
            antwoorden = tegelijk(verzoeken)
            wat = [(a.status, melding(a.tekst)) for a in antwoorden]
            geslaagd = [a for a in antwoorden if a.status == 302]
            geweigerd = [a for a in antwoorden if a.status != 302]
            assert len(geslaagd) == 1, wat
            assert len(geweigerd) == 1, wat
            assert geslaagd[0].locatie.endswith(f"/casus/{casus_id}?sectie=status#status"), wat
            # the loser gets the page again, with the Dutch explanation and no traceback
            assert geweigerd[0].status == 422, wat
            tekst = html.unescape(geweigerd[0].tekst)
            assert CONFLICT in tekst, wat
            assert "Traceback" not in tekst, wat
            # the winner's next page tells the new status
            winnaar = verzoeken[antwoorden.index(geslaagd[0])][0]
            volgende = html.unescape(winnaar.get(f"/casus/{casus_id}").tekst)
            assert "De status is nu" in volgende, melding(volgende)
        toegang = server.toegangsregels()
        log = server.logtekst()

    assert all(status < 500 for *_, status in toegang), [r for r in toegang if r[3] >= 500]
    assert "Traceback" not in log, log[-3000:]
    # the two POSTs of a round ran in two different worker processes (a real race)
    workers_per_casus: dict[str, set[int]] = defaultdict(set)
    for pid, methode, pad, _ in toegang:
        if methode == "POST" and "/status/" in pad:
            workers_per_casus[pad.split("/")[2]].add(pid)
    parallel = sum(len(pids) == 2 for pids in workers_per_casus.values())
    assert parallel >= RONDES // 2, f"slechts {parallel} van {RONDES} rondes over twee workers"

    db.session.expire_all()
    for casus_id in ids:
        casus = db.session.get(Casus, casus_id)
        assert casus is not None
        events = db.session.scalars(
            select(Gebeurtenis)
            .where(Gebeurtenis.casus_id == casus_id)
            .order_by(Gebeurtenis.volgnummer)
        ).all()
        # aanmelden, triageren, starten and exactly one closure
        assert [e.transitie for e in events][:3] == ["aanmelden", "triageren", "starten"]
        assert len(events) == 4
        assert events[3].transitie in ("afsluiten_succesvol", "overdragen")
        assert casus.status == events[3].naar_status == replay(events).status
        gelukt = db.session.scalar(
            select(func.count())
            .select_from(AuditRecord)
            .where(
                AuditRecord.casus_id == casus_id,
                AuditRecord.actie.like("casus.status_%"),
                AuditRecord.uitkomst == "ok",
            )
        )
        assert gelukt == 1  # one successful change in the log (a refusal may be logged too)
