"""The audit chain without a lock: records appended freely, sealed in order afterwards,
and anchored outside the database so that a removed tail is caught too."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select, text
from sqlalchemy.exc import DBAPIError

from casus.audit import log_actie
from casus.audit.models import BEGIN_HASH, AuditRecord
from casus.audit.rechten import TRIGGER_SQL
from casus.audit.zegel import verzegel
from casus.extensions import db
from tests.hulp.client import login


def cli(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["audit", *args])


def records(n: int) -> None:
    for i in range(n):
        log_actie("casus.bekeken", casus=200 + i, details={"n": i})
    db.session.commit()


@pytest.fixture
def anker(app: Flask, tmp_path: Path) -> Iterator[Path]:
    pad = tmp_path / "anker.jsonl"
    oud = app.config["AUDIT_ANKER_BESTAND"]
    app.config["AUDIT_ANKER_BESTAND"] = str(pad)
    yield pad
    app.config["AUDIT_ANKER_BESTAND"] = oud


def test_a_record_of_a_rolled_back_transaction_leaves_no_gap(app: Flask) -> None:
    records(1)
    log_actie("casus.bekeken", casus=9)
    db.session.rollback()  # this record was appended, then rolled back
    records(2)
    uit = cli(app, "controleer")
    assert uit.exit_code == 0, uit.output
    assert "3 records" in uit.output
    rijen = db.session.scalars(select(AuditRecord).order_by(AuditRecord.volgnummer)).all()
    assert [r.volgnummer for r in rijen] == [1, 2, 3]
    assert [r.casus_id for r in rijen] == [200, 200, 201]
    assert rijen[0].vorige_hash == BEGIN_HASH


def test_controleer_seals_first_and_verzegel_reports_the_length(app: Flask, anker: Path) -> None:
    records(4)
    uit = cli(app, "verzegel")
    assert uit.exit_code == 0, uit.output
    assert "4 records verzegeld; de keten telt er 4" in uit.output
    records(2)
    uit = cli(app, "verzegel")
    assert "2 records verzegeld; de keten telt er 6" in uit.output
    regels = [json.loads(r) for r in anker.read_text().splitlines()]
    assert [r["volgnummer"] for r in regels] == [4, 6]


def test_removing_the_newest_records_is_caught_by_the_anchor_only(app: Flask, anker: Path) -> None:
    records(5)
    assert cli(app, "verzegel").exit_code == 0
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_record WHERE volgnummer >= 4"))
    # what is left is an intact chain of 3: only the anchor knows there were 5
    zonder = cli(app, "controleer", "--niet-verzegelen", "--anker", str(anker.with_name("x")))
    assert zonder.exit_code != 0  # a named anchor file that does not exist is an error
    anker_weg = anker.rename(anker.with_name("elders.jsonl"))
    uit = cli(app, "controleer", "--niet-verzegelen")
    assert uit.exit_code == 0
    assert "Geen ankers gevonden" in uit.output
    uit = cli(app, "controleer", "--niet-verzegelen", "--anker", str(anker_weg))
    assert uit.exit_code == 1
    assert "de records 4 tot en met 5 ontbreken" in uit.output


def test_a_rewritten_tail_with_fresh_hashes_is_caught_by_the_anchor(
    app: Flask, anker: Path
) -> None:
    records(3)
    assert cli(app, "verzegel").exit_code == 0
    # someone rewrites record 3 and seals it again with a correct hash: the chain is sound
    nieuw = db.session.scalars(select(AuditRecord).where(AuditRecord.volgnummer == 3)).one()
    nieuw.actie = "vervalst"
    hash_ = nieuw.bereken_hash()
    db.session.rollback()
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_record SET actie = 'vervalst', hash = :h WHERE volgnummer = 3"),
            {"h": hash_},
        )
    uit = cli(app, "controleer", "--niet-verzegelen")
    assert uit.exit_code == 1
    assert "record 3: wijkt af van het anker" in uit.output


def test_a_changed_anchor_file_is_reported(app: Flask, anker: Path) -> None:
    records(2)
    assert cli(app, "verzegel").exit_code == 0
    anker.write_text(anker.read_text() + "volgnummer 9\n")
    uit = cli(app, "controleer")
    assert uit.exit_code == 1
    assert "regel 2" in uit.output


def test_anchor_lines_are_read_from_the_application_log(app: Flask, tmp_path: Path) -> None:
    records(2)
    assert cli(app, "verzegel").exit_code == 0
    head = db.session.scalars(select(AuditRecord).where(AuditRecord.volgnummer == 2)).one()
    logboek = tmp_path / "casus.log"
    logboek.write_text(
        "2026-12-06 10:00:00 INFO casus.audit auditanker "
        + json.dumps({"volgnummer": 2, "hash": head.hash, "tijdstip": "2026-12-06T10:00:00"})
        + "\n"
        + "2026-12-06 10:00:01 INFO casus.audit auditanker "
        + json.dumps({"volgnummer": 3, "hash": "0" * 64, "tijdstip": "2026-12-06T10:00:01"})
        + "\n"
    )
    uit = cli(app, "controleer", "--anker", str(logboek))
    assert uit.exit_code == 1
    assert "de records 3 tot en met 3 ontbreken" in uit.output
    assert "06-12-2026" in uit.output


def test_a_page_view_writes_nothing_until_the_page_is_made(
    app: Flask, client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    """The read phase of a page view only reads; its audit record is written in a short
    write transaction after the page (on SQLite: a plain BEGIN first, BEGIN IMMEDIATE
    only for that last write)."""
    ik = maak_gebruiker_("regisseur:pga_jeugd")
    casus = maak_casus("pga_jeugd", "actief", regisseur=ik)
    db.session.commit()
    casus_id = casus.id
    assert login(client, ik).status_code == 302
    uitgevoerd: list[str] = []

    def noteer(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
        uitgevoerd.append(" ".join(statement.split()[:3]).upper())

    event.listen(db.engine, "before_cursor_execute", noteer)
    try:
        assert client.get(f"/casus/{casus_id}").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", noteer)
    eerste = next(i for i, s in enumerate(uitgevoerd) if s.startswith("INSERT INTO AUDIT_RECORD"))
    lezen = uitgevoerd[:eerste]
    assert any(s.startswith("SELECT") for s in lezen)
    assert not [s for s in lezen if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]
    if db.engine.dialect.name == "sqlite":
        assert lezen[0] == "BEGIN"
        assert lezen[-1] == "BEGIN IMMEDIATE"
        assert "BEGIN IMMEDIATE" not in lezen[:-1]
    assert db.session.scalars(select(AuditRecord.actie)).all()[-1] == "casus.bekeken"


def test_a_page_whose_record_cannot_be_written_is_not_shown(
    app: Flask, client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    ik = maak_gebruiker_("regisseur:pga_jeugd")
    casus = maak_casus("pga_jeugd", "actief", regisseur=ik)
    db.session.commit()
    casus_id = casus.id
    assert login(client, ik).status_code == 302

    def weiger(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
        if statement.startswith("INSERT INTO audit_record"):
            raise RuntimeError("schijf vol")

    event.listen(db.engine, "before_cursor_execute", weiger)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error page
    try:
        antwoord = client.get(f"/casus/{casus_id}")
    finally:
        event.remove(db.engine, "before_cursor_execute", weiger)
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert antwoord.status_code == 500
    # the case's person (the factory's Sem Jansen) is not shown
    assert "Jansen" not in antwoord.get_data(as_text=True)


def test_sealing_after_a_request_when_turned_on(
    app: Flask, client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any, anker: Path
) -> None:
    ik = maak_gebruiker_("regisseur:pga_jeugd")
    casus = maak_casus("pga_jeugd", "actief", regisseur=ik)
    db.session.commit()
    casus_id = casus.id
    assert login(client, ik).status_code == 302
    app.config.update(AUDIT_VERZEGEL_SECONDEN=0, AUDIT_ANKER_SECONDEN=0)
    try:
        assert client.get(f"/casus/{casus_id}").status_code == 200
    finally:
        app.config.update(AUDIT_VERZEGEL_SECONDEN=-1, AUDIT_ANKER_SECONDEN=60)
    open_ = db.session.scalar(
        select(AuditRecord.id).where(AuditRecord.volgnummer.is_(None)).limit(1)
    )
    assert open_ is None
    laatste = db.session.scalars(
        select(AuditRecord).order_by(AuditRecord.volgnummer.desc()).limit(1)
    ).one()
    assert laatste.actie == "casus.bekeken"
    assert json.loads(anker.read_text().splitlines()[-1])["hash"] == laatste.hash


def test_postgres_records_committed_out_of_id_order_are_sealed_in_commit_order(
    app: Flask, postgres: None
) -> None:
    with db.engine.connect() as open_conn:
        trans = open_conn.begin()
        open_conn.execute(
            text(
                "INSERT INTO audit_record (tijdstip, gebruikersnaam, actie, uitkomst) "
                "VALUES (now(), 'systeem', 'eerst', 'ok')"
            )
        )
        records(1)  # appended later, committed first
        assert verzegel() == 1  # the open one is not visible: not sealed, no gap
        db.session.commit()
        trans.commit()
    assert verzegel() == 1
    db.session.commit()
    rijen = db.session.execute(
        select(AuditRecord.id, AuditRecord.actie).order_by(AuditRecord.volgnummer)
    ).all()
    assert [r.actie for r in rijen] == ["casus.bekeken", "eerst"]
    assert rijen[0].id > rijen[1].id
    assert cli(app, "controleer").exit_code == 0


def test_postgres_trigger_lets_the_seal_through_once_and_nothing_else(
    app: Flask, postgres: None
) -> None:
    records(2)
    with db.engine.connect() as conn:
        trans = conn.begin()  # DDL is transactional: rolled back at the end
        conn.exec_driver_sql(TRIGGER_SQL)
        ids = conn.execute(text("SELECT id FROM audit_record ORDER BY id")).scalars().all()
        # content changed together with the seal: refused
        for sql in (
            "UPDATE audit_record SET volgnummer = 1, vorige_hash = 'a', hash = 'b', "
            "actie = 'x' WHERE id = :id",
            "UPDATE audit_record SET actie = 'x' WHERE id = :id",
            "DELETE FROM audit_record WHERE id = :id",
        ):
            punt = conn.begin_nested()
            with pytest.raises(DBAPIError, match="alleen-toevoegen"):
                conn.execute(text(sql), {"id": ids[0]})
            punt.rollback()
        # the seal itself: allowed once
        conn.execute(
            text(
                "UPDATE audit_record SET volgnummer = 1, vorige_hash = 'a', hash = 'b' "
                "WHERE id = :id"
            ),
            {"id": ids[0]},
        )
        punt = conn.begin_nested()
        with pytest.raises(DBAPIError, match="alleen-toevoegen"):
            conn.execute(
                text("UPDATE audit_record SET volgnummer = 7, hash = 'c' WHERE id = :id"),
                {"id": ids[0]},
            )
        punt.rollback()
        trans.rollback()


def test_a_reads_waiting_writes_survive_a_commit_made_while_reading(app: Flask) -> None:
    """A read queues its record and its kept writes; a commit while the page is made
    (no view does that today) must not drop them: the closing write phase writes them."""
    from flask import Response

    from casus.audit.services import bewaar_na_verzoek
    from casus.werkeenheid import blijvend

    gedaan: list[str] = []
    with app.test_request_context("/ergens", method="GET"):
        log_actie("casus.bekeken", casus=7)
        blijvend(lambda: gedaan.append("activiteit"))
        assert gedaan == []  # waits for the end of the request
        db.session.commit()
        assert db.session.scalars(select(AuditRecord.actie)).all() == []
        bewaar_na_verzoek(Response("pagina"))
    assert gedaan == ["activiteit"]
    assert db.session.scalars(select(AuditRecord.casus_id)).all() == [7]
