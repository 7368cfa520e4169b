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

from casus.casussen import validatie
from casus.casussen.models import (
    AANHOUDEN,
    AANMELDEN,
    CORRIGEREN,
    TOEWIJZEN,
    Casus,
    Casusstand,
    Gebeurtenis,
)
from casus.casussen.projectie import replay, standen, statusgebeurtenissen
from casus.errors import Conflict, GeenToegang, Ongeldig, TransitieGeweigerd
from casus.extensions import db
from casus.klok import vandaag
from casus.toegang.policy import mag_transitie
from workflows import CATALOGUS, OngeldigeTransitie
from workflows.base import (
    AANGEMELD,
    STATUS_LABELS,
    VEREIST_DOEL_AANPAK,
    VEREIST_PARTIJ,
    VEREIST_REDEN,
)
from workflows.codes import ROL_REGISSEUR, ROL_TRIAGE

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
    aangemeld_op: date,
    persoon: Persoon | None = None,
    kenmerken: dict[str, Any] | None = None,
    aanmeldreden: str | None = None,
    gebruiker: Gebruiker | None = None,
    ref: str | None = None,
) -> Casus:
    """Register a new case in ``aanpak``; it lands in the triage queue."""
    if aanpak not in CATALOGUS:
        raise Ongeldig(f"Onbekende aanpak '{aanpak}'.", "aanpak")
    definitie = CATALOGUS.get(aanpak)
    validatie.datum_niet_in_toekomst(aangemeld_op, "aangemeld_op")
    if definitie.persoon_verplicht and persoon is None:
        raise Ongeldig(f"Een aanmelding voor {definitie.kort} betreft altijd een persoon.",
                       "persoon")
    kenmerken = validatie.kenmerken(definitie, kenmerken or {})
    casus = Casus(
        ref=ref or f"tmp-{secrets.token_hex(8)}",  # replaced below once the id is known
        aanpak=aanpak,
        status=AANGEMELD,
        persoon=persoon,
        aangemeld_op=aangemeld_op,
        kenmerken=kenmerken,
        aanmeldreden=aanmeldreden,
        status_sinds=aangemeld_op,
        created_by_id=gebruiker.id if gebruiker else None,
    )
    db.session.add(casus)
    db.session.flush()
    if ref is None:
        casus.ref = f"{definitie.casusprefix}-{aangemeld_op.year}-{casus.id:05d}"
    _voeg_toe(casus, AANMELDEN, van=None, naar=AANGEMELD, datum=aangemeld_op,
              gebruiker=gebruiker, aanpak=aanpak)
    _schrijf_standen(casus)  # the projection columns were set above
    _flush(casus)
    return casus


