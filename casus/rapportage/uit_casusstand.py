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

from sqlalchemy import (
    BindParameter,
    Select,
    and_,
    bindparam,
    case,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.sql import Subquery
from sqlalchemy.sql.elements import ColumnElement

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


def stand_delen(
    van: date, tot_en_met: date, n: str = "", aanpak: str | None = None
) -> list[Select[Any]]:
    """The three parts of the cases that can count in the period, each a range of one
    covering index (see Casusstand): the states that ended after ``tot_en_met`` (rows
    are cut at quarter starts, so such a row ends by the next quarter's start; for a
    quarter's last day exactly then), the open-ended states begun on or before it, and
    the terminal states reached in the period (a terminal state is a case's last).
    ``n`` makes the parameter names unique when several periods share a statement.

    With ``aanpak`` only that aanpak's states: the first part then seeks each day of its
    range (at most a quarter's) with the aanpak instead of reading every aanpak's rows
    of the range (the index leads with ``tot``, then ``aanpak``)."""
    s = Casusstand
    kolommen = [s.tot, *(getattr(s, k) for k in (*RAPPORT_SLEUTEL, *RAPPORT_FEITEN))]
    v, t = datum(f"van{n}", van), datum(f"tem{n}", tot_en_met)
    grens = volgend_kwartaal(tot_en_met)
    # `= false`, not `IS FALSE`: the partial indexes are defined with the former
    niet_eind = s.eindstatus == false()
    if grens == tot_en_met + timedelta(days=1):
        beeindigd_na = s.tot == datum(f"grens{n}", grens)
    elif aanpak is not None:
        dagen = [tot_en_met + timedelta(days=d) for d in range(1, (grens - tot_en_met).days + 1)]
        beeindigd_na = and_(s.tot.in_(dagen), s.vanaf <= t)
    else:
        beeindigd_na = and_(s.tot > t, s.tot <= datum(f"grens{n}", grens), s.vanaf <= t)
    delen = [
        select(*kolommen).where(niet_eind, beeindigd_na),
        select(*kolommen).where(niet_eind, s.tot == OPEN_EINDE, s.vanaf <= t),
        select(*kolommen).where(s.eindstatus == true(), s.vanaf.between(v, t), s.tot == OPEN_EINDE),
    ]
    if aanpak is None:
        return delen
    return [d.where(s.aanpak == bindparam(f"aanpak{n}", aanpak)) for d in delen]


def zonder_jit() -> None:
    """On PostgreSQL: no JIT compilation for the rest of the transaction. The counting
    statements union many index ranges, so their estimated cost passes
    ``jit_above_cost`` while they run in a few hundred milliseconds at most; compiling
    them took ~150 ms of a 300 ms statement (EXPLAIN ANALYZE at 1M events) and saved
    less than it cost."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL jit = off"))


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
    """``groepen`` for several periods in one statement (the trend, the dashboard).

    The rows that can count in more than one period are read once (see ``Indeling``);
    the others, per period, as ``stand_delen`` reads them. Each part is grouped on its
    own; a group that occurs in more than one part is added up here.
    """
    if not perioden:
        return []
    codes = STAND_KENMERKEN if met_kenmerken else ()
    indeling = Indeling(perioden)
    delen = indeling.delen(codes)
    # per period: (aanpak, status, reden, values of the kenmerken) -> the four counters
    som: list[dict[tuple[str, str, str | None, tuple[str | None, ...]], list[int]]] = [
        {} for _ in perioden
    ]
    stmt = union_all(*delen) if len(delen) > 1 else delen[0]
    zonder_jit()
    k = len(codes)
    for deel, aanpak, status, reden, *rest in db.session.execute(stmt).tuples():
        sleutel = (aanpak, status, reden, tuple(rest[:k]))
        for i, tellers in indeling.bijdragen(int(deel), *(int(x or 0) for x in rest[k:])):
            totaal = som[i].get(sleutel)
            if totaal is None:
                som[i][sleutel] = list(tellers)
            else:
                for j, x in enumerate(tellers):
                    totaal[j] += x
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


# the kinds of part of ``Indeling.delen``
_PER_PERIODE, _VAST, _LOS = "per_periode", "vast", "los"


class Indeling:
    """How ``groepen_per_periode`` reads the rows of several periods.

    For a period ending on ``t`` (starting on ``v``) a non-terminal state counts when
    it holds on ``t``: it ended after ``t`` (by the next quarter's start ``g``, as rows
    are cut there) or is open-ended, and began on or before ``t``; a terminal state
    when it was reached in the period. Periods share most of those rows: every period
    counts the open-ended states begun before it ends, and every period ending in one
    quarter the states cut at ``g``. Such a "tail" (the rows with one value of ``tot``:
    ``OPEN_EINDE``, or a ``g``) counts in each of its periods whose end is on or after
    the row's ``vanaf``, so it is read once for all of them:

    - its settled rows (begun before, registered before and, if taken in at all, taken
      in before the earliest of those periods) count the same in each: grouped as the
      index orders them, no sort;
    - its other rows are grouped by the "step" of ``vanaf``, ``opname`` and
      ``aangemeld_op`` among the periods' bounds (how many bounds lie on or before the
      date: a few CASE comparisons), from which follows in which periods each group
      counts and how.

    The rest is read per period as ``stand_delen`` reads it: the states that ended after
    ``t`` but before ``g`` (for a quarter's last day: none), and the terminal states.
    A tail of one period is read as ``stand_delen`` does as well.
    """

    def __init__(self, perioden: list[tuple[date, date]]) -> None:
        self.perioden = perioden
        self._params: dict[date, BindParameter[date]] = {}
        # per part: its kind and its periods (indexes into perioden)
        self._delen: list[tuple[str, list[int]]] = []
        # per "los" part: the sorted days after the ends and the sorted starts
        self._treden: dict[int, tuple[list[date], list[date]]] = {}
        self._geheugen: dict[tuple[int, int, int, int], list[tuple[int, bool, bool, bool]]] = {}

    def _p(self, d: date) -> BindParameter[date]:
        if d not in self._params:
            self._params[d] = datum(f"d{len(self._params)}", d)
        return self._params[d]

    @staticmethod
    def _trede(kolom: Any, grenzen: list[BindParameter[date]]) -> ColumnElement[int]:
        """How many of ``grenzen`` (sorted) lie on or before ``kolom``: a binary tree of
        CASEs, so a few comparisons per row."""

        def boom(laag: int, hoog: int) -> ColumnElement[int]:
            if laag == hoog:
                return literal_column(str(laag))
            midden = (laag + hoog + 1) // 2
            return case(
                (kolom < grenzen[midden - 1], boom(laag, midden - 1)),
                else_=boom(midden, hoog),
            )

        return boom(0, len(grenzen))

    def delen(self, codes: tuple[str, ...]) -> list[Select[Any]]:
        """The parts of the statement: each ``(deel, aanpak, status, reden, kenmerken...,
        b_vanaf, b_opname, b_aangemeld, aantal, opgenomen, opgenomen_voor, aangemeld_in)``
        (the steps, or the counters, 0 where a kind has none)."""
        s = Casusstand
        niet_eind = s.eindstatus == false()
        dag = timedelta(days=1)

        def nul(naam: str) -> ColumnElement[Any]:
            return literal_column("0").label(naam)

        sleutels = [s.aanpak, s.status, s.reden, *(getattr(s, k) for k in codes)]
        uit: list[Select[Any]] = []

        def deel(soort: str, periodes: list[int]) -> ColumnElement[Any]:
            self._delen.append((soort, periodes))
            return literal_column(str(len(self._delen) - 1)).label("deel")

        def per_periode(i: int, *voorwaarden: Any) -> None:
            v = self._p(self.perioden[i][0])
            uit.append(
                select(
                    deel(_PER_PERIODE, [i]),
                    *sleutels,
                    nul("bv"),
                    nul("bo"),
                    nul("ba"),
                    func.count(),
                    func.count(s.opname),
                    func.sum(case((s.opname < v, 1), else_=0)),
                    func.sum(case((s.aangemeld_op >= v, 1), else_=0)),
                )
                .where(*voorwaarden)
                .group_by(*sleutels)
            )

        def staart(tot: date, periodes: list[int]) -> None:
            """The non-terminal states with ``tot``, counted in each of ``periodes``
            that ends on or after the state's ``vanaf``."""
            eindes = sorted({self.perioden[i][1] for i in periodes})
            if len(periodes) == 1:
                per_periode(
                    periodes[0], niet_eind, s.tot == self._p(tot), s.vanaf <= self._p(eindes[0])
                )
                return
            begin = min(self.perioden[i][0] for i in periodes)
            rij = [niet_eind, s.tot == self._p(tot), s.vanaf <= self._p(eindes[-1])]
            vast = and_(
                s.vanaf <= self._p(eindes[0]),
                or_(s.opname.is_(None), s.opname < self._p(begin)),
                s.aangemeld_op < self._p(begin),
            )
            uit.append(
                select(
                    deel(_VAST, periodes),
                    *sleutels,
                    nul("bv"),
                    nul("bo"),
                    nul("ba"),
                    func.count(),
                    func.count(s.opname),
                    nul("voor"),
                    nul("aang"),
                )
                .where(*rij, vast)
                .group_by(*sleutels)
            )
            na = [e + dag for e in eindes]
            begins = sorted({self.perioden[i][0] for i in periodes})
            kolom = deel(_LOS, periodes)
            self._treden[len(self._delen) - 1] = (na, begins)
            grenzen_na = [self._p(d) for d in na]
            grenzen_begin = [self._p(d) for d in begins]
            treden = [
                self._trede(s.vanaf, grenzen_na),
                case(
                    (s.opname.is_(None), literal_column("-1")),
                    else_=self._trede(s.opname, grenzen_begin),
                ),
                self._trede(s.aangemeld_op, grenzen_begin),
            ]
            uit.append(
                select(kolom, *sleutels, *treden, func.count())
                .add_columns(nul("opg"), nul("voor"), nul("aang"))
                .where(*rij, not_(vast))
                .group_by(*sleutels, *treden)
            )

        # the tails: the open-ended states (every period) and the states cut at a
        # quarter start (the periods ending in the quarter before it)
        staart(OPEN_EINDE, list(range(len(self.perioden))))
        per_grens: dict[date, list[int]] = {}
        for i, (_, tem) in enumerate(self.perioden):
            per_grens.setdefault(volgend_kwartaal(tem), []).append(i)
        for grens, periodes in sorted(per_grens.items()):
            staart(grens, periodes)
        for i, (van, tem) in enumerate(self.perioden):
            grens = volgend_kwartaal(tem)
            if tem + dag < grens:  # ended after tem, before the quarter's end
                per_periode(
                    i,
                    niet_eind,
                    s.tot.between(self._p(tem + dag), self._p(grens - dag)),
                    s.vanaf <= self._p(tem),
                )
            per_periode(
                i,
                s.eindstatus == true(),
                s.vanaf.between(self._p(van), self._p(tem)),
                s.tot == OPEN_EINDE,
            )
        return uit

    def bijdragen(
        self, deel: int, b_vanaf: int, b_opname: int, b_aangemeld: int, *tellers: int
    ) -> list[tuple[int, tuple[int, int, int, int]]]:
        """What one row of the statement adds to which period: (index, the counters)."""
        soort, periodes = self._delen[deel]
        aantal, opgenomen, voor, aangemeld = tellers
        if soort == _PER_PERIODE:
            return [(periodes[0], (aantal, opgenomen, voor, aangemeld))]
        if soort == _VAST:
            # begun, registered and taken in (if at all) before every one of them
            return [(i, (aantal, opgenomen, opgenomen, 0)) for i in periodes]
        sleutel = (deel, b_vanaf, b_opname, b_aangemeld)
        vlaggen = self._geheugen.get(sleutel)
        if vlaggen is None:
            na, begins = self._treden[deel]
            vlaggen = []
            for i in periodes:
                van, tem = self.perioden[i]
                # a date lies before grens g of the sorted list l when its step <= l.index(g)
                if b_vanaf <= na.index(tem + timedelta(days=1)):
                    k = begins.index(van)
                    vlaggen.append((i, b_opname >= 0, 0 <= b_opname <= k, b_aangemeld > k))
            self._geheugen[sleutel] = vlaggen
        return [
            (i, (aantal, aantal if o else 0, aantal if v else 0, aantal if a else 0))
            for i, o, v, a in vlaggen
        ]


def personen_in_totaal(aanpak: str, van: date, tem: date) -> Select[tuple[int | None]]:
    """select() of the persons of ``aanpak``'s cases in ``totaal`` for the period."""
    pc = union_all(*stand_delen(van, tem, aanpak=aanpak)).subquery("pc")
    return select(pc.c.persoon_id).where(pc.c.opname.is_not(None), pc.c.persoon_id.is_not(None))
