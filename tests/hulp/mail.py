"""A real SMTP server on loopback for the mail tests (aiosmtpd): the handler that keeps
what it accepts, and reading a received message."""

from __future__ import annotations

from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

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


def inhoud(bericht: EmailMessage) -> str:
    """The text of a received plain-text message, with the wire's CRLF as LF."""
    tekst = bericht.get_content()
    assert isinstance(tekst, str)
    return tekst.replace("\r\n", "\n")
