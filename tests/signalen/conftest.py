"""Fixtures for signals: team members and a factory using the real service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from casus.auth.models import Gebruiker
from casus.extensions import db
from casus.signalen import services
from casus.signalen.models import Signaal
from casus.toegang.actor import IMPORT


@pytest.fixture
def maak_signaal(maak_gebruiker_: Callable[..., Gebruiker]) -> Callable[..., Signaal]:
    def _maak(aanpak: str = "ondermijning", *, thema: str | None = None,
              bron: str = "meld_misdaad_anoniem", ontvangen_op: date = date(2025, 2, 3),
              tekst: str = "Veel verkeer bij een woning, 's nachts.", **kwargs: Any) -> Signaal:
        thema = thema or next(iter(services.themas(aanpak)))
        signaal = services.registreer_signaal(aanpak, ontvangen_op=ontvangen_op, bron=bron,
                                      thema=thema, tekst=tekst, actor=IMPORT, **kwargs)
        db.session.commit()
        return signaal

    return _maak
