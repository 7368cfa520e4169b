"""SQL filters for what an actor may see. Every list, search, lookup and count starts here.

Need-to-know (domain.md section 1): a case is visible to the active team members
(regisseur or triage) of its aanpak and to nobody else; global roles add no case
access. A person is visible only through a case the actor may see; events, notes
and interventions are only loaded with a case from ``casus_of_404``; signals to the
team members of the aanpak that takes them in (ondermijning, pga_r); triage
meetings to the triage members of one of their aanpakken. Who is "an actor" and
which aanpakken it holds is decided in ``casus.toegang.policy``; no actor means an
empty result, never everything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select
from sqlalchemy.orm import QueryableAttribute

from casus.auth.models import Gebruiker, Teamlid
from casus.casussen.models import Casus, Gebeurtenis
from casus.documenten.models import Document, Documentversie
from casus.extensions import db
from casus.klok import nu
from casus.notificaties.models import Notificatie
from casus.partners import OVERLEGSOORTEN
from casus.partners.models import (
    Afspraak,
    Deelitem,
    Partneragendapunt,
    Partnerorganisatie,
    Partneroverleg,
    PartneroverlegDeelnemer,
    Verstrekking,
)
from casus.personen.models import Persoon, PolitieContact
from casus.signalen.models import Signaal
from casus.toegang.actor import Actor, is_systeem
from casus.toegang.policy import (
    heeft_globale_rol,
    is_partner,
    mag_brp_batch,
    mag_verstrekkingen_zien,
    openbare_aanpakken,
    partneroverleg_aanpakken,
    partneroverleg_soorten,
    signaal_aanpakken,
    strikte_aanpakken,
    team_aanpakken,
    triage_aanpakken,
    zichtbare_aanpakken,
)
from casus.triage.models import Overleg, OverlegAanpak
from workflows import CATALOGUS
from workflows.base import OPEN_STATUSSEN
from workflows.codes import ROL_PRIVACY, ROL_REGISSEUR

# -- cases and what hangs off them ---------------------------------------------------


def casus_zichtbaar(
    actor: Actor | None, aanpak_kolom: QueryableAttribute[str] = Casus.aanpak
) -> ColumnElement[bool]:
    """WHERE clause: the row's aanpak is one the actor may see."""
    aanpakken = zichtbare_aanpakken(actor)
    return aanpak_kolom.in_(aanpakken) if aanpakken else false()


def zichtbare_casussen(actor: Actor | None) -> Select[tuple[Casus]]:
    """Cases of the aanpakken the actor is a team member of; nothing for anyone else."""
    return select(Casus).where(casus_zichtbaar(actor))


def triage_casussen(
    actor: Actor | None, gekozen: Iterable[str] | None = None
) -> Select[tuple[Casus]]:
    """Visible cases of the aanpakken where the actor sits at the triage table, narrowed
    to ``gekozen`` when given (codes without a triage role are dropped, never an error,
    so a URL cannot reveal which aanpakken exist)."""
    aanpakken = triage_keuze(actor, gekozen)
    return zichtbare_casussen(actor).where(Casus.aanpak.in_(aanpakken) if aanpakken else false())


def triage_keuze(actor: Actor | None, gekozen: Iterable[str] | None = None) -> tuple[str, ...]:
    """The actor's triage aanpakken (catalogue order), narrowed to ``gekozen`` when that
    leaves any."""
    eigen = triage_aanpakken(actor)
    keuze = set(gekozen or ()) & set(eigen) or set(eigen)
    return tuple(code for code in eigen if code in keuze)


def team_casussen(actor: Actor | None, aanpak: str | None) -> Select[tuple[Casus]]:
    """Visible cases, of one aanpak when given (an aanpak the actor is not in: none)."""
    query = zichtbare_casussen(actor)
    return query.where(Casus.aanpak == aanpak) if aanpak else query


def zichtbare_gebeurtenissen(actor: Actor | None) -> Select[tuple[Gebeurtenis]]:
    """Events of the cases the actor may see (the triage dossier card: earlier decisions
    on the person's other cases); nothing for anyone else."""
    return (
        select(Gebeurtenis)
        .join(Casus, Gebeurtenis.casus_id == Casus.id)
        .where(casus_zichtbaar(actor))
    )


# -- persons -----------------------------------------------------------------------------


