"""The periodic check of every person with an open case (casus.brp.batch), against the
stub over HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.brp.batch import Samenvatting, controleer, controleer_alle, te_controleren
from casus.brp.models import BrpControle, BrpWijziging
from casus.brp.stub import Stubserver
from casus.errors import GeenToegang
from casus.extensions import db
from casus.toegang.actor import BRP, CLI, IMPORT
from tests.hulp import fabrieken
from tests.hulp.brp import BSN_OVERLEDEN, BSN_STORING, BSN_VERHUISD, BSN_VOLWASSEN, brp_aan

pytestmark = pytest.mark.klok(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def wereld(maak_casus: Any) -> dict[str, Any]:
    priya = fabrieken.persoon("Priya", "Ramdin", bsn=BSN_VERHUISD)
    hendrik = fabrieken.persoon("Hendrik", "Berg", bsn=BSN_OVERLEDEN)
    jeroen = fabrieken.persoon("Jeroen", "Bakker", bsn=BSN_VOLWASSEN)
    fatima = fabrieken.persoon("Fatima", "Amrani", bsn=BSN_STORING)
    zonder_bsn = fabrieken.persoon("Zonder", "Nummer")
    afgesloten = fabrieken.persoon("Al", "Klaar", bsn="999996137")
    return {
        "priya": priya,
        "hendrik": hendrik,
        "jeroen": jeroen,
        "fatima": fatima,
        "priya_wo": maak_casus("woonoverlast", "actief", persoon=priya),
        # ipta's profile asks neither address nor death: not in the batch
        "priya_ipta": maak_casus("ipta", "actief", persoon=priya),
        "priya_dicht": maak_casus("pga_jeugd", "succesvol_afgesloten", persoon=priya),
        "hendrik_wo": maak_casus("woonoverlast", "in_de_wacht", persoon=hendrik),
        "hendrik_jeugd": maak_casus("pga_jeugd", "aangemeld", persoon=hendrik),
        "jeroen_jeugd": maak_casus("pga_jeugd", "getriaged", persoon=jeroen),
        "fatima_jeugd": maak_casus("pga_jeugd", "actief", persoon=fatima),
        "zonder": maak_casus("pga_jeugd", "actief", persoon=zonder_bsn),
        "afgesloten": maak_casus("woonoverlast", "niet_opgenomen", persoon=afgesloten),
    }


def test_the_batch_checks_each_person_once_per_aanpak_and_signals(
    brp: Stubserver, wereld: dict[str, Any]
) -> None:
    w = wereld
    assert te_controleren(BRP) == [
        ("pga_jeugd", w["hendrik"].id),
        ("pga_jeugd", w["jeroen"].id),
        ("pga_jeugd", w["fatima"].id),
        ("woonoverlast", w["priya"].id),
        ("woonoverlast", w["hendrik"].id),
    ]
    uit = controleer_alle(BRP)
    assert uit == Samenvatting(raadplegingen=5, gevonden=4, mislukt=1, verhuisd=1, overleden=2)
    assert len(brp.ontvangen) == 5
    assert {v["headers"]["X-GEBRUIKER"] for v in brp.ontvangen} == {"systeem:brp"}
    wijzigingen = db.session.execute(
        select(BrpWijziging.casus_id, BrpWijziging.soort, BrpWijziging.datum).order_by(
            BrpWijziging.id
        )
    ).all()
    assert wijzigingen == [
        (w["hendrik_jeugd"].id, "overleden", date(2025, 3, 8)),
        (w["priya_wo"].id, "verhuisd", None),
        (w["hendrik_wo"].id, "overleden", date(2025, 3, 8)),
    ]
    assert db.session.scalars(select(BrpControle.gebruiker_id)).all() == [None] * 4
    records = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "brp.geraadpleegd")
    ).all()
    assert [(r.gebruikersnaam, r.gebruiker_id, r.details["aanleiding"]) for r in records] == [
        ("systeem:brp", None, "batch")
    ] * 5
    assert [r.details["uitkomst"] for r in records] == [
        "gevonden",
        "gevonden",
        "storing",
        "gevonden",
        "gevonden",
    ]
    # a second run: the same answers, no new signals
    assert controleer_alle(BRP) == Samenvatting(5, 4, 1, 0, 0)


def test_only_the_brp_actor_may_run_it(brp: Stubserver, wereld: dict[str, Any]) -> None:
    regisseur = fabrieken.gebruiker("r", "regisseur:pga_jeugd", "triage:pga_jeugd")
    for wie in (IMPORT, CLI, regisseur, None):
        with pytest.raises(GeenToegang):
            controleer_alle(wie)  # type: ignore[arg-type]
    assert list(brp.ontvangen) == []


def test_the_command_prints_counts_only_and_commits(
    app: Flask, brp: Stubserver, wereld: dict[str, Any]
) -> None:
    db.session.commit()
    uit = app.test_cli_runner().invoke(controleer)
    assert uit.exit_code == 0, uit.output
    assert uit.stdout.splitlines() == [
        "BRP geraadpleegd: 5 keer, 4 gevonden, 1 zonder antwoord.",
        "Nieuwe signalen: 1 verhuisd uit de gemeente, 2 overleden.",
    ]
    db.session.rollback()
    assert len(db.session.scalars(select(BrpWijziging.id)).all()) == 3


def test_the_command_says_when_the_brp_is_not_configured(
    app: Flask, brp_stub: Stubserver, wereld: dict[str, Any]
) -> None:
    with brp_aan(app, brp_stub, BRP_URL="", BRP_STUB=False):
        uit = app.test_cli_runner().invoke(controleer)
    assert uit.exit_code == 1
    assert "De BRP is niet ingesteld" in uit.output
    assert list(brp_stub.ontvangen) == []
