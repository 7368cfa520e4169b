"""Log in (password, then TOTP when enrolled or required), log out, MFA enrolment; the
idle warning's "Blijf ingelogd" (``sessie_verlengen``); and Mijn account, where users
change their own password (and must, before anything else, when someone else chose it:
``eis_nieuw_wachtwoord``) and set their e-mail address and digest (casus.mail)."""

from __future__ import annotations

from typing import TypeVar

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf.csrf import validate_csrf
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response
from wtforms import ValidationError

from casus.api.poort import is_api_verzoek
from casus.auth import formulierbewaring, mfa, services, sessies, sso
from casus.auth.forms import CodeForm, InlogForm, MailvoorkeurForm, WachtwoordWijzigenForm
from casus.auth.models import Gebruiker
from casus.extensions import csrf, db, login_manager
from casus.toegang.policy import mfa_altijd_verplicht
from casus.werkplek.formulier import verwerk

bp = Blueprint("auth", __name__)
WACHT_OP_CODE = "mfa_gebruiker"  # set after the password, before the second factor
NIEUW_GEHEIM = "mfa_nieuw_geheim"
A = TypeVar("A", str, Response)


@login_manager.user_loader
def laad_gebruiker(gebruiker_id: str) -> Gebruiker | None:
    # Flask-Login treats an inactive user as logged out on every request. Roles and
    # teams come in the same query: every page asks for them.
    return db.session.get(
        Gebruiker,
        int(gebruiker_id),
        options=[joinedload(Gebruiker.rollen), joinedload(Gebruiker.teams)],
    )


VERLENGEN = "auth.sessie_verlengen"
SESSIE_VERLOPEN = (
    "Uw sessie is al verlopen. Wat u hebt ingevuld blijft staan: verstuur het formulier; "
    "na opnieuw inloggen staat het er weer, zodat u het kunt controleren."
)


@bp.before_app_request
def controleer_sessie() -> Response | None:
    """End the log-in when its server-side session is gone, idle or too old; a form that
    arrives then is kept for after the next log-in (``formulierbewaring``). Nothing is
    committed here: the session's activity, or its end, goes with the request's one
    commit (``casus.werkeenheid``). The API reads no session (``casus.api.poort``)."""
    if "_user_id" not in session or is_api_verzoek():
        return None
    gebruiker_id = int(session["_user_id"])
    if sessies.geldig(gebruiker_id):
        return None
    formulierbewaring.beeindig_verlopen(gebruiker_id)
    bewaard = formulierbewaring.bewaar_formulier(gebruiker_id)
    if bewaard is not None:
        return bewaard
    if request.endpoint != VERLENGEN:  # the warning says it itself
        flash("Uw sessie is verlopen. Log opnieuw in.", "info")
    return None


@bp.before_app_request
def zet_formulier_terug() -> None:
    """After the session check: a form kept at its expiry goes back on its page."""
    if not is_api_verzoek():
        formulierbewaring.zet_terug()


ACCOUNT = "auth.account"
MAILFORM = "mail"  # the prefix of Mijn account's e-mail form
# what a user whose password must be changed may still reach: the change itself, logging
# out, the idle warning's keepalive and the stylesheets and scripts
VOOR_NIEUW_WACHTWOORD = frozenset({ACCOUNT, "auth.uitloggen", VERLENGEN, "static"})


@bp.before_app_request
def eis_nieuw_wachtwoord() -> Response | None:
    """After the session check: a logged-in user whose password was chosen by someone
    else (``Gebruiker.moet_wachtwoord_wijzigen``) is sent to Mijn account from every
    other page until they chose their own."""
    if (
        request.endpoint is None
        or is_api_verzoek()
        or request.endpoint in VOOR_NIEUW_WACHTWOORD
        or not current_user.is_authenticated
        or not current_user.moet_wachtwoord_wijzigen
    ):
        return None
    return redirect(url_for(ACCOUNT))


