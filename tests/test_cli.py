from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from casus.auth.models import Gebruiker
from casus.extensions import db


def test_gebruiker_aanmaken_with_global_and_team_roles(app: Flask) -> None:
    resultaat = app.test_cli_runner().invoke(
        args=[
            "gebruiker",
            "aanmaken",
            "jdevries",
            "--wachtwoord",
            "een-lang-wachtwoord",
            "--naam",
            "Jan de Vries",
            "--rol",
            "manager",
            "--rol",
            "regisseur:ipta",
            "--rol",
            "triage:pga_jeugd",
        ]
    )
    assert resultaat.exit_code == 0, resultaat.output
    g = db.session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == "jdevries"))
    assert g is not None
    assert g.naam == "Jan de Vries"
    assert g.korte_naam == "J. de Vries"
    assert g.heeft_rol("manager")
    assert not g.heeft_rol("privacy")
    assert g.aanpakken_als("regisseur") == {"ipta"}
    assert g.aanpakken_als("triage") == {"pga_jeugd"}
    assert g.wachtwoord_hash.startswith("$argon2id$")


def test_gebruiker_aanmaken_refuses_unknown_roles_and_aanpakken(app: Flask) -> None:
    runner = app.test_cli_runner()
    for rol, melding in [
        ("koning", "Onbekende rol 'koning'"),
        ("regisseur:bestaatniet", "Onbekende aanpak 'bestaatniet'"),
        ("regisseur", "hoort bij een aanpak"),
        ("manager:ipta", "geldt voor alle aanpakken"),
    ]:
        resultaat = runner.invoke(
            args=[
                "gebruiker",
                "aanmaken",
                "xy",
                "--wachtwoord",
                "een-lang-wachtwoord",
                "--rol",
                rol,
            ]
        )
        assert resultaat.exit_code == 1
        assert melding in resultaat.output
    assert db.session.scalar(select(func.count()).select_from(Gebruiker)) == 0


def test_gebruiker_aanmaken_refuses_a_short_password(app: Flask) -> None:
    resultaat = app.test_cli_runner().invoke(
        args=["gebruiker", "aanmaken", "xy", "--wachtwoord", "kort", "--rol", "manager"]
    )
    assert resultaat.exit_code == 1
    assert "minstens 12 tekens" in resultaat.output


def test_demo_fills_the_database_and_serves_the_app(tmp_path: Path) -> None:
    """README's first command: `flask --app casus demo` fills a fresh SQLite database and
    answers on http://127.0.0.1:PORT until it is stopped."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    omgeving = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}"}
    omgeving.pop("CASUS_OMGEVING", None)
    proces = subprocess.Popen(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "flask", "--app", "casus", "demo", "--poort", str(poort)],
        env=omgeving,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status = None
        for _ in range(300):
            if proces.poll() is not None:
                break
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{poort}/inloggen", timeout=2
                ) as antwoord:
                    status = antwoord.status
                    pagina = antwoord.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, "de demo-app antwoordde niet"
        assert "Inloggen" in pagina
    finally:
        proces.terminate()
        uitvoer, _ = proces.communicate(timeout=30)
    assert f"De applicatie draait op http://127.0.0.1:{poort}" in uitvoer
    assert "Demogebruikers" in uitvoer
    # the demo ran today's norm escalation: its regisseurs start with notifications
    with sqlite3.connect(tmp_path / "demo.sqlite") as verbinding:
        (termijnmeldingen,) = verbinding.execute(
            "SELECT count(*) FROM notificatie WHERE soort LIKE 'termijn%'"
        ).fetchone()
    assert termijnmeldingen > 0
