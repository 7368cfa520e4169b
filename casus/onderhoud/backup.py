"""Backups: SQLite's online backup API for the embedded default; pg_dump (custom
format) for PostgreSQL; and the documents' directory (``Schijfopslag``) copied next to
the database's copy. Restoring is documented in docs/beheer.md."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # runs pg_dump with a fixed argument list, no shell
from pathlib import Path
from typing import TYPE_CHECKING

from flask import has_app_context
from sqlalchemy.engine import Engine

from casus.errors import DomeinFout

if TYPE_CHECKING:
    from casus.voortgang import Melder

# SQLite pages copied per step of the online backup (4 KiB pages: 64 MiB a step); a
# write by another connection between steps makes SQLite start over, so the copy stays
# consistent
PAGINAS_PER_STAP = 16384


def documentenkopie(doel: Path) -> Path:
    """Where the documents' copy goes: next to the database's, ``<doel>.documenten``."""
    return doel.with_name(doel.name + ".documenten")


def maak_backup(engine: Engine, doel: Path, voortgang: Melder | None = None) -> str:
    """Write a consistent copy of the database to ``doel`` and, when the documents are
    kept on disk (``DOCUMENTEN_OPSLAG=schijf``), their files to ``<doel>.documenten``;
    returns a Dutch summary.

    ``voortgang`` hears the pages copied of SQLite's database (casus.voortgang); pg_dump
    tells nothing on the way. The files are copied after the database: every version in
    the copy of the database has its file in the copy of the directory (a file is
    stored before its version is committed, and never changed), unless retention
    removed it in between."""
    if doel.exists():
        raise DomeinFout(f"{doel} bestaat al; kies een nieuw bestand.")
    documentmap = _documentmap()
    if documentmap is not None and documentenkopie(doel).exists():
        raise DomeinFout(f"{documentenkopie(doel)} bestaat al; kies een nieuw bestand.")
    samenvatting = _database_backup(engine, doel, voortgang)
    if documentmap is not None:
        aantal = kopieer_documenten(documentmap, documentenkopie(doel))
        woord = "document" if aantal == 1 else "documenten"
        samenvatting += f" {aantal} {woord} gekopieerd naar {documentenkopie(doel)}."
    return samenvatting


def _documentmap() -> Path | None:
    """The directory of the documents when they are kept on disk and there is one."""
    if not has_app_context():
        return None
    from casus.documenten import instellingen

    if instellingen.opslagsoort() != "schijf":
        return None  # S3: the bucket's versioning and replication (docs/beheer.md)
    map_ = instellingen.documentmap()
    return map_ if map_.is_dir() else None


def kopieer_documenten(bron: Path, doel: Path) -> int:
    """Copy the stored files of the directory ``bron`` to the new directory ``doel``
    (the same layout, mode 0600; files being written are left out); how many."""
    from casus.documenten.opslag import Schijfopslag

    van, naar = Schijfopslag(bron), Schijfopslag(doel)
    doel.mkdir(mode=0o700, parents=True)
    aantal = 0
    for sleutel in van.sleutels():
        bestemming = naar.pad(sleutel)
        bestemming.parent.mkdir(mode=0o700, exist_ok=True)
        try:
            invoer = van.pad(sleutel).open("rb")
        except FileNotFoundError:  # removed since it was listed (retention)
            continue
        with (
            invoer,
            os.fdopen(
                os.open(bestemming, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb"
            ) as uitvoer,
        ):
            shutil.copyfileobj(invoer, uitvoer)
        aantal += 1
    return aantal


def _database_backup(engine: Engine, doel: Path, voortgang: Melder | None) -> str:
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
