"""The report's SQL: aggregations over the event history, the same on SQLite and PostgreSQL.

A case's state at a period's end is that of its non-voided status events dated on or
before ``tot_en_met`` (corrections themselves excluded). The report reads it from the
derived ``casusstand`` table, kept in step with the log by the status service;
``per_casus_uit_log`` computes the same from the log itself, as the reference. The database returns
counts grouped by aanpak and by the flags of the counting rules, never cases.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    and_,
    bindparam,
    case,
    exists,
    extract,
    func,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement, Subquery

from casus.casussen.models import OPEN_EINDE, Casus, Casusstand, Gebeurtenis, Interventie
from casus.casussen.projectie import NIET_STATUS
from casus.extensions import db
from casus.personen.models import Persoon, PolitieContact
from casus.signalen.models import Signaal
from workflows.base import AFSLUITSTATUSSEN, IN_DE_WACHT, NIET_OPGENOMEN

VLAGGEN = ("aanmeldingen", "niet_opgenomen", "lopend_begin", "nieuw", "totaal", "afgesloten",
           "in_de_wacht_einde")


def _datum(naam: str, waarde: date) -> Any:
    return bindparam(naam, waarde, type_=Date)


def per_casus(van: date, tot_en_met: date) -> Subquery:
    """One row per case that can count in ``van..tot_en_met``, read from ``casusstand``:
    its state on ``tot_en_met`` with the same columns as ``per_casus_uit_log``.

    Two range scans of one covering index: the cases open on ``tot_en_met``, and those
    that reached a terminal state within the period. A case that was already closed (or not taken in)
    before ``van`` counts for no key of the period, so it is not read at all.
    """
    s = Casusstand
    afsluiting = s.status.in_(AFSLUITSTATUSSEN)
    kolommen = (
        s.casus_id, s.aanpak, s.status, s.opname,
        case((afsluiting, s.vanaf)).label("afsluiting"),
        case((afsluiting, s.status)).label("afsl_status"),
        case((afsluiting, s.reden)).label("afsl_reden"),
        case((s.status == NIET_OPGENOMEN, s.vanaf)).label("niet_opgenomen_op"),
        s.aangemeld_op,
    )
    v, t = _datum("van", van), _datum("tem", tot_en_met)
    open_op_einde = select(*kolommen).where(s.eindstatus.is_(False), s.tot > t, s.vanaf <= t)
    # a terminal state is always a case's last: its tot is OPEN_EINDE, so both branches
    # are range scans of one index (eindstatus, tot, vanaf, ...)
    beeindigd = select(*kolommen).where(s.eindstatus.is_(True), s.tot == OPEN_EINDE,
                                        s.vanaf.between(v, t))
    return union_all(open_op_einde, beeindigd).subquery("pc")


def per_casus_uit_log(tot_en_met: date) -> Subquery:
    """The reference: one row per case with events up to ``tot_en_met``, replayed from the
    event log itself (aanpak and status then, opname, afsluiting (date, status, reden) and
    the date of a niet_opnemen). ``controleer`` compares the report built on it with the
    one built on ``casusstand``."""
    g, c = aliased(Gebeurtenis), aliased(Gebeurtenis)
    events = (
        select(
            g.casus_id, g.transitie, g.naar_status, g.aanpak, g.datum, g.reden,
            func.row_number().over(partition_by=g.casus_id, order_by=g.volgnummer.desc())
            .label("rn"),
        )
        .where(
            g.transitie.not_in(sorted(NIET_STATUS)),
            g.datum <= _datum("tem", tot_en_met),
            ~exists().where(c.vervalt_id == g.id),
        )
        .subquery("ev")
    )
    laatste = events.c.rn == 1
    afsluiting = events.c.naar_status.in_(AFSLUITSTATUSSEN)
    return (
        select(
            events.c.casus_id,
            func.max(case((laatste, events.c.aanpak))).label("aanpak"),
            func.max(case((laatste, events.c.naar_status))).label("status"),
            func.max(case((events.c.transitie == "triageren", events.c.datum))).label("opname"),
            func.max(case((afsluiting, events.c.datum))).label("afsluiting"),
            func.max(case((afsluiting, events.c.naar_status))).label("afsl_status"),
            func.max(case((afsluiting, events.c.reden))).label("afsl_reden"),
            func.max(case((events.c.transitie == "niet_opnemen", events.c.datum)))
            .label("niet_opgenomen_op"),
            func.max(Casus.aangemeld_op).label("aangemeld_op"),
        )
        .join(Casus, Casus.id == events.c.casus_id)
        .group_by(events.c.casus_id)
        .subquery("pc")
    )


def _vlaggen(pc: Subquery, van: date, tem: date) -> dict[str, ColumnElement[bool]]:
    v, t = _datum("van", van), _datum("tem", tem)
    open_bij_begin = or_(pc.c.afsluiting.is_(None), pc.c.afsluiting >= v)
    totaal = and_(pc.c.opname <= t, open_bij_begin)
    # IS NOT NULL first: NOT (NULL BETWEEN ...) would be NULL, not true
    afgesloten = and_(pc.c.afsluiting.is_not(None), pc.c.afsluiting.between(v, t))
    return {
        "aanmeldingen": pc.c.aangemeld_op.between(v, t),
        "niet_opgenomen": pc.c.niet_opgenomen_op.between(v, t),
        "lopend_begin": and_(pc.c.opname < v, open_bij_begin),
        "nieuw": pc.c.opname.between(v, t),
        "totaal": totaal,
        "afgesloten": afgesloten,
        "in_de_wacht_einde": and_(totaal, ~afgesloten, pc.c.status == IN_DE_WACHT),
    }


def _als_int(voorwaarde: ColumnElement[bool]) -> ColumnElement[int]:
    return case((voorwaarde, 1), else_=0)


def _kenmerk(code: str) -> Any:
    return Casus.kenmerken[code].as_string()


def _per_casus(van: date, tem: date, uit_log: bool) -> Subquery:
    return per_casus_uit_log(tem) if uit_log else per_casus(van, tem)


def emmers(van: date, tem: date, *, uit_log: bool = False) -> list[dict[str, Any]]:
    """Case counts grouped by aanpak, the counting-rule flags and the breakdown columns."""
    pc = _per_casus(van, tem, uit_log)
    vlag = _vlaggen(pc, van, tem)
    lopend_einde = and_(vlag["totaal"], ~vlag["afgesloten"])
    kolommen: dict[str, Any] = {naam: _als_int(vw) for naam, vw in vlag.items()}
    kolommen["afsl_status"] = case((vlag["afgesloten"], pc.c.afsl_status))
    kolommen["afsl_reden"] = case((vlag["afgesloten"], pc.c.afsl_reden))
    ondermijning = and_(pc.c.aanpak == "ondermijning", vlag["totaal"])
    kolommen["herkomst"] = case((ondermijning, _kenmerk("herkomst")))
    woonoverlast = and_(pc.c.aanpak == "woonoverlast", lopend_einde)
    for code in ("woningtype", "wijk", "soort"):
        kolommen[code] = case((woonoverlast, _kenmerk(code)))
    gelabeld = [kol.label(naam) for naam, kol in kolommen.items()]
    # flags are computed in a subquery and grouped outside it, so no GROUP BY repeats
    # an expression with bound parameters (PostgreSQL would not see them as equal)
    # only the cases whose kenmerken are broken down are joined to casus
    met_kenmerken = and_(Casus.id == pc.c.casus_id,
                         pc.c.aanpak.in_(["ondermijning", "woonoverlast"]))
    rijen = (
        select(pc.c.aanpak, *gelabeld)
        .select_from(pc.outerjoin(Casus, met_kenmerken))
        .where(or_(vlag["aanmeldingen"], vlag["niet_opgenomen"], vlag["totaal"]))
        .subquery("rij")
    )
    stmt = select(*rijen.c, func.count().label("n")).group_by(*rijen.c)
    return [dict(r._mapping) for r in db.session.execute(stmt)]


def personen_in_totaal(aanpak: str, van: date, tem: date, *, uit_log: bool = False) -> Any:
    """select() of the persons of ``aanpak``'s cases in ``totaal`` for the period."""
    pc = _per_casus(van, tem, uit_log)
    return (
        select(Casus.persoon_id)
        .select_from(pc.join(Casus, Casus.id == pc.c.casus_id))
        .where(pc.c.aanpak == aanpak, _vlaggen(pc, van, tem)["totaal"],
               Casus.persoon_id.is_not(None))
    )


