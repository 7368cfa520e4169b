"""Triage screens: the queue, and the decisions on one case.

Meetings are in ``overleg_views``, the review lists in ``review_views``; all on ``bp``.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from casus import navigatie
from casus.audit import log_actie
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.extensions import db
from casus.klok import vandaag
from casus.toegang.bekend import andere_aanpakken
from casus.toegang.laden import overleg_of_404, triage_casus_of_404
from casus.toegang.policy import heeft_triagerol, triage_aanpakken
from casus.toegang.queries import triage_keuze, zichtbare_overleggen
from casus.triage import queries, services
from casus.triage.forms import BesluitForm, CorrectieForm, ToewijzenForm
from casus.triage.models import Overleg, OverlegAanpak
from casus.triage.weergave import besluit_keuzes, tijdlijn
from casus.werkplek.formulier import verwerk_met_melding

bp = Blueprint("triage", __name__, url_prefix="/triage")
navigatie.menupunt("triage.wachtrij", "Triage", heeft_triagerol, 30)


@bp.before_request
@login_required
def _alleen_triage() -> None:
    if not heeft_triagerol(current_user):
        abort(404)


@bp.get("/")
def wachtrij() -> str:
    aanpakken = triage_keuze(current_user, request.args.getlist("aanpak"))
    casussen = db.session.scalars(queries.wachtrij(current_user, aanpakken)).unique().all()
    log_actie(
        "triage.wachtrij_bekeken",
        gebruiker=current_user,
        aanpakken=aanpakken,
        casus_ids=[c.id for c in casussen],
    )
    return render_template(
        "triage/wachtrij.html",
        casussen=casussen,
        gekozen=aanpakken,
        eigen=triage_aanpakken(current_user),
        andere=andere_aanpakken(current_user, casussen),
        aanhoudingen=queries.laatste_aanhoudingen([c.id for c in casussen]),
    )


@bp.get("/casussen/<int:casus_id>")
def casus(casus_id: int) -> str:
    casus = triage_casus_of_404(casus_id)
    log_actie("triage.casus_bekeken", gebruiker=current_user, casus=casus)
    versie = str(casus.versie)
    return render_template(
        "triage/casus.html",
        casus=casus,
        keuzes=besluit_keuzes(casus),
        tijdlijn=tijdlijn(casus),
        toewijzen=ToewijzenForm(formdata=None, versie=versie),
        correctie=CorrectieForm(formdata=None, versie=versie),
        overleggen=_open_overleggen(casus),
    )


@bp.post("/casussen/<int:casus_id>/besluit")
def besluit(casus_id: int) -> Response:
    casus, form = triage_casus_of_404(casus_id), BesluitForm()
    overleg = _overleg(form.overleg_id.data)
    in_overleg = bool(overleg and form.punt.data)
    terug = (
        url_for("triage.vergadermodus", overleg_id=overleg.id, n=form.punt.data)
        if overleg and in_overleg
        else url_for("triage.casus", casus_id=casus.id)
    )

    def doe() -> str:
        services.neem_besluit(
            casus,
            form.besluit.data,
            actor=current_user,
            overleg=overleg,
            regisseur=db.session.get(Gebruiker, form.regisseur.data or 0),
            reden=form.reden.data or None,
            doel_aanpak=form.doel_aanpak.data or None,
            toelichting=form.toelichting.data,
            verwachte_versie=form.versie_int(),
        )
        return f"Besluit over {casus.ref} vastgelegd."

    return verwerk_met_melding(
        form, doe, terug if in_overleg else url_for("triage.wachtrij"), fout_terug=terug
    )


@bp.post("/casussen/<int:casus_id>/toewijzen")
def toewijzen(casus_id: int) -> Response:
    casus, form = triage_casus_of_404(casus_id), ToewijzenForm()
    terug = url_for("triage.casus", casus_id=casus.id)

    def doe() -> str:
        regisseur = db.session.get(Gebruiker, form.regisseur.data) or abort(404)
        services.herverdeel(
            casus,
            regisseur,
            actor=current_user,
            toelichting=form.toelichting.data,
            verwachte_versie=form.versie_int(),
        )
        return f"{casus.ref} is toegewezen aan {regisseur.naam}."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


@bp.post("/casussen/<int:casus_id>/corrigeren")
def corrigeren(casus_id: int) -> Response:
    casus, form = triage_casus_of_404(casus_id), CorrectieForm()
    terug = url_for("triage.casus", casus_id=casus.id)

    def doe() -> str:
        services.corrigeer_status(
            casus,
            actor=current_user,
            reden=form.reden.data or "",
            verwachte_versie=form.versie_int(),
        )
        return f"De laatste statuswijziging van {casus.ref} is gecorrigeerd."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


# -- helpers -----------------------------------------------------------------------


def _overleg(overleg_id: int | None) -> Overleg | None:
    return overleg_of_404(overleg_id) if overleg_id else None


def _open_overleggen(casus: Casus) -> list[Overleg]:
    """The latest meetings up to today that cover the case's aanpak (newest first)."""
    return list(
        db.session.scalars(
            zichtbare_overleggen(current_user)
            .where(
                Overleg.datum <= vandaag(),
                Overleg.id.in_(
                    select(OverlegAanpak.overleg_id).where(OverlegAanpak.aanpak == casus.aanpak)
                ),
            )
            .order_by(Overleg.datum.desc(), Overleg.id.desc())
            .limit(5)
        )
    )
