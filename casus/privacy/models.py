"""Which cases retention has cleaned, so a second run finds nothing left to do."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from casus.db import Base, UTCDateTime


class Opschoning(Base):
    __tablename__ = "opschoning"

    casus_id: Mapped[int] = mapped_column(ForeignKey("casus.id"), primary_key=True)
    opgeschoond_op: Mapped[datetime] = mapped_column(UTCDateTime)
