"""The report's SQL: aggregations over the event history, the same on SQLite and PostgreSQL.

A case's state at a period's end is that of its non-voided status events dated on or
before ``tot_en_met`` (corrections themselves excluded). The report reads it from the
derived ``casusstand`` table (``casus.rapportage.uit_casusstand``), kept in step with the
log by the status service; ``emmers_uit_log`` computes the same from the log itself, as the
reference. Signals, interventions and police contacts are counted here. The database returns
counts grouped by aanpak and by the flags of the counting rules, never cases.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    and_,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement, Subquery

from casus.casussen.afgeleid import minderjarig_sql
from casus.casussen.models import Casus, Gebeurtenis, Interventie
from casus.casussen.projectie import NIET_STATUS
from casus.extensions import db
from casus.personen.models import Persoon, PolitieContact
from casus.signalen.models import Signaal
from workflows.base import AFSLUITSTATUSSEN, IN_DE_WACHT

# flags added up as they are; `afgesloten` is counted with its status and reden instead
VLAGGEN = ("aanmeldingen", "niet_opgenomen", "lopend_begin", "nieuw", "totaal",
           "in_de_wacht_einde")


def datum(naam: str, waarde: date) -> Any:
    return bindparam(naam, waarde, type_=Date)


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
            g.datum <= datum("tem", tot_en_met),
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
    v, t = datum("van", van), datum("tem", tem)
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


def kenmerk(code: str) -> Any:
    return Casus.kenmerken[code].as_string()


def emmers_uit_log(van: date, tem: date) -> list[dict[str, Any]]:
    """Case counts grouped by aanpak, the counting-rule flags and the breakdown columns,
    each flag computed in SQL from the replayed log (``uit_casusstand.groepen`` counts the
    same from casusstand)."""
    pc = per_casus_uit_log(tem)
    vlag = _vlaggen(pc, van, tem)
    lopend_einde = and_(vlag["totaal"], ~vlag["afgesloten"])
    kolommen: dict[str, Any] = {naam: _als_int(vw) for naam, vw in vlag.items()}
    kolommen["afsl_status"] = case((vlag["afgesloten"], pc.c.afsl_status))
    kolommen["afsl_reden"] = case((vlag["afgesloten"], pc.c.afsl_reden))
    ondermijning = and_(pc.c.aanpak == "ondermijning", vlag["totaal"])
    kolommen["herkomst"] = case((ondermijning, kenmerk("herkomst")))
    woonoverlast = and_(pc.c.aanpak == "woonoverlast", lopend_einde)
    for code in ("woningtype", "wijk", "soort"):
        kolommen[code] = case((woonoverlast, kenmerk(code)))
    gelabeld = [kol.label(naam) for naam, kol in kolommen.items()]
    # flags are computed in a subquery and grouped outside it, so no GROUP BY repeats
    # an expression with bound parameters (PostgreSQL would not see them as equal)
    rijen = (
        select(pc.c.aanpak, *gelabeld)
        .select_from(pc.join(Casus, Casus.id == pc.c.casus_id))
        .where(or_(vlag["aanmeldingen"], vlag["niet_opgenomen"], vlag["totaal"]))
        .subquery("rij")
    )
    stmt = select(*rijen.c, func.count().label("n")).group_by(*rijen.c)
    return [dict(r._mapping) for r in db.session.execute(stmt)]


def personen_in_totaal_uit_log(aanpak: str, van: date, tem: date) -> Any:
    """select() of the persons of ``aanpak``'s cases in ``totaal``, from the log."""
    pc = per_casus_uit_log(tem)
    return (
        select(Casus.persoon_id)
        .select_from(pc.join(Casus, Casus.id == pc.c.casus_id))
        .where(pc.c.aanpak == aanpak, _vlaggen(pc, van, tem)["totaal"],
               Casus.persoon_id.is_not(None))
    )


def politiecontacten(personen: Any, perioden: list[tuple[date, date]]) -> list[int]:
    """Contacts of ``personen`` in each period, in one pass (the persons' query runs once)."""
    tellers = [
        func.count(case((PolitieContact.datum.between(datum(f"pc_van{i}", van),
                                                      datum(f"pc_tem{i}", tem)), 1)))
        for i, (van, tem) in enumerate(perioden)
    ]
    stmt = select(*tellers).where(PolitieContact.persoon_id.in_(personen))
    return [int(n or 0) for n in db.session.execute(stmt).one()]


def signalen(van: date, tem: date) -> list[tuple[str, str, str, int]]:
    stmt = (
        select(Signaal.aanpak, Signaal.bron, Signaal.thema, func.count())
        .where(Signaal.ontvangen_op.between(datum("van", van), datum("tem", tem)))
        .group_by(Signaal.aanpak, Signaal.bron, Signaal.thema)
    )
    return [(a, b, t, int(n)) for a, b, t, n in db.session.execute(stmt).tuples()]


def interventies(van: date, tem: date) -> list[tuple[str, int, int, int]]:
    """Per type: interventions dated in the period, distinct persons, distinct minors;
    from the intervention's own derived columns (one range of ix_interventie_rapport)."""
    i = Interventie
    stmt = (
        select(i.type, func.count(), func.count(i.persoon_id.distinct()),
               func.count(case((i.minderjarig, i.persoon_id)).distinct()))
        .where(i.datum.between(datum("van", van), datum("tem", tem)))
        .group_by(i.type)
    )
    return [(t, int(a), int(p), int(m)) for t, a, p, m in db.session.execute(stmt).tuples()]


def interventies_uit_bron(van: date, tem: date) -> list[tuple[str, int, int, int]]:
    """The reference for ``interventies``: the person and the age on the day taken from
    the case and the person themselves."""
    minderjarig = minderjarig_sql(Persoon.geboortedatum, Interventie.datum)
    stmt = (
        select(
            Interventie.type, func.count(Interventie.id),
            func.count(Casus.persoon_id.distinct()),
            func.count(case((minderjarig, Persoon.id)).distinct()),
        )
        .join(Casus, Casus.id == Interventie.casus_id)
        .outerjoin(Persoon, Persoon.id == Casus.persoon_id)
        .where(Interventie.datum.between(datum("van", van), datum("tem", tem)))
        .group_by(Interventie.type)
    )
    return [(t, int(a), int(p), int(m)) for t, a, p, m in db.session.execute(stmt).tuples()]
