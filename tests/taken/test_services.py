"""Planning, the outbox, retries with backoff, the sweep and the notifications."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select

from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.casussen.models import Casusstand
from casus.errors import Conflict
from casus.extensions import db
from casus.notificaties.models import Notificatie
from casus.taken.models import Taak
from casus.taken.services import nalopen, plan_periodiek, plan_taak, probeer_opnieuw, voer_taak_uit
from casus.taken.wachtrij import Wachtrij
from casus.toegang.actor import CLI
from tests.hulp import taken as soorten
from tests.hulp.klok import stil
from tests.hulp.taken import berichten, vers, verwerk

MOMENT = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def aantal_taken() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Taak)) or 0)


def meldingen() -> list[tuple[str, str, str]]:
    """(user name, kind, link) of every notification."""
    return list(
        db.session.execute(
            select(Gebruiker.gebruikersnaam, Notificatie.soort, Notificatie.link)
            .join(Gebruiker, Gebruiker.id == Notificatie.gebruiker_id)
            .order_by(Gebruiker.gebruikersnaam, Notificatie.id)
        ).tuples()
    )


def test_a_job_planned_in_a_transaction_that_rolls_back_never_runs(rij: Wachtrij) -> None:
    plan_taak("test_tel", {"naam": "terug"})
    db.session.flush()
    assert berichten(rij) == []  # nothing before the commit
    db.session.rollback()
    assert berichten(rij) == []
    assert aantal_taken() == 0
    db.session.commit()  # a later commit sends nothing either
    assert verwerk(rij) == 0
    assert soorten.GETELD == {}


def test_a_job_planned_in_a_savepoint_that_rolls_back_never_runs(rij: Wachtrij) -> None:
    blijft = plan_taak("test_tel", {"naam": "blijft"})
    savepoint = db.session.begin_nested()
    plan_taak("test_tel", {"naam": "weg"})
    savepoint.rollback()
    db.session.commit()
    assert berichten(rij) == [blijft.id]
    assert verwerk(rij) == 1
    assert soorten.GETELD == {"blijft": 1}
    assert aantal_taken() == 1


def test_a_committed_job_runs_exactly_once(rij: Wachtrij) -> None:
    taak = plan_taak("test_tel", {"naam": "een"}, sleutel="tel:een")
    db.session.commit()
    # the same key again, in a later transaction: the same job, no second message
    assert plan_taak("test_tel", {"naam": "een"}, sleutel="tel:een").id == taak.id
    db.session.commit()
    assert berichten(rij) == [taak.id]
    assert verwerk(rij) == 1
    # a second message for it (the sweep's, another worker's) finds it done
    assert voer_taak_uit(taak.id) is None
    assert soorten.GETELD == {"een": 1}
    t = vers(taak.id)
    assert (t.status, t.pogingen, t.uitkomst) == ("gelukt", 1, "een geteld")
    assert aantal_taken() == 1


def test_a_failing_job_is_retried_with_backoff_then_fails_and_the_beheerders_hear(
    rij: Wachtrij, rollen: dict[str, Gebruiker]
) -> None:
    with stil(MOMENT):
        taak = plan_taak("test_faalt")
        db.session.commit()
        rij.huey.flush()
        assert voer_taak_uit(taak.id) == "wachtend"
    t = vers(taak.id)
    # first retry one backoff (60 s) later, as a message to run then
    assert (t.pogingen, t.volgende_poging_op) == (1, MOMENT + timedelta(seconds=60))
    assert t.laatste_fout == "Verbinding of bestand mislukt: de mailserver weigert de verbinding."
    [bericht] = rij.huey.pending()
    assert bericht.args == (taak.id,)
    assert bericht.eta == (MOMENT + timedelta(seconds=60)).replace(tzinfo=None)
    with stil(MOMENT + timedelta(seconds=60)):
        assert voer_taak_uit(taak.id) == "wachtend"
    t = vers(taak.id)
    # the backoff doubles: 120 s after the second attempt
    assert (t.pogingen, t.volgende_poging_op) == (2, MOMENT + timedelta(seconds=180))
    assert meldingen() == []
    with stil(MOMENT + timedelta(seconds=180)):
        assert voer_taak_uit(taak.id) == "mislukt"
    t = vers(taak.id)
    assert (t.status, t.pogingen, t.klaar_op) == ("mislukt", 3, MOMENT + timedelta(seconds=180))
    assert t.volgende_poging_op is None
    # the beheerder only: not the privacy officer, the manager or the regisseur
    assert meldingen() == [("beheer", "taak_mislukt", f"/beheer/taken#taak-{taak.id}")]
    tekst = db.session.scalar(select(Notificatie.tekst))
    assert tekst == (
        "Testtaak zonder mailserver: mislukt na 3 poging(en). Verbinding of bestand "
        "mislukt: de mailserver weigert de verbinding."
    )
    # a message left over runs nothing
    assert voer_taak_uit(taak.id) is None


def test_an_unexpected_error_is_named_by_its_kind_only(rij: Wachtrij) -> None:
    """Its text may quote data (here a name and a BSN): that stays in the log."""
    taak = plan_taak("test_onverwacht")
    db.session.commit()
    verwerk(rij)
    fout = vers(taak.id).laatste_fout
    assert fout == "Onverwachte fout (RuntimeError); de details staan in het applicatielog."


def test_the_work_of_a_failed_attempt_is_rolled_back(rij: Wachtrij) -> None:
    """The job's changes and its status commit together: a failure keeps none of them."""
    from casus.taken.services import taaksoort

    @taaksoort("test_half", label="Testtaak die half werk doet")
    def half() -> None:
        plan_taak("test_tel", {"naam": "half"})
        raise ConnectionError("weg")

    taak = plan_taak("test_half")
    db.session.commit()
    rij.huey.flush()
    voer_taak_uit(taak.id)
    assert aantal_taken() == 1
    assert berichten(rij) == [taak.id]  # its own retry, not the job it planned


