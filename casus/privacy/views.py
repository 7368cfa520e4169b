"""Inzage pages for the privacy role: find a person, export everything on them."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request
from flask.wrappers import Response
from flask_login import current_user

from casus import navigatie
from casus.audit import log_actie
from casus.paginering import lijstpagina, paginanummer
from casus.personen.models import Persoon
from casus.privacy.inzage import gevonden_personen, inzage
from casus.toegang.laden import inzage_persoon_of_404
from casus.toegang.policy import is_privacy
from casus.toegang.rollen import vereist_rol
from workflows.codes import ROL_PRIVACY

bp = Blueprint("privacy", __name__, url_prefix="/privacy")
navigatie.menupunt("privacy.personen", "Inzageverzoeken", is_privacy, 81)


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
    gegevens = inzage(persoon, actor=current_user)
    log_actie("privacy.inzage", persoon=persoon, details={"formaat": "html"})
    return render_template("privacy/inzage.html", persoon=persoon, g=gegevens)


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
