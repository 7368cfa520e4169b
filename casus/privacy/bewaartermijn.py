"""Retention: after an aanpak's bewaartermijn (years after closure) the personal
data go, the event skeleton stays.

A case is due when it was closed more than ``bewaartermijn_jaren`` ago; a signal that
never led to a case when it was handled (or, never handled, received) that long ago. A person
is anonymised, and their cases cleaned, only when every case of theirs is due:
a person with another case still open or within its term keeps everything.
Cleaning keeps aanpak, dates, statuses, reasons, codes and counts, so a report
for any past period gives the same figures before and after; it clears the free
text (aanmeldreden, notes, intervention text, event explanations, receiving
party, company name and address) and the identifying fields of the person. What the
BRP said about the person (``casus.brp``: the stored checks and the signals on their
cases) is personal data too, and is deleted with them.

What was shared with partners (``casus.partners``: the verstrekkingenregister's rows,
the afspraken with the partners' reports, the agenda points with their items) goes with
the cleaned case.

Documents (``casus.documenten``) go entirely: the rows of a cleaned case's documents,
of its signals', of an anonymised person's signals' and of a due signal's, with their
versions, in the run's transaction; their stored content after it commits
(``services.verwijder_bestanden_na_commit``), so a run that is rolled back keeps every
file. ``wees_bestanden`` lists content that no version points at (left by a crash).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from flask import current_app
from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Delete,
    Update,
    delete,
    exists,
    or_,
    select,
    update,
)

from casus import labels
from casus.audit import log_actie
from casus.brp.models import BrpControle, BrpWijziging
from casus.casussen.models import Casus, Gebeurtenis, Interventie, Notitie
from casus.documenten.models import Document, Documentversie
from casus.documenten.opslag import opslag_van
from casus.documenten.services import verwijder_bestanden_na_commit
from casus.extensions import db
from casus.klok import nu, vandaag
from casus.partners.models import (
    Afspraak,
    Deelitem,
    Partneragendapunt,
    Terugmelding,
    Verstrekking,
)
from casus.personen.models import Persoon
from casus.privacy.models import Opschoning
from casus.rapportage.cache import gegevens_gewijzigd
from casus.signalen.models import Signaal
from casus.templating import datum
from casus.toegang.actor import Actor, vereis_actor
from casus.toegang.policy import mag_bewaartermijn_toepassen, vereis
from workflows import CATALOGUS
from workflows.base import EINDSTATUSSEN

if TYPE_CHECKING:
    from casus.voortgang import Melder

# kenmerken that are free text identifying a company or address (domain.md section 3)
VRIJE_KENMERKEN = ("naam", "kvk_nummer", "adres")


@dataclass
class Plan:
    casus_ids: list[int] = field(default_factory=list)
    persoon_ids: list[int] = field(default_factory=list)
    # signals that never led to a case, past the term after receipt or handling
    signaal_ids: list[int] = field(default_factory=list)

    def vingerafdruk(self) -> str:
        """A short digest of the plan: the confirmation page's plan must be the one run."""
        tekst = f"{self.casus_ids}|{self.persoon_ids}|{self.signaal_ids}"
        return hashlib.sha256(tekst.encode()).hexdigest()[:32]


def _termijn_voorbij(aanpak: str, sinds: date, op: date) -> bool:
    jaren = CATALOGUS.get(aanpak).instellingen.bewaartermijn_jaren
    try:
        grens = sinds.replace(year=sinds.year + jaren)
    except ValueError:  # 29 February
        grens = sinds.replace(year=sinds.year + jaren, day=28)
    return grens < op


def verstreken(casus: Casus, op: date) -> bool:
    if casus.status not in EINDSTATUSSEN or casus.afgesloten_op is None:
        return False
    return _termijn_voorbij(casus.aanpak, casus.afgesloten_op, op)


# what a signal holds that can identify someone (the codes and dates stay)
SIGNAAL_GEGEVENS = {
    "tekst": None,
    "betreft_naam": None,
    "betreft_kvk_nummer": None,
    "betreft_adres": None,
    "adres_sleutel": None,
    "naam_sleutel": None,
    "melder_naam": None,
    "melder_contact": None,
    "persoon_id": None,
}


