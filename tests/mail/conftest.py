"""A real SMTP server on loopback (aiosmtpd) and the settings that point the
application at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from tests.hulp.instellingen import ingesteld
from tests.hulp.mail import AFZENDER, BASIS_URL, Postvak
from tests.hulp.server import vrije_poort


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
