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
    case,
    false,
    func,
    literal_column,
    select,
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
    """``groepen`` for several periods in one statement (the trend, the dashboard), each
    row read once however many periods it counts in (see ``Indeling``)."""
    if not perioden:
        return []
    codes = STAND_KENMERKEN if met_kenmerken else ()
    ind = Indeling(perioden)
    delen = []
    for deel, d in enumerate(ind.delen()):
        sleutels = [d.c.aanpak, d.c.status, d.c.reden, *(d.c[k] for k in codes)]
        treden = [d.c.b1, d.c.b2, ind.trede_begin(d.c.opname), ind.trede_begin(d.c.aangemeld_op)]
        delen.append(
            select(literal_column(str(deel)).label("deel"), *sleutels, *treden, func.count())
            .select_from(d)
            .group_by(*sleutels, *treden)
        )
    # per period: (aanpak, status, reden, values of the kenmerken) -> the four counters
    som: list[dict[tuple[str, str, str | None, tuple[str | None, ...]], list[int]]] = [
        {} for _ in perioden
    ]
    stmt = union_all(*delen) if len(delen) > 1 else delen[0]
    soorten = ind.soorten()
    for deel, aanpak, status, reden, *rest in db.session.execute(stmt).tuples():
        b1, b2, bo, ba, n = rest[-5:]
        sleutel = (aanpak, status, reden, tuple(rest[:-5]))
        for i, opgenomen, voor, aangemeld in ind.telt_in(soorten[deel], b1, b2, bo, ba):
            tellers = som[i].get(sleutel)
            if tellers is None:
                tellers = som[i][sleutel] = [0, 0, 0, 0]
            tellers[0] += n
            if opgenomen:
                tellers[1] += n
            if voor:
                tellers[2] += n
            if aangemeld:
                tellers[3] += n
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


# the three kinds of part of ``stand_delen`` (see there)
BEEINDIGD, OPEN, EIND = "beeindigd", "open", "eind"