def _signalen(op: date) -> list[int]:
    """Signals without a case whose term, counted from their handling (or their receipt
    when nobody handled them), has passed, and that still hold personal data."""
    kolommen = [getattr(Signaal, k) for k in SIGNAAL_GEGEVENS]
    # a document on the signal is personal data too
    documenten = exists().where(Document.signaal_id == Signaal.id)
    rijen = db.session.execute(
        select(Signaal.id, Signaal.aanpak, Signaal.ontvangen_op, Signaal.afgehandeld_op)
        .where(Signaal.casus_id.is_(None), or_(*(k.is_not(None) for k in kolommen), documenten))
        .order_by(Signaal.id)
    )
    return [
        i
        for i, aanpak, ontvangen, afgehandeld in rijen
        if aanpak in CATALOGUS
        and _termijn_voorbij(aanpak, afgehandeld.date() if afgehandeld else ontvangen, op)
    ]


def plan(op: date | None = None, *, actor: Actor, voortgang: Melder | None = None) -> Plan:
    """What is due on ``op`` (default today) and not yet cleaned; ``voortgang`` hears
    how many of the persons with a due case are judged (casus.voortgang)."""
    actor = vereis_actor(actor)
    vereis(
        mag_bewaartermijn_toepassen(actor),
        "Alleen de privacyfunctionaris kan de bewaartermijn toepassen.",
    )
    op = op or vandaag()
    gedaan = select(Opschoning.casus_id)
    kandidaten = db.session.scalars(
        select(Casus).where(Casus.status.in_(EINDSTATUSSEN), Casus.id.not_in(gedaan))
    ).all()
    per_persoon: dict[int, list[Casus]] = defaultdict(list)
    uitkomst = Plan()
    for c in kandidaten:
        if not verstreken(c, op):
            continue
        if c.persoon_id is None:
            uitkomst.casus_ids.append(c.id)
        else:
            per_persoon[c.persoon_id].append(c)
    for nummer, (persoon_id, verlopen) in enumerate(per_persoon.items()):
        if voortgang is not None:
            voortgang(nummer, len(per_persoon))
        alle = db.session.scalars(select(Casus.id).where(Casus.persoon_id == persoon_id)).all()
        gereed = db.session.scalars(
            select(Opschoning.casus_id).where(Opschoning.casus_id.in_(alle))
        ).all()
        if len(alle) == len(verlopen) + len(gereed):
            uitkomst.casus_ids.extend(c.id for c in verlopen)
            uitkomst.persoon_ids.append(persoon_id)
    uitkomst.casus_ids.sort()
    uitkomst.persoon_ids.sort()
    uitkomst.signaal_ids = _signalen(op)
    return uitkomst


def voer_uit(te_doen: Plan, *, actor: Actor, voortgang: Melder | None = None) -> dict[str, int]:
    """Clean the cases and anonymise the persons of the plan, audit-logged; flush.
    Returns counts.
    ``voortgang`` hears how many of the plan's cases and persons are done."""
    actor = vereis_actor(actor)
    vereis(
        mag_bewaartermijn_toepassen(actor),
        "Alleen de privacyfunctionaris kan de bewaartermijn toepassen.",
    )
    ids = te_doen.casus_ids
    tellingen = {
        "casussen": len(ids),
        "personen": len(te_doen.persoon_ids),
        "signalen_zonder_casus": len(te_doen.signaal_ids),
    }
    if te_doen.signaal_ids:
        # Core update: bump the optimistic-lock version as the ORM would
        _wis(
            update(Signaal)
            .where(Signaal.id.in_(te_doen.signaal_ids))
            .values(**SIGNAAL_GEGEVENS, versie=Signaal.versie + 1)
        )
    if ids:
        tellingen["notities"] = _wis(
            update(Notitie).where(Notitie.casus_id.in_(ids)).values(tekst="")
        )
        tellingen["interventies"] = _wis(
            update(Interventie).where(Interventie.casus_id.in_(ids)).values(tekst=None)
        )
        tellingen["gebeurtenissen"] = _wis(
            update(Gebeurtenis)
            .where(Gebeurtenis.casus_id.in_(ids))
            .values(toelichting=None, partij=None)
        )
        tellingen["signalen"] = _wis(
            update(Signaal)
            .where(Signaal.casus_id.in_(ids))
            .values(
                tekst=None,
                betreft_naam=None,
                betreft_adres=None,
                melder_naam=None,
                melder_contact=None,
            )
        )
    tellingen |= _wis_brp(ids, te_doen.persoon_ids)
    tellingen |= _wis_partners(ids)
    tellingen["documenten"] = _verwijder_documenten(te_doen)
    meld = voortgang or _stil
    totaal, gedaan = len(ids) + len(te_doen.persoon_ids), 0
    meld(gedaan, totaal)
    if ids:
        for casus in db.session.scalars(select(Casus).where(Casus.id.in_(ids))):
            casus.aanmeldreden = None
            casus.kenmerken = {
                k: v for k, v in (casus.kenmerken or {}).items() if k not in VRIJE_KENMERKEN
            }
            db.session.add(Opschoning(casus_id=casus.id, opgeschoond_op=nu()))
            gedaan += 1
            meld(gedaan, totaal)
    for persoon in db.session.scalars(select(Persoon).where(Persoon.id.in_(te_doen.persoon_ids))):
        _anonimiseer(persoon)
        gedaan += 1
        meld(gedaan, totaal)
    db.session.flush()
    if ids or te_doen.signaal_ids:  # the cached reports are counted again
        gegevens_gewijzigd(date.min)
    # every run is on the record, from the web and the command line alike
    log_actie(
        "privacy.bewaartermijn_uitgevoerd",
        object_type="bewaartermijn",
        gebruiker=actor,
        details={
            **tellingen,
            "casus_ids": te_doen.casus_ids,
            "persoon_ids": te_doen.persoon_ids,
            "signaal_ids": te_doen.signaal_ids,
        },
    )
    return tellingen


