"""Password hashing with argon2id (argon2-cffi defaults or stronger)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
# verified when the user does not exist, so both paths cost the same time
_DUMMY_HASH = _hasher.hash("dummy-wachtwoord-voor-gelijke-tijd")

MIN_LENGTE = 12
MAX_LENGTE = 1024  # argon2 takes any length; this only bounds the work per request


def maak_hash(wachtwoord: str) -> str:
    return _hasher.hash(wachtwoord)


def controleer(hash_: str | None, wachtwoord: str) -> bool:
    try:
        return _hasher.verify(hash_ or _DUMMY_HASH, wachtwoord) and hash_ is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def moet_opnieuw(hash_: str) -> bool:
    return _hasher.check_needs_rehash(hash_)


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
        return ("Dit wachtwoord komt voor in een lijst van veelgebruikte wachtwoorden. "
                "Kies een ander.")
    return None
