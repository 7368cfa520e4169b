"""``flask --app casus worker`` and ``flask --app casus taken lijst|opnieuw ID``."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import AppGroup

from casus.errors import DomeinFout
from casus.extensions import db

taken_cli = AppGroup("taken", help="Achtergrondtaken bekijken en opnieuw proberen.")


@click.command("worker")
@click.option(
    "--werkers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 32),
    help="Aantal taken dat tegelijk kan lopen (threads).",
)
def worker(werkers: int) -> None:
    """Start de worker: voert de achtergrondtaken uit en plant de periodieke taken.
    Stoppen met Ctrl+C of SIGTERM: lopende taken worden eerst afgemaakt."""
    from casus.taken.wachtrij import GEHEUGEN, wachtrij

    if str(current_app.config.get("TAKEN_OPSLAG") or "") == GEHEUGEN:
        raise click.ClickException(
            "TAKEN_OPSLAG=geheugen is alleen voor de tests: de app en de worker zien dan "
            "elk hun eigen wachtrij. Laat TAKEN_OPSLAG leeg of kies een Redis-server."
        )
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("huey").setLevel(logging.INFO)
    rij = wachtrij()
    opslag = rij.opslag or "SQLite-bestand in de instance-map"
    click.echo(f"Worker gestart met {werkers} werker(s); wachtrij: {_zonder_wachtwoord(opslag)}.")
    click.echo("Stoppen: Ctrl+C (lopende taken worden eerst afgemaakt).")
    rij.consumer(werkers).run()
    click.echo("Worker gestopt.")


def _zonder_wachtwoord(opslag: str) -> str:
    from sqlalchemy.engine import make_url

    if opslag.startswith(("redis://", "rediss://")):
        try:
            return make_url(opslag).render_as_string(hide_password=True)
        except Exception:
            return opslag.split("@")[-1]
    return opslag


@taken_cli.command("lijst")
@click.option("--aantal", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--mislukt", "alleen_mislukt", is_flag=True, help="Alleen mislukte taken.")
def lijst(aantal: int, alleen_mislukt: bool) -> None:
    """Toon de laatste taken met hun status (en fout)."""
    from casus.taken import MISLUKT, STATUSSEN
    from casus.taken.models import Taak
    from casus.taken.services import recente_taken, soortlabel
    from casus.templating import datum

    query = recente_taken().limit(aantal)
    if alleen_mislukt:
        query = query.where(Taak.status == MISLUKT)
    taken = db.session.scalars(query).all()
    if not taken:
        click.echo("Geen taken.")
        return
    for t in taken:
        click.echo(
            f"{t.id:>6}  {STATUSSEN[t.status]:<18} {soortlabel(t.soort)} "
            f"(gepland {datum(t.aangemaakt_op)}, {t.pogingen} poging(en))"
        )
        if t.status == MISLUKT and t.laatste_fout:
            click.echo(f"        Fout: {t.laatste_fout}")
        elif t.uitkomst:
            click.echo(f"        {t.uitkomst}")


@taken_cli.command("opnieuw")
@click.argument("taak_id", type=click.IntRange(1))
def opnieuw(taak_id: int) -> None:
    """Probeer een mislukte taak opnieuw (de worker voert haar uit)."""
    from casus.audit.cli import cli_herkomst
    from casus.taken.services import probeer_opnieuw
    from casus.toegang.actor import CLI

    try:
        probeer_opnieuw(taak_id, door=CLI, herkomst=cli_herkomst())
    except DomeinFout as fout:
        db.session.rollback()
        raise click.ClickException(fout.bericht) from None
    db.session.commit()
    click.echo(f"Taak {taak_id} staat weer klaar voor de worker.")
