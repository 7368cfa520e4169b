"""The report's SQL beside the case counts: signals, interventions and police contacts,
the same on SQLite and PostgreSQL. The case counts are read from the derived
``casusstand`` table (``casus.rapportage.uit_casusstand``). The database returns counts,
never cases.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BindParameter, Date, Select, bindparam, case, func, select

from casus.casussen.models import Interventie
from casus.extensions import db
from casus.personen.models import PolitieContact
from casus.signalen.models import Signaal


def datum(naam: str, waarde: date) -> BindParameter[date]:
    return bindparam(naam, waarde, type_=Date)


def politiecontacten(
    personen: Select[tuple[int | None]], perioden: list[tuple[date, date]]
) -> list[int]:
    """Contacts of ``personen`` in each period, in one pass (the persons' query runs once)."""
    tellers = [
        func.count(
            case(
                (
                    PolitieContact.datum.between(
                        datum(f"pc_van{i}", van), datum(f"pc_tem{i}", tem)
                    ),
                    1,
                )
            )
        )
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
        select(
            i.type,
            func.count(),
            func.count(i.persoon_id.distinct()),
            func.count(case((i.minderjarig, i.persoon_id)).distinct()),
        )
        .where(i.datum.between(datum("van", van), datum("tem", tem)))
        .group_by(i.type)
    )
    return [(t, int(a), int(p), int(m)) for t, a, p, m in db.session.execute(stmt).tuples()]
