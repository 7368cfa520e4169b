"""Input rules shared by the services, the forms and the import."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app

from casus.errors import Ongeldig
from casus.klok import vandaag
from workflows.base import ZOETERMEER_WIJKEN, Aanpak


def wijken() -> tuple[str, ...]:
    ingesteld = current_app.config.get("WIJKEN")
    return tuple(ingesteld) if ingesteld else ZOETERMEER_WIJKEN


def toekomstbericht(datum: date) -> str | None:
    """The refusal of a date after today (None: not in the future); the services and
    the forms say the same."""
    if datum > vandaag():
        return f"De datum {datum:%d-%m-%Y} ligt in de toekomst."
    return None


def datum_niet_in_toekomst(datum: date, veld: str) -> None:
    bericht = toekomstbericht(datum)
    if bericht:
        raise Ongeldig(bericht, veld)


def kenmerken(definitie: Aanpak, waarden: dict[str, Any]) -> dict[str, str]:
    """Checked, cleaned kenmerken: known codes, allowed values; empty ones dropped."""
    schoon: dict[str, str] = {}
    for code, waarde in waarden.items():
        kenmerk = definitie.kenmerk(code)
        if kenmerk is None:
            raise Ongeldig(f"'{code}' is geen kenmerk van {definitie.kort}.", code)
        if waarde is None or (isinstance(waarde, str) and not waarde.strip()):
            continue
        if not isinstance(waarde, str):
            raise Ongeldig(f"{kenmerk.label} moet tekst zijn.", code)
        fout = kenmerk.fout(waarde.strip(), wijken())
        if fout:
            raise Ongeldig(fout, code)
        schoon[code] = waarde.strip()
    return schoon
