"""Brute-force protection for the log-in.

Per account (the typed name, whether or not such a user exists, so the answer is
the same either way): after 5 failures each further attempt must wait a growing
delay (1, 2, 4, ... seconds); after 10 failures the account is locked for 15
minutes. Per client address: at most ``INLOG_MAX_PER_ADRES`` failures per 15
minutes. Counters live in the database or in Redis (``INLOG_TELLER``), so they hold
across gunicorn workers and app instances.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, cast

from flask import current_app
from sqlalchemy import Table, case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from casus.beveiliging.models import Inlogteller
from casus.extensions import db
from casus.klok import nu

VENSTER = timedelta(minutes=15)
VERTRAGING_VANAF = 5
BLOKKADE_VANAF = 10


@dataclass(frozen=True)
class Stand:
    mislukt: int
    laatste_op: datetime | None


class Teller(Protocol):
    # True: a count is written in the request's unit of work (and undone by its rollback)
    transactioneel: bool

    def stand(self, sleutel: str) -> Stand: ...
    def mislukt(self, sleutel: str) -> Stand: ...
    def tel(self, sleutel: str) -> None: ...
    def wis(self, sleutel: str) -> None: ...


class DatabaseTeller:
    transactioneel = True

    def stand(self, sleutel: str) -> Stand:
        rij = db.session.get(Inlogteller, sleutel, populate_existing=True)
        if rij is None or nu() - rij.laatste_op > VENSTER:
            return Stand(0, None)
        return Stand(rij.mislukt, rij.laatste_op)

    def mislukt(self, sleutel: str) -> Stand:
        """Count one failure atomically (one upsert, safe across workers); the new count."""
        self.tel(sleutel)
        rij = db.session.scalar(
            select(Inlogteller)
            .where(Inlogteller.sleutel == sleutel)
            .execution_options(populate_existing=True)
        )
        assert rij is not None
        return Stand(rij.mislukt, rij.laatste_op)

    def tel(self, sleutel: str) -> None:
        """Count one, without reading the count back (the API's rate counter)."""
        moment = nu()
        verlopen = moment - VENSTER
        dialect = db.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        # a declarative class's __table__ is its Table (SQLAlchemy types it FromClause)
        tabel = cast(Table, Inlogteller.__table__)
        stmt = insert(tabel).values(sleutel=sleutel, mislukt=1, laatste_op=moment)
        stmt = stmt.on_conflict_do_update(
            index_elements=[tabel.c.sleutel],
            set_={
                # a counter whose last failure lies outside the window starts again
                "mislukt": case((tabel.c.laatste_op < verlopen, 1), else_=tabel.c.mislukt + 1),
                "laatste_op": moment,
            },
        )
        db.session.execute(stmt)

    def wis(self, sleutel: str) -> None:
        db.session.execute(delete(Inlogteller).where(Inlogteller.sleutel == sleutel))


class RedisTeller:
    transactioneel = False

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)

    def _lees(self, sleutel: str) -> Stand:
        # the synchronous client answers a list (redis-py types every command as
        # "list or awaitable", for its asyncio client)
        mislukt, laatste = cast(
            "list[bytes | None]",
            self._redis.hmget(f"casus:inlog:{sleutel}", ["mislukt", "laatste"]),
        )
        # both fields are written in one transaction (``mislukt``): neither or both
        if mislukt is None or laatste is None:
            return Stand(0, None)
        return Stand(int(mislukt), datetime.fromisoformat(laatste.decode()))

    def stand(self, sleutel: str) -> Stand:
        stand = self._lees(sleutel)
        if stand.laatste_op is not None and nu() - stand.laatste_op > VENSTER:
            return Stand(0, None)
        return stand

    def mislukt(self, sleutel: str) -> Stand:
        naam = f"casus:inlog:{sleutel}"
        moment = nu()
        pipe = self._redis.pipeline()
        pipe.hincrby(naam, "mislukt", 1)
        pipe.hset(naam, "laatste", moment.isoformat())
        # the key lives 15 minutes after the last failure: the window
        pipe.expire(naam, int(VENSTER.total_seconds()))
        aantal, _, _ = pipe.execute()
        return Stand(int(aantal), moment)

    def tel(self, sleutel: str) -> None:
        self.mislukt(sleutel)  # one round trip either way

    def wis(self, sleutel: str) -> None:
        self._redis.delete(f"casus:inlog:{sleutel}")


def teller() -> Teller:
    ingesteld = current_app.config.get("INLOG_TELLER", "database")
    if ingesteld.startswith("redis://"):
        # one client (and its connection pool) per URL for the app's lifetime
        cache: dict[str, RedisTeller] = current_app.extensions.setdefault("casus_redis_teller", {})
        if ingesteld not in cache:
            cache[ingesteld] = RedisTeller(ingesteld)
        return cache[ingesteld]
    return DatabaseTeller()


def _account(naam: str) -> str:
    return f"account:{naam.strip().lower()[:150]}"


def _adres(adres: str | None) -> str:
    return f"adres:{adres or 'onbekend'}"


def weigering(naam: str, adres: str | None) -> str | None:
    """Dutch reason to refuse this attempt before checking the password, or None."""
    t = teller()
    max_adres = int(current_app.config.get("INLOG_MAX_PER_ADRES", 50))
    if t.stand(_adres(adres)).mislukt >= max_adres:
        return (
            "Vanaf uw adres zijn te veel mislukte inlogpogingen gedaan. "
            "Probeer het over 15 minuten opnieuw."
        )
    stand = t.stand(_account(naam))
    if stand.mislukt >= BLOKKADE_VANAF:
        return (
            "Dit account is na te veel mislukte pogingen 15 minuten geblokkeerd. "
            "Probeer het later opnieuw of neem contact op met functioneel beheer."
        )
    if stand.mislukt >= VERTRAGING_VANAF and stand.laatste_op is not None:
        wacht = timedelta(seconds=2 ** (stand.mislukt - VERTRAGING_VANAF))
        if nu() < stand.laatste_op + wacht:
            seconden = max(1, int((stand.laatste_op + wacht - nu()).total_seconds()) + 1)
            return f"Te veel mislukte pogingen. Wacht {seconden} seconden en probeer het opnieuw."
    return None


def tel_mislukte_poging(naam: str, adres: str | None) -> None:
    t = teller()
    t.mislukt(_account(naam))
    t.mislukt(_adres(adres))


def wis_pogingen(naam: str) -> None:
    teller().wis(_account(naam))
