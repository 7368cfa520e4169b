"""Idempotency tokens of submitted forms: a double submit creates nothing twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from casus.db import Base, UTCDateTime
from casus.klok import nu


class Formuliertoken(Base):
    """One row per processed form submission, written in the same transaction as
    the change it made; the primary key refuses a second submission of that form.
    No user: a form used without logging in (the public meldpunt)."""

    __tablename__ = "formuliertoken"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"))
    verwerkt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu, index=True)
