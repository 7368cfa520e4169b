"""Commands that import or export data leave one record in the log: who (the system
user and the operating-system account), when, what, and the outcome; counts and
periods only, never the content of the file or the report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.extensions import db
from tests.hulp.importregels import GOED, SIGNAAL, lijnen


def records() -> list[AuditRecord]:
    return list(db.session.scalars(select(AuditRecord).order_by(AuditRecord.id)))


def test_an_import_is_logged_with_its_counts(app: Flask, tmp_path: Path) -> None:
    bestand = tmp_path / "caseload.jsonl"
    bestand.write_text("\n".join(lijnen(GOED, SIGNAAL)), encoding="utf-8")
    uit = app.test_cli_runner().invoke(args=["import", str(bestand)])
    assert uit.exit_code == 0, uit.output
    [r] = records()
    assert (r.actie, r.uitkomst, r.gebruikersnaam, r.gebruiker_id, r.object_type) == (
        "import.uitgevoerd",
        "ok",
        "systeem",
        None,
        "import",
    )
    assert r.tijdstip is not None
    assert r.client_adres is None
    details = dict(r.details or {})
    assert details.pop("os_gebruiker")
    assert details == {
        "kanaal": "cli",
        "casussen": 1,
        "signalen": 1,
        "personen": 1,
        "overgeslagen": 0,
    }
    assert "Jansen" not in repr(r.inhoud())


def test_a_refused_import_is_logged_as_refused_and_imports_nothing(
    app: Flask, tmp_path: Path
) -> None:
    fout = {**GOED, "aanpak": "bestaat_niet"}
    bestand = tmp_path / "fout.jsonl"
    bestand.write_text("\n".join(lijnen(fout, SIGNAAL, {"soort": "casus"})), encoding="utf-8")
    uit = app.test_cli_runner().invoke(args=["import", str(bestand)])
    assert uit.exit_code == 1
    assert db.session.scalar(select(func.count()).select_from(Casus)) == 0
    [r] = records()
    assert (r.actie, r.uitkomst) == ("import.uitgevoerd", "geweigerd")
    assert r.details is not None
    assert r.details["fouten"] >= 2
    assert "casussen" not in r.details
    assert "Jansen" not in repr(r.inhoud())
    assert "bestaat_niet" not in repr(r.inhoud())


def test_a_report_export_is_logged_and_stdout_stays_the_report(app: Flask, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    uit = runner.invoke(args=["rapport", "halfjaar", "2025-H1", "--format", "json"])
    assert uit.exit_code == 0, uit.output
    assert json.loads(uit.output)["periode"]["label"] == "2025-H1"
    uit = runner.invoke(
        args=[
            "rapport",
            "halfjaar",
            "--van",
            "2025-02-01",
            "--tot-en-met",
            "2025-03-31",
            "--format",
            "csv",
            "--output",
            str(tmp_path / "r.csv"),
        ]
    )
    assert uit.exit_code == 0, uit.output
    eerste, tweede = records()
    for r in (eerste, tweede):
        assert (r.actie, r.uitkomst, r.gebruikersnaam, r.object_type) == (
            "rapport.geexporteerd",
            "ok",
            "systeem",
            "rapport",
        )
        assert r.details is not None
        assert r.details["kanaal"] == "cli"
    assert {k: eerste.details[k] for k in ("formaat", "van", "tot_en_met", "bestand")} == {
        "formaat": "json",
        "van": "2025-01-01",
        "tot_en_met": "2025-06-30",
        "bestand": False,
    }
    assert {k: tweede.details[k] for k in ("formaat", "van", "tot_en_met", "bestand")} == {
        "formaat": "csv",
        "van": "2025-02-01",
        "tot_en_met": "2025-03-31",
        "bestand": True,
    }


def test_a_report_that_is_not_made_is_not_logged(app: Flask) -> None:
    uit = app.test_cli_runner().invoke(args=["rapport", "halfjaar", "2025-H3"])
    assert uit.exit_code != 0
    assert records() == []


def test_a_refused_user_creation_on_the_command_line_is_logged_without_the_password(
    app: Flask, maak_gebruiker_: Any
) -> None:
    uit = app.test_cli_runner().invoke(
        args=["gebruiker", "aanmaken", "piet", "--wachtwoord", "kort", "--rol", "manager"]
    )
    assert uit.exit_code == 1
    assert db.session.scalar(select(func.count()).select_from(Gebruiker)) == 0
    [r] = records()
    assert (r.actie, r.uitkomst, r.gebruikersnaam, r.details) == (
        "beheer.gebruiker_aangemaakt",
        "geweigerd",
        "systeem",
        {"weigering": "ongeldig", "veld": "wachtwoord"},
    )
    assert "kort" not in json.dumps(r.inhoud())
