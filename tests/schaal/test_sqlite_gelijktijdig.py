"""The embedded default under concurrent use: a SQLite file with the demo, one gunicorn
instance of two workers, eight demo users mixing page views, notes and status changes
for CASUS_SCHAAL_DUUR_S (60) seconds: not one error, not one "database is locked".

Like the other SQLite tests it serves a SQLite file of its own, so it runs (and must
pass) in both CI passes."""

from __future__ import annotations

from pathlib import Path

from tests.hulp.schaal import Telling, auditacties, belasting, duur, flask, instanties, omgeving

GEBRUIKERS = {
    "regisseur": "regisseur",
    "regisseur2": "regisseur",
    "rio": "regisseur",
    "pgar": "regisseur",
    "ondermijning": "regisseur",
    "woonoverlast": "regisseur",
    "triage": "triage",
    "manager": "manager",
}


def test_sqlite_gelijktijdig(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'casus.sqlite'}"
    # the embedded default: the log-in counters in the database; every client of this
    # test is 127.0.0.1, so the per-address limit is lifted (it would stop the load)
    env = omgeving(
        database,
        tmp_path / "audit-anker.jsonl",
        INLOG_TELLER="database",
        INLOG_MAX_PER_ADRES="100000",
    )
    code, uitvoer = flask(["demo", "--niet-starten"], env)
    assert code == 0, uitvoer[-3000:]
    voor = auditacties(database, list(GEBRUIKERS))

    telling = Telling()
    with instanties(1, env, tmp_path / "log") as (server,):
        belasting(GEBRUIKERS, [server.adres], duur(), telling)
        log = server.logtekst()
        levend = server.leeft()
    na = auditacties(database, list(GEBRUIKERS))
    code, controle = flask(["audit", "controleer"], env)

    samenvatting = telling.samenvatting()
    print(samenvatting)
    assert telling.fouten == [], samenvatting
    assert levend, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert "database is locked" not in log, log[-3000:]
    for soort, status in [
        ("mijn-casussen", 200),
        ("werkvoorraad", 200),
        ("casus", 200),
        ("zoeken", 200),
        ("notitie", 302),
        ("status", 302),
        ("rapportage", 200),
        ("inloggen", 302),
    ]:
        assert telling.aantal(soort, status) > 0, f"geen {soort}\n{samenvatting}"
    # each page, note and status change that was answered is in the log, once
    gezien = telling.aantal("casus", 200) + telling.aantal("statusstap", 200)
    assert na["casus.bekeken"] - voor["casus.bekeken"] == gezien
    assert na["casus.notitie_toegevoegd"] - voor["casus.notitie_toegevoegd"] == telling.aantal(
        "notitie", 302
    )
    statussen = ("casus.status_pauzeren", "casus.status_hervatten")
    assert sum(na[s] - voor[s] for s in statussen) == telling.aantal("status", 302)
    assert code == 0, controle
    assert "in orde" in controle, controle
