"""Meldpunt: the public page where residents report a worry (no log-in).

It answers the same whatever the database holds: a valid report, a honeypot hit
and a repeated report all end on the same thank-you page, which shows nothing.
Limited per client address; the address itself is never stored with the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from casus.audit import log_actie
from casus.beveiliging import limiet
from casus.errors import DomeinFout
from casus.extensions import db
from casus.klok import vandaag
from casus.signalen import services
from casus.signalen.forms import MeldpuntForm, keuzes

bp = Blueprint("meldpunt", __name__, url_prefix="/meldpunt")


@dataclass(frozen=True)
class Onderwerp:
    label: str
    aanpak: str
    thema: str


ONDERWERPEN: dict[str, Onderwerp] = {
    "radicalisering": Onderwerp(
        "Iemand lijkt te radicaliseren (bijvoorbeeld steeds extremere ideeën, zich afsluiten "
        "van familie en vrienden)", "pga_r", "radicalisering"),
    "extremisme": Onderwerp(
        "Extremisme: iemand dreigt met geweld of zet anderen ertoe aan", "pga_r", "extremisme"),
    "ondermijning": Onderwerp(
        "Ondermijning: een vermoeden van criminaliteit achter de voordeur of in een bedrijf "
        "(bijvoorbeeld drugs, witwassen, uitbuiting, illegale prostitutie)",
        "ondermijning", "overig"),
}
TE_VEEL = ("Er zijn vanaf uw internetverbinding kort na elkaar veel meldingen gedaan. "
           "Probeer het over een kwartier opnieuw, of bel de gemeente op 14 079.")
NIET_VERSTUURD = "Uw melding is nog niet verstuurd. Bekijk de velden hieronder."
TE_GROOT = ("Uw melding is te groot om te verwerken. Houd de beschrijving korter dan "
            f"{services.TEKST_MAX} tekens en probeer het opnieuw.")


def _nieuw_formulier(**kwargs: Any) -> MeldpuntForm:
    form = MeldpuntForm(**kwargs)
    form.onderwerp.choices = keuzes((c, o.label) for c, o in ONDERWERPEN.items())
    return form


def _formulier(form: MeldpuntForm | None = None, fout: str | None = None,
               code: int = 200) -> tuple[str, int]:
    form = form or _nieuw_formulier(formdata=None)
    return render_template("meldpunt/formulier.html", form=form, fout=fout), code


@bp.route("", methods=["GET", "POST"])
def melden() -> tuple[str, int] | Response:
    if request.method == "GET":
        return _formulier()
    maximum = int(current_app.config.get("MELDPUNT_MAX_PER_ADRES", 5))
    binnen = limiet.tel_en_toets("meldpunt", request.remote_addr, maximum)
    db.session.commit()  # the counter holds, whatever happens next
    if not binnen:
        return _formulier(fout=TE_VEEL, code=429)
    if (request.content_length or 0) > int(current_app.config.get("MELDPUNT_MAX_BYTES", 32_768)):
        return _formulier(fout=TE_GROOT, code=413)
    form = _nieuw_formulier()
    if not form.validate_on_submit():
        return _formulier(form, NIET_VERSTUURD, 422)
    if form.website.data:  # honeypot: a bot; answer as if all went well
        return redirect(url_for("meldpunt.bedankt"))
    onderwerp = ONDERWERPEN[form.onderwerp.data or ""]
    try:
        signaal = services.registreer(
            onderwerp.aanpak, ontvangen_op=vandaag(), bron="meldpunt", thema=onderwerp.thema,
            tekst=form.tekst.data, gebruiker=None, betreft_naam=form.betreft_naam.data,
            betreft_adres=form.betreft_adres.data, melder_naam=form.melder_naam.data,
            melder_contact=form.melder_contact.data,
        )
    except DomeinFout as fout:
        db.session.rollback()
        veld = getattr(form, fout.veld or "", None)
        if veld is not None:
            veld.errors = [fout.bericht]
        return _formulier(form, NIET_VERSTUURD, 422)
    # the privacy text promises that the address is not kept with the report
    log_actie("signaal.gemeld_via_meldpunt", object_type="signaal", object_id=signaal.id,
              met_adres=False)
    db.session.commit()
    return redirect(url_for("meldpunt.bedankt"))


@bp.get("/bedankt")
def bedankt() -> str:
    return render_template("meldpunt/bedankt.html")


@bp.get("/privacy")
def privacy() -> str:
    return render_template("meldpunt/privacy.html")
