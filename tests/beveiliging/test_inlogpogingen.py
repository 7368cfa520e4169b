"""Brute-force protection: growing delay after 5 failures, 15-minute lock after 10,
a limit per client address, the same answer for unknown users, shared counters."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from casus import create_app
from casus.extensions import db
from config import TestConfig
from tests.hulp.fabrieken import WACHTWOORD

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def poging(client: FlaskClient, naam: str, wachtwoord: str, adres: str = "10.0.0.1") -> str:
    antwoord = client.post(
        "/inloggen",
        data={"gebruikersnaam": naam, "wachtwoord": wachtwoord},
        environ_base={"REMOTE_ADDR": adres},
    )
    if antwoord.status_code == 302:
        return "ingelogd"
    return antwoord.get_data(as_text=True)


def test_delay_after_five_failures_and_lock_after_ten(
    client: FlaskClient, maak_gebruiker_: Any
) -> None:
    gebruiker = maak_gebruiker_("manager")
    db.session.commit()
    naam = gebruiker.gebruikersnaam
    with time_machine.travel(START, tick=False) as reis:
        for _ in range(5):
            assert "Gebruikersnaam of wachtwoord is onjuist." in poging(client, naam, "fout")
        # the sixth attempt within a second is refused, even with the right password
        assert "Wacht 2 seconden" in poging(
            client, naam, WACHTWOORD
        ) or "Wacht 1 seconden" in poging(client, naam, WACHTWOORD)
        reis.shift(timedelta(seconds=2))
        for n in range(5, 10):
            assert "onjuist" in poging(client, naam, "fout")
            reis.shift(timedelta(seconds=2 ** (n - 4)))
        # ten failures: locked for 15 minutes, also with the right password
        assert "15 minuten geblokkeerd" in poging(client, naam, WACHTWOORD)
        reis.shift(timedelta(minutes=14))
        assert "15 minuten geblokkeerd" in poging(client, naam, WACHTWOORD)
        reis.shift(timedelta(minutes=1, seconds=1))
        assert poging(client, naam, WACHTWOORD) == "ingelogd"


def test_unknown_users_get_exactly_the_same_answers(app: Flask, maak_gebruiker_: Any) -> None:
    gebruiker = maak_gebruiker_("manager")
    db.session.commit()
    antwoorden: dict[str, list[str]] = {}
    with time_machine.travel(START, tick=False):
        for naam in (gebruiker.gebruikersnaam, "bestaat-niet"):
            client = app.test_client()
            antwoorden[naam] = [
                poging(client, naam, "fout").replace(naam, "NAAM") for _ in range(7)
            ]
    assert antwoorden[gebruiker.gebruikersnaam] == antwoorden["bestaat-niet"]


def test_a_limit_per_client_address(app: Flask, maak_gebruiker_: Any) -> None:
    app.config["INLOG_MAX_PER_ADRES"] = 4
    try:
        gebruiker = maak_gebruiker_("manager")
        db.session.commit()
        client = app.test_client()
        with time_machine.travel(START, tick=False):
            for i in range(4):  # four different accounts from one address
                assert "onjuist" in poging(client, f"iemand{i}", "fout", adres="10.9.9.9")
            assert "Vanaf uw adres" in poging(
                client, gebruiker.gebruikersnaam, WACHTWOORD, adres="10.9.9.9"
            )
            assert (
                poging(client, gebruiker.gebruikersnaam, WACHTWOORD, adres="10.1.1.1") == "ingelogd"
            )
    finally:
        app.config["INLOG_MAX_PER_ADRES"] = 50


@pytest.fixture(params=["database", "redis"])
def twee_workers(
    request: pytest.FixtureRequest, app: Flask, tmp_path: Path
) -> Iterator[tuple[Flask, Flask]]:
    """Two app instances (as two gunicorn workers would be) on one counter store."""
    teller = "database"
    if request.param == "redis":
        redis = pytest.importorskip("redis")
        # a Redis database of this test run's own: CI runs two passes side by side
        url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
        try:
            redis.Redis.from_url(url).flushdb()
        except redis.exceptions.ConnectionError:
            pytest.skip("Redis draait niet op 127.0.0.1:6379")
        teller = url
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    a = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=uri, INLOG_TELLER=teller)
    b = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=uri, INLOG_TELLER=teller)
    yield a, b
    for instantie in (a, b):
        with instantie.app_context():
            db.session.remove()
            db.engine.dispose()


def test_two_workers_share_one_lockout(
    twee_workers: tuple[Flask, Flask], maak_gebruiker_: Any
) -> None:
    gebruiker = maak_gebruiker_("manager")
    db.session.commit()
    a, b = twee_workers
    naam = gebruiker.gebruikersnaam
    with time_machine.travel(START, tick=False) as reis:
        for i in range(10):
            worker = a if i % 2 == 0 else b
            with worker.app_context():
                assert "onjuist" in poging(worker.test_client(), naam, "fout")
            reis.shift(timedelta(seconds=40))
        for worker in (a, b):
            with worker.app_context():
                assert "15 minuten geblokkeerd" in poging(worker.test_client(), naam, WACHTWOORD)
