"""The managers' dashboard (issue 24): figures over time per aanpak, the effect
indicators against their norm, signals by source and theme, and the infographic that
may be published. No personal data: counts only, from the same report the council gets.

Managers only (domain.md section 1); everyone else gets 404, as on the Rapportage page.
"""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required

from casus import navigatie
from casus.toegang.policy import is_manager

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

navigatie.menupunt("dashboard.index", "Dashboard", is_manager, 79)


@bp.before_request
@login_required
def _alleen_managers() -> None:
    if not is_manager(current_user):
        abort(404)


# the views register their routes on bp
from casus.dashboard import infographic, overzicht, wijken  # noqa: E402, F401
