"""Backups: SQLite's online backup API for the embedded default; pg_dump (custom
format) for PostgreSQL. Restoring is documented in docs/beheer.md."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess  # runs pg_dump with a fixed argument list, no shell
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from casus.errors import DomeinFout

if TYPE_CHECKING:
    from casus.voortgang import Melder

# SQLite pages copied per step of the online backup (4 KiB pages: 64 MiB a step); a
# write by another connection between steps makes SQLite start over, so the copy stays
# consistent
PAGINAS_PER_STAP = 16384


def maak_backup(engine: Engine, doel: Path, voortgang: Melder | None = None) -> str:
    """Write a consistent copy of the database to ``doel``; returns a Dutch summary.

    ``voortgang`` hears the pages copied of SQLite's database (casus.voortgang); pg_dump
    tells nothing on the way."""
    if doel.exists():
        raise DomeinFout(f"{doel} bestaat al; kies een nieuw bestand.")
    url = engine.url
    if url.get_backend_name() == "sqlite":
        bron = url.database
        if not bron or bron == ":memory:":
            raise DomeinFout("Een database in het geheugen kan niet worden geback-upt.")
        with sqlite3.connect(bron) as van, sqlite3.connect(doel) as naar:
            # consistent even while the application writes
            van.backup(
                naar,
                pages=PAGINAS_PER_STAP,
                progress=None
                if voortgang is None
                else lambda _status, over, totaal: voortgang(totaal - over, totaal),
            )
        naar.close()
        return f"SQLite-backup geschreven naar {doel}."
    if url.get_backend_name() == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise DomeinFout("pg_dump is niet gevonden; installeer de PostgreSQL-client.")
        libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
        resultaat = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [pg_dump, "--format=custom", "--no-owner", f"--file={doel}", f"--dbname={libpq}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if resultaat.returncode != 0:
            raise DomeinFout(f"pg_dump is mislukt: {resultaat.stderr.strip()}")
        return f"PostgreSQL-backup (custom format) geschreven naar {doel}."
    raise DomeinFout(f"Backups van {url.get_backend_name()} worden niet ondersteund.")
