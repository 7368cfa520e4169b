"""The person page: personal data, their cases this user may see, one content-free
line per case elsewhere, and the BRP section (``casus.brp.views``) where this user may
query the BRP for the person."""

from __future__ import annotations

from flask import Blueprint, get_flashed_messages, render_template, request
from flask_login import current_user, login_required

from casus.audit import log_actie
from casus.brp.views import brp_sectie, tijdstip_lang
from casus.personen import queries
from casus.personen.models import Persoon
from casus.toegang import persoon_of_404
from casus.toegang.bekend import ook_bekend_bij_regels

bp = Blueprint("personen", __name__)

# the sections a form on the page returns to, with its messages shown there
SECTIES = frozenset({"brp"})


def _persoon_of_404(persoon_id: int) -> Persoon:
    return persoon_of_404(persoon_id, gebruiker=current_user)


@bp.get("/persoon/<int:persoon_id>")
@login_required
def persoon(persoon_id: int) -> str:
    p = _persoon_of_404(persoon_id)
    sectie = request.args.get("sectie")
    sectie = sectie if sectie in SECTIES else None
    brp = brp_sectie(p)
    # the messages of a saved form are shown at its section, not (also) above the page
    meldingen = get_flashed_messages(with_categories=True) if sectie and brp else []
    html = render_template(
        "personen/persoon.html",
        persoon=p,
        casussen=queries.casussen_van(p.id, current_user),
        ook_bekend=ook_bekend_bij_regels(current_user, p),
        brp=brp,
        meldingen=meldingen,
        tijdstip_lang=tijdstip_lang,
        meldingen_op_de_plek=bool(meldingen),
    )
    # committed with the request's one commit, by the audit layer (bewaar_na_verzoek)
    log_actie("persoon.bekeken", persoon=p, uitkomst="ok")
    return html
