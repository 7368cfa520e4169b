"""Two gunicorn instances side by side on one PostgreSQL database, with the log-in counters
in Redis: a bounded mixed load of logged-in demo users through both for
CASUS_SCHAAL_DUUR_S (60) seconds, and then no error, sessions valid on both, a lockout
counted across both, and the audit chain and the derived rows clean."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
import redis

from tests.hulp.database import nieuwe_postgres
from tests.hulp.schaal import (
    GEBLOKKEERD,
    Telling,
    auditacties,
    belasting,
    blokkeer,
    duur,
    flask,
    inlog_geweigerd,
    instanties,
    omgeving,
    sessie_elders,
)

# the load: one thread per user (name -> role); each request goes to the next instance
GEBRUIKERS = {
    "regisseur": "regisseur",
    "rio": "regisseur",
    "triage": "triage",
    "manager": "manager",
}
GEBLOKKEERDE = "woonoverlast"  # not in the load: only wrong passwords, on A and B in turn
BLOKKADE_VANAF = 10  # casus.beveiliging.pogingen: locked at the 10th wrong password


@pytest.fixture
def database() -> Iterator[str]:
    """A new PostgreSQL database of this test on TEST_DATABASE_URL's server, dropped after."""
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("vereist PostgreSQL: zet TEST_DATABASE_URL")
    with nieuwe_postgres("casus_schaal") as url:
        yield url.render_as_string(hide_password=False)


@pytest.fixture
def redis_url() -> Iterator[str]:
    """TEST_REDIS_URL (a database of this test run's own), without log-in counters
    before and after the test."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    client = redis.Redis.from_url(url)

    def wis() -> None:
        for sleutel in client.scan_iter("casus:inlog:*"):
            client.delete(sleutel)

    wis()
    yield url
    wis()
    client.close()


def test_twee_instanties(database: str, redis_url: str, tmp_path: Path) -> None:
    env = omgeving(
        database,
        tmp_path / "audit-anker.jsonl",
        INLOG_TELLER=redis_url,
        # every client of this test is 127.0.0.1: the per-address limit (50 wrong
        # passwords per 15 minutes) would stop the load, not protect anything here
        INLOG_MAX_PER_ADRES="100000",
    )
    code, uitvoer = flask(["demo", "--niet-starten"], env)
    assert code == 0, uitvoer[-3000:]
    voor = auditacties(database, list(GEBRUIKERS))

    telling = Telling()
    blokkade: dict[str, object] = {}

    def blokkeer_over_beide(adressen: list[str]) -> None:
        try:
            blokkade["geteld"] = blokkeer(GEBLOKKEERDE, adressen, BLOKKADE_VANAF)
        except Exception as fout:  # reported by the assertion below
            blokkade["fout"] = f"{type(fout).__name__}: {fout}"

    with instanties(2, env, tmp_path) as (a, b):
        adressen = [a.adres, b.adres]
        # a session cookie obtained on A is valid on B, and the other way round
        a_naar_b = sessie_elders("regisseur", a.adres, b.adres)
        b_naar_a = sessie_elders("rio", b.adres, a.adres)

        draad = threading.Thread(target=blokkeer_over_beide, args=(adressen,))
        draad.start()
        belasting(GEBRUIKERS, adressen, duur(), telling)
        draad.join(timeout=180)
        geweigerd = [inlog_geweigerd(adres, GEBLOKKEERDE) for adres in adressen]
        logs = {i.adres: i.logtekst() for i in (a, b)}
        levend = [i.leeft() for i in (a, b)]
    teller = redis.Redis.from_url(redis_url)
    mislukt = cast(bytes | None, teller.hget(f"casus:inlog:account:{GEBLOKKEERDE}", "mislukt"))
    teller.close()
    na = auditacties(database, list(GEBRUIKERS))
    audit = flask(["audit", "controleer"], env)
    standen = flask(["afgeleid", "controleer"], env)

    samenvatting = telling.samenvatting()
    print(samenvatting)
    assert telling.fouten == [], samenvatting
    assert levend == [True, True], logs
    for adres, log in logs.items():
        assert "Traceback" not in log, f"{adres}:\n{log[-3000:]}"
    # every kind of request of the mix really ran, and through both instances
    for soort, status in [
        ("mijn-casussen", 200),
        ("werkvoorraad", 200),
        ("casus", 200),
        ("zoeken", 200),
        ("notitie", 302),
        ("status", 302),
        ("rapportage", 200),
        ("inloggen-fout", 200),
        ("inloggen", 302),
    ]:
        assert telling.aantal(soort, status) > 0, f"geen {soort}\n{samenvatting}"
    assert set(telling.per_adres) == set(adressen), samenvatting
    assert min(telling.per_adres.values()) > telling.aantal() // 3, samenvatting

    for start in (a_naar_b, b_naar_a):
        assert start.status == 200, (start.status, start.locatie)
        assert "Mijn casussen" in start.tekst

    # ten wrong passwords, five on each instance: neither saw ten, the shared count did
    assert blokkade.get("geteld") == [5, 5], blokkade
    assert mislukt == b"10"
    for melding in geweigerd:
        assert GEBLOKKEERD in melding, geweigerd

    # each page, note and status change that was answered is in the log, once
    gezien = telling.aantal("casus", 200) + telling.aantal("statusstap", 200)
    assert na["casus.bekeken"] - voor["casus.bekeken"] == gezien
    assert na["casus.notitie_toegevoegd"] - voor["casus.notitie_toegevoegd"] == telling.aantal(
        "notitie", 302
    )
    statussen = ("casus.status_pauzeren", "casus.status_hervatten")
    assert sum(na[s] - voor[s] for s in statussen) == telling.aantal("status", 302)

    code, uitvoer = audit
    assert code == 0, uitvoer
    assert "in orde" in uitvoer, uitvoer
    code, uitvoer = standen
    assert code == 0, uitvoer
