"""The opt-in e-mail digest: to each user who asked for it (Mijn account; Gebruiker.email
and .digest), once a day or once an ISO week, the counts of their unread notifications
per kind and a link to the list. Nothing else: no name, no BSN, no case number, nothing
of a case's content, not even the recipient's own name (docs/mail.md).

Run by the daily job ``digests`` (casus.taken). Delivery is at least once: a user's
``digest_verstuurd_op`` is committed right after the SMTP server accepted their mail, so
a crash between the two sends that one digest again at the next run; a failed send
changes nothing for that user and the run ends in ``MailFout`` so the job is retried.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, or_, select

from casus.auth.models import Gebruiker
from casus.extensions import db
from casus.klok import TIJDZONE, nu
from casus.mail.verzenden import MailFout, geconfigureerd, verstuur

log = logging.getLogger(__name__)

ONDERWERP = "Casus {gemeente}: meldingen die u nog niet hebt gelezen"
HOE_VAAK = {"dagelijks": "elke dag", "wekelijks": "elke week"}


def begin_van_dag(moment: datetime) -> datetime:
    """Midnight in Europe/Amsterdam of ``moment``'s local date (aware)."""
    return datetime.combine(moment.astimezone(TIJDZONE).date(), time(), tzinfo=TIJDZONE)


def begin_van_week(moment: datetime) -> datetime:
    """Monday 00:00 in Europe/Amsterdam of ``moment``'s ISO week (aware)."""
    dag = moment.astimezone(TIJDZONE).date()
    return datetime.combine(dag - timedelta(days=dag.weekday()), time(), tzinfo=TIJDZONE)


def aan_de_beurt(moment: datetime) -> Select[tuple[int]]:
    """The users whose digest is due at ``moment``: active people (no API client) with an
    address, daily ones not yet sent today, weekly ones not yet sent this ISO week (the
    local date in Europe/Amsterdam decides)."""
    verstuurd = Gebruiker.digest_verstuurd_op

    def niet_sinds(grens: datetime) -> ColumnElement[bool]:
        return or_(verstuurd.is_(None), verstuurd < grens)

    return (
        select(Gebruiker.id)
        .where(
            Gebruiker.actief.is_(True),
            Gebruiker.is_api_client.is_(False),
            Gebruiker.email.is_not(None),
            Gebruiker.email != "",
            or_(
                and_(Gebruiker.digest == "dagelijks", niet_sinds(begin_van_dag(moment))),
                and_(Gebruiker.digest == "wekelijks", niet_sinds(begin_van_week(moment))),
            ),
        )
        .order_by(Gebruiker.id)
    )


def digesttekst(telling: Mapping[str, int], *, hoe_vaak: str, basis_url: str, eerste: bool) -> str:
    """The mail's text: a greeting, one line per kind with its count (in the order of
    SOORTEN), the link to the list and to Mijn account. Only counts and fixed words."""
    from casus.notificaties import SOORTEN

    regels = [
        f"- {label}: {telling[soort]}" for soort, label in SOORTEN.items() if telling.get(soort)
    ]
    overig = sum(n for soort, n in telling.items() if soort not in SOORTEN and n > 0)
    if overig:
        regels.append(f"- Overige meldingen: {overig}")
    aanhef = (
        ["Er staan meldingen voor u klaar die u nog niet hebt gelezen:"]
        if eerste
        else [
            "Sinds de vorige samenvatting zijn er meldingen voor u bijgekomen",
            "die u nog niet hebt gelezen:",
        ]
    )
    # lines under 78 characters: the mail goes as plain 7-bit text, unwrapped
    return "\n".join(
        [
            "Goedendag,",
            "",
            *aanhef,
            "",
            *regels,
            "",
            "Lees ze na het inloggen:",
            f"{basis_url}/meldingen",
            "",
            "Deze e-mail noemt bewust geen namen, casusnummers of andere gegevens",
            "uit casussen.",
            "",
            f"U krijgt deze samenvatting {HOE_VAAK.get(hoe_vaak, hoe_vaak)}, omdat u "
            "daarvoor hebt gekozen.",
            "Wijzigen of uitzetten doet u onder Mijn account:",
            f"{basis_url}/account",
            "",
        ]
    )


def verstuur_digests(*, op: datetime | None = None) -> int:
    """Send every digest that is due at ``op`` (aware; default now) and return how many
    were sent. Nothing without MAIL_SERVER (info) or BASIS_URL (warning). A user with
    nothing unread since their last digest gets no mail (and stays due). Commits per user
    after their mail went out. Raises ``MailFout`` after the run when any digest could
    not be sent: the others are sent and recorded, the failed ones stay due."""
    moment = op or nu()
    if moment.tzinfo is None:
        raise ValueError("op moet een tijdstip met tijdzone zijn")
    if not geconfigureerd():
        log.info("Geen MAIL_SERVER ingesteld: geen e-mailsamenvattingen verstuurd.")
        return 0
    basis_url = str(current_app.config.get("BASIS_URL") or "").strip().rstrip("/")
    if not basis_url:
        log.warning(
            "BASIS_URL is leeg: geen e-mailsamenvattingen verstuurd (de link erin zou "
            "nergens heen wijzen)."
        )
        return 0
    from casus.notificaties.services import ongelezen_per_soort

    onderwerp = ONDERWERP.format(gemeente=current_app.config.get("GEMEENTE", ""))
    ids = list(db.session.scalars(aan_de_beurt(moment)))
    verstuurd = mislukt = 0
    for gebruiker_id in ids:
        gebruiker = db.session.get(Gebruiker, gebruiker_id)
        if gebruiker is None or not gebruiker.email or gebruiker.digest not in HOE_VAAK:
            continue  # changed since the list was read
        vorige = gebruiker.digest_verstuurd_op
        telling = {
            s: n for s, n in ongelezen_per_soort(gebruiker_id, sinds=vorige).items() if n > 0
        }
        if not telling:
            continue
        tekst = digesttekst(
            telling, hoe_vaak=gebruiker.digest, basis_url=basis_url, eerste=vorige is None
        )
        try:
            verstuur(gebruiker.email, onderwerp, tekst)
        except MailFout as fout:
            db.session.rollback()
            mislukt += 1
            log.error("E-mailsamenvatting voor gebruiker %s niet verstuurd.", gebruiker_id)
            if not fout.alleen_ontvanger:
                break  # the server itself fails: the rest waits for the retry
            continue
        gebruiker.digest_verstuurd_op = moment
        db.session.commit()  # at least once: a crash before this sends it again
        verstuurd += 1
    log.info("%s e-mailsamenvatting(en) verstuurd.", verstuurd)
    if mislukt:
        raise MailFout(
            f"{mislukt} e-mailsamenvatting(en) niet verstuurd ({verstuurd} wel); "
            "ze blijven aan de beurt."
        )
    return verstuurd
