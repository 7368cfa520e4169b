"""Two-factor authentication: TOTP (RFC 6238) with one step of clock drift, and
ten one-time recovery codes stored as hashes. The QR code is made locally."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import time

import pyotp
import qrcode
import qrcode.image.svg
from sqlalchemy import select

from casus.auth.models import Gebruiker, Herstelcode
from casus.extensions import db
from casus.klok import nu

STAP_SECONDEN = 30
AANTAL_HERSTELCODES = 10


def nieuw_geheim() -> str:
    return pyotp.random_base32()


def qr_data_uri(gebruiker: Gebruiker, geheim: str, uitgever: str) -> str:
    uri = pyotp.TOTP(geheim).provisioning_uri(name=gebruiker.gebruikersnaam, issuer_name=uitgever)
    afbeelding = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    afbeelding.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _code_bij_stap(geheim: str, stap: int) -> str:
    return pyotp.TOTP(geheim).at(stap * STAP_SECONDEN)


def controleer_totp(gebruiker: Gebruiker, code: str, geheim: str | None = None) -> bool:
    """Accept the code of the current step or one step either side, never twice."""
    geheim = geheim or gebruiker.mfa_geheim
    code = code.strip().replace(" ", "")
    if not geheim or not (code.isdigit() and len(code) == 6):
        return False
    huidige = int(time.time()) // STAP_SECONDEN
    for stap in (huidige - 1, huidige, huidige + 1):
        if hmac.compare_digest(_code_bij_stap(geheim, stap), code):
            if gebruiker.mfa_laatste_stap is not None and stap <= gebruiker.mfa_laatste_stap:
                return False  # replayed (or an older code after a newer one)
            gebruiker.mfa_laatste_stap = stap
            return True
    return False


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace("-", "").encode()).hexdigest()


def nieuwe_herstelcodes(gebruiker: Gebruiker) -> list[str]:
    """Replace the user's recovery codes; returns the plain codes to show once."""
    for oud in db.session.scalars(
        select(Herstelcode).where(Herstelcode.gebruiker_id == gebruiker.id)
    ):
        db.session.delete(oud)
    codes = []
    for _ in range(AANTAL_HERSTELCODES):
        ruw = secrets.token_hex(5)
        codes.append(f"{ruw[:5]}-{ruw[5:]}")
        db.session.add(Herstelcode(gebruiker_id=gebruiker.id, code_hash=_hash(ruw)))
    db.session.flush()
    return codes


def gebruik_herstelcode(gebruiker: Gebruiker, code: str) -> bool:
    rij = db.session.scalar(
        select(Herstelcode).where(
            Herstelcode.gebruiker_id == gebruiker.id,
            Herstelcode.code_hash == _hash(code),
            Herstelcode.gebruikt_op.is_(None),
        )
    )
    if rij is None:
        return False
    rij.gebruikt_op = nu()
    return True


def activeer(gebruiker: Gebruiker, geheim: str) -> list[str]:
    gebruiker.mfa_geheim = geheim
    gebruiker.mfa_actief = True
    return nieuwe_herstelcodes(gebruiker)
