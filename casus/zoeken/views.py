"""Search on name, case number, BSN or birth date, limited to the user's visible cases."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from casus import navigatie
from casus.audit import log_actie
from casus.toegang.policy import heeft_team
from casus.zoeken.queries import MAX_TERM, zoek_casussen

bp = Blueprint("zoeken", __name__)
navigatie.menupunt("zoeken.zoek", "Zoeken", heeft_team, 40)


def mag_zoeken() -> bool:
    """Whether the current user may search: the header's search box shows only then."""
    gebruiker = current_user._get_current_object()
    return bool(gebruiker.is_authenticated and heeft_team(gebruiker))


@bp.app_context_processor
def _kopzoek() -> dict[str, Any]:
    return {"mag_zoeken": mag_zoeken}


@bp.get("/zoeken")
@login_required
def zoek() -> str:
    if not heeft_team(current_user):
        abort(404)  # searching case data is for team members only
    term = request.args.get("q", "")[:MAX_TERM]
    resultaat = zoek_casussen(current_user, term) if term.strip() else None
    html = render_template(
        "zoeken/zoeken.html",
        term=term,
        resultaten=None if resultaat is None else resultaat.casussen,
        meer=resultaat is not None and resultaat.meer,
    )
    if resultaat is not None:
        # the search term itself may be personal data: only the count is logged; after
        # rendering, as the case page does, so the audit record's transaction is short
        # (committed with the request's one commit, by the audit layer)
        log_actie("zoeken.uitgevoerd", details={"aantal": len(resultaat.casussen)})
    return html
