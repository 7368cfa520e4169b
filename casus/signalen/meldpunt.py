"""Meldpunt: the public page where residents report a worry (no log-in).

It answers the same whatever the database holds: a valid report, a honeypot hit
and a repeated report all end on the same thank-you page, which shows nothing.
Limited per client address; the address itself is never stored with the report.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for
from werkzeug.wrappers import Response

from casus.casussen.validatie import wijken
from casus.signalen import meldpunt_service, services
from casus.signalen.forms import GEEN, MeldpuntForm, keuzes
from casus.signalen.meldpunt_service import ONDERWERPEN
from casus.werkplek.formulier import verwerk

bp = Blueprint("meldpunt", __name__, url_prefix="/meldpunt")

TE_VEEL = (
    "Er zijn vanaf uw internetverbinding kort na elkaar veel meldingen gedaan. "
    "Probeer het over een kwartier opnieuw, of bel de gemeente op 14 079."
)
NIET_VERSTUURD = "Uw melding is nog niet verstuurd. Bekijk de velden hieronder."
TE_GROOT = (
    "Uw melding is te groot om te verwerken. Houd de beschrijving korter dan "
    f"{services.TEKST_MAX} tekens en probeer het opnieuw."
)
WEIGERINGEN = {meldpunt_service.TE_VEEL: (TE_VEEL, 429), meldpunt_service.TE_GROOT: (TE_GROOT, 413)}


def _nieuw_formulier(**kwargs: Any) -> MeldpuntForm:
    form = MeldpuntForm(**kwargs)
    form.onderwerp.choices = keuzes((c, o.label) for c, o in ONDERWERPEN.items())
    form.wijk.choices = GEEN + keuzes((w, w) for w in wijken())
    return form


def _formulier(
    form: MeldpuntForm | None = None, fout: str | None = None, code: int = 200
) -> tuple[str, int]:
    form = form or _nieuw_formulier(formdata=None)
    return render_template("meldpunt/formulier.html", form=form, fout=fout), code


@bp.route("", methods=["GET", "POST"])
def melden() -> tuple[str, int] | Response:
    if request.method == "GET":
        return _formulier()
    weigering = meldpunt_service.weigering(request.remote_addr, request.content_length)
    if weigering is not None:
        return _formulier(None, *WEIGERINGEN[weigering])
    form = _nieuw_formulier()

    def doe() -> None:
        meldpunt_service.meld(
            form.onderwerp.data or "",
            tekst=form.tekst.data,
            betreft_naam=form.betreft_naam.data,
            betreft_adres=form.betreft_adres.data,
            wijk=form.wijk.data,
            melder_naam=form.melder_naam.data,
            melder_contact=form.melder_contact.data,
            website=form.website.data,
        )

    # a report, a honeypot hit and a repeated report all end on the same page, without
    # a message (the meldpunt shows none)
    return verwerk(form, doe, url_for("meldpunt.bedankt"), meldingen=False) or _formulier(
        form, NIET_VERSTUURD, 422
    )


@bp.get("/bedankt")
def bedankt() -> str:
    return render_template("meldpunt/bedankt.html")


@bp.get("/privacy")
def privacy() -> str:
    return render_template("meldpunt/privacy.html")
