"""The BRP services: the check at the aanmelding, the refresh on the person page, taking
over what the BRP says, and the signals of a move out of the municipality or a death.

Every function takes the actor, checks its right through ``casus.toegang``, flushes and
never commits. Every query of the BRP writes one audit record ``brp.geraadpleegd`` with
its purpose (the aanpak's profile), the groups asked for, why it was asked and its
outcome; it is a plain ``log_actie`` record, which the audit layer writes again after
the request's rollback (``casus.audit.services.bewaar_na_verzoek``): a query that was
made stays on the record even when the form around it is refused.

Purpose binding: what the BRP said for one aanpak's purpose is stored under that aanpak
and only used for that aanpak's cases (its signals, the data taken over by its team).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import delete, exists, or_, select

from casus.audit import log_actie
from casus.brp import BrpPersoon, Raadpleging
from casus.brp.client import raadpleeg
from casus.brp.instellingen import Brpprofiel, brp_instellingen
from casus.brp.models import OVERLEDEN, VERHUISD, BrpControle, BrpWijziging
from casus.casussen.models import Casus
from casus.errors import GeenToegang, Ongeldig
from casus.extensions import db
from casus.klok import nu
from casus.personen.models import Persoon
from casus.templating import datum as datumtekst
from casus.toegang.actor import Actor, gebruiker_van, vereis_actor
from casus.toegang.policy import (
    mag_brp_gegevens_overnemen,
    mag_brp_raadplegen,
    mag_casus_bewerken,
    mag_casus_zien,
    vereis,
)
from casus.toegang.queries import brp_casussen, brp_persoon_aanpakken
from workflows import CATALOGUS
from workflows.base import OPEN_STATUSSEN

# how long the check made at an aanmelding waits for the aanmelding to be registered
# (unlinked, it is deleted after this)
AANMELDCONTROLE_MINUTEN = 60
# the municipality's code when BRP_GEMEENTECODE is not set (Zoetermeer)
STANDAARD_GEMEENTECODE = "0637"
# failures that sent nothing to the BRP (no profile; a BSN failing the elfproef): no
# query, so no audit record of one
NIET_GEVRAAGD = ("niet_ingesteld", "ongeldig_bsn")

# the person's fields the BRP's data may replace, with their Dutch labels (never the
# date of birth: see ``neem_gegevens_over``)
OVERNEEMBAAR: dict[str, str] = {
    "voornaam": "Voornaam",
    "tussenvoegsel": "Tussenvoegsel",
    "achternaam": "Achternaam",
    "adres": "Adres",
}

GEEN_TOEGANG = "U kunt de BRP voor deze persoon en aanpak niet raadplegen."


@dataclass(frozen=True)
class Aanmeldcontrole:
    """The outcome of the check at an aanmelding."""

    raadpleging: Raadpleging
    sleutel: str | None  # set when a person was found and the result was kept


@dataclass(frozen=True)
class Verversing:
    """The outcome of a refresh: the query, the check stored (None on a failure), the
    check before it, and the signals it made."""

    raadpleging: Raadpleging
    controle: BrpControle | None
    vorige: BrpControle | None
    wijzigingen: list[BrpWijziging]


# -- the settings ------------------------------------------------------------------------


def _profiel(aanpak: str) -> Brpprofiel | None:
    return brp_instellingen().profiel(aanpak)


def _eigen_gemeentecode() -> str:
    return brp_instellingen().gemeentecode or STANDAARD_GEMEENTECODE


def _vraag(aanpak: str, bsn: str, actor: Actor) -> Raadpleging:
    return raadpleeg(aanpak, bsn, actor.gebruikersnaam)


# -- the aanmelding ----------------------------------------------------------------------


def _sleutelhash(sleutel: str) -> str:
    return hashlib.sha256(sleutel.encode()).hexdigest()


def raadpleeg_bij_aanmelding(actor: Actor, aanpak: str, bsn: str) -> Aanmeldcontrole:
    """Query the BRP for the BSN typed in an aanmelding of ``aanpak`` (who may register
    one there). A person found is kept unlinked under a fresh random key, which the form
    carries to ``koppel_aanmeldcontrole``; the user's earlier unlinked checks and every
    expired one are deleted."""
    actor = vereis_actor(actor)
    vereis(mag_brp_raadplegen(actor, aanpak), GEEN_TOEGANG)
    # the query before any write: on SQLite a write would hold the database's write lock
    # while the BRP answers
    raadpleging = _vraag(aanpak, bsn, actor)
    _ruim_aanmeldcontroles_op(actor)
    _log_raadpleging(actor, raadpleging, aanleiding="aanmelding", persoon=None)
    if raadpleging.persoon is None:
        return Aanmeldcontrole(raadpleging, None)
    sleutel = secrets.token_urlsafe(32)
    controle = _bewaar(actor, raadpleging, raadpleging.persoon, persoon=None)
    controle.sleutel_hash = _sleutelhash(sleutel)
    db.session.flush()
    return Aanmeldcontrole(raadpleging, sleutel)


def _ruim_aanmeldcontroles_op(actor: Actor) -> None:
    """Delete the expired unlinked checks, and this user's earlier unlinked ones."""
    verlopen = BrpControle.gecontroleerd_op < nu() - timedelta(minutes=AANMELDCONTROLE_MINUTEN)
    eigen = BrpControle.gebruiker_id == actor.id if actor.id is not None else None
    voorwaarde = verlopen if eigen is None else or_(verlopen, eigen)
    db.session.execute(
        delete(BrpControle)
        .where(BrpControle.persoon_id.is_(None), voorwaarde)
        .execution_options(synchronize_session=False)
    )


