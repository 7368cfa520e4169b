"""The beheerder's pages for the partners: samenwerkingsverbanden, their organisations
(with the agreement each works under) and the organisations' users. No case content is
reachable from here."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from casus import navigatie
from casus.auth.models import Gebruiker
from casus.auth.services import GEBRUIKERSNAAM_UITLEG
from casus.extensions import db
from casus.partners import GRONDSLAGSOORTEN, ORGANISATIESOORTEN
from casus.partners import beheer as services
from casus.partners.beheerforms import (
    OrganisatieForm,
    PartnerActiefForm,
    PartnergebruikerForm,
    VerbandForm,
)
from casus.partners.models import Partnerorganisatie, Samenwerkingsverband
from casus.toegang.policy import is_beheerder
from casus.toegang.rollen import vereist_rol
from casus.werkplek.formulier import verwerk, verwerk_met_melding
from workflows.codes import ROL_BEHEERDER

bp = Blueprint("partnerbeheer", __name__, url_prefix="/beheer/partners")
navigatie.menupunt("partnerbeheer.overzicht", "Partners", is_beheerder, 92)


def _verband(verband_id: int) -> Samenwerkingsverband:
    verband = db.session.get(Samenwerkingsverband, verband_id)
    if verband is None:
        abort(404)
    return verband


def _organisatie(organisatie_id: int) -> Partnerorganisatie:
    organisatie = db.session.get(Partnerorganisatie, organisatie_id)
    if organisatie is None:
        abort(404)
    return organisatie


def _labels() -> dict[str, dict[str, str]]:
    return {"organisatiesoorten": ORGANISATIESOORTEN, "grondslagsoorten": GRONDSLAGSOORTEN}


def _actief_form(g: Gebruiker) -> PartnerActiefForm:
    return PartnerActiefForm(formdata=None, actief="nee" if g.actief else "ja")


@bp.get("")
@vereist_rol(ROL_BEHEERDER)
def overzicht() -> str:
    """Every verband with its organisations and how many users each has."""
    aantallen = {
        organisatie_id: aantal
        for organisatie_id, aantal in db.session.execute(
            select(Gebruiker.partnerorganisatie_id, func.count())
            .where(Gebruiker.partnerorganisatie_id.is_not(None))
            .group_by(Gebruiker.partnerorganisatie_id)
        ).tuples()
    }
    per_verband: dict[int, list[Partnerorganisatie]] = {}
    for organisatie in db.session.scalars(services.organisaties()):
        per_verband.setdefault(organisatie.verband_id, []).append(organisatie)
    return render_template(
        "partners/beheer.html",
        verbanden=list(db.session.scalars(services.verbanden())),
        per_verband=per_verband,
        aantallen=aantallen,
        **_labels(),
    )


@bp.route("/verbanden/nieuw", methods=["GET", "POST"])
@vereist_rol(ROL_BEHEERDER)
def verband_nieuw() -> str | Response:
    form, nieuw_id = VerbandForm(), []

    def doe() -> str:
        verband = services.nieuw_verband(
            form.naam.data or "", form.omschrijving.data, actor=current_user
        )
        nieuw_id.append(verband.id)
        return f"Samenwerkingsverband '{verband.naam}' aangemaakt."

    def terug() -> str:
        if nieuw_id:
            return url_for("partnerbeheer.verband", verband_id=nieuw_id[0])
        return url_for("partnerbeheer.overzicht")

    return verwerk(form, doe, terug) or render_template(
        "partners/beheer_verband.html", verband=None, form=form, organisaties=[], **_labels()
    )


@bp.route("/verbanden/<int:verband_id>", methods=["GET", "POST"])
@vereist_rol(ROL_BEHEERDER)
def verband(verband_id: int) -> str | Response:
    v = _verband(verband_id)
    form = VerbandForm(data={"naam": v.naam, "omschrijving": v.omschrijving, "actief": v.actief})

    def doe() -> str:
        services.wijzig_verband(
            v,
            form.naam.data or "",
            form.omschrijving.data,
            bool(form.actief.data),
            actor=current_user,
        )
        return "Samenwerkingsverband opgeslagen."

    terug = url_for("partnerbeheer.verband", verband_id=v.id)
    return verwerk(form, doe, terug) or render_template(
        "partners/beheer_verband.html",
        verband=v,
        form=form,
        organisaties=list(db.session.scalars(services.organisaties(v))),
        **_labels(),
    )


@bp.route("/verbanden/<int:verband_id>/organisaties/nieuw", methods=["GET", "POST"])
@vereist_rol(ROL_BEHEERDER)
def organisatie_nieuw(verband_id: int) -> str | Response:
    v = _verband(verband_id)
    form, nieuw_id = OrganisatieForm(), []

    def doe() -> str:
        organisatie = services.nieuwe_organisatie(
            v,
            naam=form.naam.data or "",
            soort=form.soort.data or "",
            grondslag_soort=form.grondslag_soort.data or "",
            grondslag=form.grondslag.data or "",
            artikel=form.artikel.data,
            actor=current_user,
        )
        nieuw_id.append(organisatie.id)
        return f"Organisatie '{organisatie.naam}' aangemaakt."

    def terug() -> str:
        if nieuw_id:
            return url_for("partnerbeheer.organisatie", organisatie_id=nieuw_id[0])
        return url_for("partnerbeheer.verband", verband_id=v.id)

    return verwerk(form, doe, terug) or render_template(
        "partners/beheer_organisatie.html",
        verband=v,
        organisatie=None,
        form=form,
        gebruikers=[],
        **_labels(),
    )


@bp.route("/organisaties/<int:organisatie_id>", methods=["GET", "POST"])
@vereist_rol(ROL_BEHEERDER)
def organisatie(organisatie_id: int) -> str | Response:
    o = _organisatie(organisatie_id)
    form = OrganisatieForm(
        data={
            "naam": o.naam,
            "soort": o.soort,
            "grondslag_soort": o.grondslag_soort,
            "grondslag": o.grondslag,
            "artikel": o.artikel,
            "actief": o.actief,
        }
    )

    def doe() -> str:
        services.wijzig_organisatie(
            o,
            naam=form.naam.data or "",
            soort=form.soort.data or "",
            grondslag_soort=form.grondslag_soort.data or "",
            grondslag=form.grondslag.data or "",
            artikel=form.artikel.data,
            actief=bool(form.actief.data),
            actor=current_user,
        )
        return "Organisatie opgeslagen."

    terug = url_for("partnerbeheer.organisatie", organisatie_id=o.id)
    return verwerk(form, doe, terug) or render_template(
        "partners/beheer_organisatie.html",
        verband=o.verband,
        organisatie=o,
        form=form,
        gebruikers=list(db.session.scalars(services.partnergebruikers(o))),
        actief_form=_actief_form,
        **_labels(),
    )


@bp.route("/organisaties/<int:organisatie_id>/gebruikers/nieuw", methods=["GET", "POST"])
@vereist_rol(ROL_BEHEERDER)
def gebruiker_nieuw(organisatie_id: int) -> str | Response:
    o = _organisatie(organisatie_id)
    form = PartnergebruikerForm()

    def doe() -> str:
        g = services.nieuwe_partnergebruiker(
            o,
            gebruikersnaam=form.gebruikersnaam.data or "",
            naam=form.naam.data or "",
            wachtwoord=form.wachtwoord.data or "",
            actor=current_user,
        )
        return (
            f"Partnergebruiker '{g.gebruikersnaam}' aangemaakt. Geef het tijdelijke "
            "wachtwoord op een veilige manier door; bij de eerste keer inloggen kiest de "
            "gebruiker een eigen wachtwoord en stelt hij tweestapsverificatie in."
        )

    terug = url_for("partnerbeheer.organisatie", organisatie_id=o.id)
    return verwerk(form, doe, terug) or render_template(
        "partners/beheer_gebruiker.html",
        organisatie=o,
        form=form,
        gebruikersnaam_uitleg=GEBRUIKERSNAAM_UITLEG,
    )


@bp.post("/gebruikers/<int:gebruiker_id>/actief")
@vereist_rol(ROL_BEHEERDER)
def gebruiker_actief(gebruiker_id: int) -> Response:
    g = db.session.get(Gebruiker, gebruiker_id)
    if g is None or not g.is_partner or g.partnerorganisatie_id is None:
        abort(404)
    form = PartnerActiefForm()
    terug = url_for("partnerbeheer.organisatie", organisatie_id=g.partnerorganisatie_id)

    def doe() -> str:
        services.zet_partner_actief(g, form.actief.data == "ja", actor=current_user)
        return "Partnergebruiker geactiveerd." if g.actief else "Partnergebruiker gedeactiveerd."

    return verwerk_met_melding(form, doe, terug, fout_terug=terug)
