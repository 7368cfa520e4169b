"""The signal lists, every one built on casus.toegang's filter of visible signals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload

from casus.casussen.models import Casus, Casusalias
from casus.db import LIKE_ESCAPE, bevat_patroon
from casus.extensions import db
from casus.signalen.models import Signaal
from casus.toegang.queries import zichtbare_casussen, zichtbare_signalen

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker


@dataclass(frozen=True)
class Filter:
    aanpak: str | None = None
    van: date | None = None
    tot_en_met: date | None = None
    bron: str | None = None
    thema: str | None = None
    status: str | None = None
    zoek: str | None = None


def gefilterd(gebruiker: Gebruiker, f: Filter) -> Select[tuple[Signaal]]:
    query = zichtbare_signalen(gebruiker)
    if f.aanpak:
        query = query.where(Signaal.aanpak == f.aanpak)
    if f.van:
        query = query.where(Signaal.ontvangen_op >= f.van)
    if f.tot_en_met:
        query = query.where(Signaal.ontvangen_op <= f.tot_en_met)
    if f.bron:
        query = query.where(Signaal.bron == f.bron)
    if f.thema:
        query = query.where(Signaal.thema == f.thema)
    if f.status:
        query = query.where(Signaal.status == f.status)
    if f.zoek and f.zoek.strip():
        patroon = bevat_patroon(f.zoek.strip().lower())
        velden = (
            Signaal.tekst,
            Signaal.betreft_naam,
            Signaal.betreft_adres,
            Signaal.ref,
            Signaal.betreft_kvk_nummer,
        )
        query = query.where(or_(*(func.lower(v).like(patroon, escape=LIKE_ESCAPE) for v in velden)))
    return query


def gesorteerd(gebruiker: Gebruiker, f: Filter) -> Select[tuple[Signaal]]:
    """The filtered signals in the list's order (newest first), for one page of it."""
    return (
        gefilterd(gebruiker, f)
        .options(joinedload(Signaal.casus), joinedload(Signaal.persoon))
        .order_by(Signaal.ontvangen_op.desc(), Signaal.id.desc())
    )


def aantallen_per_status(gebruiker: Gebruiker, f: Filter) -> dict[str, int]:
    """Counts of the filtered signals by status (status filter itself left out)."""
    ruimer = Filter(**{**f.__dict__, "status": None})
    sub = gefilterd(gebruiker, ruimer).subquery()
    rijen = db.session.execute(select(sub.c.status, func.count()).group_by(sub.c.status))
    return {status: aantal for status, aantal in rijen}


def open_signalen(gebruiker: Gebruiker, aanpak: str, van: date, tot_en_met: date) -> list[Signaal]:
    """The open signals of one aanpak received in the period (the signalenoverleg)."""
    f = Filter(aanpak=aanpak, van=van, tot_en_met=tot_en_met, status="open")
    query = (
        gefilterd(gebruiker, f)
        .options(joinedload(Signaal.persoon))
        .order_by(Signaal.ontvangen_op, Signaal.id)
    )
    return list(db.session.scalars(query))


def signalen_van_casus(casus_id: int, gebruiker: Gebruiker) -> list[Signaal]:
    """Signals that led to the case, for its page; empty when the user may see neither."""
    zichtbaar = (
        zichtbare_casussen(gebruiker).where(Casus.id == casus_id).with_only_columns(Casus.id)
    )
    query = (
        zichtbare_signalen(gebruiker)
        .where(Signaal.casus_id == casus_id, Signaal.casus_id.in_(zichtbaar.scalar_subquery()))
        .order_by(Signaal.ontvangen_op, Signaal.id)
    )
    return list(db.session.scalars(query))


def casus_voor_koppeling(gebruiker: Gebruiker, aanpak: str, ref: str) -> Casus | None:
    """A case of ``aanpak`` the user may see, by its number."""
    nummer = ref.strip().upper()
    # its number now, or one it had before omzetten (casusalias)
    oud = select(Casusalias.casus_id).where(func.upper(Casusalias.ref) == nummer)
    query = zichtbare_casussen(gebruiker).where(
        Casus.aanpak == aanpak, or_(func.upper(Casus.ref) == nummer, Casus.id.in_(oud))
    )
    return db.session.scalar(query)


def koppelbare_casussen(gebruiker: Gebruiker, aanpak: str, limiet: int = 300) -> list[Casus]:
    """Recent cases of ``aanpak`` for the link form's suggestions (newest first)."""
    query = (
        zichtbare_casussen(gebruiker)
        .where(Casus.aanpak == aanpak)
        .options(joinedload(Casus.persoon))
        .order_by(Casus.aangemeld_op.desc(), Casus.id.desc())
        .limit(limiet)
    )
    return list(db.session.scalars(query))


def verwante_signalen(gebruiker: Gebruiker, signaal: Signaal, limiet: int = 20) -> list[Signaal]:
    """Other signals of the same aanpak on the same address or company (any status)."""
    voorwaarden = []
    if signaal.adres_sleutel:
        voorwaarden.append(Signaal.adres_sleutel == signaal.adres_sleutel)
    if signaal.naam_sleutel:
        voorwaarden.append(Signaal.naam_sleutel == signaal.naam_sleutel)
    if signaal.betreft_kvk_nummer:
        voorwaarden.append(Signaal.betreft_kvk_nummer == signaal.betreft_kvk_nummer)
    if not voorwaarden:
        return []
    query = (
        zichtbare_signalen(gebruiker)
        .where(Signaal.aanpak == signaal.aanpak, Signaal.id != signaal.id, or_(*voorwaarden))
        .order_by(Signaal.ontvangen_op.desc(), Signaal.id.desc())
        .limit(limiet)
    )
    return list(db.session.scalars(query))


def aantal_open_voor(gebruiker: Gebruiker, aanpak: str, van: date) -> int:
    """Open signals of ``aanpak`` received before ``van`` (still waiting for a decision)."""
    sub = (
        gefilterd(gebruiker, Filter(aanpak=aanpak, status="open"))
        .where(Signaal.ontvangen_op < van)
        .subquery()
    )
    return int(db.session.scalar(select(func.count()).select_from(sub)) or 0)
