"""The report's case counts read from the derived ``casusstand`` table.

For a period ``van..tot_en_met`` only two kinds of case can count for any key of
domain.md section 5: those open on ``tot_en_met`` and those that reached a terminal
state within the period (a case closed, or not taken in, before ``van`` counts
nowhere). For those the counting rules reduce to plain facts of the state on
``tot_en_met``: its aanpak, status and reden, whether and when the case was taken in,
whether it was registered in the period, and the kenmerken the report breaks down. The
database counts cases per state with sums of those facts; ``queries.emmers_uit_log``
computes the rules from the event log itself and is the reference the tests compare with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, false, func, select, true, union_all
from sqlalchemy.sql import Subquery

from casus.casussen.models import OPEN_EINDE, STAND_KENMERKEN, Casusstand
from casus.casussen.projectie import volgend_kwartaal
from casus.extensions import db
from casus.rapportage.queries import datum


def per_casus(van: date, tot_en_met: date) -> Subquery:
    """The state on ``tot_en_met`` of every case that can count in the period.

    Three range scans of one covering index (ix_casusstand_rapport): the states that
    ended after ``tot_en_met`` (eindstatus false; rows are cut at quarter starts, so their
    tot lies in ``tot_en_met``'s quarter or is the next quarter's start: for a quarter's
    last day that is one value), the open-ended states begun on or before it, and the
    terminal states reached in the period (eindstatus true; a terminal state is a
    case's last, so its tot is OPEN_EINDE).
    """
    s = Casusstand
    kolommen = (s.casus_id, s.aanpak, s.status, s.reden, s.opname, s.aangemeld_op,
                s.persoon_id, *(getattr(s, k) for k in STAND_KENMERKEN))
    v, t = datum("van", van), datum("tem", tot_en_met)
    grens = datum("grens", volgend_kwartaal(tot_en_met))
    # `= false`, not `IS FALSE`: PostgreSQL uses only the former as an index condition
    niet_eind = s.eindstatus == false()
    beeindigd_na = select(*kolommen).where(niet_eind, s.tot > t, s.tot <= grens, s.vanaf <= t)
    open_einde = select(*kolommen).where(niet_eind, s.tot == OPEN_EINDE, s.vanaf <= t)
    eindstatus = select(*kolommen).where(s.eindstatus == true(), s.tot == OPEN_EINDE,
                                         s.vanaf.between(v, t))
    return union_all(beeindigd_na, open_einde, eindstatus).subquery("pc")


@dataclass(frozen=True)
class Groep:
    """Cases in one state (aanpak, status, reden) on the period's end, with how many of
    them were taken in (before the period) and how many were registered in it; with
    ``met_kenmerken`` also per value of STAND_KENMERKEN (else those are None)."""

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
    counting rules follow from these (see casus.rapportage.services.aanpak_cijfers)."""
    pc = per_casus(van, tem)
    v = datum("van", van)
    sleutels = [pc.c.aanpak, pc.c.status, pc.c.reden]
    if met_kenmerken:
        sleutels += [pc.c[k] for k in STAND_KENMERKEN]
    stmt = (
        select(*sleutels, func.count(), func.count(pc.c.opname),
               func.sum(case((pc.c.opname < v, 1), else_=0)),
               func.sum(case((pc.c.aangemeld_op >= v, 1), else_=0)))
        .group_by(*sleutels)
    )
    uit = []
    for rij in db.session.execute(stmt).tuples():
        a, s, r = rij[:3]
        n, o, ov, ai = rij[-4:]
        waarden = dict(zip(STAND_KENMERKEN, rij[3:-4], strict=True)) if met_kenmerken else {}
        uit.append(Groep(a, s, r, int(n), int(o), int(ov or 0), int(ai or 0), waarden))
    return uit


def personen_in_totaal(aanpak: str, van: date, tem: date) -> Any:
    """select() of the persons of ``aanpak``'s cases in ``totaal`` for the period."""
    pc = per_casus(van, tem)
    return select(pc.c.persoon_id).where(pc.c.aanpak == aanpak, pc.c.opname.is_not(None),
                                         pc.c.persoon_id.is_not(None))
