"""``/beheer/taken``: the beheerder's view of the background jobs. No case content:
a job shows its kind, status, attempts, what it reported and its last error."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from casus import navigatie
from casus.paginering import lijstpagina, paginanummer
from casus.taken import STATUSSEN, services
from casus.taken.forms import OpnieuwForm
from casus.taken.wachtrij import NALOPEN_OMSCHRIJVING, ROOSTER
from casus.toegang.policy import is_beheerder
from casus.toegang.rollen import vereist_rol
from casus.werkplek.formulier import verwerk_met_melding
from workflows.codes import ROL_BEHEERDER

bp = Blueprint("taken", __name__, url_prefix="/beheer")
navigatie.menupunt("taken.lijst", "Achtergrondtaken", is_beheerder, 91)


@bp.get("/taken")
@vereist_rol(ROL_BEHEERDER)
def lijst() -> str:
    pagina = lijstpagina(
        services.recente_taken(),
        paginanummer(request.args.get("pagina")),
        current_app.config["PAGINA_GROOTTE"],
    )
    return render_template(
        "taken/lijst.html",
        pagina=pagina,
        mislukt=services.mislukte_taken(),
        tellingen=services.tellingen(),
        statussen=STATUSSEN,
        soortlabel=services.soortlabel,
        rooster=ROOSTER,
        nalopen=NALOPEN_OMSCHRIJVING,
        form=OpnieuwForm(),
    )


@bp.post("/taken/<int:taak_id>/opnieuw")
@vereist_rol(ROL_BEHEERDER)
def opnieuw(taak_id: int) -> Response:
    form = OpnieuwForm()
    terug = url_for("taken.lijst")

    def doe() -> str:
        taak = services.probeer_opnieuw(taak_id, door=current_user)
        return f"De taak '{services.soortlabel(taak.soort)}' wordt opnieuw uitgevoerd."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)
