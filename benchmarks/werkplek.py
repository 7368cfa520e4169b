"""Time the caseload queries (Mijn casussen, Werkvoorraad) at 50,000 cases.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<db> python -m benchmarks.werkplek

Fills an EMPTY database (drops and recreates the tables) with synthetic cases via
bulk inserts, then times the first page, a deep keyset page and signal filters.
"""

from __future__ import annotations

import os
import random
import time
from datetime import date, timedelta

from sqlalchemy import insert, select

from casus import create_app
from casus.auth.models import Gebruiker
from casus.auth.services import maak_gebruiker
from casus.casussen.models import Casus, Notitie
from casus.extensions import db
from casus.personen.models import Persoon, PolitieContact
from casus.toegang.queries import zichtbare_casussen
from casus.werkplek import queries
from casus.zoeken.zoekvorm import zoeknaam
from config import TestConfig
from workflows.base import OPEN_STATUSSEN, STATUSSEN

AANTAL = int(os.environ.get("AANTAL", "50000"))
OP = date(2025, 9, 1)


def vul() -> Gebruiker:
    rnd = random.Random(4)  # noqa: S311 - deterministic benchmark data
    regisseurs = [
        maak_gebruiker(f"r{i}", "bench-wachtwoord-lang", rollen=["regisseur:pga_jeugd"])
        for i in range(40)
    ]
    db.session.flush()
    db.session.execute(
        insert(Persoon),
        [
            {
                "id": i,
                "voornaam": "P",
                "achternaam": f"A{i}",
                "geboortedatum": date(2005, 1, 1),
                "zoeknaam": zoeknaam("P", None, f"A{i}"),
            }
            for i in range(1, AANTAL + 1)
        ],
    )
    rijen = []
    for i in range(1, AANTAL + 1):
        aangemeld = date(2020, 1, 1) + timedelta(days=rnd.randrange(2000))
        rijen.append(
            {
                "id": i,
                "ref": f"PGAJ-{i:06d}",
                "aanpak": "pga_jeugd",
                "status": rnd.choice(STATUSSEN),
                "persoon_id": i,
                "regisseur_id": rnd.choice(regisseurs).id,
                "aangemeld_op": aangemeld,
                "kenmerken": {"wijk": rnd.choice(["Dorp", "Meerzicht", "Palenstein"])},
                "status_sinds": aangemeld + timedelta(days=rnd.randrange(200)),
                "opname_op": aangemeld + timedelta(days=5),
                "versie": 1,
            }
        )
    db.session.execute(insert(Casus), rijen)
    db.session.execute(
        insert(Notitie),
        [
            {
                "casus_id": rnd.randrange(1, AANTAL + 1),
                "soort": "contactmoment",
                "datum": date(2024, 1, 1) + timedelta(days=rnd.randrange(600)),
                "tekst": "x",
            }
            for _ in range(AANTAL * 3)
        ],
    )
    db.session.execute(
        insert(PolitieContact),
        [
            {
                "persoon_id": rnd.randrange(1, AANTAL + 1),
                "soort": "politie",
                "datum": date(2024, 1, 1) + timedelta(days=rnd.randrange(600)),
            }
            for _ in range(AANTAL)
        ],
    )
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return regisseurs[0]


def meet(naam: str, basis: object, filters: queries.Filters) -> queries.Pagina:
    tijden = []
    for _ in range(5):
        begin = time.perf_counter()
        pagina = queries.pagina(basis, filters, OP, 50)  # type: ignore[arg-type]
        tijden.append((time.perf_counter() - begin) * 1000)
        db.session.rollback()
    print(f"{naam:<45} mediaan {sorted(tijden)[2]:7.1f} ms  ({len(pagina.rijen)} rijen)")
    return pagina


def main() -> None:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"])
    with app.app_context():
        db.drop_all()
        db.create_all()
        begin = time.perf_counter()
        regisseur = vul()
        print(
            f"{AANTAL} casussen aangemaakt in {time.perf_counter() - begin:.0f} s "
            f"({db.engine.dialect.name})"
        )
        triage = maak_gebruiker("t", "bench-wachtwoord-lang", rollen=["triage:pga_jeugd"])
        db.session.commit()
        mijn = zichtbare_casussen(regisseur).where(
            Casus.regisseur_id == regisseur.id, Casus.status.in_(OPEN_STATUSSEN)
        )
        team = zichtbare_casussen(triage).where(
            Casus.aanpak == "pga_jeugd", Casus.status.in_(OPEN_STATUSSEN)
        )
        meet("Mijn casussen, eerste pagina", mijn, queries.Filters())
        eerste = meet("Werkvoorraad, eerste pagina", team, queries.Filters())
        na = eerste.volgende
        for _ in range(100):  # walk 100 pages deep
            p = queries.pagina(team, queries.Filters(na=na), OP, 50)
            na = p.volgende
        meet("Werkvoorraad, pagina 101 (keyset)", team, queries.Filters(na=na))
        for signaal in queries.SIGNALEN:
            meet(f"Werkvoorraad, signaal {signaal}", team, queries.Filters(signaal=signaal))
        meet("Werkvoorraad, wijk Dorp", team, queries.Filters(wijk="Dorp"))
        print(
            f"open casussen in de werkvoorraad: "
            f"{db.session.scalar(select(db.func.count()).select_from(team.subquery()))}"
        )
        db.drop_all()


if __name__ == "__main__":
    main()
