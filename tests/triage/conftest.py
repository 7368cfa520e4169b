"""Fixtures for the triage tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from casus.auth.models import Gebruiker
from casus.personen.models import Persoon
from tests.hulp import fabrieken
from tests.hulp.formulieren import formulier, ingevuld


@pytest.fixture
def persoon() -> Callable[..., Persoon]:
    return partial(
        fabrieken.persoon, voornaam="Noah", achternaam="Bakker", geboortedatum=date(2008, 5, 1)
    )


@pytest.fixture
def triagist(maak_gebruiker_: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker_("triage:pga_jeugd", "triage:ipta", naam="voorzitter")


@pytest.fixture
def bevestigd() -> Callable[..., TestResponse]:
    """A decision that is confirmed ("niet opnemen", "omzetten") taken as a browser takes
    it: step one with ``velden`` (must show the confirmation page), then that page's form
    sent as it is with ``bevestiging`` on top. Returns the confirmation's response."""

    def neem(
        client: FlaskClient, casus: Any, velden: dict[str, Any], **bevestiging: Any
    ) -> TestResponse:
        actie = f"/triage/casussen/{casus.id}/besluit"
        stap1 = client.post(actie, data=ingevuld(casus, **velden))
        assert stap1.status_code == 200, stap1.get_data(as_text=True)
        form = formulier(stap1.get_data(as_text=True), actie, bevestigd="ja")
        return client.post(form.actie, data=form.gegevens(**bevestiging))

    return neem
