"""Keeping ``casusstand`` equal to the event log: check it, and rebuild it.

The status service rewrites a case's rows with every event (``services._projecteer``);
the bulk writers of the import and the demo write them with the events. This module
proves the table against the log for every case, and rebuilds it for cases that differ
(after a restore from an old backup, or a change to the database outside the app).
Services flush and never commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import delete, func, insert, select

from casus.casussen.models import Casus, Casusstand, Gebeurtenis
from casus.casussen.projectie import Event, Stand, standen
from casus.extensions import db

BATCH = 2000


def _blokken() -> Iterator[tuple[int, int]]:
    """Ranges of case ids of at most ``BATCH`` cases, so memory stays flat."""
    ids = db.session.scalars(select(Casus.id).order_by(Casus.id)).all()
    for i in range(0, len(ids), BATCH):
        deel = ids[i:i + BATCH]
        yield deel[0], deel[-1]


Rijen = tuple[int | None, list[Stand]]  # the case's persoon_id and its states


def _uit_log(eerste: int, laatste: int) -> dict[int, Rijen]:
    g = Gebeurtenis
    personen = {i: p for i, p in db.session.execute(
        select(Casus.id, Casus.persoon_id).where(Casus.id.between(eerste, laatste)))}
    events: dict[int, list[Event]] = defaultdict(list)
    for rij in db.session.execute(
        select(g.casus_id, g.id, g.volgnummer, g.transitie, g.naar_status, g.aanpak, g.datum,
               g.vervalt_id, g.reden).where(g.casus_id.between(eerste, laatste))
    ):
        events[rij.casus_id].append(Event(rij.id, rij.volgnummer, rij.transitie,
                                          rij.naar_status, rij.aanpak, rij.datum,
                                          rij.vervalt_id, None, rij.reden))
    return {c: (personen.get(c), standen(lijst)) for c, lijst in events.items()}


def _opgeslagen(eerste: int, laatste: int) -> dict[int, Rijen]:
    s = Casusstand
    uit: dict[int, Rijen] = {}
    for rij in db.session.execute(
        select(s.casus_id, s.vanaf, s.tot, s.aanpak, s.status, s.reden, s.opname,
               s.aangemeld_op, s.persoon_id)
        .where(s.casus_id.between(eerste, laatste)).order_by(s.casus_id, s.vanaf, s.id)
    ):
        _, lijst = uit.setdefault(rij.casus_id, (rij.persoon_id, []))
        if uit[rij.casus_id][0] != rij.persoon_id:  # rows of one case disagree
            uit[rij.casus_id] = (-1, lijst)
        lijst.append(Stand(rij.vanaf, rij.tot, rij.aanpak, rij.status, rij.reden,
                           rij.opname, rij.aangemeld_op))
    return uit


def afwijkend() -> list[int]:
    """Ids of the cases whose ``casusstand`` rows differ from a replay of their log."""
    uit: list[int] = []
    leeg: Rijen = (None, [])
    for eerste, laatste in _blokken():
        verwacht, echt = _uit_log(eerste, laatste), _opgeslagen(eerste, laatste)
        uit.extend(sorted(c for c in verwacht.keys() | echt.keys()
                          if _gelijk(verwacht.get(c, leeg)) != _gelijk(echt.get(c, leeg))))
    return uit


def _gelijk(rijen: Rijen) -> Rijen:
    """Without states there is no persoon_id to compare."""
    return rijen if rijen[1] else (None, [])


def herbouw(casus_ids: list[int] | None = None) -> int:
    """Rewrite the rows of ``casus_ids`` (all cases: None) from the log; the row count."""
    aantal = 0
    for eerste, laatste in _blokken():
        verwacht = _uit_log(eerste, laatste)
        doel = [c for c in verwacht if casus_ids is None or c in set(casus_ids)]
        if not doel:
            continue
        db.session.execute(delete(Casusstand).where(Casusstand.casus_id.in_(doel)))
        rijen = [s.als_rij(c, verwacht[c][0]) for c in doel for s in verwacht[c][1]]
        if rijen:
            db.session.execute(insert(Casusstand), rijen)
        aantal += len(rijen)
    db.session.flush()
    return aantal


def aantal_rijen() -> int:
    return db.session.scalar(select(func.count()).select_from(Casusstand)) or 0
