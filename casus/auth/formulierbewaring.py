"""Nothing typed is lost when the session expires.

A form that arrives after the user's session ended (the idle or absolute timeout:
``casus.auth.views.controleer_sessie``; or a CSRF failure because the session and its
CSRF token are gone: ``casus.errors``) is kept on the server (``BewaardFormulier``):
the fields its place names (``casus.werkplek.formulier.Formulierplek``: never a
password, a file, the CSRF or the idempotency token), for ``BEWAARD_FORMULIER_MINUTEN``,
bound to this browser (a random key in an HttpOnly, SameSite=Strict cookie; the table
holds its SHA-256 only) and to the user whose session it was. The user is sent to log in;
afterwards (password, code) they land on the form's page, where ``zet_terug`` hands the
fields to the form (``casus.werkplek.formulier.Formulier``) filled in as they were
sent, not submitted, with a message; the row is then deleted. Another user logging in
on that browser gets nothing, and the rows of other users of this browser are deleted
at that log-in; expired rows are deleted whenever a form is kept or someone logs in.
Keeping and handing back are audit-logged, with the case or person of the page.

Nothing of it is kept in the browser: the cookie holds only the random key.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from datetime import timedelta
from typing import Any

from flask import (
    current_app,
    flash,
    g,
    redirect,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user
from sqlalchemy import delete, insert, select
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from casus.audit import log_actie
from casus.auth import sessies
from casus.auth.models import Gebruiker
from casus.extensions import db
from casus.klok import nu
from casus.werkeenheid import blijvend
from casus.werkplek.formulier import PLEK, TERUGGEZET, Formulierplek, lees_plek
from casus.werkplek.models import BewaardFormulier

COOKIE = "casus_bewaard"
# Flask session key: whose session just expired in this browser (set when it ends,
# cleared by the next log-in); binds a form that arrives after it to that user
VERLOPEN_VAN = "verlopen_van"
_SLEUTEL_VORM = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
NAAR_INLOGGEN = "Uw sessie is verlopen. Log opnieuw in; daarna staat wat u had ingevuld er weer."
TERUG = (
    "Uw sessie was verlopen. Wat u had ingevuld staat er weer; controleer het en verstuur opnieuw."
)
_WIS_COOKIE = "bewaarcookie_wissen"  # g: the browser has no kept forms left


def _hash(sleutel: str) -> str:
    return hashlib.sha256(sleutel.encode()).hexdigest()


def _levensduur() -> timedelta:
    return timedelta(minutes=int(current_app.config["BEWAARD_FORMULIER_MINUTEN"]))


def _browsersleutel() -> str | None:
    sleutel = request.cookies.get(COOKIE)
    return sleutel if sleutel and _SLEUTEL_VORM.match(sleutel) else None


def _blijvend(stmt: Any) -> None:
    """Written in the request's one commit, whatever the request does next (its change
    is rolled back: it arrived without a session; a page view writes it after the page)."""
    blijvend(lambda: db.session.execute(stmt))


def _object(pagina: str) -> tuple[int | None, int | None]:
    """The case and person of the form's page, for the audit record (ids from the URL)."""
    pad = pagina.split("?", 1)[0]
    try:
        _, argumenten = current_app.url_map.bind("").match(pad, method="GET")
    except HTTPException:
        return None, None
    casus, persoon = argumenten.get("casus_id"), argumenten.get("persoon_id")
    return (
        casus if isinstance(casus, int) else None,
        persoon if isinstance(persoon, int) else None,
    )


def _velden(plek: Formulierplek) -> list[tuple[str, str]]:
    return [
        (naam, waarde)
        for naam in plek.velden
        if not naam.endswith("token") and naam != PLEK
        for waarde in request.form.getlist(naam)
    ]


def bewaar_formulier(gebruiker_id: int, *, ingelogd: bool = False) -> Response | None:
    """Keep the form this POST carries for ``gebruiker_id`` and answer with where to go:
    the log-in (``ingelogd``: the session is live, the form's page). None: not one of
    our forms (no signed place), nothing kept."""
    if request.method != "POST":
        return None
    plek = lees_plek(request.form.get(PLEK))
    gebruiker = db.session.get(Gebruiker, gebruiker_id)
    if plek is None or gebruiker is None:
        return None
    sleutel = _browsersleutel() or secrets.token_urlsafe(32)
    sleutel_hash, moment = _hash(sleutel), nu()
    # one copy per form and browser; expired rows of anyone go
    _blijvend(
        delete(BewaardFormulier).where(
            (BewaardFormulier.verloopt_op <= moment)
            | (
                (BewaardFormulier.sleutel_hash == sleutel_hash)
                & (BewaardFormulier.pagina == plek.pagina)
                & (BewaardFormulier.formulier == plek.formulier)
            )
        )
    )
    _blijvend(
        insert(BewaardFormulier).values(
            sleutel_hash=sleutel_hash,
            gebruiker_id=gebruiker_id,
            pagina=plek.pagina,
            formulier=plek.formulier,
            velden=json.dumps(_velden(plek), ensure_ascii=False),
            aangemaakt_op=moment,
            verloopt_op=moment + _levensduur(),
        )
    )
    casus, persoon = _object(plek.pagina)
    log_actie(
        "formulier.bewaard",
        gebruiker=gebruiker,
        casus=casus,
        persoon=persoon,
        details={"formulier": plek.formulier.split(":", 1)[0]},
    )
    if ingelogd:
        antwoord = redirect(plek.pagina)
    else:
        flash(NAAR_INLOGGEN, "info")
        antwoord = redirect(url_for("auth.inloggen"))
    antwoord.set_cookie(
        COOKIE,
        sleutel,
        max_age=int(_levensduur().total_seconds()),
        path="/",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Strict",
    )
    return antwoord


