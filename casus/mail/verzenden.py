"""Sending one plain-text e-mail over SMTP, configured by the MAIL_* settings (config.py,
docs/mail.md). Without MAIL_SERVER nothing is sent: ``verstuur`` returns False."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

log = logging.getLogger(__name__)


class MailFout(RuntimeError):
    """The mail could not be handed to the SMTP server (or the settings are wrong).
    ``alleen_ontvanger``: the server refused this recipient only; other mail may well
    go through."""

    def __init__(self, bericht: str, *, alleen_ontvanger: bool = False) -> None:
        super().__init__(bericht)
        self.alleen_ontvanger = alleen_ontvanger


def geconfigureerd() -> bool:
    """Whether mail is sent at all: a MAIL_SERVER is set."""
    return bool(str(current_app.config.get("MAIL_SERVER") or "").strip())


def bericht(aan: str, onderwerp: str, tekst: str) -> EmailMessage:
    """The message as it is sent: plain text in UTF-8, from MAIL_AFZENDER, marked as
    sent automatically (RFC 3834: no out-of-office replies)."""
    afzender = str(current_app.config.get("MAIL_AFZENDER") or "").strip()
    if not afzender:
        raise MailFout("MAIL_AFZENDER is leeg: stel het afzenderadres in naast MAIL_SERVER.")
    m = EmailMessage()
    m["From"] = afzender
    m["To"] = aan
    m["Subject"] = onderwerp
    m["Date"] = formatdate(localtime=False)
    m["Message-ID"] = make_msgid(domain=afzender.rpartition("@")[2] or None)
    m["Auto-Submitted"] = "auto-generated"
    m.set_content(tekst)
    return m


def _verbinding() -> smtplib.SMTP:
    """A connection to the configured server, TLS and log-in as the settings say."""
    config = current_app.config
    server = str(config["MAIL_SERVER"]).strip()
    poort = int(config.get("MAIL_POORT") or 25)
    timeout = float(config.get("MAIL_TIMEOUT_SECONDEN") or 10)
    starttls, met_ssl = bool(config.get("MAIL_STARTTLS")), bool(config.get("MAIL_SSL"))
    if starttls and met_ssl:
        raise MailFout("Zet MAIL_STARTTLS of MAIL_SSL aan, niet allebei.")
    context = ssl.create_default_context()
    smtp: smtplib.SMTP = (
        smtplib.SMTP_SSL(server, poort, timeout=timeout, context=context)
        if met_ssl
        else smtplib.SMTP(server, poort, timeout=timeout)
    )
    try:
        if starttls:
            smtp.starttls(context=context)
        gebruiker = str(config.get("MAIL_GEBRUIKER") or "")
        if gebruiker:
            smtp.login(gebruiker, str(config.get("MAIL_WACHTWOORD") or ""))
    except BaseException:
        smtp.close()
        raise
    return smtp


def verstuur(aan: str, onderwerp: str, tekst: str) -> bool:
    """Send ``tekst`` to ``aan``. False when no MAIL_SERVER is configured (nothing is
    sent; logged at info); True once the server accepted the message. Raises
    ``MailFout`` when it could not be sent (a caller that is a job fails, and is tried
    again)."""
    if not geconfigureerd():
        log.info("Geen MAIL_SERVER ingesteld: e-mail '%s' niet verstuurd.", onderwerp)
        return False
    m = bericht(aan, onderwerp, tekst)
    try:
        with _verbinding() as smtp:
            smtp.send_message(m)
    except (smtplib.SMTPException, OSError) as fout:
        log.error("E-mail '%s' niet verstuurd: %s", onderwerp, fout)
        raise MailFout(
            f"E-mail niet verstuurd: {fout}",
            alleen_ontvanger=isinstance(fout, smtplib.SMTPRecipientsRefused),
        ) from fout
    log.info("E-mail '%s' verstuurd.", onderwerp)
    return True
