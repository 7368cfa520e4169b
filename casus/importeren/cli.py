"""``flask --app casus import FILE``."""

from __future__ import annotations

import sys

import click

from casus.extensions import db


@click.command("import")
@click.argument("bestand", type=click.Path(exists=True, dir_okay=False))
@click.option("--methode", type=click.Choice(["auto", "services", "bulk"]), default="auto",
              show_default=True, help="Schrijfwijze; auto kiest bulk voor grote bestanden.")
def importeer_cmd(bestand: str, methode: str) -> None:
    """Importeer casussen en signalen uit een JSON Lines-bestand (alles of niets)."""
    from casus.importeren.services import importeer

    with open(bestand, encoding="utf-8") as f:
        resultaat = importeer(f, methode=methode)
    if resultaat.fouten:
        db.session.rollback()
        for fout in resultaat.fouten:
            click.echo(str(fout), err=True)
        click.echo(f"{len(resultaat.fouten)} fout(en) gevonden; er is niets geïmporteerd.",
                   err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(resultaat.samenvatting())
