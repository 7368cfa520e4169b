"""A generic limit per client address, on the shared counters of ``pogingen``.

Each request counts; a client that made more than ``maximum`` requests within the
window (15 minutes since its latest request) is refused until it has been quiet
for that long. The counter key holds a keyed hash of the address, never the
address itself, so the counter table stores no IP addresses.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from casus.beveiliging import pogingen
from casus.werkeenheid import herhaal_na_terugdraaien


def _sleutel(naam: str, adres: str | None) -> str:
    geheim = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(geheim, (adres or "onbekend").encode(), hashlib.sha256).hexdigest()
    return f"limiet:{naam}:{digest[:40]}"


def tel_en_toets(naam: str, adres: str | None, maximum: int) -> bool:
    """Count one request of this client for ``naam``; True while it stays within ``maximum``.

    The count holds whatever the request does next: in the database it is committed with
    the request's one commit, also when the request's change is rolled back."""
    teller, sleutel = pogingen.teller(), _sleutel(naam, adres)
    stand = teller.mislukt(sleutel)
    if teller.transactioneel:
        herhaal_na_terugdraaien(lambda: teller.mislukt(sleutel))
    return stand.mislukt <= maximum
