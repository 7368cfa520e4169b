"""Benchmark harness of issue 9 (Prestaties): one run on SQLite and PostgreSQL.

    python benchmarks/run.py                                  # everything, both databases
    python benchmarks/run.py --alleen sqlite --snel           # a quick smoke run
    python benchmarks/run.py --alleen postgresql --onderdelen paginas,gunicorn

Builds (or reuses, when built with the same parameters and schema) the demo databases
``flask --app casus demo --schaal N --niet-starten --opnieuw`` for every N of
``--schalen`` (SQLite files under benchmarks/.data/, PostgreSQL databases
``casus_bench_*``), tops a copy of the largest one up to ``--events`` events with the
generator and CLI import of ``benchmarks/rapport_import.py``, and measures:

1. the half-year report (``rapport(2025-H1)``) against a hand-written baseline query
   that counts only ``totaal`` per aanpak (median and p95 after one warm-up; the
   baseline's totals are checked against the report's);
2. server time of the Mijn casussen, Werkvoorraad (first and a deep keyset page), Casus
   and Persoon pages through the Flask test client, at every scale;
3. SQL statements per page (a ``before_cursor_execute`` listener), side by side;
4. the CLI import of 100,000 generated cases into an empty database;
5. requests per second under gunicorn with 2 workers (Werkvoorraad, Casus, a static
   file), with a bounded threaded http.client load generator on 127.0.0.1;
6. memory added by computing the report (tracemalloc peak and RSS), in a fresh process;

plus, on PostgreSQL, EXPLAIN (ANALYZE, BUFFERS) of the slowest statements of the
Werkvoorraad page and of the report, and the indexes of the tables involved.

Every measured part is stored in benchmarks/.data/resultaten.json, so the script can
be run piecewise (``--alleen``, ``--schalen``, ``--onderdelen``); benchmarks/RESULTS.md
is rewritten from everything stored (between its generated-section markers) each time.
Only databases named ``casus_bench_*`` and files under benchmarks/.data/ are written.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import html
import http.client
import json
import math
import os
import platform
import re
import shlex
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import TYPE_CHECKING, Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / ".data"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import rapport_import  # noqa: E402 - benchmarks/ is on the path now

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy.engine import Engine

PERIODE = "2025-H1"
SEED = 2025  # the demo's default seed
GEBRUIKER = "regisseur"  # demo regisseur of pga_jeugd and ipta (casus/demo)
WERKVOORRAAD = "pga_jeugd"
DIEP = 20  # keyset hops from the first Werkvoorraad page to the "deep" page
IMPORT_AANTAL = 100_000
SLEUTEL = "benchmark-secret-key-not-for-production"  # noqa: S105 - local benchmark only
STANDAARD_PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
ONDERDELEN = ("rapport", "paginas", "import", "gunicorn", "geheugen", "explain")
DATA_STATEMENTS = {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}
AFSLUITSTATUSSEN = ("succesvol_afgesloten", "niet_succesvol_afgesloten", "overgedragen")
NIET_STATUS = ("corrigeren", "toewijzen", "aanhouden")  # events that are not status moves

# The baseline: only ``totaal`` per aanpak, written by hand. totaal = cases whose
# (non-voided) triageren event is dated on or before tem, without a non-voided move into
# a terminal status dated before van. A voided event is one whose id is another row's
# vervalt_id. The aanpak is that of the triageren event (omzetten only happens before).
BASISLIJN_SQL = f"""
SELECT t.aanpak, COUNT(DISTINCT t.casus_id) AS totaal
FROM gebeurtenis t
WHERE t.transitie = 'triageren'
  AND t.datum <= :tem
  AND NOT EXISTS (SELECT 1 FROM gebeurtenis v WHERE v.vervalt_id = t.id)
  AND NOT EXISTS (
      SELECT 1 FROM gebeurtenis a
      WHERE a.casus_id = t.casus_id
        AND a.naar_status IN ({", ".join(f"'{s}'" for s in AFSLUITSTATUSSEN)})
        AND a.transitie NOT IN ({", ".join(f"'{s}'" for s in NIET_STATUS)})
        AND a.datum < :van
        AND NOT EXISTS (SELECT 1 FROM gebeurtenis v2 WHERE v2.vervalt_id = a.id))
