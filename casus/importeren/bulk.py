"""Batch inserts for the import: rows built from checked lines, written with executemany.

The case projection (status, aanpak, status_sinds, opname_op, afgesloten_op,
regisseur) is computed by the same ``replay`` the status service uses, over the
events this module writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    bindparam,
    column,
    delete,
    false,
    func,
    select,
    table,
    text,
)

from casus.casussen.models import (
    AANMELDEN,
    Casus,
    Casusstand,
    Gebeurtenis,
    Interventie,
    minderjarig_op,
)
from casus.casussen.projectie import Event, replay, standen
from casus.db import UTCDateTime
from casus.extensions import db
from casus.importeren.regels import CasusRegel, PersoonRegel, SignaalRegel, persoon_sleutel
from casus.klok import nu
from casus.personen.models import Persoon, PolitieContact
from casus.signalen.models import Signaal
from workflows import CATALOGUS
from workflows.base import AANGEMELD

BATCH = 5000


def _voeg_in(tabel: Any, rijen: list[dict[str, Any]], terug: Any = None) -> list[int]:
    """Insert ``rijen``; with ``terug``, give their new ids in order.

    Ids are reserved first (PostgreSQL: from the sequence; SQLite: above the maximum,
    once this transaction holds the write lock), then the rows go to the driver's
    executemany directly, which is several times faster than per-row processing.
    """
    if not rijen:
        return []
    ids = _reserveer_ids(tabel, len(rijen)) if terug is not None else []
    if ids:
        rijen = [{**r, "id": i} for r, i in zip(rijen, ids, strict=True)]
    verbinding = db.session.connection()
    dialect = verbinding.dialect
    kolommen = list(rijen[0])
    omzetters = [_omzetter(tabel.c[k].type, dialect) for k in kolommen]
    # the INSERT is compiled by SQLAlchemy from the table's own columns, positional
    # parameters in the driver's style, so executemany can take plain tuples
    # (a bare table clause: the model's Python-side defaults must not add columns)
    kaal = table(tabel.name, *(column(k) for k in kolommen))
    sql = str(kaal.insert().values({k: bindparam(k) for k in kolommen}).compile(dialect=dialect))
    if dialect.name == "postgresql":
        _copy(verbinding, tabel.name, kolommen, _waarden(rijen, omzetters))
        return ids
    for i in range(0, len(rijen), BATCH):
        verbinding.exec_driver_sql(sql, list(_waarden(rijen[i:i + BATCH], omzetters)))
    return ids


def _waarden(rijen: list[dict[str, Any]], omzetters: list[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows as tuples for the driver, converted where a column needs it (every row
    has its keys in the same order)."""
    om = [(i, f) for i, f in enumerate(omzetters) if f is not None]
    for r in rijen:
        waarden = list(r.values())
        for i, f in om:
            if waarden[i] is not None:
                waarden[i] = f(waarden[i])
        yield tuple(waarden)


