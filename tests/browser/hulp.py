"""Helpers for the browser tests: Playwright's ``expect``, users, axe-core."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from casus.auth import wachtwoord
from casus.auth.models import Gebruiker, GebruikerRol, Teamlid
from casus.auth.services import lees_rol
from casus.extensions import db
from tests.conftest import WACHTWOORD

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips every browser test then (or fails them in CI)
    expect = None

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _hash() -> str:
    return wachtwoord.maak_hash(WACHTWOORD)  # argon2 is slow on purpose: hash once


def maak_gebruiker(gebruikersnaam: str, naam: str, *rollen: str) -> Gebruiker:
    """A user with the test password and these roles, committed."""
    gelezen = sorted({lees_rol(r) for r in rollen}, key=str)
    gebruiker = Gebruiker(gebruikersnaam=gebruikersnaam, naam=naam, actief=True,
                          wachtwoord_hash=_hash())
    gebruiker.rollen = [GebruikerRol(rol=r) for r, a in gelezen if a is None]
    gebruiker.teams = [Teamlid(rol=r, aanpak=a) for r, a in gelezen if a is not None]
    db.session.add(gebruiker)
    db.session.commit()
    return gebruiker


def vers() -> None:
    """End the test thread's read transaction, so the next query sees the server's writes."""
    db.session.rollback()


def axe_overtredingen(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (injected by the context's init script) for WCAG 2.1 A and AA."""
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                              resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
                                                      summary: n.failureSummary}))}));
        }""",
        AXE_TAGS,
    )


def beschrijf(overtredingen: Any) -> str:
    return json.dumps(overtredingen, indent=2, ensure_ascii=False)
