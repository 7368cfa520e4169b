"""Search on name, BSN or case number, limited to the user's visible cases."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import func, or_
from sqlalchemy.orm import joinedload

from casus import navigatie
from casus.audit import log_actie
from casus.casussen.models import Casus
from casus.db import LIKE_ESCAPE, bevat_patroon
from casus.extensions import db
from casus.personen.models import Persoon
from casus.toegang.policy import heeft_team
from casus.toegang.queries import zichtbare_casussen

bp = Blueprint("zoeken", __name__)
navigatie.menupunt("zoeken.zoek", "Zoeken", heeft_team, 40)
MAX = 50


def zoek_casussen(term: str) -> list[Casus]:
    term = term.strip()[:100]
    if not term:
        return []
    query = zichtbare_casussen(current_user).outerjoin(Persoon, Persoon.id == Casus.persoon_id)
    if re.fullmatch(r"\d{9}", term):
        query = query.where(Persoon.bsn == term)
    else:
        for woord in term.lower().split()[:4]:
            patroon = bevat_patroon(woord)
            query = query.where(
                or_(
                    func.lower(Casus.ref).like(patroon, escape=LIKE_ESCAPE),
                    func.lower(Persoon.voornaam).like(patroon, escape=LIKE_ESCAPE),
                    func.lower(Persoon.achternaam).like(patroon, escape=LIKE_ESCAPE),
                )
            )
    query = (
        query.options(joinedload(Casus.persoon), joinedload(Casus.regisseur))
        .order_by(Casus.aangemeld_op.desc(), Casus.id)
        .limit(MAX)
    )
    return list(db.session.scalars(query))


@bp.get("/zoeken")
@login_required
def zoek() -> str:
    if not heeft_team(current_user):
        abort(404)  # searching case data is for team members only
    term = request.args.get("q", "")
    resultaten = zoek_casussen(term) if term.strip() else None
    if resultaten is not None:
        # the search term itself may be personal data: only the count is logged
        log_actie("zoeken.uitgevoerd", details={"aantal": len(resultaten)})
    return render_template("zoeken/zoeken.html", term=term, resultaten=resultaten)
