"""The main navigation. Each blueprint registers its own entries with a predicate
saying who sees them, so adding a page never means editing a shared template."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MenuItem:
    endpoint: str
    label: str
    zichtbaar: Callable[[Any], bool]
    volgorde: int = 100


_MENU: dict[str, MenuItem] = {}


def menupunt(
    endpoint: str, label: str, zichtbaar: Callable[[Any], bool], volgorde: int = 100
) -> None:
    _MENU[endpoint] = MenuItem(endpoint, label, zichtbaar, volgorde)


# a partner user's own pages (casus.partners.partnerviews): the only entries it sees
PARTNERMENU = "partner."


def menu_voor(gebruiker: Any) -> list[MenuItem]:
    """The entries ``gebruiker`` sees; a partner user only its own ("Mijn
    casusoverleggen"), whatever another entry's predicate would say (defence in depth:
    every predicate of ``casus.toegang`` is already false for it)."""
    from casus.toegang.policy import is_partner

    partner = is_partner(gebruiker)
    return sorted(
        (
            m
            for m in _MENU.values()
            if m.zichtbaar(gebruiker) and (not partner or m.endpoint.startswith(PARTNERMENU))
        ),
        key=lambda m: m.volgorde,
    )