def koppel_aanmeldcontrole(
    actor: Actor, sleutel: str | None, persoon: Persoon, aanpak: str
) -> BrpControle | None:
    """Link the check kept under ``sleutel`` to the person of the aanmelding just made
    (inside its transaction): only the same user's check, in the same aanpak, of this
    person's BSN, not expired. Anything else links nothing and returns None: the BRP
    never blocks an aanmelding."""
    actor = vereis_actor(actor)
    vereis(mag_brp_raadplegen(actor, aanpak), GEEN_TOEGANG)
    if not sleutel or not persoon.bsn:
        return None
    controle = db.session.scalars(
        select(BrpControle).where(
            BrpControle.sleutel_hash == _sleutelhash(sleutel), BrpControle.persoon_id.is_(None)
        )
    ).first()
    grens = nu() - timedelta(minutes=AANMELDCONTROLE_MINUTEN)
    if (
        controle is None
        or controle.gebruiker_id != actor.id
        or controle.aanpak != aanpak
        or controle.bsn != persoon.bsn
        or controle.gecontroleerd_op < grens
    ):
        return None
    if persoon.id is None:
        db.session.flush()
    controle.persoon_id = persoon.id
    controle.sleutel_hash = None
    db.session.flush()
    # the query was logged before the person existed: this names them, for the inzage
    profiel = _profiel(aanpak)
    log_actie(
        "brp.aanmeldcontrole_gekoppeld",
        persoon=persoon,
        gebruiker=actor,
        details={
            "aanpak": aanpak,
            "doelbinding": profiel.doelbinding if profiel is not None else None,
            "gegevens": list(profiel.gegevens) if profiel is not None else [],
            "brp_controle_id": controle.id,
        },
    )
    return controle


# -- the person page ---------------------------------------------------------------------


def brp_aanpakken(actor: Actor, persoon: Persoon) -> list[str]:
    """The aanpakken in which the actor may query the BRP for ``persoon`` (catalogue
    order): a BRP profile, a team member, and a case of the person there the actor may
    see. Nothing for a person the actor may not see."""
    actor = vereis_actor(actor)
    eigen = set(db.session.scalars(brp_persoon_aanpakken(actor, persoon.id)))
    return [
        code
        for code in CATALOGUS.codes()
        if code in eigen and mag_brp_raadplegen(actor, code) and _profiel(code) is not None
    ]


