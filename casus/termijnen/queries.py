"""The norms as SQL: per norm code a boolean on ``Casus`` for "past the norm" and for
"nearing or past", as of a date. The werkplek's signals, the list columns and the
managers' overview use these, so the lists, the pages and the escalation share one
truth (``casus.termijnen.stand`` computes the same from loaded facts).

Each norm compares the start of its clock with one date per aanpak
(``rekenen.laatste_start_verlopen``): the workday arithmetic runs in Python once per day
and catalogue, the database only compares dates.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, ScalarSelect, and_, case, false, func, literal, or_, select

from casus.casussen.models import Casus, Notitie
from casus.termijnen import rekenen
from workflows import CATALOGUS
from workflows.base import AANGEMELD, NORM_CONTACT, NORM_HERBEOORDELING, Norm


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


@lru_cache(maxsize=1)
def laatste_notitie() -> ScalarSelect[date]:
    """The date of the case's last note of any kind (the review of a case in de wacht)."""
    return (
        select(func.max(Notitie.datum))
        .where(Notitie.casus_id == Casus.id)
        .correlate(Casus)
        .scalar_subquery()
    )


def gestart_uiterlijk(soort: str, status: str, grens: ColumnElement[date]) -> ColumnElement[bool]:
    """The norm's clock started on or before ``grens`` (``stand.start_van`` as SQL: the
    later of status_sinds and the last contact or note is on or before it when both are,
    so each subquery is evaluated once)."""
    if soort == NORM_CONTACT:
        return and_(
            Casus.status_sinds <= grens,
            func.coalesce(laatste_contact(), Casus.status_sinds) <= grens,
        )
    if soort == NORM_HERBEOORDELING:
        return and_(
            Casus.status_sinds <= grens,
            func.coalesce(laatste_notitie(), Casus.status_sinds) <= grens,
        )
    kolom = Casus.aangemeld_op if status == AANGEMELD else Casus.status_sinds
    return kolom <= grens


def normsleutel() -> tuple[tuple[str, tuple[Norm, ...]], ...]:
    """What the expressions depend on besides the date: each aanpak's norms."""
    return tuple((a.code, a.normen) for a in CATALOGUS)


def expressies(op: date) -> dict[str, tuple[ColumnElement[bool], ColumnElement[bool]]]:
    """Per norm code: (past the norm, nearing or past) on ``op``, as SQL on Casus."""
    return _expressies(op, normsleutel())


@lru_cache(maxsize=8)
def _expressies(
    op: date, normen: tuple[tuple[str, tuple[Norm, ...]], ...]
) -> dict[str, tuple[ColumnElement[bool], ColumnElement[bool]]]:
    # norm code -> (status, soort) -> aanpak -> norm
    groepen: dict[str, dict[tuple[str, str], dict[str, Norm]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for aanpak, lijst in normen:
        for norm in lijst:
            groepen[norm.code][(norm.status, norm.soort)][aanpak] = norm
    uitkomst: dict[str, tuple[ColumnElement[bool], ColumnElement[bool]]] = {}
    for code, per_groep in groepen.items():
        verlopen: list[ColumnElement[bool]] = []
        nadert: list[ColumnElement[bool]] = []
        for (status, soort), per_aanpak in per_groep.items():
            grens_verlopen = {
                a: rekenen.laatste_start_verlopen(op, n.dagen, n.werkdagen)
                for a, n in per_aanpak.items()
            }
            grens_nadert = {
                a: rekenen.laatste_start_nadert(op, n.dagen, n.werkdagen, n.waarschuwing)
                for a, n in per_aanpak.items()
            }
            verlopen.append(
                and_(
                    Casus.status == status,
                    gestart_uiterlijk(soort, status, _per_aanpak(grens_verlopen)),
                )
            )
            nadert.append(
                and_(
                    Casus.status == status,
                    gestart_uiterlijk(soort, status, _per_aanpak(grens_nadert)),
                )
            )
        uitkomst[code] = (_of(verlopen), _of(nadert))
    return uitkomst


def _per_aanpak(waarden: dict[str, date]) -> ColumnElement[date]:
    return case(waarden, value=Casus.aanpak, else_=literal(date.min))


def _of(delen: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    if not delen:
        return false()
    return delen[0] if len(delen) == 1 else or_(*delen)


def herbeoordeling_statussen() -> frozenset[str]:
    """The states in which a norm runs from the last note (the list query loads that date
    only for cases in them)."""
    return frozenset(
        n.status for a in CATALOGUS for n in a.normen if n.soort == NORM_HERBEOORDELING
    )
