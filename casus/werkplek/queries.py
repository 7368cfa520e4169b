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
from functools import lru_cache
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
from sqlalchemy.orm import QueryableAttribute

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus, Notitie, maanden_terug
from casus.extensions import db
from casus.paginering import tel
from casus.personen.models import Persoon, PolitieContact
from workflows import CATALOGUS
from workflows.base import AANGEMELD, ACTIEF, IN_DE_WACHT, Instellingen

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


@lru_cache(maxsize=1)
def laatste_contact() -> ScalarSelect[date]:
    """The date of the case's last contactmoment (a correlated subquery; one object,
    built once: SQL expressions are immutable)."""
    return (
        select(func.max(Notitie.datum))
        .where(Notitie.casus_id == Casus.id, Notitie.soort == "contactmoment")
        .correlate(Casus)
        .scalar_subquery()
    )


def _per_aanpak(waarden: dict[str, date]) -> Case[date]:
    return case(waarden, value=Casus.aanpak, else_=literal(date.min))


def signaal_expressies(op: date) -> dict[str, ColumnElement[bool]]:
    """Each action signal as a boolean SQL expression on Casus, as of ``op`` (built once
    per day and catalogue: expressions are immutable, and building them was a tenth of a
    list page's CPU). The caller must not change the dict."""
    return _signaal_expressies(op, _instellingen())


def _instellingen() -> tuple[tuple[str, Instellingen], ...]:
    """What the signals depend on besides the date: each aanpak's settings."""
    return tuple((a.code, a.instellingen) for a in CATALOGUS)


@lru_cache(maxsize=8)
def _signaal_expressies(
    op: date, instellingen: tuple[tuple[str, Instellingen], ...]
) -> dict[str, ColumnElement[bool]]:
    contact = func.coalesce(laatste_contact(), Casus.opname_op, Casus.aangemeld_op)
    politie_grens = _per_aanpak(
        {code: maanden_terug(op, i.maanden_zonder_politiecontact) for code, i in instellingen}
    )
    triage_grens = _per_aanpak(
        {code: op - timedelta(days=i.triage_termijn_dagen) for code, i in instellingen}
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


@dataclass(frozen=True, slots=True)
class Rij:
    """One row of a caseload list, as shown (built from the columns of the page's select,
    not from ORM objects)."""

    id: int
    ref: str
    onderwerp: str  # Casus.onderwerp
    aanpak: str
    status: str
    status_sinds: date
    regisseur: str | None  # the regisseur's korte_naam; None: not assigned
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


def _lijstkolommen(sortering: str, op: date) -> tuple[ColumnElement[Any], ...]:
    """What a row of the list shows, as columns: no ORM objects are built for the page
    (the case, its person and its regisseur would be three per row). Built once per
    sort order, day and catalogue, like the signals."""
    return _kolommen(sortering, op, _instellingen())


@lru_cache(maxsize=32)
def _kolommen(
    sortering: str, op: date, instellingen: tuple[tuple[str, Instellingen], ...]
) -> tuple[ColumnElement[Any], ...]:
    return (
        Casus.id,
        Casus.ref,
        Casus.aanpak,
        Casus.status,
        Casus.status_sinds,
        Casus.persoon_id,
        Persoon.voornaam,
        Persoon.tussenvoegsel,
        Persoon.achternaam,
        Casus.kenmerken["naam"].as_string(),
        Casus.kenmerken["adres"].as_string(),
        Gebruiker.naam,
        SORTERINGEN[sortering][0].label("sleutel"),
        laatste_contact(),
        *_signaal_expressies(op, instellingen).values(),
    )


def onderwerp(
    persoon_id: int | None,
    namen: tuple[str | None, str | None, str | None],
    naam: str | None,
    adres: str | None,
) -> str:
    """``Casus.onderwerp`` from the columns of a row: the person's full name
    (``Persoon.volledige_naam``), else the company or address in the kenmerken."""
    if persoon_id is not None:
        return " ".join(d for d in namen if d)
    return str(naam or adres or "Onbekend onderwerp")


def korte_naam(naam: str) -> str:
    """``Gebruiker.korte_naam`` from the name alone: 'J. de Vries'."""
    delen = naam.split()
    if len(delen) < 2:
        return naam
    return f"{delen[0][0]}. {' '.join(delen[1:])}"


def pagina(basis: Select[tuple[Casus]], filters: Filters, op: date, grootte: int) -> Keysetpagina:
    """One page of ``basis`` (already limited by casus.toegang) with filters applied,
    after the row ``filters.na`` or before the row ``filters.voor``, and the total."""
    signalen = signaal_expressies(op)
    sortering = filters.sortering if filters.sortering in SORTERINGEN else "status_sinds"
    kolom, aflopend, _ = SORTERINGEN[sortering]
    lijst = gefilterd(basis, filters, signalen)
    telgrens = TELGRENS if filters.signaal in signalen or filters.wijk else None
    totaal = tel(lijst, telgrens)
    meer = telgrens is not None and totaal > telgrens
    totaal = min(totaal, telgrens) if telgrens is not None else totaal
    na = _lees_cursor(filters.sortering, filters.na) if filters.na else None
    voor = _lees_cursor(filters.sortering, filters.voor) if filters.voor and not na else None
    query = (
        lijst.with_only_columns(*_lijstkolommen(sortering, op))
        .select_from(Casus)
        .outerjoin(Persoon, Persoon.id == Casus.persoon_id)
        .outerjoin(Gebruiker, Gebruiker.id == Casus.regisseur_id)
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
    codes = tuple(signalen)
    rijen = [_rij(r, codes) for r in resultaat]
    aantal_paginas = max(1, -(-totaal // grootte))
    if not heeft_vorige:
        nummer = 1
    elif meer:  # the number of pages is unknown: trust the link's number
        nummer = max(filters.pagina, 2)
    elif not heeft_volgende:
        nummer = max(aantal_paginas, 2)
    else:
        nummer = min(max(filters.pagina, 2), max(aantal_paginas - 1, 2))
    eerste, laatste = (resultaat[0], resultaat[-1]) if resultaat else (None, None)
    return Keysetpagina(
        rijen,
        totaal,
        nummer,
        vorige=_cursor(eerste[12], eerste[0]) if heeft_vorige and eerste else None,
        volgende=_cursor(laatste[12], laatste[0]) if heeft_volgende and laatste else None,
        vorige_is_eerste=nummer <= 2,
        meer=meer,
    )


def _rij(r: Any, codes: tuple[str, ...]) -> Rij:
    (casus_id, ref, aanpak, status, sinds, persoon_id, voornaam, tussenvoegsel) = r[:8]
    (achternaam, naam, adres, regisseur, _, contact) = r[8:14]
    return Rij(
        id=casus_id,
        ref=ref,
        onderwerp=onderwerp(persoon_id, (voornaam, tussenvoegsel, achternaam), naam, adres),
        aanpak=aanpak,
        status=status,
        status_sinds=sinds,
        regisseur=None if regisseur is None else korte_naam(regisseur),
        laatste_contact=contact,
        signalen=[code for code, aan in zip(codes, r[14:], strict=True) if aan],
    )
