"""Review lists for the meeting, and the open caseload per regisseur.

The overview shows the first page of every list with the list's total; a list longer
than a page links to its own paged view (the same page with ``?lijst=<code>``), whose
links keep the aanpak filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask import current_app, render_template, request
from flask_login import current_user

from casus.audit import log_actie
from casus.casussen.models import Casus
from casus.extensions import db
from casus.klok import vandaag
from casus.paginering import lijstpagina, paginanummer, tel
from casus.toegang.policy import triage_aanpakken
from casus.toegang.queries import triage_keuze
from casus.triage import reviewlijsten
from casus.triage.views import bp


@dataclass(frozen=True)
class Eerste:
    """The first page of one review list on the overview, and the list's total."""

    lijst: reviewlijsten.Lijst
    casussen: list[Casus]
    totaal: int


def _eerste(lijst: reviewlijsten.Lijst, aanpakken: Sequence[str], op: date) -> Eerste:
    query = reviewlijsten.lijst(lijst.code, current_user, aanpakken, op)
    grootte = int(current_app.config["PAGINA_GROOTTE"])
    casussen = list(db.session.scalars(query.limit(grootte)))
    # a first page that is not full holds the whole list: no count needed
    totaal = len(casussen) if len(casussen) < grootte else tel(query)
    return Eerste(lijst, casussen, totaal)


@bp.get("/review")
def review() -> str:
    aanpakken = triage_keuze(current_user, request.args.getlist("aanpak"))
    lijst = reviewlijsten.PER_CODE.get(request.args.get("lijst", ""))
    if lijst is not None:
        return _reviewlijst(lijst, aanpakken)
    op = vandaag()
    lijsten = [_eerste(lijst, aanpakken, op) for lijst in reviewlijsten.LIJSTEN]
    log_actie(
        "triage.reviewlijsten_bekeken",
        gebruiker=current_user,
        aanpakken=aanpakken,
        casus_ids=sorted({c.id for e in lijsten for c in e.casussen}),
    )
    return render_template(
        "triage/review.html",
        lijsten=lijsten,
        gekozen=aanpakken,
        eigen=triage_aanpakken(current_user),
        caseload=reviewlijsten.caseload(current_user, aanpakken),
    )


def _reviewlijst(lijst: reviewlijsten.Lijst, aanpakken: Sequence[str]) -> str:
    """One review list, page by page."""
    pagina = lijstpagina(
        reviewlijsten.lijst(lijst.code, current_user, aanpakken, vandaag()),
        paginanummer(request.args.get("pagina")),
        current_app.config["PAGINA_GROOTTE"],
    )
    log_actie(
        "triage.reviewlijst_bekeken",
        gebruiker=current_user,
        lijst=lijst.code,
        aanpakken=aanpakken,
        pagina=pagina.nummer,
        casus_ids=[c.id for c in pagina.items],
    )
    return render_template(
        "triage/reviewlijst.html",
        lijst=lijst,
        pagina=pagina,
        gekozen=aanpakken,
        eigen=triage_aanpakken(current_user),
    )
