"""Caseload lists: Mijn casussen and the Werkvoorraad of a team.

One SELECT per page whatever the number of cases: the last contact and the action
signals are columns of that select (correlated subqueries evaluated for the page's
rows), subject and regisseur are joined, and pagination is keyset on
(sort column, id), forward from the last row or back from the first, so page 1,000
costs what page 1 costs. One more statement counts the filtered list for its total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Case,
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    false,
    literal,
    select,
    tuple_,
)
from sqlalchemy.orm import QueryableAttribute

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus, maanden_terug
from casus.extensions import db
from casus.paginering import tel
from casus.personen.models import Persoon, PolitieContact
from casus.termijnen import queries as normen
from casus.termijnen.queries import laatste_contact, laatste_notitie
from casus.termijnen.stand import Feiten, Termijnstand, bereken
from workflows import CATALOGUS
from workflows.base import (
    ACTIEF,
    NORM_CONTACTMOMENT,
    NORM_STARTEN,
    NORM_TRIAGE,
    NORM_WACHT,
    Instellingen,
    Norm,
)

__all__ = ["laatste_contact"]  # also read by the triage's review lists

# a filter no index serves (an action signal, the wijk in the JSON kenmerken) is counted
# up to this many cases: the total then reads "meer dan 1.000"
TELGRENS = 1000

# The signals that are norms (casus.termijnen) are the norms' own "past" state, so the
# lists, the case page and the escalation agree: signal code -> norm code.
NORMSIGNALEN: dict[str, str] = {
    "geen_contact": NORM_CONTACTMOMENT,
    "lang_in_de_wacht": NORM_WACHT,
    "triage_verlopen": NORM_TRIAGE,
    "start_verlopen": NORM_STARTEN,
}

SIGNALEN: dict[str, str] = {
    "geen_contact": "Contactmoment te laat",
    "lang_in_de_wacht": "In de wacht zonder herbeoordeling",
    "kandidaat_afsluiten": "Kandidaat voor succesvol afsluiten (geen politiecontact)",
    "triage_verlopen": "Triagetermijn verstreken",
    "start_verlopen": "Niet op tijd gestart",
}

Sorteerkolom = QueryableAttribute[date] | QueryableAttribute[str]

# sort key -> (column, descending, label)
SORTERINGEN: dict[str, tuple[Sorteerkolom, bool, str]] = {
    "status_sinds": (Casus.status_sinds, False, "Langst in huidige status eerst"),
    "aangemeld_op": (Casus.aangemeld_op, True, "Nieuwste aanmelding eerst"),
    "ref": (Casus.ref, False, "Casusnummer"),
}


def _per_aanpak(waarden: dict[str, date]) -> Case[date]:
    return case(waarden, value=Casus.aanpak, else_=literal(date.min))


def signaal_expressies(op: date) -> dict[str, ColumnElement[bool]]:
    """Each action signal as a boolean SQL expression on Casus, as of ``op`` (built once
    per day and catalogue: expressions are immutable, and building them was a tenth of a
    list page's CPU). The caller must not change the dict."""
    return _signaal_expressies(op, _instellingen())


Afhankelijkheden = tuple[
    tuple[tuple[str, Instellingen], ...], tuple[tuple[str, tuple[Norm, ...]], ...]
]


def _instellingen() -> Afhankelijkheden:
    """What the signals depend on besides the date: each aanpak's settings and norms."""
    return tuple((a.code, a.instellingen) for a in CATALOGUS), normen.normsleutel()


@lru_cache(maxsize=8)
def _signaal_expressies(op: date, afhankelijk: Afhankelijkheden) -> dict[str, ColumnElement[bool]]:
    instellingen, _ = afhankelijk
    politie_grens = _per_aanpak(
        {code: maanden_terug(op, i.maanden_zonder_politiecontact) for code, i in instellingen}
    )
    recent_politie = exists(
        select(PolitieContact.id)
        .where(
            PolitieContact.persoon_id == Casus.persoon_id,
            PolitieContact.datum > politie_grens,
        )
        .correlate(Casus)
    )
    verlopen = {code: paar[0] for code, paar in normen.expressies(op).items()}
    signalen = {signaal: verlopen.get(norm, false()) for signaal, norm in NORMSIGNALEN.items()}
    signalen["kandidaat_afsluiten"] = and_(
        Casus.status == ACTIEF,
        Casus.persoon_id.is_not(None),
        Casus.opname_op <= politie_grens,
        ~recent_politie,
    )
    return {code: signalen[code] for code in SIGNALEN}


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
    termijn: Termijnstand | None = None  # the most pressing norm (casus.termijnen)


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
    sortering: str, op: date, afhankelijk: Afhankelijkheden
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
        *_signaal_expressies(op, afhankelijk).values(),
        # for the norm state: the aanmelding, and the last note where a norm counts from it
        Casus.aangemeld_op,
        case(
            (Casus.status.in_(sorted(normen.herbeoordeling_statussen())), laatste_notitie()),
            else_=None,
        ),
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
    rijen = [_rij(r, codes, op) for r in resultaat]
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


def _rij(r: Any, codes: tuple[str, ...], op: date) -> Rij:
    (casus_id, ref, aanpak, status, sinds, persoon_id, voornaam, tussenvoegsel) = r[:8]
    (achternaam, naam, adres, regisseur, _, contact) = r[8:14]
    aangemeld_op, notitie = r[14 + len(codes) :]
    feiten = Feiten(aanpak, status, aangemeld_op, sinds, contact, notitie)
    return Rij(
        id=casus_id,
        ref=ref,
        onderwerp=onderwerp(persoon_id, (voornaam, tussenvoegsel, achternaam), naam, adres),
        aanpak=aanpak,
        status=status,
        status_sinds=sinds,
        regisseur=None if regisseur is None else korte_naam(regisseur),
        laatste_contact=contact,
        signalen=[code for code, aan in zip(codes, r[14 : 14 + len(codes)], strict=True) if aan],
        termijn=bereken(feiten, op),
    )
