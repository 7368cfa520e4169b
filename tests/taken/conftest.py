"""The queue of the test: a new one in memory per test (or a SQLite file, for the
worker tests), and the test job kinds (``tests.hulp.taken``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from casus.auth.models import Gebruiker
from casus.extensions import db
from casus.taken.wachtrij import Wachtrij, wachtrij
from tests.hulp import taken as soorten


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
