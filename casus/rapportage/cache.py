"""Reports over periods that have ended, computed once per change of their data.

A report over a period that has ended changes only when data it counts is written with
a date inside the period: a correction, an event, intervention, police contact or
signal dated back, a rebuild of the derived rows, the import of history. Every write
path that can change a figure says so with ``gegevens_gewijzigd(vanaf)``, the earliest
date whose figures it may change. The transaction then writes one row to
``rapport_journaal`` just before it commits (the earliest date of all its calls), in
the same unit of work. Writes dated today (the day's ordinary work) need no row: they
cannot reach into a period that had ended when they were made (see ``MARGE``).

A cached report (``rapport_cache``) keeps the highest journal id committed when its
computation began and is valid while no journal row after it has ``vanaf`` on or
before the period's end: one indexed query, answered together with the lookup, so
several instances of the application share one cache and see each other's changes at
once.

Why "committed when its computation began" is exact: on SQLite one transaction writes
at a time, so the ids are committed in their order. On PostgreSQL a transaction writes
its journal row (and so draws its id) under a transaction-level advisory lock, taken
only by transactions that wrote a back-dated change and held from that insert to the
commit: an id is never committed after a higher one, so a computation that read the
highest committed id before it began misses no change with a lower one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import and_, event, exists, func, insert, or_, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from casus.casussen.models import Casusstand
from casus.extensions import db
from casus.klok import nu, vandaag
from casus.rapportage.models import Rapportcache, Rapportjournaal
from casus.rapportage.periode import Periode
from casus.werkeenheid import blijvend

if TYPE_CHECKING:
    from casus.rapportage.services import Cijfers

# session.info key: the earliest date this transaction changed (not yet journalled)
_GEWIJZIGD = "rapport_gewijzigd_vanaf"
# session.info key: per-aanpak figures this transaction counted or read, by period
_VERS = "rapport_vers"
# the advisory lock key of the journal (PostgreSQL), an arbitrary constant
_SLOT = 0x7261_7070  # "rapp"
# A period is cached once it ended more than MARGE ago, and a write is journalled
# when dated before the day it is made. A write dated on its own day d reaches only
# periods ending on or after d, which are cached from d + MARGE + 1 on: by then the
# write has committed, unless a transaction stays open across a whole day.
MARGE = timedelta(days=1)

# a casusstand row's state: its columns but its id and range
_TOESTAND = tuple(c.name for c in Casusstand.__table__.c if c.name not in ("id", "vanaf", "tot"))

RAPPORT = "rapport"
AANPAK = "aanpak"


def gegevens_gewijzigd(vanaf: date, sessie: Session | None = None) -> None:
    """The current transaction changed data that reports over periods ending on or
    after ``vanaf`` count. Cheap to call often: only the earliest date is kept, and
    one journal row is written just before the commit."""
    if vanaf >= vandaag():
        return
    info = (sessie if sessie is not None else db.session).info
    info.pop(_VERS, None)
    eerder = info.get(_GEWIJZIGD)
    if eerder is None or vanaf < eerder:
        info[_GEWIJZIGD] = vanaf


def standen_gewijzigd(oud: Sequence[Mapping[Any, Any]], nieuw: Sequence[Mapping[Any, Any]]) -> None:
    """A case's ``casusstand`` rows were rewritten from ``oud`` to ``nieuw``: the
    reports change from the first day on which the case's state (everything but the
    row's range) differs. The rows' ranges themselves may differ earlier (a state that
    ends is cut at quarter starts) without any report changing."""
    if (dag := eerste_verschil(oud, nieuw)) is not None:
        gegevens_gewijzigd(dag)


def eerste_verschil(
    oud: Sequence[Mapping[Any, Any]], nieuw: Sequence[Mapping[Any, Any]]
) -> date | None:
    """The first day on which the state described by rows ``oud`` differs from the one
    described by ``nieuw`` (None: never). Each row holds its state on ``[vanaf, tot)``;
    the states only change at a row's ``vanaf`` or ``tot``, so those days suffice."""

    def toestand(rijen: Sequence[Mapping[Any, Any]], dag: date) -> tuple[Any, ...] | None:
        for r in rijen:
            if r["vanaf"] <= dag < r["tot"]:
                return tuple(r.get(k) for k in _TOESTAND)
        return None

    for dag in sorted({r[k] for r in (*oud, *nieuw) for k in ("vanaf", "tot")}):
        if toestand(oud, dag) != toestand(nieuw, dag):
            return cast(date, dag)
    return None


