"""Signalen: intake before a case exists (ondermijning, PGA-R)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casus.db import Base, UTCDateTime, check_in
from casus.klok import nu
from workflows.codes import SIGNAAL_BRONNEN

if TYPE_CHECKING:
    from casus.casussen.models import Casus

SIGNAAL_STATUSSEN = {
    "open": "Open",
    "gekoppeld": "Gekoppeld aan casus",
    "afgesloten": "Afgesloten zonder vervolg",
}


class Signaal(Base):
    __tablename__ = "signaal"
    __table_args__ = (
        CheckConstraint(check_in("bron", SIGNAAL_BRONNEN), name="bron"),
        CheckConstraint(check_in("status", SIGNAAL_STATUSSEN), name="status"),
        CheckConstraint(
            "(status = 'gekoppeld') = (casus_id IS NOT NULL)", name="gekoppeld_heeft_casus"
        ),
        Index("ix_signaal_aanpak_ontvangen", "aanpak", "ontvangen_op"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(60), unique=True)
    aanpak: Mapped[str] = mapped_column(String(40))
    ontvangen_op: Mapped[date] = mapped_column(Date)
    bron: Mapped[str] = mapped_column(String(40))
    thema: Mapped[str] = mapped_column(String(40))
    tekst: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    afsluitreden: Mapped[str | None] = mapped_column(String(200))
    casus_id: Mapped[int | None] = mapped_column(ForeignKey("casus.id"), index=True)
    # what the signal is about, when known
    persoon_id: Mapped[int | None] = mapped_column(ForeignKey("persoon.id"), index=True)
    betreft_naam: Mapped[str | None] = mapped_column(String(200))
    betreft_adres: Mapped[str | None] = mapped_column(String(200))
    # optional details of a resident reporting through the public meldpunt
    melder_naam: Mapped[str | None] = mapped_column(String(200))
    melder_contact: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    casus: Mapped[Casus | None] = relationship()