def pas_transitie_toe(
    casus: Casus,
    trigger: str,
    *,
    datum: date,
    gebruiker: Gebruiker | None,
    reden: str | None = None,
    partij: str | None = None,
    regisseur: Gebruiker | None = None,
    doel_aanpak: str | None = None,
    toelichting: str | None = None,
    data: dict[str, Any] | None = None,
    verwachte_versie: int | None = None,
    historisch: bool = False,
) -> Gebeurtenis:
    """Fire ``trigger`` on ``casus``.

    ``historisch`` is for importing history: guards that depend on casework, the
    receiving party and the regisseur are not required, and rights are not checked
    (there is no acting user). Everything else is checked the same.
    """
    _vergrendel(casus, verwachte_versie)
    definitie = casus.definitie
    try:
        transitie = CATALOGUS.fire(casus.aanpak, casus.status, trigger)
    except (OngeldigeTransitie, KeyError):
        raise TransitieGeweigerd(_onmogelijk(casus, trigger), "transitie") from None
    if gebruiker is not None and not mag_transitie(gebruiker, casus, transitie):
        raise GeenToegang(f"U mag '{transitie.label.lower()}' niet uitvoeren op deze casus.")
    _controleer_datum(casus, datum)

    reden = (reden or "").strip() or None
    partij = (partij or "").strip() or None
    if VEREIST_REDEN in transitie.vereist:
        if reden is None:
            raise TransitieGeweigerd(f"Kies een reden om te '{transitie.label.lower()}'.", "reden")
        if not any(r.code == reden for r in definitie.redenen_voor(trigger)):
            raise TransitieGeweigerd(
                f"'{reden}' is geen reden voor '{transitie.label.lower()}' in {definitie.kort}.",
                "reden",
            )
    elif reden is not None:
        raise TransitieGeweigerd(f"'{transitie.label}' kent geen reden.", "reden")
    if VEREIST_PARTIJ in transitie.vereist and partij is None and not historisch:
        raise TransitieGeweigerd("Vul in aan welke partij de casus wordt overgedragen.", "partij")

    extra = dict(data or {})
    nieuwe_aanpak = casus.aanpak
    if VEREIST_DOEL_AANPAK in transitie.vereist:
        nieuwe_aanpak = _doel_aanpak(casus, doel_aanpak)
        extra["van_aanpak"] = casus.aanpak
    if trigger == "triageren":
        if regisseur is not None:
            _controleer_regisseur(regisseur, casus.aanpak)
            extra["regisseur_id"] = regisseur.id
        elif not historisch:
            raise TransitieGeweigerd("Wijs een regisseur toe om de casus op te nemen.", "regisseur")
    if not historisch:
        _controleer_guards(casus, trigger, reden, datum)

    gebeurtenis = _voeg_toe(
        casus, trigger, van=casus.status, naar=transitie.doel, datum=datum, gebruiker=gebruiker,
        aanpak=nieuwe_aanpak, reden=reden, partij=partij, toelichting=toelichting,
        data=extra or None,
    )
    _projecteer(casus)
    _flush(casus)
    return gebeurtenis


def wijs_regisseur_toe(
    casus: Casus, regisseur: Gebruiker | None, *, gebruiker: Gebruiker | None, datum: date,
    toelichting: str | None = None, verwachte_versie: int | None = None,
) -> Gebeurtenis:
    """(Re)assign the regisseur, or remove the assignment with ``regisseur=None``."""
    _vergrendel(casus, verwachte_versie)
    if gebruiker is not None and casus.aanpak not in gebruiker.aanpakken_als(ROL_TRIAGE):
        raise GeenToegang("Alleen de triage van deze aanpak kan een regisseur toewijzen.")
    validatie.datum_niet_in_toekomst(datum, "datum")
    if regisseur is not None:
        _controleer_regisseur(regisseur, casus.aanpak)
    gebeurtenis = _voeg_toe(
        casus, TOEWIJZEN, van=casus.status, naar=casus.status, datum=datum, gebruiker=gebruiker,
        aanpak=casus.aanpak, toelichting=toelichting,
        data={"regisseur_id": regisseur.id if regisseur else None},
    )
    _projecteer(casus)
    _flush(casus)
    return gebeurtenis


def corrigeer(
    casus: Casus, *, gebruiker: Gebruiker | None, reden: str,
    verwachte_versie: int | None = None,
) -> Gebeurtenis:
    """Void the case's latest status change; the status returns to what it was before."""
    _vergrendel(casus, verwachte_versie)
    definitie = casus.definitie
    if gebruiker is not None and casus.aanpak not in gebruiker.aanpakken_als(ROL_TRIAGE):
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
        casus, CORRIGEREN, van=casus.status, naar=events[-2].naar_status, datum=vandaag(),
        gebruiker=gebruiker, aanpak=events[-2].aanpak, toelichting=reden.strip(),
        vervalt=laatste,
    )
    _projecteer(casus)
    _flush(casus)
    return gebeurtenis