MFA_INSTELLEN = "auth.mfa_instellen"
# what a logged-in user who must use a second factor but has none may still reach
VOOR_MFA = frozenset({MFA_INSTELLEN, "auth.uitloggen", VERLENGEN, "static"})


@bp.before_app_request
def eis_mfa() -> Response | None:
    """A logged-in partner user (who must always use our second factor:
    ``policy.mfa_altijd_verplicht``; it never logs in through single sign-on) without one
    set up (e.g. reset while logged in) reaches nothing but the MFA set-up. The log-in
    itself never gets that far: it sends such a user to the set-up right after the
    password, before logging in. (Under ``MFA_VERPLICHT`` anyone else may also have
    logged in with the provider's second factor, which counts: not checked here.)"""
    if (
        request.endpoint is None
        or is_api_verzoek()
        or request.endpoint in VOOR_MFA
        or not current_user.is_authenticated
        or current_user.mfa_actief
        or not mfa_altijd_verplicht(current_user)
    ):
        return None
    return redirect(url_for(MFA_INSTELLEN))


bp.after_app_request(formulierbewaring.wis_cookie)


# The log-in forms (password, code, enrolment) and the log-out button do not go through
# the shared POST path (casus.werkplek.formulier.verwerk): they are used before anyone is
# logged in (an idempotency token belongs to a user); a refused attempt is not a change
# to roll back but must be kept (the attempt counters and its audit record); and sending
# the same form again is a new attempt that must count, not a double submission. Each
# commits once, here.
def vastleggen(antwoord: A) -> A:
    """The one commit of a log-in step, after the service decided it."""
    db.session.commit()
    return antwoord


def voltooi(gebruiker: Gebruiker) -> Response:
    services.voltooi_inlog(gebruiker)
    if gebruiker.moet_wachtwoord_wijzigen:
        return redirect(url_for(ACCOUNT))
    # back to the page of a form kept when the session expired, else the start page
    terug = formulierbewaring.na_inloggen(gebruiker)
    return redirect(terug or url_for("werkplek.start"))


@bp.route("/inloggen", methods=["GET", "POST"])
def inloggen() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("werkplek.start"))
    form = InlogForm()
    if not form.validate_on_submit():
        return render_template("auth/inloggen.html", form=form)
    session.pop(sessies.SSO_ID_TOKEN, None)  # an SSO log-in left halfway is no part of this
    # whether a second factor is required is decided per user (services.mfa_verplicht_voor)
    poging = services.probeer_inlog(
        form.gebruikersnaam.data or "", form.wachtwoord.data or "", request.remote_addr
    )
    if poging.gebruiker is None:
        form.wachtwoord.errors = [poging.fout or services.ONJUIST]
        return vastleggen(render_template("auth/inloggen.html", form=form))
    if poging.volgende == services.INGELOGD:
        return vastleggen(voltooi(poging.gebruiker))
    session.clear()
    session[WACHT_OP_CODE] = poging.gebruiker.id
    doel = "auth.code" if poging.volgende == services.CODE else "auth.mfa_instellen"
    return vastleggen(redirect(url_for(doel)))


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
    if not form.validate_on_submit():
        return render_template("auth/code.html", form=form)
    fout = services.controleer_code(gebruiker, form.code.data or "", request.remote_addr)
    if fout is None:
        return vastleggen(voltooi(gebruiker))
    form.code.errors = [fout]
    return vastleggen(render_template("auth/code.html", form=form))


@bp.route("/mfa/instellen", methods=["GET", "POST"])
def mfa_instellen() -> str | Response:
    gebruiker = current_user if current_user.is_authenticated else _wachtende()
    if gebruiker is None:
        return redirect(url_for("auth.inloggen"))
    geheim = session.get(NIEUW_GEHEIM) or mfa.nieuw_geheim()
    session[NIEUW_GEHEIM] = geheim
    form = CodeForm()
    if form.validate_on_submit():
        codes = services.activeer_mfa(gebruiker, geheim, form.code.data or "")
        if codes is not None:
            session.pop(NIEUW_GEHEIM, None)
            verder = None
            if not current_user.is_authenticated:
                services.voltooi_inlog(gebruiker)
                verder = formulierbewaring.na_inloggen(gebruiker)
            return vastleggen(
                render_template(
                    "auth/herstelcodes.html",
                    codes=codes,
                    verder=verder or url_for("werkplek.start"),
                )
            )
        form.code.errors = [services.MFA_ONJUIST]
    qr = mfa.qr_data_uri(gebruiker, geheim, f"Casus {current_app.config.get('GEMEENTE', '')}")
    return render_template("auth/mfa_instellen.html", form=form, qr=qr, geheim=geheim)


