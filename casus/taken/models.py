"""A background job: one row per planned job (``casus.taken``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casus.db import Base, UTCDateTime, check_in
from casus.klok import nu
from casus.taken import STATUSSEN, WACHTEND

MAX_SOORT = 40
MAX_SLEUTEL = 160
MAX_UITKOMST = 300


class Taak(Base):
    __tablename__ = "taak"
    __table_args__ = (
        CheckConstraint(check_in("status", STATUSSEN), name="status"),
        CheckConstraint("pogingen >= 0", name="pogingen_niet_negatief"),
        # the sweep's question: which waiting jobs are due
        Index("ix_taak_status_volgende_poging_op", "status", "volgende_poging_op"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # a kind registered with ``services.taaksoort``
    soort: Mapped[str] = mapped_column(String(MAX_SOORT))
    # the same key twice plans one job (a periodic job: its kind and date)
    sleutel: Mapped[str | None] = mapped_column(String(MAX_SLEUTEL), unique=True)
    # keyword arguments of the kind's function: ids, codes and dates, no personal data
    argumenten: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default=WACHTEND)
    pogingen: Mapped[int] = mapped_column(default=0)
    # a waiting job is not run before this moment (a retry's backoff); None: at once
    volgende_poging_op: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the last failure, in Dutch, for the beheerder (no traceback: that is in the log)
    laatste_fout: Mapped[str | None] = mapped_column(Text)
    # what a successful run reported (counts), for the beheerder
    uitkomst: Mapped[str | None] = mapped_column(String(MAX_UITKOMST))
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu, index=True)
    gestart_op: Mapped[datetime | None] = mapped_column(UTCDateTime)
    klaar_op: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Taak {self.id} {self.soort} {self.status}>"