def registreer_administratief(
    casus: Casus, soort: str, *, gebruiker: Gebruiker | None, datum: date,
    toelichting: str | None = None, data: dict[str, Any] | None = None,
    verwachte_versie: int | None = None,
) -> Gebeurtenis:
    """Append an event that changes no status (``AANHOUDEN``), with the same lock and append.

    Rights and the rules of the event kind are the caller's (e.g. casus.triage.services).
    """
    if soort != AANHOUDEN:
        raise ValueError(f"not an administrative event kind: {soort!r}")
    _vergrendel(casus, verwachte_versie)
    validatie.datum_niet_in_toekomst(datum, "datum")
    gebeurtenis = _voeg_toe(
        casus, soort, van=casus.status, naar=casus.status, datum=datum, gebruiker=gebruiker,
        aanpak=casus.aanpak, toelichting=toelichting, data=data,
    )
    # no projected column changes, yet the case did: its version goes up (the UPDATE
    # also refuses a concurrent change), so a form opened before this event is stale
    flag_modified(casus, "status")
    _flush(casus)
    return gebeurtenis


def beschikbare_transities(casus: Casus, gebruiker: Gebruiker) -> list[str]:
    """Triggers this user may fire on this case now (for showing the forms)."""
    definitie = casus.definitie
    return [
        t for t in CATALOGUS.available(casus.aanpak, casus.status)
        if (tr := definitie.transitie(t)) is not None and mag_transitie(gebruiker, casus, tr)
    ]


def guard_bezwaren(casus: Casus, trigger: str, reden: str | None, op: date) -> list[str]:
    """Dutch explanations of every guard that refuses this move now (empty: allowed)."""
    definitie = casus.definitie
    bezwaren = []
    for guard in definitie.guards_voor(trigger, reden):
        predicaat = getattr(casus, guard)
        ok = predicaat(op) if guard == "geen_recent_politiecontact" else predicaat()
        if not ok:
            maanden = definitie.instellingen.maanden_zonder_politiecontact
            bezwaren.append(GUARD_UITLEG[guard].format(maanden=maanden))
    return bezwaren


# -- internals ---------------------------------------------------------------------


def _vergrendel(casus: Casus, verwachte_versie: int | None) -> None:
    """Lock the row (PostgreSQL: SELECT ... FOR UPDATE) and reload it.

    On SQLite the version counter does the job: the UPDATE of a case that someone
    else changed meanwhile matches no row and is refused as a conflict.
    """
    if verwachte_versie is not None and casus.versie != verwachte_versie:
        raise Conflict(_conflict_bericht())
    if db.session.get_bind().dialect.name == "postgresql":
        versie = casus.versie
        db.session.execute(
            select(Casus).where(Casus.id == casus.id).with_for_update()
            .execution_options(populate_existing=True)
        )
        db.session.refresh(casus, attribute_names=["gebeurtenissen"])
        if casus.versie != versie or (
            verwachte_versie is not None and casus.versie != verwachte_versie
        ):
            raise Conflict(_conflict_bericht())


def _conflict_bericht() -> str:
    return (
        "Deze casus is intussen door iemand anders gewijzigd. Uw wijziging is niet "
        "opgeslagen; bekijk de casus opnieuw en probeer het nog eens."
    )


def _onmogelijk(casus: Casus, trigger: str) -> str:
    status = STATUS_LABELS.get(casus.status, casus.status)
    definitie = casus.definitie
    transitie = definitie.transitie(trigger)
    if transitie is None:
        return f"'{trigger}' is geen statuswijziging in {definitie.kort}."
    return f"'{transitie.label}' is niet mogelijk: de casus heeft de status '{status}'."


def _controleer_datum(casus: Casus, datum: date) -> None:
    validatie.datum_niet_in_toekomst(datum, "datum")
    events = statusgebeurtenissen(casus.gebeurtenissen)
    if events and datum < events[-1].datum:
        raise TransitieGeweigerd(
            f"De ingangsdatum {datum:%d-%m-%Y} ligt vóór de vorige statuswijziging "
            f"({events[-1].datum:%d-%m-%Y}).",
            "datum",
        )


