"""The queue of the test: a new one in memory per test (or a SQLite file, for the
worker tests), and the test job kinds (``tests.taken.soorten``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from casus.auth.models import Gebruiker
from casus.extensions import db
from casus.taken.models import Taak
from casus.taken.wachtrij import Wachtrij, wachtrij
from tests.taken import soorten


@pytest.fixture(autouse=True)
def rij(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Wachtrij]:
    """A new, empty queue in memory; three attempts a minute apart, doubled."""
    monkeypatch.setitem(app.config, "TAKEN_OPSLAG", "geheugen")
    monkeypatch.setitem(app.config, "TAKEN_MAX_POGINGEN", 3)
    monkeypatch.setitem(app.config, "TAKEN_BACKOFF_SECONDEN", 60)
    app.extensions.pop("taken", None)
    soorten.GETELD.clear()
    soorten.WANKEL["fouten"] = 0
    yield wachtrij(app)
    app.extensions.pop("taken", None)


@pytest.fixture
def rollen(maak_gebruiker_: Callable[..., Gebruiker]) -> dict[str, Gebruiker]:
    """A beheerder, a privacy officer, a manager and a regisseur (committed)."""
    uit = {
        "beheerder": maak_gebruiker_("beheerder", naam="beheer"),
        "privacy": maak_gebruiker_("privacy", naam="privacy"),
        "manager": maak_gebruiker_("manager", naam="manager"),
        "regisseur": maak_gebruiker_("regisseur:pga_jeugd", naam="regisseur"),
    }
    db.session.commit()
    return uit


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
