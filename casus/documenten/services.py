"""The document service: add documents and versions, list them, read their content.

Every function takes the actor and decides its right through ``casus.toegang``; what
the actor may not see answers 404 (logged as ``toegang.geweigerd``, as
``casus.toegang.laden`` does). The services flush and never commit.

The content goes to the storage (``casus.documenten.opslag``) under a new random key
after the checks at the door (``casus.documenten.controle``) and after the rows are
flushed. The storage is not transactional, so the session's events keep the two in
step (``_na_terugdraaien``, ``_na_commit``):

- content stored in a transaction that is rolled back (a refused form, an error, a
  rolled-back savepoint) is deleted again: nothing is left behind;
- content whose rows are deleted (retention) is deleted only after the COMMIT, so a
  rolled-back run keeps every file. A deletion that fails then (the storage is down)
  leaves an orphan, which ``casus.privacy.bewaartermijn.wees_bestanden`` finds.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NoReturn

from flask import abort, current_app
from sqlalchemy import Select, event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction, joinedload, selectinload

from casus.audit import log_actie
from casus.casussen import validatie
from casus.casussen.models import Casus
from casus.db import hoort_bij, lopende_transactie
from casus.documenten import Bestandsfout, soorten
from casus.documenten.controle import controleer
from casus.documenten.models import MAX_TITEL, MAX_TOELICHTING, Document, Documentversie
from casus.documenten.opslag import InhoudOntbreekt, Opslag, nieuwe_sleutel, opslag_van
from casus.errors import Conflict, DomeinFout, Ongeldig
from casus.extensions import db
from casus.klok import nu
from casus.signalen.models import Signaal
from casus.toegang.actor import Actor, gebruiker_van, vereis_actor
from casus.toegang.policy import (
    mag_casus_zien,
    mag_document_toevoegen,
    mag_document_zien,
    mag_signaal_zien,
    vereis,
)
from casus.toegang.queries import zichtbare_documenten

if TYPE_CHECKING:
    from casus.documenten import GecontroleerdBestand

log = logging.getLogger(__name__)

# session.info keys: content stored in this transaction (deleted when it is rolled back),
# and content of deleted rows (deleted once it is committed); each entry names the
# storage and the transaction (or savepoint) it was registered in
_NIEUW = "documenten_nieuw"
_WEG = "documenten_weg"


class Beschadigd(DomeinFout):
    """The stored content is missing or no longer matches the SHA-256 recorded when it
    was uploaded: it is not served."""

    status_code = 500


OPSLAG_MISLUKT = (
    "Het bestand kon nu niet worden opgeslagen; er is niets bewaard. Probeer het later "
    "opnieuw, of meld het aan de beheerder als het blijft gebeuren."
)
BESCHADIGD_BERICHT = (
    "Dit bestand kan niet worden geopend: de opgeslagen inhoud ontbreekt of is niet meer "
    "gelijk aan wat bij het uploaden is vastgelegd. Meld dit aan de beheerder."
)


# -- reading ---------------------------------------------------------------------------


def documenten_van_casus(actor: Actor, casus: Casus) -> list[Document]:
    """The case's documents, newest date first, with their versions loaded
    (``Document.laatste_versie``); 404 when the actor may not see the case."""
    actor = vereis_actor(actor)
    if not mag_casus_zien(actor, casus):
        _niet_gevonden(actor, "casus", casus.id)
    return _lijst(zichtbare_documenten(actor).where(Document.casus_id == casus.id))


def documenten_van_signaal(actor: Actor, signaal: Signaal) -> list[Document]:
    """The signal's documents, newest date first; 404 when the actor may not see it."""
    actor = vereis_actor(actor)
    if not mag_signaal_zien(actor, signaal):
        _niet_gevonden(actor, "signaal", signaal.id)
    return _lijst(zichtbare_documenten(actor).where(Document.signaal_id == signaal.id))


def laatste_versies_van(actor: Actor, casus: Casus) -> list[tuple[Document, Documentversie]]:
    """Every document of the case with its latest version, latest upload first (the
    case's timeline); 404 when the actor may not see the case."""
    actor = vereis_actor(actor)
    if not mag_casus_zien(actor, casus):
        _niet_gevonden(actor, "casus", casus.id)
    laatste = (
        select(Documentversie.document_id, func.max(Documentversie.versie).label("versie"))
        .group_by(Documentversie.document_id)
        .subquery()
    )
    query = (
        zichtbare_documenten(actor)
        .where(Document.casus_id == casus.id)
        .join(laatste, laatste.c.document_id == Document.id)
        .join(
            Documentversie,
            (Documentversie.document_id == Document.id)
            & (Documentversie.versie == laatste.c.versie),
        )
        .add_columns(Documentversie)
        .order_by(Documentversie.geupload_op.desc(), Documentversie.id.desc())
    )
    return [(d, v) for d, v in db.session.execute(query).all()]


