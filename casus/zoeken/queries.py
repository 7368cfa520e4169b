"""The search: the actor's visible cases found by name, case number, BSN or birth date.

A typed term is read word by word (``lees_zoekvraag``): a date (``12-03-2008``,
``12-3-2008``, ``12/03/2008``, ``2008-03-12``) is a birth date, nine digits a BSN, any
other word with a digit part of a case number, and every other word part of the name,
compared in search form (``casus.zoeken.zoekvorm``) with the person's ``zoeknaam``. All
words must match. The query starts from the matching persons (the ``zoeknaam`` index:
trigrams on PostgreSQL) and keeps their cases the actor may see
(``casus.toegang.queries.zichtbare_casussen``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    exists,
    false,
    literal_column,
    select,
    union,
)

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus, Casusalias
from casus.db import LIKE_ESCAPE, bevat_patroon
from casus.extensions import db
from casus.personen.models import Persoon
from casus.toegang.actor import Actor
from casus.toegang.queries import casus_zichtbaar, zichtbare_casussen, zichtbare_personen
from casus.werkplek.queries import korte_naam, onderwerp
from casus.zoeken.zoekvorm import zoekvorm
from workflows import CATALOGUS

MAX_PERSONEN = 25  # persons whose cases a search shows (a list as long as a page)
MAX_CASUSSEN = 25  # cases a search on case number alone shows
MAX_TERM = 100  # characters of the typed term that are read
MAX_WOORDEN = 6

_DAG_EERST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_JAAR_EERST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_BSN = re.compile(r"\d{9}")
_CASUSNUMMER = re.compile(r"[A-Z]+-\d{4}-\d+")
_ZONDER_PREFIX = re.compile(r"\d{4}-\d+")


@dataclass(frozen=True)
class Zoekvraag:
    """A typed term, read: what each word is to match."""

    namen: tuple[str, ...] = ()  # in search form, each part of the person's zoeknaam
    casusnummers: tuple[str, ...] = ()  # upper case, each part of the case number
    bsn: tuple[str, ...] = ()
    geboortedata: tuple[date, ...] = ()
    onmogelijk: bool = False  # a word shaped as a date that is none (31-02-2008)

    @property
    def leeg(self) -> bool:
        return not (
            self.namen or self.casusnummers or self.bsn or self.geboortedata or self.onmogelijk
        )

    @property
    def over_persoon(self) -> bool:
        return bool(self.namen or self.bsn or self.geboortedata)


def datumvorm(woord: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a word shaped as a date: day first (``12-3-2008``,
    ``12/03/2008``, ``12.03.2008``) or ISO (``2008-03-12``); None for any other word."""
    if m := _DAG_EERST.fullmatch(woord):
        dag, maand, jaar = (int(g) for g in m.groups())
        return jaar, maand, dag
    if m := _JAAR_EERST.fullmatch(woord):
        jaar, maand, dag = (int(g) for g in m.groups())
        return jaar, maand, dag
    return None


def lees_zoekvraag(term: str) -> Zoekvraag:
    namen: list[str] = []
    casusnummers: list[str] = []
    bsn: list[str] = []
    geboortedata: list[date] = []
    onmogelijk = False
    for woord in term[:MAX_TERM].split()[:MAX_WOORDEN]:
        if (vorm := datumvorm(woord)) is not None:
            try:
                geboortedata.append(date(*vorm))
            except ValueError:  # shaped as a date, but no day (31-02-2008)
                onmogelijk = True
        elif _BSN.fullmatch(woord):
            bsn.append(woord)
        elif any(c.isdigit() for c in woord):
            casusnummers.append(woord.upper())
        elif naam := zoekvorm(woord):
            namen.extend(naam.split())
    return Zoekvraag(tuple(namen), tuple(casusnummers), tuple(bsn), tuple(geboortedata), onmogelijk)


def _persoonsvoorwaarde(vraag: Zoekvraag) -> ColumnElement[bool]:
    voorwaarden: list[ColumnElement[bool]] = [
        Persoon.zoeknaam.like(bevat_patroon(naam), escape=LIKE_ESCAPE) for naam in vraag.namen
    ]
    voorwaarden += [Persoon.bsn == b for b in vraag.bsn]
    voorwaarden += [Persoon.geboortedatum == d for d in vraag.geboortedata]
    return and_(*voorwaarden)


def _nummervoorwaarde(vraag: Zoekvraag) -> ColumnElement[bool]:
    """Case numbers are ASCII capitals, digits and hyphens, so an upper-cased word
    matches case-insensitively. A whole number (``PGAJ-2025-00012``) and one without its
    prefix (``2025-00012``, under every aanpak's prefix) are looked up in the unique
    indexes of the current number and of the numbers a case had before omzetten
    (``Casusalias``); any other part is a substring of the current number (a scan of
    that index)."""
    voorwaarden: list[ColumnElement[bool]] = []
    for nummer in vraag.casusnummers:
        if _CASUSNUMMER.fullmatch(nummer):
            voorwaarden.append(_heeft_nummer([nummer]))
        elif _ZONDER_PREFIX.fullmatch(nummer):
            voorwaarden.append(_heeft_nummer([f"{p}-{nummer}" for p in _casusprefixen()]))
        else:
            voorwaarden.append(Casus.ref.like(bevat_patroon(nummer), escape=LIKE_ESCAPE))
    return and_(*voorwaarden)


