"""Caseload lists: Mijn casussen and the Werkvoorraad of a team.

One SELECT per page whatever the number of cases: the last contact and the action
signals are columns of that select (correlated subqueries evaluated for the page's
rows), subject and regisseur are joined, and pagination is keyset on
(sort column, id), forward from the last row or back from the first, so page 1,000
costs what page 1 costs. One more statement counts the filtered list for its total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

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
from casus.paginering import tel
from casus.personen.models import PolitieContact
from workflows import CATALOGUS
from workflows.base import AANGEMELD, ACTIEF, IN_DE_WACHT

DAGEN_ZONDER_CONTACT = 30
# a filter no index serves (an action signal, the wijk in the JSON kenmerken) is counted
# up to this many cases: the total then reads "meer dan 1.000"
TELGRENS = 1000
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
    na: str | None = None  # keyset cursor "value~id": the page after this row
    voor: str | None = None  # keyset cursor: the page before this row
    pagina: int = 1  # the number the link to this page carried (shown, never trusted)


@dataclass(frozen=True)
class Rij:
    casus: Casus
    laatste_contact: date | None
    signalen: list[str]


@dataclass(frozen=True)
class Keysetpagina:
    """One page of a caseload list: its rows, the total of the filtered list, the page's
    number, and the cursors of its first and last row for the neighbouring pages (None
    where there is no such page)."""

    rijen: list[Rij]
    totaal: int
    nummer: int
    vorige: str | None
    volgende: str | None
    vorige_is_eerste: bool  # the previous page is the first (its link needs no cursor)
    meer: bool = False  # counting stopped at ``totaal`` (TELGRENS): there are more


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


def gefilterd(
    basis: Select[tuple[Casus]], filters: Filters, signalen: dict[str, ColumnElement[bool]]
) -> Select[tuple[Casus]]:
    """``basis`` (already limited by casus.toegang) with the list's filters applied."""
    query = basis
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
    return query


def pagina(basis: Select[tuple[Casus]], filters: Filters, op: date, grootte: int) -> Keysetpagina:
    """One page of ``basis`` (already limited by casus.toegang) with filters applied,
    after the row ``filters.na`` or before the row ``filters.voor``, and the total."""
    signalen = signaal_expressies(op)
    kolom, aflopend, _ = SORTERINGEN.get(filters.sortering, SORTERINGEN["status_sinds"])
    lijst = gefilterd(basis, filters, signalen)
    telgrens = TELGRENS if filters.signaal in signalen or filters.wijk else None
    totaal = tel(lijst, telgrens)
    meer = telgrens is not None and totaal > telgrens
    totaal = min(totaal, telgrens) if telgrens is not None else totaal
    na = _lees_cursor(filters.sortering, filters.na) if filters.na else None
    voor = _lees_cursor(filters.sortering, filters.voor) if filters.voor and not na else None
    query = lijst.add_columns(laatste_contact(), *signalen.values()).options(
        joinedload(Casus.persoon), joinedload(Casus.regisseur)
    )
    sleutel = tuple_(kolom, Casus.id)
    oplopend = (kolom, Casus.id)
    dalend = (kolom.desc(), Casus.id.desc())
    resultaat: list[Any]
    if voor is not None:
        # the rows before the cursor, nearest first; one more tells whether any lie before
        grens = tuple_(literal(voor[0]), literal(voor[1]))
        terug = query.where(sleutel > grens if aflopend else sleutel < grens)
        terug = terug.order_by(*(oplopend if aflopend else dalend)).limit(grootte + 1)
        resultaat = list(db.session.execute(terug).all())
        if len(resultaat) > grootte:
            resultaat = resultaat[:grootte][::-1]
            heeft_vorige, heeft_volgende = True, True
        else:  # nothing before them: this is the first page
            voor = None
    if voor is None:
        if na is not None:
            grens = tuple_(literal(na[0]), literal(na[1]))
            query = query.where(sleutel < grens if aflopend else sleutel > grens)
        vooruit = query.order_by(*(dalend if aflopend else oplopend)).limit(grootte + 1)
        resultaat = list(db.session.execute(vooruit).all())
        heeft_vorige, heeft_volgende = na is not None, len(resultaat) > grootte
        resultaat = resultaat[:grootte]
    rijen = [
        Rij(r[0], r[1], [code for code, aan in zip(signalen, r[2:], strict=True) if aan])
        for r in resultaat
    ]
    aantal_paginas = max(1, -(-totaal // grootte))
    if not heeft_vorige:
        nummer = 1
    elif meer:  # the number of pages is unknown: trust the link's number
        nummer = max(filters.pagina, 2)
    elif not heeft_volgende:
        nummer = max(aantal_paginas, 2)
    else:
        nummer = min(max(filters.pagina, 2), max(aantal_paginas - 1, 2))
    eerste, laatste = (rijen[0].casus, rijen[-1].casus) if rijen else (None, None)
    return Keysetpagina(
        rijen,
        totaal,
        nummer,
        vorige=_cursor(getattr(eerste, kolom.key), eerste.id) if heeft_vorige and eerste else None,
        volgende=_cursor(getattr(laatste, kolom.key), laatste.id)
        if heeft_volgende and laatste
        else None,
        vorige_is_eerste=nummer <= 2,
        meer=meer,
    )