def ververs_persoon(actor: Actor, persoon: Persoon, aanpak: str) -> Verversing:
    """Query the BRP for ``persoon`` for the purpose of ``aanpak``, store the answer and
    signal a move out of the municipality or a death since the previous check on the
    person's open cases of that aanpak."""
    actor = vereis_actor(actor)
    vereis(aanpak in brp_aanpakken(actor, persoon), GEEN_TOEGANG)
    if not persoon.bsn:
        raise Ongeldig(
            "Van deze persoon is geen burgerservicenummer bekend; de BRP is alleen met een "
            "BSN te raadplegen."
        )
    return _ververs(actor, persoon, aanpak, aanleiding="persoon")


def _ververs(actor: Actor, persoon: Persoon, aanpak: str, *, aanleiding: str) -> Verversing:
    """One query for a stored person (the refresh, the batch): the caller checked the
    right."""
    assert persoon.bsn is not None
    vorige = _laatste(persoon.id, aanpak)
    raadpleging = _vraag(aanpak, persoon.bsn, actor)
    _log_raadpleging(actor, raadpleging, aanleiding=aanleiding, persoon=persoon)
    if raadpleging.persoon is None:
        return Verversing(raadpleging, None, vorige, [])
    controle = _bewaar(actor, raadpleging, raadpleging.persoon, persoon=persoon)
    wijzigingen = _signaleer(actor, persoon, controle, vorige)
    return Verversing(raadpleging, controle, vorige, wijzigingen)


def laatste_controles(actor: Actor, persoon: Persoon) -> list[BrpControle]:
    """The latest stored check of the person per aanpak the actor may query for them
    (``brp_aanpakken``), in that order."""
    actor = vereis_actor(actor)
    controles = (_laatste(persoon.id, aanpak) for aanpak in brp_aanpakken(actor, persoon))
    return [c for c in controles if c is not None]


def neem_gegevens_over(actor: Actor, persoon: Persoon, controle_id: int) -> list[str]:
    """Copy the name and address of the person's latest check of an aanpak onto the
    person (who may work on a case of theirs in that aanpak); the Dutch labels of the
    fields that changed, [] when nothing differed."""
    actor = vereis_actor(actor)
    controle = db.session.scalars(
        select(BrpControle).where(
            BrpControle.id == controle_id, BrpControle.persoon_id == persoon.id
        )
    ).first()
    if controle is None:
        raise GeenToegang(GEEN_TOEGANG)
    casussen = db.session.scalars(
        brp_casussen(actor).where(Casus.persoon_id == persoon.id, Casus.aanpak == controle.aanpak)
    ).all()
    vereis(
        mag_brp_gegevens_overnemen(actor, casussen),
        "Alleen de regisseur of de triage van een casus van deze persoon kan de gegevens "
        "uit de BRP overnemen.",
    )
    laatste = _laatste(persoon.id, controle.aanpak)
    if laatste is None or laatste.id != controle.id:
        raise Ongeldig(
            "Er is intussen een nieuwere controle in de BRP gedaan. Laad de pagina opnieuw en "
            "neem die gegevens over."
        )
    brp = BrpPersoon.uit_dict(controle.gegevens)
    # Never the date of birth (docs/architectuur.md): it is not edited, because derived
    # data depend on it (an intervention's "minderjarig", the age limits judged at the
    # aanmelding). A difference stays visible next to the stored one.
    nieuw: dict[str, str | None] = {}
    if brp.geslachtsnaam:  # the naam group was asked for
        nieuw["voornaam"] = brp.voornamen or ""
        nieuw["tussenvoegsel"] = brp.voorvoegsel or None
        nieuw["achternaam"] = brp.geslachtsnaam
    if brp.adres:
        nieuw["adres"] = brp.adres
    gewijzigd = []
    for veld, waarde in nieuw.items():
        lengte = getattr(Persoon, veld).type.length
        waarde = waarde[:lengte] if waarde is not None else None  # the column's limit
        if getattr(persoon, veld) != waarde:
            setattr(persoon, veld, waarde)
            gewijzigd.append(veld)
    if not gewijzigd:
        return []
    db.session.flush()
    log_actie(
        "persoon.gewijzigd",
        persoon=persoon,
        gebruiker=actor,
        details={"velden": gewijzigd, "bron": "brp", "brp_controle_id": controle.id},
    )
    return [OVERNEEMBAAR[veld] for veld in gewijzigd]


