"""Reading the verwerkingenlog for the privacy officer: filters and the unusual-access check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Row, Select, String, cast, or_, select

from casus.audit.models import AuditRecord
from casus.casussen.models import Casus
from casus.db import LIKE_ESCAPE, bevat_patroon
from casus.extensions import db
from casus.klok import TIJDZONE, nu
from casus.personen.models import Persoon
from casus.signalen.models import Signaal
from casus.zoeken.zoekvorm import zoekvorm

# actions that open a case or a person's file (what a user "opened")
INZIEN_ACTIES: tuple[str, ...] = (
    "casus.bekeken",
    "persoon.bekeken",
    "triage.casus_bekeken",
    "signaal.bekeken",
    "privacy.inzage",
    "document.gedownload",
)
# what counts towards the unusual-access signal (casus.personen.services writes the last two)
BUITEN_CASELOAD_ACTIES = ("casus.bekeken", "persoon.exact_bevestigd", "persoon.gekoppeld")

# one such record: gebruiker_id, gebruikersnaam, tijdstip, casus_id, persoon_id, actie
BuitenCaseloadRecord = Row[tuple[int | None, str, datetime, int | None, int | None, str]]


def zoek_records(
    *,
    gebruiker_id: int | None = None,
    persoon_id: int | None = None,
    persoonsnaam: str | None = None,
    casus_id: int | None = None,
    casusnummer: str | None = None,
    actie: str | None = None,
    van: date | None = None,
    tot_en_met: date | None = None,
    acties: tuple[str, ...] = (),
) -> Select[tuple[AuditRecord]]:
    """Records matching every given filter, newest first. Dates are local (Amsterdam).
    ``persoonsnaam``: every word in the person's name (accent-insensitive), on the
    person's records and their cases'; ``casusnummer``: a case's number or former one."""
    query = select(AuditRecord)
    if gebruiker_id is not None:
        query = query.where(AuditRecord.gebruiker_id == gebruiker_id)
    if persoon_id is not None:
        query = query.where(AuditRecord.persoon_id == persoon_id)
    query = query.where(*_onderwerp(persoonsnaam, casus_id, casusnummer))
    if actie and actie.endswith("_"):  # a family of codes: casus.status_<trigger>
        query = query.where(AuditRecord.actie.startswith(actie, autoescape=True))
    elif actie:
        query = query.where(
            or_(AuditRecord.actie == actie, AuditRecord.actie.startswith(actie.rstrip(".") + "."))
        )
    if acties:
        query = query.where(AuditRecord.actie.in_(acties))
    if van is not None:
        query = query.where(AuditRecord.tijdstip >= begin_van_dag(van))
    if tot_en_met is not None:
        query = query.where(AuditRecord.tijdstip < begin_van_dag(tot_en_met + timedelta(days=1)))
    return query.order_by(AuditRecord.id.desc())


def _onderwerp(
    persoonsnaam: str | None, casus_id: int | None, casusnummer: str | None
) -> list[ColumnElement[bool]]:
    """The conditions of the filters on a person's name and on a case."""
    voorwaarden = []
    personen = personen_met_naam(persoonsnaam or "")
    if personen is not None:
        voorwaarden.append(
            or_(
                AuditRecord.persoon_id.in_(personen),
                AuditRecord.casus_id.in_(select(Casus.id).where(Casus.persoon_id.in_(personen))),
            )
        )
    if casus_id is not None:
        voorwaarden.append(AuditRecord.casus_id == casus_id)
    if casusnummer:
        # the number the users know, or one the case had before omzetten
        nummer = casusnummer.strip().upper()
        voorwaarden.append(
            AuditRecord.casus_id.in_(select(Casus.id).where(Casus.met_nummer(nummer)))
        )
    return voorwaarden


