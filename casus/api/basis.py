"""What every resource of the API uses: its Blueprint, keyset paging, the case's
version as ETag and the If-Match check on a change, and the commit of a change."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from flask import request
from flask_smorest import Blueprint
from flask_smorest import abort as smorest_abort
from sqlalchemy import Select

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


def bladzijde(
    query: Select[Any],
    sleutel: Any,
    args: dict[str, Any],
    *,
    aflopend: bool = True,
) -> tuple[Sequence[Any], str | None]:
    """One page of ``query`` ordered by the unique integer column ``sleutel`` (newest
    first by default), after the cursor in ``args["na"]``: (rows, next cursor or None).
    One statement: ``aantal + 1`` rows tell whether there is a next page."""
    na = lees_cursor(args.get("na"))
    aantal = int(args["aantal"])
    if na is not None:
        query = query.where(sleutel < na if aflopend else sleutel > na)
    query = query.order_by(sleutel.desc() if aflopend else sleutel.asc()).limit(aantal + 1)
    rijen = db.session.execute(query).all()
    volgende = None
    if len(rijen) > aantal:
        rijen = rijen[:aantal]
        volgende = cursor(_id(rijen[-1]))
    return rijen, volgende


def _id(rij: Any) -> int:
    eerste = rij[0]
    return int(eerste.id if hasattr(eerste, "id") else eerste)


def lijst(resultaten: list[Any], volgende: str | None) -> dict[str, Any]:
    """A page's body, with the Link header for the next page."""
    if volgende is not None:
        from casus.api.poort import zet_link

        zet_link(request.base_url + "?" + _args_met(na=volgende))
    return {"resultaten": resultaten, "volgende": volgende}


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
