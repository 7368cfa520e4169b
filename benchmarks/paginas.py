"""Measurements 2 and 3: server time and SQL statements of the main pages, through the
Flask test client, at every demo scale."""

from __future__ import annotations

import html
import re
import statistics
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from benchmarks.meten import (
    GEBRUIKER,
    WERKVOORRAAD,
    samenvatting,
    stempel,
    traagste,
)
from tests.hulp.statements import Statements

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient
    from sqlalchemy.engine import Engine

DIEP = 20  # keyset hops from the first Werkvoorraad page to the "deep" page
PAGINAS = (
    "Mijn casussen",
    "Werkvoorraad, first page",
    "Werkvoorraad, deep page (keyset)",
    "Casus",
    "Persoon",
)


def kies_casus(app: Flask, ref: str | None) -> dict[str, Any]:
    """The demo user's visible case with the longest history (events + notes), or the
    case ``ref`` (copy 0 of the demo is the same at every scale)."""
    from sqlalchemy import func, select

    from casus.auth.models import Gebruiker
    from casus.casussen.models import Casus, Gebeurtenis, Notitie
    from casus.extensions import db
    from workflows.base import OPEN_STATUSSEN

    with app.app_context():
        gebruiker = db.session.scalar(
            select(Gebruiker).where(Gebruiker.gebruikersnaam == GEBRUIKER)
        )
        if gebruiker is None:
            raise SystemExit(f"demogebruiker {GEBRUIKER!r} ontbreekt")
        aanpakken = sorted(gebruiker.aanpakken())
        ev = (
            select(Gebeurtenis.casus_id, func.count().label("n"))
            .group_by(Gebeurtenis.casus_id)
            .subquery()
        )
        nt = select(Notitie.casus_id, func.count().label("n")).group_by(Notitie.casus_id).subquery()
        lengte = func.coalesce(ev.c.n, 0) + func.coalesce(nt.c.n, 0)
        stmt = (
            select(
                Casus.id,
                Casus.ref,
                Casus.persoon_id,
                Casus.aanpak,
                func.coalesce(ev.c.n, 0),
                func.coalesce(nt.c.n, 0),
            )
            .outerjoin(ev, ev.c.casus_id == Casus.id)
            .outerjoin(nt, nt.c.casus_id == Casus.id)
            .where(Casus.aanpak.in_(aanpakken), Casus.persoon_id.is_not(None))
        )
        rij = db.session.execute(stmt.where(Casus.ref == ref)).first() if ref else None
        if rij is None:
            rij = db.session.execute(stmt.order_by(lengte.desc(), Casus.id).limit(1)).one()
        persoon_casussen = db.session.scalar(
            select(func.count()).select_from(Casus).where(Casus.persoon_id == rij[2])
        )
        open_werkvoorraad = db.session.scalar(
            select(func.count())
            .select_from(Casus)
            .where(Casus.aanpak == WERKVOORRAAD, Casus.status.in_(OPEN_STATUSSEN))
        )
        db.session.rollback()
    return {
        "id": rij[0],
        "ref": rij[1],
        "persoon_id": rij[2],
        "aanpak": rij[3],
        "gebeurtenissen": rij[4],
        "notities": rij[5],
        "persoon_casussen": persoon_casussen,
        "open_werkvoorraad": open_werkvoorraad,
    }


def volgende_link(tekst: str) -> str | None:
    m = re.search(r'<a href="([^"]+)" rel="next">', tekst)
    return html.unescape(m.group(1)) if m else None


def paginas_van(client: FlaskClient, casus: dict[str, Any]) -> tuple[dict[str, str], int]:
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


def log_in_test_client(app: Flask, gebruiker: str = GEBRUIKER) -> FlaskClient:
    from casus.demo import DEMO_WACHTWOORD

    client = app.test_client()
    antwoord = client.post(
        "/inloggen", data={"gebruikersnaam": gebruiker, "wachtwoord": DEMO_WACHTWOORD}
    )
    if antwoord.status_code != 302:
        raise SystemExit(f"inloggen als {gebruiker} mislukt ({antwoord.status_code})")
    return client


Opzet = tuple[int, "FlaskClient", dict[str, str], "Engine"]


def _opzetten(apps: dict[int, Flask], snel: bool, uit: dict[str, Any]) -> list[Opzet]:
    """Per scale: the case, a logged-in client, the page URLs (each requested once as a
    warm-up) and the engine; the scale's entry in ``uit`` with empty sample lists."""
    from casus.extensions import db

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
        uit[str(schaal)] = {
            **stempel(snel),
            "casus": casus,
            "diepe_pagina": diepte,
            "urls": urls,
            "tijden": {p: [] for p in urls},
            "cpu": {p: [] for p in urls},
            "statements": {p: [] for p in urls},
        }
    return opzet


def _vraag(opzet: Opzet, uit: dict[str, Any]) -> None:
    """Every page of one scale once, its wall time, thread CPU time and statements kept."""
    schaal, client, urls, engine = opzet
    per = uit[str(schaal)]
    for naam, url in urls.items():
        with Statements(engine) as st:
            cpu, begin = time.thread_time(), time.perf_counter()
            antwoord = client.get(url)
            duur = (time.perf_counter() - begin) * 1000
            cpu = (time.thread_time() - cpu) * 1000
        if antwoord.status_code != 200:
            raise SystemExit(f"{url} gaf {antwoord.status_code} (schaal {schaal})")
        per["tijden"][naam].append(duur)
        per["cpu"][naam].append(cpu)
        per["statements"][naam].append(st.aantal)


def _vat_samen(per: dict[str, Any]) -> None:
    per["paginas"] = {
        naam: {
            **samenvatting(per["tijden"][naam]),
            "cpu_mediaan": statistics.median(per["cpu"][naam]),
            "statements": Counter(per["statements"][naam]).most_common(1)[0][0],
            "statements_max": max(per["statements"][naam]),
        }
        for naam in per["urls"]
    }
    del per["tijden"], per["cpu"], per["statements"]


def meet_paginas(
    apps: dict[int, Flask], herhalingen: int, snel: bool, explain: bool
) -> dict[str, Any]:
    """Pages at every scale, interleaved (round robin over scales and pages), so a burst
    of background load does not land on one scale only."""
    uit: dict[str, Any] = {}
    opzet = _opzetten(apps, snel, uit)
    for _ in range(herhalingen):
        for per_schaal in opzet:
            _vraag(per_schaal, uit)
    for schaal, _, _, _ in opzet:
        _vat_samen(uit[str(schaal)])
    if explain:  # the Werkvoorraad's statements at the largest scale, for EXPLAIN
        schaal, client, urls, engine = opzet[-1]
        with Statements(engine, bewaar=True) as st:
            client.get(urls["Werkvoorraad, first page"])
        uit["werkvoorraad_sql"] = {
            "schaal": schaal,
            "traagste": traagste(st.lijst, 1),
            "statements": st.aantal,
        }
    return uit
