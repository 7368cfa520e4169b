"""Notifications: adding them (``notificeer``), counting, listing and marking read.

``notificeer`` writes in the caller's transaction and never commits: a change that is
rolled back leaves no notification. Who gets one and who sees it is decided in
``casus.toegang.queries``: a recipient who may not see the case or signal (now) gets
nothing, and a notification on a case or signal is listed and counted only while its
recipient may still see it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from flask import current_app, has_request_context, url_for
from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from casus.auth.models import Gebruiker
from casus.extensions import db
from casus.klok import nu
from casus.notificaties import SOORTEN
from casus.notificaties.models import MAX_LINK, MAX_SLEUTEL, MAX_TEKST, Notificatie
from casus.paginering import Lijstpagina, lijstpagina
from casus.toegang.actor import Actor, vereis_actor
from casus.toegang.queries import ontvangers_die_zien, tel, zichtbare_notificaties

if TYPE_CHECKING:
    from casus.casussen.models import Casus
    from casus.signalen.models import Signaal

PAGINAGROOTTE = 25


def relatieve_link(endpoint: str, **waarden: Any) -> str:
    """The relative URL of ``endpoint``, in a request (``url_for``) and outside one (a
    background job, the command line: no ``SERVER_NAME`` needed)."""
    if has_request_context():
        return url_for(endpoint, **waarden)
    basis = str(current_app.config.get("APPLICATION_ROOT") or "/")
    return current_app.url_map.bind("localhost", script_name=basis).build(endpoint, waarden)


def _lokaal(link: str) -> bool:
    return link.startswith("/") and not link.startswith("//") and "\\" not in link


def notificeer(
    soort: str,
    *,
    ontvangers: Iterable[int],
    tekst: str,
    link: str,
    casus: Casus | None = None,
    signaal: Signaal | None = None,
    sleutel: str | None = None,
) -> int:
    """Notify ``ontvangers`` (user ids) of ``soort`` in the current transaction (no
    commit); returns how many rows are new. Recipients who are inactive or may not see
    ``casus`` / ``signaal`` get nothing; a user who already has ``sleutel`` gets no second
    one. ``tekst`` is Dutch and names at most a case or signal number, never a person;
    ``link`` is a relative URL (``relatieve_link``)."""
    if soort not in SOORTEN:
        raise ValueError(f"onbekende soort notificatie: {soort!r}")
    if not tekst or len(tekst) > MAX_TEKST:
        raise ValueError(f"tekst leeg of langer dan {MAX_TEKST} tekens")
    if not _lokaal(link) or len(link) > MAX_LINK:
        raise ValueError(f"geen relatieve link: {link!r}")
    if sleutel is not None and len(sleutel) > MAX_SLEUTEL:
        raise ValueError(f"sleutel langer dan {MAX_SLEUTEL} tekens")
    if (casus is not None and casus.id is None) or (signaal is not None and signaal.id is None):
        db.session.flush()
    ids = list(db.session.scalars(ontvangers_die_zien(ontvangers, casus=casus, signaal=signaal)))
    if not ids:
        return 0
    moment = nu()
    rijen = [
        {
            "gebruiker_id": gebruiker_id,
            "soort": soort,
            "casus_id": None if casus is None else casus.id,
            "signaal_id": None if signaal is None else signaal.id,
            "tekst": tekst,
            "link": link,
            "sleutel": sleutel,
            "aangemaakt_op": moment,
        }
        for gebruiker_id in ids
    ]
    # a declarative class's __table__ is its Table (SQLAlchemy types it FromClause)
    tabel = cast(Table, Notificatie.__table__)
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    # UNIQUE (gebruiker_id, sleutel): a key a user already has adds nothing (also when
    # a concurrent transaction added it first)
    # (the rows it returned: a driver's rowcount of such an INSERT is not reliable)
    nieuw = db.session.execute(
        insert(tabel).values(rijen).on_conflict_do_nothing().returning(tabel.c.id)
    )
    return len(nieuw.all())


def ongelezen_per_soort(gebruiker_id: int, sinds: datetime | None = None) -> dict[str, int]:
    """Per kind, the unread notifications of user ``gebruiker_id`` that the user may
    still see (created after ``sinds`` when given): the e-mail digest's counts. Kinds
    without any are left out; an unknown or inactive user has none."""
    gebruiker = db.session.get(Gebruiker, gebruiker_id)
    if gebruiker is None:
        return {}
    query = zichtbare_notificaties(gebruiker).where(Notificatie.gelezen_op.is_(None))
    if sinds is not None:
        query = query.where(Notificatie.aangemaakt_op > sinds)
    sub = query.subquery()
    rijen = db.session.execute(
        select(sub.c.soort, func.count()).group_by(sub.c.soort).order_by(sub.c.soort)
    ).all()
    return {soort: int(aantal) for soort, aantal in rijen}


def aantal_ongelezen(actor: Actor) -> int:
    """The actor's unread notifications it may see: the header's "Meldingen (n)"."""
    actor = vereis_actor(actor)
    query = zichtbare_notificaties(actor).where(Notificatie.gelezen_op.is_(None))
    return int(db.session.scalar(tel(query)) or 0)


def notificaties_van(
    actor: Actor, *, nummer: int = 1, grootte: int = PAGINAGROOTTE
) -> Lijstpagina[Notificatie]:
    """Page ``nummer`` of the actor's notifications it may see: unread first, then the
    newest first."""
    actor = vereis_actor(actor)
    query = zichtbare_notificaties(actor).order_by(
        Notificatie.gelezen_op.is_not(None),
        Notificatie.aangemaakt_op.desc(),
        Notificatie.id.desc(),
    )
    return lijstpagina(query, nummer, grootte)


def notificatie_van(actor: Actor, notificatie_id: int) -> Notificatie | None:
    """One of the actor's notifications it may see, or None (another user's, one on a
    case the actor may no longer see, one that does not exist)."""
    actor = vereis_actor(actor)
    return db.session.scalar(
        zichtbare_notificaties(actor).where(Notificatie.id == int(notificatie_id))
    )


def markeer_gelezen(actor: Actor, ids: Iterable[int] | None = None, *, alle: bool = False) -> int:
    """Mark the actor's unread notifications ``ids`` read, or all it may see with
    ``alle``; returns how many. Others' ids and ones the actor may not see are left
    alone."""
    actor = vereis_actor(actor)
    query = zichtbare_notificaties(actor).where(Notificatie.gelezen_op.is_(None))
    if not alle:
        gekozen = sorted({int(i) for i in ids or ()})
        if not gekozen:
            return 0
        query = query.where(Notificatie.id.in_(gekozen))
    assert query.whereclause is not None
    resultaat = db.session.execute(
        update(Notificatie)
        .where(query.whereclause)  # its EXISTS correlate with the updated row
        .values(gelezen_op=nu())
        .execution_options(synchronize_session=False)
    )
    return int(getattr(resultaat, "rowcount", 0) or 0)