# -- the signals on a case ---------------------------------------------------------------


def wijzigingen_van(actor: Actor, casus: Casus) -> list[BrpWijziging]:
    """Every signal from the BRP on the case (the timeline), oldest first."""
    actor = vereis_actor(actor)
    vereis(mag_casus_zien(actor, casus), GEEN_TOEGANG)
    return list(
        db.session.scalars(
            select(BrpWijziging)
            .where(BrpWijziging.casus_id == casus.id)
            .order_by(BrpWijziging.gevonden_op, BrpWijziging.id)
        )
    )


def handel_wijziging_af(actor: Actor, casus: Casus, wijziging_id: int) -> BrpWijziging:
    """Mark a signal of the case as handled (the regisseur and the triage)."""
    actor = vereis_actor(actor)
    vereis(
        mag_casus_bewerken(actor, casus),
        "Alleen de toegewezen regisseur en de triage kunnen deze casus bijwerken.",
    )
    wijziging = db.session.scalars(
        select(BrpWijziging).where(
            BrpWijziging.id == wijziging_id, BrpWijziging.casus_id == casus.id
        )
    ).first()
    if wijziging is None:
        raise GeenToegang("Dit signaal uit de BRP hoort niet bij deze casus.")
    if wijziging.afgehandeld_op is not None:
        raise Ongeldig("Dit signaal uit de BRP is al afgehandeld.")
    wijziging.afgehandeld_op = nu()
    gebruiker = gebruiker_van(actor)
    wijziging.afgehandeld_door_id = gebruiker.id if gebruiker is not None else None
    db.session.flush()
    log_actie(
        "brp.wijziging_afgehandeld",
        casus=casus,
        gebruiker=actor,
        details={"soort": wijziging.soort, "brp_wijziging_id": wijziging.id},
    )
    return wijziging


# -- storing, comparing, logging -----------------------------------------------------------


def _beperkt(brp: BrpPersoon, gegevens: tuple[str, ...]) -> BrpPersoon:
    """Only the groups asked for (the client already limits the answer; stored data must
    never hold more than the aanpak may ask for, whatever the BRP sent)."""
    weg: dict[str, object] = {}
    if "naam" not in gegevens:
        weg |= {"voornamen": None, "voorvoegsel": None, "geslachtsnaam": None}
    if "geboortedatum" not in gegevens:
        weg["geboortedatum"] = None
    if "adres" not in gegevens:
        weg |= {"adres": None, "gemeente_code": None, "gemeente_naam": None}
    if "overlijden" not in gegevens:
        weg["overleden_op"] = None
    if "gezag" not in gegevens:
        weg["gezag"] = ()
    return replace(brp, **weg)  # type: ignore[arg-type]


def _bewaar(
    actor: Actor, raadpleging: Raadpleging, brp: BrpPersoon, *, persoon: Persoon | None
) -> BrpControle:
    beperkt = _beperkt(brp, raadpleging.gegevens)
    gebruiker = gebruiker_van(actor)
    controle = BrpControle(
        persoon_id=persoon.id if persoon is not None else None,
        aanpak=raadpleging.aanpak,
        bsn=raadpleging.bsn,
        gebruiker_id=gebruiker.id if gebruiker is not None else None,
        gecontroleerd_op=nu(),
        gegevens=beperkt.als_dict(),
        gemeente_code=beperkt.gemeente_code,
        overleden_op=beperkt.overleden_op,
    )
    db.session.add(controle)
    db.session.flush()
    return controle


