"""Caseload lists: Mijn casussen and the Werkvoorraad of a team.

One SELECT per page whatever the number of cases: the last contact and the action
signals are columns of that select (correlated subqueries evaluated for the page's
rows), subject and regisseur are joined, and pagination is keyset on
(sort column, id), so page 1,000 costs what page 1 costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import (
    Case,
    ColumnElement,
    ScalarSelect,
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    select,
    tuple_,
)
from sqlalchemy.orm import QueryableAttribute, joinedload

from casus.casussen.models import Casus, Notitie, maanden_terug
from casus.extensions import db
from casus.personen.models import PolitieContact
from workflows import CATALOGUS
from workflows.base import AANGEMELD, ACTIEF, IN_DE_WACHT

DAGEN_ZONDER_CONTACT = 30
DAGEN_IN_DE_WACHT = 90

SIGNALEN: dict[str, str] = {
    "geen_contact": f"Geen contact in {DAGEN_ZONDER_CONTACT} dagen",
    "lang_in_de_wacht": f"Langer dan {DAGEN_IN_DE_WACHT} dagen in de wacht",
    "kandidaat_afsluiten": "Kandidaat voor succesvol afsluiten (geen politiecontact)",
    "triage_verlopen": "Triagetermijn verstreken",
}

Sorteerkolom = QueryableAttribute[date] | QueryableAttribute[str]

# sort key -> (column, descending, label)
SORTERINGEN: dict[str, tuple[Sorteerkolom, bool, str]] = {
    "status_sinds": (Casus.status_sinds, False, "Langst in huidige status eerst"),
    "aangemeld_op": (Casus.aangemeld_op, True, "Nieuwste aanmelding eerst"),
    "ref": (Casus.ref, False, "Casusnummer"),
}


def laatste_contact() -> ScalarSelect[date]:
    return (
        select(func.max(Notitie.datum))
        .where(Notitie.casus_id == Casus.id, Notitie.soort == "contactmoment")
        .correlate(Casus)
        .scalar_subquery()
    )


def _per_aanpak(waarden: dict[str, date]) -> Case[date]:
    return case(waarden, value=Casus.aanpak, else_=literal(date.min))


def signaal_expressies(op: date) -> dict[str, ColumnElement[bool]]:
    """Each action signal as a boolean SQL expression on Casus, as of ``op``."""
    contact = func.coalesce(laatste_contact(), Casus.opname_op, Casus.aangemeld_op)
    politie_grens = _per_aanpak(
        {a.code: maanden_terug(op, a.instellingen.maanden_zonder_politiecontact) for a in CATALOGUS}
    )
    triage_grens = _per_aanpak(
        {a.code: op - timedelta(days=a.instellingen.triage_termijn_dagen) for a in CATALOGUS}
    )
    recent_politie = exists(
        select(PolitieContact.id)
        .where(
            PolitieContact.persoon_id == Casus.persoon_id,
            PolitieContact.datum > politie_grens,
        )
        .correlate(Casus)
    )
    return {
        "geen_contact": and_(
            Casus.status == ACTIEF, contact < op - timedelta(days=DAGEN_ZONDER_CONTACT)
        ),
        "lang_in_de_wacht": and_(
            Casus.status == IN_DE_WACHT,
            Casus.status_sinds <= op - timedelta(days=DAGEN_IN_DE_WACHT),
        ),
        "kandidaat_afsluiten": and_(
            Casus.status == ACTIEF,
            Casus.persoon_id.is_not(None),
            Casus.opname_op <= politie_grens,
            ~recent_politie,
        ),
        "triage_verlopen": and_(Casus.status == AANGEMELD, Casus.aangemeld_op < triage_grens),
    }


@dataclass(frozen=True)
class Filters:
    aanpak: str | None = None
    status: str | None = None
    wijk: str | None = None
    signaal: str | None = None
    niet_toegewezen: bool = False
    sortering: str = "status_sinds"
    na: str | None = None  # keyset cursor "value~id"


@dataclass(frozen=True)
class Rij:
    casus: Casus
    laatste_contact: date | None
    signalen: list[str]


@dataclass(frozen=True)
class Pagina:
    rijen: list[Rij]
    volgende: str | None


def _cursor(waarde: date | str, casus_id: int) -> str:
    tekst = waarde.isoformat() if isinstance(waarde, date) else str(waarde)
    return f"{tekst}~{casus_id}"


def _lees_cursor(sortering: str, na: str) -> tuple[date | str, int] | None:
    waarde, _, casus_id = na.rpartition("~")
    if not casus_id.isdigit():
        return None
    if sortering == "ref":
        return waarde, int(casus_id)
    try:
        return date.fromisoformat(waarde), int(casus_id)
    except ValueError:
        return None


def pagina(basis: Select[tuple[Casus]], filters: Filters, op: date, grootte: int) -> Pagina:
    """One page of ``basis`` (already limited by casus.toegang) with filters applied."""
    signalen = signaal_expressies(op)
    kolom, aflopend, _ = SORTERINGEN.get(filters.sortering, SORTERINGEN["status_sinds"])
    query = basis.add_columns(laatste_contact(), *signalen.values())
    if filters.aanpak:
        query = query.where(Casus.aanpak == filters.aanpak)
    if filters.status:
        query = query.where(Casus.status == filters.status)
    if filters.wijk:
        query = query.where(Casus.kenmerken["wijk"].as_string() == filters.wijk)
    if filters.signaal in signalen:
        query = query.where(signalen[filters.signaal])
    if filters.niet_toegewezen:
        query = query.where(Casus.regisseur_id.is_(None))
    cursor = _lees_cursor(filters.sortering, filters.na) if filters.na else None
    if cursor is not None:
        sleutel, grens = tuple_(kolom, Casus.id), tuple_(literal(cursor[0]), literal(cursor[1]))
        query = query.where(sleutel < grens if aflopend else sleutel > grens)
    volgorde = (kolom.desc(), Casus.id.desc()) if aflopend else (kolom, Casus.id)
    query = (
        query.options(joinedload(Casus.persoon), joinedload(Casus.regisseur))
        .order_by(*volgorde)
        .limit(grootte + 1)
    )
    resultaat = db.session.execute(query).all()
    rijen = [
        Rij(r[0], r[1], [code for code, aan in zip(signalen, r[2:], strict=True) if aan])
        for r in resultaat[:grootte]
    ]
    volgende = None
    if len(resultaat) > grootte:
        laatste = rijen[-1].casus
        volgende = _cursor(getattr(laatste, kolom.key), laatste.id)
    return Pagina(rijen, volgende)
