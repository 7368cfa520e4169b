"""API clients: a system around the team that calls ``/api/v1`` with a bearer token."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casus.auth.models import Gebruiker
from casus.db import Base, UTCDateTime
from casus.klok import nu


class Apiclient(Base):
    """A registered client. It acts as its own account (``gebruiker``, flagged
    ``is_api_client``) whose roles and teams the beheerder sets, so ``casus.toegang``
    decides what it may see and do exactly as for a person with the same roles.

    The token is shown once; only its SHA-256 is stored (a random 256-bit secret needs
    no slow hash: nothing can be guessed from it).
    """

    __tablename__ = "api_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(String(80), unique=True)
    omschrijving: Mapped[str | None] = mapped_column(String(400))
    gebruiker_id: Mapped[int] = mapped_column(
        ForeignKey("gebruiker.id", ondelete="CASCADE"), unique=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # the token's first characters, to recognise it in a list (never enough to use it)
    token_begin: Mapped[str] = mapped_column(String(16))
    # the last day the token works (inclusive, Europe/Amsterdam)
    geldig_tot: Mapped[date] = mapped_column(Date)
    # requests per minute
    limiet_per_minuut: Mapped[int] = mapped_column(Integer)
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(
        ForeignKey("gebruiker.id", ondelete="SET NULL")
    )
    token_vernieuwd_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    ingetrokken_op: Mapped[datetime | None] = mapped_column(UTCDateTime)

    gebruiker: Mapped[Gebruiker] = relationship(foreign_keys=[gebruiker_id])

    def __repr__(self) -> str:
        return f"<Apiclient {self.naam}>"
