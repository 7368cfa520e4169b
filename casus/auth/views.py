"""Log in and out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from casus.audit import log_actie
from casus.auth.forms import InlogForm
from casus.auth.models import Gebruiker
from casus.auth.services import bekende_gebruiker, controleer_inlog
from casus.extensions import db, login_manager

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def laad_gebruiker(gebruiker_id: str) -> Gebruiker | None:
    # Flask-Login treats an inactive user as logged out on every request.
    return db.session.get(Gebruiker, int(gebruiker_id))


@bp.route("/inloggen", methods=["GET", "POST"])
def inloggen() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("werkplek.start"))
    form = InlogForm()
    if form.validate_on_submit():
        gebruiker = controleer_inlog(form.gebruikersnaam.data or "", form.wachtwoord.data or "")
        if gebruiker is not None:
            session.clear()  # no state from before the log-in survives it
            login_user(gebruiker)
            log_actie("auth.ingelogd", gebruiker=gebruiker)
            db.session.commit()
            return redirect(url_for("werkplek.start"))
        log_actie("auth.inloggen_mislukt", uitkomst="mislukt",
                  gebruiker=bekende_gebruiker(form.gebruikersnaam.data or ""))
        db.session.commit()
        form.wachtwoord.errors = ["Gebruikersnaam of wachtwoord is onjuist."]
    return render_template("auth/inloggen.html", form=form)


@bp.route("/uitloggen", methods=["POST"])
@login_required
def uitloggen() -> Response:
    log_actie("auth.uitgelogd")
    db.session.commit()
    logout_user()
    session.clear()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("auth.inloggen"))
