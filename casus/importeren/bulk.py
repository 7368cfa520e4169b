"""Batch inserts for the import: rows built from checked lines, written with executemany.

Every row of a case (its events, its projection columns, its ``casusstand`` rows, its
interventions) comes from ``casus.casussen.logrijen``, the row builder the status
service uses too; this module only serialises them.
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

from casus.casussen import logrijen
from casus.casussen.models import Casus, Casusalias, Casusstand, Gebeurtenis, Interventie
from casus.db import UTCDateTime
from casus.extensions import db
from casus.importeren.lezer import GelezenCasus, GelezenPersoon, GelezenSignaal, persoon_sleutel
from casus.klok import nu
from casus.personen.models import Persoon, PolitieContact
from casus.signalen.models import Signaal
from casus.zoeken.zoekvorm import zoeknaam

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
        verbinding.exec_driver_sql(sql, list(_waarden(rijen[i : i + BATCH], omzetters)))
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


def _copy(
    verbinding: Any, tabel: str, kolommen: list[str], waarden: Iterator[tuple[Any, ...]]
) -> None:
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
        return list(
            verbinding.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"
                ),
                {"t": tabel.name, "n": aantal},
            ).scalars()
        )
    # SQLite: a write statement takes the database's single write lock for this
    # transaction, so nobody else can insert between reading the maximum and writing
    verbinding.execute(delete(tabel).where(false()))
    hoogste = verbinding.execute(select(func.coalesce(func.max(tabel.c.id), 0))).scalar()
    return list(range(int(hoogste or 0) + 1, int(hoogste or 0) + 1 + aantal))


def schrijf_personen(nieuw: list[tuple[object, GelezenPersoon]]) -> dict[object, int]:
    moment = nu()
    rijen = [
        {
            "ref": p.ref,
            "voornaam": p.voornaam,
            "tussenvoegsel": None,
            "achternaam": p.achternaam,
            "geboortedatum": p.geboortedatum,
            "bsn": p.bsn,
            "adres": None,
            "wijk": p.wijk,
            "created_at": moment,
            "geanonimiseerd_op": None,
            "zoeknaam": zoeknaam(p.voornaam, None, p.achternaam),
        }
        for _, p in nieuw
    ]
    ids = _voeg_in(Persoon.__table__, rijen, Persoon.__table__.c.id)
    return {sleutel: pid for (sleutel, _), pid in zip(nieuw, ids, strict=True)}


def schrijf_politiecontacten(
    personen: list[tuple[int, GelezenPersoon]], bekend: set[tuple[int, Any, str]]
) -> None:
    moment = nu()
    rijen = []
    for persoon_id, p in personen:
        for datum, soort in p.politiecontacten:
            if (persoon_id, datum, soort) in bekend:
                continue
            bekend.add((persoon_id, datum, soort))
            rijen.append(
                {
                    "persoon_id": persoon_id,
                    "casus_id": None,
                    "datum": datum,
                    "soort": soort,
                    "gebruiker_id": None,
                    "geregistreerd_op": moment,
                }
            )
    _voeg_in(PolitieContact.__table__, rijen)


def logboek(
    casus_id: int, c: GelezenCasus, gebruikers: dict[str, int], moment: Any
) -> logrijen.Logboek:
    """The event rows of one checked case, aanmelden first."""
    boek = logrijen.Logboek(casus_id, c.aanpak, c.aangemeld_op, moment=moment, ref=c.ref)
    for e in c.gebeurtenissen:
        boek.stap(
            e.transitie,
            e.datum,
            reden=e.reden,
            partij=e.partij,
            doel_aanpak=e.doel_aanpak,
            regisseur_id=gebruikers[e.regisseur] if e.regisseur else None,
        )
    return boek


def schrijf_casussen(
    casussen: list[GelezenCasus], personen: dict[object, int], gebruikers: dict[str, int]
) -> dict[str, int]:
    if not casussen:
        return {}
    moment = nu()
    ids = _reserveer_ids(Casus.__table__, len(casussen))
    boeken = [
        logboek(casus_id, c, gebruikers, moment) for casus_id, c in zip(ids, casussen, strict=True)
    ]
    persoon_ids = [personen[persoon_sleutel(c.persoon)] if c.persoon else None for c in casussen]
    _voeg_in(
        Casus.__table__,
        [
            boek.casus_rij(persoon_id=persoon_id, kenmerken=c.kenmerken, aanmeldreden=None)
            for boek, c, persoon_id in zip(boeken, casussen, persoon_ids, strict=True)
        ],
    )
    _voeg_in(Gebeurtenis.__table__, [r for boek in boeken for r in boek.rijen])
    # the file's number of a case omgezet since is kept as an alias (logrijen.hernummering)
    _voeg_in(Casusalias.__table__, [r for boek in boeken for r in boek.aliassen])
    _voeg_in(
        Casusstand.__table__,
        [
            r
            for boek, c, persoon_id in zip(boeken, casussen, persoon_ids, strict=True)
            for r in boek.standrijen(persoon_id, c.kenmerken)
        ],
    )
    # the person's age from the stored person (it may have existed before the import)
    geboren = _geboortedata({p for p in persoon_ids if p is not None})
    _voeg_in(
        Interventie.__table__,
        [
            logrijen.interventie_rij(
                casus_id=casus_id,
                type=soort,
                datum=begin,
                einddatum=eind,
                tekst=tekst,
                gebruiker_id=None,
                moment=moment,
                persoon_id=persoon_id,
                geboortedatum=None if persoon_id is None else geboren[persoon_id],
            )
            for casus_id, c, persoon_id in zip(ids, casussen, persoon_ids, strict=True)
            for soort, begin, eind, tekst in c.interventies
        ],
    )
    return {c.ref: casus_id for c, casus_id in zip(casussen, ids, strict=True)}


def _geboortedata(persoon_ids: set[int]) -> dict[int, date | None]:
    lijst = sorted(persoon_ids)
    uit: dict[int, date | None] = {}
    for i in range(0, len(lijst), BATCH):
        # a Result has keys(), so dict.update would take it for a mapping
        uit.update(
            (p, g)
            for p, g in db.session.execute(
                select(Persoon.id, Persoon.geboortedatum).where(
                    Persoon.id.in_(lijst[i : i + BATCH])
                )
            )
        )
    return uit


def schrijf_signalen(signalen: Iterable[GelezenSignaal], casus_ids: dict[str, int]) -> None:
    moment = nu()
    rijen = []
    for s in signalen:
        casus_id = casus_ids.get(s.casus_ref) if s.casus_ref else None
        rijen.append(
            {
                "ref": s.ref,
                "aanpak": s.aanpak,
                "ontvangen_op": s.ontvangen_op,
                "bron": s.bron,
                "thema": s.thema,
                "tekst": s.tekst,
                "casus_id": casus_id,
                "status": "gekoppeld" if casus_id else "open",
                "afsluitreden": None,
                "persoon_id": None,
                "betreft_naam": None,
                "betreft_adres": None,
                "melder_naam": None,
                "melder_contact": None,
                "created_at": moment,
                "created_by_id": None,
            }
        )
    _voeg_in(Signaal.__table__, rijen)