GROUP BY t.aanpak
"""  # noqa: S608 - fixed status codes, dates are bound parameters


def log(tekst: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {tekst}", flush=True)


def nu_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def stempel(snel: bool) -> dict[str, Any]:
    """When a part was measured, with --snel or not, and the 1-minute load average then."""
    return {"gemeten": nu_iso(), "snel": snel, "load": os.getloadavg()[0]}


def p95(waarden: list[float]) -> float:
    """Nearest-rank 95th percentile (of 5 samples: the largest)."""
    gesorteerd = sorted(waarden)
    return gesorteerd[max(0, math.ceil(0.95 * len(gesorteerd)) - 1)]


def samenvatting(ms: list[float]) -> dict[str, Any]:
    return {"n": len(ms), "mediaan": statistics.median(ms), "p95": p95(ms),
            "min": min(ms), "max": max(ms)}


# -- databases --------------------------------------------------------------------------


@dataclass(frozen=True)
class Backend:
    naam: str  # "sqlite" or "postgresql"
    pg: str = STANDAARD_PG

    @staticmethod
    def _controleer(db: str) -> None:
        if not re.fullmatch(r"[a-z0-9_]+", db):
            raise ValueError(db)

    def pg_naam(self, db: str) -> str:
        self._controleer(db)
        return f"casus_bench_{db}"

    def bestand(self, db: str) -> Path:
        self._controleer(db)
        return DATA / f"{db}.sqlite"

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


def maak_app(url: str, **extra: Any) -> Flask:
    """The application as in development, with MFA off (as the demo config has it)."""
    from casus import create_app
    from config import DevelopmentConfig

    return create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=SLEUTEL,
                      MFA_VERPLICHT=False, **extra)


def sluit(app: Flask) -> None:
    from casus.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def tellingen(app: Flask) -> dict[str, int]:
    from sqlalchemy import func, select

    from casus.casussen.models import Casus, Gebeurtenis
    from casus.extensions import db

    with app.app_context():
        uit = {"casussen": db.session.scalar(select(func.count()).select_from(Casus)) or 0,
               "gebeurtenissen": db.session.scalar(
                   select(func.count()).select_from(Gebeurtenis)) or 0}
        db.session.rollback()
    return uit


# the code that decides what the demo and the import write (derived rows included)
SCHRIJVERS = ("casus/casussen/projectie.py", "casus/casussen/logrijen.py",
              "casus/casussen/afgeleid.py", "casus/casussen/models.py", "casus/demo",
              "casus/importeren", "casus/migrations/versions")


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
        + [str(CreateIndex(i).compile(dialect=dialect)) for t in tabellen
           for i in sorted(t.indexes, key=lambda i: i.name or "")])
    bronnen = hashlib.sha256()
    for pad in SCHRIJVERS:
        for bestand in sorted((ROOT / pad).rglob("*.py")) if (ROOT / pad).is_dir() \
                else [ROOT / pad]:
            bronnen.update(bestand.read_bytes())
    return {"migraties": sorted(ScriptDirectory(str(ROOT / "casus" / "migrations")).get_heads()),
            "modellen": hashlib.sha256(ddl.encode()).hexdigest()[:16],
            "schrijvers": bronnen.hexdigest()[:16]}


def opruimen_postgresql(url: str) -> None:
    """VACUUM ANALYZE after a bulk load: the state autovacuum reaches on its own."""
    from sqlalchemy import create_engine

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE)")
    finally:
        engine.dispose()


def _merkteken(backend: Backend, db: str) -> Path:
    return DATA / f"{backend.naam}-{db}.json"


def hergebruik(backend: Backend, db: str, parameters: dict[str, Any]) -> dict[str, Any] | None:
    """The stored description of ``db`` when it was built with ``parameters`` and still
    holds the events it had then; None when it has to be (re)built."""
    pad = _merkteken(backend, db)
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


def bewaar_merkteken(backend: Backend, db: str, merk: dict[str, Any]) -> dict[str, Any]:
    _merkteken(backend, db).write_text(json.dumps(merk, indent=1))
    return dict(merk, hergebruikt=False)


def demo_database(backend: Backend, schaal: int, opnieuw: bool,
                  schema: dict[str, Any]) -> dict[str, Any]:
    db = f"n{schaal}"
    parameters = {"soort": "demo", "schaal": schaal, "seed": SEED, **schema}
    if not opnieuw and (merk := hergebruik(backend, db, parameters)):
        log(f"{backend.naam}: {db} hergebruikt ({merk['gebeurtenissen']:,} gebeurtenissen)")
        return merk
    log(f"{backend.naam}: {db} bouwen (demo --schaal {schaal})")
    backend.maak_leeg(db)
    url = backend.url(db)
    duur, uit = rapport_import.flask(url, "demo", "--schaal", str(schaal), "--seed", str(SEED),
                                     "--niet-starten", "--opnieuw")
    if backend.naam == "postgresql":
        opruimen_postgresql(url)
    app = maak_app(url)
    try:
        telling = tellingen(app)
    finally:
        sluit(app)
    regel = next((r for r in uit.splitlines() if r.startswith("Demogegevens")), "")
    log(f"{backend.naam}: {db} gebouwd in {duur:.0f} s: {regel}")
    return bewaar_merkteken(backend, db, {
        "db": db, "parameters": parameters, "gebouwd": nu_iso(), "bouwtijd_s": duur,
        "opdracht": f"DATABASE_URL={url} flask --app casus demo --schaal {schaal} "
                    "--niet-starten --opnieuw", "uitvoer": regel, **telling})


def grote_database(backend: Backend, basis: dict[str, Any], events: int, opnieuw: bool,
                   schema: dict[str, Any]) -> dict[str, Any]:
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
    tmp = Path(tempfile.mkdtemp(prefix="aanvullen-", dir=DATA))
    try:
        rapport_import.aanvullen(app, url, events, tmp)
    finally:
        sluit(app)
        for bestand in tmp.iterdir():
            bestand.unlink()
        tmp.rmdir()
    if backend.naam == "postgresql":
        opruimen_postgresql(url)
    app = maak_app(url)
    try:
        telling = tellingen(app)
    finally:
        sluit(app)
    duur = time.perf_counter() - begin
    log(f"{backend.naam}: {db} gebouwd in {duur:.0f} s ({telling['gebeurtenissen']:,} "
        "gebeurtenissen)")
    return bewaar_merkteken(backend, db, {
        "db": db, "parameters": parameters, "gebouwd": nu_iso(), "bouwtijd_s": duur,
        "opdracht": f"copy of {basis['db']} + CLI import of generated cases "
                    "(rapport_import.aanvullen)", **telling})


# -- statements --------------------------------------------------------------------------


class Statements:
    """Counts the data statements an engine executes (``before_cursor_execute``) and, with
    ``bewaar``, keeps each with its parameters and duration."""

    def __init__(self, engine: Engine, bewaar: bool = False) -> None:
        self.engine, self.bewaar = engine, bewaar
        self.aantal = 0
        self.lijst: list[tuple[float, str, Any]] = []
        self._begin: list[float] = []

    def _voor(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
              executemany: bool) -> None:
        if statement.split(None, 1)[0].upper() in DATA_STATEMENTS:
            self.aantal += 1
        self._begin.append(time.perf_counter())

    def _na(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
            executemany: bool) -> None:
        duur = time.perf_counter() - self._begin.pop()
        if self.bewaar and not executemany:
            self.lijst.append((duur, statement, parameters))

    def __enter__(self) -> Statements:
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self._voor)
        event.listen(self.engine, "after_cursor_execute", self._na)
        return self

    def __exit__(self, *exc: object) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._voor)
        event.remove(self.engine, "after_cursor_execute", self._na)


def traagste(lijst: list[tuple[float, str, Any]], aantal: int) -> list[dict[str, Any]]:
    selects = [s for s in lijst if s[1].split(None, 1)[0].upper() in {"SELECT", "WITH"}]
    return [{"ms": d * 1000, "sql": s, "parameters": p}
            for d, s, p in sorted(selects, key=lambda s: -s[0])[:aantal]]


# -- 1. the report -------------------------------------------------------------------------


def basislijn(van: date, tem: date) -> dict[str, int]:
    from sqlalchemy import Date, bindparam, text

    from casus.extensions import db

    stmt = text(BASISLIJN_SQL).bindparams(bindparam("van", van, type_=Date),
                                          bindparam("tem", tem, type_=Date))
    return {aanpak: int(n) for aanpak, n in db.session.execute(stmt)}


def meet_rapport(app: Flask, herhalingen: int, snel: bool) -> dict[str, Any]:
    from casus.extensions import db
    from casus.rapportage.periode import uit_label
    from casus.rapportage.services import rapport

    periode = uit_label(PERIODE)
    uit: dict[str, Any] = {**stempel(snel), **tellingen(app)}
    with app.app_context():
        with Statements(db.engine, bewaar=True) as st:  # the warm-up, with its statements
            begin = time.perf_counter()
            cijfers = rapport(periode)
            uit["opwarmen_ms"] = (time.perf_counter() - begin) * 1000
        db.session.rollback()
        uit["statements"] = st.aantal
        uit["traagste"] = traagste(st.lijst, 2)
        uit["tabellen"] = sorted({t for _, s, _ in st.lijst
                                  for t in re.findall(r"\b(?:FROM|JOIN)\s+([a-z_]+)\b", s)})
        totalen_basis = basislijn(periode.van, periode.tot_en_met)
        db.session.rollback()
        app_ms, basis_ms = [], []
        for _ in range(herhalingen):  # interleaved, so background load hits both alike
            begin = time.perf_counter()
            rapport(periode)
            app_ms.append((time.perf_counter() - begin) * 1000)
            db.session.rollback()
            begin = time.perf_counter()
            basislijn(periode.van, periode.tot_en_met)
            basis_ms.append((time.perf_counter() - begin) * 1000)
            db.session.rollback()
    totalen_app = {code: c["totaal"] for code, c in cijfers["aanpakken"].items()}
    uit.update(app=samenvatting(app_ms), basis=samenvatting(basis_ms),
               totaal_app=totalen_app,
               totaal_basis={code: totalen_basis.get(code, 0) for code in totalen_app},
               basis_extra={k: v for k, v in totalen_basis.items() if k not in totalen_app})
    uit["gelijk"] = uit["totaal_app"] == uit["totaal_basis"] and not uit["basis_extra"]
    uit["ratio"] = uit["app"]["mediaan"] / uit["basis"]["mediaan"]
    return uit


# -- 2./3. pages through the test client ----------------------------------------------------


def kies_casus(app: Flask, ref: str | None) -> dict[str, Any]:
    """The demo user's visible case with the longest history (events + notes), or the
    case ``ref`` (copy 0 of the demo is the same at every scale)."""
    from sqlalchemy import func, select

    from casus.auth.models import Gebruiker
    from casus.casussen.models import Casus, Gebeurtenis, Notitie
    from casus.extensions import db
    from workflows.base import OPEN_STATUSSEN

    with app.app_context():
        gebruiker = db.session.scalar(select(Gebruiker).where(
            Gebruiker.gebruikersnaam == GEBRUIKER))
        if gebruiker is None:
            raise SystemExit(f"demogebruiker {GEBRUIKER!r} ontbreekt")
        aanpakken = sorted(gebruiker.aanpakken())
        ev = (select(Gebeurtenis.casus_id, func.count().label("n"))
              .group_by(Gebeurtenis.casus_id).subquery())
        nt = (select(Notitie.casus_id, func.count().label("n"))
              .group_by(Notitie.casus_id).subquery())
        lengte = func.coalesce(ev.c.n, 0) + func.coalesce(nt.c.n, 0)
        stmt = (select(Casus.id, Casus.ref, Casus.persoon_id, Casus.aanpak,
                       func.coalesce(ev.c.n, 0), func.coalesce(nt.c.n, 0))
                .outerjoin(ev, ev.c.casus_id == Casus.id).outerjoin(nt, nt.c.casus_id == Casus.id)
                .where(Casus.aanpak.in_(aanpakken), Casus.persoon_id.is_not(None)))
        rij = db.session.execute(stmt.where(Casus.ref == ref)).first() if ref else None
        if rij is None:
            rij = db.session.execute(stmt.order_by(lengte.desc(), Casus.id).limit(1)).one()
        persoon_casussen = db.session.scalar(
            select(func.count()).select_from(Casus).where(Casus.persoon_id == rij[2]))
        open_werkvoorraad = db.session.scalar(select(func.count()).select_from(Casus).where(
            Casus.aanpak == WERKVOORRAAD, Casus.status.in_(OPEN_STATUSSEN)))
        db.session.rollback()
    return {"id": rij[0], "ref": rij[1], "persoon_id": rij[2], "aanpak": rij[3],
            "gebeurtenissen": rij[4], "notities": rij[5], "persoon_casussen": persoon_casussen,
            "open_werkvoorraad": open_werkvoorraad}


def volgende_link(tekst: str) -> str | None:
    m = re.search(r'<a href="([^"]+)" rel="next">', tekst)
    return html.unescape(m.group(1)) if m else None


def paginas_van(client: Any, casus: dict[str, Any]) -> tuple[dict[str, str], int]:
    """The page URLs: the deep Werkvoorraad page is reached by following the keyset link."""
    eerste = f"/werkvoorraad/{WERKVOORRAAD}"
    url, pagina = eerste, 1
    for _ in range(DIEP):
        antwoord = client.get(url)
        volgende = volgende_link(antwoord.get_data(as_text=True))
        if volgende is None:
            break
        url, pagina = volgende, pagina + 1
    return {
        "Mijn casussen": "/",
        "Werkvoorraad, first page": eerste,
        "Werkvoorraad, deep page (keyset)": url,
        "Casus": f"/casus/{casus['id']}",
        "Persoon": f"/persoon/{casus['persoon_id']}",
    }, pagina


def log_in_test_client(app: Flask) -> Any:
    from casus.demo import DEMO_WACHTWOORD

    client = app.test_client()
    antwoord = client.post("/inloggen", data={"gebruikersnaam": GEBRUIKER,
                                              "wachtwoord": DEMO_WACHTWOORD})
    if antwoord.status_code != 302:
        raise SystemExit(f"inloggen als {GEBRUIKER} mislukt ({antwoord.status_code})")
    return client


def meet_paginas(apps: dict[int, Flask], herhalingen: int, snel: bool,
                 explain: bool) -> dict[str, Any]:
    """Pages at every scale, interleaved (round robin over scales and pages), so a burst
    of background load does not land on one scale only."""
    from casus.extensions import db

    uit: dict[str, Any] = {}
    opzet = []
    ref = None
    for schaal, app in sorted(apps.items()):
        casus = kies_casus(app, ref)
        ref = casus["ref"]
        client = log_in_test_client(app)
        urls, diepte = paginas_van(client, casus)
        with app.app_context():
            engine = db.engine
        for url in urls.values():  # warm-up, excluded
            if (status := client.get(url).status_code) != 200:
                raise SystemExit(f"{url} gaf {status} (schaal {schaal})")
        opzet.append((schaal, client, urls, engine))
        uit[str(schaal)] = {**stempel(snel), "casus": casus,
                            "diepe_pagina": diepte, "urls": urls,
                            "tijden": {p: [] for p in urls}, "cpu": {p: [] for p in urls},
                            "statements": {p: [] for p in urls}}
    for _ in range(herhalingen):
        for schaal, client, urls, engine in opzet:
            for naam, url in urls.items():
                with Statements(engine) as st:
                    cpu, begin = time.thread_time(), time.perf_counter()
                    antwoord = client.get(url)
                    duur = (time.perf_counter() - begin) * 1000
                    cpu = (time.thread_time() - cpu) * 1000
                if antwoord.status_code != 200:
                    raise SystemExit(f"{url} gaf {antwoord.status_code} (schaal {schaal})")
                uit[str(schaal)]["tijden"][naam].append(duur)
                uit[str(schaal)]["cpu"][naam].append(cpu)
                uit[str(schaal)]["statements"][naam].append(st.aantal)
    for schaal, _, urls, _ in opzet:
        per = uit[str(schaal)]
        per["paginas"] = {
            naam: {**samenvatting(per["tijden"][naam]),
                   "cpu_mediaan": statistics.median(per["cpu"][naam]),
                   "statements": Counter(per["statements"][naam]).most_common(1)[0][0],
                   "statements_max": max(per["statements"][naam])}
            for naam in urls}
        del per["tijden"], per["cpu"], per["statements"]
    if explain:  # the Werkvoorraad's statements at the largest scale, for EXPLAIN
        schaal, client, urls, engine = opzet[-1]
        with Statements(engine, bewaar=True) as st:
            client.get(urls["Werkvoorraad, first page"])
        uit["werkvoorraad_sql"] = {"schaal": schaal, "traagste": traagste(st.lijst, 1),
                                   "statements": st.aantal}
    return uit


# -- 4. import ---------------------------------------------------------------------------


def meet_import(backend: Backend, snel: bool) -> dict[str, Any]:
    bestand = DATA / f"caseload-{IMPORT_AANTAL}-seed1.jsonl"
    if not bestand.exists():
        log(f"genereren van {IMPORT_AANTAL:,} casussen (rapport_import.schrijf)")
        tijdelijk = bestand.with_suffix(".tmp")
        rapport_import.schrijf(tijdelijk, IMPORT_AANTAL, seed=1)
        tijdelijk.rename(bestand)
    backend.maak_leeg("import")
    url = backend.url("import")
    from casus.extensions import db

    app = maak_app(url)
    with app.app_context():
        db.create_all()  # as rapport_import.py does
    sluit(app)
    try:
        duur, uitvoer = rapport_import.flask(url, "import", str(bestand))
        app = maak_app(url)
        telling = tellingen(app)
        sluit(app)
    finally:
        backend.verwijder("import")
    return {**stempel(snel), "aantal": IMPORT_AANTAL, "duur_s": duur,
            "per_s": IMPORT_AANTAL / duur, "uitvoer": uitvoer.strip(), **telling,
            "bestand_mb": bestand.stat().st_size / 1e6}


# -- 5. gunicorn -------------------------------------------------------------------------


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_van_kinderen(pid: int) -> float:
    """CPU seconds (user + system) used so far by the child processes of ``pid``."""
    tik = os.sysconf("SC_CLK_TCK")
    totaal = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            velden = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(velden[1]) == pid:  # field 4, ppid
            totaal += int(velden[11]) + int(velden[12])  # fields 14, 15: utime, stime
    return totaal / tik


@contextmanager
def gunicorn(url: str) -> Iterator[tuple[int, int]]:
    poort = vrije_poort()
    omgeving = dict(os.environ, DATABASE_URL=url, CASUS_OMGEVING="development",
                    SECRET_KEY=SLEUTEL, MFA_VERPLICHT="0", SESSION_COOKIE_SECURE="0",
                    PYTHONPATH=str(ROOT))
    logboek = (DATA / "gunicorn.log").open("a")
    proces = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{poort}",
         "--chdir", str(ROOT), "--log-level", "warning", "casus:create_app()"],
        env=omgeving, stdout=logboek, stderr=subprocess.STDOUT)
    try:
        grens = time.monotonic() + 60
        while True:
            if proces.poll() is not None:
                raise SystemExit(f"gunicorn stopte (zie {DATA / 'gunicorn.log'})")
            try:
                status, _, _ = http_get(poort, "/inloggen", "")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > grens:
                raise SystemExit("gunicorn startte niet binnen 60 s")
            time.sleep(0.2)
        yield poort, proces.pid
    finally:
        proces.terminate()
        try:
            proces.wait(20)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()
        logboek.close()


def http_get(poort: int, pad: str, cookie: str) -> tuple[int, str, list[str]]:
    conn = http.client.HTTPConnection("127.0.0.1", poort, timeout=30)
    try:
        conn.request("GET", pad, headers={"Cookie": cookie} if cookie else {})
        antwoord = conn.getresponse()
        return (antwoord.status, antwoord.read().decode("utf-8", "replace"),
                antwoord.headers.get_all("Set-Cookie") or [])
    finally:
        conn.close()


def koekjes(regels: list[str]) -> dict[str, str]:
    uit: dict[str, str] = {}
    for regel in regels:
        koekje: SimpleCookie = SimpleCookie()
        koekje.load(regel)
        uit.update({k: m.value for k, m in koekje.items()})
    return uit


def log_in_http(poort: int) -> str:
    """GET the log-in form (CSRF token and cookie), POST it; the session cookie."""
    from casus.demo import DEMO_WACHTWOORD

    status, tekst, zet = http_get(poort, "/inloggen", "")
    m = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', tekst)
    if status != 200 or m is None:
        raise SystemExit("inlogformulier zonder csrf_token")
    jar = koekjes(zet)
    conn = http.client.HTTPConnection("127.0.0.1", poort, timeout=30)
    try:
        conn.request("POST", "/inloggen", body=urllib.parse.urlencode({
            "csrf_token": html.unescape(m.group(1)), "gebruikersnaam": GEBRUIKER,
            "wachtwoord": DEMO_WACHTWOORD}), headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
        antwoord = conn.getresponse()
        antwoord.read()
        if antwoord.status != 302:
            raise SystemExit(f"inloggen via gunicorn mislukt ({antwoord.status})")
        jar.update(koekjes(antwoord.headers.get_all("Set-Cookie") or []))
    finally:
        conn.close()
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def belast(poort: int, pad: str, cookie: str, max_verzoeken: int, max_seconden: float,
           draden: int) -> dict[str, Any]:
    """Bounded closed-loop load: ``draden`` threads, each with a keep-alive http.client
    connection (reopened when the server closes it), until ``max_verzoeken`` requests
    are sent or ``max_seconden`` have passed."""
    slot = threading.Lock()
    verstuurd = [0]
    resultaten: list[tuple[float, bool]] = []
    begin = time.perf_counter()
    einde = begin + max_seconden

    def werker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", poort, timeout=30)
        eigen: list[tuple[float, bool]] = []
        while True:
            with slot:
                if verstuurd[0] >= max_verzoeken or time.perf_counter() >= einde:
                    break
                verstuurd[0] += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", pad, headers={"Cookie": cookie})
                antwoord = conn.getresponse()
                antwoord.read()
                goed = antwoord.status == 200
                if antwoord.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                goed = False
                conn.close()
            eigen.append(((time.perf_counter() - t0) * 1000, goed))
        conn.close()
        with slot:
            resultaten.extend(eigen)

    threads = [threading.Thread(target=werker) for _ in range(draden)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    duur = time.perf_counter() - begin
    goed = [ms for ms, ok in resultaten if ok]
    return {"pad": pad, "verzoeken": len(resultaten), "fouten": len(resultaten) - len(goed),
            "duur_s": duur, "per_s": len(goed) / duur, "draden": draden,
            "p50_ms": statistics.median(goed) if goed else None,
            "p95_ms": p95(goed) if goed else None}


def meet_gunicorn(app: Flask, url: str, schaal: int, casus_ref: str | None,
                  snel: bool) -> dict[str, Any]:
    casus = kies_casus(app, casus_ref)
    sluit(app)
    max_verzoeken, max_seconden = (300, 3.0) if snel else (3000, 15.0)
    paden = {"static file /static/css/casus.css (trivial)": "/static/css/casus.css",
             "Werkvoorraad, first page": f"/werkvoorraad/{WERKVOORRAAD}",
             "Casus": f"/casus/{casus['id']}"}
    uit: dict[str, Any] = {**stempel(snel), "schaal": schaal,
                           "casus": casus["ref"], "endpoints": {}}
    with gunicorn(url) as (poort, pid):
        cookie = log_in_http(poort)
        for naam, pad in paden.items():
            for _ in range(20):  # warm both workers (connections, templates)
                if (status := http_get(poort, pad, cookie)[0]) != 200:
                    raise SystemExit(f"{pad} gaf {status} onder gunicorn")
            cpu = cpu_van_kinderen(pid)
            resultaat = belast(poort, pad, cookie, max_verzoeken, max_seconden, draden=4)
            # the workers' CPU per request: what the endpoint costs, whatever else runs
            resultaat["cpu_ms"] = ((cpu_van_kinderen(pid) - cpu) * 1000
                                   / max(resultaat["verzoeken"], 1))
            log(f"  gunicorn {naam}: {resultaat['per_s']:.0f} req/s "
                f"({resultaat['verzoeken']} verzoeken, {resultaat['fouten']} fouten)")
            uit["endpoints"][naam] = resultaat
    return uit


# -- 6. memory ---------------------------------------------------------------------------


def _proc_status(veld: str) -> int:
    for regel in Path("/proc/self/status").read_text().splitlines():
        if regel.startswith(veld + ":"):
            return int(regel.split()[1]) * 1024
    raise KeyError(veld)


def geheugen_intern(url: str) -> None:
    """Run in a fresh process: RSS added by a first report, then tracemalloc's peak."""
    from sqlalchemy import func, select

    from casus.casussen.models import Gebeurtenis
    from casus.extensions import db
    from casus.rapportage.periode import uit_label
    from casus.rapportage.services import rapport

    app = maak_app(url)
    periode = uit_label(PERIODE)
    with app.app_context():
        db.session.scalar(select(func.count()).select_from(Gebeurtenis))  # open the connection
        db.session.rollback()
        gc.collect()
        rss_voor = _proc_status("VmRSS")
        anon_voor, bestand_voor = _proc_status("RssAnon"), _proc_status("RssFile")
        try:
            Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM)
            gereset = True
        except OSError:
            gereset = False
        begin = time.perf_counter()
        rapport(periode)
        duur = time.perf_counter() - begin
        piek_rss, rss_na = _proc_status("VmHWM"), _proc_status("VmRSS")
        anon_na, bestand_na = _proc_status("RssAnon"), _proc_status("RssFile")
        db.session.rollback()
        gc.collect()
        tracemalloc.start()
        rapport(periode)
        _, piek_tracemalloc = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        db.session.rollback()
    print(json.dumps({"rss_voor": rss_voor, "piek_rss": piek_rss, "rss_na": rss_na,
                      "anon_delta": anon_na - anon_voor, "bestand_delta": bestand_na - bestand_voor,
                      "hwm_gereset": gereset, "piek_tracemalloc": piek_tracemalloc,
                      "eerste_rapport_s": duur}))


