"""A user's own e-mail settings (Mijn account): the address and how often the digest
comes (``Gebruiker.email``, ``Gebruiker.digest``)."""

from __future__ import annotations

import re

from casus.audit import log_actie
from casus.auth.models import Gebruiker
from casus.errors import Ongeldig
from casus.extensions import db

DIGESTKEUZES = {
    "geen": "Geen e-mail",
    "dagelijks": "Dagelijks",
    "wekelijks": "Wekelijks",
}

# name@domain.tld in plain ASCII: no spaces, no second address (comma, semicolon), no
# display name; RFC 5321's lengths (64 before the @, 254 in all)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_PATROON = re.compile(
    rf"[A-Za-z0-9!#$%&'*+/=?^_`{{|}}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{{|}}~-]+)*"
    rf"@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,63}}"
)
EMAIL_ONGELDIG = "Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl."
EMAIL_NODIG = "Vul een e-mailadres in om de samenvatting per e-mail te krijgen."
EMAIL_MAX = 254


def controleer_email(email: str) -> None:
    if (
        len(email) > EMAIL_MAX
        or len(email.partition("@")[0]) > 64
        or not EMAIL_PATROON.fullmatch(email)
    ):
        raise Ongeldig(EMAIL_ONGELDIG, "email")


def wijzig_mailvoorkeur(gebruiker: Gebruiker, *, email: str | None, digest: str) -> bool:
    """Set the user's own address (empty: none) and digest choice; refused in Dutch at
    the field. Audit-logged when something changed (codes only, never the address);
    returns whether it did."""
    adres = (email or "").strip() or None
    if adres is not None:
        controleer_email(adres)
    if digest not in DIGESTKEUZES:
        raise Ongeldig("Kies hoe vaak u de samenvatting wilt krijgen.", "digest")
    if digest != "geen" and adres is None:
        raise Ongeldig(EMAIL_NODIG, "email")
    email_gewijzigd = adres != gebruiker.email
    digest_gewijzigd = digest != gebruiker.digest
    if not (email_gewijzigd or digest_gewijzigd):
        return False
    gebruiker.email = adres
    gebruiker.digest = digest
    db.session.flush()
    log_actie(
        "auth.mailvoorkeur_gewijzigd",
        object_type="gebruiker",
        object_id=gebruiker.id,
        details={"digest": digest, "email_gewijzigd": email_gewijzigd},
        gebruiker=gebruiker,
    )
    return True