def zichtbare_personen(actor: Actor | None) -> Select[tuple[Persoon]]:
    """Persons with at least one case the actor may see (a correlated EXISTS on the
    casus.persoon_id index: SQLite would otherwise build the whole id list per query)."""
    zichtbaar = select(Casus.id).where(Casus.persoon_id == Persoon.id, casus_zichtbaar(actor))
    return select(Persoon).where(zichtbaar.exists())


def exact_herkenbare_personen(actor: Actor | None) -> Select[tuple[Persoon]]:
    """Persons the actor may NOT see whose existence an exact match may confirm when the
    actor registers an aanmelding (the BSN, or first name + surname + birth date typed in
    full): every person not anonymised, except one known only in a strictly confidential
    aanpak (PGA-R) the actor is not a member of. The caller adds the exact condition;
    without one this query must never be run (``casus.personen.services`` does so)."""
    verborgen = [a for a in strikte_aanpakken() if a not in zichtbare_aanpakken(actor)]
    if not zichtbare_aanpakken(actor):
        return select(Persoon).where(false())
    buiten_strikt = select(Casus.id).where(
        Casus.persoon_id == Persoon.id,
        Casus.aanpak.not_in(verborgen) if verborgen else Casus.id.is_not(None),
    )
    enige = select(Casus.id).where(Casus.persoon_id == Persoon.id)
    return select(Persoon).where(
        or_(exists(buiten_strikt), ~exists(enige)), Persoon.geanonimiseerd_op.is_(None)
    )


def zichtbare_politiecontacten(actor: Actor | None) -> Select[tuple[PolitieContact]]:
    """Police and justice contacts of the persons the actor may see (a contact belongs
    to the person, as on the case page: whoever sees the person through a case sees
    them; which case recorded it is not shown)."""
    zichtbaar = select(Casus.id).where(
        Casus.persoon_id == PolitieContact.persoon_id, casus_zichtbaar(actor)
    )
    return select(PolitieContact).where(zichtbaar.exists())


def inzage_personen(actor: Actor | None) -> Select[tuple[Persoon]]:
    """Every person, for the privacy officer's inzage (art. 15 AVG); nothing for anyone
    else."""
    if not heeft_globale_rol(actor, ROL_PRIVACY):
        return select(Persoon).where(false())
    return select(Persoon)


@dataclass(frozen=True)
class Bekend:
    """A person's open case in another aanpak: whom to call about them now."""

    persoon_id: int
    aanpak: str
    regisseur_id: int | None


def ook_bekend_bij(
    actor: Actor | None, persoon_ids: Iterable[int], *, naast: str | None = None
) -> dict[int, list[Bekend]]:
    """Per visible person: the open cases in other aanpakken, the one rule for the person
    page and the triage screens.

    Only open cases count (a closed case is history, not a colleague to call). Only
    aanpakken that may be named: never a strictly confidential one (PGA-R under PARTA).
    ``naast``: the aanpak of the case being looked at (triage), left out; without it
    (the person page, which lists the actor's own cases) every aanpak the actor is a
    member of is left out. Persons the actor may not see get nothing.
    """
    ids = sorted({p for p in persoon_ids if p is not None})
    if not ids:
        return {}
    uitgesloten = {naast} if naast else set(zichtbare_aanpakken(actor))
    genoemd = [a for a in openbare_aanpakken() if a not in uitgesloten]
    if not genoemd:
        return {}
    eigen = select(Casus.persoon_id).where(Casus.persoon_id.in_(ids), casus_zichtbaar(actor))
    rijen = db.session.execute(
        select(Casus.persoon_id, Casus.aanpak, Casus.regisseur_id)
        .where(
            Casus.persoon_id.in_(eigen), Casus.status.in_(OPEN_STATUSSEN), Casus.aanpak.in_(genoemd)
        )
        .distinct()
        .order_by(Casus.persoon_id, Casus.aanpak, Casus.regisseur_id)
    ).all()
    per_persoon: dict[int, list[Bekend]] = defaultdict(list)
    for persoon_id, aanpak, regisseur_id in rijen:
        per_persoon[persoon_id].append(Bekend(persoon_id, aanpak, regisseur_id))
    return dict(per_persoon)


# -- the BRP (casus.brp) ------------------------------------------------------------------


