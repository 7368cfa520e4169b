"""Nieuwe aanmelding: choose the aanpak, find or create the person, register."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from casus import navigatie
from casus.audit import log_actie, log_wijziging
from casus.brp import services as brp
from casus.brp.forms import brp_aanmelding_form
from casus.brp.instellingen import brp_instellingen
from casus.casussen import casuswerk
from casus.casussen.forms import AanmeldingForm
from casus.casussen.validatie import wijken
from casus.personen import services as personen
from casus.toegang.policy import heeft_team, mag_aanmelden, team_aanpakken
from casus.werkplek.formulier import verwerk
from workflows import CATALOGUS
from workflows.base import Aanpak

bp = Blueprint("aanmelding", __name__)
navigatie.menupunt("aanmelding.kies", "Nieuwe aanmelding", heeft_team, 30)


def aanpak_of_404(code: str) -> Aanpak:
    """The aanpak of the URL, when this user may register in it; else 404."""
    if code not in CATALOGUS or not mag_aanmelden(current_user, code):
        abort(404)
    return CATALOGUS.get(code)


def formulier(definitie: Aanpak, ingediend: bool = False) -> AanmeldingForm:
    """The aanmelding form of this aanpak (with the key of a BRP check): empty, or
    ``ingediend``, as the request submitted it."""
    klasse = brp_aanmelding_form(definitie, wijken())
    return klasse() if ingediend else klasse(formdata=None)


def brp_mogelijk(aanpak: str) -> bool:
    """Whether the aanmelding offers the BRP lookup: the BRP is on, and this aanpak has a
    profile (its purpose and the data it may ask for)."""
    instellingen = brp_instellingen()
    return bool(instellingen.aan) and instellingen.profiel(aanpak) is not None


def _gekozen(keuze: str | None) -> personen.Gekozen | None:
    return personen.gekozen_persoon(current_user, keuze)


def _nieuwe_persoon(form: AanmeldingForm) -> bool:
    return bool((form.voornaam.data or "").strip() or (form.achternaam.data or "").strip())


def _dubbelen(form: AanmeldingForm) -> list[personen.Treffer]:
    if form.persoon_id.data or not _nieuwe_persoon(form):
        return []
    return personen.mogelijke_dubbelen(
        current_user,
        voornaam=form.voornaam.data or "",
        achternaam=form.achternaam.data or "",
        geboortedatum=form.geboortedatum.data,
        bsn=(form.bsn.data or "").strip() or None,
    )


def toon(
    aanpak: Aanpak, form: AanmeldingForm, status: int = 200, brp_paneel: object = None
) -> tuple[str, int]:
    """The aanmelding page with ``form`` as typed; ``brp_paneel``: what the BRP said
    (``casus.brp.views.Aanmeldpaneel``), shown next to the BSN."""
    zoek = request.args.get("zoek", "")
    gevonden = personen.zoek_personen(current_user, zoek) if zoek.strip() else None
    dubbelen = _dubbelen(form)
    for soort, lijst in (("zoeken", gevonden), ("dubbelen", dubbelen or None)):
        if lijst is not None:
            # which persons were shown; the search term itself may be personal data. An
            # exact match on a person of another team has its own record
            # (persoon.exact_bevestigd), written by the service.
            log_actie(
                "aanmelding.persoon_gezocht",
                object_type="persoon",
                aanpak=aanpak.code,
                details={
                    "soort": soort,
                    "aantal": len(lijst),
                    "persoon_ids": [t.persoon_id for t in lijst if t.persoon_id is not None],
                },
            )
    gekozen = _gekozen(form.persoon_id.data)
    if form.persoon_id.data and gekozen is None:
        form.persoon_id.data = ""  # an unknown or expired choice: choose again
    return render_template(
        "casussen/aanmelding.html",
        aanpak=aanpak,
        form=form,
        zoek=zoek,
        gevonden=gevonden,
        gekozen=gekozen.treffer if gekozen else None,
        dubbelen=dubbelen,
        brp_knop=brp_mogelijk(aanpak.code),
        brp=brp_paneel,
    ), status


@bp.get("/aanmelding")
@login_required
def kies() -> str | Response:
    aanpakken = [CATALOGUS.get(code) for code in team_aanpakken(current_user)]
    if not aanpakken:
        abort(404)
    if len(aanpakken) == 1:
        return redirect(url_for("aanmelding.nieuw", aanpak=aanpakken[0].code))
    return render_template("casussen/aanmelding_kies.html", aanpakken=aanpakken)


@bp.get("/aanmelding/<aanpak>")
@login_required
def nieuw(aanpak: str) -> tuple[str, int]:
    definitie = aanpak_of_404(aanpak)
    form = formulier(definitie)
    form.persoon_id.data = request.args.get("persoon", "")
    return toon(definitie, form)


@bp.post("/aanmelding/<aanpak>")
@login_required
def registreer(aanpak: str) -> Response | tuple[str, int]:
    definitie = aanpak_of_404(aanpak)
    form = formulier(definitie, ingediend=True)
    nieuw_id: list[int] = []

    def doe() -> str:
        gekozen = _gekozen(form.persoon_id.data)
        with log_wijziging(
            "casus.aangemeld", persoon=gekozen.persoon if gekozen else None, aanpak=aanpak
        ) as log:
            persoon = personen.persoon_voor_aanmelding(
                current_user,
                keuze=form.persoon_id.data,
                voornaam=form.voornaam.data,
                achternaam=form.achternaam.data,
                tussenvoegsel=form.tussenvoegsel.data,
                geboortedatum=form.geboortedatum.data,
                bsn=form.bsn.data,
                adres=form.adres.data,
                wijk=form["k_wijk"].data if "k_wijk" in form else None,
                andere_persoon=bool(form.andere_persoon.data),
            )
            casus = casuswerk.registreer_aanmelding(
                aanpak,
                actor=current_user,
                persoon=persoon,
                aanmeldreden=form.aanmeldreden.data,
                aangemeld_op=form.aangemeld_op.data,
                kenmerken={k.code: form[f"k_{k.code}"].data for k in definitie.kenmerken},
                leeftijd_bevestigd=bool(form.leeftijd_bevestigd.data),
            )
            log.object(casus=casus, persoon=persoon)
            # the BRP check made while the form was filled in, linked to the person
            # (nothing when there was none, or it does not fit: never a refusal)
            if persoon is not None:
                brp.koppel_aanmeldcontrole(current_user, form.brp_sleutel.data, persoon, aanpak)
        nieuw_id.append(casus.id)
        return f"Aanmelding {casus.ref} geregistreerd; de casus staat in de triagewachtrij."

    def terug() -> str:
        return (
            url_for("casussen.casus", casus_id=nieuw_id[0])
            if nieuw_id
            else url_for("werkplek.start")
        )

    return verwerk(form, doe, terug) or toon(definitie, form, 422)
