"""Tables of the casusoverleg met partners (issue 22; see ``casus.partners``).

Rows are written only by ``casus.partners.services`` (and the beheerder's services for
verbanden, organisations and partner users); what a partner may see is decided in
``casus.toegang`` from these rows alone.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casus.db import Base, UTCDateTime, check_in
from casus.klok import nu
from casus.partners import (
    AFSPRAAKSTATUSSEN,
    GRONDSLAGSOORTEN,
    ITEMS,
    ORGANISATIESOORTEN,
    OVERLEGSOORTEN,
)

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker
    from casus.casussen.models import Casus

MAX_NAAM = 200
MAX_GRONDSLAG = 300
MAX_ARTIKEL = 120
MAX_TERUGMELDING = 2000
MAX_AFSPRAAK = 1000


class Samenwerkingsverband(Base):
    """A partnership such as a Zorg- en Veiligheidshuis or a RIEC."""

    __tablename__ = "samenwerkingsverband"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(String(MAX_NAAM), unique=True)
    omschrijving: Mapped[str | None] = mapped_column(Text)
    actief: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)

    organisaties: Mapped[list[Partnerorganisatie]] = relationship(
        back_populates="verband", order_by="Partnerorganisatie.naam"
    )


class Partnerorganisatie(Base):
    """A partner organisation in a verband, and the agreement it shares data under."""

    __tablename__ = "partnerorganisatie"
    __table_args__ = (
        CheckConstraint(check_in("soort", ORGANISATIESOORTEN), name="soort"),
        CheckConstraint(check_in("grondslag_soort", GRONDSLAGSOORTEN), name="grondslag_soort"),
        UniqueConstraint("verband_id", "naam"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    verband_id: Mapped[int] = mapped_column(ForeignKey("samenwerkingsverband.id"), index=True)
    naam: Mapped[str] = mapped_column(String(MAX_NAAM))
    soort: Mapped[str] = mapped_column(String(30))
    # the agreement: a convenant or a statutory basis, with its article
    grondslag_soort: Mapped[str] = mapped_column(String(20))
    grondslag: Mapped[str] = mapped_column(String(MAX_GRONDSLAG))
    artikel: Mapped[str | None] = mapped_column(String(MAX_ARTIKEL))
    actief: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)

    verband: Mapped[Samenwerkingsverband] = relationship(back_populates="organisaties")


class Partneroverleg(Base):
    """A casusoverleg with partners: one meeting, its purpose and legal basis.

    The agenda is prepared internally; ``verzonden_op`` is the moment the chair sent it:
    from then on, until ``inzage_tot``, the invited partner users see the confirmed
    items of its cases (``casus.toegang``)."""

    __tablename__ = "partneroverleg"
    __table_args__ = (
        CheckConstraint(check_in("soort", OVERLEGSOORTEN), name="soort"),
        CheckConstraint(check_in("grondslag_soort", GRONDSLAGSOORTEN), name="grondslag_soort"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    verband_id: Mapped[int] = mapped_column(ForeignKey("samenwerkingsverband.id"), index=True)
    soort: Mapped[str] = mapped_column(String(20))
    # the aanpak of the meeting's cases: a mixed meeting may hold cases of any aanpak but
    # PGA-R; a PGA-R meeting only PGA-R cases. The internal side (who may prepare it) is
    # the triage members of the aanpakken it holds (``casus.toegang``).
    datum: Mapped[date] = mapped_column(Date, index=True)
    doel: Mapped[str] = mapped_column(Text)
    grondslag_soort: Mapped[str] = mapped_column(String(20))
    grondslag: Mapped[str] = mapped_column(String(MAX_GRONDSLAG))
    artikel: Mapped[str | None] = mapped_column(String(MAX_ARTIKEL))
    voorzitter_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    verzonden_op: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the end of the partners' window: the meeting's date plus PARTNER_INZAGE_DAGEN,
    # set when the agenda is sent (end of that day, Dutch time, stored in UTC)
    inzage_tot: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    verband: Mapped[Samenwerkingsverband] = relationship()
    voorzitter: Mapped[Gebruiker] = relationship(foreign_keys=[voorzitter_id])
    deelnemers: Mapped[list[Gebruiker]] = relationship(
        secondary="partneroverleg_deelnemer", lazy="selectin", order_by="Gebruiker.naam"
    )
    agenda: Mapped[list[Partneragendapunt]] = relationship(
        back_populates="overleg",
        cascade="all, delete-orphan",
        order_by="Partneragendapunt.volgorde",
    )


class PartneroverlegDeelnemer(Base):
    """An invited partner user (a ``Gebruiker`` with a ``partnerorganisatie_id``)."""

    __tablename__ = "partneroverleg_deelnemer"

    overleg_id: Mapped[int] = mapped_column(
        ForeignKey("partneroverleg.id", ondelete="CASCADE"), primary_key=True
    )
    gebruiker_id: Mapped[int] = mapped_column(
        ForeignKey("gebruiker.id"), primary_key=True, index=True
    )


class Partneragendapunt(Base):
    """A case on a partner meeting's agenda; its items are shared once the chair has
    confirmed the selection (``bevestigd_op``) and the agenda is sent."""

    __tablename__ = "partneragendapunt"
    __table_args__ = (
        UniqueConstraint("overleg_id", "casus_id"),
        UniqueConstraint("overleg_id", "volgorde"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    overleg_id: Mapped[int] = mapped_column(ForeignKey("partneroverleg.id", ondelete="CASCADE"))
    casus_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    volgorde: Mapped[int] = mapped_column(Integer)
    voorgesteld_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    voorgesteld_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    bevestigd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    bevestigd_op: Mapped[datetime | None] = mapped_column(UTCDateTime)

    overleg: Mapped[Partneroverleg] = relationship(back_populates="agenda")
    casus: Mapped[Casus] = relationship()
    items: Mapped[list[Deelitem]] = relationship(
        back_populates="agendapunt", cascade="all, delete-orphan", order_by="Deelitem.item"
    )


class Deelitem(Base):
    """One item of a case selected for sharing on an agenda point. Withdrawing it sets
    ``ingetrokken_op``: from that moment no partner sees it (the register keeps what
    was shared before)."""

    __tablename__ = "deelitem"
    __table_args__ = (
        CheckConstraint(check_in("item", ITEMS), name="item"),
        UniqueConstraint("agendapunt_id", "item"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agendapunt_id: Mapped[int] = mapped_column(
        ForeignKey("partneragendapunt.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(String(30))
    gekozen_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    gekozen_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    ingetrokken_op: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ingetrokken_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    agendapunt: Mapped[Partneragendapunt] = relationship(back_populates="items")


class Afspraak(Base):
    """An action agreed in a partner meeting on one case, for a partner organisation or
    a regisseur (exactly one of the two), with a due date."""

    __tablename__ = "afspraak"
    __table_args__ = (
        CheckConstraint(check_in("status", AFSPRAAKSTATUSSEN), name="status"),
        CheckConstraint(
            "(organisatie_id IS NULL) <> (regisseur_id IS NULL)", name="organisatie_of_regisseur"
        ),
        Index("ix_afspraak_casus", "casus_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    overleg_id: Mapped[int] = mapped_column(ForeignKey("partneroverleg.id", ondelete="CASCADE"))
    casus_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    omschrijving: Mapped[str] = mapped_column(String(MAX_AFSPRAAK))
    organisatie_id: Mapped[int | None] = mapped_column(ForeignKey("partnerorganisatie.id"))
    regisseur_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    uiterlijk: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    overleg: Mapped[Partneroverleg] = relationship()
    casus: Mapped[Casus] = relationship()
    organisatie: Mapped[Partnerorganisatie | None] = relationship()
    regisseur: Mapped[Gebruiker | None] = relationship(foreign_keys=[regisseur_id])
    terugmeldingen: Mapped[list[Terugmelding]] = relationship(
        back_populates="afspraak", cascade="all, delete-orphan", order_by="Terugmelding.id"
    )


class Terugmelding(Base):
    """A partner's short report on its own organisation's action (the only thing a
    partner user may write)."""

    __tablename__ = "terugmelding"

    id: Mapped[int] = mapped_column(primary_key=True)
    afspraak_id: Mapped[int] = mapped_column(
        ForeignKey("afspraak.id", ondelete="CASCADE"), index=True
    )
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    tekst: Mapped[str] = mapped_column(String(MAX_TERUGMELDING))
    gereed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)

    afspraak: Mapped[Afspraak] = relationship(back_populates="terugmeldingen")
    gebruiker: Mapped[Gebruiker | None] = relationship()


class Verstrekking(Base):
    """The verstrekkingenregister: one row per item of a case made available to one
    partner user in one meeting (when the agenda was sent, or when an item was added
    or confirmed after that), with the basis and purpose it was shared on. Rows are
    never changed but for ``ingetrokken_op`` (withdrawn from the selection afterwards);
    retention deletes them with their case."""

    __tablename__ = "verstrekking"
    __table_args__ = (
        CheckConstraint(check_in("item", ITEMS), name="item"),
        UniqueConstraint("overleg_id", "casus_id", "item", "gebruiker_id"),
        Index("ix_verstrekking_verstrekt_op", "verstrekt_op"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    overleg_id: Mapped[int] = mapped_column(ForeignKey("partneroverleg.id"), index=True)
    casus_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    persoon_id: Mapped[int | None] = mapped_column(ForeignKey("persoon.id"), index=True)
    item: Mapped[str] = mapped_column(String(30))
    # the recipient: the partner user and its organisation at that moment
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    organisatie_id: Mapped[int] = mapped_column(ForeignKey("partnerorganisatie.id"))
    # copied from the meeting at the moment of sharing: the register is history
    doel: Mapped[str] = mapped_column(Text)
    grondslag: Mapped[str] = mapped_column(String(MAX_GRONDSLAG))
    artikel: Mapped[str | None] = mapped_column(String(MAX_ARTIKEL))
    verstrekt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    verstrekt_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    ingetrokken_op: Mapped[datetime | None] = mapped_column(UTCDateTime)

    overleg: Mapped[Partneroverleg] = relationship()
    casus: Mapped[Casus] = relationship()
    gebruiker: Mapped[Gebruiker] = relationship(foreign_keys=[gebruiker_id])
    organisatie: Mapped[Partnerorganisatie] = relationship()