def politiecontacten(personen: Any, perioden: list[tuple[date, date]]) -> list[int]:
    """Contacts of ``personen`` in each period, in one pass (the persons' query runs once)."""
    tellers = [
        func.count(case((PolitieContact.datum.between(_datum(f"pc_van{i}", van),
                                                      _datum(f"pc_tem{i}", tem)), 1)))
        for i, (van, tem) in enumerate(perioden)
    ]
    stmt = select(*tellers).where(PolitieContact.persoon_id.in_(personen))
    return [int(n or 0) for n in db.session.execute(stmt).one()]


def signalen(van: date, tem: date) -> list[tuple[str, str, str, int]]:
    stmt = (
        select(Signaal.aanpak, Signaal.bron, Signaal.thema, func.count())
        .where(Signaal.ontvangen_op.between(_datum("van", van), _datum("tem", tem)))
        .group_by(Signaal.aanpak, Signaal.bron, Signaal.thema)
    )
    return [(a, b, t, int(n)) for a, b, t, n in db.session.execute(stmt).tuples()]


def _dagnummer(kolom: Any) -> ColumnElement[int]:
    """YYYYMMDD as an integer; differences of 180000 or more mean 18 years or older."""
    return (extract("year", kolom) * 10000 + extract("month", kolom) * 100
            + extract("day", kolom)).cast(Integer)


def interventies(van: date, tem: date) -> list[tuple[str, int, int, int]]:
    """Per type: interventions dated in the period, distinct persons, distinct minors."""
    minderjarig = (_dagnummer(Interventie.datum) - _dagnummer(Persoon.geboortedatum)) < 180000
    stmt = (
        select(
            Interventie.type, func.count(Interventie.id),
            func.count(Casus.persoon_id.distinct()),
            func.count(case((minderjarig, Persoon.id)).distinct()),
        )
        .join(Casus, Casus.id == Interventie.casus_id)
        .outerjoin(Persoon, Persoon.id == Casus.persoon_id)
        .where(Interventie.datum.between(_datum("van", van), _datum("tem", tem)))
        .group_by(Interventie.type)
    )
    return [(t, int(a), int(p), int(m)) for t, a, p, m in db.session.execute(stmt).tuples()]
