"""Inzage pages for the privacy role: find a person, export everything on them."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request
from flask.wrappers import Response

from casus import navigatie
from casus.audit import log_actie
from casus.extensions import db
from casus.personen.models import Persoon
from casus.privacy.inzage import inzage, zoek_personen
from casus.toegang.rollen import heeft_globale_rol, vereist_rol
from workflows.codes import ROL_PRIVACY

bp = Blueprint("privacy", __name__, url_prefix="/privacy")
navigatie.registreer("privacy.personen", "Inzageverzoeken",
                     lambda g: heeft_globale_rol(g, ROL_PRIVACY), 81)


def _persoon(persoon_id: int) -> Persoon:
    persoon = db.session.get(Persoon, persoon_id)
    if persoon is None:
        abort(404)
    return persoon


@bp.get("/personen")
@vereist_rol(ROL_PRIVACY)
def personen() -> str:
    term = request.args.get("q", "")[:100]
    gevonden = zoek_personen(term)
    if term:
        log_actie("privacy.persoon_gezocht", details={"resultaten": len(gevonden)})
    return render_template("privacy/personen.html", term=term, personen=gevonden)


@bp.get("/personen/<int:persoon_id>/inzage")
@vereist_rol(ROL_PRIVACY)
def inzage_pagina(persoon_id: int) -> str:
    persoon = _persoon(persoon_id)
    gegevens = inzage(persoon)
    log_actie("privacy.inzage", persoon=persoon, details={"formaat": "html"})
    return render_template("privacy/inzage.html", persoon=persoon, g=gegevens)


@bp.get("/personen/<int:persoon_id>/inzage.json")
@vereist_rol(ROL_PRIVACY)
def inzage_json(persoon_id: int) -> Response:
    persoon = _persoon(persoon_id)
    gegevens = inzage(persoon)
    log_actie("privacy.inzage", persoon=persoon, details={"formaat": "json"})
    antwoord = jsonify(gegevens)
    antwoord.headers["Content-Disposition"] = (
        f"attachment; filename=inzage-persoon-{persoon_id}.json")
    return antwoord
