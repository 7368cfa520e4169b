"""The start page: the user's own caseload."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from casus import navigatie
from casus.casussen.models import Casus
from casus.extensions import db
from casus.toegang.queries import zichtbare_casussen
from workflows.base import OPEN_STATUSSEN

bp = Blueprint("werkplek", __name__)
navigatie.registreer("werkplek.start", "Mijn casussen", lambda g: bool(g.aanpakken()), 10)


@bp.get("/")
@login_required
def start() -> str:
    query = (
        zichtbare_casussen(current_user)
        .where(Casus.regisseur_id == current_user.id, Casus.status.in_(OPEN_STATUSSEN))
        .options(joinedload(Casus.persoon))
        .order_by(Casus.status_sinds, Casus.id)
        .limit(200)
    )
    casussen = db.session.scalars(query).all()
    return render_template("werkplek/start.html", casussen=casussen)