def _doel_aanpak(casus: Casus, doel: str | None) -> str:
    if not doel:
        raise TransitieGeweigerd("Kies de aanpak waarnaar de aanmelding wordt omgezet.",
                                 "doel_aanpak")
    if doel not in CATALOGUS:
        raise TransitieGeweigerd(f"Onbekende aanpak '{doel}'.", "doel_aanpak")
    if doel == casus.aanpak:
        raise TransitieGeweigerd("De aanmelding staat al in deze aanpak.", "doel_aanpak")
    doel_def = CATALOGUS.get(doel)
    if doel_def.persoon_verplicht and casus.persoon_id is None:
        raise TransitieGeweigerd(
            f"{doel_def.kort} werkt alleen met personen; deze aanmelding betreft geen persoon.",
            "doel_aanpak",
        )
    return doel


def _controleer_regisseur(regisseur: Gebruiker, aanpak: str) -> None:
    if not regisseur.is_active or aanpak not in regisseur.aanpakken_als(ROL_REGISSEUR):
        raise TransitieGeweigerd(
            f"{regisseur.naam} is geen regisseur in het team van "
            f"{CATALOGUS.get(aanpak).kort}.",
            "regisseur",
        )


def _controleer_guards(casus: Casus, trigger: str, reden: str | None, datum: date) -> None:
    bezwaren = guard_bezwaren(casus, trigger, reden, datum)
    if bezwaren:
        raise TransitieGeweigerd(" ".join(bezwaren), "reden")


def _voeg_toe(
    casus: Casus, transitie: str, *, van: str | None, naar: str, datum: date,
    gebruiker: Gebruiker | None, aanpak: str, reden: str | None = None,
    partij: str | None = None, toelichting: str | None = None,
    data: dict[str, Any] | None = None, vervalt: Gebeurtenis | None = None,
) -> Gebeurtenis:
    volgnummer = (
        db.session.scalar(
            select(func.max(Gebeurtenis.volgnummer)).where(Gebeurtenis.casus_id == casus.id)
        )
        or 0
    ) + 1
    gebeurtenis = Gebeurtenis(
        casus=casus, volgnummer=volgnummer, transitie=transitie, van_status=van,
        naar_status=naar, aanpak=aanpak, datum=datum, gebruiker=gebruiker, reden=reden,
        partij=partij, toelichting=toelichting, data=data, vervalt=vervalt,
    )
    db.session.add(gebeurtenis)
    _flush(casus)  # ids (and vervalt_id) are known before the replay
    return gebeurtenis


def _projecteer(casus: Casus) -> None:
    """Re-derive the case's projection columns and its ``casusstand`` rows from its log."""
    p = replay(casus.gebeurtenissen)
    casus.status = p.status
    casus.aanpak = p.aanpak
    casus.status_sinds = p.status_sinds
    casus.opname_op = p.opname_op
    casus.afgesloten_op = p.afgesloten_op
    casus.regisseur_id = p.regisseur_id
    _schrijf_standen(casus)


def _schrijf_standen(casus: Casus) -> None:
    """Rewrite the case's ``casusstand`` rows from its log and kenmerken (see
    casus.casussen.standen); after every event and every change of the kenmerken."""
    # the case's own UPDATE waits for the caller's _flush, which turns a concurrent
    # change into a Conflict; these statements must not autoflush it first
    with db.session.no_autoflush:
        db.session.execute(delete(Casusstand).where(Casusstand.casus_id == casus.id))
        db.session.execute(insert(Casusstand),
                           [s.als_rij(casus.id, casus.persoon_id, casus.kenmerken)
                            for s in standen(casus.gebeurtenissen)])


def _flush(casus: Casus) -> None:
    """Flush; a concurrent change shows up here as a stale version or a taken volgnummer."""
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict(_conflict_bericht()) from None
    except IntegrityError as fout:
        if "volgnummer" not in str(fout.orig):
            raise
        raise Conflict(_conflict_bericht()) from None
    except OperationalError as fout:
        # SQLite: another connection wrote since this transaction's snapshot
        if "locked" not in str(fout.orig):
            raise
        raise Conflict(_conflict_bericht()) from None