@event.listens_for(Session, "before_commit")
def _voor_commit(sessie: Session) -> None:
    if sessie.in_nested_transaction() or _GEWIJZIGD not in sessie.info:
        return
    sessie.flush()  # everything else first: the lock is held from here to the commit
    vanaf = sessie.info.pop(_GEWIJZIGD)
    verbinding = sessie.connection()
    if verbinding.dialect.name == "postgresql":
        verbinding.execute(text("SELECT pg_advisory_xact_lock(:slot)"), {"slot": _SLOT})
    sessie.execute(insert(Rapportjournaal).values(vanaf=vanaf))


@event.listens_for(Session, "after_rollback")
def _na_rollback(sessie: Session) -> None:
    if not sessie.in_nested_transaction():
        sessie.info.pop(_GEWIJZIGD, None)
        sessie.info.pop(_VERS, None)


@event.listens_for(Session, "after_commit")
def _na_commit(sessie: Session) -> None:
    if not sessie.in_nested_transaction():
        sessie.info.pop(_VERS, None)


def cachebaar(periode: Periode) -> bool:
    """Whether the report over ``periode`` is served from the cache: it ended more than
    MARGE ago, and this transaction changed nothing it counts (not yet committed)."""
    if periode.tot_en_met >= vandaag() - MARGE:
        return False
    gewijzigd = db.session.info.get(_GEWIJZIGD)
    return gewijzigd is None or gewijzigd > periode.tot_en_met


def laatste_journaal_id() -> int:
    return int(db.session.scalar(select(func.max(Rapportjournaal.id))) or 0)


def geldige(soort: str, perioden: list[Periode]) -> dict[tuple[date, date], dict[str, Any]]:
    """The valid cached figures of ``soort`` for ``perioden``, by (van, tot_en_met), in
    one query: each entry with whether a later journal row reaches into its period."""
    if not perioden:
        return {}
    c, j = Rapportcache, Rapportjournaal
    verouderd = exists().where(j.id > c.journaal_id, j.vanaf <= c.tot_en_met)
    stmt = select(c.van, c.tot_en_met, c.cijfers, verouderd).where(
        c.soort == soort,
        or_(*(and_(c.van == p.van, c.tot_en_met == p.tot_en_met) for p in perioden)),
    )
    return {
        (van, tem): json.loads(cijfers)
        for van, tem, cijfers, oud in db.session.execute(stmt).tuples()
        if not oud
    }


def bewaar(soort: str, journaal_id: int, nieuw: list[tuple[Periode, dict[str, Any]]]) -> None:
    """Store computed figures; in a page view at the end of the request, in its short
    write transaction (casus.werkeenheid.blijvend)."""
    if not nieuw:
        return

    def schrijf() -> None:
        naam = db.session.get_bind().dialect.name
        maak = cast(Callable[..., Any], pg_insert if naam == "postgresql" else sqlite_insert)
        rijen = [
            {
                "soort": soort,
                "van": p.van,
                "tot_en_met": p.tot_en_met,
                "journaal_id": journaal_id,
                "cijfers": json.dumps(cijfers, ensure_ascii=False, separators=(",", ":")),
                "berekend_op": nu(),
            }
            for p, cijfers in nieuw
        ]
        for rij in rijen:
            stmt = maak(Rapportcache).values(**rij)
            stmt = stmt.on_conflict_do_update(
                index_elements=["soort", "van", "tot_en_met"],
                set_={
                    "journaal_id": stmt.excluded.journaal_id,
                    "cijfers": stmt.excluded.cijfers,
                    "berekend_op": stmt.excluded.berekend_op,
                },
            )
            db.session.execute(stmt)

    blijvend(schrijf)


