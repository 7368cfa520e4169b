"""``flask --app casus documenten opruimen [--verwijderen]``: content in the storage
that no document version points at (an orphan: the process died between storing and
committing, or a deletion after a commit failed)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

documenten_cli = AppGroup("documenten", help="Beheer van de opgeslagen documenten.")


@documenten_cli.command("opruimen")
@click.option(
    "--verwijderen",
    is_flag=True,
    help="Verwijder de gevonden bestanden echt (zonder deze optie: alleen tonen).",
)
def opruimen(verwijderen: bool) -> None:
    """Bestanden in de opslag zonder documentversie: tonen, of met --verwijderen wissen.

    Draai dit buiten de uren waarin wordt geüpload: een upload die nog bezig is, heeft
    zijn bestand al opgeslagen maar zijn versie nog niet vastgelegd."""
    from casus.documenten.opslag import opslag_van
    from casus.privacy.bewaartermijn import wees_bestanden

    sleutels = wees_bestanden()
    if not sleutels:
        click.echo("Geen bestanden zonder documentversie gevonden.")
        return
    woord = "bestand" if len(sleutels) == 1 else "bestanden"
    click.echo(f"{len(sleutels)} {woord} zonder documentversie:")
    for sleutel in sleutels:
        click.echo(f"  {sleutel}")
    if not verwijderen:
        click.echo("Proefdraai: er is niets verwijderd. Gebruik --verwijderen om ze te wissen.")
        return
    opslag = opslag_van(current_app)
    mislukt = 0
    for sleutel in sleutels:
        try:
            opslag.verwijder(sleutel)
        except Exception as fout:  # the storage is down, or the file went meanwhile
            mislukt += 1
            click.echo(f"Niet verwijderd: {sleutel} ({fout})", err=True)
    click.echo(f"Verwijderd: {len(sleutels) - mislukt} van {len(sleutels)} {woord}.")
    if mislukt:
        raise SystemExit(1)