def _heeft_nummer(nummers: list[str]) -> ColumnElement[bool]:
    """The case carries one of ``nummers`` now, or carried it before omzetten. (A union
    of two unique-index lookups: an OR of the two conditions scans every visible case.)"""
    return Casus.id.in_(
        union(
            select(Casus.id).where(Casus.ref.in_(nummers)),
            select(Casusalias.casus_id).where(Casusalias.ref.in_(nummers)),
        )
    )


def _casusprefixen() -> list[str]:
    return sorted({CATALOGUS.get(code).casusprefix for code in CATALOGUS.codes()})


def gevonden_personen(actor: Actor | None, vraag: Zoekvraag) -> Subquery:
    """The first ``MAX_PERSONEN + 1`` persons the actor may see that match, by search
    name: the query walks the ``zoeknaam`` index (or a trigram bitmap, or the BSN or
    birth date index) and checks each person's visibility by ``casus.persoon_id``. With
    a case number in the term, one of their visible cases must carry it."""
    query = zichtbare_personen(actor).where(_persoonsvoorwaarde(vraag))
    if vraag.casusnummers:
        query = query.where(
            exists(
                select(Casus.id).where(
                    Casus.persoon_id == Persoon.id,
                    casus_zichtbaar(actor),
                    _nummervoorwaarde(vraag),
                )
            )
        )
    return (
        query.with_only_columns(Persoon.id, Persoon.zoeknaam)
        .order_by(Persoon.zoeknaam, Persoon.id)
        # a literal, not a parameter: SQLite plans with it (a derived table this small
        # is the place to start) and would otherwise start from all visible cases
        .limit(literal_column(str(MAX_PERSONEN + 1)))
        .subquery("gevonden")
    )


def zoekopdracht(actor: Actor | None, vraag: Zoekvraag) -> Select[tuple[Casus]]:
    """The statement of the search: the visible cases of the persons found, by the
    persons' search name and then newest first; for a term with only case numbers, the
    visible cases that carry them, by number. (The persons are a derived table of at most
    ``MAX_PERSONEN + 1`` rows, so SQLite, which has no statistics, starts from them
    instead of from every visible case of the actor's aanpakken.)"""
    query = zichtbare_casussen(actor)
    if vraag.onmogelijk:
        return query.where(false())
    if not vraag.over_persoon:
        return query.where(_nummervoorwaarde(vraag)).order_by(Casus.ref).limit(MAX_CASUSSEN + 1)
    gevonden = gevonden_personen(actor, vraag)
    if vraag.casusnummers:
        query = query.where(_nummervoorwaarde(vraag))
    return query.join(gevonden, Casus.persoon_id == gevonden.c.id).order_by(
        gevonden.c.zoeknaam, gevonden.c.id, Casus.aangemeld_op.desc(), Casus.id
    )


@dataclass(frozen=True, slots=True)
class Treffer:
    """One case found, as the results table shows it (from the columns of the search's
    select, not from ORM objects)."""

    id: int
    ref: str
    onderwerp: str  # Casus.onderwerp
    persoon_id: int | None
    geboortedatum: date | None
    aanpak: str
    status: str
    regisseur: str | None  # the regisseur's korte_naam; None: not assigned


@dataclass(frozen=True)
class Zoekresultaat:
    casussen: list[Treffer]
    meer: bool  # more persons (or cases, for a case number) matched than are shown


def _treffers(query: Select[tuple[Casus]]) -> list[Treffer]:
    rijen = db.session.execute(
        query.with_only_columns(
            Casus.id,
            Casus.ref,
            Casus.persoon_id,
            Persoon.voornaam,
            Persoon.tussenvoegsel,
            Persoon.achternaam,
            Casus.kenmerken["naam"].as_string(),
            Casus.kenmerken["adres"].as_string(),
            Persoon.geboortedatum,
            Casus.aanpak,
            Casus.status,
            Gebruiker.naam,
        )
        .select_from(Casus)
        .outerjoin(Persoon, Persoon.id == Casus.persoon_id)
        .outerjoin(Gebruiker, Gebruiker.id == Casus.regisseur_id)
    ).all()
    return [
        Treffer(
            id=r[0],
            ref=r[1],
            onderwerp=onderwerp(r[2], (r[3], r[4], r[5]), r[6], r[7]),
            persoon_id=r[2],
            geboortedatum=r[8],
            aanpak=r[9],
            status=r[10],
            regisseur=None if r[11] is None else korte_naam(r[11]),
        )
        for r in rijen
    ]


def zoek_casussen(actor: Actor | None, term: str) -> Zoekresultaat:
    """The visible cases matching ``term``: of at most ``MAX_PERSONEN`` persons by name,
    or at most ``MAX_CASUSSEN`` cases by number alone."""
    vraag = lees_zoekvraag(term.strip())
    if vraag.leeg:
        return Zoekresultaat([], meer=False)
    casussen = _treffers(zoekopdracht(actor, vraag))
    if not vraag.over_persoon:
        return Zoekresultaat(casussen[:MAX_CASUSSEN], meer=len(casussen) > MAX_CASUSSEN)
    personen = list(dict.fromkeys(c.persoon_id for c in casussen))
    if len(personen) <= MAX_PERSONEN:
        return Zoekresultaat(casussen, meer=False)
    return Zoekresultaat([c for c in casussen if c.persoon_id != personen[-1]], meer=True)
