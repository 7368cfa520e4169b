"""Triage screens: the queue, and the decisions on one case.

Meetings are in ``overleg_views``, the review lists in ``review_views``; all on ``bp``.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from casus import navigatie
from casus.audit import log_actie
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.errors import DomeinFout
from casus.extensions import db
from casus.paginering import lijstpagina, paginanummer
from casus.toegang.bekend import andere_aanpakken
from casus.toegang.laden import overleg_of_404, triage_casus_of_404
from casus.toegang.policy import heeft_triagerol, triage_aanpakken
from casus.toegang.queries import triage_keuze
from casus.triage import queries, schermen, services
from casus.triage.forms import (
    BEVESTIGFORMULIEREN,
    BesluitForm,
    CorrectieForm,
    ToewijzenForm,
)
from casus.triage.models import NIET_OPNEMEN, OMZETTEN, Overleg
from casus.triage.weergave import besluit_keuzes
from casus.werkplek.formulier import toon_fout, verwerk, verwerk_met_melding

bp = Blueprint("triage", __name__, url_prefix="/triage")
navigatie.menupunt("triage.wachtrij", "Triage", heeft_triagerol, 30)


@bp.before_request
@login_required
def _alleen_triage() -> None:
    if not heeft_triagerol(current_user):
        abort(404)


@bp.get("/")
def wachtrij() -> str:
    """One page of the queue, oldest first; what is shown beside a case (its person's
    other aanpakken, the last aanhouding) is looked up for that page's cases only."""
    aanpakken = triage_keuze(current_user, request.args.getlist("aanpak"))
    pagina = lijstpagina(
        queries.wachtrij(current_user, aanpakken),
        paginanummer(request.args.get("pagina")),
        current_app.config["PAGINA_GROOTTE"],
    )
    casussen: list[Casus] = pagina.items
    log_actie(
        "triage.wachtrij_bekeken",
        gebruiker=current_user,
        aanpakken=aanpakken,
        pagina=pagina.nummer,
        casus_ids=[c.id for c in casussen],
    )
    return render_template(
        "triage/wachtrij.html",
        pagina=pagina,
        gekozen=aanpakken,
        eigen=triage_aanpakken(current_user),
        andere=andere_aanpakken(current_user, casussen),
        aanhoudingen=queries.laatste_aanhoudingen([c.id for c in casussen]),
    )


@bp.get("/casussen/<int:casus_id>")
def casus(casus_id: int) -> str:
    return schermen.casuspagina(triage_casus_of_404(casus_id))


@bp.post("/casussen/<int:casus_id>/besluit")
def besluit(casus_id: int) -> Response | str | tuple[str, int]:
    """A decision from the triage page of the case or from meeting mode. "Niet opnemen"
    and "omzetten" first show what will happen (``bevestigd`` empty), then decide; a
    target aanpak changed on the confirmation page of omzetten is shown before it is
    decided. A refused decision comes back on its screen as it was chosen (422); in
    meeting mode a decision moves on to the next item of the agenda."""
    gekozen = request.form.get("besluit", "")
    van_bevestigpagina = gekozen in BEVESTIGFORMULIEREN and bool(request.form.get("bevestigd"))
    bevestiging = van_bevestigpagina and (
        gekozen != OMZETTEN
        or request.form.get("doel_aanpak") == request.form.get("getoonde_aanpak")
    )
    casus = triage_casus_of_404(casus_id)
    form = BEVESTIGFORMULIEREN[gekozen]() if bevestiging else BesluitForm()
    overleg = _overleg(form.overleg_id.data)
    n = form.punt.data if overleg and form.punt.data else None
    scherm = (
        url_for("triage.vergadermodus", overleg_id=overleg.id, n=n)
        if overleg and n
        else url_for("triage.casus", casus_id=casus.id)
    )

    def opnieuw() -> tuple[str, int]:
        if van_bevestigpagina:
            return schermen.bevestigpagina(casus, form, overleg, scherm), 422
        if overleg and n:
            return schermen.vergaderpagina(overleg, n, geweigerd=form), 422
        return schermen.casuspagina(casus, geweigerd=form), 422

    if gekozen in BEVESTIGFORMULIEREN and not bevestiging:
        return _vraag_bevestiging(casus, form, overleg, scherm) or opnieuw()

    def doe() -> str:
        ref = casus.ref
        services.neem_besluit(
            casus,
            form.besluit.data,
            actor=current_user,
            overleg=overleg,
            regisseur=db.session.get(Gebruiker, form.regisseur.data or 0),
            reden=form.reden.data or None,
            doel_aanpak=form.doel_aanpak.data or None,
            toelichting=form.toelichting.data,
            verwachte_versie=form.versie_int(),
        )
        if casus.ref != ref:  # omgezet into another aanpak's series
            return (
                f"Besluit over {ref} vastgelegd: de casus is omgezet naar "
                f"{casus.definitie.kort} en heeft nu casusnummer {casus.ref}."
            )
        return f"Besluit over {ref} vastgelegd."

    def verder() -> str:
        if not (overleg and n):
            return url_for("triage.wachtrij")
        volgende, open_ = schermen.volgend_punt(overleg, casus)
        if volgende is not None:
            return url_for("triage.vergadermodus", overleg_id=overleg.id, n=volgende)
        flash(_agenda_klaar(open_), "info")
        return url_for("triage.overleg", overleg_id=overleg.id)

    return verwerk(form, doe, verder) or opnieuw()


