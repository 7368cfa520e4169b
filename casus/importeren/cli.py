"""``flask --app casus import FILE``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import suppress
from functools import wraps
from typing import Any

import click
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from casus.db import werk_statistieken_bij
from casus.extensions import db

# SQLite page cache of the import's connection: one transaction writes hundreds of MB,
# and with the default 2 MB its pages spill to the WAL again and again
SQLITE_CACHE_MB = 256


def _bij_storing(opdracht: Callable[..., None]) -> Callable[..., None]:
    """A database that goes away mid-import ends the command with a Dutch message and
    exit code 1, not a traceback; the transaction is rolled back, nothing is half-written."""

    @wraps(opdracht)
    def uitvoeren(*args: Any, **kwargs: Any) -> None:
        try:
            opdracht(*args, **kwargs)
        except Exception as fout:
            # through SQLAlchemy, or straight from the driver (the bulk path's COPY)
            if not isinstance(
                fout, (OperationalError, db.engine.dialect.loaded_dbapi.OperationalError)
            ):
                raise
            with suppress(Exception):  # the connection is gone; the pool replaces it
                db.session.rollback()
            oorzaak = str(getattr(fout, "orig", None) or fout).strip().splitlines() or [
                "oorzaak onbekend"
            ]
            click.echo(
                f"De verbinding met de database is weggevallen ({oorzaak[0]}). De "
                "import is afgebroken; er is niets geïmporteerd. Draai de import "
                "opnieuw: casussen en signalen die al bestaan worden overgeslagen.",
                err=True,
            )
            sys.exit(1)

    return uitvoeren


def _aantal_regels(bestand: str) -> int:
    """The file's lines, counted without decoding them (for the progress's total)."""
    aantal = 0
    laatste = b"\n"
    with open(bestand, "rb") as f:
        while blok := f.read(1 << 20):
            aantal += blok.count(b"\n")
            laatste = blok[-1:]
    return aantal + (laatste != b"\n")


@click.command("import")
@click.argument("bestand", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--methode",
    type=click.Choice(["auto", "services", "bulk"]),
    default="auto",
    show_default=True,
    help="Schrijfwijze; auto kiest bulk voor grote bestanden.",
)
@_bij_storing
def importeer_cmd(bestand: str, methode: str) -> None:
    """Importeer casussen en signalen uit een JSON Lines-bestand (alles of niets)."""
    from casus.audit import log_actie
    from casus.audit.cli import cli_herkomst
    from casus.importeren.services import importeer
    from casus.toegang.actor import IMPORT
    from casus.voortgang import Voortgang

    if db.engine.dialect.name == "sqlite":
        db.session.execute(text(f"PRAGMA cache_size = -{SQLITE_CACHE_MB * 1024}"))
    # progress on stderr: reading and checking the lines, then writing the new cases
    with (
        open(bestand, encoding="utf-8") as f,
        Voortgang("Importeren", _aantal_regels(bestand), "regels") as regels,
    ):
        resultaat = importeer(
            regels.over(f),
            methode=methode,
            actor=IMPORT,
            voortgang=regels.melder("Wegschrijven", "casussen"),
        )
    if resultaat.fouten:
        db.session.rollback()
        # the refusal is logged too (counts only: the errors quote the file's content)
        log_actie(
            "import.uitgevoerd",
            object_type="import",
            uitkomst="geweigerd",
            details={**cli_herkomst(), "fouten": len(resultaat.fouten)},
        )
        db.session.commit()
        for fout in resultaat.fouten:
            click.echo(str(fout), err=True)
        click.echo(
            f"{len(resultaat.fouten)} fout(en) gevonden; er is niets geïmporteerd.", err=True
        )
        sys.exit(1)
    log_actie(
        "import.uitgevoerd",
        object_type="import",
        details={
            **cli_herkomst(),
            "casussen": resultaat.casussen,
            "signalen": resultaat.signalen,
            "personen": resultaat.personen,
            "overgeslagen": resultaat.overgeslagen,
        },
    )
    db.session.commit()
    werk_statistieken_bij()
    click.echo(resultaat.samenvatting())
