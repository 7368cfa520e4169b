"""The report's case counts read from the derived ``casusstand`` table.

For a period ``van..tot_en_met`` only two kinds of case can count for any key of
domain.md section 5: those open on ``tot_en_met`` and those that reached a terminal
state within the period (a case closed, or not taken in, before ``van`` counts
nowhere). For those the counting rules reduce to plain facts of the state on
``tot_en_met``: its aanpak, status and reden, whether and when the case was taken in,
whether it was registered in the period. The database counts cases per state with
sums of those facts; ``queries.emmers_uit_log`` computes the rules from the event log
itself and is the reference the tests compare with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, false, func, or_, select, true, union_all
from sqlalchemy.sql import Subquery

from casus.casussen.models import OPEN_EINDE, Casus, Casusstand
from casus.extensions import db
from casus.rapportage.queries import datum, kenmerk
from workflows.base import AFSLUITSTATUSSEN

# aanpakken whose kenmerken the report breaks down, and the kenmerken
KENMERKEN = {"ondermijning": ("herkomst",), "woonoverlast": ("woningtype", "wijk", "soort")}


def per_casus(van: date, tot_en_met: date) -> Subquery:
    """The state on ``tot_en_met`` of every case that can count in the period.

    Two range scans of one covering index (ix_casusstand_rapport): the states open on
    ``tot_en_met`` (eindstatus false, tot after it), and the terminal states reached in
    the period (eindstatus true; a terminal state is a case's last, so its tot is
    OPEN_EINDE).
    """
    s = Casusstand
    kolommen = (s.casus_id, s.aanpak, s.status, s.reden, s.opname, s.aangemeld_op,
                s.persoon_id)
    v, t = datum("van", van), datum("tem", tot_en_met)
    # `= false`, not `IS FALSE`: PostgreSQL uses only the former as an index condition
    open_op_einde = select(*kolommen).where(s.eindstatus == false(), s.tot > t, s.vanaf <= t)
    beeindigd = select(*kolommen).where(s.eindstatus == true(), s.tot == OPEN_EINDE,
                                        s.vanaf.between(v, t))
    return union_all(open_op_einde, beeindigd).subquery("pc")


@dataclass(frozen=True)
class Groep:
    """Cases in one state (aanpak, status, reden) on the period's end, with how many of
    them were taken in (before the period) and how many were registered in it."""

    aanpak: str
    status: str
    reden: str | None
    aantal: int
    opgenomen: int
    opgenomen_voor: int
    aangemeld_in: int


def groepen(van: date, tem: date) -> list[Groep]:
    """Every case that can count in the period, grouped by its state on ``tem``; the
    counting rules follow from these (see casus.rapportage.services.aanpak_cijfers)."""
    pc = per_casus(van, tem)
    v = datum("van", van)
    stmt = (
        select(pc.c.aanpak, pc.c.status, pc.c.reden, func.count(), func.count(pc.c.opname),
               func.sum(case((pc.c.opname < v, 1), else_=0)),
               func.sum(case((pc.c.aangemeld_op >= v, 1), else_=0)))
        .group_by(pc.c.aanpak, pc.c.status, pc.c.reden)
    )
    return [Groep(a, s, r, int(n), int(o), int(ov or 0), int(ai or 0))
            for a, s, r, n, o, ov, ai in db.session.execute(stmt).tuples()]


def kenmerken(van: date, tem: date) -> list[dict[str, Any]]:
    """The kenmerken the report breaks down, of the cases it breaks them down for:
    ondermijning in ``totaal``, woonoverlast in ``lopend_einde``; grouped, with ``n``."""
    pc = per_casus(van, tem)
    codes = sorted({c for lijst in KENMERKEN.values() for c in lijst})
    telt = or_(pc.c.aanpak == "ondermijning",
               and_(pc.c.aanpak == "woonoverlast", pc.c.status.not_in(AFSLUITSTATUSSEN)))
    feiten = (
        select(pc.c.aanpak, *(kenmerk(c).label(c) for c in codes))
        .select_from(pc.join(Casus, Casus.id == pc.c.casus_id))
        .where(pc.c.aanpak.in_(sorted(KENMERKEN)), pc.c.opname.is_not(None), telt)
        .subquery("feiten")
    )
    # grouped outside the subquery, so no GROUP BY repeats a bound-parameter expression
    stmt = select(*feiten.c, func.count().label("n")).group_by(*feiten.c)
    return [dict(r._mapping) for r in db.session.execute(stmt)]


def personen_in_totaal(aanpak: str, van: date, tem: date) -> Any:
    """select() of the persons of ``aanpak``'s cases in ``totaal`` for the period."""
    pc = per_casus(van, tem)
    return select(pc.c.persoon_id).where(pc.c.aanpak == aanpak, pc.c.opname.is_not(None),
                                         pc.c.persoon_id.is_not(None))
