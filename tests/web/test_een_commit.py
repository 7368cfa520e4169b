"""Exactly one commit per request: a logged-in page commits its audit record and the
session's last activity together; a form commits once, saved or refused, and a refused
form keeps the session's activity and the record of the refusal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from flask.testing import FlaskClient
from sqlalchemy import event, select

from casus.audit.models import AuditRecord
from casus.auth.models import Sessie
from casus.casussen.models import Casus, Notitie
from casus.extensions import db
from tests.hulp.client import login

START = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


@contextmanager
def om(moment: datetime) -> Iterator[list[str]]:
    """At ``moment`` (the clock standing still), counting the COMMITs."""
    with time_machine.travel(moment, tick=False), tel_commits() as commits:
        yield commits


@contextmanager
def tel_commits() -> Iterator[list[str]]:
    """The COMMITs the database receives (every connection of the engine)."""
    commits: list[str] = []

    def _commit(conn: Any) -> None:
        commits.append("COMMIT")

    event.listen(db.engine, "commit", _commit)
    try:
        yield commits
    finally:
        event.remove(db.engine, "commit", _commit)


def laatst_actief(gebruiker_id: int) -> datetime:
    db.session.expire_all()
    moment = db.session.scalar(
        select(Sessie.laatst_actief_op).where(
            Sessie.gebruiker_id == gebruiker_id, Sessie.beeindigd_op.is_(None)
        )
    )
    assert moment is not None
    return moment


def acties(uitkomst: str = "ok") -> list[str]:
    return list(
        db.session.scalars(
            select(AuditRecord.actie)
            .where(AuditRecord.uitkomst == uitkomst)
            .order_by(AuditRecord.id)
        )
    )


def test_a_logged_in_page_is_one_commit_with_its_record_and_the_session_activity(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    ik = maak_gebruiker_("regisseur:pga_jeugd")
    casus = maak_casus("pga_jeugd", "actief", regisseur=ik)
    db.session.commit()
    ik_id, casus_id = ik.id, casus.id
    with om(START) as commits:
        assert login(client, ik).status_code == 302
    assert commits == ["COMMIT"]
    db.session.close()

    # the activity is due (more than 30 s since the log-in), and the page writes a record
    with om(START + timedelta(minutes=1)) as commits:
        assert client.get(f"/casus/{casus_id}").status_code == 200
    assert commits == ["COMMIT"]
    assert laatst_actief(ik_id) == START + timedelta(minutes=1)
    assert acties()[-1] == "casus.bekeken"
    db.session.close()

    # a page without a record: the activity alone, one commit
    with om(START + timedelta(minutes=2)) as commits:
        assert client.get("/").status_code == 200
    assert commits == ["COMMIT"]
    assert laatst_actief(ik_id) == START + timedelta(minutes=2)
    db.session.close()

    # nothing to write (the activity was written 5 s ago): nothing committed
    with om(START + timedelta(minutes=2, seconds=5)) as commits:
        assert client.get("/").status_code == 200
    assert commits == []


def test_a_form_is_one_commit_saved_or_refused_and_a_refusal_keeps_the_activity(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    ik = maak_gebruiker_("regisseur:pga_jeugd")
    casus = maak_casus("pga_jeugd", "actief", regisseur=ik)
    db.session.commit()
    # a version the case had before: its form is stale
    ik_id, casus_id, oude_versie = ik.id, casus.id, str(casus.versie - 1)
    with time_machine.travel(START, tick=False):
        login(client, ik)
    db.session.close()

    notitie = {
        "notitie-token": "een",
        "notitie-soort": "notitie",
        "notitie-datum": "2025-06-01",
        "notitie-tekst": "Gesprek",
    }
    with om(START + timedelta(minutes=1)) as commits:
        assert client.post(f"/casus/{casus_id}/notitie", data=notitie).status_code == 302
    assert commits == ["COMMIT"]
    assert laatst_actief(ik_id) == START + timedelta(minutes=1)
    db.session.close()

    # refused by the service (the case changed since the form was opened): the change is
    # rolled back, the refusal's record and the session's activity are kept, one commit
    with om(START + timedelta(minutes=2)) as commits:
        laat = client.post(
            f"/casus/{casus_id}/kenmerken",
            data={
                "kenmerken-token": "twee",
                "kenmerken-versie": oude_versie,
                "kenmerken-wijk": "Meerzicht",
            },
        )
    assert laat.status_code == 422
    assert commits == ["COMMIT"]
    assert laatst_actief(ik_id) == START + timedelta(minutes=2)
    assert acties("geweigerd") == ["casus.kenmerken_gewijzigd"]
    assert db.session.get(Casus, casus_id).kenmerken.get("wijk") is None
    db.session.close()

    # the same note again: nothing twice, the activity kept, one commit
    with om(START + timedelta(minutes=3)) as commits:
        assert client.post(f"/casus/{casus_id}/notitie", data=notitie).status_code == 302
    assert commits == ["COMMIT"]
    assert laatst_actief(ik_id) == START + timedelta(minutes=3)
    assert len(db.session.scalars(select(Notitie)).all()) == 1
