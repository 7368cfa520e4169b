"""Racing status changes: two sessions on separate connections fire conflicting moves
on one case at the same instant. Exactly one wins; the other gets a clear refusal."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from casus.casussen.models import Casus, Gebeurtenis
from casus.casussen.projectie import replay
from casus.casussen.services import pas_transitie_toe
from casus.errors import DomeinFout
from casus.extensions import db
from casus.toegang.actor import IMPORT

RONDES = 200


def race(app: Flask, casus_id: int, zetten: list[dict[str, Any]]) -> list[str]:
    """Run each move in its own thread and app context (own session and connection)."""
    barrier = threading.Barrier(len(zetten))
    uitkomsten: list[str] = [""] * len(zetten)

    def werk(i: int, zet: dict[str, Any]) -> None:
        with app.app_context():
            try:
                casus = db.session.get(Casus, casus_id)
                assert casus is not None
                barrier.wait(timeout=10)
                pas_transitie_toe(casus, datum=date(2025, 3, 1), actor=IMPORT, **zet)
                db.session.commit()
                uitkomsten[i] = "ok"
            except DomeinFout as fout:
                db.session.rollback()
                uitkomsten[i] = f"geweigerd: {fout.bericht}"
            except Exception as fout:  # reported as a failure below
                db.session.rollback()
                uitkomsten[i] = f"FOUT: {type(fout).__name__}: {fout}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=werk, args=(i, z)) for i, z in enumerate(zetten)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return uitkomsten


@pytest.mark.usefixtures("postgres")
def test_two_conflicting_closures_200_times(
    app: Flask, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    regisseur = maak_gebruiker_("regisseur:ipta")
    ids = [maak_casus("ipta", "actief", regisseur=regisseur).id for _ in range(RONDES)]
    db.session.commit()
    zetten = [
        {"trigger": "afsluiten_succesvol", "reden": "werk"},
        {"trigger": "overdragen", "reden": "andere_gemeente", "partij": "Gemeente Gouda"},
    ]
    for casus_id in ids:
        uitkomsten = race(app, casus_id, zetten)
        assert sorted(u == "ok" for u in uitkomsten) == [False, True], uitkomsten
        weigering = next(u for u in uitkomsten if u != "ok")
        assert weigering.startswith("geweigerd: "), weigering
    db.session.expire_all()
    for casus_id in ids:
        casus = db.session.get(Casus, casus_id)
        assert casus is not None
        aantal = db.session.scalar(
            select(func.count()).select_from(Gebeurtenis).where(Gebeurtenis.casus_id == casus_id)
        )
        assert aantal == 4  # aanmelden, triageren, starten and exactly one closure
        assert casus.status in ("succesvol_afgesloten", "overgedragen")
        assert replay(casus.gebeurtenissen).status == casus.status


@pytest.mark.usefixtures("postgres")
def test_twenty_writers_over_a_hundred_cases(
    app: Flask, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    """Bounded rounds of parallel pauzeren/hervatten: nothing lost, projections == replay."""
    regisseur = maak_gebruiker_("regisseur:rio")
    ids = [maak_casus("rio", "actief", regisseur=regisseur).id for _ in range(100)]
    db.session.commit()
    gelukt = [0] * 20
    fouten: list[str] = []

    def schrijver(n: int) -> None:
        with app.app_context():
            for ronde in range(15):
                casus_id = ids[(n * 7 + ronde * 13) % len(ids)]
                try:
                    casus = db.session.get(Casus, casus_id)
                    assert casus is not None
                    trigger = "pauzeren" if casus.status == "actief" else "hervatten"
                    pas_transitie_toe(
                        casus,
                        trigger,
                        datum=date(2025, 3, 1),
                        actor=IMPORT,
                        reden="detentie" if trigger == "pauzeren" else None,
                    )
                    db.session.commit()
                    gelukt[n] += 1
                except DomeinFout:
                    db.session.rollback()
                except Exception as fout:  # reported as a failure below
                    db.session.rollback()
                    fouten.append(f"{type(fout).__name__}: {fout}")
                finally:
                    db.session.remove()

    threads = [threading.Thread(target=schrijver, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert fouten == []
    db.session.expire_all()
    wijzigingen = db.session.scalar(
        select(func.count())
        .select_from(Gebeurtenis)
        .where(Gebeurtenis.transitie.in_(["pauzeren", "hervatten"]))
    )
    assert wijzigingen == sum(gelukt) > 0  # every success is one event, nothing lost
    for casus in db.session.scalars(select(Casus).where(Casus.id.in_(ids))):
        assert replay(casus.gebeurtenissen).status == casus.status
