"""The one way a case is registered and changes status.

Web, CLI and import all call these functions. They lock the case, validate, append
to the event log, update the projection, and flush; they never commit. Anything
refused raises a ``DomeinFout`` with a Dutch message and changes nothing.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from casus.casussen import logrijen, stapregels, validatie
from casus.casussen.models import Casus, Casusalias, Casusstand, Gebeurtenis
from casus.casussen.projectie import statusgebeurtenissen
from casus.errors import Conflict, DomeinFout, GeenToegang, Ongeldig, TransitieGeweigerd
from casus.extensions import db
from casus.klok import nu, vandaag
from casus.notificaties import haken
from casus.rapportage.cache import standen_gewijzigd
from casus.toegang.actor import Actor, gebruiker_van, vereis_actor
from casus.toegang.policy import (
    is_triagelid,
    kan_regisseur_zijn,
    mag_aanmelden,
    mag_corrigeren,
    mag_toewijzen,
    mag_transitie,
)
from workflows import CATALOGUS
from workflows.base import AANGEMELD

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker
    from casus.personen.models import Persoon

GUARD_UITLEG = {
    "geen_recent_politiecontact": (
        "Er is in de afgelopen {maanden} maanden een negatief politie- of justitiecontact "
        "geregistreerd."
    ),
    "vooruitgang_op_leefgebied": (
        "Er is nog geen vooruitgang op een leefgebied vastgelegd: een latere "
        "leefgebiedenscore moet op minstens één leefgebied hoger zijn dan de eerste."
    ),
    "heeft_interventie": "Er is nog geen interventie geregistreerd op deze casus.",
}


def meld_aan(
    aanpak: str,
    *,
    actor: Actor,
    aangemeld_op: date,
    persoon: Persoon | None = None,
    kenmerken: dict[str, Any] | None = None,
    aanmeldreden: str | None = None,
    ref: str | None = None,
) -> Casus:
    """Register a new case in ``aanpak``; it lands in the triage queue."""
    actor = vereis_actor(actor)
    if aanpak not in CATALOGUS:
        raise Ongeldig(f"Onbekende aanpak '{aanpak}'.", "aanpak")
    if not mag_aanmelden(actor, aanpak):
        raise GeenToegang("U kunt alleen aanmelden bij een aanpak waarvan u teamlid bent.")
    definitie = CATALOGUS.get(aanpak)
    validatie.datum_niet_in_toekomst(aangemeld_op, "aangemeld_op")
    if definitie.persoon_verplicht and persoon is None:
        raise Ongeldig(
            f"Een aanmelding voor {definitie.kort} betreft altijd een persoon.", "persoon"
        )
    kenmerken = validatie.kenmerken(definitie, kenmerken or {})
    geboren = persoon.geboortedatum if persoon is not None else None
    weigering = next(
        (
            f
            for f in stapregels.controleer_leeftijd(aanpak, geboren, aangemeld_op)
            if not f.waarschuwing
        ),
        None,
    )
    if weigering is not None:  # a warning is the caller's to confirm (casuswerk)
        raise _weigering(weigering)
    auteur = gebruiker_van(actor)
    casus = Casus(
        ref=ref or f"tmp-{secrets.token_hex(8)}",  # replaced below once the id is known
        aanpak=aanpak,
        status=AANGEMELD,
        persoon=persoon,
        aangemeld_op=aangemeld_op,
        kenmerken=kenmerken,
        aanmeldreden=aanmeldreden,
        status_sinds=aangemeld_op,
        created_by_id=auteur.id if auteur else None,
    )
    db.session.add(casus)
    db.session.flush()
    if ref is None:
        casus.ref = logrijen.casusnummer(aanpak, aangemeld_op, casus.id)
    _voeg_toe(casus, logrijen.aanmelding(aanpak), datum=aangemeld_op, actor=actor)
    _schrijf_casusstand(casus)  # the projection columns were set above
    _flush(casus)
    return casus


def pas_transitie_toe(
    casus: Casus,
    trigger: str,
    *,
    actor: Actor,
    datum: date,
    reden: str | None = None,
    partij: str | None = None,
    regisseur: Gebruiker | None = None,
    doel_aanpak: str | None = None,
    toelichting: str | None = None,
    data: dict[str, Any] | None = None,
    verwachte_versie: int | None = None,
    historisch: bool = False,
) -> Gebeurtenis:
    """Apply the workflow step ``trigger`` to ``casus``.

    The step is judged by ``casus.casussen.stapregels`` (the first error is raised);
    rights by ``casus.toegang.policy``. ``historisch`` is for importing history: the
    guards that depend on casework, the receiving party and the regisseur are not
    required. Rights are always checked (the import's system actor has them).
    """
    actor = vereis_actor(actor)
    _vergrendel(casus, verwachte_versie)
    reden = (reden or "").strip() or None
    partij = (partij or "").strip() or None
    fouten = stapregels.controleer_stap(
        aanpak=casus.aanpak,
        status=casus.status,
        trigger=trigger,
        datum=datum,
        vorige_datum=_vorige_datum(casus),
        vandaag=vandaag(),
        reden=reden,
        partij=partij,
        doel_aanpak=doel_aanpak,
        heeft_persoon=casus.persoon_id is not None,
        regisseur=None if regisseur is None else regisseur.naam,
        regisseur_in_team=regisseur is not None and kan_regisseur_zijn(regisseur, casus.aanpak),
        historisch=historisch,
        geboortedatum=casus.persoon.geboortedatum if casus.persoon is not None else None,
    )
    # an age limit that only warns does not stop omzetten: triage decides with the person
    # in view (the aanmelding form asks for a confirmation instead)
    fouten = [f for f in fouten if not f.waarschuwing]
    transitie = stapregels.transitie_voor(casus.aanpak, casus.status, trigger)
    if transitie is None:  # refused before the rights: it says nothing about the case
        raise _weigering(next(f for f in fouten if f.veld == stapregels.VELD_TRANSITIE))
    if not mag_transitie(actor, casus, transitie):
        raise GeenToegang(f"U mag '{transitie.label.lower()}' niet uitvoeren op deze casus.")
    if fouten:
        raise _weigering(fouten[0])
    if not historisch:
        _controleer_guards(casus, trigger, reden, datum)

    velden = logrijen.statusstap(
        casus.aanpak,
        casus.status,
        trigger,
        reden=reden,
        partij=partij,
        doel_aanpak=doel_aanpak,
        regisseur_id=None if regisseur is None else regisseur.id,
        data=data,
    )
    gebeurtenis = _voeg_toe(casus, velden, datum=datum, actor=actor, toelichting=toelichting)
    _projecteer(casus)
    _flush(casus)
    return gebeurtenis


def wijs_regisseur_toe(
    casus: Casus,
    regisseur: Gebruiker | None,
    *,
    actor: Actor,
    datum: date,
    toelichting: str | None = None,
    verwachte_versie: int | None = None,
) -> Gebeurtenis:
    """(Re)assign the regisseur, or remove the assignment with ``regisseur=None``."""
    actor = vereis_actor(actor)
    _vergrendel(casus, verwachte_versie)
    if not mag_toewijzen(actor, casus):
        raise GeenToegang("Alleen de triage van deze aanpak kan een regisseur toewijzen.")
    validatie.datum_niet_in_toekomst(datum, "datum")
    if regisseur is not None:
        fouten = stapregels.controleer_regisseur(
            casus.aanpak, regisseur.naam, kan_regisseur_zijn(regisseur, casus.aanpak)
        )
        if fouten:
            raise _weigering(fouten[0])
    gebeurtenis = _voeg_toe(
        casus,
        logrijen.toewijzing(
            casus.aanpak, casus.status, None if regisseur is None else regisseur.id
        ),
        datum=datum,
        actor=actor,
        toelichting=toelichting,
    )
    _projecteer(casus)
    _flush(casus)
    haken.na_toewijzing(casus, regisseur, gebeurtenis, actor=actor)  # "aan u toegewezen"
    return gebeurtenis


def corrigeer(
    casus: Casus,
    *,
    actor: Actor,
    reden: str,
    verwachte_versie: int | None = None,
) -> Gebeurtenis:
    """Void the case's latest status change; the status returns to what it was before."""
    actor = vereis_actor(actor)
    _vergrendel(casus, verwachte_versie)
    definitie = casus.definitie
    if not mag_corrigeren(actor, casus):
        raise GeenToegang("Alleen de triage van deze aanpak kan een statuswijziging corrigeren.")
    if not (reden or "").strip():
        raise TransitieGeweigerd("Geef aan waarom de statuswijziging wordt gecorrigeerd.", "reden")
    events = statusgebeurtenissen(casus.gebeurtenissen)
    if len(events) < 2:
        raise TransitieGeweigerd("Er is geen statuswijziging om te corrigeren.")
    laatste = events[-1]
    termijn = definitie.instellingen.correctie_termijn_dagen
    if (vandaag() - laatste.geregistreerd_op.date()).days > termijn:
        raise TransitieGeweigerd(
            f"Deze statuswijziging is langer dan {termijn} dagen geleden vastgelegd en kan "
            "niet meer worden gecorrigeerd."
        )
    gebeurtenis = _voeg_toe(
        casus,
        logrijen.correctie(casus.status, casus.gebeurtenissen),
        datum=vandaag(),
        actor=actor,
        toelichting=reden.strip(),
        vervalt=laatste,
    )
    _projecteer(casus)
    _flush(casus)
    return gebeurtenis


def voeg_administratief_toe(
    casus: Casus,
    soort: str,
    *,
    actor: Actor,
    datum: date,
    toelichting: str | None = None,
    data: dict[str, Any] | None = None,
    verwachte_versie: int | None = None,
) -> Gebeurtenis:
    """Append an event that changes no status (``AANHOUDEN``), with the same lock and append.

    The rules of the event kind are the caller's (e.g. casus.triage.services); the actor
    must sit at the triage table of the case's aanpak.
    """
    actor = vereis_actor(actor)
    velden = logrijen.administratief(soort, casus.aanpak, casus.status, data)
    _vergrendel(casus, verwachte_versie)
    if not is_triagelid(actor, casus.aanpak):
        raise GeenToegang("Alleen de triage van deze aanpak kan een besluit aanhouden.")
    validatie.datum_niet_in_toekomst(datum, "datum")
    gebeurtenis = _voeg_toe(casus, velden, datum=datum, actor=actor, toelichting=toelichting)
    # no projected column changes, yet the case did: its version goes up (the UPDATE
    # also refuses a concurrent change), so a form opened before this event is stale
    flag_modified(casus, "status")
    _flush(casus)
    return gebeurtenis


def beschikbare_transities(casus: Casus, *, actor: Actor) -> list[str]:
    """Triggers this actor may fire on this case now (for showing the forms)."""
    actor = vereis_actor(actor)
    definitie = casus.definitie
    return [
        t
        for t in CATALOGUS.mogelijke_triggers(casus.aanpak, casus.status)
        if (tr := definitie.transitie(t)) is not None and mag_transitie(actor, casus, tr)
    ]


def guard_bezwaren(casus: Casus, trigger: str, reden: str | None, op: date) -> list[str]:
    """Dutch explanations of every guard that refuses this move on ``op`` (empty:
    allowed); each guard is judged on that date. Pure: the caller holds a case it may
    see."""
    definitie = casus.definitie
    maanden = definitie.instellingen.maanden_zonder_politiecontact
    return [
        GUARD_UITLEG[guard].format(maanden=maanden)
        for guard in definitie.guards_voor(trigger, reden)
        if not getattr(casus, guard)(op)
    ]


# -- internals ---------------------------------------------------------------------


def _vergrendel(casus: Casus, verwachte_versie: int | None) -> None:
    """Lock the row (PostgreSQL: SELECT ... FOR UPDATE) and reload it.

    On SQLite the version counter does the job: the UPDATE of a case that someone
    else changed meanwhile matches no row and is refused as a conflict.
    """
    if verwachte_versie is not None and casus.versie != verwachte_versie:
        raise Conflict(conflict_bericht())
    if db.session.get_bind().dialect.name == "postgresql":
        versie = casus.versie
        db.session.execute(
            select(Casus)
            .where(Casus.id == casus.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        db.session.refresh(casus, attribute_names=["gebeurtenissen"])
        if casus.versie != versie or (
            verwachte_versie is not None and casus.versie != verwachte_versie
        ):
            raise Conflict(conflict_bericht())


# one wording for a lost race, in the services and the checks made before them
def conflict_bericht() -> str:
    return (
        "Deze casus is intussen door iemand anders gewijzigd. Uw wijziging is niet "
        "opgeslagen; bekijk de casus opnieuw en probeer het nog eens."
    )


def _vorige_datum(casus: Casus) -> date | None:
    """The effective date of the case's latest valid status event."""
    events = statusgebeurtenissen(casus.gebeurtenissen)
    return events[-1].datum if events else None


def _weigering(fout: stapregels.Stapfout) -> DomeinFout:
    soort = Ongeldig if fout.invoer else TransitieGeweigerd
    return soort(fout.bericht, fout.veld)


def _controleer_guards(casus: Casus, trigger: str, reden: str | None, datum: date) -> None:
    bezwaren = guard_bezwaren(casus, trigger, reden, datum)
    if bezwaren:
        raise TransitieGeweigerd(" ".join(bezwaren), "reden")


def _voeg_toe(
    casus: Casus,
    velden: dict[str, Any],
    *,
    datum: date,
    actor: Actor,
    toelichting: str | None = None,
    vervalt: Gebeurtenis | None = None,
) -> Gebeurtenis:
    """Append the event with ``velden`` (casus.casussen.logrijen) to the case's log; a
    step into another aanpak gives the case a number of its series (``_hernummer``)."""
    velden, nieuw_ref = _hernummer(casus, velden, datum)
    volgnummer = (
        db.session.scalar(
            select(func.max(Gebeurtenis.volgnummer)).where(Gebeurtenis.casus_id == casus.id)
        )
        or 0
    ) + 1
    auteur = gebruiker_van(actor)
    rij = logrijen.gebeurtenis_rij(
        casus_id=casus.id,
        volgnummer=volgnummer,
        datum=datum,
        moment=nu(),
        gebruiker_id=auteur.id if auteur else None,
        toelichting=toelichting,
        **velden,
    )
    # the relationships too, so the session's collections hold the new event at once
    gebeurtenis = Gebeurtenis(**rij, casus=casus, gebruiker=auteur, vervalt=vervalt)
    db.session.add(gebeurtenis)
    _flush(casus)  # ids (and vervalt_id) are known before the replay
    if nieuw_ref is not None:  # with the projection, in the caller's one UPDATE of the case
        casus.ref = nieuw_ref
    return gebeurtenis


def _hernummer(
    casus: Casus, velden: dict[str, Any], datum: date
) -> tuple[dict[str, Any], str | None]:
    """When the event moves the case to an aanpak whose series its number is not of: the
    new aanpak's number for the case, its old one kept as an alias
    (``logrijen.hernummering``; the bulk writers' ``Logboek`` does the same)."""
    velden, nieuw = logrijen.hernummering(
        velden,
        ref=casus.ref,
        aanpak=casus.aanpak,
        aangemeld_op=casus.aangemeld_op,
        casus_id=casus.id,
    )
    if nieuw is None:
        return velden, None
    with db.session.no_autoflush:
        # a number the case had before is its own again (omgezet back, or corrected)
        db.session.execute(
            delete(Casusalias).where(Casusalias.casus_id == casus.id, Casusalias.ref == nieuw)
        )
        db.session.execute(insert(Casusalias), [logrijen.alias_rij(casus.id, casus.ref, datum)])
    return velden, nieuw


def _projecteer(casus: Casus) -> None:
    """Re-derive the case's projection columns and its ``casusstand`` rows from its log."""
    for kolom, waarde in logrijen.projectiekolommen(casus.gebeurtenissen).items():
        setattr(casus, kolom, waarde)
    _schrijf_casusstand(casus)


def _schrijf_casusstand(casus: Casus) -> None:
    """Rewrite the case's ``casusstand`` rows from its log and kenmerken (see
    casus.casussen.afgeleid); after every event and every change of the kenmerken."""
    # the case's own UPDATE waits for the caller's _flush, which turns a concurrent
    # change into a Conflict; these statements must not autoflush it first
    with db.session.no_autoflush:
        oud = db.session.execute(
            delete(Casusstand)
            .where(Casusstand.casus_id == casus.id)
            .returning(*Casusstand.__table__.c)
        ).mappings()
        nieuw = logrijen.standrijen(
            casus.id, casus.persoon_id, casus.kenmerken, casus.gebeurtenissen
        )
        db.session.execute(insert(Casusstand), nieuw)
    standen_gewijzigd(list(oud), nieuw)  # the reports from the first changed day on


def _flush(casus: Casus) -> None:
    """Flush; a concurrent change shows up here as a stale version or a taken volgnummer."""
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict(conflict_bericht()) from None
    except IntegrityError as fout:
        if "volgnummer" not in str(fout.orig):
            raise
        raise Conflict(conflict_bericht()) from None
    except OperationalError as fout:
        # SQLite: another connection wrote since this transaction's snapshot
        if "locked" not in str(fout.orig):
            raise
        raise Conflict(conflict_bericht()) from None
