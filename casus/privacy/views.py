"""Pages of the privacy role: find a person, their inzage (a page to print, a file to
send, JSON for machines), and retention (the dry run, and the run after confirmation)."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask.wrappers import Response
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from casus import navigatie
from casus.audit import log_actie
from casus.errors import Ongeldig
from casus.extensions import db
from casus.paginering import lijstpagina, paginanummer
from casus.partners import register
from casus.personen.models import Persoon
from casus.privacy import bewaartermijn
from casus.privacy.forms import BewaartermijnForm, VerstrekkingenFilterForm
from casus.privacy.inzage import gevonden_personen, inzage
from casus.privacy.leesbaar import leesbare_inzage
from casus.toegang.laden import inzage_persoon_of_404
from casus.toegang.policy import is_privacy
from casus.toegang.rollen import vereist_rol
from casus.werkeenheid import schrijf_tijdens_lezen
from casus.werkplek.formulier import verwerk
from workflows.codes import ROL_PRIVACY

bp = Blueprint("privacy", __name__, url_prefix="/privacy")
navigatie.menupunt("privacy.personen", "Inzageverzoeken", is_privacy, 81)
navigatie.menupunt("privacy.bewaartermijn_overzicht", "Bewaartermijn", is_privacy, 82)
navigatie.menupunt("privacy.verstrekkingen", "Verstrekkingen", is_privacy, 83)


def _persoon(persoon_id: int) -> Persoon:
    return inzage_persoon_of_404(persoon_id)


@bp.get("/personen")
@vereist_rol(ROL_PRIVACY)
def personen() -> str:
    term = request.args.get("q", "")[:100]
    query = gevonden_personen(current_user, term)
    pagina = None
    if query is not None:
        pagina = lijstpagina(
            query,
            paginanummer(request.args.get("pagina")),
            current_app.config["PAGINA_GROOTTE"],
        )
        log_actie(
            "privacy.persoon_gezocht",
            details={"resultaten": pagina.totaal, "pagina": pagina.nummer},
        )
    return render_template("privacy/personen.html", term=term, pagina=pagina)


@bp.get("/personen/<int:persoon_id>/inzage")
@vereist_rol(ROL_PRIVACY)
def inzage_pagina(persoon_id: int) -> str:
    persoon = _persoon(persoon_id)
    # written first: the overview lists its own making among the reads of the file
    schrijf_tijdens_lezen()
    log_actie("privacy.inzage", persoon=persoon, details={"formaat": "html"})
    overzicht = leesbare_inzage(persoon, actor=current_user)
    return render_template("privacy/inzage.html", persoon=persoon, o=overzicht)


@bp.get("/personen/<int:persoon_id>/inzage.html")
@vereist_rol(ROL_PRIVACY)
def inzage_download(persoon_id: int) -> Response:
    """The same overview as one self-contained HTML file, to send to the citizen: it
    opens in any browser on any device, prints as it shows, and needs no program."""
    persoon = _persoon(persoon_id)
    schrijf_tijdens_lezen()  # the inzage lists its own making
    log_actie("privacy.inzage", persoon=persoon, details={"formaat": "download"})
    overzicht = leesbare_inzage(persoon, actor=current_user)
    antwoord = Response(
        render_template("privacy/inzage_download.html", o=overzicht),
        mimetype="text/html",
    )
    antwoord.headers["Content-Disposition"] = (
        f"attachment; filename=inzage-persoon-{persoon_id}.html"
    )
    return antwoord


@bp.get("/personen/<int:persoon_id>/inzage.json")
@vereist_rol(ROL_PRIVACY)
def inzage_json(persoon_id: int) -> Response:
    persoon = _persoon(persoon_id)
    gegevens = inzage(persoon, actor=current_user)
    log_actie("privacy.inzage", persoon=persoon, details={"formaat": "json"})
    antwoord = jsonify(gegevens)
    antwoord.headers["Content-Disposition"] = (
        f"attachment; filename=inzage-persoon-{persoon_id}.json"
    )
    return antwoord


@bp.get("/bewaartermijn")
@vereist_rol(ROL_PRIVACY)
def bewaartermijn_overzicht() -> str:
    """The dry run: what retention would remove today, and why. Changes nothing."""
    te_doen = bewaartermijn.plan(actor=current_user)
    _log_proefdraai(te_doen)
    return render_template(
        "privacy/bewaartermijn.html",
        t=bewaartermijn.toelichting(te_doen, actor=current_user),
        te_doen=te_doen,
    )


@bp.route("/bewaartermijn/uitvoeren", methods=["GET", "POST"])
@vereist_rol(ROL_PRIVACY)
def bewaartermijn_uitvoeren() -> WerkzeugResponse | str:
    """The run, behind a confirmation: the list that will go, that it cannot be undone,
    and a box to tick. The run is refused when the list changed since it was shown."""
    te_doen = bewaartermijn.plan(actor=current_user)
    form = BewaartermijnForm()

    def doe() -> str:
        if form.plan.data != te_doen.vingerafdruk():
            raise Ongeldig(
                "De lijst is veranderd sinds u hem opende; bekijk hem opnieuw en bevestig dan."
            )
        tellingen = bewaartermijn.voer_uit(te_doen, actor=current_user)
        return (
            f"De bewaartermijn is toegepast: {tellingen['casussen']} casussen opgeschoond, "
            f"{tellingen['personen']} personen geanonimiseerd en "
            f"{tellingen['signalen_zonder_casus']} signalen zonder casus gewist."
        )

    if request.method == "POST":
        antwoord = verwerk(form, doe, url_for("privacy.bewaartermijn_overzicht"))
        if antwoord is not None:
            return antwoord
    else:
        _log_proefdraai(te_doen)
    form.plan.data = te_doen.vingerafdruk()
    return render_template(
        "privacy/bewaartermijn_uitvoeren.html",
        t=bewaartermijn.toelichting(te_doen, actor=current_user),
        form=form,
    )


def _log_proefdraai(te_doen: bewaartermijn.Plan) -> None:
    log_actie(
        "privacy.bewaartermijn_proefdraai",
        object_type="bewaartermijn",
        details={
            "casussen": len(te_doen.casus_ids),
            "personen": len(te_doen.persoon_ids),
            "signalen_zonder_casus": len(te_doen.signaal_ids),
        },
    )


# -- the verstrekkingenregister (issue 22): every item shared with a partner ------------


def _verstrekkingen() -> tuple[VerstrekkingenFilterForm, Any]:
    form = VerstrekkingenFilterForm(request.args)
    form.validate()
    query = register.register(
        current_user,
        van=form.van.data,
        tot_en_met=form.tot_en_met.data,
        organisatie_id=form.organisatie_id(),
    )
    return form, query


@bp.get("/verstrekkingen")
@vereist_rol(ROL_PRIVACY)
def verstrekkingen() -> str:
    """The register: with whom which item of which case was shared, when, for which
    purpose and on which basis; filtered by period and organisation, paged."""
    form, query = _verstrekkingen()
    pagina = lijstpagina(
        register.met_gegevens(query),
        paginanummer(request.args.get("pagina")),
        current_app.config["PAGINA_GROOTTE"],
    )
    log_actie(
        "privacy.verstrekkingen_bekeken",
        details={**form.details(), "resultaten": pagina.totaal, "pagina": pagina.nummer},
    )
    return render_template(
        "privacy/verstrekkingen.html",
        form=form,
        pagina=pagina,
        personen=register.persoonsnamen(pagina.items),
        itemlabel=register.itemlabel,
        grondslagtekst=register.grondslagtekst,
    )


@bp.get("/verstrekkingen.csv")
@vereist_rol(ROL_PRIVACY)
def verstrekkingen_csv() -> Response:
    """The filtered register as a CSV file (semicolons, as the audit log's export)."""
    form, query = _verstrekkingen()
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";")
    schrijver.writerow(register.CSV_KOLOMMEN)
    aantal = 0
    for deel in db.session.scalars(
        register.met_gegevens(query).execution_options(yield_per=1000)
    ).partitions():
        personen = register.persoonsnamen(deel)
        for r in deel:
            schrijver.writerow(register.csv_rij(r, personen))
            aantal += 1
    log_actie("privacy.verstrekkingen_gedownload", details={**form.details(), "rijen": aantal})
    return Response(
        uit.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=verstrekkingen.csv"},
    )
