"""User management for the beheerder. No case content is reachable from here."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from casus import navigatie
from casus.auth.models import Gebruiker
from casus.auth.services import GEBRUIKERSNAAM_UITLEG
from casus.beheer import services
from casus.beheer.forms import (
    ActiefForm,
    AlleenSsoForm,
    NieuweGebruikerForm,
    OntkoppelForm,
    RollenForm,
    WachtwoordForm,
)
from casus.extensions import db
from casus.paginering import lijstpagina, paginanummer
from casus.toegang.policy import is_beheerder
from casus.toegang.rollen import vereist_rol
from casus.werkplek.formulier import verwerk, verwerk_met_melding
from workflows.codes import ROL_BEHEERDER

bp = Blueprint("beheer", __name__, url_prefix="/beheer")
navigatie.menupunt("beheer.gebruikers", "Gebruikers", is_beheerder, 90)


def _gebruiker(gebruiker_id: int) -> Gebruiker:
    gebruiker = db.session.get(Gebruiker, gebruiker_id)
    # an API client's account is managed on its client's page (casus.api.beheer)
    if gebruiker is None or gebruiker.is_api_client:
        abort(404)
    return gebruiker


@bp.get("/gebruikers")
@vereist_rol(ROL_BEHEERDER)
def gebruikers() -> str:
    pagina = lijstpagina(
        # API clients have their own page (casus.api.beheer)
        select(Gebruiker)
        .where(Gebruiker.is_api_client.is_(False))
        .order_by(Gebruiker.gebruikersnaam, Gebruiker.id),
        paginanummer(request.args.get("pagina")),
        current_app.config["PAGINA_GROOTTE"],
    )
    return render_template(
        "beheer/gebruikers.html",
        pagina=pagina,
        rolnamen=services.rolnamen,
        sso_laatst=services.laatste_sso_inlog([g.id for g in pagina.items]),
    )


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@vereist_rol(ROL_BEHEERDER)
def nieuw() -> str | Response:
    form, nieuw_id = NieuweGebruikerForm(), []

    def doe() -> str:
        g = services.nieuwe_gebruiker(
            form.gebruikersnaam.data or "",
            form.wachtwoord.data or "",
            naam=form.naam.data or "",
            rollen=form.rollen.data or [],
            door=current_user,
        )
        nieuw_id.append(g.id)
        return f"Gebruiker '{g.gebruikersnaam}' aangemaakt."

    def terug() -> str:
        return (
            url_for("beheer.gebruiker", gebruiker_id=nieuw_id[0])
            if nieuw_id
            else url_for("beheer.gebruikers")
        )

    return verwerk(form, doe, terug) or render_template(
        "beheer/nieuw.html", form=form, gebruikersnaam_uitleg=GEBRUIKERSNAAM_UITLEG
    )


@bp.route("/gebruikers/<int:gebruiker_id>", methods=["GET", "POST"])
@vereist_rol(ROL_BEHEERDER)
def gebruiker(gebruiker_id: int) -> str | Response:
    g = _gebruiker(gebruiker_id)
    form = RollenForm(data={"rollen": services.rolcodes(g)})
    if request.method == "POST":
        terug = url_for("beheer.gebruiker", gebruiker_id=g.id)

        def doe() -> str:
            services.zet_rollen(g, form.rollen.data or [], door=current_user)
            return "Rollen opgeslagen."

        return verwerk_met_melding(form, doe, terug, fout_terug=terug)
    actief_form = ActiefForm(formdata=None, actief="nee" if g.actief else "ja")
    return render_template(
        "beheer/gebruiker.html",
        g=g,
        form=form,
        actief_form=actief_form,
        wachtwoord_form=WachtwoordForm(),
        sso_form=AlleenSsoForm(formdata=None, alleen_sso=g.alleen_sso),
        ontkoppel_form=OntkoppelForm(formdata=None),
        identiteiten=services.sso_identiteiten(g),
        rolnamen=services.rolnamen,
    )


@bp.post("/gebruikers/<int:gebruiker_id>/actief")
@vereist_rol(ROL_BEHEERDER)
def actief(gebruiker_id: int) -> Response:
    g, form = _gebruiker(gebruiker_id), ActiefForm()
    terug = url_for("beheer.gebruiker", gebruiker_id=g.id)

    def doe() -> str:
        services.zet_actief(g, form.actief.data == "ja", door=current_user)
        return "Gebruiker geactiveerd." if g.actief else "Gebruiker gedeactiveerd."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


@bp.post("/gebruikers/<int:gebruiker_id>/wachtwoord")
@vereist_rol(ROL_BEHEERDER)
def wachtwoord(gebruiker_id: int) -> Response:
    g, form = _gebruiker(gebruiker_id), WachtwoordForm()
    terug = url_for("beheer.gebruiker", gebruiker_id=g.id)

    def doe() -> str:
        services.reset_wachtwoord(g, form.wachtwoord.data or "", door=current_user)
        return "Wachtwoord opnieuw ingesteld."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


@bp.post("/gebruikers/<int:gebruiker_id>/alleen-sso")
@vereist_rol(ROL_BEHEERDER)
def alleen_sso(gebruiker_id: int) -> Response:
    g, form = _gebruiker(gebruiker_id), AlleenSsoForm()
    terug = url_for("beheer.gebruiker", gebruiker_id=g.id)

    def doe() -> str:
        services.zet_alleen_sso(g, bool(form.alleen_sso.data), door=current_user)
        if g.alleen_sso:
            return "Deze gebruiker logt voortaan alleen in via de gemeente."
        return "Deze gebruiker mag weer ook met een wachtwoord inloggen."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


@bp.post("/gebruikers/<int:gebruiker_id>/sso-ontkoppelen")
@vereist_rol(ROL_BEHEERDER)
def sso_ontkoppelen(gebruiker_id: int) -> Response:
    g, form = _gebruiker(gebruiker_id), OntkoppelForm()
    terug = url_for("beheer.gebruiker", gebruiker_id=g.id)

    def doe() -> str:
        services.ontkoppel_sso(g, door=current_user)
        return (
            "De koppeling met het account bij de gemeente is verbroken. De gebruiker logt "
            "weer in met een wachtwoord; stel er zo nodig een in."
        )

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)
