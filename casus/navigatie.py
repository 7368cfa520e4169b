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


def menu_voor(gebruiker: Any) -> list[MenuItem]:
    return sorted((m for m in _MENU.values() if m.zichtbaar(gebruiker)), key=lambda m: m.volgorde)