def na_csrf_fout() -> Response | None:
    """A form refused for its CSRF token: when the session behind it has ended (or was
    replaced by a new log-in), keep the form as ``bewaar_formulier`` does. None: no one
    to keep it for (show the error page)."""
    if request.method != "POST" or lees_plek(request.form.get(PLEK)) is None:
        return None
    gebruiker_id = session.get("_user_id")
    if gebruiker_id is not None:
        # the CSRF check runs before controleer_sessie: decide about the session here
        if sessies.geldig(int(gebruiker_id)):
            # a live session, a stale page (the user logged in again in another tab)
            return bewaar_formulier(int(gebruiker_id), ingelogd=True)
        beeindig_verlopen(int(gebruiker_id))
        return bewaar_formulier(int(gebruiker_id))
    verlopen = session.get(VERLOPEN_VAN)
    return bewaar_formulier(int(verlopen)) if isinstance(verlopen, int) else None


def beeindig_verlopen(gebruiker_id: int) -> None:
    """Log out of a session that ended, remembering whose it was (``VERLOPEN_VAN``)."""
    logout_user()
    sessies.beeindig()
    session[VERLOPEN_VAN] = gebruiker_id


def na_inloggen(gebruiker: Gebruiker) -> str | None:
    """At a completed log-in: the page of this user's newest form kept in this browser,
    to go back to. This browser's forms of other users, and every expired one, go."""
    moment = nu()
    sleutel = _browsersleutel()
    if sleutel is None:
        db.session.execute(delete(BewaardFormulier).where(BewaardFormulier.verloopt_op <= moment))
        return None
    sleutel_hash = _hash(sleutel)
    db.session.execute(
        delete(BewaardFormulier).where(
            (BewaardFormulier.verloopt_op <= moment)
            | (
                (BewaardFormulier.sleutel_hash == sleutel_hash)
                & (BewaardFormulier.gebruiker_id != gebruiker.id)
            )
        )
    )
    return db.session.scalar(
        select(BewaardFormulier.pagina)
        .where(
            BewaardFormulier.sleutel_hash == sleutel_hash,
            BewaardFormulier.gebruiker_id == gebruiker.id,
        )
        .order_by(BewaardFormulier.aangemaakt_op.desc(), BewaardFormulier.id.desc())
        .limit(1)
    )


def zet_terug() -> None:
    """On the GET of a page whose form this browser and user kept: hand the fields to
    the form (``casus.werkplek.formulier.teruggezet``), once; the rows are deleted."""
    sleutel = _browsersleutel()
    if request.method != "GET" or sleutel is None or not current_user.is_authenticated:
        return
    rijen = db.session.scalars(
        select(BewaardFormulier).where(
            BewaardFormulier.sleutel_hash == _hash(sleutel),
            BewaardFormulier.gebruiker_id == current_user.id,
            BewaardFormulier.verloopt_op > nu(),
        )
    ).all()
    pagina = request.full_path.rstrip("?")
    hier = [r for r in rijen if r.pagina == pagina]
    if not hier:
        return
    g.setdefault(TERUGGEZET, {}).update(
        {r.formulier: [(str(n), str(w)) for n, w in json.loads(r.velden)] for r in hier}
    )
    _blijvend(delete(BewaardFormulier).where(BewaardFormulier.id.in_([r.id for r in hier])))
    for r in hier:
        casus, persoon = _object(r.pagina)
        log_actie(
            "formulier.teruggezet",
            casus=casus,
            persoon=persoon,
            details={"formulier": r.formulier.split(":", 1)[0]},
        )
    if len(hier) == len(rijen):
        g.setdefault(_WIS_COOKIE, True)
    flash(TERUG, "info")


def wis_cookie(antwoord: Response) -> Response:
    """after_request: the browser's key goes with its last kept form."""
    if g.get(_WIS_COOKIE):
        antwoord.delete_cookie(COOKIE, path="/", httponly=True, samesite="Strict")
    return antwoord