def document_of_404(
    actor: Actor,
    document_id: int,
    *,
    casus_id: int | None = None,
    signaal_id: int | None = None,
) -> Document:
    """The document if the actor may see its case or signal (and, when given, it is on
    case ``casus_id`` or signal ``signaal_id``: a URL cannot pair a document with
    another case); else 404, the same as for a document that does not exist."""
    actor = vereis_actor(actor)
    query = zichtbare_documenten(actor).where(Document.id == document_id)
    if casus_id is not None:
        query = query.where(Document.casus_id == casus_id)
    if signaal_id is not None:
        query = query.where(Document.signaal_id == signaal_id)
    gevonden = db.session.scalars(
        query.options(
            selectinload(Document.versies),
            joinedload(Document.casus).joinedload(Casus.persoon),
            joinedload(Document.signaal),
        )
    ).one_or_none()
    if gevonden is None:
        _niet_gevonden(actor, "document", document_id)
    return gevonden


def versie_of_404(actor: Actor, document: Document, versie: int | None = None) -> Documentversie:
    """Version ``versie`` of the document (None: the latest); 404 when the actor may not
    see the document or it has no such version."""
    actor = vereis_actor(actor)
    if not mag_document_zien(actor, document):
        _niet_gevonden(actor, "document", document.id)
    query = select(Documentversie).where(Documentversie.document_id == document.id)
    query = (
        query.order_by(Documentversie.versie.desc()).limit(1)
        if versie is None
        else query.where(Documentversie.versie == versie)
    )
    gevonden = db.session.scalars(query).one_or_none()
    if gevonden is None:
        _niet_gevonden(actor, "document", document.id)
    return gevonden


def lees_inhoud(actor: Actor, versie: Documentversie) -> bytes:
    """The version's content from the storage, verified against its recorded SHA-256.

    A successful read is logged as a read of personal data (``document.gedownload``, with
    the case and the person); missing or changed content is refused with ``Beschadigd``
    and logged (``document.beschadigd``), never served."""
    actor = vereis_actor(actor)
    document = versie.document
    if not mag_document_zien(actor, document):
        _niet_gevonden(actor, "document", document.id)
    opslag = opslag_van(current_app)
    try:
        inhoud: bytes | None = opslag.lees(versie.opslag_sleutel)
    except InhoudOntbreekt:
        inhoud = None
    casus, persoon = _onderwerp(document)
    details = {"document_id": document.id, "versie": versie.versie}
    if inhoud is None or not hmac.compare_digest(hashlib.sha256(inhoud).hexdigest(), versie.sha256):
        log_actie(
            "document.beschadigd",
            casus=casus,
            persoon=persoon,
            object_type="document",
            object_id=document.id,
            uitkomst="mislukt",
            gebruiker=actor,
            details={**details, "ontbreekt": inhoud is None},
        )
        raise Beschadigd(BESCHADIGD_BERICHT)
    log_actie(
        "document.gedownload",
        casus=casus,
        persoon=persoon,
        object_type="document",
        object_id=document.id,
        gebruiker=actor,
        details=details,
    )
    return inhoud


# -- adding ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Gegevens:
    titel: str
    soort: str
    datum: date
    vertrouwelijkheid: str


def voeg_document_toe(
    actor: Actor,
    *,
    casus: Casus | None = None,
    signaal: Signaal | None = None,
    titel: str,
    soort: str,
    datum: date,
    vertrouwelijkheid: str,
    bestandsnaam: str,
    inhoud: bytes,
    toelichting: str | None = None,
) -> Document:
    """A new document with its first version on ``casus`` or on ``signaal`` (one of the
    two). Checks the right, the fields and then the file at the door (a refusal raises
    ``Bestandsfout``: nothing is stored); writes the rows, then stores the content under
    a new random key. Flushes; audit-logged."""
    actor = vereis_actor(actor)
    if (casus is None) == (signaal is None):
        raise Ongeldig("Een document hoort bij een casus of bij een signaal.")
    _vereis_toevoegen(actor, casus=casus, signaal=signaal)
    gegevens = _Gegevens(
        titel=_titel(titel),
        soort=_soort(soort, casus=casus, signaal=signaal),
        datum=_datum(datum),
        vertrouwelijkheid=_vertrouwelijkheid(vertrouwelijkheid),
    )
    toelichting = _toelichting(toelichting)
    bestand = controleer(inhoud, bestandsnaam)
    document = Document(
        casus=casus,
        signaal=signaal,
        titel=gegevens.titel,
        soort=gegevens.soort,
        datum=gegevens.datum,
        vertrouwelijkheid=gegevens.vertrouwelijkheid,
        aangemaakt_op=nu(),
        aangemaakt_door=gebruiker_van(actor),
    )
    db.session.add(document)
    versie = _bewaar_versie(actor, document, 1, bestand, toelichting)
    _log_toevoeging("document.toegevoegd", actor, document, versie)
    return document


