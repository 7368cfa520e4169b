"""Norms, notifications and the digest (issue 19) on a demo database of any scale.

- ``escalatie``: ``escaleer_normen`` as the worker runs it each morning, the first run
  of a day (every nearing or passed norm notified) and a rerun (nothing new);
- ``overzicht``: the managers' overview ``/termijnen`` (counts per aanpak and regisseur);
- ``standen``: the norm state of one page of 50 cases (``termijnstanden``), as a list
  page shows it;
- ``meldingen``: the header's unread count and the first page of a regisseur's list;
- ``digests``: ``verstuur_digests`` with nobody due (the daily job's fixed cost).

Times in milliseconds.

Not a part of ``python -m benchmarks``; on a demo database of its own:

    DATABASE_URL=sqlite:////tmp/demo10.db flask --app casus demo --schaal 10 --niet-starten
    python -m benchmarks.termijnen --database sqlite:////tmp/demo10.db --rondes 5

The escalation writes notifications: it runs in a transaction that is rolled back, so
every round measures a first run, then the same again after a commit for the rerun.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, func, select

from benchmarks.meten import log, samenvatting


def _meet(rondes: int, doe: Callable[[], Any]) -> dict[str, Any]:
    doe()  # one first, excluded (warms the caches)
    tijden = []
    for _ in range(rondes):
        begin = time.perf_counter()
        doe()
        tijden.append((time.perf_counter() - begin) * 1000)
    return samenvatting(tijden)


def meet(database: str, rondes: int) -> dict[str, Any]:
    from casus import create_app
    from casus.auth.models import Gebruiker
    from casus.casussen.models import Casus
    from casus.extensions import db
    from casus.mail.digest import verstuur_digests
    from casus.notificaties.models import Notificatie
    from casus.notificaties.services import aantal_ongelezen, notificaties_van
    from casus.termijnen.services import escaleer_normen, overzicht, termijnstanden
    from casus.toegang.actor import TERMIJNEN
    from casus.toegang.queries import zichtbare_casussen

    # a mail server is named (nothing is sent: no demo user has an address), so the
    # digest run does its real work of finding who is due
    app = create_app(
        SQLALCHEMY_DATABASE_URI=database,
        TAKEN_OPSLAG="geheugen",
        MAIL_SERVER="127.0.0.1",
        MAIL_AFZENDER="casus@gemeente.example",
        BASIS_URL="https://casus.gemeente.example",
    )
    uitkomst: dict[str, Any] = {"database": database}
    with app.app_context():
        uitkomst["casussen"] = db.session.scalar(select(func.count()).select_from(Casus))
        manager = db.session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == "manager"))
        regisseur = db.session.scalar(
            select(Gebruiker).where(Gebruiker.gebruikersnaam == "regisseur")
        )
        # the escalation from an empty notification table: first run, then a rerun
        db.session.execute(delete(Notificatie).where(Notificatie.soort.like("termijn%")))
        db.session.commit()
        eerste: list[float] = []
        tweede: list[float] = []
        aantal = {}
        for _ in range(rondes):
            begin = time.perf_counter()
            aantal = escaleer_normen(actor=TERMIJNEN)
            db.session.flush()
            eerste.append((time.perf_counter() - begin) * 1000)
            begin = time.perf_counter()
            escaleer_normen(actor=TERMIJNEN)
            db.session.flush()
            tweede.append((time.perf_counter() - begin) * 1000)
            db.session.rollback()
        uitkomst["escalatie_eerste"] = {**samenvatting(eerste), "meldingen": aantal}
        uitkomst["escalatie_herhaling"] = samenvatting(tweede)
        escaleer_normen(actor=TERMIJNEN)
        db.session.commit()
        uitkomst["overzicht"] = _meet(rondes, lambda: overzicht(actor=manager))
        pagina = db.session.scalars(zichtbare_casussen(regisseur).limit(50)).all()
        uitkomst["standen_50"] = _meet(rondes, lambda: termijnstanden(pagina))
        uitkomst["meldingen_kop"] = _meet(rondes, lambda: aantal_ongelezen(regisseur))
        uitkomst["meldingen_lijst"] = _meet(rondes, lambda: notificaties_van(regisseur))
        uitkomst["digests_niemand"] = _meet(rondes, verstuur_digests)
    return uitkomst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--rondes", type=int, default=5)
    args = parser.parse_args()
    uitkomst = meet(args.database, args.rondes)
    log(json.dumps(uitkomst, indent=2, default=str))


if __name__ == "__main__":
    main()
