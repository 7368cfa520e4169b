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

    if db.engine.dialect.name == "sqlite":
        db.session.execute(text(f"PRAGMA cache_size = -{SQLITE_CACHE_MB * 1024}"))
    with open(bestand, encoding="utf-8") as f:
        resultaat = importeer(f, methode=methode, actor=IMPORT)
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
    click.echo(resultaat.samenvatting())
