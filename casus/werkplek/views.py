"""Mijn casussen (the start page) and the Werkvoorraad of a team."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from casus import navigatie
from casus.casussen.models import Casus
from casus.klok import vandaag
from casus.paginering import Lijstpagina, pagina_url
from casus.toegang.policy import (
    START_EIGEN_CASUSSEN,
    heeft_team,
    startpagina,
    team_aanpakken,
    zichtbare_aanpakken,
)
from casus.toegang.queries import team_casussen, zichtbare_casussen
from casus.werkplek import queries
from casus.werkplek.forms import FilterForm
from workflows import CATALOGUS
from workflows.base import OPEN_STATUSSEN

bp = Blueprint("werkplek", __name__)
navigatie.menupunt("werkplek.start", "Mijn casussen", heeft_team, 10)
navigatie.menupunt("werkplek.werkvoorraad_start", "Werkvoorraad", heeft_team, 20)


def _lijst(basis: object, aanpakken: list[str], alleen_open: bool) -> dict[str, object]:
    form = FilterForm(aanpakken, alleen_open, formdata=request.args)
    grootte = int(current_app.config["PAGINA_GROOTTE"])
    resultaat = queries.pagina(
        basis,  # type: ignore[arg-type]
        form.filters(),
        vandaag(),
        grootte,
    )
    return {
        "form": form,
        "pagina": _lijstpagina(resultaat, grootte),
        "signalen": queries.SIGNALEN,
        "vandaag": vandaag(),
    }


def _lijstpagina(resultaat: queries.Keysetpagina, grootte: int) -> Lijstpagina[queries.Rij]:
    """The keyset page with the links to its neighbours (the first page needs no cursor)."""
    vorige = None
    if resultaat.vorige:
        vorige = (
            pagina_url()
            if resultaat.vorige_is_eerste
            else pagina_url(voor=resultaat.vorige, pagina=resultaat.nummer - 1)
        )
    volgende = None
    if resultaat.volgende:
        volgende = pagina_url(na=resultaat.volgende, pagina=resultaat.nummer + 1)
    return Lijstpagina(
        resultaat.rijen,
        resultaat.totaal,
        resultaat.nummer,
        grootte,
        vorige,
        volgende,
        meer=resultaat.meer,
    )


@bp.get("/")
@login_required
def start() -> str | Response:
    """Mijn casussen for a regisseur; everyone else goes where their work is
    (``startpagina``), and a user without any role reads here whom to ask."""
    doel = startpagina(current_user)
    if doel != START_EIGEN_CASUSSEN:
        return redirect(url_for(doel))
    if not heeft_team(current_user):
        return render_template("werkplek/start.html", zonder_rol=True)
    basis = zichtbare_casussen(current_user).where(
        Casus.regisseur_id == current_user.id, Casus.status.in_(OPEN_STATUSSEN)
    )
    aanpakken = zichtbare_aanpakken(current_user)
    return render_template("werkplek/start.html", **_lijst(basis, aanpakken, True))


@bp.get("/werkvoorraad")
@login_required
def werkvoorraad_start() -> Response:
    teams = team_aanpakken(current_user)
    if not teams:
        abort(404)
    return redirect(url_for("werkplek.werkvoorraad", aanpak=teams[0]))


@bp.get("/werkvoorraad/<aanpak>")
@login_required
def werkvoorraad(aanpak: str) -> str:
    codes = team_aanpakken(current_user)
    if aanpak not in codes:
        abort(404)
    basis = team_casussen(current_user, aanpak).where(Casus.status.in_(OPEN_STATUSSEN))
    teams = [CATALOGUS.get(code) for code in codes]
    return render_template(
        "werkplek/werkvoorraad.html",
        aanpak=CATALOGUS.get(aanpak),
        teams=teams,
        **_lijst(basis, [aanpak], True),
    )
