"""A real SMTP server on loopback (aiosmtpd) and the settings that point the
application at it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from flask import Flask

from tests.hulp.instellingen import ingesteld

AFZENDER = "casus@gemeente.example"
BASIS_URL = "https://casus.gemeente.example"


class Postvak:
    """The server's handler: keeps every accepted message; refuses the addresses in
    ``weiger`` (550 at RCPT) and every message while ``storing`` (451 at DATA)."""

    def __init__(self) -> None:
        self.berichten: list[EmailMessage] = []
        self.enveloppen: list[tuple[str, list[str]]] = []
        self.weiger: set[str] = set()
        self.storing = False
        self.poort = 0

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, opties: Any
    ) -> str:
        if address in self.weiger:
            return "550 5.1.1 Onbekende ontvanger"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        if self.storing:
            return "451 4.3.0 Tijdelijke storing"
        inhoud = envelope.content
        assert isinstance(inhoud, bytes)
        bericht = message_from_bytes(inhoud, policy=default)
        assert isinstance(bericht, EmailMessage)
        self.berichten.append(bericht)
        self.enveloppen.append((str(envelope.mail_from), list(envelope.rcpt_tos)))
        return "250 Bericht aangenomen"


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort: int = s.getsockname()[1]
        return poort


@pytest.fixture
def postvak() -> Iterator[Postvak]:
    """An SMTP server on a free loopback port, running for the test."""
    vak = Postvak()
    vak.poort = vrije_poort()
    server = Controller(vak, hostname="127.0.0.1", port=vak.poort)
    server.start()
    try:
        yield vak
    finally:
        server.stop()


@pytest.fixture
def mail_aan(app: Flask, postvak: Postvak) -> Iterator[Postvak]:
    """The application sends its mail to ``postvak``, with links to BASIS_URL."""
    with ingesteld(
        app,
        MAIL_SERVER="127.0.0.1",
        MAIL_POORT=postvak.poort,
        MAIL_AFZENDER=AFZENDER,
        MAIL_TIMEOUT_SECONDEN=5,
        BASIS_URL=BASIS_URL,
    ):
        yield postvak


def inhoud(bericht: EmailMessage) -> str:
    """The text of a received plain-text message, with the wire's CRLF as LF."""
    tekst = bericht.get_content()
    assert isinstance(tekst, str)
    return tekst.replace("\r\n", "\n")