def test_trying_a_failed_job_again(rij: Wachtrij, rollen: dict[str, Gebruiker]) -> None:
    soorten.WANKEL["fouten"] = 3
    taak = plan_taak("test_wankel")
    db.session.commit()
    for _ in range(3):
        voer_taak_uit(taak.id)
    assert vers(taak.id).status == "mislukt"
    gelukt = _gelukt_id()
    rij.huey.flush()
    with pytest.raises(Conflict):
        probeer_opnieuw(gelukt, door=CLI)
    db.session.rollback()
    probeer_opnieuw(taak.id, door=CLI, herkomst={"kanaal": "cli"})
    assert berichten(rij) == []  # not before the commit
    db.session.commit()
    assert berichten(rij) == [taak.id]
    verwerk(rij)
    t = vers(taak.id)
    assert (t.status, t.pogingen, t.uitkomst) == ("gelukt", 1, "eindelijk gelukt")
    [record] = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "taak.opnieuw_gepland")
    ).all()
    assert (record.object_type, record.object_id) == ("taak", str(taak.id))
    assert record.details == {"kanaal": "cli", "soort": "test_wankel"}


def _gelukt_id() -> int:
    taak = plan_taak("test_tel", {"naam": "klaar"})
    db.session.commit()
    voer_taak_uit(taak.id)
    return taak.id


def test_the_sweep_sends_a_job_whose_message_was_lost(rij: Wachtrij) -> None:
    with stil(MOMENT):
        taak = plan_taak("test_tel", {"naam": "kwijt"})
        db.session.commit()
    rij.huey.flush()  # the message is lost (the process died after the commit)
    # within the margin its own message may still come: nothing
    assert nalopen(op=MOMENT + timedelta(seconds=59)) == 0
    assert nalopen(op=MOMENT + timedelta(seconds=60)) == 1
    assert berichten(rij) == [taak.id]
    # the next sweep waits a margin again before it sends another
    assert nalopen(op=MOMENT + timedelta(seconds=90)) == 0
    verwerk(rij)
    assert soorten.GETELD == {"kwijt": 1}
    assert nalopen(op=MOMENT + timedelta(hours=1)) == 0


def test_the_sweep_sends_a_retry_whose_time_has_come(rij: Wachtrij) -> None:
    soorten.WANKEL["fouten"] = 1
    with stil(MOMENT):
        taak = plan_taak("test_wankel")
        db.session.commit()
        voer_taak_uit(taak.id)
    rij.huey.flush()  # the retry's message is lost too
    # the retry is due at MOMENT + 60 s; the sweep waits its margin past that
    assert nalopen(op=MOMENT + timedelta(seconds=119)) == 0
    assert nalopen(op=MOMENT + timedelta(seconds=120)) == 1
    verwerk(rij)
    assert vers(taak.id).status == "gelukt"