@bp.route("/uitloggen", methods=["POST"])
@login_required
def uitloggen() -> Response:
    """End the product's session; a session that began with single sign-on goes on to
    the provider's logout (RP-initiated), which sends the browser back to /inloggen."""
    rij = g.get("sessie")  # loaded by controleer_sessie
    id_token = rij.sso_id_token if rij is not None else None
    services.log_uit()
    flash("U bent uitgelogd.", "info")
    doel = sso.uitlog_adres(id_token) or url_for("auth.inloggen")
    return vastleggen(redirect(doel))


@bp.post("/sessie/verlengen")
@csrf.exempt  # checked below, after the session: an expired one answers 401, not 400
def sessie_verlengen() -> tuple[Response, int]:
    """The idle warning's "Blijf ingelogd": the session's last activity is now; JSON,
    the page stays as it is. Audit-neutral: it reads and writes no personal data."""
    if not current_user.is_authenticated:
        return jsonify(ingelogd=False, melding=SESSIE_VERLOPEN), 401
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(request.headers.get("X-CSRFToken"))
        except ValidationError:
            return jsonify(
                ingelogd=True, melding="Verlengen lukte niet. Laad de pagina opnieuw."
            ), 400
    sessies.verleng()
    seconden = int(current_app.config["SESSION_IDLE_MINUTEN"]) * 60
    return jsonify(ingelogd=True, seconden=seconden), 200


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> str | Response:
    """Mijn account: who you are, your roles, changing your own password, and one's own
    e-mail address and digest choice (the second form, prefix ``mail``: a POST carrying
    its token is that form's)."""
    from casus.beheer.services import rolnamen, sso_identiteiten
    from casus.mail.voorkeur import wijzig_mailvoorkeur

    gedwongen = bool(current_user.moet_wachtwoord_wijzigen)
    voor_mail = request.method == "POST" and not gedwongen and f"{MAILFORM}-token" in request.form
    form = WachtwoordWijzigenForm(**({"formdata": None} if voor_mail else {}))
    mailform = MailvoorkeurForm(
        prefix=MAILFORM,
        data={"email": current_user.email or "", "digest": current_user.digest},
        **({} if voor_mail else {"formdata": None}),
    )

    def doe() -> str:
        services.wijzig_wachtwoord(
            current_user,
            form.huidig.data or "",
            form.nieuw.data or "",
            form.herhaling.data or "",
            adres=request.remote_addr,
        )
        return (
            "Uw wachtwoord is gewijzigd. Waar u nog op een ander apparaat was ingelogd, "
            "bent u nu uitgelogd."
        )

    def bewaar_mail() -> str:
        gewijzigd = wijzig_mailvoorkeur(
            current_user, email=mailform.email.data, digest=mailform.digest.data or ""
        )
        return "Uw e-mailinstellingen zijn opgeslagen." if gewijzigd else "Er is niets gewijzigd."

    terug = url_for("werkplek.start") if gedwongen else url_for(ACCOUNT)
    antwoord = (
        verwerk(mailform, bewaar_mail, url_for(ACCOUNT)) if voor_mail else verwerk(form, doe, terug)
    )
    return antwoord or render_template(
        "auth/account.html",
        form=form,
        mailform=mailform,
        gedwongen=gedwongen,
        rollen=rolnamen(current_user),
        sso_aan=sso.aan(current_app),
        identiteiten=sso_identiteiten(current_user),
    )
