"""What every resource of the API uses: its Blueprint, keyset paging, the case's
version as ETag and the If-Match check on a change, and the commit of a change."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from flask import current_app, request
from flask_smorest import Blueprint
from flask_smorest import abort as smorest_abort
from sqlalchemy import Select
from sqlalchemy.orm.interfaces import ORMOption
from werkzeug.wrappers import Response

from casus.extensions import db

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def problemen(blp: Blueprint, *codes: int) -> Callable[[F], F]:
    """Document the problem answers (problem+json) an operation can give, by status."""

    def decorator(view: F) -> F:
        for code in codes:
            view = blp.alt_response(code, response=f"PROBLEEM_{code}")(view)
        return view

    return decorator


def blueprint(naam: str, titel: str, beschrijving: str) -> Blueprint:
    """A resource's blueprint, named ``api_<naam>`` (so ``casus.api.poort`` knows it)."""
    return Blueprint(f"api_{naam}", __name__, url_prefix="/api/v1", description=beschrijving)


# -- keyset paging ----------------------------------------------------------------


def cursor(waarde: int) -> str:
    return base64.urlsafe_b64encode(str(waarde).encode()).decode().rstrip("=")


def lees_cursor(tekst: str | None) -> int | None:
    """The id a cursor names, or 400 for anything else (a cursor is opaque)."""
    if not tekst:
        return None
    try:
        waarde = base64.urlsafe_b64decode(tekst + "=" * (-len(tekst) % 4)).decode()
        return int(waarde)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        smorest_abort(
            400,
            message="De cursor in 'na' is ongeldig; gebruik de waarde uit 'volgende'.",
            errors={"query": {"na": ["Ongeldige cursor."]}},
        )
        raise  # unreachable: abort raises


def _paginaselect(
    query: Select[Any], sleutel: Any, args: dict[str, Any], aflopend: bool
) -> tuple[Select[Any], int]:
    """``query`` narrowed to the rows of one page, and the page's size: the page's keys
    are chosen first in a narrow subquery (``aantal + 1`` of them tell whether there is
    a next page), so the database never sorts wide rows to find a page."""
    na = lees_cursor(args.get("na"))
    aantal = int(args["aantal"])
    volgorde = sleutel.desc() if aflopend else sleutel.asc()
    query = query.order_by(None)  # the page's order is the key's, whatever came with it
    if na is not None:
        query = query.where(sleutel < na if aflopend else sleutel > na)
    sleutels = query.with_only_columns(sleutel).order_by(volgorde).limit(aantal + 1)
    return query.where(sleutel.in_(sleutels)).order_by(volgorde), aantal


def _afgekapt(gevonden: list[Any], aantal: int) -> tuple[list[Any], str | None]:
    if len(gevonden) <= aantal:
        return gevonden, None
    return gevonden[:aantal], cursor(int(gevonden[aantal - 1].id))


def bladzijde(
    query: Select[Any],
    sleutel: Any,
    args: dict[str, Any],
    *,
    opties: Sequence[ORMOption] = (),
    aflopend: bool = True,
) -> tuple[list[Any], str | None]:
    """One page of ``query`` (a select of one entity) ordered by its unique integer
    column ``sleutel`` (newest first by default), after the cursor in ``args["na"]``:
    (the objects, next cursor or None). ``opties`` load what the page shows with them.
    One statement."""
    pagina, aantal = _paginaselect(query, sleutel, args, aflopend)
    return _afgekapt(list(db.session.scalars(pagina.options(*opties)).unique()), aantal)


def bladzijde_rijen(
    query: Select[Any],
    sleutel: Any,
    args: dict[str, Any],
    kolommen: Callable[[Select[Any]], Select[Any]],
    *,
    aflopend: bool = True,
) -> tuple[list[Any], str | None]:
    """As ``bladzijde``, but the page is read as plain rows: ``kolommen`` turns the
    selection into the select of what the page shows (columns and joins, a column
    labelled ``id`` among them). Plain rows cost a fraction of ORM objects."""
    pagina, aantal = _paginaselect(query, sleutel, args, aflopend)
    return _afgekapt(list(db.session.execute(kolommen(pagina)).all()), aantal)


def lijst(resultaten: list[Any], volgende: str | None) -> Response:
    """A page's answer, with the Link header for the next page. Written as JSON here,
    not dumped again by the operation's schema: the rows are built to the schema
    already (the contract test, tests/api/test_contract.py, holds them to it)."""
    if volgende is not None:
        from casus.api.poort import zet_link

        zet_link(request.base_url + "?" + _args_met(na=volgende))
    return als_json({"resultaten": resultaten, "volgende": volgende})


def _json_waarde(waarde: Any) -> str:
    if isinstance(waarde, date | datetime):
        return waarde.isoformat()
    raise TypeError(f"{type(waarde).__name__} is geen JSON")


def als_json(body: Any, status: int = 200) -> Response:
    """``body`` as the answer's JSON (dates as ISO 8601, as the schemas write them)."""
    tekst = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=_json_waarde)
    return current_app.response_class(tekst, status=status, mimetype="application/json")


def _args_met(**nieuw: str) -> str:
    from urllib.parse import urlencode

    args = {k: v for k, v in request.args.items(multi=False)}
    args.update(nieuw)
    return urlencode(args)


# -- versions ---------------------------------------------------------------------


def etag(versie: int) -> str:
    return f'"{versie}"'


def controleer_versie(huidige: int) -> int:
    """The If-Match of a change against the case's current version: 428 without it,
    412 when it names another version; the version the change expects otherwise (the
    current one; ``*`` accepts any)."""
    kop = request.headers.get("If-Match")
    if kop is None or not kop.strip():
        smorest_abort(428)
        raise AssertionError  # unreachable: abort raises
    gevraagd = kop.strip().removeprefix("W/").strip('"')
    # "*" matches any current version (RFC 9110): the client accepts whatever is there
    if gevraagd != "*" and gevraagd != str(huidige):
        smorest_abort(412)
    return huidige


# -- a change's one commit --------------------------------------------------------


def bewaar(status: int, doe: Callable[[], T]) -> T:
    """Run the change ``doe`` (a service call), queue the call's audit record and
    commit once: the change, its records and the call's record together."""
    from casus.api.poort import log_aanroep_nu

    resultaat = doe()
    log_aanroep_nu(status)
    db.session.commit()
    return resultaat