def voeg_versie_toe(
    actor: Actor,
    document: Document,
    *,
    bestandsnaam: str,
    inhoud: bytes,
    toelichting: str | None = None,
) -> Documentversie:
    """A new version of ``document`` (numbered one after its latest), checked at the door
    and stored like the first. Flushes; audit-logged."""
    actor = vereis_actor(actor)
    if not mag_document_zien(actor, document):
        _niet_gevonden(actor, "document", document.id)
    _vereis_toevoegen(actor, casus=document.casus, signaal=document.signaal)
    toelichting = _toelichting(toelichting)
    bestand = controleer(inhoud, bestandsnaam)
    _vergrendel(document)
    hoogste = db.session.scalar(
        select(func.max(Documentversie.versie)).where(Documentversie.document_id == document.id)
    )
    versie = _bewaar_versie(actor, document, (hoogste or 0) + 1, bestand, toelichting)
    _log_toevoeging("document.versie_toegevoegd", actor, document, versie)
    return versie


def _vereis_toevoegen(actor: Actor, *, casus: Casus | None, signaal: Signaal | None) -> None:
    """404 for a case or signal the actor may not see; a refusal for one the actor may
    see but not add to."""
    if casus is not None:
        if not mag_casus_zien(actor, casus):
            _niet_gevonden(actor, "casus", casus.id)
        vereis(
            mag_document_toevoegen(actor, casus=casus),
            "Alleen de toegewezen regisseur en de triage kunnen documenten aan deze casus "
            "toevoegen.",
        )
    elif signaal is not None:
        if not mag_signaal_zien(actor, signaal):
            _niet_gevonden(actor, "signaal", signaal.id)
        vereis(
            mag_document_toevoegen(actor, signaal=signaal),
            "Alleen het team van deze aanpak kan documenten aan dit signaal toevoegen.",
        )


def _bewaar_versie(
    actor: Actor,
    document: Document,
    nummer: int,
    bestand: GecontroleerdBestand,
    toelichting: str | None,
) -> Documentversie:
    """The version's row (flushed), then its content under a new key; a concurrent
    version with the same number is a ``Conflict``."""
    opslag = opslag_van(current_app)
    versie = Documentversie(
        document=document,
        versie=nummer,
        bestandsnaam=bestand.naam,
        mediatype=bestand.mediatype,
        grootte=bestand.grootte,
        sha256=bestand.sha256,
        opslag_sleutel=nieuwe_sleutel(),
        geupload_op=nu(),
        gebruiker=gebruiker_van(actor),
        toelichting=toelichting,
    )
    db.session.add(versie)
    try:
        db.session.flush()
    except IntegrityError:
        if nummer == 1:
            raise
        raise Conflict(
            "Iemand anders heeft intussen een nieuwe versie van dit document toegevoegd. "
            "Laad de pagina opnieuw."
        ) from None
    # registered before the write, so a write that fails halfway is removed as well
    _registreer(db.session(), _NIEUW, opslag, versie.opslag_sleutel)
    try:
        opslag.bewaar(versie.opslag_sleutel, bestand.inhoud, bestand.mediatype)
    except Exception:  # the storage is down or refuses: the form says so, nothing is kept
        log.exception("documenten: opslaan van %s mislukt", versie.opslag_sleutel)
        raise Bestandsfout(OPSLAG_MISLUKT) from None
    return versie


