"""Select builders for the triage screens, every one filtered by the user's rights in SQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import joinedload

from casus.auth.models import Gebruiker, Teamlid
from casus.casussen.models import AANHOUDEN, Casus, Gebeurtenis
from casus.extensions import db
from casus.toegang.queries import zichtbare_casussen
from casus.triage.models import AgendaPunt, Overleg, OverlegAanpak
from workflows import CATALOGUS
from workflows.base import AANGEMELD
from workflows.codes import ROL_REGISSEUR, ROL_TRIAGE


def triage_aanpakken(gebruiker: Gebruiker, gekozen: Iterable[str] | None = None) -> tuple[str, ...]:
    """The user's triage aanpakken (catalogue order), narrowed to ``gekozen`` when given.

    Codes the user holds no triage role for are silently dropped, never an error, so a
    URL cannot reveal which aanpakken exist.
    """
    eigen = gebruiker.aanpakken_als(ROL_TRIAGE) if gebruiker.is_active else frozenset()
    keuze = set(gekozen or ()) & eigen or eigen
    return tuple(code for code in CATALOGUS.codes() if code in keuze)


def triage_casussen(gebruiker: Gebruiker) -> Select[tuple[Casus]]:
    """Visible cases of the aanpakken where the user sits at the triage table."""
    return zichtbare_casussen(gebruiker).where(Casus.aanpak.in_(triage_aanpakken(gebruiker)))


def wachtrij(gebruiker: Gebruiker, aanpakken: Sequence[str]) -> Select[tuple[Casus]]:
    """The aanmeldingen waiting for triage in ``aanpakken``, oldest first."""
    return (
        triage_casussen(gebruiker)
        .where(Casus.aanpak.in_(aanpakken), Casus.status == AANGEMELD)
        .options(joinedload(Casus.persoon))
        .order_by(Casus.aangemeld_op, Casus.id)
    )


def andere_aanpakken(casussen: Sequence[Casus]) -> dict[int, list[str]]:
    """Per case: the other aanpakken its person has (had) a case in.

    The weeg- en triageoverleg needs to know whether a person is already known
    elsewhere, so labels are shown even for aanpakken the user is no member of; only
    labels, never case details, and never a strikt vertrouwelijk aanpak (PGA-R).
    """
    openbaar = [a.code for a in CATALOGUS if not a.strikt_vertrouwelijk]
    persoon_ids = {c.persoon_id for c in casussen if c.persoon_id is not None}
    if not persoon_ids:
        return {}
    rijen = db.session.execute(
        select(Casus.persoon_id, Casus.aanpak)
        .where(Casus.persoon_id.in_(persoon_ids), Casus.aanpak.in_(openbaar))
        .distinct()
    ).all()
    per_persoon: dict[int, set[str]] = defaultdict(set)
    for persoon_id, aanpak in rijen:
        per_persoon[persoon_id].add(aanpak)
    return {
        c.id: [a for a in openbaar if a in per_persoon.get(c.persoon_id or 0, set())
               and a != c.aanpak]
        for c in casussen
    }


def laatste_aanhoudingen(casus_ids: Sequence[int]) -> dict[int, Gebeurtenis]:
    """The latest 'aanhouden' event per case (the note for the next meeting)."""
    if not casus_ids:
        return {}
    events = db.session.scalars(
        select(Gebeurtenis)
        .where(Gebeurtenis.casus_id.in_(casus_ids), Gebeurtenis.transitie == AANHOUDEN)
        .order_by(Gebeurtenis.casus_id, Gebeurtenis.volgnummer)
    ).all()
    return {g.casus_id: g for g in events}


def team_regisseurs(aanpakken: Iterable[str]) -> Select[tuple[Gebruiker]]:
    """Active users in the regisseur role of any of ``aanpakken``."""
    return (
        select(Gebruiker)
        .where(
            Gebruiker.actief.is_(True),
            exists().where(
                Teamlid.gebruiker_id == Gebruiker.id,
                Teamlid.rol == ROL_REGISSEUR,
                Teamlid.aanpak.in_(list(aanpakken)),
            ),
        )
        .order_by(Gebruiker.naam, Gebruiker.id)
    )


def teamleden(aanpakken: Iterable[str]) -> Select[tuple[Gebruiker]]:
    """Active members (any team role) of any of ``aanpakken``: possible attendees."""
    return (
        select(Gebruiker)
        .where(
            Gebruiker.actief.is_(True),
            exists().where(Teamlid.gebruiker_id == Gebruiker.id,
                           Teamlid.aanpak.in_(list(aanpakken))),
        )
        .order_by(Gebruiker.naam, Gebruiker.id)
    )


def zichtbare_overleggen(gebruiker: Gebruiker) -> Select[tuple[Overleg]]:
    """Meetings of at least one aanpak where the user has the triage role."""
    return select(Overleg).where(
        exists().where(
            OverlegAanpak.overleg_id == Overleg.id,
            OverlegAanpak.aanpak.in_(triage_aanpakken(gebruiker)),
        )
    )


def agenda(overleg: Overleg, gebruiker: Gebruiker) -> Select[tuple[AgendaPunt]]:
    """The meeting's agenda items whose case the user may see, in agenda order."""
    zichtbaar = zichtbare_casussen(gebruiker).with_only_columns(Casus.id)
    return (
        select(AgendaPunt)
        .where(AgendaPunt.overleg_id == overleg.id, AgendaPunt.casus_id.in_(zichtbaar))
        .options(
            joinedload(AgendaPunt.casus).joinedload(Casus.persoon),
            joinedload(AgendaPunt.gebeurtenis).joinedload(Gebeurtenis.gebruiker),
        )
        .order_by(AgendaPunt.volgorde)
    )