def meet_geheugen(url: str, snel: bool) -> dict[str, Any]:
    uit = subprocess.run(  # noqa: S603 - fixed argv, this script
        [sys.executable, str(Path(__file__).resolve()), "--intern-geheugen", url],
        cwd=ROOT, capture_output=True, text=True, check=False)
    if uit.returncode != 0:
        raise SystemExit(f"geheugenmeting faalde:\n{uit.stderr}")
    waarden = json.loads(uit.stdout.strip().splitlines()[-1])
    return {**stempel(snel), **waarden,
            "rss_delta": waarden["piek_rss"] - waarden["rss_voor"]}


def geheugen_toegevoegd(r: dict[str, Any]) -> int:
    """Memory the report allocates: tracemalloc's peak or the anonymous RSS it added;
    not the file-backed pages of SQLite's memory map (the OS's shared, reclaimable page
    cache of the database file). Older results have only the total RSS."""
    return max(r["piek_tracemalloc"], r.get("anon_delta", r["rss_delta"]))


# -- EXPLAIN (PostgreSQL) --------------------------------------------------------------------


def explain(app: Flask, statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from psycopg import ClientCursor

    from casus.extensions import db

    uit = []
    with app.app_context():
        conn = db.session.connection().connection.driver_connection
        for s in statements:
            letterlijk = ClientCursor(conn).mogrify(s["sql"], s["parameters"])
            with conn.cursor() as cur:
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + letterlijk)
                plan = "\n".join(r[0] for r in cur)
            uit.append({"ms": s["ms"], "sql": letterlijk, "plan": plan})
        db.session.rollback()
    return uit


