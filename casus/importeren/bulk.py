"""Batch inserts for the import: rows built from checked lines, written with executemany.

Every row of a case (its events, its projection columns, its ``casusstand`` rows, its
interventions) comes from ``casus.casussen.logrijen``, the row builder the status
service uses too; this module only serialises them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import chain, islice
from operator import itemgetter
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


def _voeg_in(
    tabel: Any, rijen: Iterable[dict[str, Any]], terug: Any = None, verbinding: Any = None
) -> list[int]:
    """Insert ``rijen`` (all with the same keys); with ``terug``, give their new ids in
    order.

    Ids are reserved first (PostgreSQL: from the sequence; SQLite: above the maximum,
    once this transaction holds the write lock), then the rows go to the driver
    directly (PostgreSQL: COPY; SQLite: executemany), which is several times faster than
    per-row processing. ``rijen`` may be a generator: the rows are built while they are
    written. ``verbinding``: the session's connection, for a caller in another thread.
    """
    ids: list[int] = []
    if terug is not None:
        lijst = list(rijen)
        ids = _reserveer_ids(tabel, len(lijst))
        rijen = ({**r, "id": i} for r, i in zip(lijst, ids, strict=True))
    reeks = iter(rijen)
    eerste = next(reeks, None)
    if eerste is None:
        return ids
    verbinding = verbinding if verbinding is not None else db.session.connection()
    dialect = verbinding.dialect
    kolommen = list(eerste)
    waarden = _waarden(
        chain([eerste], reeks), kolommen, [_omzetter(tabel.c[k].type, dialect) for k in kolommen]
    )
    if dialect.name == "postgresql":
        _copy(verbinding, tabel.name, kolommen, waarden)
        return ids
    # the INSERT is compiled by SQLAlchemy from the table's own columns, positional
    # parameters in the driver's style, so executemany can take plain sequences
    # (a bare table clause: the model's Python-side defaults must not add columns)
    kaal = table(tabel.name, *(column(k) for k in kolommen))
    sql = str(kaal.insert().values({k: bindparam(k) for k in kolommen}).compile(dialect=dialect))
    while deel := list(islice(waarden, BATCH)):
        verbinding.exec_driver_sql(sql, deel)
    return ids


def _waarden(
    rijen: Iterable[dict[str, Any]],
    kolommen: list[str],
    omzetters: list[Callable[[Any], Any] | None],
) -> Iterator[Sequence[Any]]:
    """The rows' values in the order of ``kolommen``, converted where a column needs it
    (every converter takes None too)."""
    haal = itemgetter(*kolommen) if len(kolommen) > 1 else lambda r: (r[kolommen[0]],)
    om = [(i, f) for i, f in enumerate(omzetters) if f is not None]
    if not om:
        yield from map(haal, rijen)
        return
    for r in rijen:
        waarden = list(haal(r))
        for i, f in om:
            waarden[i] = f(waarden[i])
        yield tuple(waarden)  # SQLAlchemy's executemany takes tuples, not lists


def _copy(
    verbinding: Any, tabel: str, kolommen: list[str], waarden: Iterable[Sequence[Any]]
) -> None:
    """PostgreSQL: COPY ... FROM STDIN on the session's own connection (same transaction)."""
    cursor = verbinding.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {tabel} ({', '.join(kolommen)}) FROM STDIN") as copy:
        for rij in waarden:
            copy.write_row(rij)


