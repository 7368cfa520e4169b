"""Load one object through the actor's filtered query, or answer 404.

A case, person, signal or meeting the actor may not see gives exactly the same 404 as
one that does not exist; the attempt is logged (``toegang.geweigerd``) for the privacy
officer. Every view that takes an object id from a URL loads it here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import Select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.interfaces import ORMOption

from casus.audit import log_actie
from casus.casussen.models import Casus
from casus.extensions import db
from casus.personen.models import Persoon
from casus.signalen.models import Signaal
from casus.toegang.actor import Actor
from casus.toegang.queries import (
    inzage_personen,
    triage_casussen,
    zichtbare_casussen,
    zichtbare_overleggen,
    zichtbare_personen,
    zichtbare_signalen,
)
from casus.triage.models import Overleg

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker

T = TypeVar("T", Casus, Persoon, Signaal, Overleg)


def casus_of_404(
    casus_id: int, *, gebruiker: Gebruiker | None = None, opties: Sequence[ORMOption] = ()
) -> Casus:
    """The case if the actor (default: the logged-in user) may see it, else 404; ``opties``
    load what the page shows in the same statement (see casus.casussen.queries.LADEN)."""
    # with its person: every page of a case shows who it is about
    return _laad(
        Casus,
        "casus",
        lambda wie: zichtbare_casussen(wie).options(joinedload(Casus.persoon), *opties),
        casus_id,
        gebruiker,
    )


def triage_casus_of_404(
    casus_id: int, *, gebruiker: Gebruiker | None = None, opties: Sequence[ORMOption] = ()
) -> Casus:
    """The case if the actor sits at the triage table of its aanpak, else 404."""
    return _laad(
        Casus,
        "casus",
        lambda wie: triage_casussen(wie).options(joinedload(Casus.persoon), *opties),
        casus_id,
        gebruiker,
    )


def persoon_of_404(persoon_id: int, *, gebruiker: Gebruiker | None = None) -> Persoon:
    return _laad(Persoon, "persoon", zichtbare_personen, persoon_id, gebruiker)


def inzage_persoon_of_404(persoon_id: int, *, gebruiker: Gebruiker | None = None) -> Persoon:
    """Any person, for the privacy officer's inzage; 404 for everyone else."""
    return _laad(Persoon, "persoon", inzage_personen, persoon_id, gebruiker)


def signaal_of_404(signaal_id: int, *, gebruiker: Gebruiker | None = None) -> Signaal:
    return _laad(
        Signaal,
        "signaal",
        lambda wie: zichtbare_signalen(wie).options(
            joinedload(Signaal.casus), joinedload(Signaal.persoon)
        ),
        signaal_id,
        gebruiker,
    )


def overleg_of_404(overleg_id: int, *, gebruiker: Gebruiker | None = None) -> Overleg:
    return _laad(Overleg, "overleg", zichtbare_overleggen, overleg_id, gebruiker)


def _laad(
    model: type[T],
    soort: str,
    zichtbaar: Callable[[Actor | None], Select[tuple[T]]],
    object_id: int,
    gebruiker: Gebruiker | None,
) -> T:
    wie = gebruiker if gebruiker is not None else current_user
    # unique(): options may load collections with a join (one row per element)
    gevonden = (
        db.session.scalars(zichtbaar(wie).where(model.id == object_id)).unique().one_or_none()
    )
    if gevonden is None:
        ingelogd = wie if getattr(wie, "is_authenticated", False) else None
        log_actie(
            "toegang.geweigerd",
            object_type=soort,
            object_id=object_id,
            uitkomst="niet_gevonden",
            gebruiker=ingelogd,
        )
        abort(404)
    return gevonden
