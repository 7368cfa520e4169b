"""Importing an existing caseload (domain.md section 6): check everything, then write.

Two ways to write, with the same result:
- ``services``: every case through ``meld_aan`` and ``pas_transitie_toe(historisch=True)``,
  exactly as the application registers them (used for ordinary files);
- ``bulk``: for large files, rows are inserted in batches, built by the status
  service's own row builder (``casus.casussen.logrijen``), so the projection equals the
  replay by construction (and tests check both ways give the same database).
Both run inside the caller's transaction; the caller commits once. The import acts as
the system actor ``IMPORT`` (casus.toegang.actor): the services check its rights too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from casus.auth.models import Gebruiker
from casus.casussen import validatie
from casus.casussen.models import Casus, Casusalias, Interventie
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.errors import GeenToegang
from casus.extensions import db
from casus.importeren import bulk
from casus.importeren.lezer import (
    Fout,
    GelezenCasus,
    GelezenPersoon,
    GelezenSignaal,
    Lezer,
    persoon_sleutel,
)
from casus.klok import vandaag
from casus.personen.models import Persoon, PolitieContact
from casus.rapportage.cache import gegevens_gewijzigd
from casus.signalen.models import Signaal
from casus.toegang.actor import Actor, is_systeem, vereis_actor
from casus.toegang.policy import regisseur_aanpakken

if TYPE_CHECKING:
    from casus.voortgang import Melder

BULK_VANAF = 500  # cases; below this every case goes through the services
BULK_DEEL = 2000  # cases written by the bulk path at a time (progress is told per part)
CHUNK = 900  # parameters per IN (...) query, under SQLite's limit


@dataclass
class Resultaat:
    fouten: list[Fout] = field(default_factory=list)
    # noted, not refused (an age limit that only warns)
    waarschuwingen: list[Fout] = field(default_factory=list)
    casussen: int = 0
    signalen: int = 0
    personen: int = 0
    overgeslagen: int = 0

    def samenvatting(self) -> str:
        tekst = (
            f"Geïmporteerd: {self.casussen} casussen, {self.signalen} signalen, "
            f"{self.personen} nieuwe personen. Overgeslagen (bestaan al): {self.overgeslagen}."
        )
        if self.waarschuwingen:
            tekst += "\nWaarschuwingen (wel geïmporteerd):" + "".join(
                f"\n{w}" for w in self.waarschuwingen
            )
        return tekst


def lees(regels: Iterable[str]) -> Lezer:
    lezer = Lezer(vandaag=vandaag(), wijken=validatie.wijken(), regisseurs=_regisseurs())
    for nummer, tekst in enumerate(regels, start=1):
        lezer.lees(nummer, tekst)
    lezer.controleer_koppelingen(
        _bestaande_casusnummers([s.casus_ref for s in lezer.signalen if s.casus_ref])
    )
    return lezer


def importeer(
    regels: Iterable[str],
    methode: str = "auto",
    *,
    actor: Actor,
    voortgang: Melder | None = None,
) -> Resultaat:
    """Check every line; when all are valid, write what is new. Never commits.

    ``actor`` is the import's system actor (``IMPORT``): the bulk path writes rows with
    no author, so no user can import. ``voortgang`` hears how many of the new cases are
    written (casus.voortgang).
    """
    actor = vereis_actor(actor)
    if not is_systeem(actor):
        raise GeenToegang("Alleen het importproces kan casussen importeren.")
    lezer = lees(regels)
    if lezer.fouten:
        return Resultaat(fouten=lezer.fouten, waarschuwingen=lezer.waarschuwingen)
    # a case omgezet since its import has a new number; the file's is its alias
    bestaand = _bestaande_casusnummers([c.ref for c in lezer.casussen])
    nieuw = [c for c in lezer.casussen if c.ref not in bestaand]
    bestaande_signalen = _bestaande(Signaal.ref, [s.ref for s in lezer.signalen])
    signalen = [s for s in lezer.signalen if s.ref not in bestaande_signalen]
    resultaat = Resultaat(
        casussen=len(nieuw),
        signalen=len(signalen),
        overgeslagen=len(lezer.casussen) - len(nieuw) + len(lezer.signalen) - len(signalen),
        waarschuwingen=lezer.waarschuwingen,
    )
    meld = voortgang or _stil
    meld(0, len(nieuw))
    personen = _personen(nieuw, resultaat)
    if methode == "bulk" or (methode == "auto" and len(nieuw) >= BULK_VANAF):
        # in parts, so the progress moves; each part's rows are complete in themselves
        ids = bulk.schrijf_casussen(
            nieuw,
            personen,
            _gebruikers(),
            deel=BULK_DEEL,
            voortgang=lambda gedaan: meld(gedaan, len(nieuw)),
        )
    else:
        ids = _schrijf_via_services(nieuw, personen, actor, meld)
    ids |= _casussen_met_nummer({s.casus_ref for s in signalen} - set(ids))
    bulk.schrijf_signalen(signalen, ids)
    vroegste = _vroegste_datum(nieuw, signalen)
    if vroegste is not None:
        # cached reports of periods from this date on are stale once this commits
        gegevens_gewijzigd(vroegste)
    db.session.flush()
    return resultaat


def _vroegste_datum(casussen: list[GelezenCasus], signalen: list[GelezenSignaal]) -> date | None:
    """The earliest date of what the import writes: events (a case's first is its
    aanmelding), interventions, police contacts and signals."""
    datums = [c.aangemeld_op for c in casussen]
    datums += [begin for c in casussen for _, begin, _, _ in c.interventies]
    datums += [d for c in casussen if c.persoon for d, _ in c.persoon.politiecontacten]
    datums += [s.ontvangen_op for s in signalen]
    return min(datums, default=None)


# -- persons ---------------------------------------------------------------------------


def _personen(casussen: list[GelezenCasus], resultaat: Resultaat) -> dict[object, int]:
    """Person key -> persoon.id: existing persons by ref, then BSN; the rest created."""
    gelezen: dict[object, GelezenPersoon] = {}
    for c in casussen:
        if c.persoon is not None:
            gelezen.setdefault(persoon_sleutel(c.persoon), c.persoon)
    refs = [p.ref for p in gelezen.values() if p.ref]
    bsns = [p.bsn for p in gelezen.values() if p.bsn]
    per_ref = {p.ref: p for p in _zoek(Persoon, Persoon.ref, refs)}
    per_bsn = {p.bsn: p for p in _zoek(Persoon, Persoon.bsn, bsns)}
    ids: dict[object, int] = {}
    nieuw: list[tuple[object, GelezenPersoon]] = []
    for sleutel, p in gelezen.items():
        bestaand = per_ref.get(p.ref) if p.ref else None
        bestaand = bestaand or (per_bsn.get(p.bsn) if p.bsn else None)
        if bestaand is not None:
            ids[sleutel] = bestaand.id
        else:
            nieuw.append((sleutel, p))
    ids.update(bulk.schrijf_personen(nieuw))
    resultaat.personen = len(nieuw)
    bulk.schrijf_politiecontacten(
        [(ids[k], p) for k, p in gelezen.items()], _bekende_contacten(list(ids.values()))
    )
    return ids


def _bekende_contacten(persoon_ids: list[int]) -> set[tuple[int, Any, str]]:
    return {
        (pc.persoon_id, pc.datum, pc.soort)
        for pc in _zoek(PolitieContact, PolitieContact.persoon_id, persoon_ids)
    }


# -- the services path -------------------------------------------------------------------


def _stil(gedaan: int, totaal: int) -> None:
    """No progress to report to."""


def _schrijf_via_services(
    casussen: list[GelezenCasus], personen: dict[object, int], actor: Actor, meld: Melder
) -> dict[str, int]:
    gebruikers = {
        g.gebruikersnaam: g
        for g in _zoek(
            Gebruiker,
            Gebruiker.gebruikersnaam,
            [e.regisseur for c in casussen for e in c.gebeurtenissen if e.regisseur],
        )
    }
    ids: dict[str, int] = {}
    for c in casussen:
        persoon = (
            db.session.get(Persoon, personen[persoon_sleutel(c.persoon)]) if c.persoon else None
        )
        casus = meld_aan(
            c.aanpak,
            actor=actor,
            aangemeld_op=c.aangemeld_op,
            persoon=persoon,
            kenmerken=c.kenmerken,
            ref=c.ref,
        )
        for e in c.gebeurtenissen:
            pas_transitie_toe(
                casus,
                e.transitie,
                actor=actor,
                datum=e.datum,
                reden=e.reden,
                partij=e.partij,
                regisseur=gebruikers.get(e.regisseur or ""),
                doel_aanpak=e.doel_aanpak,
                historisch=True,
            )
        for soort, begin, eind, tekst in c.interventies:
            db.session.add(
                Interventie(casus=casus, type=soort, datum=begin, einddatum=eind, tekst=tekst)
            )
        ids[c.ref] = casus.id
        meld(len(ids), len(casussen))
    db.session.flush()
    return ids


# -- lookups -------------------------------------------------------------------------------


def _zoek(model: Any, kolom: Any, waarden: list[Any]) -> list[Any]:
    uit: list[Any] = []
    uniek = sorted(set(waarden))
    for i in range(0, len(uniek), CHUNK):
        uit.extend(db.session.scalars(select(model).where(kolom.in_(uniek[i : i + CHUNK]))))
    return uit


def _bestaande(kolom: Any, waarden: list[Any]) -> set[str]:
    uniek = sorted(set(waarden))
    uit: set[str] = set()
    for i in range(0, len(uniek), CHUNK):
        uit.update(db.session.scalars(select(kolom).where(kolom.in_(uniek[i : i + CHUNK]))))
    return uit


def _bestaande_casusnummers(refs: list[str]) -> set[str]:
    """The ``refs`` that are a case's number now or were before omzetten (an alias)."""
    return _bestaande(Casus.ref, refs) | _bestaande(Casusalias.ref, refs)


def _casussen_met_nummer(refs: set[str | None]) -> dict[str, int]:
    """Case number (current or alias) -> the case's id."""
    lijst = [r for r in refs if r]
    ids = {c.ref: c.id for c in _zoek(Casus, Casus.ref, lijst)}
    ids |= {a.ref: a.casus_id for a in _zoek(Casusalias, Casusalias.ref, lijst)}
    return ids


def _gebruikers() -> dict[str, int]:
    rijen = db.session.execute(select(Gebruiker.gebruikersnaam, Gebruiker.id))
    return {naam: gid for naam, gid in rijen}


def _regisseurs() -> dict[str, frozenset[str]]:
    """Username -> the aanpakken in which the user may be assigned as regisseur."""
    return {g.gebruikersnaam: regisseur_aanpakken(g) for g in db.session.scalars(select(Gebruiker))}


__all__ = ["BULK_VANAF", "GelezenSignaal", "Resultaat", "importeer", "lees"]
