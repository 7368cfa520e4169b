"""Password hashing with argon2id.

The cost comes from the configuration (``ARGON2_TIJDKOSTEN``, ``ARGON2_GEHEUGEN_KIB``,
``ARGON2_PARALLELLISME``); its default is RFC 9106's low-memory profile, argon2-cffi's
own default. Only the test environment may go below it: the tests hash with the cheapest
parameters, and ``tests/beveiliging/test_hashkosten.py`` proves a real login uses these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import Flask, current_app

PRODUCTIE = profiles.RFC_9106_LOW_MEMORY  # time_cost 3, 64 MiB, parallelism 4
_EXTENSIE = "casus.wachtwoord"

MIN_LENGTE = 12
MAX_LENGTE = 1024  # argon2 takes any length; this only bounds the work per request


@dataclass
class Hasher:
    """The app's argon2 hasher, with its own hash for users that do not exist."""

    argon2: PasswordHasher

    @cached_property
    def dummy_hash(self) -> str:
        # verified when the user does not exist, so both paths cost the same time
        return self.argon2.hash("dummy-wachtwoord-voor-gelijke-tijd")


def hasher_uit(config: Mapping[str, Any]) -> PasswordHasher:
    """The hasher of a configuration; below the production cost only in the test
    environment (``OMGEVING = "test"``: TestConfig, also where a browser test turns
    TESTING off to see the real error pages)."""
    tijd = int(config.get("ARGON2_TIJDKOSTEN", PRODUCTIE.time_cost))
    geheugen = int(config.get("ARGON2_GEHEUGEN_KIB", PRODUCTIE.memory_cost))
    parallel = int(config.get("ARGON2_PARALLELLISME", PRODUCTIE.parallelism))
    if config.get("OMGEVING") != "test" and (
        tijd < PRODUCTIE.time_cost or geheugen < PRODUCTIE.memory_cost
    ):
        raise RuntimeError(
            f"ARGON2_TIJDKOSTEN={tijd} en ARGON2_GEHEUGEN_KIB={geheugen} zijn lager dan het "
            f"minimum ({PRODUCTIE.time_cost} en {PRODUCTIE.memory_cost}); alleen tests mogen "
            "goedkoper hashen."
        )
    return PasswordHasher(time_cost=tijd, memory_cost=geheugen, parallelism=parallel)


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSIE] = Hasher(hasher_uit(app.config))


def _hasher() -> Hasher:
    hasher: Hasher = current_app.extensions[_EXTENSIE]
    return hasher


def maak_hash(wachtwoord: str) -> str:
    return _hasher().argon2.hash(wachtwoord)


def controleer(hash_: str | None, wachtwoord: str) -> bool:
    hasher = _hasher()
    try:
        return hasher.argon2.verify(hash_ or hasher.dummy_hash, wachtwoord) and hash_ is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def moet_opnieuw(hash_: str) -> bool:
    return _hasher().argon2.check_needs_rehash(hash_)


@cache
def veelgebruikt() -> frozenset[str]:
    bestand = Path(__file__).parent / "data" / "veelgebruikte_wachtwoorden.txt"
    return frozenset(r.strip() for r in bestand.read_text().splitlines() if r.strip())


def zwakte(wachtwoord: str) -> str | None:
    """Dutch reason why a new password is refused, or None."""
    if len(wachtwoord) < MIN_LENGTE:
        return f"Het wachtwoord moet minstens {MIN_LENGTE} tekens lang zijn."
    if len(wachtwoord) > MAX_LENGTE:
        return f"Het wachtwoord mag hoogstens {MAX_LENGTE} tekens lang zijn."
    if wachtwoord.strip().lower() in veelgebruikt():
        return (
            "Dit wachtwoord komt voor in een lijst van veelgebruikte wachtwoorden. Kies een ander."
        )
    return None
