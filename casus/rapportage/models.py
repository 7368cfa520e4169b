"""A report as sent to the council ("vastgesteld"): frozen figures, who and when."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casus.casussen.models import JsonDict
from casus.db import Base, UTCDateTime
from casus.klok import nu

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker


class Vaststelling(Base):
    """Figures only (no personal data); never changed after it is made."""

    __tablename__ = "rapport_vaststelling"
    __table_args__ = (
        UniqueConstraint("van", "tot_en_met"),
        CheckConstraint("tot_en_met >= van", name="periode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(40))
    van: Mapped[date] = mapped_column(Date)
    tot_en_met: Mapped[date] = mapped_column(Date)
    cijfers: Mapped[dict[str, Any]] = mapped_column(JsonDict)
    vastgesteld_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    vastgesteld_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    vastgesteld_door: Mapped[Gebruiker | None] = relationship()


class Rapportjournaal(Base):
    """One row per committed transaction that changed data a report counts on a date
    before the day it was made (``casus.rapportage.cache.gegevens_gewijzigd``): a
    cached report over a period ending on or after ``vanaf`` and computed before the
    row was written is out of date. Holds no personal data."""

    __tablename__ = "rapport_journaal"
    __table_args__ = (Index("ix_rapport_journaal_vanaf", "vanaf", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vanaf: Mapped[date] = mapped_column(Date)
    op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)


class Rapportcache(Base):
    """Figures computed over a period that has ended (``casus.rapportage.cache``), valid
    while no row of ``rapport_journaal`` after ``journaal_id`` reaches into the period.
    ``soort``: "rapport" (the whole report) or "aanpak" (the per-aanpak figures without
    breakdowns, as the trend shows them). Figures only, no personal data."""

    __tablename__ = "rapport_cache"
    __table_args__ = (UniqueConstraint("soort", "van", "tot_en_met"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    soort: Mapped[str] = mapped_column(String(20))
    van: Mapped[date] = mapped_column(Date)
    tot_en_met: Mapped[date] = mapped_column(Date)
    # the highest journal id committed when the computation began (0: none)
    journaal_id: Mapped[int] = mapped_column(Integer)
    # JSON text, not JSONB: the order of the keys is part of the report (wijken largest
    # first), and the text is read back in one json.loads
    cijfers: Mapped[str] = mapped_column(Text)
    berekend_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
