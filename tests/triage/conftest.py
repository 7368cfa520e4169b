"""Fixtures for the triage tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import pytest

from casus.auth.models import Gebruiker
from casus.personen.models import Persoon
from tests.hulp import fabrieken


@pytest.fixture
def persoon() -> Callable[..., Persoon]:
    return partial(
        fabrieken.persoon, voornaam="Noah", achternaam="Bakker", geboortedatum=date(2008, 5, 1)
    )


@pytest.fixture
def triagist(maak_gebruiker_: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker_("triage:pga_jeugd", "triage:ipta", naam="voorzitter")