def rapport(periode: Periode) -> dict[str, Any]:
    """``services.rapport(periode)``, from the cache when the period has ended. Its
    per-aanpak figures of the period and its comparison period are what the trend shows
    for those two half-years: they are kept for it as well (``aanpak_cijfers_per_periode``)."""
    from casus.rapportage import services  # the writers import this module: no cycle

    gecached = (
        geldige(RAPPORT, [periode]).get((periode.van, periode.tot_en_met))
        if cachebaar(periode)
        else None
    )
    if gecached is not None:
        r = gecached
    elif not cachebaar(periode):
        r = services.rapport(periode)
    else:
        journaal_id = laatste_journaal_id()  # before the computation: see the module doc
        # the comparison period often still holds (a change inside the period leaves it)
        v = periode.vergelijking()
        vorige = geldige(AANPAK, [v] if cachebaar(v) else []).get((v.van, v.tot_en_met))
        r = services.rapport(periode, vorige)
        bewaar(RAPPORT, journaal_id, [(periode, r)])
        bewaar(
            AANPAK,
            journaal_id,
            [(p, c) for p, c in _aanpak_uit_rapport(periode, r).items() if cachebaar(p)],
        )
    vers = db.session.info.setdefault(_VERS, {})
    for p, c in _aanpak_uit_rapport(periode, r).items():
        vers[p.van, p.tot_en_met] = c
    return r


def _aanpak_uit_rapport(periode: Periode, r: dict[str, Any]) -> dict[Periode, Cijfers]:
    """``aanpak_cijfers(p, met_delen=False)[0]`` of the report's period and of its
    comparison period, as the report holds them."""
    return {
        periode: {
            code: {k: v for k, v in c.items() if k != "vergelijking"}
            for code, c in r["aanpakken"].items()
        },
        periode.vergelijking(): {code: c["vergelijking"] for code, c in r["aanpakken"].items()},
    }


def aanpak_cijfers_per_periode(perioden: list[Periode]) -> list[Cijfers]:
    """``services.aanpak_cijfers(p, met_delen=False)[0]`` per period: from the cache for
    the periods that have ended, the others computed together in one statement."""
    from casus.rapportage import services

    # counted by this transaction already (``rapport``), else valid in the cache
    vers = db.session.info.get(_VERS, {})
    gevonden = {
        (p.van, p.tot_en_met): vers[p.van, p.tot_en_met]
        for p in perioden
        if (p.van, p.tot_en_met) in vers
    }
    te_cachen = [p for p in perioden if cachebaar(p)]
    gevonden.update(
        geldige(AANPAK, [p for p in te_cachen if (p.van, p.tot_en_met) not in gevonden])
    )
    ontbreekt = [p for p in perioden if (p.van, p.tot_en_met) not in gevonden]
    # read before the computation (see the module doc), when there is something to keep
    journaal_id = laatste_journaal_id() if any(p in te_cachen for p in ontbreekt) else 0
    berekend = dict(
        zip(
            [(p.van, p.tot_en_met) for p in ontbreekt],
            services.UIT_AFGELEID.aanpak_cijfers_per_periode(ontbreekt),
            strict=True,
        )
    )
    bewaar(
        AANPAK,
        journaal_id,
        [(p, berekend[p.van, p.tot_en_met]) for p in ontbreekt if p in te_cachen],
    )
    alles = {**gevonden, **berekend}
    return [alles[p.van, p.tot_en_met] for p in perioden]
