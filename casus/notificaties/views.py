"""The Meldingen page (``/meldingen``): the user's notifications, unread first, with
"Gelezen" per notification and "Alles gelezen"; following a notification marks it
read. And the header's "Meldingen (n)".

Every button is a POST through ``casus.werkplek.formulier.verwerk`` (a page view writes
nothing, ``casus.werkeenheid``). A notification is named in the form, not the URL: one
that is not the user's, or whose case or signal the user may no longer see, is a 404.
The page shows no personal data (a text names a case number at most), so it writes no
audit record; nor does marking read.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from casus import MAX_ID
from casus.notificaties import SOORTEN
from casus.notificaties.forms import AllesGelezenForm, NotificatieForm
from casus.notificaties.models import Notificatie
from casus.notificaties.services import (
    aantal_ongelezen,
    markeer_gelezen,
    notificatie_van,
    notificaties_van,
)
from casus.paginering import paginanummer
from casus.werkplek.formulier import eerste_fout, lokaal_pad, verwerk, verwerk_met_melding

log = logging.getLogger(__name__)

bp = Blueprint("notificaties", __name__, url_prefix="/meldingen")

# request.environ key: this request's unread count, counted once
_AANTAL = "casus.notificaties.aantal_ongelezen"


def aantal_meldingen() -> int | None:
    """The logged-in user's unread notifications, for the header (one COUNT, once per
    request, only when a page asks); None for nobody logged in, or when the database
    cannot answer (an error page still renders)."""
    if not current_user.is_authenticated:
        return None
    if _AANTAL not in request.environ:
        try:
            request.environ[_AANTAL] = aantal_ongelezen(current_user._get_current_object())
        except SQLAlchemyError:
            log.warning("aantal ongelezen meldingen niet te tellen", exc_info=True)
            request.environ[_AANTAL] = None
    aantal: int | None = request.environ[_AANTAL]
    return aantal


@bp.app_context_processor
def _kop() -> dict[str, Any]:
    return {"aantal_meldingen": aantal_meldingen}


def _lijst_url() -> str:
    pagina = request.args.get("pagina")
    return url_for("notificaties.lijst", pagina=pagina if pagina not in (None, "1") else None)


def _notificatie(form: NotificatieForm) -> Notificatie | None:
    """The notification the form names; 404 when it is not one the user may see. None
    when the form names none (the form's own check then says so)."""
    ruw = form.notificatie_id.data
    if not isinstance(ruw, str) or not ruw.isdigit() or len(ruw) > 10:
        return None
    if int(ruw) > MAX_ID:
        abort(404)
    notificatie = notificatie_van(current_user, int(ruw))
    if notificatie is None:
        abort(404)  # another user's, or on a case the user may no longer see
    return notificatie


@bp.get("")
@login_required
def lijst() -> str:
    pagina = notificaties_van(current_user, nummer=paginanummer(request.args.get("pagina")))
    return render_template(
        "notificaties/lijst.html",
        pagina=pagina,
        soorten=SOORTEN,
        form=NotificatieForm(),
        alles=AllesGelezenForm(),
        nummer=pagina.nummer,
    )


@bp.post("/openen")
@login_required
def openen() -> Response:
    """Follow a notification's link: marks it read, then goes where it points."""
    form = NotificatieForm()
    notificatie = _notificatie(form)
    lijst_url = url_for("notificaties.lijst")
    doel = notificatie.link if notificatie and lokaal_pad(notificatie.link) else lijst_url

    def doe() -> None:
        if notificatie is not None:
            markeer_gelezen(current_user, [notificatie.id])

    antwoord = verwerk(form, doe, doel, meldingen=False)
    if antwoord is not None:
        return antwoord
    flash(eerste_fout(form), "fout")
    return redirect(lijst_url)


@bp.post("/gelezen")
@login_required
def gelezen() -> Response:
    """ "Gelezen" on one notification."""
    form = NotificatieForm()
    notificatie = _notificatie(form)
    terug = _lijst_url()  # the page the button was on

    def doe() -> str:
        if notificatie is not None:
            markeer_gelezen(current_user, [notificatie.id])
        return "De melding is gelezen."

    return verwerk_met_melding(form, doe, terug, terug)


@bp.post("/alles-gelezen")
@login_required
def alles_gelezen() -> Response:
    """ "Alles gelezen": every unread notification the user may see."""
    form = AllesGelezenForm()
    terug = url_for("notificaties.lijst")

    def doe() -> str:
        aantal = markeer_gelezen(current_user, alle=True)
        if aantal == 0:
            return "Er waren geen ongelezen meldingen."
        return "De melding is gelezen." if aantal == 1 else f"Alle {aantal} meldingen zijn gelezen."

    return verwerk_met_melding(form, doe, terug, terug)
