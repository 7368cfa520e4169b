"""The benchmark databases: the demo at every scale and a copy topped up to ~1M events,
built once and reused while the schema and the code that writes the data are unchanged.

SQLite files live under the data directory (benchmarks/.data/), PostgreSQL databases are
named ``casus_bench_*``; next to each, ``<backend>-<db>.json`` describes how it was built
(its "merkteken"): a database is reused only when that description still matches.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import rapport_import
from benchmarks.meten import DATA, ROOT, SEED, log, maak_app, nu_iso, sluit, tellingen

STANDAARD_PG = "postgresql+psycopg://postgres@127.0.0.1:5432"

# the code that decides what the demo and the import write (derived rows included)
SCHRIJVERS = (
    "casus/casussen/projectie.py",
    "casus/casussen/logrijen.py",
    "casus/casussen/afgeleid.py",
    "casus/casussen/models.py",
    "casus/demo",
    "casus/importeren",
    "casus/migrations/versions",
)


@dataclass(frozen=True)
class Backend:
    naam: str  # "sqlite" or "postgresql"
    pg: str = STANDAARD_PG
    data: Path = DATA

    @staticmethod
    def _controleer(db: str) -> None:
        if not re.fullmatch(r"[a-z0-9_]+", db):
            raise ValueError(db)

    def pg_naam(self, db: str) -> str:
        self._controleer(db)
        return f"casus_bench_{db}"

    def bestand(self, db: str) -> Path:
        self._controleer(db)
        return self.data / f"{db}.sqlite"

    def url(self, db: str) -> str:
        if self.naam == "sqlite":
            return f"sqlite:///{self.bestand(db)}"
        return f"{self.pg}/{self.pg_naam(db)}"

    def _beheer(self, sql: str) -> list[Any]:
        from sqlalchemy import create_engine

        engine = create_engine(f"{self.pg}/postgres", isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                resultaat = conn.exec_driver_sql(sql)
                return list(resultaat) if resultaat.returns_rows else []
        finally:
            engine.dispose()

    def bestaat(self, db: str) -> bool:
        if self.naam == "sqlite":
            return self.bestand(db).exists()
        naam = self.pg_naam(db)
        sql = f"SELECT 1 FROM pg_database WHERE datname = '{naam}'"  # noqa: S608 - checked name
        return bool(self._beheer(sql))

    def verwijder(self, db: str) -> None:
        if self.naam == "sqlite":
            for achtervoegsel in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.bestand(db)}{achtervoegsel}").unlink(missing_ok=True)
        else:
            self._beheer(f"DROP DATABASE IF EXISTS {self.pg_naam(db)} WITH (FORCE)")

    def maak_leeg(self, db: str) -> None:
        self.verwijder(db)
        if self.naam == "postgresql":
            self._beheer(f"CREATE DATABASE {self.pg_naam(db)}")

    def kopieer(self, bron: str, doel: str) -> None:
        self.verwijder(doel)
        if self.naam == "sqlite":
            van = sqlite3.connect(self.bestand(bron))
            naar = sqlite3.connect(self.bestand(doel))
            try:
                van.backup(naar)
            finally:
                naar.close()
                van.close()
        else:
            self._beheer(f"CREATE DATABASE {self.pg_naam(doel)} TEMPLATE {self.pg_naam(bron)}")

    def merkteken(self, db: str) -> Path:
        """Where the description of how ``db`` was built is kept."""
        return self.data / f"{self.naam}-{db}.json"


def schema_versie() -> dict[str, Any]:
    """Migration heads, a fingerprint of the models (tables and indexes) and of the code
    that writes the data: a database built with other code (a new derived table, index
    or rule for a derived column) is rebuilt instead of reused."""
    from alembic.script import ScriptDirectory
    from sqlalchemy.dialects import sqlite as sqlite_dialect
    from sqlalchemy.schema import CreateIndex, CreateTable

    from casus import models  # noqa: F401 - registers every table
    from casus.extensions import db

    dialect = sqlite_dialect.dialect()
    tabellen = sorted(db.metadata.tables.values(), key=lambda t: t.name)
    ddl = "\n".join(
        [str(CreateTable(t).compile(dialect=dialect)) for t in tabellen]
        + [
            str(CreateIndex(i).compile(dialect=dialect))
            for t in tabellen
            for i in sorted(t.indexes, key=lambda i: i.name or "")
        ]
    )
    bronnen = hashlib.sha256()
    for pad in SCHRIJVERS:
        for bestand in (
            sorted((ROOT / pad).rglob("*.py")) if (ROOT / pad).is_dir() else [ROOT / pad]
        ):
            bronnen.update(bestand.read_bytes())
    return {
        "migraties": sorted(ScriptDirectory(str(ROOT / "casus" / "migrations")).get_heads()),
        "modellen": hashlib.sha256(ddl.encode()).hexdigest()[:16],
        "schrijvers": bronnen.hexdigest()[:16],
    }


def opruimen_postgresql(url: str) -> None:
    """VACUUM ANALYZE after a bulk load: the state autovacuum reaches on its own."""
    from sqlalchemy import create_engine

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE)")
    finally:
        engine.dispose()


def hergebruik(backend: Backend, db: str, parameters: dict[str, Any]) -> dict[str, Any] | None:
    """The stored description of ``db`` when it was built with ``parameters`` and still
    holds the events it had then; None when it has to be (re)built."""
    pad = backend.merkteken(db)
    if not pad.exists() or not backend.bestaat(db):
        return None
    merk = json.loads(pad.read_text())
    if merk.get("parameters") != parameters:
        return None
    app = maak_app(backend.url(db))
    try:
        if tellingen(app)["gebeurtenissen"] != merk["gebeurtenissen"]:
            return None
    finally:
        sluit(app)
    return dict(merk, hergebruikt=True)


def nog_geldig(backend: Backend, db: str, merk: dict[str, Any]) -> bool:
    """Whether a database in the stored results still exists as it was built then."""
    pad = backend.merkteken(db)
    return pad.exists() and json.loads(pad.read_text()).get("parameters") == merk.get("parameters")


def bewaar_merkteken(backend: Backend, db: str, merk: dict[str, Any]) -> dict[str, Any]:
    backend.merkteken(db).write_text(json.dumps(merk, indent=1))
    return dict(merk, hergebruikt=False)


def _tel(backend: Backend, db: str) -> dict[str, int]:
    url = backend.url(db)
    if backend.naam == "postgresql":
        opruimen_postgresql(url)
    app = maak_app(url)
    try:
        return tellingen(app)
    finally:
        sluit(app)


def demo_database(
    backend: Backend, schaal: int, opnieuw: bool, schema: dict[str, Any]
) -> dict[str, Any]:
    """``flask --app casus demo --schaal <schaal>`` into database ``n<schaal>``."""
    db = f"n{schaal}"
    parameters = {"soort": "demo", "schaal": schaal, "seed": SEED, **schema}
    if not opnieuw and (merk := hergebruik(backend, db, parameters)):
        log(f"{backend.naam}: {db} hergebruikt ({merk['gebeurtenissen']:,} gebeurtenissen)")
        return merk
    log(f"{backend.naam}: {db} bouwen (demo --schaal {schaal})")
    backend.maak_leeg(db)
    url = backend.url(db)
    duur, uit = rapport_import.flask(
        url, "demo", "--schaal", str(schaal), "--seed", str(SEED), "--niet-starten", "--opnieuw"
    )
    telling = _tel(backend, db)
    regel = next((r for r in uit.splitlines() if r.startswith("Demogegevens")), "")
    log(f"{backend.naam}: {db} gebouwd in {duur:.0f} s: {regel}")
    return bewaar_merkteken(
        backend,
        db,
        {
            "db": db,
            "parameters": parameters,
            "gebouwd": nu_iso(),
            "bouwtijd_s": duur,
            "opdracht": f"DATABASE_URL={url} flask --app casus demo --schaal {schaal} "
            "--niet-starten --opnieuw",
            "uitvoer": regel,
            **telling,
        },
    )


def grote_database(
    backend: Backend, basis: dict[str, Any], events: int, opnieuw: bool, schema: dict[str, Any]
) -> dict[str, Any]:
    """A copy of the demo database ``basis``, topped up to ``events`` events (or ``basis``
    itself when it already holds that many)."""
    if basis["gebeurtenissen"] >= events:
        return basis
    db = f"{basis['db']}_{events // 1000}k"
    parameters = {"soort": "aangevuld", "basis": basis["parameters"], "events": events, **schema}
    if not opnieuw and (merk := hergebruik(backend, db, parameters)):
        log(f"{backend.naam}: {db} hergebruikt ({merk['gebeurtenissen']:,} gebeurtenissen)")
        return merk
    log(f"{backend.naam}: {db} bouwen: kopie van {basis['db']}, aanvullen tot {events:,}")
    begin = time.perf_counter()
    backend.kopieer(basis["db"], db)
    url = backend.url(db)
    app = maak_app(url)
    try:
        with tempfile.TemporaryDirectory(prefix="aanvullen-", dir=backend.data) as tmp:
            rapport_import.aanvullen(app, url, events, Path(tmp))
    finally:
        sluit(app)
    telling = _tel(backend, db)
    duur = time.perf_counter() - begin
    log(
        f"{backend.naam}: {db} gebouwd in {duur:.0f} s ({telling['gebeurtenissen']:,} "
        "gebeurtenissen)"
    )
    return bewaar_merkteken(
        backend,
        db,
        {
            "db": db,
            "parameters": parameters,
            "gebouwd": nu_iso(),
            "bouwtijd_s": duur,
            "opdracht": f"copy of {basis['db']} + CLI import of generated cases "
            "(rapport_import.aanvullen)",
            **telling,
        },
    )
