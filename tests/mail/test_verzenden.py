"""One e-mail over SMTP: sent to a real server on loopback, nothing without a server,
a refusal or an unreachable server raised."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from casus.mail import MailFout, verstuur
from tests.hulp.instellingen import ingesteld
from tests.hulp.mail import AFZENDER, Postvak, inhoud
from tests.hulp.server import vrije_poort


def test_a_mail_arrives_at_the_server(mail_aan: Postvak) -> None:
    assert verstuur("regie7@gemeente.example", "Onderwerp met é", "Regel één.\nRegel twee.")
    [bericht] = mail_aan.berichten
    assert mail_aan.enveloppen == [(AFZENDER, ["regie7@gemeente.example"])]
    assert bericht["From"] == AFZENDER
    assert bericht["To"] == "regie7@gemeente.example"
    assert bericht["Subject"] == "Onderwerp met é"
    assert bericht["Auto-Submitted"] == "auto-generated"
    assert bericht["Message-ID"].endswith("@gemeente.example>")
    assert inhoud(bericht) == "Regel één.\nRegel twee.\n"


def test_without_a_server_nothing_is_sent(
    app: Flask, postvak: Postvak, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="casus.mail")
    with ingesteld(app, MAIL_SERVER="", MAIL_POORT=postvak.poort, MAIL_AFZENDER=AFZENDER):
        assert verstuur("regie7@gemeente.example", "Onderwerp", "Tekst") is False
    assert postvak.berichten == []
    assert "Geen MAIL_SERVER ingesteld" in caplog.text


def test_a_refused_recipient_raises(mail_aan: Postvak) -> None:
    mail_aan.weiger.add("weg@gemeente.example")
    with pytest.raises(MailFout) as fout:
        verstuur("weg@gemeente.example", "Onderwerp", "Tekst")
    assert fout.value.alleen_ontvanger
    assert mail_aan.berichten == []


def test_an_unreachable_server_raises(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    with (
        ingesteld(app, MAIL_SERVER="127.0.0.1", MAIL_POORT=vrije_poort(), MAIL_AFZENDER=AFZENDER),
        pytest.raises(MailFout) as fout,
    ):
        verstuur("regie7@gemeente.example", "Onderwerp", "Tekst")
    assert not fout.value.alleen_ontvanger
    assert "niet verstuurd" in caplog.text


def test_settings_that_cannot_work_are_refused(app: Flask, mail_aan: Postvak) -> None:
    with ingesteld(app, MAIL_AFZENDER=""), pytest.raises(MailFout, match="MAIL_AFZENDER"):
        verstuur("regie7@gemeente.example", "Onderwerp", "Tekst")
    with (
        ingesteld(app, MAIL_STARTTLS=True, MAIL_SSL=True),
        pytest.raises(MailFout, match="niet allebei"),
    ):
        verstuur("regie7@gemeente.example", "Onderwerp", "Tekst")
    assert mail_aan.berichten == []
