"""Fixtures for the notification tests: a PGA Jeugd case and who may or may not see it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.extensions import db
from tests.hulp.notificaties import Mensen


@pytest.fixture
def mensen(maak_gebruiker_: Callable[..., Gebruiker]) -> Mensen:
    m = Mensen(
        regisseur=maak_gebruiker_("regisseur:pga_jeugd", naam="regisseur"),
        triagist=maak_gebruiker_("triage:pga_jeugd", naam="triagist"),
        ander_team=maak_gebruiker_("regisseur:ipta", naam="ander_team"),
        inactief=maak_gebruiker_("regisseur:pga_jeugd", naam="inactief"),
        manager=maak_gebruiker_("manager", naam="manager"),
    )
    m.inactief.actief = False
    db.session.commit()
    return m


@pytest.fixture
def pga_casus(maak_casus: Any, mensen: Mensen) -> Casus:
    casus: Casus = maak_casus("pga_jeugd", "aangemeld")
    db.session.commit()
    return casus
