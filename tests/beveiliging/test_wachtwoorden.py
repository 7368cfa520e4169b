from __future__ import annotations

from typing import Any

import pytest
from argon2 import PasswordHasher
from flask.testing import FlaskClient

from casus.auth import wachtwoord
from casus.auth.services import controleer_inlog, maak_gebruiker
from casus.errors import Ongeldig
from casus.extensions import db


@pytest.mark.parametrize(
    ("slecht", "reden"),
    [
        ("kort-wacht1", "minstens 12 tekens"),
        ("1234567890qwerty", "veelgebruikte wachtwoorden"),
        ("Voorjaar2025", "veelgebruikte wachtwoorden"),  # case does not help
    ],
)
def test_weak_passwords_are_refused(slecht: str, reden: str) -> None:
    with pytest.raises(Ongeldig, match=reden):
        maak_gebruiker("x", slecht, rollen=["manager"])


def test_passwords_are_argon2id_and_never_truncated() -> None:
    lang = "a-zeer-lang-wachtwoord-" * 20 + "X"
    gebruiker = maak_gebruiker("lang", lang, rollen=["manager"])
    assert gebruiker.wachtwoord_hash.startswith("$argon2id$")
    assert controleer_inlog("lang", lang) is not None
    assert controleer_inlog("lang", lang[:-1] + "Y") is None  # only the last char differs


def test_a_hash_with_old_parameters_is_upgraded_at_login(
    client: FlaskClient, maak_gebruiker_: Any
) -> None:
    gebruiker = maak_gebruiker_("manager")
    zwak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    gebruiker.wachtwoord_hash = zwak.hash("correct-paard-batterij-niet")
    db.session.commit()
    assert wachtwoord.moet_opnieuw(gebruiker.wachtwoord_hash)
    assert controleer_inlog(gebruiker.gebruikersnaam, "correct-paard-batterij-niet")
    assert not wachtwoord.moet_opnieuw(gebruiker.wachtwoord_hash)
    assert "m=8192" not in gebruiker.wachtwoord_hash