def indexen(app: Flask, tabellen: list[str]) -> list[list[str]]:
    from sqlalchemy import bindparam, text

    from casus.extensions import db

    with app.app_context():
        rijen = db.session.execute(text(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = 'public' AND tablename IN :tabellen "
            "ORDER BY tablename, indexname").bindparams(bindparam("tabellen", expanding=True)),
            {"tabellen": tabellen}).all()
        db.session.rollback()
    return [list(r) for r in rijen]


# -- machine ----------------------------------------------------------------------------------


def machine(backends: list[Backend]) -> dict[str, Any]:
    cpu = next((r.split(":", 1)[1].strip() for r in
                Path("/proc/cpuinfo").read_text().splitlines() if r.startswith("model name")),
               platform.processor())
    geheugen = next(int(r.split()[1]) for r in Path("/proc/meminfo").read_text().splitlines()
                    if r.startswith("MemTotal:"))
    uit: dict[str, Any] = {
        "cpu": cpu, "kernen": os.cpu_count(), "ram_gib": geheugen / 1024 / 1024,
        "os": platform.platform(), "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version, "datum": nu_iso(), "load_begin": os.getloadavg(),
    }
    if git := shutil.which("git"):  # read-only: no index refresh (--no-optional-locks)
        uit["git"] = subprocess.run(  # noqa: S603 - fixed argv
            [git, "--no-optional-locks", "rev-parse", "--short", "HEAD"], cwd=ROOT,
            capture_output=True, text=True, check=False).stdout.strip()
        gewijzigd = subprocess.run(  # noqa: S603 - fixed argv
            [git, "--no-optional-locks", "status", "--porcelain", "--", "casus",
             "workflows", "config.py"], cwd=ROOT, capture_output=True,
            text=True, check=False).stdout.splitlines()
        uit["gewijzigd"] = [r[3:] for r in gewijzigd]
    if any(b.naam == "postgresql" for b in backends):
        from sqlalchemy import create_engine

        engine = create_engine(f"{backends[-1].pg}/postgres")
        try:
            with engine.connect() as conn:
                uit["postgresql"] = conn.exec_driver_sql("SHOW server_version").scalar()
        finally:
            engine.dispose()
    return uit