class Indeling:
    """Several periods counted in one pass over ``casusstand``.

    Whether a row counts in a period, and how, depends only on comparisons of its dates
    with the period's bounds: ``tot`` and ``vanaf`` against the period's end (and ``tot``
    against the end of that quarter), ``vanaf`` against its start (a terminal state),
    ``opname`` and ``aangemeld_op`` against its start. So the database tags each row
    with the "step" of each date among the sorted bounds of all periods (how many of
    them lie on or before it, a few CASE comparisons) and counts rows per state and
    steps; which periods a group counts in follows from its steps alone.

    The rows are read per index range as ``stand_delen`` reads them, but once for all
    periods: the open-ended states up to the last period's end in one range, the ended
    states and the terminal states in the union of the periods' ranges (overlapping
    ranges, as of the months of one quarter, merged).
    """

    def __init__(self, perioden: list[tuple[date, date]], n: str = "") -> None:
        dag = timedelta(days=1)
        self.perioden = perioden
        self.n = n
        # per period: its start, the day after its end, the day after the end of its
        # quarter-cut range (the rows that ended after the period end by then)
        self.begin = [v for v, _ in perioden]
        self.na = [t + dag for _, t in perioden]
        self.na_grens = [volgend_kwartaal(t) + dag for _, t in perioden]
        self.l_begin = sorted(set(self.begin))
        self.l_na = sorted(set(self.na))
        self.l_tot = sorted(set(self.na) | set(self.na_grens))
        self.l_eind = sorted(set(self.begin) | set(self.na))
        self._params: dict[date, BindParameter[date]] = {}
        self._soorten: list[str] = []
        self._geheugen: dict[tuple[Any, ...], list[tuple[int, bool, bool, bool]]] = {}

    def _param(self, d: date) -> BindParameter[date]:
        if d not in self._params:
            self._params[d] = datum(f"g{self.n}_{len(self._params)}", d)
        return self._params[d]

    def _trede(self, kolom: Any, grenzen: list[date]) -> ColumnElement[int]:
        """How many of ``grenzen`` (sorted) lie on or before ``kolom``: a binary tree of
        CASEs, so a few comparisons per row."""

        def boom(laag: int, hoog: int) -> ColumnElement[int]:
            if laag == hoog:
                return literal_column(str(laag))
            midden = (laag + hoog + 1) // 2
            return case(
                (kolom < self._param(grenzen[midden - 1]), boom(laag, midden - 1)),
                else_=boom(midden, hoog),
            )

        return boom(0, len(grenzen))

    def trede_begin(self, kolom: Any) -> ColumnElement[int]:
        """The step of ``kolom`` among the periods' starts; -1 when it is empty."""
        return case((kolom.is_(None), literal_column("-1")), else_=self._trede(kolom, self.l_begin))

    @staticmethod
    def _samen(reeksen: list[tuple[date, date]]) -> list[tuple[date, date]]:
        """Closed date ranges merged where they overlap or touch."""
        uit: list[tuple[date, date]] = []
        for laag, hoog in sorted(reeksen):
            if uit and laag <= uit[-1][1] + timedelta(days=1):
                uit[-1] = (uit[-1][0], max(uit[-1][1], hoog))
            else:
                uit.append((laag, hoog))
        return uit

    def delen(self) -> list[Subquery]:
        """The parts, each a range of one covering index, with the columns the counting
        needs and the steps ``b1`` and ``b2`` of ``tot`` and ``vanaf``."""
        s = Casusstand
        kolommen = [getattr(s, k) for k in (*RAPPORT_SLEUTEL, *RAPPORT_FEITEN)]
        niet_eind = s.eindstatus == false()
        laatste = self._param(max(self.na) - timedelta(days=1))
        self._soorten = []
        uit = []
        # the ended states: tot in (t, volgend_kwartaal(t)] of some period
        for laag, hoog in self._samen(
            [(n, g - timedelta(days=1)) for n, g in zip(self.na, self.na_grens, strict=True)]
        ):
            reeks = (
                s.tot == self._param(hoog)
                if laag == hoog
                else s.tot.between(self._param(laag), self._param(hoog))
            )
            uit.append(
                select(
                    *kolommen,
                    self._trede(s.tot, self.l_tot).label("b1"),
                    self._trede(s.vanaf, self.l_na).label("b2"),
                ).where(niet_eind, reeks, s.vanaf <= laatste)
            )
            self._soorten.append(BEEINDIGD)
        # the open-ended states begun on or before the last end
        uit.append(
            select(
                *kolommen,
                literal_column("0").label("b1"),
                self._trede(s.vanaf, self.l_na).label("b2"),
            ).where(niet_eind, s.tot == OPEN_EINDE, s.vanaf <= laatste)
        )
        self._soorten.append(OPEN)
        # the terminal states reached in some period
        for laag, hoog in self._samen(self.perioden):
            uit.append(
                select(
                    *kolommen,
                    literal_column("0").label("b1"),
                    self._trede(s.vanaf, self.l_eind).label("b2"),
                ).where(
                    s.eindstatus == true(),
                    s.vanaf.between(self._param(laag), self._param(hoog)),
                    s.tot == OPEN_EINDE,
                )
            )
            self._soorten.append(EIND)
        return [u.subquery() for u in uit]

    def soorten(self) -> list[str]:
        """The kind of each part of ``delen`` (after it)."""
        return self._soorten

    def telt_in(
        self, soort: str, b1: int, b2: int, bo: int, ba: int
    ) -> list[tuple[int, bool, bool, bool]]:
        """The periods a row of ``soort`` with steps ``b1``, ``b2`` (tot, vanaf), ``bo``
        (opname) and ``ba`` (aangemeld_op) counts in: per period its index, whether the
        case was taken in, taken in before the period, and registered in it."""
        sleutel = (soort, b1, b2, bo, ba)
        uit = self._geheugen.get(sleutel)
        if uit is not None:
            return uit
        uit = []
        for i, (begin, na, na_grens) in enumerate(
            zip(self.begin, self.na, self.na_grens, strict=True)
        ):
            # a date x lies before grens g of list l exactly when its step <= l.index(g)
            if soort == BEEINDIGD:
                telt = (
                    self.l_tot.index(na) < b1 <= self.l_tot.index(na_grens)
                    and b2 <= self.l_na.index(na)
                )
            elif soort == OPEN:
                telt = b2 <= self.l_na.index(na)
            else:
                telt = self.l_eind.index(begin) < b2 <= self.l_eind.index(na)
            if telt:
                k = self.l_begin.index(begin)
                uit.append((i, bo >= 0, 0 <= bo <= k, ba > k))
        self._geheugen[sleutel] = uit
        return uit


def personen_in_totaal(aanpak: str, van: date, tem: date) -> Select[tuple[int | None]]:
    """select() of the persons of ``aanpak``'s cases in ``totaal`` for the period."""
    pc = per_casus(van, tem)
    return select(pc.c.persoon_id).where(
        pc.c.aanpak == aanpak, pc.c.opname.is_not(None), pc.c.persoon_id.is_not(None)
    )