def _vergrendel(document: Document) -> None:
    """PostgreSQL: lock the document row, so two new versions are numbered one after the
    other (SQLite takes the database's write lock for every change already)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Document.id).where(Document.id == document.id).with_for_update())


def _log_toevoeging(actie: str, actor: Actor, document: Document, versie: Documentversie) -> None:
    casus, persoon = _onderwerp(document)
    log_actie(
        actie,
        casus=casus,
        persoon=persoon,
        object_type="document",
        object_id=document.id,
        gebruiker=actor,
        details={
            "document_id": document.id,
            "versie": versie.versie,
            "soort": document.soort,
            "mediatype": versie.mediatype,
            "grootte": versie.grootte,
            **({"signaal_id": document.signaal_id} if document.signaal_id else {}),
        },
    )


def _onderwerp(document: Document) -> tuple[int | None, int | None]:
    """The case and person an audit record of the document names: the case's (and its
    person), or for a signal's document the signal's person, if any."""
    if document.casus is not None:
        return document.casus.id, document.casus.persoon_id
    signaal = document.signaal
    return None, signaal.persoon_id if signaal is not None else None


# -- the fields --------------------------------------------------------------------------


def _titel(titel: str | None) -> str:
    titel = " ".join((titel or "").split())
    if not titel:
        raise Ongeldig("Vul een titel in.", "titel")
    if len(titel) > MAX_TITEL:
        raise Ongeldig(f"De titel is te lang (maximaal {MAX_TITEL} tekens).", "titel")
    return titel


def _soort(soort: str | None, *, casus: Casus | None, signaal: Signaal | None) -> str:
    if casus is not None:
        lijst = soorten.soorten_van_casus(casus.aanpak)
    else:
        lijst = soorten.soorten_van_signaal(signaal.aanpak if signaal else "")
    if soort not in lijst:
        raise Ongeldig("Kies een soort document uit de lijst.", "soort")
    return soort


def _datum(datum: date | None) -> date:
    if not isinstance(datum, date):
        raise Ongeldig("Vul de datum van het document in.", "datum")
    validatie.datum_niet_in_toekomst(datum, "datum")
    return datum


def _vertrouwelijkheid(code: str | None) -> str:
    if code not in soorten.VERTROUWELIJKHEDEN:
        raise Ongeldig("Kies een vertrouwelijkheid uit de lijst.", "vertrouwelijkheid")
    return code


def _toelichting(tekst: str | None) -> str | None:
    tekst = " ".join((tekst or "").split())
    if len(tekst) > MAX_TOELICHTING:
        raise Ongeldig(
            f"De toelichting is te lang (maximaal {MAX_TOELICHTING} tekens).", "toelichting"
        )
    return tekst or None


# -- a list and a refusal ------------------------------------------------------------------


def _lijst(query: Select[tuple[Document]]) -> list[Document]:
    return list(
        db.session.scalars(
            query.options(selectinload(Document.versies)).order_by(
                Document.datum.desc(), Document.id.desc()
            )
        )
    )


def _niet_gevonden(actor: Actor, soort: str, object_id: int | None) -> NoReturn:
    """404, logged like ``casus.toegang.laden``: the same answer as for nothing at all."""
    log_actie(
        "toegang.geweigerd",
        object_type=soort,
        object_id=object_id,
        uitkomst="niet_gevonden",
        gebruiker=actor,
    )
    abort(404)


# -- the storage in step with the transaction -----------------------------------------------


def verwijder_bestanden_na_commit(sleutels: list[str]) -> None:
    """Delete the content under ``sleutels`` from the configured storage once the
    current transaction commits (their rows are deleted in it); a rollback keeps them."""
    opslag = opslag_van(current_app)
    sessie = db.session()
    for sleutel in sleutels:
        _registreer(sessie, _WEG, opslag, sleutel)


@dataclass(frozen=True)
class _Bestand:
    opslag: Opslag
    sleutel: str
    transactie: SessionTransaction | None


def _registreer(sessie: Session, soort: str, opslag: Opslag, sleutel: str) -> None:
    sessie.info.setdefault(soort, []).append(_Bestand(opslag, sleutel, lopende_transactie(sessie)))


def _verwijder(bestanden: list[_Bestand]) -> None:
    for bestand in bestanden:
        try:
            bestand.opslag.verwijder(bestand.sleutel)
        except Exception:  # the storage is down: an orphan, found by wees_bestanden
            log.exception("bestand %s niet verwijderd", bestand.sleutel)


@event.listens_for(Session, "after_soft_rollback")
def _na_terugdraaien(sessie: Session, vorige: SessionTransaction) -> None:
    """A transaction or savepoint rolled back: the content it stored goes, the deletions
    it registered are forgotten."""
    nieuw = sessie.info.get(_NIEUW, [])
    if nieuw:
        weg = [b for b in nieuw if hoort_bij(b.transactie, vorige)]
        sessie.info[_NIEUW] = [b for b in nieuw if not hoort_bij(b.transactie, vorige)]
        _verwijder(weg)
    if sessie.info.get(_WEG):
        sessie.info[_WEG] = [b for b in sessie.info[_WEG] if not hoort_bij(b.transactie, vorige)]


@event.listens_for(Session, "after_commit")
def _na_commit(sessie: Session) -> None:
    """The outermost transaction committed: the stored content is kept, and the content
    of deleted rows goes."""
    if sessie.in_nested_transaction():  # a savepoint released: nothing committed yet
        return
    sessie.info.pop(_NIEUW, None)
    _verwijder(sessie.info.pop(_WEG, []))


@event.listens_for(Session, "after_transaction_end")
def _na_einde(sessie: Session, transactie: SessionTransaction) -> None:
    """The outermost transaction ended without a commit (the session closed with the
    transaction open): as a rollback."""
    if transactie.parent is not None:
        return
    _verwijder(sessie.info.pop(_NIEUW, []))
    sessie.info.pop(_WEG, None)
