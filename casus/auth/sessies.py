"""Server-side sessions with idle and absolute timeouts.

The signed Flask cookie carries only a random token; the ``sessie`` row decides
whether it is still valid. A new token at every log-in; logging out ends the row,
so a copied cookie is worthless afterwards.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app, g, has_request_context, session
from sqlalchemy import update
from sqlalchemy.orm import joinedload

from casus.auth.models import Gebruiker, Sessie
from casus.extensions import db
from casus.klok import nu
from casus.werkeenheid import blijvend

SLEUTEL = "sid"
# {"gebruiker": id, "id_token": ...}: the ID token of an SSO log-in (casus.auth.sso) on
# its way to the session row that ``start`` makes for that user
SSO_ID_TOKEN = "sso_id_token"  # noqa: S105 (a session key, not a secret)
# the activity timestamp is written at most this often (not on every request)
SCHRIJF_INTERVAL = timedelta(seconds=30)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(gebruiker: Gebruiker) -> None:
    wachtend = session.get(SSO_ID_TOKEN)
    sso_id_token = (
        str(wachtend["id_token"])
        if isinstance(wachtend, dict) and wachtend.get("gebruiker") == gebruiker.id
        else None
    )
    session.clear()
    token = secrets.token_urlsafe(32)
    moment = nu()
    db.session.add(
        Sessie(
            id=_hash(token),
            gebruiker_id=gebruiker.id,
            aangemaakt_op=moment,
            laatst_actief_op=moment,
            sso_id_token=sso_id_token,
        )
    )
    session[SLEUTEL] = token


def beeindig() -> None:
    """End the cookie's session (kept even when the request's change is rolled back)."""
    token = session.get(SLEUTEL)
    if token:
        _blijvend(
            update(Sessie)
            .where(Sessie.id == _hash(token), Sessie.beeindigd_op.is_(None))
            .values(beeindigd_op=nu())
        )
    session.clear()


def beeindig_alle(gebruiker: Gebruiker, *, behalve_deze: bool = False) -> int:
    """End every live session of ``gebruiker`` (after a password change or reset); with
    ``behalve_deze`` the current request's own session stays. How many were ended. Part
    of the request's change: rolled back with it."""
    stmt = update(Sessie).where(Sessie.gebruiker_id == gebruiker.id, Sessie.beeindigd_op.is_(None))
    token = session.get(SLEUTEL) if behalve_deze and has_request_context() else None
    if token:
        stmt = stmt.where(Sessie.id != _hash(token))
    resultaat = db.session.execute(stmt.values(beeindigd_op=nu()))
    return int(getattr(resultaat, "rowcount", 0) or 0)


def _blijvend(stmt: Any) -> None:
    """Write to the session row in the request's one commit, whatever the request does
    next: a refused form or an error page rolls its change back, not this (a page view
    writes it after the page, ``casus.werkeenheid.blijvend``)."""
    blijvend(lambda: db.session.execute(stmt))


def geldig(gebruiker_id: int) -> bool:
    """Whether the current cookie's session is live for this user; touches its activity."""
    token = session.get(SLEUTEL)
    if not token:
        return False
    # the user, with the roles and teams every page asks for, in the same statement:
    # Flask-Login's user loader then finds it in the session (laad_gebruiker); held in
    # g for the request, since the session's identity map keeps objects weakly
    rij = g.sessie = db.session.get(
        Sessie,
        _hash(token),
        options=[
            joinedload(Sessie.gebruiker).joinedload(Gebruiker.rollen),
            joinedload(Sessie.gebruiker).joinedload(Gebruiker.teams),
        ],
    )
    if rij is None or rij.gebruiker_id != gebruiker_id or rij.beeindigd_op is not None:
        return False
    moment, rij_id = nu(), rij.id
    idle = timedelta(minutes=int(current_app.config["SESSION_IDLE_MINUTEN"]))
    absoluut = timedelta(hours=int(current_app.config["SESSION_ABSOLUUT_UREN"]))
    if moment - rij.laatst_actief_op > idle or moment - rij.aangemaakt_op > absoluut:
        blijvend(lambda: _zet(rij_id, beeindigd_op=moment))
        return False
    if moment - rij.laatst_actief_op > SCHRIJF_INTERVAL:
        # not committed here: it goes with the request's one commit (casus.werkeenheid);
        # the loaded row is left as read, so a page view writes nothing while it is made
        blijvend(lambda: _zet(rij_id, laatst_actief_op=moment))
    return True


def verleng() -> None:
    """The current (checked, live) session's last activity is now."""
    rij = g.get("sessie")
    if rij is None:
        return
    moment, rij_id = nu(), rij.id
    blijvend(lambda: _zet(rij_id, laatst_actief_op=moment))


def _zet(sessie_id: str, **waarden: Any) -> None:
    db.session.execute(update(Sessie).where(Sessie.id == sessie_id).values(**waarden))