class _Onthouden(dict[Any, Any]):
    """A converter that converts each distinct value once (None stays None): an import
    has a few thousand distinct dates and one registration moment."""

    def __init__(self, omzetter: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self.omzetter = omzetter

    def __missing__(self, waarde: Any) -> Any:
        uit = self[waarde] = self.omzetter(waarde)
        return uit


# SQLite: a date as the text it is stored as (shared: the same dates recur in every part)
_ALS_TEKST = _Onthouden(date.isoformat)


def _json(waarde: Any) -> str | None:
    return None if waarde is None else json.dumps(waarde)


def _omzetter(soort: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """How a value of this column type goes to the driver (None: as it is)."""
    if isinstance(soort, JSON):
        return _json
    sqlite = dialect.name == "sqlite"
    if isinstance(soort, Date) and sqlite:
        return _ALS_TEKST.__getitem__
    processor = soort.bind_processor(dialect) if isinstance(soort, UTCDateTime) else None
    if processor is None:
        return None

    def moment(waarde: Any) -> Any:
        uit = processor(waarde)
        # the text the sqlite3 module's own adapter makes of a datetime, made once
        return uit.isoformat(" ") if sqlite and isinstance(uit, datetime) else uit

    return _Onthouden(moment).__getitem__


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
    casussen: list[GelezenCasus],
    personen: dict[object, int],
    gebruikers: dict[str, int],
    *,
    deel: int = 2000,
    voortgang: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write the cases with their events, aliases, casusstand rows and interventions,
    ``deel`` cases at a time (each part's rows complete in themselves); ``voortgang``
    hears how many cases are written after each part."""
    if not casussen:
        return {}
    moment = nu()
    ids = _reserveer_ids(Casus.__table__, len(casussen))
    persoon_ids = [personen[persoon_sleutel(c.persoon)] if c.persoon else None for c in casussen]
    # the person's age from the stored person (it may have existed before the import)
    geboren = _geboortedata({p for p in persoon_ids if p is not None})
    with _Schrijver(db.session.connection()) as schrijver:
        for i in range(0, len(casussen), deel):
            stuk = slice(i, i + deel)
            schrijver.schrijf(
                _casusrijen(
                    casussen[stuk], ids[stuk], persoon_ids[stuk], gebruikers, geboren, moment
                ),
                min(i + deel, len(casussen)),
                voortgang,
            )
    return {c.ref: casus_id for c, casus_id in zip(casussen, ids, strict=True)}


Tabelrijen = list[tuple[Any, list[logrijen.Rij]]]


def _casusrijen(
    casussen: list[GelezenCasus],
    ids: list[int],
    persoon_ids: list[int | None],
    gebruikers: dict[str, int],
    geboren: dict[int, date | None],
    moment: datetime,
) -> Tabelrijen:
    """The rows of one part, per table in the order they are inserted: a case's event
    rows once, its derived rows (projection columns, casusstand) from them."""
    boeken = [logboek(i, c, gebruikers, moment) for i, c in zip(ids, casussen, strict=True)]
    samen = list(zip(boeken, casussen, persoon_ids, strict=True))
    return [
        (
            Casus.__table__,
            [
                b.casus_rij(persoon_id=p, kenmerken=c.kenmerken, aanmeldreden=None)
                for b, c, p in samen
            ],
        ),
        (Gebeurtenis.__table__, [r for b in boeken for r in b.rijen]),
        # the file's number of a case omgezet since is kept as an alias
        (Casusalias.__table__, [r for b in boeken for r in b.aliassen]),
        (Casusstand.__table__, [r for b, c, p in samen for r in b.standrijen(p, c.kenmerken)]),
        (
            Interventie.__table__,
            [
                logrijen.interventie_rij(
                    casus_id=b.casus_id,
                    type=soort,
                    datum=begin,
                    einddatum=eind,
                    tekst=tekst,
                    gebruiker_id=None,
                    moment=moment,
                    persoon_id=p,
                    geboortedatum=None if p is None else geboren[p],
                )
                for b, c, p in samen
                for soort, begin, eind, tekst in c.interventies
            ],
        ),
    ]


class _Schrijver:
    """Writes parts of rows in order. On PostgreSQL a part is written (COPY) by a thread
    of its own while the caller builds the next part: the server stores and checks one
    part (indexes, foreign keys) while Python builds the next, on the other core. The
    thread uses the session's connection (the same transaction) and nothing else, and
    the caller touches the connection only between parts; at most one part is in
    flight. An error of a part is raised by the next call (or on leaving), so nothing
    after it is written and the caller's transaction rolls back as ever."""

    def __init__(self, verbinding: Any) -> None:
        self.verbinding = verbinding
        self.gelijktijdig = verbinding.dialect.name == "postgresql"
        self._draad: threading.Thread | None = None
        self._fout: BaseException | None = None
        self._na: Callable[[], None] | None = None

    def __enter__(self) -> _Schrijver:
        return self

    def __exit__(self, soort: object, fout: object, tb: object) -> None:
        # wait for the part in flight in any case; raise its error unless one is raised
        self._wacht(melden=fout is None)

    def schrijf(
        self, rijen: Tabelrijen, gedaan: int, voortgang: Callable[[int], None] | None
    ) -> None:
        self._wacht()
        na = (lambda: voortgang(gedaan)) if voortgang is not None else None
        if not self.gelijktijdig:
            self._schrijf(rijen)
            if na is not None:
                na()
            return
        self._na = na
        self._draad = threading.Thread(target=self._in_draad, args=(rijen,), daemon=True)
        self._draad.start()

    def _schrijf(self, rijen: Tabelrijen) -> None:
        for tabel, lijst in rijen:
            _voeg_in(tabel, lijst, verbinding=self.verbinding)

    def _in_draad(self, rijen: Tabelrijen) -> None:
        try:
            self._schrijf(rijen)
        except BaseException as fout:  # handed to the caller's thread
            self._fout = fout

    def _wacht(self, *, melden: bool = True) -> None:
        if self._draad is None:
            return
        self._draad.join()
        self._draad = None
        fout, self._fout = self._fout, None
        if fout is not None:
            if melden:
                raise fout
            return
        if self._na is not None and melden:
            self._na()
        self._na = None


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
                "wijk": s.wijk,
                "melder_naam": None,
                "melder_contact": None,
                "created_at": moment,
                "created_by_id": None,
            }
        )
    _voeg_in(Signaal.__table__, rijen)
