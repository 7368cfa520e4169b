"""The triage meeting (overleg): its aanpakken, attendees, agenda and decisions.

A decision itself is an event in the case's log (``Gebeurtenis``, with the
meeting id in its ``data``); the agenda item only points at it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casus.db import Base, UTCDateTime, check_in
from casus.klok import nu

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker
    from casus.casussen.models import Casus, Gebeurtenis

# decision codes of the meeting, and the status trigger each one fires (None: no move)
OPNEMEN = "opnemen"
NIET_OPNEMEN = "niet_opnemen"
OMZETTEN = "omzetten"
AANHOUDEN = "aanhouden"
BESLUITEN: dict[str, str] = {
    OPNEMEN: "Opnemen",
    NIET_OPNEMEN: "Niet opnemen",
    OMZETTEN: "Omzetten naar andere aanpak",
    AANHOUDEN: "Aanhouden tot het volgende overleg",
}
BESLUIT_TRIGGER: dict[str, str | None] = {
    OPNEMEN: "triageren",
    NIET_OPNEMEN: "niet_opnemen",
    OMZETTEN: "omzetten",
    AANHOUDEN: None,
}
# how a case came on the agenda
BRON_WACHTRIJ = "wachtrij"
BRON_TOEGEVOEGD = "toegevoegd"


class Overleg(Base):
    __tablename__ = "overleg"

    id: Mapped[int] = mapped_column(primary_key=True)
    datum: Mapped[date] = mapped_column(Date, index=True)
    notities: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    aanpakken: Mapped[list[OverlegAanpak]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="OverlegAanpak.aanpak"
    )
    deelnemers: Mapped[list[Gebruiker]] = relationship(
        secondary="overleg_deelnemer", lazy="selectin", order_by="Gebruiker.naam"
    )
    agenda: Mapped[list[AgendaPunt]] = relationship(
        back_populates="overleg", cascade="all, delete-orphan", order_by="AgendaPunt.volgorde"
    )
    created_by: Mapped[Gebruiker | None] = relationship()

    @property
    def aanpak_codes(self) -> tuple[str, ...]:
        return tuple(a.aanpak for a in self.aanpakken)


class OverlegAanpak(Base):
    __tablename__ = "overleg_aanpak"

    overleg_id: Mapped[int] = mapped_column(
        ForeignKey("overleg.id", ondelete="CASCADE"), primary_key=True
    )
    aanpak: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class OverlegDeelnemer(Base):
    __tablename__ = "overleg_deelnemer"

    overleg_id: Mapped[int] = mapped_column(
        ForeignKey("overleg.id", ondelete="CASCADE"), primary_key=True
    )
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), primary_key=True)


class AgendaPunt(Base):
    """One case on a meeting's agenda, and the decision taken on it (if any)."""

    __tablename__ = "agendapunt"
    __table_args__ = (
        UniqueConstraint("overleg_id", "casus_id"),
        UniqueConstraint("overleg_id", "volgorde"),
        CheckConstraint(check_in("bron", (BRON_WACHTRIJ, BRON_TOEGEVOEGD)), name="bron"),
        CheckConstraint(f"besluit IS NULL OR {check_in('besluit', BESLUITEN)}", name="besluit"),
        CheckConstraint("(besluit IS NULL) = (gebeurtenis_id IS NULL)", name="besluit_event"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    overleg_id: Mapped[int] = mapped_column(ForeignKey("overleg.id", ondelete="CASCADE"))
    casus_id: Mapped[int] = mapped_column(ForeignKey("casus.id"), index=True)
    volgorde: Mapped[int] = mapped_column(Integer)
    bron: Mapped[str] = mapped_column(String(20))
    besluit: Mapped[str | None] = mapped_column(String(20))
    gebeurtenis_id: Mapped[int | None] = mapped_column(ForeignKey("gebeurtenis.id"), unique=True)

    overleg: Mapped[Overleg] = relationship(back_populates="agenda")
    casus: Mapped[Casus] = relationship()
    gebeurtenis: Mapped[Gebeurtenis | None] = relationship()
