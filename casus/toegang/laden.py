"""Load one object through the actor's filtered query, or answer 404.

A case, person, signal or meeting the actor may not see gives exactly the same 404 as
one that does not exist; the attempt is logged (``toegang.geweigerd``) for the privacy
officer. Every view that takes an object id from a URL loads it here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.interfaces import ORMOption

from casus.audit import log_actie
from casus.casussen.models import Casus
from casus.extensions import db
from casus.partners import ITEMS
from casus.partners.models import Afspraak, Deelitem, Partneragendapunt, Partneroverleg
from casus.personen.models import Persoon
from casus.signalen.models import Signaal
from casus.toegang.actor import Actor, is_systeem
from casus.toegang.queries import (
    inzage_personen,
    partner_afspraken,
    partner_deelitems,
    partner_overleggen,
    triage_casussen,
    zichtbare_casussen,
    zichtbare_overleggen,
    zichtbare_partneroverleggen,
    zichtbare_personen,
    zichtbare_signalen,
)
from casus.triage.models import Overleg

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker

T = TypeVar("T", Casus, Persoon, Signaal, Overleg, Partneroverleg, Afspraak)


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
    gebruiker: Actor | None,
) -> T:
    wie = gebruiker if gebruiker is not None else current_user
    # unique(): options may load collections with a join (one row per element)
    gevonden = (
        db.session.scalars(zichtbaar(wie).where(model.id == object_id)).unique().one_or_none()
    )
    if gevonden is None:
        _geweigerd(wie, soort, object_id)
    return gevonden


def _geweigerd(wie: Actor | None, soort: str, object_id: int) -> NoReturn:
    """Log the refused attempt (``toegang.geweigerd``) and answer 404."""
    ingelogd = wie if getattr(wie, "is_authenticated", False) and not is_systeem(wie) else None
    log_actie(
        "toegang.geweigerd",
        object_type=soort,
        object_id=object_id,
        uitkomst="niet_gevonden",
        gebruiker=ingelogd,
    )
    abort(404)


# -- casusoverleg met partners (issue 22) ---------------------------------------------


def partneroverleg_of_404(actor: Actor | None, overleg_id: int) -> Partneroverleg:
    """A partner meeting on the internal side (its chair, the team members of an aanpak
    it may hold: ``queries.zichtbare_partneroverleggen``), else 404."""
    return _laad(Partneroverleg, "partneroverleg", zichtbare_partneroverleggen, overleg_id, actor)


def partner_overleg_of_404(actor: Actor | None, overleg_id: int) -> Partneroverleg:
    """A partner meeting on the partner side (invited, window open:
    ``queries.partner_overleggen``), else 404."""
    return _laad(Partneroverleg, "partneroverleg", partner_overleggen, overleg_id, actor)


def partner_items(actor: Actor | None, overleg_id: int) -> dict[int, list[str]]:
    """Per case id of the meeting: the item codes the partner user sees now (in the order
    of ``casus.partners.ITEMS``); cases without a visible item are absent, and so is
    everything for anyone who is not an invited partner user in the window."""
    rijen = db.session.execute(
        partner_deelitems(actor)
        .with_only_columns(Partneragendapunt.casus_id, Deelitem.item)
        .where(Partneragendapunt.overleg_id == overleg_id)
    ).all()
    volgorde = list(ITEMS)
    per_casus: dict[int, list[str]] = {}
    for casus_id, item in rijen:
        per_casus.setdefault(casus_id, []).append(item)
    return {c: sorted(items, key=volgorde.index) for c, items in per_casus.items()}


def partner_casus_of_404(
    actor: Actor | None, overleg_id: int, casus_id: int
) -> tuple[Casus, list[str]]:
    """A case of a partner meeting's agenda with the item codes the partner user sees now
    (``casus.partners.ITEMS`` order), else 404 (no visible item is no case)."""
    items = partner_items(actor, overleg_id).get(casus_id)
    if not items:
        _geweigerd(actor, "casus", casus_id)
    casus = db.session.scalars(
        select(Casus).where(Casus.id == casus_id).options(joinedload(Casus.persoon))
    ).one()
    return casus, items or []


def partner_afspraak_of_404(actor: Actor | None, afspraak_id: int) -> Afspraak:
    """An action of the partner user's own organisation it may report on now
    (``queries.partner_afspraken``), else 404."""
    return _laad(Afspraak, "afspraak", partner_afspraken, afspraak_id, actor)
