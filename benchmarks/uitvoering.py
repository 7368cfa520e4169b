"""One run on one backend: build or reuse its databases, then measure the parts asked for,
each stored in the backend's entry of the results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from benchmarks.databases import Backend, demo_database, grote_database, nog_geldig
from benchmarks.doorvoer import meet_gunicorn
from benchmarks.explain import explain, indexen
from benchmarks.geheugen import meet_geheugen
from benchmarks.importeren import IMPORT_AANTAL, meet_import
from benchmarks.meten import log, maak_app, sluit, stempel
from benchmarks.paginas import kies_casus, meet_paginas
from benchmarks.rapport import meet_rapport
from benchmarks.rapportpagina import meet_rapportpagina
from benchmarks.verslag import mb, ms
from benchmarks.wrk import Belasting
from benchmarks.zoeken import meet_zoeken

ONDERDELEN = (
    "rapport",
    "rapportpagina",
    "paginas",
    "zoeken",
    "import",
    "gunicorn",
    "geheugen",
    "explain",
)
SNEL_IMPORT_AANTAL = 2_000  # --snel: the import's code path, not its time
# the parts measured on the database topped up to ~1M events
OP_GROTE_DATABASE = {"rapport", "rapportpagina", "geheugen", "explain"}


@dataclass
class Uitvoering:
    """The options of a run (the CLI's) and what one backend's run has built so far."""

    backend: Backend
    schalen: list[int]
    onderdelen: set[str]
    snel: bool = False
    opnieuw: bool = False
    events: int = 0
    belasting: Belasting = field(default_factory=Belasting)
    r: dict[str, Any] = field(default_factory=dict)  # the backend's stored results
    demo: dict[int, dict[str, Any]] = field(default_factory=dict)
    groot: dict[str, Any] | None = None
    casus_ref: str | None = None

    @property
    def grootst(self) -> dict[str, Any]:
        return self.demo[self.schalen[-1]]

    @property
    def postgresql(self) -> bool:
        return self.backend.naam == "postgresql"


def bouw_databases(u: Uitvoering, schema: dict[str, Any]) -> None:
    # forget databases that were dropped or rebuilt with other parameters since
    u.r["databases"] = {
        naam: merk
        for naam, merk in u.r.get("databases", {}).items()
        if nog_geldig(u.backend, naam, merk)
    }
    for schaal in u.schalen:
        u.demo[schaal] = demo_database(u.backend, schaal, u.opnieuw, schema)
        u.r["databases"][u.demo[schaal]["db"]] = u.demo[schaal]
    if u.events and u.onderdelen & OP_GROTE_DATABASE:
        u.groot = grote_database(u.backend, u.grootst, u.events, u.opnieuw, schema)
        u.r["databases"][u.groot["db"]] = u.groot


def rapport(u: Uitvoering) -> None:
    doelen = [(str(s), u.demo[s]) for s in u.schalen] + ([("groot", u.groot)] if u.groot else [])
    for sleutel, merk in doelen:
        n = (2 if u.snel else 5) if sleutel == "groot" else (2 if u.snel else 7)
        log(f"{u.backend.naam}: rapport op {merk['db']} ({n}x)")
        app = maak_app(u.backend.url(merk["db"]))
        try:
            u.r.setdefault("rapport", {})[sleutel] = dict(
                meet_rapport(app, n, u.snel), db=merk["db"]
            )
        finally:
            sluit(app)
        m = u.r["rapport"][sleutel]
        log(
            f"  rapport {ms(m['app']['mediaan'])}, basislijn {ms(m['basis']['mediaan'])}, "
            f"totalen {'gelijk' if m['gelijk'] else 'VERSCHILLEN'}"
        )


def rapportpagina(u: Uitvoering) -> None:
    """The Rapportage page on the ~1M-event database (the largest demo without one)."""
    merk = u.groot or u.grootst
    koud, warm = (2, 4) if u.snel else (5, 25)
    log(f"{u.backend.naam}: Rapportage-pagina op {merk['db']} ({koud}x koud, {warm}x warm)")
    app = maak_app(u.backend.url(merk["db"]), WTF_CSRF_ENABLED=False)
    try:
        u.r["rapportpagina"] = dict(meet_rapportpagina(app, koud, warm, u.snel), db=merk["db"])
    finally:
        sluit(app)
    m = u.r["rapportpagina"]
    log(
        f"  eerste weergave p95 {ms(m['koud']['p95'])} ({m['koud']['statements']:.0f} st), "
        f"daarna p95 {ms(m['warm']['p95'])} ({m['warm']['statements']:.0f} st); "
        f"cachetabellen: {', '.join(m['cache_tabellen']) or 'geen'}"
    )


def paginas(u: Uitvoering) -> None:
    log(f"{u.backend.naam}: pagina's op schaal {', '.join(map(str, u.schalen))}")
    apps = {s: maak_app(u.backend.url(u.demo[s]["db"]), WTF_CSRF_ENABLED=False) for s in u.schalen}
    try:
        p = meet_paginas(
            apps, 8 if u.snel else 60, u.snel, explain=u.postgresql and "explain" in u.onderdelen
        )
    finally:
        for app in apps.values():
            sluit(app)
    u.r.setdefault("paginas", {}).update(p)
    u.casus_ref = p[str(u.schalen[0])]["casus"]["ref"]
    for s in u.schalen:
        log(
            f"  N={s}: "
            + ", ".join(
                f"{k} p95 {ms(v['p95'])} ({v['statements']} st)"
                for k, v in p[str(s)]["paginas"].items()
            )
        )


def zoeken(u: Uitvoering) -> None:
    """The search page at the largest scale (issue 25: p95 at N=100)."""
    log(f"{u.backend.naam}: zoeken op {u.grootst['db']}")
    app = maak_app(u.backend.url(u.grootst["db"]), WTF_CSRF_ENABLED=False)
    try:
        u.r["zoeken"] = dict(
            meet_zoeken(app, 8 if u.snel else 60, u.snel),
            db=u.grootst["db"],
            schaal=u.schalen[-1],
        )
    finally:
        sluit(app)
    alle = u.r["zoeken"]["alle"]
    log(f"  zoeken p50 {ms(alle['mediaan'])}, p95 {ms(alle['p95'])}")


def importeren(u: Uitvoering) -> None:
    aantal = SNEL_IMPORT_AANTAL if u.snel else IMPORT_AANTAL
    log(f"{u.backend.naam}: import van {aantal:,} casussen")
    u.r["import"] = meet_import(u.backend, u.snel, aantal)
    log(f"  {u.r['import']['duur_s']:.1f} s ({u.r['import']['per_s']:,.0f} casussen/s)")


def gunicorn(u: Uitvoering) -> None:
    log(f"{u.backend.naam}: gunicorn op {u.grootst['db']}")
    if u.casus_ref is None:  # the case of the page measurements, chosen at the first scale
        app = maak_app(u.backend.url(u.demo[u.schalen[0]]["db"]))
        u.casus_ref = kies_casus(app, None)["ref"]
        sluit(app)
    url = u.backend.url(u.grootst["db"])
    u.r["gunicorn"] = meet_gunicorn(
        maak_app(url), url, u.schalen[-1], u.casus_ref, u.snel, u.backend.data, u.belasting
    )


def geheugen(u: Uitvoering) -> None:
    if u.groot is None:
        return
    log(f"{u.backend.naam}: geheugen van het rapport op {u.groot['db']}")
    u.r["geheugen"] = dict(meet_geheugen(u.backend.url(u.groot["db"]), u.snel), db=u.groot["db"])
    log(
        f"  tracemalloc {mb(u.r['geheugen']['piek_tracemalloc'])}, "
        f"RSS +{mb(u.r['geheugen']['rss_delta'])}"
    )


def _explain_werkvoorraad(u: Uitvoering) -> list[dict[str, Any]]:
    werkvoorraad = u.r.get("paginas", {}).get("werkvoorraad_sql")
    if not werkvoorraad:
        return []
    app = maak_app(u.backend.url(u.demo[werkvoorraad["schaal"]]["db"]))
    try:
        return [
            dict(e, wat=f"Werkvoorraad first page, slowest statement (N={werkvoorraad['schaal']})")
            for e in explain(app, werkvoorraad["traagste"])
        ]
    finally:
        sluit(app)


def _explain_rapport(u: Uitvoering) -> list[dict[str, Any]]:
    rapport_sql = u.r.get("rapport", {}).get("groot")
    if not (rapport_sql and u.groot):
        return []
    app = maak_app(u.backend.url(u.groot["db"]))
    try:
        plannen = [
            dict(e, wat=f"Report, statement {i} by time ({u.groot['gebeurtenissen']:,} events)")
            for i, e in enumerate(explain(app, rapport_sql["traagste"]), start=1)
        ]
        # casus, gebeurtenis, and any table named casus* the report reads
        # (e.g. a derived table of case states)
        tabellen = sorted(
            {"casus", "gebeurtenis"}
            | {t for t in rapport_sql.get("tabellen", []) if t.startswith("casus")}
        )
        u.r["indexen"] = indexen(app, tabellen)
    finally:
        sluit(app)
    return plannen


def explain_plannen(u: Uitvoering) -> None:
    """EXPLAIN of the statements captured by ``paginas`` and ``rapport`` (PostgreSQL)."""
    if not u.postgresql:
        return
    plannen = _explain_werkvoorraad(u) + _explain_rapport(u)
    u.r["explain"] = {**stempel(u.snel), "plannen": plannen}


METINGEN = {
    "rapport": rapport,
    "rapportpagina": rapportpagina,
    "paginas": paginas,
    "zoeken": zoeken,
    "import": importeren,
    "gunicorn": gunicorn,
    "geheugen": geheugen,
    "explain": explain_plannen,
}


def voer_uit(u: Uitvoering, schema: dict[str, Any]) -> None:
    """Every part asked for, in the order of ONDERDELEN (explain needs rapport's and
    paginas' captured statements)."""
    bouw_databases(u, schema)
    for onderdeel in ONDERDELEN:
        if onderdeel in u.onderdelen:
            METINGEN[onderdeel](u)
