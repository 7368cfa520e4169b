from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from casus.auth.models import Gebruiker
from casus.extensions import db


def test_gebruiker_aanmaken_with_global_and_team_roles(app: Flask) -> None:
    resultaat = app.test_cli_runner().invoke(args=[
        "gebruiker", "aanmaken", "jdevries", "--wachtwoord", "een-lang-wachtwoord",
        "--naam", "Jan de Vries", "--rol", "manager", "--rol", "regisseur:ipta",
        "--rol", "triage:pga_jeugd",
    ])
    assert resultaat.exit_code == 0, resultaat.output
    g = db.session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == "jdevries"))
    assert g is not None and g.naam == "Jan de Vries" and g.korte_naam == "J. de Vries"
    assert g.heeft_rol("manager") and not g.heeft_rol("privacy")
    assert g.aanpakken_als("regisseur") == {"ipta"}
    assert g.aanpakken_als("triage") == {"pga_jeugd"}
    assert g.wachtwoord_hash.startswith("$argon2id$")


def test_gebruiker_aanmaken_refuses_unknown_roles_and_aanpakken(app: Flask) -> None:
    runner = app.test_cli_runner()
    for rol, melding in [("koning", "Onbekende rol 'koning'"),
                         ("regisseur:bestaatniet", "Onbekende aanpak 'bestaatniet'"),
                         ("regisseur", "hoort bij een aanpak"),
                         ("manager:ipta", "geldt voor alle aanpakken")]:
        resultaat = runner.invoke(args=["gebruiker", "aanmaken", "x", "--wachtwoord",
                                        "een-lang-wachtwoord", "--rol", rol])
        assert resultaat.exit_code == 1
        assert melding in resultaat.output
    assert db.session.scalar(select(func.count()).select_from(Gebruiker)) == 0


def test_gebruiker_aanmaken_refuses_a_short_password(app: Flask) -> None:
    resultaat = app.test_cli_runner().invoke(
        args=["gebruiker", "aanmaken", "x", "--wachtwoord", "kort", "--rol", "manager"])
    assert resultaat.exit_code == 1 and "minstens 12 tekens" in resultaat.output