def test_a_job_left_running_by_a_dead_worker_is_retried_then_fails(
    rij: Wachtrij, rollen: dict[str, Gebruiker]
) -> None:
    with stil(MOMENT):
        taak = plan_taak("test_tel", {"naam": "wees"})
        db.session.commit()
    rij.huey.flush()
    # the worker claimed it (attempt 1) and was killed before it ended
    taak = vers(taak.id)
    taak.status, taak.pogingen, taak.gestart_op = "bezig", 1, MOMENT
    db.session.commit()
    # bezig for 60 minutes is not yet stuck; after that the attempt counts as failed and
    # the retry waits its backoff (60 s after the first attempt)
    assert nalopen(op=MOMENT + timedelta(minutes=59)) == 0
    assert vers(taak.id).status == "bezig"
    with stil(MOMENT + timedelta(minutes=61)):
        nalopen()
    taak = vers(taak.id)
    assert (taak.status, taak.pogingen) == ("wachtend", 1)
    assert "De worker stopte tijdens deze taak" in (taak.laatste_fout or "")
    verwerk(rij)
    assert (vers(taak.id).status, soorten.GETELD) == ("gelukt", {"wees": 1})
    # stuck at its last attempt (3 of 3): failed, and the beheerder hears of it
    taak = vers(taak.id)
    taak.status, taak.pogingen, taak.gestart_op = "bezig", 3, MOMENT
    db.session.commit()
    with stil(MOMENT + timedelta(minutes=61)):
        nalopen()
    assert vers(taak.id).status == "mislukt"
    assert db.session.scalars(
        select(Notificatie.gebruiker_id).where(Notificatie.soort == "taak_mislukt")
    ).all() == [rollen["beheerder"].id]


def test_a_periodic_job_is_planned_once_a_day() -> None:
    with stil(datetime(2026, 3, 10, 1, 30, tzinfo=UTC)):  # 02.30 in Amsterdam
        eerste = plan_periodiek("termijnen")
        tweede = plan_periodiek("termijnen")  # a second worker's scheduler
    with stil(datetime(2026, 3, 11, 1, 30, tzinfo=UTC)):
        derde = plan_periodiek("termijnen")
    assert eerste is not None
    assert tweede is not None
    assert derde is not None
    assert eerste.id == tweede.id != derde.id
    assert [eerste.sleutel, derde.sleutel] == ["termijnen:2026-03-10", "termijnen:2026-03-11"]


def test_the_brp_check_is_not_planned_without_a_brp() -> None:
    assert plan_periodiek("brp_controle") is None
    assert aantal_taken() == 0


def test_the_nightly_check_passes_on_sound_data(rij: Wachtrij, maak_casus: object) -> None:
    maak_casus(status="actief")  # type: ignore[operator]
    db.session.commit()
    taak = plan_taak("controle")
    db.session.commit()
    verwerk(rij)
    t = vers(taak.id)
    assert t.status == "gelukt"
    assert t.uitkomst is not None
    assert t.uitkomst.endswith("de afgeleide gegevens kloppen.")


def test_a_failing_nightly_check_notifies_the_beheerder_and_the_privacy_officer(
    rij: Wachtrij, rollen: dict[str, Gebruiker], maak_casus: object
) -> None:
    maak_casus(status="actief")  # type: ignore[operator]
    db.session.commit()
    db.session.execute(delete(Casusstand))  # a change outside the application
    db.session.commit()
    taak = plan_taak("controle")
    db.session.commit()
    verwerk(rij)
    t = vers(taak.id)
    # another attempt would find the same: it fails at once
    assert (t.status, t.pogingen) == ("mislukt", 1)
    assert t.laatste_fout == (
        "Controle mislukt: casusstand wijkt af van de gebeurtenissen bij 1 casus(sen)."
    )
    assert meldingen() == [
        ("beheer", "controle_mislukt", f"/beheer/taken#taak-{taak.id}"),
        ("privacy", "controle_mislukt", "/privacy/auditlog"),
    ]
