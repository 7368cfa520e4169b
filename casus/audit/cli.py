"""``flask --app casus audit controleer``, ``audit verzegel`` and ``audit rechten``; and
the audit record of a command that imports or exports data (``cli_herkomst``, ``met_auditlog``)."""

from __future__ import annotations

import copy
import functools
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from casus.extensions import db

audit_cli = AppGroup("audit", help="Het verwerkingenlog (auditlog).")


@audit_cli.command("controleer")
@click.option(
    "--niet-verzegelen",
    is_flag=True,
    help="Alleen lezen: verzegel niet eerst (bijvoorbeeld op een kopie of een back-up).",
)
@click.option(
    "--anker",
    "ankerbestand",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Ankerbestand (of applicatielog) om de keten tegen te houden; standaard "
    "AUDIT_ANKER_BESTAND.",
)
def controleer(niet_verzegelen: bool, ankerbestand: Path | None) -> None:
    """Verzegel wat nog niet verzegeld is, controleer de hashketen van het hele log en
    houd haar tegen de ankers; exit 1 bij het eerste gebroken record."""
    from casus.audit.keten import controleer_keten
    from casus.audit.zegel import controleer_ankers, lees_ankers, onverzegeld, verzegel_en_veranker

    if not niet_verzegelen:
        verzegel_en_veranker()
    aantal, breuk = controleer_keten()
    if breuk is not None:
        click.echo(
            f"Auditlog GEBROKEN bij {breuk}. {aantal} records daarvoor zijn in orde.", err=True
        )
        sys.exit(1)
    pad = ankerbestand or _standaard_anker()
    ankers = []
    if pad is not None and pad.exists():
        try:
            ankers = lees_ankers(pad)
        except ValueError as fout:
            click.echo(f"Auditlog GEBROKEN: het ankerbestand is gewijzigd: {fout}.", err=True)
            sys.exit(1)
    elif ankerbestand is not None:
        raise click.ClickException(f"Het ankerbestand {ankerbestand} bestaat niet.")
    breuk = controleer_ankers(ankers, aantal)
    if breuk is not None:
        click.echo(f"Auditlog GEBROKEN bij {breuk}.", err=True)
        sys.exit(1)
    click.echo(f"Auditlog in orde: {aantal} records, de hashketen is onbeschadigd.")
    if ankers:
        click.echo(f"De keten bevat alle {len(ankers)} ankers uit {pad}.")
    else:
        click.echo(
            "Geen ankers gevonden: of er aan het eind records zijn verwijderd, blijkt "
            "pas met een ankerbestand (AUDIT_ANKER_BESTAND)."
        )
    if open_ := onverzegeld():
        click.echo(
            f"{open_} records zijn nog niet verzegeld: hun transactie werd vastgelegd na "
            "het verzegelen en ze komen bij de volgende keer aan de beurt."
        )


@audit_cli.command("verzegel")
def verzegel() -> None:
    """Verzegel de records die nog niet verzegeld zijn en schrijf het anker (voor cron)."""
    from casus.audit.zegel import verzegel_en_veranker

    aantal, anker = verzegel_en_veranker()
    if anker is None:
        click.echo("Het auditlog is leeg: er is niets te verzegelen.")
        return
    click.echo(
        f"{aantal} records verzegeld; de keten telt er {anker.volgnummer} "
        f"(anker {anker.hash[:12]}…)."
    )


def _standaard_anker() -> Path | None:
    from flask import current_app

    bestand = current_app.config.get("AUDIT_ANKER_BESTAND")
    return Path(bestand) if bestand else None


@audit_cli.command("rechten")
@click.option(
    "--rol",
    default=None,
    help="Databaserol van de applicatie: krijgt op het log alleen SELECT en INSERT.",
)
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
        raise click.ClickException(
            "Alleen voor PostgreSQL; SQLite kent geen rollen of "
            "triggers met foutmeldingen op deze manier."
        )
    with db.engine.begin() as conn:
        conn.exec_driver_sql(sql)
    click.echo("Trigger en rechten op audit_record ingesteld.")


def cli_herkomst() -> dict[str, str]:
    """Who on the command line: the record's user is "systeem", its details name the
    operating-system account (there is no client address)."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (e.g. in a container)
        account = "onbekend"
    return {"kanaal": "cli", "os_gebruiker": account[:80]}


def met_auditlog(
    groep: click.Group, naam: str, actie: str, details: Callable[[dict[str, Any]], dict[str, Any]]
) -> click.Group:
    """A copy of ``groep`` whose command ``naam`` writes one audit record ``actie`` after
    it succeeded, with ``details(options)``. For a command whose module does not log
    itself; the original objects are left alone (every app gets its own copy)."""
    commando = copy.copy(groep.commands[naam])
    uitvoeren = commando.callback
    assert uitvoeren is not None

    @functools.wraps(uitvoeren)
    def gelogd(**opties: Any) -> Any:
        from casus.audit import log_actie

        resultaat = uitvoeren(**opties)
        log_actie(actie, object_type=naam_van(groep), details={**cli_herkomst(), **details(opties)})
        db.session.commit()
        return resultaat

    commando.callback = gelogd
    kopie = copy.copy(groep)
    kopie.commands = {**groep.commands, naam: commando}
    return kopie


def naam_van(groep: click.Group) -> str:
    return str(groep.name or "cli")
