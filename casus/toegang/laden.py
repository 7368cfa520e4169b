"""Load one object through the user's filtered query, or answer 404.

A case or person the user may not see gives exactly the same 404 as one that
does not exist; the attempt is logged (``toegang.geweigerd``) for the privacy
officer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import abort
from flask_login import current_user

from casus.audit import log_actie
from casus.casussen.models import Casus
from casus.extensions import db
from casus.personen.models import Persoon
from casus.toegang.queries import zichtbare_casussen, zichtbare_personen

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker


def _wie(gebruiker: Gebruiker | None) -> Any:
    return gebruiker if gebruiker is not None else current_user


def casus_of_404(casus_id: int, *, gebruiker: Gebruiker | None = None) -> Casus:
    wie = _wie(gebruiker)
    casus = db.session.scalar(zichtbare_casussen(wie).where(Casus.id == casus_id))
    if casus is None:
        log_actie("toegang.geweigerd", object_type="casus", object_id=casus_id,
                  uitkomst="niet_gevonden", gebruiker=_ingelogd(wie))
        abort(404)
    return casus


def persoon_of_404(persoon_id: int, *, gebruiker: Gebruiker | None = None) -> Persoon:
    wie = _wie(gebruiker)
    persoon = db.session.scalar(zichtbare_personen(wie).where(Persoon.id == persoon_id))
    if persoon is None:
        log_actie("toegang.geweigerd", object_type="persoon", object_id=persoon_id,
                  uitkomst="niet_gevonden", gebruiker=_ingelogd(wie))
        abort(404)
    return persoon


def _ingelogd(wie: Any) -> Any:
    return wie if getattr(wie, "is_authenticated", False) else None
