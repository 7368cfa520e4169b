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
from casus.extensions import db
from casus.personen.models import Persoon
from casus.toegang.queries import zichtbare_casussen

bp = Blueprint("zoeken", __name__)
navigatie.registreer("zoeken.zoek", "Zoeken", lambda g: bool(g.aanpakken()), 40)
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
            patroon = f"%{woord.replace('%', '').replace('_', '')}%"
            query = query.where(or_(func.lower(Casus.ref).like(patroon),
                                    func.lower(Persoon.voornaam).like(patroon),
                                    func.lower(Persoon.achternaam).like(patroon)))
    query = query.options(joinedload(Casus.persoon), joinedload(Casus.regisseur)) \
        .order_by(Casus.aangemeld_op.desc(), Casus.id).limit(MAX)
    return list(db.session.scalars(query))


@bp.get("/zoeken")
@login_required
def zoek() -> str:
    if not current_user.aanpakken():
        abort(404)  # searching case data is for team members only
    term = request.args.get("q", "")
    resultaten = zoek_casussen(term) if term.strip() else None
    if resultaten is not None:
        # the search term itself may be personal data: only the count is logged
        log_actie("zoeken.uitgevoerd", details={"aantal": len(resultaten)})
        db.session.commit()
    return render_template("zoeken/zoeken.html", term=term, resultaten=resultaten)
