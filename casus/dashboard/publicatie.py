"""The one publication rule (issue 24; docs/publicatie.md): every figure that may be
published (the infographic, public figures) passes through here.

- A count from 1 up to below the threshold (``PUBLICATIE_DREMPEL``, default 5) is shown
  as "minder dan 5" (the threshold's number); 0 stays 0: it reveals nobody.
- Secondary suppression: figures that add up to another figure (a group: its cells
  and its total) would let a reader work out a hidden figure by subtraction. Where a
  hidden figure's value follows exactly from the group's shown figures, the next-smallest
  shown non-zero cell of that group is hidden too ("afgeschermd"); with no cell left to
  hide, the group's total. This is repeated over all groups until nothing follows
  exactly any more (a hidden figure can be a cell of one group and the total of another).
- A figure keyed by wijk, aanpak and age group together is never published: ``cijfer``
  refuses it (``NietPubliceerbaar``), whatever its value.
- A percentage derived from a hidden count is not shown either.

The reader's knowledge the rule accounts for: a figure reading "minder dan 5" lies
between 1 and 4; one reading "afgeschermd" is at least the threshold (a small one would
read "minder dan 5", and a 0 is never hidden). No request or configuration here: the
caller passes the threshold (read from the configuration at the call site).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from casus.rapportage.services import procent
from casus.templating import getal

STANDAARD_DREMPEL = 5
WIJK, AANPAK, LEEFTIJDSGROEP = "wijk", "aanpak", "leeftijdsgroep"
# these three together could single out a person: never published as one figure
VERBODEN_COMBINATIE = frozenset({WIJK, AANPAK, LEEFTIJDSGROEP})
AFGESCHERMD = "afgeschermd"

Reden = Literal["klein", "afgeschermd"]


class NietPubliceerbaar(ValueError):
    """A figure the rule never publishes (the combination of wijk, aanpak and age group)."""


def controleer_drempel(waarde: object) -> int:
    """The configured threshold as an int of at least 2 (1 would hide nothing); else a
    ValueError with a Dutch message, raised at start-up."""
    if isinstance(waarde, bool) or not isinstance(waarde, int | str):
        raise ValueError(f"PUBLICATIE_DREMPEL moet een geheel getal zijn, niet {waarde!r}.")
    try:
        drempel = int(waarde)
    except ValueError:
        raise ValueError(
            f"PUBLICATIE_DREMPEL moet een geheel getal zijn, niet {waarde!r}."
        ) from None
    if drempel < 2:
        raise ValueError(
            f"PUBLICATIE_DREMPEL moet minstens 2 zijn (nu {drempel}): anders wordt geen "
            "enkel klein aantal afgeschermd."
        )
    return drempel


def controleer_dimensies(dimensies: Iterable[str]) -> frozenset[str]:
    """The dimensions a figure is keyed by; refuses wijk, aanpak and age group together."""
    d = frozenset(dimensies)
    if d >= VERBODEN_COMBINATIE:
        raise NietPubliceerbaar(
            "Een cijfer per wijk, aanpak en leeftijdsgroep tegelijk wordt nooit gepubliceerd: "
            "die combinatie kan een persoon herkenbaar maken."
        )
    return d


def minder_dan(drempel: int) -> str:
    return f"minder dan {drempel}"


def is_klein(n: int, drempel: int) -> bool:
    """Whether ``n`` is hidden by the primary rule: 1 up to below the threshold."""
    return 0 < n < drempel


@dataclass(frozen=True)
class Cijfer:
    """A figure as published: ``waarde`` None when it is hidden, ``tekst`` what is shown."""

    waarde: int | None
    tekst: str
    reden: Reden | None = None

    @property
    def getoond(self) -> bool:
        return self.waarde is not None


@dataclass(frozen=True)
class Percentage:
    """A percentage as published: ``waarde`` None when it is not shown."""

    waarde: float | None
    tekst: str

    @property
    def getoond(self) -> bool:
        return self.waarde is not None


def aantal(n: int, drempel: int, dimensies: Iterable[str] = ()) -> Cijfer:
    """One figure on its own (no group): the primary rule only."""
    t = Tabel(drempel)
    t.cijfer("n", n, dimensies)
    return t.uitkomst()["n"]


@dataclass
class Tabel:
    """All figures of one publication with the groups they form; ``uitkomst`` applies
    the rule to all of them together.

    ``cijfer(naam, n)`` registers a figure (also one that is not shown but follows from
    the shown ones, e.g. "lopend aan het begin" = "in de aanpak" - "nieuw": it must be
    protected as well). ``groep(totaal, delen)`` says the figures ``delen`` add up to the
    figure ``totaal``.
    """

    drempel: int
    _waarden: dict[str, int] = field(default_factory=dict)
    _groepen: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.drempel = controleer_drempel(self.drempel)

    def cijfer(self, naam: str, n: int, dimensies: Iterable[str] = ()) -> None:
        controleer_dimensies(dimensies)
        if n < 0:
            raise ValueError(f"een aantal is nooit negatief ({naam}: {n})")
        if naam in self._waarden and self._waarden[naam] != n:
            raise ValueError(f"{naam} is al geregistreerd met een andere waarde")
        self._waarden[naam] = n

    def groep(self, totaal: str, delen: Iterable[str]) -> None:
        delen = tuple(delen)
        if sum(self._waarden[d] for d in delen) != self._waarden[totaal]:
            raise ValueError(f"de delen van {totaal} tellen niet op tot het totaal")
        self._groepen.append((totaal, delen))

    def waarde(self, naam: str) -> int:
        return self._waarden[naam]

    def uitkomst(self) -> dict[str, Cijfer]:
        verborgen: dict[str, Reden] = {
            naam: "klein" for naam, n in self._waarden.items() if is_klein(n, self.drempel)
        }
        veranderd = True
        while veranderd:
            veranderd = False
            for totaal, delen in self._groepen:
                if self._vast_te_stellen(totaal, delen, verborgen):
                    extra = self._volgende(totaal, delen, verborgen)
                    if extra is not None:
                        verborgen[extra] = "afgeschermd"
                        veranderd = True
        return {naam: self._als_cijfer(naam, verborgen.get(naam)) for naam in self._waarden}

    def _als_cijfer(self, naam: str, reden: Reden | None) -> Cijfer:
        if reden == "klein":
            return Cijfer(None, minder_dan(self.drempel), "klein")
        if reden == "afgeschermd":
            return Cijfer(None, AFGESCHERMD, "afgeschermd")
        return Cijfer(self._waarden[naam], getal(self._waarden[naam]))

    def _bereik(self, naam: str, verborgen: Mapping[str, Reden]) -> tuple[float, float]:
        """What a reader knows of the figure: its value when shown, else the range."""
        reden = verborgen.get(naam)
        if reden == "klein":
            return 1, self.drempel - 1
        if reden == "afgeschermd":
            return self.drempel, math.inf
        n = self._waarden[naam]
        return n, n

    def _vast_te_stellen(
        self, totaal: str, delen: tuple[str, ...], verborgen: Mapping[str, Reden]
    ) -> bool:
        """Whether a hidden figure of the group follows exactly from the equation
        totaal = sum(delen) and what the reader knows of the other figures."""
        termen = [(totaal, 1), *((d, -1) for d in delen)]  # sum of teken * waarde == 0
        for naam, teken in termen:
            if naam not in verborgen:
                continue
            # naam * teken = -(sum of the other terms): interval arithmetic
            laag = hoog = 0.0
            for ander, t in termen:
                if ander == naam:
                    continue
                a, b = self._bereik(ander, verborgen)
                laag, hoog = (laag - t * b, hoog - t * a) if t > 0 else (laag - t * a, hoog - t * b)
            if teken < 0:
                laag, hoog = -hoog, -laag
            eigen_laag, eigen_hoog = self._bereik(naam, verborgen)
            if max(laag, eigen_laag) == min(hoog, eigen_hoog):
                return True
        return False

    def _volgende(
        self, totaal: str, delen: tuple[str, ...], verborgen: Mapping[str, Reden]
    ) -> str | None:
        """The next figure to hide: the smallest shown non-zero cell (the first on a
        tie), else the total when it is shown."""
        kandidaten = [d for d in delen if d not in verborgen and self._waarden[d] > 0]
        if kandidaten:
            return min(kandidaten, key=lambda d: self._waarden[d])
        if totaal not in verborgen and self._waarden[totaal] > 0:
            return totaal
        return None


def percentage(deel: Cijfer, geheel: Cijfer) -> Percentage:
    """A percentage of two published figures: not shown when either is hidden (it would
    reveal the hidden count) or when there is nothing to divide by."""
    if deel.waarde is None or geheel.waarde is None:
        return Percentage(None, AFGESCHERMD)
    if geheel.waarde == 0:
        return Percentage(None, "—")
    p = procent(deel.waarde, geheel.waarde)
    return Percentage(p, f"{p:.1f}%".replace(".", ","))
