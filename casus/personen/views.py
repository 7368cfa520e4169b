"""The person page: personal data, their cases this user may see, and one
content-free line per case elsewhere."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from casus.audit import log_actie
from casus.personen import queries
from casus.personen.models import Persoon
from casus.toegang import persoon_of_404
from casus.toegang.bekend import ook_bekend_bij_regels

bp = Blueprint("personen", __name__)


def _persoon_of_404(persoon_id: int) -> Persoon:
    return persoon_of_404(persoon_id, gebruiker=current_user)


@bp.get("/persoon/<int:persoon_id>")
@login_required
def persoon(persoon_id: int) -> str:
    p = _persoon_of_404(persoon_id)
    html = render_template(
        "personen/persoon.html",
        persoon=p,
        casussen=queries.casussen_van(p.id, current_user),
        ook_bekend=ook_bekend_bij_regels(current_user, p),
    )
    # committed with the request's one commit, by the audit layer (bewaar_na_verzoek)
    log_actie("persoon.bekeken", persoon=p, uitkomst="ok")
    return html
