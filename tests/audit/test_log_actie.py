from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit import log_actie
from casus.audit.models import BEGIN_HASH, AuditRecord
from casus.audit.zegel import verzegel
from casus.extensions import db
from tests.hulp.client import login
from tests.hulp.fabrieken import WACHTWOORD


def records() -> list[AuditRecord]:
    return list(db.session.scalars(select(AuditRecord).order_by(AuditRecord.id)))


def test_log_actie_outside_a_request_is_written_as_the_system_user(maak_casus: Any) -> None:
    casus = maak_casus("ipta")
    log_actie("casus.bekeken", casus=casus)
    db.session.commit()
    [r] = records()
    assert (r.actie, r.gebruikersnaam, r.gebruiker_id) == ("casus.bekeken", "systeem", None)
    assert (r.object_type, r.object_id) == ("casus", str(casus.id))
    assert (r.casus_id, r.persoon_id, r.aanpak) == (casus.id, casus.persoon_id, "ipta")
    assert r.uitkomst == "ok"
    assert r.client_adres is None
    assert r.tijdstip.tzinfo is not None


def test_records_are_appended_unsealed_and_the_seal_chains_them_in_id_order(
    maak_gebruiker_: Any,
) -> None:
    for i in range(3):
        log_actie("zoeken", details={"resultaten": i})
    db.session.commit()
    assert [(r.volgnummer, r.vorige_hash, r.hash) for r in records()] == [(None, None, None)] * 3
    assert verzegel() == 3
    db.session.commit()
    a, b, c = records()
    assert [a.id, b.id, c.id] == [1, 2, 3]
    assert [a.volgnummer, b.volgnummer, c.volgnummer] == [1, 2, 3]
    assert a.vorige_hash == BEGIN_HASH
    assert b.vorige_hash == a.hash
    assert c.vorige_hash == b.hash
    assert len({a.hash, b.hash, c.hash}) == 3
    assert all(r.hash == r.bereken_hash() for r in (a, b, c))


def test_free_text_is_refused_in_details() -> None:
    with pytest.raises(ValueError, match="alleen codes"):
        log_actie("casus.gewijzigd", details={"tekst": "x" * 500})
    with pytest.raises(ValueError, match="uitkomst"):
        log_actie("casus.gewijzigd", uitkomst="prima")


def test_login_success_failure_and_logout_each_leave_one_record(
    client: FlaskClient, maak_gebruiker_: Any
) -> None:
    ik = maak_gebruiker_("regisseur:ipta", naam="jdevries")
    db.session.commit()
    login(client, ik, wachtwoord=WACHTWOORD + "fout")
    client.post("/inloggen", data={"gebruikersnaam": "niemand", "wachtwoord": "x"})
    login(client, ik)
    client.post("/uitloggen")
    gezien = [(r.actie, r.uitkomst, r.gebruikersnaam, r.gebruiker_id) for r in records()]
    assert gezien == [
        ("auth.inloggen_mislukt", "mislukt", "jdevries", ik.id),
        ("auth.inloggen_mislukt", "mislukt", "anoniem", None),
        ("auth.ingelogd", "ok", "jdevries", ik.id),
        ("auth.uitgelogd", "ok", "jdevries", ik.id),
    ]
    assert all(r.client_adres == "127.0.0.1" for r in records())
    assert WACHTWOORD not in repr([r.inhoud() for r in records()])


def test_a_record_of_a_failed_request_survives_the_rollback(app: Flask, maak_casus: Any) -> None:
    casus = maak_casus("ipta")
    db.session.commit()
    with app.test_request_context("/x", method="POST"):
        casus.aanmeldreden = "wijziging die niet mag blijven"
        db.session.flush()
        log_actie("casus.gewijzigd", casus=casus, uitkomst="geweigerd")
        app.process_response(app.response_class(status=422))
    db.session.expire_all()
    assert [r.actie for r in records()] == ["casus.gewijzigd"]
    assert db.session.get(type(casus), casus.id).aanmeldreden is None


def test_extra_keywords_become_details_and_name_the_object() -> None:
    log_actie("triage.verslag_bekeken", overleg_id=4, aanpakken=("ipta", "rio"))
    db.session.commit()
    [r] = records()
    assert (r.object_type, r.object_id) == ("overleg", "4")
    assert r.details == {"overleg_id": 4, "aanpakken": ["ipta", "rio"]}
