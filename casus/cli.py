"""Flask commands: ``flask --app casus <command>``. Each commits once at the end."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from casus.errors import DomeinFout
from casus.extensions import db

gebruiker_cli = AppGroup("gebruiker", help="Gebruikers beheren.")


@gebruiker_cli.command("aanmaken")
@click.argument("gebruikersnaam")
@click.option("--wachtwoord", required=True, help="Minstens 12 tekens.")
@click.option("--naam", default=None, help='Volledige naam, bijvoorbeeld "Jan de Vries".')
@click.option("--rol", "rollen", multiple=True,
              help="ROL voor een globale rol, ROL:AANPAK voor een teamrol; herhaalbaar.")
def gebruiker_aanmaken(gebruikersnaam: str, wachtwoord: str, naam: str | None,
                       rollen: tuple[str, ...]) -> None:
    """Maak een gebruiker aan met rollen."""
    from casus.auth.services import maak_gebruiker

    try:
        gebruiker = maak_gebruiker(gebruikersnaam, wachtwoord, naam=naam, rollen=rollen)
    except DomeinFout as fout:
        db.session.rollback()
        raise click.ClickException(fout.bericht) from None
    db.session.commit()
    click.echo(f"Gebruiker '{gebruiker.gebruikersnaam}' aangemaakt.")


@click.command("demo")
@click.option("--schaal", default=1, show_default=True, type=click.IntRange(1, 1000),
              help="Veelvoud van de omvang van Zoetermeer.")
@click.option("--opnieuw", is_flag=True, help="Bestaande gegevens eerst verwijderen.")
@click.option("--niet-starten", is_flag=True, help="Alleen de database vullen.")
@click.option("--poort", default=5000, show_default=True, type=int)
def demo(schaal: int, opnieuw: bool, niet_starten: bool, poort: int) -> None:
    """Vul de database met demogebruikers en een synthetische caseload, en start de app."""
    from flask_migrate import upgrade

    from casus.demo import DEMO_GEBRUIKERS, DEMO_WACHTWOORD, vul_demo

    if opnieuw:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade()
    samenvatting = vul_demo(schaal=schaal)
    db.session.commit()
    if samenvatting is None:
        click.echo("De database bevat al gegevens; gebruik --opnieuw om opnieuw te beginnen.")
    else:
        click.echo(samenvatting)
    click.echo(f"\nDemogebruikers (wachtwoord voor allemaal: {DEMO_WACHTWOORD}):")
    for naam, omschrijving, _ in DEMO_GEBRUIKERS:
        click.echo(f"  {naam:<14} {omschrijving}")
    if not niet_starten:
        click.echo(f"\nDe applicatie draait op http://127.0.0.1:{poort} (stoppen: Ctrl+C)")
        current_app.run(host="127.0.0.1", port=poort, debug=False, use_reloader=False)


def register_cli(app: Flask) -> None:
    app.cli.add_command(gebruiker_cli)
    app.cli.add_command(demo)
    from casus.importeren.cli import importeer_cmd

    app.cli.add_command(importeer_cmd)
    from casus.rapportage.cli import rapport_cli

    app.cli.add_command(rapport_cli)
