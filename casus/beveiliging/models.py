"""Failed log-in counters, shared by every worker and instance through the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from casus.db import Base, UTCDateTime


class Inlogteller(Base):
    __tablename__ = "inlogteller"

    # "account:<name>" or "adres:<client address>"; never a password
    sleutel: Mapped[str] = mapped_column(String(200), primary_key=True)
    mislukt: Mapped[int] = mapped_column(Integer)
    laatste_op: Mapped[datetime] = mapped_column(UTCDateTime)
