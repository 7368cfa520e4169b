"""What the triage meeting does: decide on aanmeldingen, keep its agenda and notes,
reassign regisseurs and correct mistaken status changes.

Every status move goes through ``casus.casussen.services``; these functions only add
the meeting around it. They flush and never commit. A change to a case takes
``verwachte_versie``, the case's version when the form was opened: a case changed
since then is refused (``Conflict``). Every change is logged, a refused one too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func, select

from casus.audit import log_actie, log_wijziging
from casus.auth.models import Gebruiker
from casus.casussen import stapregels
from casus.casussen.models import AANHOUDEN as EVENT_AANHOUDEN
from casus.casussen.models import Casus, Gebeurtenis
from casus.casussen.services import (
    conflict_bericht,
    corrigeer,
    pas_transitie_toe,
    voeg_administratief_toe,
    wijs_regisseur_toe,
)
from casus.errors import Conflict, Ongeldig, TransitieGeweigerd
from casus.extensions import db
from casus.klok import vandaag
from casus.notificaties import haken
from casus.toegang.actor import Actor, vereis_actor
from casus.toegang.policy import mag_overleg_bewerken, vereis, vereis_triage
from casus.toegang.queries import teamleden
from casus.triage import queries
from casus.triage.besluitdag import besluitdatum
from casus.triage.models import (
    AANHOUDEN,
    BESLUIT_TRIGGER,
    BESLUITEN,
    BRON_TOEGEVOEGD,
    BRON_WACHTRIJ,
    NIET_OPNEMEN,
    OMZETTEN,
    OPNEMEN,
    AgendaPunt,
    Overleg,
    OverlegAanpak,
)
from workflows import CATALOGUS
from workflows.base import AANGEMELD


def houd_aan(
    casus: Casus,
    *,
    actor: Actor,
    datum: date,
    toelichting: str | None,
    overleg: Overleg | None = None,
    verwachte_versie: int | None = None,
) -> Gebeurtenis:
    """Postpone the decision on an aanmelding to the next meeting, with a note."""
    actor = vereis_actor(actor)
    vereis_triage(actor, casus.aanpak)
    if casus.status != AANGEMELD:
        raise TransitieGeweigerd(
            "Alleen een aanmelding die op triage wacht kan worden aangehouden."
        )
    notitie = (toelichting or "").strip()
    if not notitie:
        raise TransitieGeweigerd("Noteer waarom het besluit wordt aangehouden.", "toelichting")
    return voeg_administratief_toe(
        casus,
        EVENT_AANHOUDEN,
        actor=actor,
        datum=datum,
        toelichting=notitie,
        data=_overleg_data(overleg),
        verwachte_versie=verwachte_versie,
    )


def neem_besluit(
    casus: Casus,
    besluit: str,
    *,
    actor: Actor,
    overleg: Overleg | None = None,
    regisseur: Gebruiker | None = None,
    reden: str | None = None,
    doel_aanpak: str | None = None,
    toelichting: str | None = None,
    verwachte_versie: int | None = None,
) -> Gebeurtenis:
    """Take a triage decision on an aanmelding, in ``overleg`` or outside a meeting.

    The decision is an event on the case: who (``actor``), when (``besluitdatum``: the
    meeting's date, else today) and in which meeting (``data["overleg_id"]``). Not
    taking a case in closes it: it needs a toelichting besides the reason.
    """
    actor = vereis_actor(actor)
    if besluit not in BESLUITEN:
        raise Ongeldig(f"Onbekend besluit '{besluit}'.", "besluit")
    with log_wijziging(
        "triage.besluit",
        gebruiker=actor,
        casus=casus,
        besluit=besluit,
        overleg_id=overleg.id if overleg else None,
    ):
        vereis_triage(actor, casus.aanpak)
        datum = besluitdatum(overleg)
        punt = _agendapunt_voor_besluit(overleg, casus, actor) if overleg else None
        if besluit == NIET_OPNEMEN and not (toelichting or "").strip():
            raise Ongeldig("Licht toe waarom de casus niet wordt opgenomen.", "toelichting")
        trigger = BESLUIT_TRIGGER[besluit]
        if trigger is None:
            gebeurtenis = houd_aan(
                casus,
                actor=actor,
                datum=datum,
                toelichting=toelichting,
                overleg=overleg,
                verwachte_versie=verwachte_versie,
            )
        else:
            gebeurtenis = pas_transitie_toe(
                casus,
                trigger,
                datum=datum,
                actor=actor,
                reden=reden,
                regisseur=regisseur if besluit == "opnemen" else None,
                doel_aanpak=doel_aanpak if besluit == "omzetten" else None,
                toelichting=(toelichting or "").strip() or None,
                data=_overleg_data(overleg),
                verwachte_versie=verwachte_versie,
            )
        if punt is not None:
            punt.besluit = besluit
            punt.gebeurtenis = gebeurtenis
            db.session.flush()
        haken.na_triagebesluit(casus, besluit, gebeurtenis, actor=actor)
        if besluit == OPNEMEN:
            haken.na_toewijzing(casus, regisseur, gebeurtenis, actor=actor)
    return gebeurtenis


def controleer_besluit(
    casus: Casus,
    *,
    actor: Actor,
    overleg: Overleg | None = None,
    besluit: str | None = None,
    doel_aanpak: str | None = None,
    verwachte_versie: int | None = None,
) -> date:
    """Whether a decision on ``casus`` could be taken now, before asking to confirm it
    (step one of "niet opnemen" and "omzetten"): the triage role, the meeting's day, the
    agenda item not decided yet, the case still waiting for triage and unchanged since
    the form was opened; for omzetten (``besluit``) also the target aanpak, with its age
    limits on the decision's date (a limit that only warns does not stop it). Raises the
    refusal ``neem_besluit`` would; writes nothing. Returns the decision's date."""
    actor = vereis_actor(actor)
    vereis_triage(actor, casus.aanpak)
    datum = besluitdatum(overleg)
    if overleg is not None:
        _niet_al_besloten(
            db.session.scalar(
                select(AgendaPunt).where(
                    AgendaPunt.overleg_id == overleg.id, AgendaPunt.casus_id == casus.id
                )
            )
        )
    if verwachte_versie is not None and casus.versie != verwachte_versie:
        raise Conflict(conflict_bericht())
    if casus.status != AANGEMELD:
        raise TransitieGeweigerd(
            "Alleen over een aanmelding die op triage wacht kan worden besloten."
        )
    if besluit == OMZETTEN:
        _controleer_doel(casus, doel_aanpak, datum)
    return datum


def maak_overleg(
    *,
    datum: date,
    aanpakken: Iterable[str],
    deelnemers: Sequence[Gebruiker],
    actor: Actor,
) -> Overleg:
    """Open a meeting; its agenda starts as the queue of its aanpakken at this moment."""
    actor = vereis_actor(actor)
    with log_wijziging("triage.overleg_aangemaakt", gebruiker=actor, object_type="overleg") as log:
        codes = [c for c in CATALOGUS.codes() if c in set(aanpakken)]
        if not codes:
            raise Ongeldig("Kies minstens één aanpak voor het overleg.", "aanpakken")
        for code in codes:
            vereis_triage(actor, code)
        toegestaan = {g.id for g in db.session.scalars(teamleden(codes))}
        buiten = [d.naam for d in deelnemers if d.id not in toegestaan]
        if buiten:
            raise Ongeldig(
                f"{', '.join(buiten)} is geen lid van een team van dit overleg.", "deelnemers"
            )
        overleg = Overleg(
            datum=datum,
            created_by_id=actor.id,
            aanpakken=[OverlegAanpak(aanpak=c) for c in codes],
            deelnemers=list(deelnemers),
        )
        db.session.add(overleg)
        db.session.flush()
        wachtrij = db.session.scalars(queries.wachtrij(actor, codes))
        for volgorde, casus in enumerate(wachtrij, 1):
            db.session.add(
                AgendaPunt(overleg=overleg, casus=casus, volgorde=volgorde, bron=BRON_WACHTRIJ)
            )
        db.session.flush()
        log.object(object_id=overleg.id, overleg_id=overleg.id)
    return overleg


def zet_op_agenda(overleg: Overleg, casus: Casus, *, actor: Actor) -> AgendaPunt:
    """Put a case (for instance from a review list) on the meeting's agenda."""
    actor = vereis_actor(actor)
    vereis_triage(actor, casus.aanpak)
    if casus.aanpak not in overleg.aanpak_codes:
        raise Ongeldig(
            f"Dit overleg bespreekt geen casussen van {CATALOGUS.get(casus.aanpak).kort}.",
            "casus",
        )
    bestaand = db.session.scalar(
        select(AgendaPunt).where(
            AgendaPunt.overleg_id == overleg.id, AgendaPunt.casus_id == casus.id
        )
    )
    if bestaand is not None:
        return bestaand
    hoogste = db.session.scalar(
        select(func.max(AgendaPunt.volgorde)).where(AgendaPunt.overleg_id == overleg.id)
    )
    punt = AgendaPunt(
        overleg=overleg, casus=casus, volgorde=(hoogste or 0) + 1, bron=BRON_TOEGEVOEGD
    )
    db.session.add(punt)
    db.session.flush()
    log_actie("triage.agenda", gebruiker=actor, casus=casus, overleg_id=overleg.id)
    return punt


def bewaar_notities(overleg: Overleg, tekst: str | None, *, actor: Actor) -> None:
    actor = vereis_actor(actor)
    vereis(
        mag_overleg_bewerken(actor, overleg),
        "Alleen leden van het triageoverleg kunnen de notities van dit overleg bijwerken.",
    )
    overleg.notities = (tekst or "").strip() or None
    db.session.flush()
    log_actie("triage.notities", gebruiker=actor, overleg_id=overleg.id)


def herverdeel(
    casus: Casus,
    regisseur: Gebruiker,
    *,
    actor: Actor,
    toelichting: str | None,
    verwachte_versie: int | None = None,
) -> Gebeurtenis:
    """Reassign the case to another regisseur of the aanpak's team (an event)."""
    actor = vereis_actor(actor)
    with log_wijziging("triage.toewijzen", gebruiker=actor, casus=casus, regisseur_id=regisseur.id):
        vereis_triage(actor, casus.aanpak)
        if regisseur.id == casus.regisseur_id:
            raise TransitieGeweigerd(
                f"{regisseur.naam} is al de regisseur van deze casus.", "regisseur"
            )
        return wijs_regisseur_toe(
            casus,
            regisseur,
            actor=actor,
            datum=vandaag(),
            toelichting=(toelichting or "").strip() or None,
            verwachte_versie=verwachte_versie,
        )


def corrigeer_status(
    casus: Casus, *, actor: Actor, reden: str, verwachte_versie: int | None = None
) -> Gebeurtenis:
    """Void the latest status change of the case (within the aanpak's term)."""
    actor = vereis_actor(actor)
    with log_wijziging("triage.corrigeren", gebruiker=actor, casus=casus):
        vereis_triage(actor, casus.aanpak)
        return corrigeer(casus, actor=actor, reden=reden, verwachte_versie=verwachte_versie)


# -- internals ---------------------------------------------------------------------


def _overleg_data(overleg: Overleg | None) -> dict[str, int] | None:
    return {"overleg_id": overleg.id} if overleg is not None else None


def _agendapunt_voor_besluit(overleg: Overleg, casus: Casus, actor: Actor) -> AgendaPunt:
    punt = zet_op_agenda(overleg, casus, actor=actor)
    _niet_al_besloten(punt)
    return punt


def _controleer_doel(casus: Casus, doel_aanpak: str | None, datum: date) -> None:
    """The target aanpak of omzetten as ``pas_transitie_toe`` judges it, with an age
    limit's refusal at the target's field (the person's date of birth is not on the
    decision's form)."""
    trigger = BESLUIT_TRIGGER[OMZETTEN]
    assert trigger is not None
    fouten = stapregels.controleer_stap(
        aanpak=casus.aanpak,
        status=casus.status,
        trigger=trigger,
        datum=datum,
        vorige_datum=None,
        vandaag=vandaag(),
        doel_aanpak=doel_aanpak or None,
        heeft_persoon=casus.persoon_id is not None,
        geboortedatum=casus.persoon.geboortedatum if casus.persoon is not None else None,
    )
    fout = next((f for f in fouten if not f.waarschuwing), None)
    if fout is None:
        return
    veld = stapregels.VELD_DOEL_AANPAK if fout.veld == stapregels.VELD_GEBOORTEDATUM else fout.veld
    raise (Ongeldig if fout.invoer else TransitieGeweigerd)(fout.bericht, veld)


def _niet_al_besloten(punt: AgendaPunt | None) -> None:
    if punt is None:
        return
    vervallen = punt.gebeurtenis is not None and punt.gebeurtenis.vervallen_door is not None
    if punt.besluit is not None and punt.besluit != AANHOUDEN and not vervallen:
        raise TransitieGeweigerd("Over deze casus is in dit overleg al besloten.")
