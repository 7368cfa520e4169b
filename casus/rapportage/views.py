"""The Rapportage page for managers: figures, comparison, trend, memo, downloads, vaststellen."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from casus import labels, navigatie
from casus.audit import log_actie
from casus.errors import DomeinFout
from casus.klok import vandaag
from casus.rapportage import cache, export, grafiek, memo, periode
from casus.rapportage.forms import PeriodeForm, VaststelForm, periode_keuzes
from casus.rapportage.services import stel_vast, vastgestelde, verschillen
from casus.toegang.policy import is_manager
from casus.werkplek.formulier import verwerk
from workflows import CATALOGUS

bp = Blueprint("rapportage", __name__, url_prefix="/rapportage")


# reports are for managers only (domain.md section 1); everyone else gets 404
navigatie.menupunt("rapportage.index", "Rapportage", is_manager, 80)

# the full Content-Type of each download (given as content_type, so no second charset)
DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", export.csv_tekst),
    "md": ("text/markdown; charset=utf-8", export.markdown),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.xlsx),
}


@bp.before_request
@login_required
def _alleen_managers() -> None:
    if not is_manager(current_user):
        abort(404)


def _periode(bron: Any) -> periode.Periode:
    """The period asked for (custom range, label), else the last completed half-year."""
    try:
        if bron.get("van") and bron.get("tot_en_met"):
            return periode.aangepast(*(_datum(bron[k]) for k in ("van", "tot_en_met")))
        if bron.get("periode"):
            return periode.uit_label(bron["periode"])
    except (DomeinFout, ValueError) as fout:
        flash(getattr(fout, "bericht", "Ongeldige datum."), "fout")
    return periode.laatste_halfjaar(vandaag())


def _datum(tekst: str) -> date:
    return date.fromisoformat(tekst)


def _trend(p: periode.Periode) -> dict[str, Any]:
    """Per aanpak the chart of the six half-years up to ``p``: the ended ones from the
    cache, the others counted together in one statement."""
    halfjaren = periode.vorige_halfjaren(p, 6)
    per_halfjaar = list(
        zip(
            [h.label for h in halfjaren],
            cache.aanpak_cijfers_per_periode(halfjaren),
            strict=True,
        )
    )
    return {
        code: grafiek.svg(
            code,
            labels.aanpak(code),
            [grafiek.Punt(label, cijfers[code]) for label, cijfers in per_halfjaar],
        )
        for code in CATALOGUS.codes()
    }


@bp.get("/")
def index() -> str:
    p = _periode(request.args)
    form = PeriodeForm(request.args, periode=p.label, meta={"csrf": False})
    form.periode.choices = [("", "Kies een periode"), *periode_keuzes(vandaag())]
    vastgesteld = vastgestelde(p)
    live = cache.rapport(p)
    r = vastgesteld.cijfers if vastgesteld else live
    return render_template(
        "rapportage/index.html",
        form=form,
        p=p,
        r=r,
        vastgesteld=vastgesteld,
        verschillen=[(export.cijfer_naam(pad), toen, nu) for pad, toen, nu in verschillen(r, live)]
        if vastgesteld
        else [],
        trend=_trend(p),
        memo=memo.concept(r, {code: labels.aanpak(code) for code in CATALOGUS.codes()}),
        kan_vaststellen=p.tot_en_met < vandaag(),
        periode_args=_periode_args(p),
        indicatoren=export.indicator_rijen(r["indicatoren"]),
        **_voor_de_cijfers(r),
    )


@bp.get("/download.<formaat>")
def download(formaat: str) -> Response:
    if formaat not in DOWNLOADS:
        abort(404)
    p = _periode(request.args)
    vastgesteld = vastgestelde(p)
    r = vastgesteld.cijfers if vastgesteld else cache.rapport(p)
    content_type, maak = DOWNLOADS[formaat]
    log_actie(
        "rapport.gedownload",
        object_type="rapport",
        details={
            "formaat": formaat,
            "van": p.van.isoformat(),
            "tot_en_met": p.tot_en_met.isoformat(),
        },
    )
    naam = f"rapportage-{p.label.replace('..', '_tm_')}.{formaat}"
    return Response(
        maak(r),
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{naam}"'},
    )


@bp.route("/vaststellen", methods=["GET", "POST"])
def vaststellen() -> str | WerkzeugResponse:
    """Vaststellen cannot be undone: the page shows the figures that will be frozen and
    what that means; only the form there, with its box ticked, freezes them."""
    p = _periode(request.form if request.method == "POST" else request.args)
    terug = url_for("rapportage.index", **_periode_args(p))
    if request.method == "GET" and (weigering := _niet_vast_te_stellen(p)):
        flash(weigering, "info")
        return redirect(terug)
    form = VaststelForm()

    def doe() -> str:
        stel_vast(p, actor=current_user)
        log_actie(
            "rapport.vastgesteld",
            object_type="rapport",
            details={"van": p.van.isoformat(), "tot_en_met": p.tot_en_met.isoformat()},
        )
        return (
            f"Het rapport over {export.periode_naam(p.naar_json())} is vastgesteld en "
            "verzonden aan de raad."
        )

    if antwoord := verwerk(form, doe, terug):
        return antwoord
    r = cache.rapport(p)
    return render_template(
        "rapportage/vaststellen.html",
        form=form,
        p=p,
        r=r,
        terug=terug,
        trend={},
        periode_args=_periode_args(p),
        indicatoren=export.indicator_rijen(r["indicatoren"]),
        **_voor_de_cijfers(r),
    )


def _voor_de_cijfers(r: dict[str, Any]) -> dict[str, Any]:
    """What ``rapportage/_cijfers.html`` needs besides the report: the labels and the
    readable names of the periods."""
    return {
        "labels": labels,
        "kengetallen": export.KENGETALLEN,
        "verschil": export.verschil,
        "periode_naam": export.periode_naam(r["periode"]),
        "vergelijking_naam": export.periode_naam(r["vergelijkingsperiode"]),
        "totaal_corporatiewoningen": export.TOTAAL_CORPORATIEWONINGEN,
    }


def _niet_vast_te_stellen(p: periode.Periode) -> str | None:
    """Why the report over ``p`` cannot be frozen now (None: it can); the service
    checks the same when it is asked to."""
    if vastgestelde(p) is not None:
        return "Het rapport over deze periode is al vastgesteld."
    if p.tot_en_met >= vandaag():
        return "Een rapport kan pas worden vastgesteld als de periode voorbij is."
    return None


def _periode_args(p: periode.Periode) -> dict[str, str]:
    if ".." in p.label:
        return {"van": p.van.isoformat(), "tot_en_met": p.tot_en_met.isoformat()}
    return {"periode": p.label}
