"""Search (issue 25): server time of ``/zoeken`` through the Flask test client at the
largest demo scale, for a fixed set of terms (names with and without accents, a birth
date, a BSN, case numbers, a term nobody matches), interleaved; p95 per term and over
every request; the target is p95 ≤ 25 ms at N=100 on both databases.

Part ``zoeken`` of ``python -m benchmarks``; on its own, against any database built by
``flask --app casus demo --schaal 100 --niet-starten``:

    python -m benchmarks.zoeken --database postgresql+psycopg://postgres@127.0.0.1/casus_x
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import TYPE_CHECKING, Any

from benchmarks.meten import GEBRUIKER, log, maak_app, samenvatting, sluit, stempel
from benchmarks.paginas import log_in_test_client
from tests.hulp.statements import Statements

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient

DOEL_MS = 25.0
# terms that do not depend on the data (the demo's names at every scale)
VASTE_TERMEN = ("Ozturk", "ÖZTÜRK", "celik ruben", "bakker", "an", "xyzzy")


def termen(app: Flask) -> dict[str, str]:
    """What is searched: the fixed terms, and a birth date, a BSN and a case number of a
    person with a case the demo regisseur may see."""
    from sqlalchemy import select

    from casus.auth.models import Gebruiker
    from casus.casussen.models import Casus
    from casus.extensions import db
    from casus.personen.models import Persoon

    with app.app_context():
        gebruiker = db.session.scalar(
            select(Gebruiker).where(Gebruiker.gebruikersnaam == GEBRUIKER)
        )
        if gebruiker is None:
            raise SystemExit(f"demogebruiker {GEBRUIKER!r} ontbreekt")
        rij = db.session.execute(
            select(Casus.ref, Persoon.geboortedatum, Persoon.bsn)
            .join(Persoon, Persoon.id == Casus.persoon_id)
            .where(
                Casus.aanpak.in_(sorted(gebruiker.aanpakken())),
                Persoon.bsn.is_not(None),
                Persoon.geboortedatum.is_not(None),
            )
            .order_by(Casus.id)
            .limit(1)
        ).one()
        db.session.rollback()
    uit = {t: t for t in VASTE_TERMEN}
    uit.update(
        {
            "birth date (d-m-yyyy)": f"{rij.geboortedatum.day}-{rij.geboortedatum.month}-"
            f"{rij.geboortedatum.year}",
            "BSN": rij.bsn,
            "case number, lower case": rij.ref.lower(),
            "case number without prefix": rij.ref.split("-", 1)[1],
        }
    )
    return uit


def _vraag(client: FlaskClient, term: str) -> tuple[float, float, int]:
    """Wall time and thread CPU time (ms) of one search, and the cases it found."""
    cpu, begin = time.thread_time(), time.perf_counter()
    antwoord = client.get("/zoeken", query_string={"q": term})
    duur = (time.perf_counter() - begin) * 1000
    cpu = (time.thread_time() - cpu) * 1000
    if antwoord.status_code != 200:
        raise SystemExit(f"/zoeken?q={term} gaf {antwoord.status_code}")
    return duur, cpu, antwoord.get_data(as_text=True).count('class="ref"')


def meet_zoeken(app: Flask, herhalingen: int, snel: bool) -> dict[str, Any]:
    """Every term ``herhalingen`` times, round robin, after one warm-up request each."""
    from casus.extensions import db

    te_zoeken = termen(app)
    client = log_in_test_client(app)
    with app.app_context():
        engine = db.engine
    treffers, statements = {}, {}
    for naam, term in te_zoeken.items():  # warm-up, excluded
        with Statements(engine) as st:
            _, _, treffers[naam] = _vraag(client, term)
        statements[naam] = st.aantal
    tijden: dict[str, list[float]] = {naam: [] for naam in te_zoeken}
    cpu: dict[str, list[float]] = {naam: [] for naam in te_zoeken}
    for _ in range(herhalingen):
        for naam, term in te_zoeken.items():
            duur, cpu_duur, _ = _vraag(client, term)
            tijden[naam].append(duur)
            cpu[naam].append(cpu_duur)
    alle = [t for lijst in tijden.values() for t in lijst]
    totaal = samenvatting(alle)
    return {
        **stempel(snel),
        "termen": {
            naam: {
                "term": te_zoeken[naam],
                "casussen": treffers[naam],
                "statements": statements[naam],
                **samenvatting(tijden[naam]),
                "cpu_mediaan": statistics.median(cpu[naam]),
            }
            for naam in te_zoeken
        },
        "alle": totaal,
        "cpu_mediaan": statistics.median(t for lijst in cpu.values() for t in lijst),
        "gehaald": totaal["p95"] <= DOEL_MS,
    }


def toon(r: dict[str, Any]) -> str:
    regels = [
        f"  {naam:28} {m['term']!r:22} p50 {m['mediaan']:6.1f} ms  p95 {m['p95']:6.1f} ms  "
        f"CPU p50 {m['cpu_mediaan']:5.1f} ms  {m['casussen']:3} casussen, "
        f"{m['statements']} statements"
        for naam, m in r["termen"].items()
    ]
    alle = r["alle"]
    regels.append(
        f"  all {alle['n']} requests: p50 {alle['mediaan']:.1f} ms, p95 {alle['p95']:.1f} ms "
        f"(target ≤{DOEL_MS:.0f} ms: {'met' if r['gehaald'] else 'NOT MET'}), "
        f"CPU p50 {r['cpu_mediaan']:.1f} ms, load {r['load']:.1f}"
    )
    return "\n".join(regels)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.zoeken", description=__doc__)
    p.add_argument("--database", required=True, help="SQLAlchemy URL of a demo database")
    p.add_argument("--herhalingen", type=int, default=60, help="requests per term (60)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    args = p.parse_args(argv)
    app = maak_app(args.database, WTF_CSRF_ENABLED=False)
    try:
        log(f"zoeken op {args.database} ({args.herhalingen}x per term)")
        r = meet_zoeken(app, args.herhalingen, snel=args.herhalingen < 20)
    finally:
        sluit(app)
    print(json.dumps(r, indent=1) if args.json else toon(r))


if __name__ == "__main__":
    main()
