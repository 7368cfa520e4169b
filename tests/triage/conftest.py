"""Helpers for the triage tests."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from casus.auth.models import Gebruiker
from casus.extensions import db
from casus.personen.models import Persoon

VANDAAG = date(2025, 3, 10)


@pytest.fixture
def persoon() -> Callable[..., Persoon]:
    def _maak(voornaam: str = "Noah", achternaam: str = "Bakker") -> Persoon:
        p = Persoon(voornaam=voornaam, achternaam=achternaam, geboortedatum=date(2008, 5, 1))
        db.session.add(p)
        db.session.flush()
        return p

    return _maak


@pytest.fixture
def triagist(maak_gebruiker_: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker_("triage:pga_jeugd", "triage:ipta", naam="voorzitter")


def formulier(casus: Any = None, **velden: Any) -> dict[str, Any]:
    """Form data as the page sends it: a fresh idempotency token and, for a form on a
    case, the case's version as it is now."""
    data = {"token": secrets.token_urlsafe(12), **velden}
    if casus is not None:
        db.session.refresh(casus)
        data["versie"] = str(casus.versie)
    return data


def rijen(html: str) -> list[str]:
    """The body rows of the first table, tags stripped, whitespace collapsed."""
    tbody = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip()
            for r in tbody.split("</tr>") if "<td" in r]


def refs(html: str, *kandidaten: Any) -> list[str]:
    """Which of the given cases' refs appear in the page, in page order."""
    gevonden = [(html.find(c.ref), c.ref) for c in kandidaten if c.ref in html]
    return [ref for _, ref in sorted(gevonden)]
