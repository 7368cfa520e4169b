"""``flask --app casus audit controleer`` and ``audit rechten``."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from casus.extensions import db

audit_cli = AppGroup("audit", help="Het verwerkingenlog (auditlog).")


@audit_cli.command("controleer")
def controleer() -> None:
    """Controleer de hashketen van het hele log; exit 1 bij het eerste gebroken record."""
    from casus.audit.keten import controleer_keten

    aantal, breuk = controleer_keten()
    if breuk is not None:
        click.echo(f"Auditlog GEBROKEN bij {breuk}. {aantal} records daarvoor zijn in orde.",
                   err=True)
        sys.exit(1)
    click.echo(f"Auditlog in orde: {aantal} records, de hashketen is onbeschadigd.")


@audit_cli.command("rechten")
@click.option("--rol", default=None,
              help="Databaserol van de applicatie: krijgt op het log alleen SELECT en INSERT.")
@click.option("--uitvoeren", is_flag=True, help="Voer de SQL uit (anders alleen tonen).")
def rechten(rol: str | None, uitvoeren: bool) -> None:
    """PostgreSQL: trigger die UPDATE en DELETE op het log weigert, en de grants."""
    from casus.audit.rechten import rechten_sql

    try:
        sql = rechten_sql(rol)
    except ValueError as fout:
        raise click.ClickException(str(fout)) from None
    if not uitvoeren:
        click.echo(sql)
        return
    if db.engine.dialect.name != "postgresql":
        raise click.ClickException("Alleen voor PostgreSQL; SQLite kent geen rollen of "
                                   "triggers met foutmeldingen op deze manier.")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(sql)
    click.echo("Trigger en rechten op audit_record ingesteld.")
