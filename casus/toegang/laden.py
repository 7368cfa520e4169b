"""Load one object through the user's filtered query, or answer 404.

A case or person the user may not see gives exactly the same 404 as one that
does not exist; the attempt is logged (``toegang.geweigerd``) for the privacy
officer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import Select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.interfaces import ORMOption

from casus.audit import log_actie
from casus.casussen.models import Casus
from casus.extensions import db
from casus.personen.models import Persoon
from casus.toegang.queries import zichtbare_casussen, zichtbare_personen

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker

T = TypeVar("T", Casus, Persoon)


def casus_of_404(casus_id: int, *, gebruiker: Gebruiker | None = None,
                 opties: Sequence[ORMOption] = ()) -> Casus:
    """The case if ``gebruiker`` may see it, else 404; ``opties`` load what the page shows
    in the same statement (see casus.casussen.pagina.LADEN)."""
    # with its person: every page of a case shows who it is about
    return _laad(Casus, "casus",
                 lambda wie: zichtbare_casussen(wie).options(joinedload(Casus.persoon), *opties),
                 casus_id, gebruiker)


def persoon_of_404(persoon_id: int, *, gebruiker: Gebruiker | None = None) -> Persoon:
    return _laad(Persoon, "persoon", zichtbare_personen, persoon_id, gebruiker)


def _laad(model: type[T], soort: str, zichtbaar: Callable[[Any], Select[tuple[T]]],
          object_id: int, gebruiker: Gebruiker | None) -> T:
    wie = gebruiker if gebruiker is not None else current_user
    # unique(): options may load collections with a join (one row per element)
    gevonden = db.session.scalars(zichtbaar(wie).where(model.id == object_id)).unique() \
        .one_or_none()
    if gevonden is None:
        ingelogd = wie if getattr(wie, "is_authenticated", False) else None
        log_actie("toegang.geweigerd", object_type=soort, object_id=object_id,
                  uitkomst="niet_gevonden", gebruiker=ingelogd)
        abort(404)
    return gevonden