def _laatste(persoon_id: int, aanpak: str) -> BrpControle | None:
    return db.session.scalars(
        select(BrpControle)
        .where(BrpControle.persoon_id == persoon_id, BrpControle.aanpak == aanpak)
        .order_by(BrpControle.gecontroleerd_op.desc(), BrpControle.id.desc())
        .limit(1)
    ).first()


def _log_raadpleging(
    actor: Actor, raadpleging: Raadpleging, *, aanleiding: str, persoon: Persoon | None
) -> None:
    """The audit record of one query: its purpose and processing (the aanpak's profile),
    the groups asked for, why and with what outcome; the BSN only when there is no
    person to name yet (the aanmelding)."""
    if raadpleging.fout in NIET_GEVRAAGD:
        return
    profiel = _profiel(raadpleging.aanpak)
    details: dict[str, object] = {
        "aanpak": raadpleging.aanpak,
        "doelbinding": profiel.doelbinding if profiel is not None else None,
        "verwerking": profiel.verwerking if profiel is not None else None,
        "gegevens": list(raadpleging.gegevens),
        "aanleiding": aanleiding,
        "uitkomst": "gevonden" if raadpleging.gelukt else raadpleging.fout,
    }
    if persoon is None:
        details["bsn"] = raadpleging.bsn
    log_actie(
        "brp.geraadpleegd",
        persoon=persoon,
        object_type=None if persoon is not None else "brp",
        uitkomst="ok" if raadpleging.gelukt else "mislukt",
        gebruiker=actor,
        details=details,
    )


def _signaleer(
    actor: Actor, persoon: Persoon, controle: BrpControle, vorige: BrpControle | None
) -> list[BrpWijziging]:
    """The signals of this check against the previous one (none: the person is assumed
    to live in the municipality and to be alive), one per open case of the person in the
    check's aanpak. Purpose binding: data asked for one aanpak's purpose are not used
    for another aanpak's cases, so the person's cases elsewhere get nothing."""
    eigen = _eigen_gemeentecode()
    nieuw: list[tuple[str, date | None, str]] = []
    was_hier = vorige is None or vorige.gemeente_code in (None, eigen)
    if controle.gemeente_code and controle.gemeente_code != eigen and was_hier:
        gemeente = controle.gegevens.get("gemeente_naam") or "een andere gemeente"
        nieuw.append((VERHUISD, None, f"Ingeschreven in {gemeente}"[:200]))
    leefde = vorige is None or vorige.overleden_op is None
    if controle.overleden_op is not None and leefde:
        nieuw.append(
            (
                OVERLEDEN,
                controle.overleden_op,
                f"Overleden op {datumtekst(controle.overleden_op, lang=True)}",
            )
        )
    if not nieuw:
        return []
    casussen = db.session.scalars(
        brp_casussen(actor)
        .where(
            Casus.persoon_id == persoon.id,
            Casus.aanpak == controle.aanpak,
            Casus.status.in_(OPEN_STATUSSEN),
        )
        .order_by(Casus.id)
    ).all()
    gemaakt = []
    for casus in casussen:
        for soort, datum, omschrijving in nieuw:
            if _al_gesignaleerd(casus.id, soort):
                continue
            wijziging = BrpWijziging(
                casus_id=casus.id,
                persoon_id=persoon.id,
                controle_id=controle.id,
                soort=soort,
                datum=datum,
                omschrijving=omschrijving,
                gevonden_op=nu(),
            )
            db.session.add(wijziging)
            db.session.flush()
            log_actie(
                "brp.wijziging_gesignaleerd",
                casus=casus,
                gebruiker=actor,
                details={"soort": soort, "brp_wijziging_id": wijziging.id},
            )
            gemaakt.append(wijziging)
    return gemaakt


def _al_gesignaleerd(casus_id: int, soort: str) -> bool:
    """A case gets one signal of a death, and no second move while one is open."""
    voorwaarde = [BrpWijziging.casus_id == casus_id, BrpWijziging.soort == soort]
    if soort == VERHUISD:
        voorwaarde.append(BrpWijziging.afgehandeld_op.is_(None))
    return bool(db.session.scalar(select(exists().where(*voorwaarde))))
