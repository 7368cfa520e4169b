"""The case page (a workbench: the quick-entry forms, a status summary, the timeline
filtered by kind and paged), its status step, and their forms. Each POST: load (or
404), validate, one service, commit, redirect back to the form's own section with the
message shown there; a refused form is shown again, filled in, with every error and
its summary above it, with status 422. Every change is logged, a refused one too
(``log_wijziging``)."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, get_flashed_messages, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm.interfaces import ORMOption
from werkzeug.wrappers import Response

from casus.audit import log_actie, log_wijziging
from casus.casussen import casuswerk, pagina, queries, services
from casus.casussen.forms import (
    InterventieForm,
    LeefgebiedenForm,
    NotitieForm,
    PolitieContactForm,
    TransitieForm,
    kenmerken_form,
)
from casus.casussen.models import Casus, Gebeurtenis
from casus.casussen.validatie import wijken
from casus.extensions import db
from casus.toegang import casus_of_404
from casus.toegang.policy import mag_casus_zien, mag_transitie
from casus.werkplek.formulier import Formulier, verwerk
from workflows import CATALOGUS
from workflows.base import STATUS_LABELS, Kenmerk
from workflows.codes import CONTACT_VORMEN, INTERVENTIE_TYPES, LEEFGEBIEDEN
from workflows.codes import NOTITIE_SOORTEN as _SOORTEN

bp = Blueprint("casussen", __name__)


def _casus_of_404(casus_id: int, opties: Sequence[ORMOption] = ()) -> Casus:
    return casus_of_404(casus_id, gebruiker=current_user, opties=opties)


def _terug(casus: Casus, sectie: str) -> str:
    """Back to the section of the form just saved, where its message is shown."""
    return url_for("casussen.casus", casus_id=casus.id, sectie=sectie, _anchor=sectie)


def _opnieuw(casus_id: int, naam: str, form: Formulier) -> tuple[str, int]:
    # reloaded: the failed transaction was rolled back
    casus = _casus_of_404(casus_id, queries.LADEN)
    return render_template(
        "casussen/casus.html", **pagina.context(casus, current_user, **{naam: form})
    ), 422


def _getal(waarde: str | None) -> int:
    return int(waarde) if waarde and waarde.isdigit() and len(waarde) < 7 else 1


@bp.get("/casus/<int:casus_id>")
@login_required
def casus(casus_id: int) -> str:
    c = _casus_of_404(casus_id, queries.LADEN)
    sectie = request.args.get("sectie")
    sectie = sectie if sectie in pagina.SECTIES else None
    # the messages of a saved form are shown at its section, not (also) above the page
    # (base.html leaves them out when meldingen_op_de_plek is set)
    meldingen = get_flashed_messages(with_categories=True) if sectie else []
    html = render_template(
        "casussen/casus.html",
        **pagina.context(
            c,
            current_user,
            soortfilter=request.args.get("soort", ""),
            pagina=_getal(request.args.get("pagina")),
            sectie=sectie,
            meldingen=meldingen,
        ),
        meldingen_op_de_plek=bool(meldingen),
    )
    # committed with the request's one commit, by the audit layer (bewaar_na_verzoek)
    log_actie("casus.bekeken", casus=c, persoon=c.persoon, uitkomst="ok")
    return html


@bp.get("/casus/<int:casus_id>/status")
@login_required
def status(casus_id: int) -> str:
    """The status step: the moves this user may make now, each with its outcome."""
    return _statusstap(casus_id, None)


def _statusstap(casus_id: int, trigger: str | None) -> str:
    c = _casus_of_404(casus_id, queries.LADEN)
    html = render_template(
        "casussen/status.html", **pagina.status_context(c, current_user, trigger)
    )
    log_actie("casus.bekeken", casus=c, persoon=c.persoon, uitkomst="ok")
    return html


@bp.post("/casus/<int:casus_id>/notitie")
@login_required
def notitie(casus_id: int) -> Response | tuple[str, int]:
    c, form = _casus_of_404(casus_id), NotitieForm(prefix="notitie")

    def doe() -> str:
        with log_wijziging("casus.notitie_toegevoegd", casus=c):
            casuswerk.voeg_notitie_toe(
                c,
                actor=current_user,
                soort=form.soort.data,
                datum=form.datum.data,
                tekst=form.tekst.data,
                vorm=form.vorm.data or None,
            )
        return f"{_SOORTEN[form.soort.data]} vastgelegd."

    return verwerk(form, doe, _terug(c, "notitie")) or _opnieuw(casus_id, "notitie", form)


@bp.post("/casus/<int:casus_id>/interventie")
@login_required
def interventie(casus_id: int) -> Response | tuple[str, int]:
    c, form = _casus_of_404(casus_id), InterventieForm(prefix="interventie")

    def doe() -> str:
        with log_wijziging("casus.interventie_toegevoegd", casus=c):
            casuswerk.voeg_interventie_toe(
                c,
                actor=current_user,
                type=form.type.data,
                datum=form.datum.data,
                einddatum=form.einddatum.data,
                tekst=form.tekst.data,
            )
        return f"Interventie '{INTERVENTIE_TYPES[form.type.data]}' vastgelegd."

    return verwerk(form, doe, _terug(c, "interventie")) or _opnieuw(casus_id, "interventie", form)


@bp.post("/casus/<int:casus_id>/politiecontact")
@login_required
def politiecontact(casus_id: int) -> Response | tuple[str, int]:
    c, form = _casus_of_404(casus_id), PolitieContactForm(prefix="politiecontact")

    def doe() -> str:
        with log_wijziging("casus.politiecontact_toegevoegd", casus=c, persoon=c.persoon):
            casuswerk.voeg_politiecontact_toe(
                c, actor=current_user, soort=form.soort.data, datum=form.datum.data
            )
        return "Politie- of justitiecontact vastgelegd."

    return verwerk(form, doe, _terug(c, "politiecontact")) or _opnieuw(
        casus_id, "politiecontact", form
    )


@bp.post("/casus/<int:casus_id>/leefgebieden")
@login_required
def leefgebieden(casus_id: int) -> Response | tuple[str, int]:
    c, form = _casus_of_404(casus_id), LeefgebiedenForm(prefix="leefgebieden")

    def doe() -> str:
        scores = {lg: int(v) if (v := getattr(form, lg).data) else None for lg in LEEFGEBIEDEN}
        with log_wijziging("casus.leefgebieden_gescoord", casus=c):
            casuswerk.voeg_leefgebiedenscore_toe(
                c, actor=current_user, datum=form.datum.data, scores=scores
            )
        return "Leefgebiedenscore vastgelegd."

    return verwerk(form, doe, _terug(c, "leefgebieden")) or _opnieuw(casus_id, "leefgebieden", form)


@bp.post("/casus/<int:casus_id>/kenmerken")
@login_required
def kenmerken(casus_id: int) -> Response | tuple[str, int]:
    c = _casus_of_404(casus_id)
    definitie = c.definitie
    form = kenmerken_form(definitie, wijken())(prefix="kenmerken")

    def doe() -> str:
        waarden = {k.code: getattr(form, k.code).data for k in definitie.kenmerken}
        with log_wijziging("casus.kenmerken_gewijzigd", casus=c):
            casuswerk.wijzig_kenmerken(
                c, waarden, actor=current_user, verwachte_versie=form.versie_int()
            )
        return "Kenmerken opgeslagen."

    return verwerk(form, doe, _terug(c, "kenmerken")) or _opnieuw(casus_id, "kenmerken", form)


@bp.route("/casus/<int:casus_id>/status/<trigger>", methods=["GET", "POST"])
@login_required
def transitie(casus_id: int, trigger: str) -> Response | str | tuple[str, int]:
    """GET: the status step for one move (what it will do, the guard's verdict, the
    form that confirms it); POST: make the move."""
    if request.method == "GET":
        return _statusstap(casus_id, trigger)
    c = _casus_of_404(casus_id)
    form = pagina.transitie_form(c, trigger, formdata=request.form)
    transitie = c.definitie.transitie(trigger)
    if transitie is not None and not mag_transitie(current_user, c, transitie):
        form.stapcontrole = None  # the service refuses it on the right, not the input

    def doe() -> str:
        regisseur = (
            db.session.get(pagina.Gebruiker, int(form.regisseur.data))
            if (form.regisseur.data or "").isdigit()
            else None
        )
        bekend = c.definitie.transitie(trigger) is not None  # the URL is free text
        with log_wijziging(f"casus.status_{trigger if bekend else 'onbekend'}", casus=c):
            services.pas_transitie_toe(
                c,
                trigger,
                datum=form.datum.data,
                actor=current_user,
                reden=form.reden.data,
                partij=form.partij.data,
                regisseur=regisseur,
                doel_aanpak=form.doel_aanpak.data or None,
                toelichting=form.toelichting.data or None,
                verwachte_versie=form.versie_int(),
            )
        return f"De status is nu '{STATUS_LABELS[c.status]}'."

    def terug() -> str:  # after omzetten the case may be outside the user's aanpakken
        if mag_casus_zien(current_user, c):
            return _terug(c, "status")
        return url_for("werkplek.start")

    return verwerk(form, doe, terug) or _status_opnieuw(casus_id, trigger, form)


def _status_opnieuw(casus_id: int, trigger: str, form: TransitieForm) -> tuple[str, int]:
    casus = _casus_of_404(casus_id, queries.LADEN)  # reloaded after the rollback
    return render_template(
        "casussen/status.html", **pagina.status_context(casus, current_user, trigger, form)
    ), 422


@bp.app_context_processor
def _helpers() -> dict[str, object]:
    return {
        "kenmerk_label": _kenmerk_label,
        "reden_label": _reden_label,
        "contact_vorm": lambda v: CONTACT_VORMEN.get(v, v),
        "leefgebied_label": lambda c: LEEFGEBIEDEN.get(c, c),
        "leefgebied_codes": tuple(LEEFGEBIEDEN),
    }


def _kenmerk_label(kenmerk: Kenmerk, waarde: str) -> str:
    return next((w.label for w in kenmerk.waarden or () if w.code == waarde), waarde)


def _reden_label(gebeurtenis: Gebeurtenis, casus: Casus) -> str:
    code = gebeurtenis.reden or ""
    if gebeurtenis.aanpak not in CATALOGUS:
        return code
    reden = CATALOGUS.get(gebeurtenis.aanpak).reden(gebeurtenis.naar_status, code)
    return reden.label if reden else code
