"""Replay of a case's event log into its projection (status and friends) and into its
status periods (the ``casusstand`` rows).

Pure functions over events (``Logstapvorm``: a ``Gebeurtenis`` or a ``Logstap``), used
through ``casus.casussen.logrijen`` by every writer of the log, and by the tests and
checks that assert "projection == replay".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from casus.casussen.models import (
    AANHOUDEN,
    CORRIGEREN,
    OPEN_EINDE,
    STAND_KENMERKEN,
    TOEWIJZEN,
    stand_kenmerken,
)
from workflows.base import EINDSTATUSSEN

NIET_STATUS = frozenset({CORRIGEREN, TOEWIJZEN, AANHOUDEN})


class Logstapvorm(Protocol):
    """What the replay reads of one event of the log: a ``Gebeurtenis`` row or a
    ``Logstap`` (read-only, so a frozen ``Logstap`` fits)."""

    @property
    def id(self) -> int: ...

    @property
    def volgnummer(self) -> int: ...

    @property
    def transitie(self) -> str: ...

    @property
    def naar_status(self) -> str: ...

    @property
    def aanpak(self) -> str: ...

    @property
    def datum(self) -> date: ...

    @property
    def vervalt_id(self) -> int | None: ...

    @property
    def data(self) -> dict[str, object] | None: ...

    @property
    def reden(self) -> str | None: ...


# an event of the log of one kind: what the filters below return is what they were given
L = TypeVar("L", bound=Logstapvorm)


@dataclass(frozen=True)
class Logstap:
    """One event of the log as plain data (what ``replay`` and ``statusperiodes`` read),
    for code that holds rows, not ``Gebeurtenis`` objects: the bulk writers
    (``logrijen.Logboek``) and the check of ``casus.casussen.afgeleid``."""

    id: int
    volgnummer: int
    transitie: str
    naar_status: str
    aanpak: str
    datum: date
    vervalt_id: int | None
    data: dict[str, object] | None
    reden: str | None = None


@dataclass(frozen=True)
class Projectie:
    status: str
    aanpak: str
    status_sinds: date
    opname_op: date | None
    afgesloten_op: date | None
    regisseur_id: int | None


def geldige(gebeurtenissen: Iterable[L]) -> list[L]:
    """The events that count: not voided, and not corrections themselves; in order."""
    lijst = sorted(gebeurtenissen, key=lambda g: g.volgnummer)
    vervallen = {g.vervalt_id for g in lijst if g.vervalt_id is not None}
    return [g for g in lijst if g.id not in vervallen and g.transitie != CORRIGEREN]


def statusgebeurtenissen(gebeurtenissen: Iterable[L]) -> list[L]:
    return [g for g in geldige(gebeurtenissen) if g.transitie not in NIET_STATUS]


def replay(gebeurtenissen: Iterable[Logstapvorm]) -> Projectie:
    alle = geldige(gebeurtenissen)
    status_events = [g for g in alle if g.transitie not in NIET_STATUS]
    if not status_events:
        raise ValueError("a case has at least its aanmelden event")
    laatste = status_events[-1]
    opname = next((g.datum for g in reversed(status_events) if g.transitie == "triageren"), None)
    regisseur_id: int | None = None
    for g in alle:
        if g.data and "regisseur_id" in g.data:
            waarde = g.data["regisseur_id"]
            regisseur_id = int(waarde) if isinstance(waarde, int) else None
    return Projectie(
        status=laatste.naar_status,
        aanpak=laatste.aanpak,
        status_sinds=laatste.datum,
        opname_op=opname,
        afgesloten_op=laatste.datum if laatste.naar_status in EINDSTATUSSEN else None,
        regisseur_id=regisseur_id,
    )


def volgend_kwartaal(d: date) -> date:
    """The first day of the quarter after the one ``d`` is in."""
    maand = (d.month - 1) // 3 * 3 + 4
    return date(d.year + 1, 1, 1) if maand > 12 else date(d.year, maand, 1)


def _kenmerk(waarde: object) -> str | None:
    return None if waarde in (None, "") else str(waarde)


@dataclass(frozen=True)
class Stand:
    """One row of ``casusstand``: the case's state on the dates ``[vanaf, tot)``."""

    vanaf: date
    tot: date
    aanpak: str
    status: str
    reden: str | None
    opname: date | None
    aangemeld_op: date

    @property
    def eindstatus(self) -> bool:
        return self.status in EINDSTATUSSEN

    def als_rij(
        self, casus_id: int, persoon_id: int | None, kenmerken: Mapping[str, object] | None
    ) -> dict[str, object]:
        """The row, with the case's person and the kenmerken the report breaks down for
        the row's aanpak."""
        rij: dict[str, object] = {
            "casus_id": casus_id,
            "vanaf": self.vanaf,
            "tot": self.tot,
            "aanpak": self.aanpak,
            "status": self.status,
            "eindstatus": self.eindstatus,
            "reden": self.reden,
            "opname": self.opname,
            "aangemeld_op": self.aangemeld_op,
            "persoon_id": persoon_id,
        }
        eigen = stand_kenmerken(self.aanpak)
        waarden = kenmerken or {}
        for code in STAND_KENMERKEN:
            rij[code] = _kenmerk(waarden.get(code)) if code in eigen else None
        return rij


def per_kwartaal(stand: Stand) -> list[Stand]:
    """A state that has ended, cut at every quarter start after ``vanaf``: each piece
    lies within one quarter, so the pieces holding a date end by the next quarter's
    start. An open-ended state is one piece."""
    if stand.tot == OPEN_EINDE:
        return [stand]
    grens = volgend_kwartaal(stand.vanaf)
    if grens >= stand.tot:  # most states: within one quarter
        return [stand]
    # the other fields as they are (constructing directly: ``replace`` is slow in bulk)
    rest = (stand.aanpak, stand.status, stand.reden, stand.opname, stand.aangemeld_op)
    stukken = [Stand(stand.vanaf, grens, *rest)]
    vanaf = grens
    while (grens := volgend_kwartaal(vanaf)) < stand.tot:
        stukken.append(Stand(vanaf, grens, *rest))
        vanaf = grens
    stukken.append(Stand(vanaf, stand.tot, *rest))
    return stukken


def statusperiodes(gebeurtenissen: Iterable[Logstapvorm]) -> list[Stand]:
    """The case's status periods (its states over time: the ``casusstand`` rows) from its
    valid status events (dates never decrease along the log), cut into quarters
    (``per_kwartaal``). Several events on one day leave only the day's last state. The
    first status event is the aanmelden, dated ``aangemeld_op``."""
    events = statusgebeurtenissen(gebeurtenissen)
    uit: list[Stand] = []
    opname: date | None = None
    for i, g in enumerate(events):
        if g.transitie == "triageren":
            opname = g.datum
        tot = events[i + 1].datum if i + 1 < len(events) else OPEN_EINDE
        if tot > g.datum:
            uit.extend(
                per_kwartaal(
                    Stand(g.datum, tot, g.aanpak, g.naar_status, g.reden, opname, events[0].datum)
                )
            )
    return uit
