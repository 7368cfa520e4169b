"""Triage screens: the queue, and the decisions on one case.

Meetings are in ``overleg_views``, the review lists in ``review_views``; all on ``bp``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from casus import navigatie
from casus.audit import log_actie
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.errors import Conflict, DomeinFout, GeenToegang
from casus.extensions import db
from casus.klok import vandaag
from casus.toegang.queries import zichtbare_casussen
from casus.triage import queries, services
from casus.triage.forms import BesluitForm, CorrectieForm, ToewijzenForm
from casus.triage.models import Overleg, OverlegAanpak
from casus.triage.weergave import besluit_keuzes, tijdlijn
from casus.werkplek.formulier import verwerk_met_melding
from workflows.codes import ROL_TRIAGE

bp = Blueprint("triage", __name__, url_prefix="/triage")
navigatie.registreer("triage.wachtrij", "Triage", lambda g: bool(g.aanpakken_als(ROL_TRIAGE)), 30)


@bp.before_request
@login_required
def _alleen_triage() -> None:
    if not current_user.aanpakken_als(ROL_TRIAGE):
        abort(404)


def laad_casus(casus_id: int) -> Casus:
    """The case if the user may see it (else 404), refused in Dutch without triage role."""
    casus = db.session.scalar(zichtbare_casussen(current_user).where(Casus.id == casus_id))
    if casus is None:
        abort(404)
    services.controleer_triage(current_user, casus.aanpak)
    return casus


@bp.get("/")
def wachtrij() -> str:
    aanpakken = queries.triage_aanpakken(current_user, request.args.getlist("aanpak"))
    casussen = db.session.scalars(queries.wachtrij(current_user, aanpakken)).unique().all()
    log_actie("triage.wachtrij_bekeken", gebruiker=current_user, aanpakken=aanpakken,
              casus_ids=[c.id for c in casussen])
    return render_template(
        "triage/wachtrij.html", casussen=casussen, gekozen=aanpakken,
        eigen=queries.triage_aanpakken(current_user),
        andere=queries.andere_aanpakken(casussen),
        aanhoudingen=queries.laatste_aanhoudingen([c.id for c in casussen]),
    )


@bp.get("/casussen/<int:casus_id>")
def casus(casus_id: int) -> str:
    casus = laad_casus(casus_id)
    log_actie("triage.casus_bekeken", gebruiker=current_user, casus=casus)
    versie = str(casus.versie)
    return render_template(
        "triage/casus.html", casus=casus, keuzes=besluit_keuzes(casus), tijdlijn=tijdlijn(casus),
        toewijzen=ToewijzenForm(formdata=None, versie=versie),
        correctie=CorrectieForm(formdata=None, versie=versie),
        overleggen=_open_overleggen(casus),
    )


@bp.post("/casussen/<int:casus_id>/besluit")
def besluit(casus_id: int) -> Response:
    casus, form = laad_casus(casus_id), BesluitForm()
    overleg = _overleg(form.overleg_id.data)
    in_overleg = bool(overleg and form.punt.data)
    terug = (url_for("triage.vergadermodus", overleg_id=overleg.id, n=form.punt.data)
             if overleg and in_overleg else url_for("triage.casus", casus_id=casus.id))

    def doe() -> str:
        services.neem_besluit(
            casus, form.besluit.data, gebruiker=current_user, overleg=overleg,
            regisseur=db.session.get(Gebruiker, form.regisseur.data or 0),
            reden=form.reden.data or None, doel_aanpak=form.doel_aanpak.data or None,
            toelichting=form.toelichting.data, verwachte_versie=form.versie_int())
        return f"Besluit over {casus.ref} vastgelegd."

    return verwerk_met_melding(form, doe, terug if in_overleg else url_for("triage.wachtrij"),
                               fout_terug=terug)


@bp.post("/casussen/<int:casus_id>/toewijzen")
def toewijzen(casus_id: int) -> Response:
    casus, form = laad_casus(casus_id), ToewijzenForm()
    terug = url_for("triage.casus", casus_id=casus.id)

    def doe() -> str:
        regisseur = db.session.get(Gebruiker, form.regisseur.data) or abort(404)
        services.herverdeel(casus, regisseur, gebruiker=current_user,
                            toelichting=form.toelichting.data,
                            verwachte_versie=form.versie_int())
        return f"{casus.ref} is toegewezen aan {regisseur.naam}."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


@bp.post("/casussen/<int:casus_id>/corrigeren")
def corrigeren(casus_id: int) -> Response:
    casus, form = laad_casus(casus_id), CorrectieForm()
    terug = url_for("triage.casus", casus_id=casus.id)

    def doe() -> str:
        services.corrigeer_status(casus, gebruiker=current_user, reden=form.reden.data or "",
                                  verwachte_versie=form.versie_int())
        return f"De laatste statuswijziging van {casus.ref} is gecorrigeerd."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


# -- helpers -----------------------------------------------------------------------


@contextmanager
def _domeinfout_naar_melding() -> Iterator[None]:
    """Show a refused action as a message (and roll back); refusals on rights and
    conflicts go on to the Dutch error pages (403, 409)."""
    try:
        yield
    except (GeenToegang, Conflict):
        db.session.rollback()
        raise
    except DomeinFout as fout:
        db.session.rollback()
        flash(fout.bericht, "fout")


def _overleg(overleg_id: int | None) -> Overleg | None:
    if not overleg_id:
        return None
    overleg = db.session.scalar(
        queries.zichtbare_overleggen(current_user).where(Overleg.id == overleg_id))
    if overleg is None:
        abort(404)
    return overleg


def _open_overleggen(casus: Casus) -> list[Overleg]:
    """The latest meetings up to today that cover the case's aanpak (newest first)."""
    return list(db.session.scalars(
        queries.zichtbare_overleggen(current_user)
        .where(Overleg.datum <= vandaag(),
               Overleg.id.in_(select(OverlegAanpak.overleg_id)
                              .where(OverlegAanpak.aanpak == casus.aanpak)))
        .order_by(Overleg.datum.desc(), Overleg.id.desc()).limit(5)
    ))


from casus.triage import overleg_views, review_views  # noqa: E402,F401  - routes on bp
