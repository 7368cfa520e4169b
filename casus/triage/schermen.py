"""The triage decision screens, rendered: the triage page of a case, meeting mode and
the confirmation of "niet opnemen" and "omzetten". Each shows the dossier card and logs
that it was viewed; a refused decision comes back on the screen it was sent from, with
what was chosen still chosen and its errors at its form (``geweigerd``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, render_template
from flask_login import current_user
from sqlalchemy import select

from casus.audit import log_actie
from casus.casussen import logrijen, stapregels
from casus.casussen.models import Casus
from casus.errors import DomeinFout
from casus.extensions import db
from casus.klok import vandaag
from casus.toegang.bekend import andere_aanpakken
from casus.toegang.policy import triage_aanpakken
from casus.toegang.queries import zichtbare_overleggen
from casus.triage import queries
from casus.triage.besluitdag import besluitdatum, besluiten_vanaf
from casus.triage.dossier import Dossierkaart, dossierkaart
from casus.triage.forms import BesluitForm, CorrectieForm, ToewijzenForm
from casus.triage.models import BESLUIT_TRIGGER, OMZETTEN, AgendaPunt, Overleg, OverlegAanpak
from casus.triage.weergave import besluit_keuzes, tijdlijn
from workflows import CATALOGUS
from workflows.base import AANGEMELD, Aanpak

# the ids of a decision's fields on the screens (four forms on one page: each id once)
VELD_IDS = {
    "regisseur": "regisseur-{casus}",
    "reden": "reden-{casus}",
    "doel_aanpak": "doel-{casus}",
    "toelichting": "toelichting-{besluit}-{casus}",
}


def _kaart(casus: Casus, *, overleg_id: int | None = None) -> Dossierkaart:
    """The dossier card, logged as the triage view of the case (with the other cases
    it shows, by id)."""
    kaart = dossierkaart(casus, current_user)
    log_actie(
        "triage.casus_bekeken",
        gebruiker=current_user,
        casus=casus,
        persoon=casus.persoon_id,
        overleg_id=overleg_id,
        dossier_casus_ids=[c.id for c in kaart.casussen],
    )
    return kaart


def met_veld_ids(form: BesluitForm, casus: Casus) -> BesluitForm:
    """Give the refused form's fields the ids they have on the page, so the error
    summary links to them."""
    besluit = form.besluit.data or ""
    for naam, patroon in VELD_IDS.items():
        getattr(form, naam).id = patroon.format(casus=casus.id, besluit=besluit)
    return form


def casuspagina(casus: Casus, geweigerd: BesluitForm | None = None) -> str:
    kaart = _kaart(casus)
    versie = str(casus.versie)
    return render_template(
        "triage/casus.html",
        casus=casus,
        dossier=kaart,
        keuzes=besluit_keuzes(casus),
        tijdlijn=tijdlijn(casus),
        toewijzen=ToewijzenForm(formdata=None, versie=versie),
        correctie=CorrectieForm(formdata=None, versie=versie),
        overleggen=open_overleggen(casus),
        geweigerd=geweigerd and met_veld_ids(geweigerd, casus),
    )


def vergaderpagina(overleg: Overleg, n: int, geweigerd: BesluitForm | None = None) -> str:
    agenda = list(db.session.scalars(queries.agenda(overleg, current_user)).unique())
    if not 1 <= n <= len(agenda):
        abort(404)
    punt = agenda[n - 1]
    kaart = _kaart(punt.casus, overleg_id=overleg.id)
    andere = andere_aanpakken(current_user, [punt.casus])
    return render_template(
        "triage/vergadermodus.html",
        overleg=overleg,
        punt=punt,
        n=n,
        totaal=len(agenda),
        casus=punt.casus,
        dossier=kaart,
        keuzes=besluit_keuzes(punt.casus),
        andere=andere.get(punt.casus_id, []),
        aanhouding=queries.laatste_aanhoudingen([punt.casus_id]).get(punt.casus_id),
        # before the meeting's day its decision forms say from when they work
        besluiten_vanaf=besluiten_vanaf(overleg) if overleg.datum > vandaag() else None,
        geweigerd=geweigerd and met_veld_ids(geweigerd, punt.casus),
    )


@dataclass(frozen=True)
class Omzetting:
    """What omzetten to ``naar`` does to the case, for its confirmation page."""

    naar: Aanpak
    status: str  # the case's status in ``naar`` (the workflow's)
    nummer: str | None  # the case's number in ``naar``'s series; None: it keeps its own
    waarschuwingen: list[str]  # age limits of ``naar`` that warn (they do not stop it)
    eigen_wachtrij: bool  # the user is in the triage of ``naar`` too


def omzetting(casus: Casus, doel: str | None, datum: date) -> Omzetting | None:
    """What omzetten ``casus`` to ``doel`` on ``datum`` does; None when ``doel`` is not
    an aanpak it can go to."""
    transitie = stapregels.transitie_voor(
        casus.aanpak, casus.status, BESLUIT_TRIGGER[OMZETTEN] or ""
    )
    if transitie is None or not doel or doel not in CATALOGUS or doel == casus.aanpak:
        return None
    _, nummer = logrijen.hernummering(
        {"aanpak": doel},
        ref=casus.ref,
        aanpak=casus.aanpak,
        aangemeld_op=casus.aangemeld_op,
        casus_id=casus.id,
    )
    geboren = casus.persoon.geboortedatum if casus.persoon is not None else None
    return Omzetting(
        naar=CATALOGUS.get(doel),
        status=transitie.doel,
        nummer=nummer,
        waarschuwingen=[
            f.bericht
            for f in stapregels.controleer_leeftijd(doel, geboren, datum)
            if f.waarschuwing
        ],
        eigen_wachtrij=doel in triage_aanpakken(current_user),
    )


def bevestigpagina(casus: Casus, form: BesluitForm, overleg: Overleg | None, terug: str) -> str:
    """Step two of "niet opnemen" or "omzetten": what will happen, what was chosen (the
    reason, the target aanpak: it can still be changed) and a toelichting."""
    try:
        datum: date | None = besluitdatum(overleg)
    except DomeinFout:  # the meeting's day has not come: the form says so
        datum = None
    keuzes = besluit_keuzes(casus)
    form.reden.choices = [("", "Kies een reden"), *keuzes.redenen]
    form.doel_aanpak.choices = [("", "Kies een aanpak"), *keuzes.aanpakken]
    kaart = _kaart(casus, overleg_id=overleg.id if overleg else None)
    return render_template(
        "triage/bevestigen.html",
        casus=casus,
        form=form,
        overleg=overleg,
        dossier=kaart,
        terug=terug,
        datum=datum,
        omzetting=omzetting(casus, form.getoonde_aanpak.data, datum or vandaag())
        if form.besluit.data == OMZETTEN
        else None,
    )


def open_overleggen(casus: Casus) -> list[Overleg]:
    """The latest meetings up to today that cover the case's aanpak (newest first)."""
    return list(
        db.session.scalars(
            zichtbare_overleggen(current_user)
            .where(
                Overleg.datum <= vandaag(),
                Overleg.id.in_(
                    select(OverlegAanpak.overleg_id).where(OverlegAanpak.aanpak == casus.aanpak)
                ),
            )
            .order_by(Overleg.datum.desc(), Overleg.id.desc())
            .limit(5)
        )
    )


def volgend_punt(overleg: Overleg, casus: Casus) -> tuple[int | None, list[int]]:
    """After a decision on ``casus`` in meeting mode: the number of the next agenda item
    the user may see (None: it was the last), and the numbers of the items that are
    still undecided."""
    decided = db.session.scalar(
        select(AgendaPunt.volgorde).where(
            AgendaPunt.overleg_id == overleg.id, AgendaPunt.casus_id == casus.id
        )
    )
    agenda = list(db.session.scalars(queries.agenda(overleg, current_user)).unique())
    volgende = next(
        (n for n, p in enumerate(agenda, 1) if decided is not None and p.volgorde > decided), None
    )
    open_ = [
        n for n, p in enumerate(agenda, 1) if p.besluit is None and p.casus.status == AANGEMELD
    ]
    return volgende, open_
