"""Job kinds of the tests (one that counts its runs, ones that fail as told) and running
the queue of a test as a worker would."""

from __future__ import annotations

from collections import Counter

from casus.extensions import db
from casus.taken.models import Taak
from casus.taken.services import taaksoort
from casus.taken.wachtrij import Wachtrij

GETELD: Counter[str] = Counter()
# how many more runs of "test_wankel" fail
WANKEL = {"fouten": 0}


@taaksoort("test_tel", label="Testtaak die telt")
def tel(naam: str) -> str:
    GETELD[naam] += 1
    return f"{naam} geteld"


@taaksoort("test_faalt", label="Testtaak zonder mailserver")
def faalt() -> None:
    raise ConnectionError("de mailserver weigert de verbinding")


@taaksoort("test_onverwacht", label="Testtaak met een onverwachte fout")
def onverwacht() -> None:
    raise RuntimeError("gegevens van Jansen, 999996009")


@taaksoort("test_wankel", label="Testtaak die eerst faalt")
def wankel() -> str:
    if WANKEL["fouten"] > 0:
        WANKEL["fouten"] -= 1
        raise ConnectionError("nog even niet")
    return "eindelijk gelukt"


def verwerk(rij: Wachtrij) -> int:
    """Run every message on the queue now, as a worker would (in this thread, in an
    application context and a session of its own): how many."""
    db.session.commit()  # no snapshot of this session's outlives the worker's writes
    aantal = 0
    while (bericht := rij.huey.dequeue()) is not None:
        rij.huey.execute(bericht)
        aantal += 1
    return aantal


def berichten(rij: Wachtrij) -> list[int]:
    """The job ids of the messages waiting on the queue."""
    return [t.args[0] for t in rij.huey.pending()]


def vers(taak_id: int) -> Taak:
    """The row as the database has it now (the worker wrote it in another session): a
    new transaction (SQLite's snapshot of an open one would not show the change) and
    no stale copy of the identity map."""
    db.session.commit()
    db.session.expire_all()
    taak = db.session.get(Taak, taak_id)
    assert taak is not None
    return taak
