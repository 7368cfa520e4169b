"""A notification for one user (``Notificatie``): what happened (``soort``, a Dutch
``tekst`` that may name a case number but never a person), where to look (``link``, a
relative URL) and whether it was read.

A notification on a case or a signal names it (``casus_id``, ``signaal_id``): it is
shown only while its recipient may see that case or signal (``casus.toegang.queries.
zichtbare_notificaties``), and goes with it when the row is deleted. ``sleutel`` makes
``services.notificeer`` idempotent: one row per user and key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casus.db import Base, UTCDateTime, check_in
from casus.klok import nu
from casus.notificaties import SOORTEN

MAX_TEKST = 300
MAX_LINK = 300
MAX_SLEUTEL = 120


class Notificatie(Base):
    __tablename__ = "notificatie"
    __table_args__ = (
        CheckConstraint(check_in("soort", SOORTEN), name="soort"),
        # the same event twice for one user: one row (notificeer)
        UniqueConstraint("gebruiker_id", "sleutel"),
        # a user's unread ones (the header's count) and their list
        Index("ix_notificatie_gebruiker_gelezen", "gebruiker_id", "gelezen_op"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"))
    soort: Mapped[str] = mapped_column(String(30))
    casus_id: Mapped[int | None] = mapped_column(
        ForeignKey("casus.id", ondelete="CASCADE"), index=True
    )
    signaal_id: Mapped[int | None] = mapped_column(
        ForeignKey("signaal.id", ondelete="CASCADE"), index=True
    )
    tekst: Mapped[str] = mapped_column(String(MAX_TEKST))
    link: Mapped[str] = mapped_column(String(MAX_LINK))
    sleutel: Mapped[str | None] = mapped_column(String(MAX_SLEUTEL))
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    gelezen_op: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def gelezen(self) -> bool:
        return self.gelezen_op is not None

    def __repr__(self) -> str:
        return f"<Notificatie {self.id} {self.soort}>"
