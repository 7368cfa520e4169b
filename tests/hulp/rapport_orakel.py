"""The report's oracle: the same report computed by replaying the event log.

The application counts the report from derived data (``casusstand`` and the
interventions' own person and age columns, ``casus.rapportage.services.UitAfgeleid``).
``rapport_uit_log`` counts it from the truth instead: every case's state on the period's
end replayed in SQL from its non-voided status events, and each intervention's person
and age taken from its case and person. It builds the report with the application's own
``Telbron.rapport``, so a test that compares the two compares only where the counts come
from. Slower than the application's report; for tests only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement, Subquery

from casus.casussen.afgeleid import minderjarig_sql
from casus.casussen.models import Casus, Gebeurtenis, Interventie
from casus.casussen.projectie import NIET_STATUS
from casus.extensions import db
from casus.personen.models import Persoon
from casus.rapportage.periode import Periode
from casus.rapportage.queries import datum
from casus.rapportage.services import Cijfers, Delen, Interventietelling, Telbron
from workflows.base import AFSLUITSTATUSSEN, IN_DE_WACHT

# flags added up as they are; `afgesloten` is counted with its status and reden instead
VLAGGEN = ("aanmeldingen", "niet_opgenomen", "lopend_begin", "nieuw", "totaal", "in_de_wacht_einde")


def per_casus_uit_log(tot_en_met: date) -> Subquery:
    """One row per case with events up to ``tot_en_met``, replayed from the event log
    itself: aanpak and status then, opname, afsluiting (date, status, reden) and the date
    of a niet_opnemen."""
    g, c = aliased(Gebeurtenis), aliased(Gebeurtenis)
    events = (
        select(
            g.casus_id,
            g.transitie,
            g.naar_status,
            g.aanpak,
            g.datum,
            g.reden,
            func.row_number()
            .over(partition_by=g.casus_id, order_by=g.volgnummer.desc())
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
            func.max(case((events.c.transitie == "niet_opnemen", events.c.datum))).label(
                "niet_opgenomen_op"
            ),
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


def _kenmerk(code: str) -> Any:  # a JSON element (SQLAlchemy types it Any)
    return Casus.kenmerken[code].as_string()


def emmers_uit_log(van: date, tem: date) -> list[dict[str, Any]]:
    """Case counts grouped by aanpak, the counting-rule flags and the breakdown columns,
    each flag computed in SQL from the replayed log (``uit_casusstand.groepen`` counts
    the same from casusstand)."""
    pc = per_casus_uit_log(tem)
    vlag = _vlaggen(pc, van, tem)
    lopend_einde = and_(vlag["totaal"], ~vlag["afgesloten"])
    kolommen: dict[str, ColumnElement[Any]] = {naam: _als_int(vw) for naam, vw in vlag.items()}
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
    rijen = (
        select(pc.c.aanpak, *gelabeld)
        .select_from(pc.join(Casus, Casus.id == pc.c.casus_id))
        .where(or_(vlag["aanmeldingen"], vlag["niet_opgenomen"], vlag["totaal"]))
        .subquery("rij")
    )
    stmt = select(*rijen.c, func.count().label("n")).group_by(*rijen.c)
    return [dict(r._mapping) for r in db.session.execute(stmt)]


class UitLog(Telbron):
    """The counts replayed from the event log, and the interventions' person and age
    from their case and person."""

    def tel_aanpakken(self, uit: Cijfers, delen: Delen | None, periode: Periode) -> None:
        for rij in emmers_uit_log(periode.van, periode.tot_en_met):
            code, n = rij["aanpak"], rij["n"]
            if code not in uit:  # an aanpak no longer in the catalogue
                continue
            cijfers = uit[code]
            for vlag in VLAGGEN:
                cijfers[vlag] += rij[vlag] * n
            if rij["afgesloten"]:
                self._afgesloten(cijfers, code, rij["afsl_status"], rij["afsl_reden"], n)
            else:
                cijfers["lopend_einde"] += rij["totaal"] * n
            if (
                delen is not None
                and rij["totaal"]
                and (code == "ondermijning" or (code == "woonoverlast" and not rij["afgesloten"]))
            ):
                self._kenmerken(delen, rij)

    def interventies(self, van: date, tem: date) -> list[Interventietelling]:
        minderjarig = minderjarig_sql(Persoon.geboortedatum, Interventie.datum)
        stmt = (
            select(
                Interventie.type,
                func.count(Interventie.id),
                func.count(Casus.persoon_id.distinct()),
                func.count(case((minderjarig, Persoon.id)).distinct()),
            )
            .join(Casus, Casus.id == Interventie.casus_id)
            .outerjoin(Persoon, Persoon.id == Casus.persoon_id)
            .where(Interventie.datum.between(datum("van", van), datum("tem", tem)))
            .group_by(Interventie.type)
        )
        return [(t, int(a), int(p), int(m)) for t, a, p, m in db.session.execute(stmt).tuples()]

    def personen_in_totaal(self, aanpak: str, van: date, tem: date) -> Select[Any]:
        pc = per_casus_uit_log(tem)
        return (
            select(Casus.persoon_id)
            .select_from(pc.join(Casus, Casus.id == pc.c.casus_id))
            .where(
                pc.c.aanpak == aanpak,
                _vlaggen(pc, van, tem)["totaal"],
                Casus.persoon_id.is_not(None),
            )
        )


def rapport_uit_log(periode: Periode) -> dict[str, Any]:
    """The report for ``periode`` (and its comparison period) counted from the event log:
    what ``casus.rapportage.services.rapport`` must equal."""
    return UitLog().rapport(periode)