def _wis_brp(casus_ids: list[int], persoon_ids: list[int]) -> dict[str, int]:
    """Delete what the BRP said: the signals on the cleaned cases and on the anonymised
    persons' cases, and the persons' stored checks (each their own data, none of it
    counted in a report)."""
    if not casus_ids and not persoon_ids:
        return {}
    signalen = _wis(
        delete(BrpWijziging).where(
            or_(BrpWijziging.casus_id.in_(casus_ids), BrpWijziging.persoon_id.in_(persoon_ids))
        )
    )
    controles = 0
    if persoon_ids:
        controles = _wis(delete(BrpControle).where(BrpControle.persoon_id.in_(persoon_ids)))
    return {"brp_signalen": signalen, "brp_controles": controles}


def _wis_partners(casus_ids: list[int]) -> dict[str, int]:
    """Delete what the casusoverleg met partners holds on the cleaned cases (casus.partners):
    the register's rows, the afspraken with the partners' reports, and the agenda points
    with their selected items. Explicitly, in this transaction, not left to the foreign
    keys' ON DELETE CASCADE: the cases themselves stay."""
    if not casus_ids:
        return {}
    afspraken = select(Afspraak.id).where(Afspraak.casus_id.in_(casus_ids))
    agendapunten = select(Partneragendapunt.id).where(Partneragendapunt.casus_id.in_(casus_ids))
    terugmeldingen = _wis(delete(Terugmelding).where(Terugmelding.afspraak_id.in_(afspraken)))
    return {
        "terugmeldingen": terugmeldingen,
        "afspraken": _wis(delete(Afspraak).where(Afspraak.casus_id.in_(casus_ids))),
        "verstrekkingen": _wis(delete(Verstrekking).where(Verstrekking.casus_id.in_(casus_ids))),
        "deelitems": _wis(delete(Deelitem).where(Deelitem.agendapunt_id.in_(agendapunten))),
        "partneragendapunten": _wis(
            delete(Partneragendapunt).where(Partneragendapunt.casus_id.in_(casus_ids))
        ),
    }


def _stil(gedaan: int, totaal: int) -> None:
    """No progress to report to."""


def _verwijder_documenten(te_doen: Plan) -> int:
    """Delete the documents of the plan's cases, of their signals, of the signals of the
    plan's persons and of the plan's signals, with their versions; their content goes
    from the storage after the commit. Returns the number of documents."""
    signalen = select(Signaal.id).where(
        or_(
            Signaal.id.in_(te_doen.signaal_ids),
            Signaal.casus_id.in_(te_doen.casus_ids),
            Signaal.persoon_id.in_(te_doen.persoon_ids),
        )
    )
    van_plan: ColumnElement[bool] = or_(
        Document.casus_id.in_(te_doen.casus_ids), Document.signaal_id.in_(signalen)
    )
    document_ids = list(db.session.scalars(select(Document.id).where(van_plan)))
    if not document_ids:
        return 0
    sleutels = list(
        db.session.scalars(
            select(Documentversie.opslag_sleutel).where(
                Documentversie.document_id.in_(document_ids)
            )
        )
    )
    _verwijder(delete(Documentversie).where(Documentversie.document_id.in_(document_ids)))
    _verwijder(delete(Document).where(Document.id.in_(document_ids)))
    verwijder_bestanden_na_commit(sleutels)
    return len(document_ids)


def _verwijder(stmt: Delete) -> None:
    db.session.execute(stmt.execution_options(synchronize_session="fetch"))