def _copy(verbinding: Any, tabel: str, kolommen: list[str],
          waarden: Iterator[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY ... FROM STDIN on the session's own connection (same transaction)."""
    cursor = verbinding.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {tabel} ({', '.join(kolommen)}) FROM STDIN") as copy:
        for rij in waarden:
            copy.write_row(rij)


def _omzetter(soort: Any, dialect: Any) -> Any:
    """How a value of this column type goes to the driver (None: as it is)."""
    if isinstance(soort, JSON):
        return json.dumps
    if isinstance(soort, Date) and dialect.name == "sqlite":
        return date.isoformat
    processor = soort.bind_processor(dialect) if isinstance(soort, UTCDateTime) else None
    if processor is None:
        return None
    cache: dict[Any, Any] = {}  # one import has one registration moment
    return lambda w: cache[w] if w in cache else cache.setdefault(w, processor(w))


def _reserveer_ids(tabel: Any, aantal: int) -> list[int]:
    verbinding = db.session.connection()
    if verbinding.dialect.name == "postgresql":
        return list(verbinding.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": tabel.name, "n": aantal}).scalars())
    # SQLite: a write statement takes the database's single write lock for this
    # transaction, so nobody else can insert between reading the maximum and writing
    verbinding.execute(delete(tabel).where(false()))
    hoogste = verbinding.execute(select(func.coalesce(func.max(tabel.c.id), 0))).scalar()
    return list(range(int(hoogste or 0) + 1, int(hoogste or 0) + 1 + aantal))


def schrijf_personen(nieuw: list[tuple[object, PersoonRegel]]) -> dict[object, int]:
    moment = nu()
    rijen = [
        {"ref": p.ref, "voornaam": p.voornaam, "tussenvoegsel": None, "achternaam": p.achternaam,
         "geboortedatum": p.geboortedatum, "bsn": p.bsn, "adres": None, "wijk": p.wijk,
         "created_at": moment, "geanonimiseerd_op": None}
        for _, p in nieuw
    ]
    ids = _voeg_in(Persoon.__table__, rijen, Persoon.__table__.c.id)
    return {sleutel: pid for (sleutel, _), pid in zip(nieuw, ids, strict=True)}


def schrijf_politiecontacten(personen: list[tuple[int, PersoonRegel]],
                             bekend: set[tuple[int, Any, str]]) -> None:
    moment = nu()
    rijen = []
    for persoon_id, p in personen:
        for datum, soort in p.politiecontacten:
            if (persoon_id, datum, soort) in bekend:
                continue
            bekend.add((persoon_id, datum, soort))
            rijen.append({"persoon_id": persoon_id, "casus_id": None, "datum": datum,
                          "soort": soort, "gebruiker_id": None, "geregistreerd_op": moment})
    _voeg_in(PolitieContact.__table__, rijen)


def gebeurtenissen(c: CasusRegel, gebruikers: dict[str, int]) -> list[dict[str, Any]]:
    """The event rows of one case, aanmelden first, as the status service would write them."""
    rijen = [{"volgnummer": 1, "transitie": AANMELDEN, "van_status": None,
              "naar_status": AANGEMELD, "aanpak": c.aanpak, "datum": c.aangemeld_op,
              "reden": None, "partij": None, "data": None}]
    status, aanpak = AANGEMELD, c.aanpak
    for volgnummer, e in enumerate(c.gebeurtenissen, start=2):
        transitie = CATALOGUS.fire(aanpak, status, e.transitie)
        data: dict[str, Any] = {}
        if e.doel_aanpak:
            data["van_aanpak"] = aanpak
            aanpak = e.doel_aanpak
        if e.regisseur:
            data["regisseur_id"] = gebruikers[e.regisseur]
        rijen.append({"volgnummer": volgnummer, "transitie": e.transitie, "van_status": status,
                      "naar_status": transitie.doel, "aanpak": aanpak, "datum": e.datum,
                      "reden": e.reden, "partij": e.partij, "data": data or None})
        status = transitie.doel
    return rijen


def _events(rijen: list[dict[str, Any]]) -> list[Event]:
    return [Event(r["volgnummer"], r["volgnummer"], r["transitie"], r["naar_status"],
                  r["aanpak"], r["datum"], None, r["data"], r["reden"]) for r in rijen]


def projectie(rijen: list[dict[str, Any]]) -> dict[str, Any]:
    p = replay(_events(rijen))
    return {"status": p.status, "aanpak": p.aanpak, "status_sinds": p.status_sinds,
            "opname_op": p.opname_op, "afgesloten_op": p.afgesloten_op,
            "regisseur_id": p.regisseur_id}


def schrijf_casussen(casussen: list[CasusRegel], personen: dict[object, int],
                     gebruikers: dict[str, int]) -> dict[str, int]:
    moment = nu()
    per_casus = [gebeurtenissen(c, gebruikers) for c in casussen]
    rijen = [
        {"ref": c.ref, "persoon_id": personen[persoon_sleutel(c.persoon)] if c.persoon else None,
         "aangemeld_op": c.aangemeld_op, "kenmerken": c.kenmerken, "aanmeldreden": None,
         "versie": 1, "created_at": moment, "created_by_id": None, **projectie(events)}
        for c, events in zip(casussen, per_casus, strict=True)
    ]
    ids = _voeg_in(Casus.__table__, rijen, Casus.__table__.c.id)
    event_rijen = [
        {**r, "casus_id": casus_id, "geregistreerd_op": moment, "gebruiker_id": None,
         "toelichting": None, "vervalt_id": None}
        for casus_id, events in zip(ids, per_casus, strict=True) for r in events
    ]
    _voeg_in(Gebeurtenis.__table__, event_rijen)
    _voeg_in(Casusstand.__table__, [
        stand.als_rij(casus_id, rij["persoon_id"], rij["kenmerken"])
        for casus_id, rij, events in zip(ids, rijen, per_casus, strict=True)
        for stand in standen(_events(events))
    ])
    # the person's age from the stored person (it may have existed before the import)
    geboren = _geboortedata({r["persoon_id"] for r in rijen if r["persoon_id"] is not None})
    _voeg_in(Interventie.__table__, [
        {"casus_id": casus_id, "type": soort, "datum": begin, "einddatum": eind, "tekst": tekst,
         "gebruiker_id": None, "geregistreerd_op": moment, "persoon_id": rij["persoon_id"],
         "minderjarig": rij["persoon_id"] is not None
         and minderjarig_op(geboren[rij["persoon_id"]], begin)}
        for casus_id, rij, c in zip(ids, rijen, casussen, strict=True)
        for soort, begin, eind, tekst in c.interventies
    ])
    return {c.ref: casus_id for c, casus_id in zip(casussen, ids, strict=True)}


def _geboortedata(persoon_ids: set[int]) -> dict[int, date | None]:
    lijst = sorted(persoon_ids)
    uit: dict[int, date | None] = {}
    for i in range(0, len(lijst), BATCH):
        # a Result has keys(), so dict.update would take it for a mapping
        uit.update((p, g) for p, g in db.session.execute(
            select(Persoon.id, Persoon.geboortedatum).where(Persoon.id.in_(lijst[i:i + BATCH]))))
    return uit


def schrijf_signalen(signalen: Iterable[SignaalRegel], casus_ids: dict[str, int]) -> None:
    moment = nu()
    rijen = []
    for s in signalen:
        casus_id = casus_ids.get(s.casus_ref) if s.casus_ref else None
        rijen.append({
            "ref": s.ref, "aanpak": s.aanpak, "ontvangen_op": s.ontvangen_op, "bron": s.bron,
            "thema": s.thema, "tekst": s.tekst, "casus_id": casus_id,
            "status": "gekoppeld" if casus_id else "open", "afsluitreden": None,
            "persoon_id": None, "betreft_naam": None, "betreft_adres": None,
            "melder_naam": None, "melder_contact": None, "created_at": moment,
            "created_by_id": None,
        })
    _voeg_in(Signaal.__table__, rijen)
