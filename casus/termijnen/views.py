"""The managers' overview of nearing and passed norms (counts only), and the norm state
as template globals for the pages that show it (lists, case page, triage)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from casus import navigatie
from casus.klok import vandaag
from casus.termijnen import services
from casus.toegang import vereist_rol
from casus.toegang.policy import mag_termijnoverzicht_zien
from workflows import CATALOGUS
from workflows.codes import ROL_MANAGER

bp = Blueprint("termijnen", __name__)
navigatie.menupunt("termijnen.overzicht", "Termijnen", mag_termijnoverzicht_zien, 81)

# the norm state of one case (reads the notes the case page loaded) and of a list of
# cases (one query at most), for templates/termijnen/_stand.html
bp.add_app_template_global(services.termijnstand, "termijnstand")
bp.add_app_template_global(services.termijnstanden, "termijnstanden")


@bp.get("/termijnen")
@vereist_rol(ROL_MANAGER)
def overzicht() -> str:
    """Per aanpak and norm and per regisseur: how many open cases near or passed their
    norm today. Counts only: no case, no person."""
    return render_template(
        "termijnen/overzicht.html",
        overzicht=services.overzicht(actor=current_user, op=vandaag()),
        aanpakken=list(CATALOGUS),
    )