def brp_persoon_aanpakken(actor: Actor | None, persoon_id: int) -> Select[tuple[str]]:
    """The aanpakken of the person's open cases the actor may see (distinct): where the
    actor is a team member with an open case of the person, so may query the BRP for them
    (``casus.brp.services.brp_aanpakken`` adds the aanpak's profile). A closed case is no
    purpose to ask the BRP about anyone any more."""
    return (
        select(Casus.aanpak)
        .where(
            Casus.persoon_id == persoon_id,
            Casus.status.in_(OPEN_STATUSSEN),
            casus_zichtbaar(actor),
        )
        .distinct()
    )


def brp_casussen(actor: Actor | None) -> Select[tuple[Casus]]:
    """Cases the BRP's answers may signal on: the visible ones; for the BRP's batch actor
    every case (it sees no case otherwise: it only checks persons with an open case and
    signals on their cases, ``casus.brp.batch``)."""
    if mag_brp_batch(actor):
        return select(Casus)
    return zichtbare_casussen(actor)


# -- signals -----------------------------------------------------------------------------


def zichtbare_signalen(actor: Actor | None) -> Select[tuple[Signaal]]:
    """Signals of the actor's own signal-taking aanpakken; nothing for anyone else."""
    return select(Signaal).where(signaal_zichtbaar(actor))


def signaal_zichtbaar(actor: Actor | None) -> ColumnElement[bool]:
    """WHERE clause: the signal row's aanpak is one whose signals the actor may see."""
    aanpakken = signaal_aanpakken(actor)
    return Signaal.aanpak.in_(aanpakken) if aanpakken else false()


# -- documents: visible exactly with their case or signal --------------------------------


def zichtbare_documenten(actor: Actor | None) -> Select[tuple[Document]]:
    """Documents on a case the actor may see or on a signal the actor may see (two
    correlated EXISTS on the primary keys); nothing for anyone else."""
    op_casus = select(Casus.id).where(Casus.id == Document.casus_id, casus_zichtbaar(actor))
    op_signaal = select(Signaal.id).where(
        Signaal.id == Document.signaal_id, signaal_zichtbaar(actor)
    )
    return select(Document).where(or_(op_casus.exists(), op_signaal.exists()))


def zichtbare_documentversies(actor: Actor | None) -> Select[tuple[Documentversie]]:
    """Versions of the documents the actor may see."""
    zichtbaar = zichtbare_documenten(actor).with_only_columns(Document.id)
    return select(Documentversie).where(Documentversie.document_id.in_(zichtbaar))


# -- triage meetings and teams --------------------------------------------------------


def zichtbare_overleggen(actor: Actor | None) -> Select[tuple[Overleg]]:
    """Meetings of at least one aanpak where the actor has the triage role."""
    aanpakken = triage_aanpakken(actor)
    if not aanpakken:
        return select(Overleg).where(false())
    return select(Overleg).where(
        exists().where(OverlegAanpak.overleg_id == Overleg.id, OverlegAanpak.aanpak.in_(aanpakken))
    )


def team_regisseurs(aanpakken: Iterable[str]) -> Select[tuple[Gebruiker]]:
    """Active users in the regisseur role of any of ``aanpakken``: who may be assigned."""
    return _teamleden(aanpakken, ROL_REGISSEUR)


def teamleden(aanpakken: Iterable[str]) -> Select[tuple[Gebruiker]]:
    """Active members (any team role) of any of ``aanpakken``: possible attendees."""
    return _teamleden(aanpakken, None)


def _teamleden(aanpakken: Iterable[str], rol: str | None) -> Select[tuple[Gebruiker]]:
    lid = exists().where(Teamlid.gebruiker_id == Gebruiker.id, Teamlid.aanpak.in_(list(aanpakken)))
    if rol is not None:
        lid = lid.where(Teamlid.rol == rol)
    return (
        select(Gebruiker)
        .where(Gebruiker.actief.is_(True), Gebruiker.is_api_client.is_(False), lid)
        .order_by(Gebruiker.naam, Gebruiker.id)
    )


# -- notifications (casus.notificaties) ----------------------------------------------


def zichtbare_notificaties(actor: Actor | None) -> Select[tuple[Notificatie]]:
    """The actor's own notifications whose case and signal the actor may see now (two
    correlated EXISTS on the primary keys): a user who leaves a team stops seeing that
    team's; nothing for a system actor, an inactive or anonymous user."""
    if (
        actor is None
        or is_systeem(actor)
        or not getattr(actor, "is_authenticated", False)
        or not getattr(actor, "is_active", False)
    ):
        return select(Notificatie).where(false())
    op_casus = select(Casus.id).where(Casus.id == Notificatie.casus_id, casus_zichtbaar(actor))
    op_signaal = select(Signaal.id).where(
        Signaal.id == Notificatie.signaal_id, signaal_zichtbaar(actor)
    )
    return select(Notificatie).where(
        Notificatie.gebruiker_id == actor.id,
        or_(Notificatie.casus_id.is_(None), op_casus.exists()),
        or_(Notificatie.signaal_id.is_(None), op_signaal.exists()),
    )


