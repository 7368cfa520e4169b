"""Nieuwe aanmelding: choose the aanpak, find or create the person, register."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from casus import navigatie
from casus.audit import log_actie, log_wijziging
from casus.casussen import casework
from casus.casussen.forms import AanmeldingForm, aanmelding_form
from casus.casussen.validatie import wijken
from casus.errors import Ongeldig
from casus.extensions import db
from casus.personen import services as personen
from casus.personen.models import Persoon
from casus.werkplek.formulier import verwerk
from workflows import CATALOGUS
from workflows.base import Aanpak

bp = Blueprint("aanmelding", __name__)
navigatie.registreer("aanmelding.kies", "Nieuwe aanmelding", lambda g: bool(g.aanpakken()), 30)


def _aanpak_of_404(code: str) -> Aanpak:
    if code not in CATALOGUS or code not in current_user.aanpakken():
        abort(404)
    return CATALOGUS.get(code)


def _gekozen(persoon_id: str | None) -> Persoon | None:
    if not (persoon_id or "").isdigit():
        return None
    return db.session.scalar(personen.vindbare_personen(current_user).where(
        Persoon.id == int(persoon_id or "0")))


def _nieuwe_persoon(form: AanmeldingForm) -> bool:
    return bool((form.voornaam.data or "").strip() or (form.achternaam.data or "").strip())


def _dubbelen(form: AanmeldingForm) -> list[Persoon]:
    if _gekozen(form.persoon_id.data) or not _nieuwe_persoon(form):
        return []
    return personen.mogelijke_dubbelen(
        current_user, voornaam=form.voornaam.data or "", achternaam=form.achternaam.data or "",
        geboortedatum=form.geboortedatum.data, bsn=(form.bsn.data or "").strip() or None)


def _toon(aanpak: Aanpak, form: AanmeldingForm, status: int = 200) -> tuple[str, int]:
    zoek = request.args.get("zoek", "")
    gevonden = personen.zoek_personen(current_user, zoek) if zoek.strip() else None
    dubbelen = _dubbelen(form)
    for soort, lijst in (("zoeken", gevonden), ("dubbelen", dubbelen or None)):
        if lijst is not None:
            # which persons were shown; the search term itself may be personal data
            log_actie("aanmelding.persoon_gezocht", object_type="persoon", aanpak=aanpak.code,
                      details={"soort": soort, "aantal": len(lijst),
                               "persoon_ids": [p.id for p in lijst]})
    return render_template(
        "casussen/aanmelding.html", aanpak=aanpak, form=form, zoek=zoek, gevonden=gevonden,
        gekozen=_gekozen(form.persoon_id.data), dubbelen=dubbelen,
    ), status


@bp.get("/aanmelding")
@login_required
def kies() -> str | Response:
    aanpakken = [a for a in CATALOGUS if a.code in current_user.aanpakken()]
    if not aanpakken:
        abort(404)
    if len(aanpakken) == 1:
        return redirect(url_for("aanmelding.nieuw", aanpak=aanpakken[0].code))
    return render_template("casussen/aanmelding_kies.html", aanpakken=aanpakken)


@bp.get("/aanmelding/<aanpak>")
@login_required
def nieuw(aanpak: str) -> tuple[str, int]:
    definitie = _aanpak_of_404(aanpak)
    form = aanmelding_form(definitie, wijken())(formdata=None)
    form.persoon_id.data = request.args.get("persoon", "")
    return _toon(definitie, form)


@bp.post("/aanmelding/<aanpak>")
@login_required
def registreer(aanpak: str) -> Response | tuple[str, int]:
    definitie = _aanpak_of_404(aanpak)
    form = aanmelding_form(definitie, wijken())()
    nieuw_id: list[int] = []

    def doe() -> str:
        with log_wijziging("casus.aangemeld", persoon=_gekozen(form.persoon_id.data),
                           aanpak=aanpak) as log:
            persoon = _persoon(form)
            casus = casework.registreer_aanmelding(
                aanpak, gebruiker=current_user, persoon=persoon,
                aanmeldreden=form.aanmeldreden.data, aangemeld_op=form.aangemeld_op.data,
                kenmerken={k.code: form[f"k_{k.code}"].data for k in definitie.kenmerken})
            log.object(casus=casus, persoon=persoon)
        nieuw_id.append(casus.id)
        return f"Aanmelding {casus.ref} geregistreerd; de casus staat in de triagewachtrij."

    def terug() -> str:
        return url_for("casussen.casus", casus_id=nieuw_id[0]) if nieuw_id \
            else url_for("werkplek.start")

    return verwerk(form, doe, terug) or _toon(definitie, form, 422)


def _persoon(form: AanmeldingForm) -> Persoon | None:
    """The chosen person, or a new one once likely duplicates have been looked at."""
    if form.persoon_id.data:
        gekozen = _gekozen(form.persoon_id.data)
        if gekozen is None:
            raise Ongeldig("De gekozen persoon is niet gevonden; zoek opnieuw.", "persoon_id")
        return gekozen
    if not _nieuwe_persoon(form):
        return None
    if _dubbelen(form) and not form.andere_persoon.data:
        raise Ongeldig("Deze persoon lijkt al bekend. Kies hieronder de bestaande persoon, of "
                       "bevestig dat het een andere persoon is.", "andere_persoon")
    return personen.maak_persoon(
        current_user, voornaam=form.voornaam.data or "", achternaam=form.achternaam.data or "",
        tussenvoegsel=form.tussenvoegsel.data, geboortedatum=form.geboortedatum.data,
        bsn=form.bsn.data, adres=form.adres.data,
        wijk=form["k_wijk"].data if "k_wijk" in form else None)