def wees_bestanden() -> list[str]:
    """The keys of stored content no document version points at (sorted): left behind
    when the process died between storing and committing, or when a deletion after a
    commit failed. For ``flask --app casus documenten opruimen``; reads no case data,
    only the storage's keys and the versions' keys."""
    opgeslagen = set(opslag_van(current_app).sleutels())
    if not opgeslagen:
        return []
    bekend = set(db.session.scalars(select(Documentversie.opslag_sleutel)))
    return sorted(opgeslagen - bekend)


def _wis(stmt: Update | Delete) -> int:
    resultaat = db.session.execute(stmt.execution_options(synchronize_session=False))
    return int(cast("CursorResult[Any]", resultaat).rowcount or 0)


def _anonimiseer(persoon: Persoon) -> None:
    # geboortedatum stays: the report counts minors on an intervention's date
    persoon.voornaam = "Geanonimiseerd"
    persoon.tussenvoegsel = None
    persoon.achternaam = f"persoon {persoon.id}"
    persoon.bsn = None
    persoon.ref = None
    persoon.adres = None
    persoon.wijk = None
    persoon.geanonimiseerd_op = nu()
    for signaal in db.session.scalars(select(Signaal).where(Signaal.persoon_id == persoon.id)):
        signaal.betreft_naam = signaal.betreft_adres = signaal.tekst = None


@dataclass(frozen=True)
class Regel:
    """One line of the plan as the privacy officer reads it: what, and why."""

    wat: str
    waarom: str


@dataclass
class Toelichting:
    casussen: list[Regel]
    personen: list[Regel]
    signalen: list[Regel]

    @property
    def leeg(self) -> bool:
        return not (self.casussen or self.personen or self.signalen)


def toelichting(te_doen: Plan, *, actor: Actor) -> Toelichting:
    """The plan in Dutch: per case, person and signal what goes and why (the aanpak's
    term, counted from the closing, handling or receipt). Names persons: the privacy
    officer only."""
    actor = vereis_actor(actor)
    vereis(
        mag_bewaartermijn_toepassen(actor),
        "Alleen de privacyfunctionaris kan de bewaartermijn toepassen.",
    )
    casussen = db.session.scalars(
        select(Casus).where(Casus.id.in_(te_doen.casus_ids)).order_by(Casus.ref)
    ).all()
    per_persoon: dict[int, list[str]] = defaultdict(list)
    for c in casussen:
        if c.persoon_id is not None:
            per_persoon[c.persoon_id].append(c.ref)
    personen = db.session.scalars(
        select(Persoon)
        .where(Persoon.id.in_(te_doen.persoon_ids))
        .order_by(Persoon.achternaam, Persoon.id)
    ).all()
    signalen = db.session.scalars(
        select(Signaal).where(Signaal.id.in_(te_doen.signaal_ids)).order_by(Signaal.ontvangen_op)
    ).all()

    def jaren(aanpak: str) -> int:
        return CATALOGUS.get(aanpak).instellingen.bewaartermijn_jaren

    return Toelichting(
        casussen=[
            Regel(
                f"Casus {c.ref} ({labels.aanpak(c.aanpak)}): de reden van aanmelding, notities, "
                "toelichtingen, teksten van interventies, partijen, vrije kenmerken en "
                "documenten",
                f"Afgesloten op {datum(c.afgesloten_op, lang=True)}; de bewaartermijn van "
                f"{jaren(c.aanpak)} jaar is verstreken.",
            )
            for c in casussen
        ],
        personen=[
            Regel(
                f"{p.volledige_naam}: naam, burgerservicenummer, adres en wijk worden "
                "geanonimiseerd (de geboortedatum blijft voor de statistiek); wat de BRP "
                "over deze persoon zei wordt gewist",
                "Alle casussen van deze persoon zijn over hun bewaartermijn: "
                + ", ".join(per_persoon.get(p.id, []))
                + ".",
            )
            for p in personen
        ],
        signalen=[
            Regel(
                f"Signaal {s.ref or 'zonder nummer'} van {datum(s.ontvangen_op, lang=True)} "
                f"({labels.aanpak(s.aanpak)}): de tekst, de melder, wie of wat het betreft "
                "en de documenten",
                (
                    f"Afgehandeld op {datum(s.afgehandeld_op.date(), lang=True)}"
                    if s.afgehandeld_op
                    else "Nooit afgehandeld; ontvangen"
                )
                + f", zonder casus; de bewaartermijn van {jaren(s.aanpak)} jaar is verstreken.",
            )
            for s in signalen
        ],
    )