@bp.post("/casussen/<int:casus_id>/toewijzen")
def toewijzen(casus_id: int) -> Response:
    casus, form = triage_casus_of_404(casus_id), ToewijzenForm()
    terug = url_for("triage.casus", casus_id=casus.id)

    def doe() -> str:
        regisseur = db.session.get(Gebruiker, form.regisseur.data) or abort(404)
        services.herverdeel(
            casus,
            regisseur,
            actor=current_user,
            toelichting=form.toelichting.data,
            verwachte_versie=form.versie_int(),
        )
        return f"{casus.ref} is toegewezen aan {regisseur.naam}."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


@bp.post("/casussen/<int:casus_id>/corrigeren")
def corrigeren(casus_id: int) -> Response:
    casus, form = triage_casus_of_404(casus_id), CorrectieForm()
    terug = url_for("triage.casus", casus_id=casus.id)

    def doe() -> str:
        services.corrigeer_status(
            casus,
            actor=current_user,
            reden=form.reden.data or "",
            verwachte_versie=form.versie_int(),
        )
        return f"De laatste statuswijziging van {casus.ref} is gecorrigeerd."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


# -- helpers -----------------------------------------------------------------------


def _overleg(overleg_id: int | None) -> Overleg | None:
    return overleg_of_404(overleg_id) if overleg_id else None


def _vraag_bevestiging(
    casus: Casus, form: BesluitForm, overleg: Overleg | None, terug: str
) -> str | None:
    """Step one of "niet opnemen" or "omzetten": with a reason or a target aanpak the
    decision may take (and a meeting that may decide today), the confirmation page with
    what was chosen; else None, with the error on the form."""
    if not form.validate_on_submit():
        return None
    besluit = form.besluit.data
    if besluit == NIET_OPNEMEN and form.reden.data not in {
        code for code, _ in besluit_keuzes(casus).redenen
    }:
        form.reden.errors = ["Kies een reden om de casus niet op te nemen."]
        return None
    try:
        services.controleer_besluit(
            casus,
            actor=current_user,
            overleg=overleg,
            besluit=besluit,
            doel_aanpak=form.doel_aanpak.data,
            verwachte_versie=form.versie_int(),
        )
    except DomeinFout as fout:
        toon_fout(form, fout)
        return None
    omzetten = besluit == OMZETTEN
    bevestigen = BEVESTIGFORMULIEREN[besluit](
        formdata=None,
        versie=form.versie.data,
        besluit=besluit,
        reden=None if omzetten else form.reden.data,
        doel_aanpak=form.doel_aanpak.data if omzetten else None,
        getoonde_aanpak=form.doel_aanpak.data if omzetten else None,
        toelichting=form.toelichting.data,
        overleg_id=form.overleg_id.data,
        punt=form.punt.data,
        bevestigd="ja",
    )
    return schermen.bevestigpagina(casus, bevestigen, overleg, terug)


def _agenda_klaar(open_: list[int]) -> str:
    """What meeting mode says after the last item of the agenda."""
    if not open_:
        return "Dit was het laatste punt: de agenda is afgerond, over elk punt is besloten."
    punten = (
        ", ".join(str(n) for n in open_[:-1]) + (" en " if len(open_) > 1 else "") + str(open_[-1])
    )
    return (
        "Dit was het laatste punt van de agenda. Nog zonder besluit: "
        f"{'punt' if len(open_) == 1 else 'punten'} {punten}."
    )
