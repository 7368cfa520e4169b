"""Persons (the subjects of cases) and their police and justice contacts."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    DDL,
    CheckConstraint,
    Connection,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    event,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casus.db import Base, UTCDateTime, check_in
from casus.klok import nu
from casus.zoeken.zoekvorm import zoeknaam
from workflows.codes import POLITIECONTACT_SOORTEN

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker
    from casus.casussen.models import Casus


def bsn_geldig(bsn: str) -> bool:
    """The elfproef for a burgerservicenummer (9 digits, weighted sum divisible by 11)."""
    if len(bsn) != 9 or not bsn.isdigit():
        return False
    som = sum(int(c) * w for c, w in zip(bsn[:8], range(9, 1, -1), strict=True))
    som -= int(bsn[8])
    return som % 11 == 0 and bsn != "000000000"


def leeftijd_op(geboortedatum: date, op: date) -> int:
    jaren = op.year - geboortedatum.year
    if (op.month, op.day) < (geboortedatum.month, geboortedatum.day):
        jaren -= 1
    return jaren


class Persoon(Base):
    __tablename__ = "persoon"
    __table_args__ = (
        Index("ix_persoon_naam", "achternaam", "voornaam"),
        # the search (casus.zoeken): persons in search-name order, for a term that many
        # match (walked until enough visible ones are found), and on SQLite, which has no
        # trigram index, scanned instead of the table
        Index("ix_persoon_zoeknaam", "zoeknaam", "id"),
        # PostgreSQL: a trigram index serves LIKE '%...%' for a term that few match. On
        # SQLite it is an empty partial index (WHERE 0), so both schemas have the same
        # indexes without a second copy of the one above
        Index(
            "ix_persoon_zoeknaam_trgm",
            "zoeknaam",
            postgresql_using="gin",
            postgresql_ops={"zoeknaam": "gin_trgm_ops"},
            sqlite_where=false(),
        ),
        CheckConstraint("bsn IS NULL OR length(bsn) = 9", name="bsn_lengte"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # reference from an imported source system (persoon.ref in domain.md section 6)
    ref: Mapped[str | None] = mapped_column(String(60), unique=True)
    voornaam: Mapped[str] = mapped_column(String(100))
    tussenvoegsel: Mapped[str | None] = mapped_column(String(30))
    achternaam: Mapped[str] = mapped_column(String(150))
    geboortedatum: Mapped[date | None] = mapped_column(Date, index=True)
    # not unique: a person known only in a strictly confidential aanpak keeps their own
    # record when another team registers the same BSN (see personen.services.maak_persoon)
    bsn: Mapped[str | None] = mapped_column(String(9), index=True)
    adres: Mapped[str | None] = mapped_column(String(200))
    wijk: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    geanonimiseerd_op: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "voornaam tussenvoegsel achternaam" in search form (casus.zoeken.zoekvorm): set by
    # the hooks below, the import's and the demo's bulk writers and the migration
    zoeknaam: Mapped[str] = mapped_column(Text)

    # lazy="raise": a person's cases are only ever read through casus.toegang's
    # filtered queries, never through this unfiltered collection
    casussen: Mapped[list[Casus]] = relationship(back_populates="persoon", lazy="raise")
    politiecontacten: Mapped[list[PolitieContact]] = relationship(
        back_populates="persoon", order_by="PolitieContact.datum"
    )

    @property
    def volledige_naam(self) -> str:
        delen = [self.voornaam, self.tussenvoegsel, self.achternaam]
        return " ".join(d for d in delen if d)

    def leeftijd(self, op: date) -> int | None:
        return None if self.geboortedatum is None else leeftijd_op(self.geboortedatum, op)

    def __repr__(self) -> str:
        return f"<Persoon {self.id}>"


@event.listens_for(Persoon, "before_insert")
@event.listens_for(Persoon, "before_update")
def _vul_zoeknaam(_mapper: Any, _connection: Connection, persoon: Persoon) -> None:
    persoon.zoeknaam = zoeknaam(persoon.voornaam, persoon.tussenvoegsel, persoon.achternaam)


# the trigram operator class of the search index (an extension of PostgreSQL's contrib)
event.listen(
    Persoon.__table__,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)


class PolitieContact(Base):
    """A negative police or justice contact of a person (domain.md section 4)."""

    __tablename__ = "politiecontact"
    __table_args__ = (
        CheckConstraint(check_in("soort", POLITIECONTACT_SOORTEN), name="soort"),
        Index("ix_politiecontact_persoon_datum", "persoon_id", "datum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    persoon_id: Mapped[int] = mapped_column(ForeignKey("persoon.id"))
    # the case on which it was recorded, if any (for the case timeline)
    casus_id: Mapped[int | None] = mapped_column(ForeignKey("casus.id"), index=True)
    datum: Mapped[date] = mapped_column(Date)
    soort: Mapped[str] = mapped_column(String(20))
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    geregistreerd_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)

    persoon: Mapped[Persoon] = relationship(back_populates="politiecontacten")
    gebruiker: Mapped[Gebruiker | None] = relationship()