def ontvangers_die_zien(
    gebruiker_ids: Iterable[int], casus: Casus | None = None, signaal: Signaal | None = None
) -> Select[tuple[int]]:
    """Of ``gebruiker_ids``, the active users (no API client) who may see ``casus`` and
    ``signaal`` now, as ``zichtbare_aanpakken`` / ``signaal_aanpakken`` decide: a member
    (any team role) of the case's aanpak; of the signal's aanpak when it takes signals.
    Without a case or signal: every active one (a notification for a role, e.g. the
    beheerder's failed job)."""
    ids = sorted({int(i) for i in gebruiker_ids})
    query = select(Gebruiker.id).where(
        Gebruiker.id.in_(ids), Gebruiker.actief.is_(True), Gebruiker.is_api_client.is_(False)
    )
    if casus is not None:
        query = query.where(_lid_van(casus.aanpak if casus.aanpak in CATALOGUS else None))
    if signaal is not None:
        neemt_signalen = (
            signaal.aanpak in CATALOGUS and CATALOGUS.get(signaal.aanpak).signaal_themas
        )
        query = query.where(_lid_van(signaal.aanpak if neemt_signalen else None))
    return query.order_by(Gebruiker.id)


def houders_van_rol(*rollen: str) -> Select[tuple[int]]:
    """The ids of the active users (no API client) holding any of the global ``rollen``:
    the recipients of a notification for a role (a failed job, a failed nightly check,
    the retention dry run)."""
    return (
        select(Gebruiker.id)
        .where(
            Gebruiker.actief.is_(True),
            Gebruiker.is_api_client.is_(False),
            or_(*(Gebruiker.rollen.any(rol=r) for r in rollen)) if rollen else false(),
        )
        .order_by(Gebruiker.id)
    )


def _lid_van(aanpak: str | None) -> ColumnElement[bool]:
    """WHERE clause on ``Gebruiker``: a member (any team role) of ``aanpak``."""
    if aanpak is None:
        return false()
    return exists().where(Teamlid.gebruiker_id == Gebruiker.id, Teamlid.aanpak == aanpak)


# -- casusoverleg met partners (issue 22) ---------------------------------------------
# The partner side: an active partner user of an active organisation, invited to the
# meeting, between ``verzonden_op`` and ``inzage_tot``, sees the confirmed and not
# withdrawn items of the agenda cases whose aanpak the meeting may hold. Everything
# else is empty: a non-partner gets nothing here (it has the internal door), a partner
# gets nothing anywhere else (``policy._leden_aanpakken`` is empty for it).


def _partner_id(actor: Actor | None) -> int | None:
    """The partner user's id, or None for anyone who is not an active partner user."""
    if actor is None or is_systeem(actor) or not is_partner(actor):
        return None
    return int(actor.id)


def _overleg_in_venster(actor: Actor, gebruiker_id: int) -> ColumnElement[bool]:
    """WHERE clause on ``Partneroverleg``: the partner user is invited, its organisation is
    active, and the agenda was sent and the window has not closed yet."""
    moment = nu()
    uitgenodigd = exists().where(
        PartneroverlegDeelnemer.overleg_id == Partneroverleg.id,
        PartneroverlegDeelnemer.gebruiker_id == gebruiker_id,
    )
    organisatie_actief = exists().where(
        Partnerorganisatie.id == getattr(actor, "partnerorganisatie_id", None),
        Partnerorganisatie.actief.is_(True),
    )
    return and_(
        uitgenodigd,
        organisatie_actief,
        Partneroverleg.verzonden_op.is_not(None),
        Partneroverleg.verzonden_op <= moment,
        Partneroverleg.inzage_tot.is_not(None),
        Partneroverleg.inzage_tot > moment,
    )


def _aanpak_past_bij_soort() -> ColumnElement[bool]:
    """WHERE clause on ``Casus`` and ``Partneroverleg``: the meeting may hold the case's
    aanpak (a PGA-R case only in a PGA-R meeting, never on a mixed agenda)."""
    return or_(
        *(
            and_(Partneroverleg.soort == soort, Casus.aanpak.in_(partneroverleg_aanpakken(soort)))
            for soort in OVERLEGSOORTEN
            if partneroverleg_aanpakken(soort)
        )
    )


