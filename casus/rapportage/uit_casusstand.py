"""The report's case counts read from the derived ``casusstand`` table.

For a period ``van..tot_en_met`` only two kinds of case can count for any key of
domain.md section 5: those open on ``tot_en_met`` and those that reached a terminal
state within the period (a case closed, or not taken in, before ``van`` counts
nowhere). For those the counting rules reduce to plain facts of the state on
``tot_en_met``: its aanpak, status and reden, whether and when the case was taken in,
whether it was registered in the period, and the kenmerken the report breaks down. The
database counts cases per state with sums of those facts. The tests compare the report
built on it with one that computes the rules from the event log itself (the oracle in
``tests/hulp/rapport_orakel.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, false, func, literal_column, select, true, union_all
from sqlalchemy.sql import Subquery

from casus.casussen.models import (
    OPEN_EINDE,
    RAPPORT_FEITEN,
    RAPPORT_SLEUTEL,
    STAND_KENMERKEN,
    Casusstand,
)
from casus.casussen.projectie import volgend_kwartaal
from casus.extensions import db
from casus.rapportage.queries import datum


def stand_delen(van: date, tot_en_met: date, n: str = "") -> list[Select[Any]]:
    """The three parts of the cases that can count in the period, each a range of one
    covering index (see Casusstand): the states that ended after ``tot_en_met`` (rows
    are cut at quarter starts, so such a row ends by the next quarter's start; for a
    quarter's last day exactly then), the open-ended states begun on or before it, and
    the terminal states reached in the period (a terminal state is a case's last).
    ``n`` makes the parameter names unique when several periods share a statement."""
    s = Casusstand
    kolommen = [s.tot, *(getattr(s, k) for k in (*RAPPORT_SLEUTEL, *RAPPORT_FEITEN))]
    v, t = datum(f"van{n}", van), datum(f"tem{n}", tot_en_met)
    grens = volgend_kwartaal(tot_en_met)
    # `= false`, not `IS FALSE`: the partial indexes are defined with the former
    niet_eind = s.eindstatus == false()
    if grens == tot_en_met + timedelta(days=1):
        beeindigd_na = s.tot == datum(f"grens{n}", grens)
    else:
        beeindigd_na = and_(s.tot > t, s.tot <= datum(f"grens{n}", grens), s.vanaf <= t)
    return [
        select(*kolommen).where(niet_eind, beeindigd_na),
        select(*kolommen).where(niet_eind, s.tot == OPEN_EINDE, s.vanaf <= t),
        select(*kolommen).where(s.eindstatus == true(), s.vanaf.between(v, t), s.tot == OPEN_EINDE),
    ]


def per_casus(van: date, tot_en_met: date) -> Subquery:
    """The state on ``tot_en_met`` of every case that can count in the period."""
    return union_all(*stand_delen(van, tot_en_met)).subquery("pc")


@dataclass(frozen=True)
class Groep:
    """Cases in one state (aanpak, status, reden) on the period's end, with how many of
    them were taken in (before the period) and how many were registered in it; with
    ``met_kenmerken`` also per value of STAND_KENMERKEN (``kenmerken`` empty without)."""

    aanpak: str
    status: str
    reden: str | None
    aantal: int
    opgenomen: int
    opgenomen_voor: int
    aangemeld_in: int
    kenmerken: dict[str, str | None]


def groepen(van: date, tem: date, *, met_kenmerken: bool = False) -> list[Groep]:
    """Every case that can count in the period, grouped by its state on ``tem``; the
    counting rules follow from these (see casus.rapportage.services.UitAfgeleid).

    Each part is grouped on its own, in the order of its index (no sort); a group that
    occurs in more than one part is added up here.
    """
    return groepen_per_periode([(van, tem)], met_kenmerken=met_kenmerken)[0]


def groepen_per_periode(
    perioden: list[tuple[date, date]], *, met_kenmerken: bool = False
) -> list[list[Groep]]:
    """``groepen`` for several periods in one statement (the trend): per period the same
    grouped index ranges, tagged with the period's position, in one UNION ALL."""
    codes = STAND_KENMERKEN if met_kenmerken else ()
    delen = []
    for i, (van, tem) in enumerate(perioden):
        v = datum(f"van{i}", van)
        for deel in stand_delen(van, tem, str(i)):
            d = deel.subquery()
            sleutels = [d.c.aanpak, d.c.status, d.c.reden, *(d.c[k] for k in codes)]
            delen.append(
                select(
                    literal_column(str(i)).label("p"),
                    *sleutels,
                    func.count(),
                    func.count(d.c.opname),
                    func.sum(case((d.c.opname < v, 1), else_=0)),
                    func.sum(case((d.c.aangemeld_op >= v, 1), else_=0)),
                ).group_by(*sleutels)
            )
    # per period: (aanpak, status, reden, values of the kenmerken) -> the four counters
    som: list[dict[tuple[str, str, str | None, tuple[str | None, ...]], list[int]]] = [
        {} for _ in perioden
    ]
    stmt = union_all(*delen) if len(delen) > 1 else delen[0]
    for p, aanpak, status, reden, *rest in db.session.execute(stmt).tuples():
        tellers = som[int(p)].setdefault((aanpak, status, reden, tuple(rest[:-4])), [0, 0, 0, 0])
        for j, n in enumerate(rest[-4:]):
            tellers[j] += int(n or 0)
    return [
        [
            Groep(
                aanpak,
                status,
                reden,
                aantal,
                opgenomen,
                voor,
                aangemeld,
                kenmerken=dict(zip(codes, waarden, strict=True)),
            )
            for (aanpak, status, reden, waarden), (aantal, opgenomen, voor, aangemeld) in s.items()
        ]
        for s in som
    ]


def personen_in_totaal(aanpak: str, van: date, tem: date) -> Select[tuple[int | None]]:
    """select() of the persons of ``aanpak``'s cases in ``totaal`` for the period."""
    pc = per_casus(van, tem)
    return select(pc.c.persoon_id).where(
        pc.c.aanpak == aanpak, pc.c.opname.is_not(None), pc.c.persoon_id.is_not(None)
    )
