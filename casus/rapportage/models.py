"""A report as sent to the council ("vastgesteld"): frozen figures, who and when."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
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