def partner_deelitems(actor: Actor | None) -> Select[tuple[Deelitem]]:
    """The items a partner user sees now (the window rule, in SQL); nothing for anyone
    who is not an active partner user. Joins ``Partneragendapunt``, ``Partneroverleg``
    and ``Casus``, so callers may narrow on their columns (overleg, casus)."""
    gebruiker_id = _partner_id(actor)
    if gebruiker_id is None:
        return select(Deelitem).where(false())
    assert actor is not None
    return (
        select(Deelitem)
        .join(Partneragendapunt, Deelitem.agendapunt_id == Partneragendapunt.id)
        .join(Partneroverleg, Partneragendapunt.overleg_id == Partneroverleg.id)
        .join(Casus, Partneragendapunt.casus_id == Casus.id)
        .where(
            Deelitem.ingetrokken_op.is_(None),
            Partneragendapunt.bevestigd_op.is_not(None),
            _overleg_in_venster(actor, gebruiker_id),
            _aanpak_past_bij_soort(),
        )
    )


def partner_overleggen(actor: Actor | None) -> Select[tuple[Partneroverleg]]:
    """The partner meetings a partner user is invited to whose window is open now;
    nothing for anyone else."""
    gebruiker_id = _partner_id(actor)
    if gebruiker_id is None:
        return select(Partneroverleg).where(false())
    assert actor is not None
    return select(Partneroverleg).where(_overleg_in_venster(actor, gebruiker_id))


def partner_afspraken(actor: Actor | None) -> Select[tuple[Afspraak]]:
    """The actions of the partner user's own organisation in meetings whose window is
    open for it, on a case of which it sees an item now; nothing for anyone else."""
    gebruiker_id = _partner_id(actor)
    if gebruiker_id is None:
        return select(Afspraak).where(false())
    assert actor is not None
    zichtbaar_item = (
        partner_deelitems(actor)
        .with_only_columns(Deelitem.id)
        .where(
            Partneragendapunt.overleg_id == Afspraak.overleg_id,
            Partneragendapunt.casus_id == Afspraak.casus_id,
        )
        .correlate(Afspraak)
    )
    return select(Afspraak).where(
        Afspraak.organisatie_id == getattr(actor, "partnerorganisatie_id", None),
        zichtbaar_item.exists(),
    )


def zichtbare_partneroverleggen(actor: Actor | None) -> Select[tuple[Partneroverleg]]:
    """The internal side (as ``policy.mag_partneroverleg_zien``): meetings the actor
    chairs, and meetings of a kind that may hold a case of one of the actor's teams;
    every meeting for an operator's process; nothing for a partner user or anyone else."""
    soorten = partneroverleg_soorten(team_aanpakken(actor))
    gebruiker_id = (
        actor.id
        if actor is not None
        and not is_systeem(actor)
        and getattr(actor, "is_authenticated", False)
        and getattr(actor, "is_active", False)
        and not getattr(actor, "partnerorganisatie_id", None)
        and not getattr(actor, "is_api_client", False)
        else None
    )
    voorwaarden: list[ColumnElement[bool]] = []
    if soorten:
        voorwaarden.append(Partneroverleg.soort.in_(soorten))
    if gebruiker_id is not None:
        voorwaarden.append(Partneroverleg.voorzitter_id == gebruiker_id)
    if not voorwaarden:
        return select(Partneroverleg).where(false())
    return select(Partneroverleg).where(or_(*voorwaarden))


def zichtbare_verstrekkingen(actor: Actor | None) -> Select[tuple[Verstrekking]]:
    """The verstrekkingenregister: every row for the privacy officer (and an operator's
    process); for team members the rows of the cases they may see; nothing for a
    partner user or anyone else."""
    if mag_verstrekkingen_zien(actor):
        return select(Verstrekking)
    zichtbaar = select(Casus.id).where(Casus.id == Verstrekking.casus_id, casus_zichtbaar(actor))
    return select(Verstrekking).where(zichtbaar.exists())


# -- helpers --------------------------------------------------------------------------


def tel(query: Select[Any]) -> Select[tuple[int]]:
    """COUNT(*) of a (filtered) select, for counters and badges."""
    return select(func.count()).select_from(query.order_by(None).subquery())
