"""/beheer/taken: the beheerder sees failed jobs with their error and tries them again."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.extensions import db
from casus.taken.services import plan_taak, voer_taak_uit
from casus.taken.wachtrij import Wachtrij
from tests.hulp import taken as soorten
from tests.hulp.client import login
from tests.hulp.formulieren import formulier
from tests.hulp.taken import berichten, vers, verwerk


def mislukte_taak() -> int:
    soorten.WANKEL["fouten"] = 3
    taak = plan_taak("test_wankel")
    db.session.commit()
    for _ in range(3):
        voer_taak_uit(taak.id)
    return taak.id


def test_only_the_beheerder_sees_the_jobs(
    client: FlaskClient, rollen: dict[str, Gebruiker]
) -> None:
    for rol in ("privacy", "manager", "regisseur"):
        login(client, rollen[rol])
        assert client.get("/beheer/taken").status_code == 404
        client.post("/uitloggen")
    assert client.get("/beheer/taken").status_code == 302  # to the log-in page


def test_a_failed_job_is_shown_with_its_error_and_can_be_tried_again(
    client: FlaskClient, rollen: dict[str, Gebruiker], rij: Wachtrij
) -> None:
    taak_id = mislukte_taak()
    rij.huey.flush()
    login(client, rollen["beheerder"])
    pagina = client.get("/beheer/taken").get_data(as_text=True)
    assert "Achtergrondtaken" in pagina
    mislukt = pagina.split("<h2>Mislukte taken</h2>")[1].split("<h2>")[0]
    assert f'id="taak-{taak_id}"' in mislukt
    assert "Testtaak die eerst faalt" in mislukt
    assert "Verbinding of bestand mislukt: nog even niet." in mislukt
    assert "test_wankel" not in pagina  # the kind's label, not its code
    form = formulier(pagina, f"/beheer/taken/{taak_id}/opnieuw")
    antwoord = client.post(form.actie, data=form.gegevens())
    assert antwoord.status_code == 302
    assert berichten(rij) == [taak_id]
    pagina = client.get("/beheer/taken").get_data(as_text=True)
    assert "wordt opnieuw uitgevoerd" in pagina
    assert "Er zijn geen mislukte taken." in pagina
    verwerk(rij)
    assert vers(taak_id).status == "gelukt"
    [record] = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "taak.opnieuw_gepland")
    ).all()
    assert (record.gebruiker_id, record.object_id) == (rollen["beheerder"].id, str(taak_id))
    # sent again (a double click, the back button): nothing more
    assert client.post(form.actie, data=form.gegevens()).status_code == 302
    assert berichten(rij) == []


def test_trying_again_a_job_that_did_not_fail_is_refused(
    client: FlaskClient, rollen: dict[str, Gebruiker], rij: Wachtrij
) -> None:
    taak = plan_taak("test_tel", {"naam": "x"})
    db.session.commit()
    verwerk(rij)
    login(client, rollen["beheerder"])
    antwoord = client.post(f"/beheer/taken/{taak.id}/opnieuw", data={"token": "abc"})
    assert antwoord.status_code == 302
    pagina = client.get("/beheer/taken").get_data(as_text=True)
    assert "Deze taak is niet (meer) mislukt" in pagina
    assert vers(taak.id).status == "gelukt"
    [record] = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "taak.opnieuw_gepland")
    ).all()
    assert (record.uitkomst, record.object_id) == ("geweigerd", str(taak.id))


def test_taken_lijst_and_opnieuw_on_the_command_line(app: Flask, rij: Wachtrij) -> None:
    taak_id = mislukte_taak()
    rij.huey.flush()
    runner = app.test_cli_runner()
    uitvoer = runner.invoke(args=["taken", "lijst", "--mislukt"]).output
    assert f"{taak_id}  Mislukt" in uitvoer
    assert "Fout: Verbinding of bestand mislukt: nog even niet." in uitvoer
    resultaat = runner.invoke(args=["taken", "opnieuw", str(taak_id)])
    assert resultaat.exit_code == 0, resultaat.output
    assert f"Taak {taak_id} staat weer klaar" in resultaat.output
    assert berichten(rij) == [taak_id]
    resultaat = runner.invoke(args=["taken", "opnieuw", str(taak_id)])
    assert resultaat.exit_code == 1
    assert "niet (meer) mislukt" in resultaat.output
    assert runner.invoke(args=["taken", "opnieuw", "999"]).exit_code == 1
