"""Backups: SQLite's online backup API for the embedded default; pg_dump (custom
format) for PostgreSQL. Restoring is documented in docs/beheer.md."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess  # runs pg_dump with a fixed argument list, no shell
from pathlib import Path

from sqlalchemy.engine import Engine

from casus.errors import DomeinFout


def maak_backup(engine: Engine, doel: Path) -> str:
    """Write a consistent copy of the database to ``doel``; returns a Dutch summary."""
    if doel.exists():
        raise DomeinFout(f"{doel} bestaat al; kies een nieuw bestand.")
    url = engine.url
    if url.get_backend_name() == "sqlite":
        bron = url.database
        if not bron or bron == ":memory:":
            raise DomeinFout("Een database in het geheugen kan niet worden geback-upt.")
        with sqlite3.connect(bron) as van, sqlite3.connect(doel) as naar:
            van.backup(naar)  # consistent even while the application writes
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
