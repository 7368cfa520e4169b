"""One page of a list, with its number, the number of pages, the total and the links to
the previous and next page: what every list shows under its table (the ``paginering``
macro in ``_macros.html``).

A list pages by number (``lijstpagina``: OFFSET over its select, which starts from
``casus.toegang``'s filter), or by keyset (``casus.werkplek.queries``: the cursor of the
neighbouring row, so a deep page costs what the first costs) and then builds its
``Lijstpagina`` itself. The total is one ``count()`` over the same filtered select
(``tel``), without ORDER BY or the page's eager loads, so the database answers it
from an index where one covers the filter; where none does (a caseload list's action
signals, a wijk), counting stops after 1,000 rows and the page says "meer dan 1.000".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import request, url_for
from sqlalchemy import Select, func, select

from casus.extensions import db

T = TypeVar("T")

# the query-string keys of the paging itself: dropped before a new link is built
PAGINA_ARGS = ("pagina", "na", "voor")


@dataclass(frozen=True)
class Lijstpagina(Generic[T]):
    items: list[T]
    totaal: int
    nummer: int
    grootte: int
    vorige_url: str | None = None
    volgende_url: str | None = None
    meer: bool = False  # counting stopped at ``totaal``: there are more

    @property
    def aantal_paginas(self) -> int:
        return max(1, -(-self.totaal // self.grootte))


def tel(query: Select[Any], maximum: int | None = None) -> int:
    """The number of rows ``query`` returns (its ORDER BY, LIMIT and OFFSET left out);
    with ``maximum``, counting stops after ``maximum + 1`` rows (a filter no index
    serves is then judged for a bounded number of rows, not for the whole list)."""
    sub = query.order_by(None).limit(None if maximum is None else maximum + 1).offset(None)
    return int(db.session.scalar(select(func.count()).select_from(sub.subquery())) or 0)


def paginanummer(waarde: object) -> int:
    """A page number from the query string; anything that is not a positive number is 1."""
    tekst = str(waarde or "")
    return int(tekst) if tekst.isdigit() and 0 < int(tekst) < 10**9 else 1


def pagina_url(**paging: object) -> str:
    """This list's URL with its filters, on another page: ``paging`` holds the paging
    keys of the new page (``pagina``, ``na``, ``voor``); a value None is left out."""
    args: dict[str, Any] = {
        k: v for k, v in request.args.to_dict(flat=False).items() if k not in PAGINA_ARGS
    }
    args |= {k: v for k, v in paging.items() if v is not None}
    return url_for(request.endpoint or "", **(request.view_args or {}), **args)


def lijstpagina(
    query: Select[Any], nummer: int, grootte: int, *, totaal: int | None = None
) -> Lijstpagina[Any]:
    """Page ``nummer`` (1 is the first) of ``query``'s rows; a number past the last page
    shows the last. ``totaal`` when the caller has already counted the same rows."""
    if totaal is None:
        totaal = tel(query)
    aantal = max(1, -(-totaal // grootte))
    nummer = min(max(nummer, 1), aantal)
    items = list(db.session.scalars(query.offset((nummer - 1) * grootte).limit(grootte)))
    return Lijstpagina(
        items,
        totaal,
        nummer,
        grootte,
        vorige_url=_nummer_url(nummer - 1) if nummer > 1 else None,
        volgende_url=_nummer_url(nummer + 1) if nummer < aantal else None,
    )


def _nummer_url(nummer: int) -> str:
    return pagina_url(pagina=nummer if nummer > 1 else None)
