"""Review lists for the meeting, and the open caseload per regisseur."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from casus.audit import log_actie
from casus.extensions import db
from casus.klok import vandaag
from casus.toegang.policy import triage_aanpakken
from casus.toegang.queries import triage_keuze
from casus.triage import reviewlijsten
from casus.triage.views import bp


@bp.get("/review")
def review() -> str:
    aanpakken = triage_keuze(current_user, request.args.getlist("aanpak"))
    op = vandaag()
    lijsten = [
        (
            lijst,
            db.session.scalars(reviewlijsten.lijst(lijst.code, current_user, aanpakken, op))
            .unique()
            .all(),
        )
        for lijst in reviewlijsten.LIJSTEN
    ]
    log_actie(
        "triage.reviewlijsten_bekeken",
        gebruiker=current_user,
        aanpakken=aanpakken,
        casus_ids=sorted({c.id for _, casussen in lijsten for c in casussen}),
    )
    return render_template(
        "triage/review.html",
        lijsten=lijsten,
        gekozen=aanpakken,
        eigen=triage_aanpakken(current_user),
        caseload=reviewlijsten.caseload(current_user, aanpakken),
    )
