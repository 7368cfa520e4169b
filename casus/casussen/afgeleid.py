"""The derived data the report reads, kept equal to its source: check it, and rebuild it.

Two kinds of derived data: the ``casusstand`` table (a case's states per date range,
from its event log and kenmerken) and the derived columns of ``interventie`` (its
case's person and whether that person was under 18 on the day). The status service
rewrites a case's ``casusstand`` rows with every event (``services._projecteer``), an
intervention gets its columns when it is inserted (``models._afgeleid``), and the bulk
writers of the import and the demo write both with their rows
(``casus.casussen.logrijen``). This module proves both against their source for every
case and intervention (``afwijkend``, ``afwijkende_interventies``: ``flask --app casus
afgeleid controleer``) and rebuilds them (``herbouw``, ``vul_interventies``: ``afgeleid
herbouw``), after a restore from an old backup or a change to the database outside the
app. Services flush and never commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Integer,
    SQLColumnExpression,
    delete,
    extract,
    false,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.sql import ColumnElement

from casus.casussen.logrijen import standrijen
from casus.casussen.models import Casus, Casusstand, Gebeurtenis, Interventie
from casus.casussen.projectie import Logstap
from casus.extensions import db
from casus.personen.models import Persoon
from casus.rapportage.cache import gegevens_gewijzigd

if TYPE_CHECKING:
    from casus.voortgang import Melder

BATCH = 2000


def _blokken(voortgang: Melder | None = None) -> Iterator[tuple[int, int]]:
    """Ranges of case ids of at most ``BATCH`` cases, so memory stays flat;
    ``voortgang`` hears how many cases are done (casus.voortgang)."""
    ids = db.session.scalars(select(Casus.id).order_by(Casus.id)).all()
    for i in range(0, len(ids), BATCH):
        deel = ids[i : i + BATCH]
        yield deel[0], deel[-1]
        if voortgang is not None:
            voortgang(i + len(deel), len(ids))


Rij = dict[str, object]  # a row of casusstand without its id


def _uit_log(eerste: int, laatste: int) -> dict[int, list[Rij]]:
    """The rows the cases ``eerste..laatste`` should have, from their logs."""
    g = Gebeurtenis
    casussen = {
        i: (p, k)
        for i, p, k in db.session.execute(
            select(Casus.id, Casus.persoon_id, Casus.kenmerken).where(
                Casus.id.between(eerste, laatste)
            )
        )
    }
    logs: dict[int, list[Logstap]] = defaultdict(list)
    for rij in db.session.execute(
        select(
            g.casus_id,
            g.id,
            g.volgnummer,
            g.transitie,
            g.naar_status,
            g.aanpak,
            g.datum,
            g.vervalt_id,
            g.reden,
        ).where(g.casus_id.between(eerste, laatste))
    ):
        logs[rij.casus_id].append(
            Logstap(
                rij.id,
                rij.volgnummer,
                rij.transitie,
                rij.naar_status,
                rij.aanpak,
                rij.datum,
                rij.vervalt_id,
                None,
                rij.reden,
            )
        )
    return {c: standrijen(c, *casussen[c], lijst) for c, lijst in logs.items()}


def _opgeslagen(eerste: int, laatste: int) -> dict[int, list[Rij]]:
    s = Casusstand
    kolommen = [k for k in s.__table__.c if k.name != "id"]
    uit: dict[int, list[Rij]] = defaultdict(list)
    for rij in db.session.execute(
        select(*kolommen)
        .where(s.casus_id.between(eerste, laatste))
        .order_by(s.casus_id, s.vanaf, s.id)
    ):
        uit[rij.casus_id].append(dict(rij._mapping))
    return uit


def afwijkend(voortgang: Melder | None = None) -> list[int]:
    """Ids of the cases whose ``casusstand`` rows differ from a replay of their log."""
    uit: list[int] = []
    for eerste, laatste in _blokken(voortgang):
        verwacht, echt = _uit_log(eerste, laatste), _opgeslagen(eerste, laatste)
        uit.extend(
            sorted(
                c for c in verwacht.keys() | echt.keys() if verwacht.get(c, []) != echt.get(c, [])
            )
        )
    return uit


def herbouw(casus_ids: list[int] | None = None, voortgang: Melder | None = None) -> int:
    """Rewrite the rows of ``casus_ids`` (all cases: None) from the log; the row count.
    ``voortgang`` hears how many cases are done (casus.voortgang)."""
    aantal = 0
    gevraagd = None if casus_ids is None else set(casus_ids)
    for eerste, laatste in _blokken(voortgang):
        verwacht = _uit_log(eerste, laatste)
        doel = [c for c in verwacht if gevraagd is None or c in gevraagd]
        if not doel:
            continue
        db.session.execute(delete(Casusstand).where(Casusstand.casus_id.in_(doel)))
        rijen = [r for c in doel for r in verwacht[c]]
        if rijen:
            db.session.execute(insert(Casusstand), rijen)
        aantal += len(rijen)
    db.session.flush()
    gegevens_gewijzigd(date.min)  # any report may have counted the rows replaced
    return aantal


def _dagnummer(kolom: SQLColumnExpression[date | None]) -> ColumnElement[int]:
    """YYYYMMDD as an integer; differences of 180000 or more mean 18 years or older."""
    return (
        extract("year", kolom) * 10000 + extract("month", kolom) * 100 + extract("day", kolom)
    ).cast(Integer)


def minderjarig_sql(
    geboortedatum: SQLColumnExpression[date | None], op: SQLColumnExpression[date]
) -> ColumnElement[bool]:
    """casus.casussen.models.minderjarig_op in SQL (NULL without a date of birth)."""
    return (_dagnummer(op) - _dagnummer(geboortedatum)) < 180000


def _interventie_afgeleid() -> dict[str, ColumnElement[Any]]:
    """The derived columns of interventie (Interventie.afgeleid) as SQL per row."""
    i = Interventie
    persoon = select(Casus.persoon_id).where(Casus.id == i.casus_id).scalar_subquery()
    minder = (
        select(minderjarig_sql(Persoon.geboortedatum, i.datum))
        .select_from(Casus)
        .join(Persoon, Persoon.id == Casus.persoon_id)
        .where(Casus.id == i.casus_id)
        .scalar_subquery()
    )
    return {"persoon_id": persoon, "minderjarig": func.coalesce(minder, false())}


def vul_interventies(*voorwaarden: ColumnElement[bool]) -> None:
    """Set the derived columns of the interventions matching ``voorwaarden`` (all
    without) in one UPDATE (``afgeleid herbouw``)."""
    db.session.execute(update(Interventie).where(*voorwaarden).values(**_interventie_afgeleid()))
    gegevens_gewijzigd(date.min)  # any report may have counted the interventions


def afwijkende_interventies() -> list[int]:
    """Ids of the interventions whose derived columns differ from their case and person."""
    afgeleid = _interventie_afgeleid()
    i = Interventie
    stmt = (
        select(i.id)
        .where(
            or_(
                i.persoon_id.is_distinct_from(afgeleid["persoon_id"]),
                i.minderjarig != afgeleid["minderjarig"],
            )
        )
        .order_by(i.id)
    )
    return list(db.session.scalars(stmt))


def aantal_rijen() -> int:
    return db.session.scalar(select(func.count()).select_from(Casusstand)) or 0
