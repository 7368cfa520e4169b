"""Hand-built case histories, as the counting tests write them: dates as ISO text,
each step a tuple (trigger, date[, reden[, extra keyword arguments]])."""

from __future__ import annotations

from datetime import date
from typing import Any

from casus.casussen.models import Casus
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.personen.models import Persoon
from casus.toegang.actor import IMPORT
from tests.hulp import fabrieken

D = date.fromisoformat


def persoon(geboren: str = "2007-01-01") -> Persoon:
    return fabrieken.persoon("Test", "Persoon", D(geboren))


def casus(
    aanpak: str,
    aangemeld: str,
    *stappen: tuple[Any, ...],
    p: Persoon | None = None,
    kenmerken: dict[str, str] | None = None,
    zonder_persoon: bool = False,
) -> Casus:
    """A case with its history: each step is (trigger, date[, reden[, extra kwargs]])."""
    if p is None and not zonder_persoon:
        p = persoon()
    c = meld_aan(aanpak, aangemeld_op=D(aangemeld), persoon=p, kenmerken=kenmerken, actor=IMPORT)
    for stap in stappen:
        trigger, datum, *rest = stap
        reden = rest[0] if rest else None
        extra = rest[1] if len(rest) > 1 else {}
        pas_transitie_toe(
            c, trigger, datum=D(datum), actor=IMPORT, reden=reden, historisch=True, **extra
        )
    return c
