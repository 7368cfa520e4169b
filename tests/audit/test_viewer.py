from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit import log_actie
from casus.audit.models import AuditRecord
from casus.audit.queries import ongebruikelijke_toegang
from casus.extensions import db
from tests.hulp.client import login


@pytest.fixture
def privacy(client: FlaskClient, maak_gebruiker_: Any) -> Any:
    p = maak_gebruiker_("privacy", naam="fg")
    db.session.commit()
    login(client, p)
    return p


def test_the_viewer_filters_by_user_case_and_action(
    client: FlaskClient, privacy: Any, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    jan = maak_gebruiker_("regisseur:ipta", naam="jan")
    piet = maak_gebruiker_("regisseur:ipta", naam="piet")
    elf, twaalf, dertien = (maak_casus("ipta") for _ in range(3))
    log_actie("casus.bekeken", casus=elf, gebruiker=jan)
    log_actie("casus.notitie_toegevoegd", casus=twaalf, gebruiker=jan)
    log_actie("casus.bekeken", casus=dertien, gebruiker=piet)
    db.session.commit()
    tekst = client.get("/privacy/auditlog?gebruiker=jan").get_data(as_text=True)
    assert "<td>Notitie of contactmoment toegevoegd</td>" in tekst
    assert dertien.ref not in tekst
    tekst = client.get("/privacy/auditlog?actie=casus.bekeken&gebruiker=jan").get_data(as_text=True)
    assert elf.ref in tekst
    assert "<td>Notitie of contactmoment toegevoegd</td>" not in tekst
    tekst = client.get(f"/privacy/auditlog?casus={dertien.ref}").get_data(as_text=True)
    assert dertien.ref in tekst
    assert elf.ref not in tekst


def test_csv_export_holds_the_filtered_records_and_is_logged(
    client: FlaskClient, privacy: Any, maak_gebruiker_: Any
) -> None:
    jan = maak_gebruiker_("regisseur:ipta", naam="jan")
    for casus_id in (21, 22, 23):
        log_actie("casus.bekeken", casus=casus_id, gebruiker=jan)
    db.session.commit()
    antwoord = client.get("/privacy/auditlog.csv?gebruiker=jan")
    assert antwoord.mimetype == "text/csv"
    regels = antwoord.get_data(as_text=True).strip().splitlines()
    assert regels[0].startswith("id;tijdstip;gebruikersnaam")
    assert len(regels) == 1 + 3
    export = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "audit.geexporteerd")
    ).one()
    assert export.gebruiker_id == privacy.id
    assert export.details == {"gebruiker": "jan", "records": 3}


def test_who_viewed_a_person_and_what_a_user_opened(
    client: FlaskClient, privacy: Any, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    jan = maak_gebruiker_("regisseur:ipta", naam="jan")
    eigen, ander = maak_casus("ipta"), maak_casus("ipta")
    log_actie("persoon.bekeken", persoon=eigen.persoon_id, gebruiker=jan)
    log_actie("casus.bekeken", casus=eigen, gebruiker=jan)
    log_actie("casus.bekeken", casus=ander, gebruiker=privacy)
    db.session.commit()
    pagina = f"/privacy/personen/{eigen.persoon_id}/bekeken"
    tekst = client.get(pagina).get_data(as_text=True)
    # the display name of the fixture's user "jan" is "Test jan"
    assert tekst.count(">Test jan</a>") == 2
    # fg opened a case of someone else: not on this person's list; and the record of this
    # very view is written after the page, so it shows from the next view on
    assert tekst.count(">Test fg</a>") == 0
    tekst = client.get(pagina).get_data(as_text=True)
    assert tekst.count(">Test fg</a>") == 1
    tekst = client.get(f"/privacy/gebruikers/{jan.id}/geopend").get_data(as_text=True)
    assert eigen.ref in tekst
    assert ander.ref not in tekst


@pytest.mark.parametrize("rollen", [("manager",), ("beheerder",), ("triage:ipta",)])
def test_other_roles_get_404_on_the_viewer(
    client: FlaskClient, maak_gebruiker_: Any, rollen: tuple[str, ...]
) -> None:
    ik = maak_gebruiker_(*rollen)
    db.session.commit()
    login(client, ik)
    for url in (
        "/privacy/auditlog",
        "/privacy/auditlog.csv",
        "/privacy/signalering",
        "/privacy/personen/1/bekeken",
        f"/privacy/gebruikers/{ik.id}/geopend",
    ):
        assert client.get(url).status_code == 404


def test_unusual_access_flags_more_than_n_foreign_cases_within_an_hour(
    app: Flask, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    ik = maak_gebruiker_("regisseur:ipta")
    eigen = [maak_casus("ipta", "actief", regisseur=ik) for _ in range(5)]
    vreemd = [maak_casus("ipta", "aangemeld") for _ in range(4)]
    begin = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    # own caseload does not count; foreign cases 4 distinct within 50 minutes,
    # one of them opened twice
    for i, c in enumerate(eigen + vreemd + [vreemd[0]]):
        with time_machine.travel(begin + timedelta(minutes=5 * i), tick=False):
            log_actie("casus.bekeken", casus=c, gebruiker=ik)
    db.session.commit()
    with time_machine.travel(begin + timedelta(hours=2), tick=False):
        assert ongebruikelijke_toegang(4) == []
        [s] = ongebruikelijke_toegang(3)
    assert (s.gebruiker_id, s.aantal_casussen) == (ik.id, 4)
    assert s.begin == begin + timedelta(minutes=25)
    with time_machine.travel(begin + timedelta(days=8), tick=False):
        assert ongebruikelijke_toegang(3) == []
