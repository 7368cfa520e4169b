"""Log in (password, then TOTP when enrolled or required), log out, MFA enrolment."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from casus.audit import log_actie
from casus.auth import mfa, sessies
from casus.auth.forms import CodeForm, InlogForm
from casus.auth.models import Gebruiker
from casus.auth.services import bekende_gebruiker, controleer_inlog
from casus.beveiliging import pogingen
from casus.extensions import db, login_manager

bp = Blueprint("auth", __name__)
ONJUIST = "Gebruikersnaam of wachtwoord is onjuist."
WACHT_OP_CODE = "mfa_gebruiker"  # set after the password, before the second factor
NIEUW_GEHEIM = "mfa_nieuw_geheim"


@login_manager.user_loader
def laad_gebruiker(gebruiker_id: str) -> Gebruiker | None:
    # Flask-Login treats an inactive user as logged out on every request. Roles and
    # teams come in the same query: every page asks for them.
    return db.session.get(Gebruiker, int(gebruiker_id),
                          options=[joinedload(Gebruiker.rollen), joinedload(Gebruiker.teams)])


@bp.before_app_request
def controleer_sessie() -> None:
    """End the log-in when its server-side session is gone, idle or too old."""
    if "_user_id" not in session:
        return
    if sessies.geldig(int(session["_user_id"])):
        if db.session.dirty:  # the activity timestamp (a commit would expire the user)
            db.session.commit()
        return
    logout_user()
    sessies.beeindig()
    db.session.commit()
    flash("Uw sessie is verlopen. Log opnieuw in.", "info")


def _voltooi(gebruiker: Gebruiker) -> Response:
    sessies.start(gebruiker)
    login_user(gebruiker)
    log_actie("auth.ingelogd", gebruiker=gebruiker)
    db.session.commit()
    return redirect(url_for("werkplek.start"))


@bp.route("/inloggen", methods=["GET", "POST"])
def inloggen() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("werkplek.start"))
    form = InlogForm()
    if form.validate_on_submit():
        naam = form.gebruikersnaam.data or ""
        weigering = pogingen.weigering(naam, request.remote_addr)
        gebruiker = None if weigering else controleer_inlog(naam, form.wachtwoord.data or "")
        if weigering:
            log_actie("auth.inloggen_mislukt", uitkomst="geweigerd",
                      gebruiker=bekende_gebruiker(naam))
            form.wachtwoord.errors = [weigering]
        elif gebruiker is None:
            pogingen.registreer_mislukt(naam, request.remote_addr)
            log_actie("auth.inloggen_mislukt", uitkomst="mislukt",
                      gebruiker=bekende_gebruiker(naam))
            form.wachtwoord.errors = [ONJUIST]
        else:
            pogingen.registreer_gelukt(naam)
            db.session.commit()
            if gebruiker.mfa_actief or current_app.config["MFA_VERPLICHT"]:
                session.clear()
                session[WACHT_OP_CODE] = gebruiker.id
                doel = "auth.code" if gebruiker.mfa_actief else "auth.mfa_instellen"
                return redirect(url_for(doel))
            return _voltooi(gebruiker)
        db.session.commit()
    return render_template("auth/inloggen.html", form=form)


def _wachtende() -> Gebruiker | None:
    gebruiker_id = session.get(WACHT_OP_CODE)
    gebruiker = db.session.get(Gebruiker, gebruiker_id) if gebruiker_id else None
    return gebruiker if gebruiker is not None and gebruiker.is_active else None


@bp.route("/inloggen/code", methods=["GET", "POST"])
def code() -> str | Response:
    gebruiker = _wachtende()
    if gebruiker is None or not gebruiker.mfa_actief:
        return redirect(url_for("auth.inloggen"))
    form = CodeForm()
    if form.validate_on_submit():
        waarde = form.code.data or ""
        weigering = pogingen.weigering(gebruiker.gebruikersnaam, request.remote_addr)
        if weigering:
            log_actie("auth.code_mislukt", uitkomst="geweigerd", gebruiker=gebruiker)
            form.code.errors = [weigering]
        elif mfa.controleer_totp(gebruiker, waarde) or mfa.gebruik_herstelcode(gebruiker, waarde):
            pogingen.registreer_gelukt(gebruiker.gebruikersnaam)
            return _voltooi(gebruiker)
        else:
            pogingen.registreer_mislukt(gebruiker.gebruikersnaam, request.remote_addr)
            log_actie("auth.code_mislukt", uitkomst="mislukt", gebruiker=gebruiker)
            form.code.errors = ["De code is onjuist of al gebruikt."]
        db.session.commit()
    return render_template("auth/code.html", form=form)


@bp.route("/mfa/instellen", methods=["GET", "POST"])
def mfa_instellen() -> str | Response:
    gebruiker = current_user if current_user.is_authenticated else _wachtende()
    if gebruiker is None:
        return redirect(url_for("auth.inloggen"))
    geheim = session.get(NIEUW_GEHEIM) or mfa.nieuw_geheim()
    session[NIEUW_GEHEIM] = geheim
    form = CodeForm()
    if form.validate_on_submit():
        if mfa.controleer_totp(gebruiker, form.code.data or "", geheim=geheim):
            codes = mfa.activeer(gebruiker, geheim)
            session.pop(NIEUW_GEHEIM, None)
            log_actie("auth.mfa_geactiveerd", gebruiker=gebruiker)
            if not current_user.is_authenticated:
                sessies.start(gebruiker)
                login_user(gebruiker)
                log_actie("auth.ingelogd", gebruiker=gebruiker)
            db.session.commit()
            return render_template("auth/herstelcodes.html", codes=codes)
        form.code.errors = ["De code klopt niet. Controleer de tijd op uw telefoon en "
                            "probeer het opnieuw."]
    qr = mfa.qr_data_uri(gebruiker, geheim, f"Casus {current_app.config.get('GEMEENTE', '')}")
    return render_template("auth/mfa_instellen.html", form=form, qr=qr, geheim=geheim)


@bp.route("/uitloggen", methods=["POST"])
@login_required
def uitloggen() -> Response:
    log_actie("auth.uitgelogd")
    logout_user()
    sessies.beeindig()
    db.session.commit()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("auth.inloggen"))