# -- RESULTS.md -------------------------------------------------------------------------------

BEGIN = "<!-- benchmarks/run.py: begin (generated by python benchmarks/run.py; do not edit) -->"
EINDE = "<!-- benchmarks/run.py: end -->"
NAMEN = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
PAGINAS = ("Mijn casussen", "Werkvoorraad, first page", "Werkvoorraad, deep page (keyset)",
           "Casus", "Persoon")


def ms(x: float | None) -> str:
    if x is None:
        return "-"
    if x >= 1000:
        return f"{x / 1000:.2f} s"
    if x >= 100:
        return f"{x:.0f} ms"
    return f"{x:.1f} ms"


def oordeel(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def mb(b: float) -> str:
    return f"{b / 1e6:.1f} MB"


def _load(m: dict[str, Any], sleutel: str) -> str:
    waarde = m.get(sleutel)
    return f"{waarde[0]:.1f}" if waarde else "?"


def _gemeten(r: dict[str, Any]) -> str:
    return r.get("gemeten", "?") + (" (--snel)" if r.get("snel") else "")


def render(resultaten: dict[str, Any]) -> str:  # noqa: C901 - one report, top to bottom
    m = resultaten.get("machine", {})
    backends = [b for b in ("sqlite", "postgresql") if b in resultaten]
    regels: list[str] = [BEGIN, "", "## Issue 9 (Prestaties): `python benchmarks/run.py`", ""]
    regels += [
        f"Last run: `{resultaten.get('opdracht', '?')}` on {m.get('datum', '?')}, "
        f"took {resultaten.get('duur_s', 0) / 60:.1f} min.", "",
        f"Machine: {m.get('cpu')}, {m.get('kernen')} cores, {m.get('ram_gib', 0):.1f} GiB RAM, "
        f"{m.get('os')}; Python {m.get('python')}, SQLite {m.get('sqlite')}, "
        f"PostgreSQL {resultaten.get('postgresql', {}).get('versie', m.get('postgresql', '?'))}."
        f" Load average (1 min) at the start {_load(m, 'load_begin')}, at the end "
        f"{_load(m, 'load_einde')} on {m.get('kernen')} cores: the VM is shared with other "
        "sessions (test suites, browsers), so wall-clock numbers are upper bounds.", "",
        f"Code: HEAD {m.get('git', '?')}" + (
            f" plus uncommitted changes (other engineers' work in progress) in "
            f"{len(m['gewijzigd'])} files: "
            + ", ".join(f"{d}/ ({n})" for d, n in sorted(Counter(
                g.split("/", 1)[0] if "/" in g else g for g in m["gewijzigd"]).items()))
            if m.get("gewijzigd") else
            " (no uncommitted changes in casus/, workflows/)") + ".", "",
    ]
    for b in backends:
        delen = [v for v in resultaten[b].values() if isinstance(v, dict) and "gemeten" in v]
        delen += [v for k in ("rapport", "paginas") for v in resultaten[b].get(k, {}).values()
                  if isinstance(v, dict) and "gemeten" in v]
        if delen:
            momenten = sorted(v["gemeten"] for v in delen)
            snel = sum(1 for v in delen if v.get("snel"))
            load = [v["load"] for v in delen if "load" in v]
            regels.append(f"{NAMEN[b]} figures measured {momenten[0]} to {momenten[-1]}"
                          + (f" ({snel} of {len(delen)} parts with --snel: smoke numbers)"
                             if snel else " (full repetitions)")
                          + (f", load average {min(load):.1f} to {max(load):.1f} while "
                             "measuring" if load else "") + ".")
    regels += ["", "### Summary", "",
               "| measurement | " + " | ".join(NAMEN[b] for b in backends) + " | target |",
               "|---|" + "---|" * len(backends) + "---|"]

    def rij(naam: str, cellen: list[str], doel: str) -> None:
        regels.append(f"| {naam} | " + " | ".join(cellen) + f" | {doel} |")

    def groot(b: str) -> dict[str, Any] | None:
        rapporten = resultaten[b].get("rapport", {})
        return rapporten.get("groot") or None

    grenzen = {"sqlite": 300.0, "postgresql": 100.0}
    if any(groot(b) for b in backends):
        cellen, ratio, gelijk = [], [], []
        for b in backends:
            r = groot(b)
            if not r:
                cellen.append("-")
                ratio.append("-")
                gelijk.append("-")
                continue
            cellen.append(f"{ms(r['app']['mediaan'])} (p95 {ms(r['app']['p95'])}) at "
                          f"{r['gebeurtenissen']:,} events: "
                          f"{oordeel(r['app']['mediaan'] <= grenzen[b])}")
            ratio.append(f"{r['ratio']:.1f}x (baseline {ms(r['basis']['mediaan'])}): "
                         f"{oordeel(r['ratio'] <= 3)}")
            gelijk.append("equal" if r["gelijk"] else "**WARNING: totals differ**")
        rij("1. half-year report 2025-H1 at ~1M events, median", cellen,
            "PostgreSQL ≤100 ms, SQLite ≤300 ms")
        rij("1. report / baseline (medians)", ratio, "≤3x")
        rij("1. baseline totaal per aanpak vs report", gelijk, "equal")
    for b in backends:
        for sleutel, r in resultaten[b].get("rapport", {}).items():
            if sleutel != "groot" and not r["gelijk"]:
                rij(f"**WARNING**: {NAMEN[b]} {sleutel}: baseline totals differ from the "
                    "report's", ["see below"] * len(backends), "equal")

    def paginas(b: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        p = resultaten[b].get("paginas", {})
        return p.get("1"), p.get("100")

    if any(paginas(b)[1] for b in backends):
        for pagina in PAGINAS:
            cellen, tellen = [], []
            for b in backends:
                klein, grootst = paginas(b)
                if not grootst:
                    cellen.append("-")
                    tellen.append("-")
                    continue
                g = grootst["paginas"][pagina]
                if klein:
                    k = klein["paginas"][pagina]
                    verhouding = g["p95"] / k["p95"]
                    cellen.append(f"{ms(g['p95'])} ({verhouding:.2f}x N=1): "
                                  f"{oordeel(g['p95'] <= 25 and verhouding <= 1.5)}")
                    tellen.append(f"{k['statements']} / {g['statements']}: " + oordeel(
                        k["statements"] == g["statements"]
                        and max(k["statements_max"], g["statements_max"]) <= 8))
                else:
                    cellen.append(f"{ms(g['p95'])} (no N=1): {oordeel(g['p95'] <= 25)}")
                    tellen.append(f"- / {g['statements']}: "
                                  f"{oordeel(g['statements_max'] <= 8)}")
            rij(f"2. {pagina}: p95 at N=100 (ratio to N=1)", cellen, "≤25 ms and ≤1.5x N=1")
            rij(f"3. {pagina}: SQL statements N=1 / N=100", tellen, "≤8 and equal")
    if any("import" in resultaten[b] for b in backends):
        cellen = []
        for b in backends:
            r = resultaten[b].get("import")
            cellen.append(f"{r['duur_s']:.1f} s ({r['per_s']:,.0f} cases/s): "
                          f"{oordeel(r['duur_s'] <= 30)}" if r else "-")
        rij("4. import 100,000 cases (CLI, end to end)", cellen, "≤30 s")
    if any("gunicorn" in resultaten[b] for b in backends):
        for naam, doel in (("Werkvoorraad, first page", "≥300 req/s"), ("Casus", "(no target)"),
                           ("static file /static/css/casus.css (trivial)", "(reference)")):
            cellen = []
            for b in backends:
                r = resultaten[b].get("gunicorn", {}).get("endpoints", {}).get(naam)
                if not r:
                    cellen.append("-")
                    continue
                tekst = f"{r['per_s']:.0f} req/s"
                if r["fouten"]:
                    tekst += f" ({r['fouten']} errors)"
                if naam.startswith("Werkvoorraad"):
                    tekst += f": {oordeel(r['per_s'] >= 300 and not r['fouten'])}"
                cellen.append(tekst)
            rij(f"5. gunicorn 2 workers, {naam}", cellen, doel)
    if any("geheugen" in resultaten[b] for b in backends):
        cellen = []
        for b in backends:
            r = resultaten[b].get("geheugen")
            cellen.append(f"tracemalloc peak {mb(r['piek_tracemalloc'])}, RSS +"
                          f"{mb(r['rss_delta'])} (anonymous +{mb(r.get('anon_delta', 0))}): "
                          f"{oordeel(geheugen_toegevoegd(r) <= 50e6)}"
                          if r else "-")
        rij("6. memory added by computing the report at ~1M events", cellen, "≤50 MB")

    # -- details
    regels += ["", "### 1. Half-year report vs baseline", "",
               "`rapport(uit_label('2025-H1'))` in-process (app context, session rolled back "
               "after each call) against the baseline query below, interleaved; one warm-up "
               "call of each first, then the repetitions; p95 is nearest-rank (of 5 samples: "
               "the slowest).", "",
               "| database | events | cases | report median | report p95 | baseline median "
               "| baseline p95 | ratio | statements | totals |",
               "|---|---|---|---|---|---|---|---|---|---|"]
    for b in backends:
        for sleutel, r in sorted(resultaten[b].get("rapport", {}).items(),
                                 key=lambda kv: kv[1]["gebeurtenissen"]):
            regels.append(
                f"| {NAMEN[b]} {r.get('db', sleutel)} | {r['gebeurtenissen']:,} | "
                f"{r['casussen']:,} | {ms(r['app']['mediaan'])} | {ms(r['app']['p95'])} | "
                f"{ms(r['basis']['mediaan'])} | {ms(r['basis']['p95'])} | {r['ratio']:.1f}x | "
                f"{r['statements']} | {'equal' if r['gelijk'] else '**differ**'} "
                f"(n={r['app']['n']}) |")
    for b in backends:
        for sleutel, r in resultaten[b].get("rapport", {}).items():
            if sleutel == "groot" or not r["gelijk"]:
                regels += ["", f"totaal per aanpak, {NAMEN[b]} {r.get('db', sleutel)} "
                           "(report / baseline): " + ", ".join(
                               f"{c} {r['totaal_app'][c]:,}/{r['totaal_basis'][c]:,}"
                               + ("" if r["totaal_app"][c] == r["totaal_basis"][c] else " ≠")
                               for c in r["totaal_app"])
                           + (f"; baseline only: {r['basis_extra']}" if r["basis_extra"] else "")]
    regels += ["", "Baseline query (`:van` = 2025-01-01, `:tem` = 2025-06-30):", "", "```sql",
               BASISLIJN_SQL.strip(), "```"]

    regels += ["", "### 2./3. Pages through the Flask test client", "",
               f"Logged in as the demo user `{GEBRUIKER}` (regisseur PGA Jeugd and IPTA) with a "
               "real POST /inloggen (development config, MFA off, CSRF off for the test "
               "client). Wall time of `client.get()` (CPU p50: the thread's CPU time, which "
               "leaves out waiting for a core on the shared VM, and on PostgreSQL the "
               "server's work), the first request of each page excluded; "
               "pages and scales interleaved round robin. Statements: data statements "
               "(SELECT/INSERT/UPDATE/DELETE/WITH, not BEGIN/COMMIT/PRAGMA) counted with a "
               "`before_cursor_execute` listener, the most frequent count per page (max in "
               "brackets when it varied: the session's activity timestamp is written at most "
               "every 30 s).", ""]
    for b in backends:
        per_schaal = resultaten[b].get("paginas", {})
        schalen = sorted((k for k in per_schaal if k.isdigit()), key=int)
        if not schalen:
            continue
        info = [f"N={s}: case {per_schaal[s]['casus']['ref']} "
                f"({per_schaal[s]['casus']['gebeurtenissen']} events, "
                f"{per_schaal[s]['casus']['notities']} notes; person with "
                f"{per_schaal[s]['casus']['persoon_casussen']} case(s)), Werkvoorraad "
                f"{WERKVOORRAAD} with {per_schaal[s]['casus']['open_werkvoorraad']:,} open "
                f"cases, deep page = page {per_schaal[s]['diepe_pagina']}, "
                f"{per_schaal[s]['paginas']['Mijn casussen']['n']} requests per page, "
                f"{_gemeten(per_schaal[s])}" for s in schalen]
        regels += [f"**{NAMEN[b]}**: " + "; ".join(info) + ".", "",
                   "| page | " + " | ".join(f"N={s} p50 | N={s} p95 | N={s} CPU p50"
                                           for s in schalen)
                   + " | p95 ratio | statements " + " / ".join(f"N={s}" for s in schalen) + " |",
                   "|---|" + "---|---|---|" * len(schalen) + "---|---|"]
        for pagina in PAGINAS:
            waarden = [per_schaal[s]["paginas"][pagina] for s in schalen]
            cellen = [f"{ms(w['mediaan'])} | {ms(w['p95'])} | {ms(w.get('cpu_mediaan'))}"
                      for w in waarden]
            verhouding = (f"{waarden[-1]['p95'] / waarden[0]['p95']:.2f}x"
                          if len(waarden) > 1 else "-")
            tellen = " / ".join(str(w["statements"]) + (f" (max {w['statements_max']})"
                                                        if w["statements_max"] != w["statements"]
                                                        else "") for w in waarden)
            regels.append(f"| {pagina} | " + " | ".join(cellen) + f" | {verhouding} | {tellen} |")
        regels.append("")

    if any("import" in resultaten[b] for b in backends):
        regels += ["### 4. Import", "",
                   f"`flask --app casus import caseload-{IMPORT_AANTAL}-seed1.jsonl` (generated by "
                   "`rapport_import.schrijf`, seed 1) into an empty database (tables from "
                   "`db.create_all()`, as rapport_import.py does), timed end to end as a "
                   "separate process (`rapport_import.flask`).", "",
                   "| database | time | cases/s | events after | output |", "|---|---|---|---|---|"]
        for b in backends:
            if r := resultaten[b].get("import"):
                regels.append(f"| {NAMEN[b]} | {r['duur_s']:.1f} s | {r['per_s']:,.0f} | "
                              f"{r['gebeurtenissen']:,} | {r['uitvoer']} ({_gemeten(r)}) |")
        regels.append("")

    if any("gunicorn" in resultaten[b] for b in backends):
        regels += ["### 5. gunicorn, 2 workers", "",
                   "`gunicorn --workers 2 'casus:create_app()'` (sync workers) on 127.0.0.1 "
                   "against the largest demo database; logged in through the real form (GET for "
                   "the CSRF token, POST), the session cookie reused. Load: 4 threads, each an "
                   "http.client connection with keep-alive (gunicorn's sync workers close it "
                   "after every response, so the client reconnects), closed loop, bounded in "
                   "requests and seconds; 20 warm-up requests per endpoint first. The load "
                   "generator shares the 2 cores with the server. The trivial endpoint is a "
                   "static file served by Flask with the session cookie (so it includes the "
                   "session check).", "",
                   "Worker CPU/request: user+system CPU of the two worker processes during "
                   "the run divided by the requests (from /proc); 2 cores / that is the "
                   "ceiling on an otherwise idle machine (the load generator's own CPU and, "
                   "for PostgreSQL, the server's not included).", "",
                   "| database | endpoint | req/s | requests | errors | p50 | p95 | seconds "
                   "| worker CPU/request | 2 cores / CPU |",
                   "|---|---|---|---|---|---|---|---|---|---|"]
        for b in backends:
            g = resultaten[b].get("gunicorn")
            if not g:
                continue
            for naam, r in g["endpoints"].items():
                regels.append(f"| {NAMEN[b]} N={g['schaal']} | {naam} (`{r['pad']}`) | "
                              f"{r['per_s']:.0f} | {r['verzoeken']} | {r['fouten']} | "
                              f"{ms(r['p50_ms'])} | {ms(r['p95_ms'])} | {r['duur_s']:.1f} | "
                              + (f"{ms(r['cpu_ms'])} | {2000 / r['cpu_ms']:.0f} req/s |"
                                 if r.get("cpu_ms") else "- | - |"))
        regels.append("")

    if any("geheugen" in resultaten[b] for b in backends):
        regels += ["### 6. Memory of the report", "",
                   "In a fresh process on the ~1M-event database: RSS peak (VmHWM, reset "
                   "before the call) minus RSS before the first `rapport()` call, and that "
                   "growth split into anonymous memory (RssAnon: the heap, SQLAlchemy's "
                   "statement caches) and file-backed pages (RssFile: on SQLite the pages of "
                   "the database file read through its memory map, the OS's shared and "
                   "reclaimable page cache; on PostgreSQL the server's memory is not "
                   "counted); then tracemalloc's peak during a second call. The target is "
                   "judged on tracemalloc and the anonymous growth.", "",
                   "| database | tracemalloc peak | RSS before | RSS peak | RSS added | "
                   "anonymous added | file-backed added | first call |",
                   "|---|---|---|---|---|---|---|---|"]
        for b in backends:
            if r := resultaten[b].get("geheugen"):
                regels.append(f"| {NAMEN[b]} | {mb(r['piek_tracemalloc'])} | "
                              f"{mb(r['rss_voor'])} | {mb(r['piek_rss'])} | {mb(r['rss_delta'])}"
                              + ("" if r["hwm_gereset"] else " (peak not reset: upper bound)")
                              + f" | {mb(r.get('anon_delta', 0))} | "
                              f"{mb(r.get('bestand_delta', 0))} | "
                              f"{r['eerste_rapport_s']:.2f} s |")
        regels.append("")

    regels += ["### Databases", "",
               "| database | built | build time | cases | events | how |",
               "|---|---|---|---|---|---|"]
    for b in backends:
        for merk in resultaten[b].get("databases", {}).values():
            regels.append(f"| {NAMEN[b]} {merk['db']} | {merk['gebouwd']}"
                          + (" (reused)" if merk.get("hergebruikt") else "")
                          + f" | {merk['bouwtijd_s']:.0f} s | {merk['casussen']:,} | "
                          f"{merk['gebeurtenissen']:,} | `{merk['opdracht']}` |")
    regels += ["", "PostgreSQL databases get `VACUUM (ANALYZE)` after building (what "
               "autovacuum does on its own after a bulk load); SQLite gets no ANALYZE (the "
               "application never runs one).", ""]

    pg = resultaten.get("postgresql", {})
    if pg.get("explain"):
        regels += ["### EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL", "",
                   "Statements captured with a cursor listener while the page or the report "
                   "ran; the slowest (by client-side time) explained with their parameters "
                   f"inlined (psycopg `mogrify`). {_gemeten(pg['explain'])}.", ""]
        for e in pg["explain"]["plannen"]:
            regels += [f"#### {e['wat']} ({ms(e['ms'])} when captured)", "", "<details><summary>"
                       "SQL</summary>", "", "```sql", e["sql"], "```", "", "</details>", "",
                       "```", e["plan"], "```", ""]
    if pg.get("indexen"):
        regels += ["### Indexes (pg_indexes)", "", "| table | index | definition |",
                   "|---|---|---|"]
        regels += [f"| {t} | {i} | `{d}` |" for t, i, d in pg["indexen"]]
        regels.append("")
    regels += [EINDE, ""]
    return "\n".join(regels)


def schrijf_resultaten(resultaten: dict[str, Any], uitvoer: Path) -> None:
    oud = uitvoer.read_text() if uitvoer.exists() else "# Benchmark results\n\n"
    deel = render(resultaten)
    if BEGIN in oud and EINDE in oud:
        voor, rest = oud.split(BEGIN, 1)
        na = rest.split(EINDE, 1)[1].lstrip("\n")
        nieuw = voor + deel + ("\n" + na if na else "")
    else:
        kop, _, rest = oud.partition("\n")
        nieuw = kop + "\n\n" + deel + "\n" + rest.lstrip("\n")
    uitvoer.write_text(nieuw)


# -- main ------------------------------------------------------------------------------------


def voer_uit(backend: Backend, args: argparse.Namespace, onderdelen: set[str],
             resultaten: dict[str, Any], schema: dict[str, Any]) -> None:
    schalen = sorted(int(s) for s in args.schalen.split(","))
    r = resultaten.setdefault(backend.naam, {})
    # forget databases that were dropped or rebuilt with other parameters since
    r["databases"] = {naam: merk for naam, merk in r.get("databases", {}).items()
                      if _merkteken(backend, naam).exists()
                      and json.loads(_merkteken(backend, naam).read_text()).get("parameters")
                      == merk.get("parameters")}
    herhalingen = 2 if args.snel else 7
    groot_herhalingen = 2 if args.snel else 5
    demo = {}
    for schaal in schalen:
        demo[schaal] = demo_database(backend, schaal, args.opnieuw, schema)
        r["databases"][demo[schaal]["db"]] = demo[schaal]
    grootst = demo[schalen[-1]]
    groot = None
    if args.events and onderdelen & {"rapport", "geheugen", "explain"}:
        groot = grote_database(backend, grootst, args.events, args.opnieuw, schema)
        r["databases"][groot["db"]] = groot

    if "rapport" in onderdelen:
        doelen = [(str(s), demo[s]) for s in schalen] + ([("groot", groot)] if groot else [])
        for sleutel, merk in doelen:
            n = groot_herhalingen if sleutel == "groot" else herhalingen
            log(f"{backend.naam}: rapport op {merk['db']} ({n}x)")
            app = maak_app(backend.url(merk["db"]))
            try:
                r.setdefault("rapport", {})[sleutel] = dict(meet_rapport(app, n, args.snel),
                                                            db=merk["db"])
            finally:
                sluit(app)
            m = r["rapport"][sleutel]
            log(f"  rapport {ms(m['app']['mediaan'])}, basislijn {ms(m['basis']['mediaan'])}, "
                f"totalen {'gelijk' if m['gelijk'] else 'VERSCHILLEN'}")
    casus_ref = None
    if "paginas" in onderdelen:
        log(f"{backend.naam}: pagina's op schaal {', '.join(map(str, schalen))}")
        apps = {s: maak_app(backend.url(demo[s]["db"]), WTF_CSRF_ENABLED=False)
                for s in schalen}
        try:
            p = meet_paginas(apps, 8 if args.snel else 60, args.snel,
                             explain=backend.naam == "postgresql" and "explain" in onderdelen)
        finally:
            for app in apps.values():
                sluit(app)
        r.setdefault("paginas", {}).update(p)
        casus_ref = p[str(schalen[0])]["casus"]["ref"]
        for s in schalen:
            log(f"  N={s}: " + ", ".join(f"{k} p95 {ms(v['p95'])} ({v['statements']} st)"
                                         for k, v in p[str(s)]["paginas"].items()))
    if "import" in onderdelen:
        log(f"{backend.naam}: import van {IMPORT_AANTAL:,} casussen")
        r["import"] = meet_import(backend, args.snel)
        log(f"  {r['import']['duur_s']:.1f} s ({r['import']['per_s']:,.0f} casussen/s)")
    if "gunicorn" in onderdelen:
        log(f"{backend.naam}: gunicorn op {grootst['db']}")
        if casus_ref is None:
            app = maak_app(backend.url(demo[schalen[0]]["db"]))
            casus_ref = kies_casus(app, None)["ref"]
            sluit(app)
        url = backend.url(grootst["db"])
        r["gunicorn"] = meet_gunicorn(maak_app(url), url, schalen[-1], casus_ref, args.snel)
    if "geheugen" in onderdelen and groot:
        log(f"{backend.naam}: geheugen van het rapport op {groot['db']}")
        r["geheugen"] = dict(meet_geheugen(backend.url(groot["db"]), args.snel), db=groot["db"])
        log(f"  tracemalloc {mb(r['geheugen']['piek_tracemalloc'])}, "
            f"RSS +{mb(r['geheugen']['rss_delta'])}")
    if backend.naam == "postgresql" and "explain" in onderdelen:
        plannen = []
        werkvoorraad = r.get("paginas", {}).get("werkvoorraad_sql")
        if werkvoorraad:
            app = maak_app(backend.url(demo[werkvoorraad["schaal"]]["db"]))
            try:
                for e in explain(app, werkvoorraad["traagste"]):
                    plannen.append(dict(e, wat=f"Werkvoorraad first page, slowest statement "
                                                f"(N={werkvoorraad['schaal']})"))
            finally:
                sluit(app)
        rapport_sql = r.get("rapport", {}).get("groot")
        if rapport_sql and groot:
            app = maak_app(backend.url(groot["db"]))
            try:
                for i, e in enumerate(explain(app, rapport_sql["traagste"]), start=1):
                    plannen.append(dict(e, wat=f"Report, statement {i} by time "
                                                f"({groot['gebeurtenissen']:,} events)"))
                # casus, gebeurtenis, and any table named casus* the report reads
                # (e.g. a derived table of case states)
                tabellen = sorted({"casus", "gebeurtenis"} | {
                    t for t in rapport_sql.get("tabellen", []) if t.startswith("casus")})
                r["indexen"] = indexen(app, tabellen)
            finally:
                sluit(app)
        r["explain"] = {**stempel(args.snel), "plannen": plannen}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--alleen", choices=("sqlite", "postgresql"),
                        help="only this database (default: both)")
    parser.add_argument("--schalen", default="1,100", help="demo scales (default 1,100)")
    parser.add_argument("--snel", action="store_true", help="few repetitions: a smoke run")
    parser.add_argument("--opnieuw", action="store_true", help="rebuild the databases")
    parser.add_argument("--events", type=int, default=1_000_000,
                        help="events for the report database (0: only the demo databases)")
    parser.add_argument("--onderdelen", default=",".join(ONDERDELEN),
                        help=f"comma separated subset of {','.join(ONDERDELEN)}")
    parser.add_argument("--postgresql", default=STANDAARD_PG,
                        help=f"PostgreSQL server URL without database (default {STANDAARD_PG})")
    parser.add_argument("--uitvoer", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--intern-geheugen", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.intern_geheugen:
        geheugen_intern(args.intern_geheugen)
        return
    onderdelen = {o.strip() for o in args.onderdelen.split(",") if o.strip()}
    if onbekend := onderdelen - set(ONDERDELEN):
        parser.error(f"onbekende onderdelen: {', '.join(sorted(onbekend))}")
    DATA.mkdir(exist_ok=True)
    os.environ["CASUS_OMGEVING"] = "development"  # the demo and import CLIs read DATABASE_URL
    begin = time.perf_counter()
    backends = [Backend(n, args.postgresql.rstrip("/")) for n in ("sqlite", "postgresql")
                if args.alleen in (None, n)]
    opslag = DATA / "resultaten.json"
    resultaten: dict[str, Any] = json.loads(opslag.read_text()) if opslag.exists() else {}
    resultaten["machine"] = machine(backends)
    resultaten["opdracht"] = " ".join(["python benchmarks/run.py", shlex.join(sys.argv[1:])]
                                      ).strip()
    schema = schema_versie()
    for backend in backends:
        stap = time.perf_counter()
        voer_uit(backend, args, onderdelen, resultaten, schema)
        if backend.naam == "postgresql":
            resultaten["postgresql"]["versie"] = resultaten["machine"].get("postgresql")
        resultaten[backend.naam]["duur_s"] = time.perf_counter() - stap
        log(f"{backend.naam} klaar in {resultaten[backend.naam]['duur_s'] / 60:.1f} min")
        opslag.write_text(json.dumps(resultaten, indent=1, default=str))
    resultaten["machine"]["load_einde"] = os.getloadavg()
    resultaten["duur_s"] = time.perf_counter() - begin
    opslag.write_text(json.dumps(resultaten, indent=1, default=str))
    schrijf_resultaten(resultaten, args.uitvoer)
    log(f"klaar in {resultaten['duur_s'] / 60:.1f} min; {args.uitvoer} geschreven")


if __name__ == "__main__":
    main()
