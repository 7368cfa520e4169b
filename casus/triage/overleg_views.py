"""The triage meeting: plan it, step through its agenda, keep notes, print the minutes."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from casus.audit import log_actie
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.errors import Ongeldig
from casus.extensions import db
from casus.klok import vandaag
from casus.paginering import lijstpagina, paginanummer
from casus.templating import datum
from casus.toegang.laden import overleg_of_404
from casus.toegang.policy import triage_aanpakken
from casus.toegang.queries import teamleden, zichtbare_casussen, zichtbare_overleggen
from casus.triage import queries, schermen, services
from casus.triage.forms import AgendaForm, NotitiesForm, OverlegForm
from casus.triage.models import Overleg
from casus.triage.verslag import als_markdown, verslag
from casus.triage.views import bp
from casus.werkplek.formulier import verwerk, verwerk_met_melding
from workflows import CATALOGUS


def laad_overleg(overleg_id: int) -> Overleg:
    return overleg_of_404(overleg_id)


def _agenda(overleg: Overleg) -> list:  # type: ignore[type-arg]
    return list(db.session.scalars(queries.agenda(overleg, current_user)).unique())


@bp.get("/overleggen")
def overleggen() -> str:
    pagina = lijstpagina(
        zichtbare_overleggen(current_user).order_by(Overleg.datum.desc(), Overleg.id.desc()),
        paginanummer(request.args.get("pagina")),
        current_app.config["PAGINA_GROOTTE"],
    )
    return render_template("triage/overleggen.html", pagina=pagina)


@bp.route("/overleggen/nieuw", methods=["GET", "POST"])
def nieuw_overleg() -> str | Response:
    """Plan a meeting; a second submission of the same form does not plan it twice."""
    eigen = triage_aanpakken(current_user)
    form = OverlegForm(data={"datum": vandaag(), "aanpakken": list(eigen)})
    form.aanpakken.choices = [(c, CATALOGUS.get(c).kort) for c in eigen]
    form.deelnemers.choices = [(g.id, g.naam) for g in db.session.scalars(teamleden(eigen))]
    nieuw: list[Overleg] = []

    def doe() -> str:
        deelnemers = list(
            db.session.scalars(
                select(Gebruiker).where(Gebruiker.id.in_(form.deelnemers.data or []))
            )
        )
        nieuw.append(
            services.maak_overleg(
                datum=form.datum.data,
                aanpakken=form.aanpakken.data,
                deelnemers=deelnemers,
                actor=current_user,
            )
        )
        return f"Het overleg van {datum(nieuw[0].datum)} is aangemaakt."

    def terug() -> str:
        return (
            url_for("triage.overleg", overleg_id=nieuw[0].id)
            if nieuw
            else url_for("triage.overleggen")
        )

    return verwerk(form, doe, terug) or render_template("triage/overleg_nieuw.html", form=form)


@bp.get("/overleggen/<int:overleg_id>")
def overleg(overleg_id: int) -> str:
    overleg = laad_overleg(overleg_id)
    agenda = _agenda(overleg)
    log_actie(
        "triage.agenda_bekeken",
        gebruiker=current_user,
        overleg_id=overleg.id,
        casus_ids=[p.casus_id for p in agenda],
    )
    return render_template(
        "triage/overleg.html",
        overleg=overleg,
        agenda=agenda,
        notities=NotitiesForm(notities=overleg.notities),
        agendaform=AgendaForm(),
    )


@bp.post("/overleggen/<int:overleg_id>/notities")
def notities(overleg_id: int) -> Response:
    overleg, form = laad_overleg(overleg_id), NotitiesForm()
    terug = url_for("triage.overleg", overleg_id=overleg.id)

    def doe() -> str:
        services.bewaar_notities(overleg, form.notities.data, actor=current_user)
        return "Notities bewaard."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


@bp.post("/overleggen/<int:overleg_id>/agenda")
def agendapunt_toevoegen(overleg_id: int) -> Response:
    overleg, form = laad_overleg(overleg_id), AgendaForm()
    terug = url_for("triage.overleg", overleg_id=overleg.id)

    def doe() -> str:
        casus = db.session.scalar(
            zichtbare_casussen(current_user).where(Casus.met_nummer((form.ref.data or "").strip()))
        )
        if casus is None:
            raise Ongeldig("Geen casus gevonden met dit casusnummer.", "ref")
        services.zet_op_agenda(overleg, casus, actor=current_user)
        return f"{casus.ref} staat op de agenda."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


@bp.get("/overleggen/<int:overleg_id>/punt/<int:n>")
def vergadermodus(overleg_id: int, n: int) -> str:
    return schermen.vergaderpagina(laad_overleg(overleg_id), n)


@bp.get("/overleggen/<int:overleg_id>/verslag")
def verslag_bekijken(overleg_id: int) -> str:
    overleg = laad_overleg(overleg_id)
    punten = verslag(overleg, current_user)
    log_actie("triage.verslag_bekeken", gebruiker=current_user, overleg_id=overleg.id)
    return render_template("triage/verslag.html", overleg=overleg, punten=punten)


@bp.get("/overleggen/<int:overleg_id>/verslag.md")
def verslag_downloaden(overleg_id: int) -> Response:
    overleg = laad_overleg(overleg_id)
    tekst = als_markdown(overleg, verslag(overleg, current_user))
    log_actie("triage.verslag_gedownload", gebruiker=current_user, overleg_id=overleg.id)
    naam = f"verslag-triageoverleg-{overleg.datum:%Y-%m-%d}.md"
    return Response(
        tekst,
        mimetype="text/markdown; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{naam}"',
            "Cache-Control": "no-store",
        },
    )