def over_persoon(persoon_id: int) -> ColumnElement[bool]:
    """The records on one person: those naming them, one of their cases (also a case's
    record written before the person was linked) or one of their signals."""
    return or_(
        AuditRecord.persoon_id == persoon_id,
        AuditRecord.casus_id.in_(select(Casus.id).where(Casus.persoon_id == persoon_id)),
        (AuditRecord.object_type == "signaal")
        & AuditRecord.object_id.in_(
            select(cast(Signaal.id, String)).where(Signaal.persoon_id == persoon_id)
        ),
    )


def records_over_persoon(persoon_id: int) -> Select[tuple[AuditRecord]]:
    """Every record on the person (reads and changes, see ``over_persoon``), newest first."""
    return select(AuditRecord).where(over_persoon(persoon_id)).order_by(AuditRecord.id.desc())


def personen_met_naam(naam: str) -> Select[tuple[int]] | None:
    """The ids of the persons whose name holds every word of ``naam``, case- and
    accent-insensitive (``Persoon.zoeknaam``); None for an empty name."""
    woorden = zoekvorm(naam).split()[:6]
    if not woorden:
        return None
    query = select(Persoon.id)
    for woord in woorden:
        query = query.where(Persoon.zoeknaam.like(bevat_patroon(woord), escape=LIKE_ESCAPE))
    return query


def begin_van_dag(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=TIJDZONE)


@dataclass(frozen=True)
class Signalering:
    gebruiker_id: int
    gebruikersnaam: str
    begin: datetime
    aantal_casussen: int


def ongebruikelijke_toegang(
    drempel: int, *, dagen: int = 7, venster: timedelta = timedelta(hours=1)
) -> list[Signalering]:
    """Users who opened more than ``drempel`` distinct cases outside their own
    caseload (cases where they are not the regisseur) within ``venster``, in the
    last ``dagen`` days; a person of another team confirmed by an exact match or
    linked to an aanmelding counts as one more. One line per user: their busiest
    window."""
    rijen = db.session.execute(
        select(
            AuditRecord.gebruiker_id,
            AuditRecord.gebruikersnaam,
            AuditRecord.tijdstip,
            AuditRecord.casus_id,
            AuditRecord.persoon_id,
            AuditRecord.actie,
        )
        .join(Casus, Casus.id == AuditRecord.casus_id, isouter=True)
        .where(
            AuditRecord.actie.in_(BUITEN_CASELOAD_ACTIES),
            AuditRecord.gebruiker_id.is_not(None),
            AuditRecord.tijdstip >= nu() - timedelta(days=dagen),
            or_(Casus.regisseur_id.is_(None), Casus.regisseur_id != AuditRecord.gebruiker_id),
        )
        .order_by(AuditRecord.gebruiker_id, AuditRecord.tijdstip)
    ).all()
    per_gebruiker: dict[int, list[BuitenCaseloadRecord]] = {}
    for r in rijen:
        per_gebruiker.setdefault(r.gebruiker_id, []).append(r)
    uitkomst = []
    for lijst in per_gebruiker.values():
        beste = _drukste_venster(lijst, venster)
        if beste[1] > drempel:
            uitkomst.append(Signalering(lijst[0].gebruiker_id, lijst[0].gebruikersnaam, *beste))
    return sorted(uitkomst, key=lambda s: -s.aantal_casussen)


def _sleutel(rij: BuitenCaseloadRecord) -> tuple[str, int | None]:
    """What one record counts as: the case opened, or the person confirmed or linked."""
    return ("casus", rij.casus_id) if rij.actie == "casus.bekeken" else ("persoon", rij.persoon_id)


def _drukste_venster(rijen: list[BuitenCaseloadRecord], venster: timedelta) -> tuple[datetime, int]:
    """(start, distinct cases) of the window with the most distinct cases."""
    beste: tuple[datetime, int] = (rijen[0].tijdstip, 0)
    start = 0
    for eind in range(len(rijen)):
        while rijen[eind].tijdstip - rijen[start].tijdstip > venster:
            start += 1
        aantal = len({_sleutel(r) for r in rijen[start : eind + 1]})
        if aantal > beste[1]:
            beste = (rijen[start].tijdstip, aantal)
    return beste
