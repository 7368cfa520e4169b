"""The public meldpunt: one signal per valid report, none for bots or bad input,
the same answer whatever the database holds, a limit per client address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus import create_app
from casus.audit.models import AuditRecord
from casus.beveiliging.models import Inlogteller
from casus.extensions import db
from casus.signalen.models import Signaal
from config import TestConfig
from tests.hulp.client import login
from tests.hulp.formulieren import ingevuld

START = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
MELDING = {
    "onderwerp": "radicalisering",
    "tekst": "Mijn buurjongen deelt steeds vaker filmpjes die geweld verheerlijken.",
    "betreft_adres": "Dorpsstraat 3",
    "melder_naam": "",
    "melder_contact": "",
    "website": "",
}


def meld(client: FlaskClient, adres: str = "10.0.0.1", **velden: Any) -> Any:
    """A report as the page sends it, with a fresh idempotency token."""
    return client.post(
        "/meldpunt", data=ingevuld(**{**MELDING, **velden}), environ_base={"REMOTE_ADDR": adres}
    )


def aantal_signalen() -> int:
    return db.session.scalar(select(func.count()).select_from(Signaal)) or 0


pytestmark = pytest.mark.klok(START)


@pytest.mark.parametrize(
    ("onderwerp", "aanpak", "thema"),
    [
        ("radicalisering", "pga_r", "radicalisering"),
        ("extremisme", "pga_r", "extremisme"),
        ("ondermijning", "ondermijning", "overig"),
    ],
)
def test_a_valid_report_creates_exactly_one_signal_for_the_right_team(
    client: FlaskClient,
    onderwerp: str,
    aanpak: str,
    thema: str,
) -> None:
    antwoord = meld(client, onderwerp=onderwerp, melder_naam="Els", melder_contact="06-1234")
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"] == "/meldpunt/bedankt"
    signaal = db.session.scalars(select(Signaal)).one()
    assert (signaal.aanpak, signaal.thema, signaal.bron, signaal.status) == (
        aanpak,
        thema,
        "meldpunt",
        "open",
    )
    assert (signaal.ontvangen_op, signaal.melder_naam, signaal.melder_contact) == (
        START.date(),
        "Els",
        "06-1234",
    )
    assert signaal.created_by_id is None
    bedankt = client.get("/meldpunt/bedankt").get_data(as_text=True)
    assert "Bedankt voor uw melding" in bedankt
    assert signaal.ref not in bedankt
    assert "Dorpsstraat" not in bedankt


def test_the_form_works_without_logging_in_and_without_inline_script_or_style(
    client: FlaskClient,
) -> None:
    for pad in ("/meldpunt", "/meldpunt/bedankt", "/meldpunt/privacy"):
        antwoord = client.get(pad)
        tekst = antwoord.get_data(as_text=True)
        assert antwoord.status_code == 200
        assert "<script" not in tekst
        assert "style=" not in tekst
        assert "<style" not in tekst
    formulier = client.get("/meldpunt").get_data(as_text=True)
    assert 'class="meldpunt__extra"' in formulier
    assert 'name="website"' in formulier
    assert "IP-adres" in client.get("/meldpunt/privacy").get_data(as_text=True)


def test_a_logged_in_colleague_sees_the_public_page_without_name_or_menu(
    app: Flask,
    maak_gebruiker_: Any,
) -> None:
    lid = maak_gebruiker_("triage:pga_r")
    db.session.commit()
    client = app.test_client()
    login(client, lid)
    tekst = client.get("/meldpunt").get_data(as_text=True)
    assert lid.naam not in tekst
    assert "Signalenoverleg" not in tekst


def test_a_honeypot_hit_creates_nothing_but_looks_the_same(client: FlaskClient) -> None:
    antwoord = meld(client, website="http://spam.example")
    assert (antwoord.status_code, antwoord.headers["Location"]) == (302, "/meldpunt/bedankt")
    assert aantal_signalen() == 0


@pytest.mark.parametrize(
    ("velden", "bericht"),
    [
        ({"tekst": "x" * 5001}, "gebruik maximaal 5000 tekens"),
        ({"melder_naam": "n" * 201}, "gebruik maximaal 200 tekens"),
        ({"tekst": ""}, "Beschrijf kort wat u hebt gezien"),
        ({"onderwerp": "woonoverlast"}, "Kies een van de mogelijkheden."),
        ({"onderwerp": ""}, "Kies waar uw zorg over gaat"),
        ({"tekst": "regel\x00met\x1bstuurtekens"}, "tekens die niet kunnen worden opgeslagen"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_creates_nothing(
    client: FlaskClient,
    velden: dict[str, str],
    bericht: str,
) -> None:
    antwoord = meld(client, **velden)
    tekst = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 422
    assert "Uw melding is nog niet verstuurd" in tekst
    assert bericht in tekst
    assert "Not a valid" not in tekst
    assert "not a valid choice" not in tekst
    assert aantal_signalen() == 0


def test_an_oversized_request_is_refused_with_a_friendly_message(client: FlaskClient) -> None:
    antwoord = meld(client, tekst="x" * 40_000)
    assert antwoord.status_code == 413
    assert "Uw melding is te groot" in antwoord.get_data(as_text=True)
    assert aantal_signalen() == 0


def _antwoorden(app: Flask, adres: str) -> list[tuple[int, str | None, bytes]]:
    client = app.test_client()
    resultaat = []
    for antwoord in (
        client.get("/meldpunt"),
        meld(client, adres=adres),
        meld(client, adres=adres, onderwerp="ondermijning"),
        meld(client, adres=adres, website="x"),
        meld(client, adres=adres, tekst=""),
        client.get("/meldpunt/bedankt"),
    ):
        # the form's idempotency token is fresh on every page, whatever the database holds
        zonder_token = re.sub(
            rb'name="token" type="hidden" value="[^"]*"', b"", antwoord.get_data()
        )
        resultaat.append((antwoord.status_code, antwoord.headers.get("Location"), zonder_token))
    return resultaat


def test_the_answers_are_identical_whatever_the_database_holds(
    app: Flask,
    maak_casus: Any,
    maak_signaal: Any,
    maak_gebruiker_: Any,
) -> None:
    leeg = _antwoorden(app, "10.0.0.1")
    # now: the very same report already exists, with cases and other signals around it
    maak_casus("pga_r", "actief")
    maak_casus("ondermijning", "aangemeld")
    maak_signaal(
        "pga_r",
        thema="radicalisering",
        tekst=MELDING["tekst"],
        betreft_adres="Dorpsstraat 3",
        bron="meldpunt",
    )
    maak_signaal("ondermijning", betreft_adres="Dorpsstraat 3")
    db.session.commit()
    assert _antwoorden(app, "10.0.0.2") == leeg


def test_the_limit_per_client_address_holds(app: Flask) -> None:
    app.config["MELDPUNT_MAX_PER_ADRES"] = 3
    try:
        client = app.test_client()
        for _ in range(3):
            assert meld(client, adres="10.5.5.5").status_code == 302
        antwoord = meld(client, adres="10.5.5.5")
        assert antwoord.status_code == 429
        assert "Probeer het over een kwartier opnieuw" in antwoord.get_data(as_text=True)
        assert aantal_signalen() == 3
        # bots that fill the honeypot count too, and another address is not affected
        assert meld(client, adres="10.5.5.5", website="x").status_code == 429
        assert meld(client, adres="10.6.6.6").status_code == 302
        with time_machine.travel(START + timedelta(minutes=15, seconds=1), tick=False):
            assert meld(client, adres="10.5.5.5").status_code == 302
        assert aantal_signalen() == 5
    finally:
        app.config["MELDPUNT_MAX_PER_ADRES"] = 5


def test_no_ip_address_is_stored(client: FlaskClient) -> None:
    meld(client, adres="192.0.2.77")
    sleutels = db.session.scalars(select(Inlogteller.sleutel)).all()
    assert len(sleutels) == 1
    assert "192.0.2.77" not in sleutels[0]
    signaal = db.session.scalars(select(Signaal)).one()
    assert all("192.0.2.77" not in str(getattr(signaal, k.key)) for k in Signaal.__table__.columns)
    # nor in the audit log's record of the report
    [record] = db.session.scalars(select(AuditRecord)).all()
    assert (record.actie, record.object_id) == ("signaal.gemeld_via_meldpunt", str(signaal.id))
    assert "192.0.2.77" not in repr(record.inhoud())


@pytest.fixture
def met_csrf(app: Flask) -> Iterator[Flask]:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    echt = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=uri, WTF_CSRF_ENABLED=True)
    with echt.app_context():
        yield echt
        db.session.remove()
        db.engine.dispose()


def test_csrf_protection_stays_on_for_the_public_form(met_csrf: Flask) -> None:
    client = met_csrf.test_client()
    assert meld(client).status_code == 400
    assert aantal_signalen() == 0
    formulier = client.get("/meldpunt").get_data(as_text=True)
    token = formulier.split('name="csrf_token" value="')[1].split('"')[0]
    assert meld(client, csrf_token=token).status_code == 302
    assert aantal_signalen() == 1
