"""Counting days for the norms: workdays (Monday to Friday, Dutch public holidays off)
and calendar days. Pure functions, no Flask, no database.

The public holidays are those of the maintained ``holidays`` library's Dutch calendar
(``holidays.country_holidays("NL")``): New Year, Goede Vrijdag, both Easter days,
Koningsdag (the Saturday before when 27 April is a Sunday), Bevrijdingsdag (only in
lustrum years: 2020, 2025, 2030, ...), Hemelvaart, both Pinksterdagen and both
Christmas days. ``tests/termijnen/test_rekenen.py`` pins what we rely on.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

EEN_DAG = timedelta(days=1)


@lru_cache(maxsize=32)
def _feestdagen(jaar: int) -> dict[date, str]:
    return dict(holidays.country_holidays("NL", years=jaar).items())


def feestdag(dag: date) -> str | None:
    """The public holiday on ``dag`` (its English name in the library), or None."""
    return _feestdagen(dag.year).get(dag)


def is_werkdag(dag: date) -> bool:
    return dag.weekday() < 5 and feestdag(dag) is None


def plus_werkdagen(start: date, aantal: int) -> date:
    """The ``aantal``-th workday after ``start`` (``start`` itself not counted); with 0
    ``start`` itself when it is a workday, else the next one."""
    dag = start
    if aantal == 0:
        while not is_werkdag(dag):
            dag += EEN_DAG
        return dag
    geteld = 0
    while geteld < aantal:
        dag += EEN_DAG
        if is_werkdag(dag):
            geteld += 1
    return dag


def min_werkdagen(eind: date, aantal: int) -> date:
    """The ``aantal``-th workday before ``eind`` (``eind`` itself not counted); with 0
    ``eind`` itself."""
    dag = eind
    geteld = 0
    while geteld < aantal:
        dag -= EEN_DAG
        if is_werkdag(dag):
            geteld += 1
    return dag


def werkdagen_tussen(van: date, tot: date) -> int:
    """The workdays after ``van`` up to and including ``tot`` (0 when ``tot`` <= ``van``)."""
    aantal, dag = 0, van
    while dag < tot:
        dag += EEN_DAG
        if is_werkdag(dag):
            aantal += 1
    return aantal


def vervaldatum(start: date, dagen: int, werkdagen: bool) -> date:
    """The last day within the norm: ``dagen`` workdays or calendar days after ``start``."""
    return plus_werkdagen(start, dagen) if werkdagen else start + timedelta(days=dagen)


def waarschuwingsdatum(verval: date, waarschuwing: int, werkdagen: bool) -> date:
    """The first day of the warning: ``waarschuwing`` workdays or days before ``verval``."""
    return min_werkdagen(verval, waarschuwing) if werkdagen else verval - timedelta(waarschuwing)


@lru_cache(maxsize=256)
def laatste_start_verlopen(op: date, dagen: int, werkdagen: bool) -> date:
    """The latest start whose norm has passed on ``op`` (due date before ``op``): a case
    is past the norm on ``op`` exactly when its clock started on or before this date.
    For the SQL filters, which compare a start column with one date per aanpak."""
    if not werkdagen:
        return op - timedelta(days=dagen + 1)
    start = op - EEN_DAG  # the due date lies after the start: search backwards
    while vervaldatum(start, dagen, True) >= op:
        start -= EEN_DAG
    return start


@lru_cache(maxsize=256)
def laatste_start_nadert(op: date, dagen: int, werkdagen: bool, waarschuwing: int) -> date:
    """The latest start whose warning has begun on ``op`` (or whose norm has passed)."""
    if not werkdagen:
        return op - timedelta(days=dagen - waarschuwing)
    start = op
    while waarschuwingsdatum(vervaldatum(start, dagen, True), waarschuwing, True) > op:
        start -= EEN_DAG
    return start
