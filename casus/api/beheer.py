"""The beheerder's pages for API clients: register, change, rotate the token, revoke.

Every form goes through ``casus.werkplek.formulier.verwerk`` (CSRF, the idempotency
token, one commit, the refusal at its field) and every change through
``casus.api.clients``. A new token is shown once: in the answer to the POST that made
it (a page, not a redirect), never in the session, a URL or the audit log. A second
submission of that form (a reload, a double click) finds its idempotency token claimed
and is sent to the client's page, where only the token's first characters are shown.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from casus import navigatie
from casus.api.clients import (
    NAAM_UITLEG,
    maak_client,
    rolcodes,
    status,
    trek_in,
    vernieuw_token,
    wijzig_client,
)
from casus.api.forms import ClientForm, IntrekkenForm, NieuweClientForm, VernieuwForm
from casus.api.models import Apiclient
from casus.auth.models import Gebruiker
from casus.beheer.services import rolnamen
from casus.extensions import db
from casus.klok import vandaag
from casus.paginering import lijstpagina, paginanummer
from casus.toegang.policy import is_beheerder
from casus.toegang.rollen import vereist_rol
from casus.werkplek.formulier import eerste_fout, verwerk
from workflows.codes import ROL_BEHEERDER

bp = Blueprint("api_beheer", __name__, url_prefix="/beheer/api-clients")
navigatie.menupunt("api_beheer.clients", "API-clients", is_beheerder, 91)

STATUSSEN = {"actief": "Actief", "verlopen": "Verlopen", "ingetrokken": "Ingetrokken"}
# the first page of the API a new client is shown calling (every client may read it)
VOORBEELDPAD = "/api/v1/catalogus"


def _client(client_id: int) -> Apiclient:
    client = db.session.get(Apiclient, client_id)
    if client is None:
        abort(404)
    return client


def _makers(ids: set[int | None]) -> dict[int, str]:
    """The names of the beheerders who registered these clients (one statement)."""
    bekend = {i for i in ids if i is not None}
    if not bekend:
        return {}
    rijen = db.session.execute(select(Gebruiker.id, Gebruiker.naam).where(Gebruiker.id.in_(bekend)))
    return {i: naam for i, naam in rijen.tuples()}


def _hulp() -> dict[str, Any]:
    """What every page of these shows: the statuses, the roles in Dutch, the makers."""
    return {"status": status, "statussen": STATUSSEN, "rolnamen": rolnamen}


@bp.get("")
@vereist_rol(ROL_BEHEERDER)
def clients() -> str:
    pagina = lijstpagina(
        select(Apiclient)
        .options(
            selectinload(Apiclient.gebruiker).selectinload(Gebruiker.rollen),
            selectinload(Apiclient.gebruiker).selectinload(Gebruiker.teams),
        )
        .order_by(Apiclient.naam, Apiclient.id),
        paginanummer(request.args.get("pagina")),
        current_app.config["PAGINA_GROOTTE"],
    )
    makers = _makers({c.aangemaakt_door_id for c in pagina.items})
    return render_template("api/clients.html", pagina=pagina, makers=makers, **_hulp())


def _standaard_einde() -> date:
    """A new client's last day unless chosen otherwise: a year from today, within the
    longest validity allowed."""
    dagen = min(365, int(current_app.config["API_MAX_GELDIGHEID_DAGEN"]))
    return vandaag() + timedelta(days=dagen)


def _tokenpagina(client: Apiclient, token: str, *, nieuw: bool) -> Response:
    """The one page that ever shows ``token``: never cached, never kept."""
    antwoord = make_response(
        render_template(
            "api/token.html",
            client=client,
            token=token,
            nieuw=nieuw,
            voorbeeld_url=request.host_url.rstrip("/") + VOORBEELDPAD,
        )
    )
    antwoord.headers["Cache-Control"] = "no-store"
    antwoord.headers["Pragma"] = "no-cache"
    return antwoord


@bp.route("/nieuw", methods=["GET", "POST"])
@vereist_rol(ROL_BEHEERDER)
def nieuw() -> str | Response:
    form = NieuweClientForm(
        data={
            "geldig_tot": _standaard_einde(),
            "limiet": int(current_app.config["API_LIMIET_PER_MINUUT"]),
        }
        if request.method == "GET"
        else None
    )
    gemaakt: list[tuple[Apiclient, str]] = []

    def doe() -> str:
        client, token = maak_client(
            form.naam.data or "",
            rollen=form.rollen.data or [],
            geldig_tot=form.geldig_tot.data or vandaag(),
            limiet_per_minuut=form.limiet.data,
            omschrijving=form.omschrijving.data,
            door=current_user,
        )
        gemaakt.append((client, token))
        return f"API-client '{client.naam}' geregistreerd."

    antwoord = verwerk(form, doe, url_for("api_beheer.clients"))
    if gemaakt:
        return _tokenpagina(*gemaakt[0], nieuw=True)
    return antwoord or render_template(
        "api/nieuw.html",
        form=form,
        naam_uitleg=NAAM_UITLEG,
        maximum_dagen=current_app.config["API_MAX_GELDIGHEID_DAGEN"],
    )


@bp.route("/<int:client_id>", methods=["GET", "POST"])
@vereist_rol(ROL_BEHEERDER)
def client(client_id: int) -> str | Response:
    c = _client(client_id)
    form = ClientForm(
        data={
            "rollen": rolcodes(c),
            "geldig_tot": c.geldig_tot,
            "limiet": c.limiet_per_minuut,
            "omschrijving": c.omschrijving,
        }
        if request.method == "GET"
        else None
    )
    if request.method == "POST":

        def doe() -> str:
            wijzig_client(
                c,
                rollen=form.rollen.data or [],
                geldig_tot=form.geldig_tot.data or vandaag(),
                limiet_per_minuut=form.limiet.data or 0,
                omschrijving=form.omschrijving.data,
                door=current_user,
            )
            return "Wijzigingen opgeslagen."

        antwoord = verwerk(form, doe, url_for("api_beheer.client", client_id=c.id))
        if antwoord is not None:
            return antwoord
    maker = _makers({c.aangemaakt_door_id}).get(c.aangemaakt_door_id or 0)
    return render_template(
        "api/client.html",
        c=c,
        form=form,
        maker=maker,
        # rendered afresh: never with the token of the form just submitted
        vernieuw_form=VernieuwForm(formdata=None),
        maximum_dagen=current_app.config["API_MAX_GELDIGHEID_DAGEN"],
        **_hulp(),
    )


@bp.post("/<int:client_id>/token")
@vereist_rol(ROL_BEHEERDER)
def vernieuw(client_id: int) -> Response:
    c, form = _client(client_id), VernieuwForm()
    terug = url_for("api_beheer.client", client_id=c.id)
    gemaakt: list[str] = []

    def doe() -> str:
        gemaakt.append(vernieuw_token(c, door=current_user))
        return "Nieuw token gemaakt; het vorige werkt niet meer."

    antwoord = verwerk(form, doe, terug)
    if gemaakt:
        return _tokenpagina(c, gemaakt[0], nieuw=False)
    if antwoord is not None:
        return antwoord
    flash(eerste_fout(form), "fout")
    return redirect(terug)


@bp.route("/<int:client_id>/intrekken", methods=["GET", "POST"])
@vereist_rol(ROL_BEHEERDER)
def intrekken(client_id: int) -> str | Response:
    c, form = _client(client_id), IntrekkenForm()
    naam = c.naam

    def doe() -> str:
        trek_in(c, door=current_user)
        return f"API-client '{naam}' ingetrokken; het token werkt niet meer."

    antwoord = verwerk(form, doe, url_for("api_beheer.client", client_id=c.id))
    return antwoord or render_template("api/intrekken.html", c=c, form=form, **_hulp())
