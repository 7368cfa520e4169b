"""What is stored of the BRP: each query's answer (``BrpControle``), limited to the groups
the aanpak's profile asked for, and the signals it gave on a case (``BrpWijziging``).

Both hold personal data from the BRP: the retention (``casus.privacy.bewaartermijn``)
deletes them with the person or the case, the inzage (``casus.privacy.inzage``) lists
them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casus.casussen.models import JsonDict
from casus.db import Base, UTCDateTime, check_in
from casus.klok import nu

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker
    from casus.casussen.models import Casus
    from casus.personen.models import Persoon

# BrpWijziging.soort: what the BRP said changed since the previous check
VERHUISD = "verhuisd"  # registered in another municipality now
OVERLEDEN = "overleden"
WIJZIGINGSOORTEN: tuple[str, ...] = (VERHUISD, OVERLEDEN)


class BrpControle(Base):
    """One successful query of the BRP: what it said, limited to the groups the aanpak's
    profile asked for (``gegevens``: ``BrpPersoon.als_dict()``).

    A check at the aanmelding has no person yet: it is kept unlinked (``persoon_id``
    None) under the SHA-256 of a random key (``sleutel_hash``) the form carries, and
    linked to the person when the aanmelding is registered
    (``services.koppel_aanmeldcontrole``), or deleted when it expires.
    """

    __tablename__ = "brp_controle"
    __table_args__ = (
        # the latest check of a person per aanpak (the refresh, the person page)
        Index("ix_brp_controle_persoon_aanpak", "persoon_id", "aanpak", "gecontroleerd_op"),
        # unlinked checks of the aanmelding: by key, and the expired ones by age
        Index("ix_brp_controle_sleutel_hash", "sleutel_hash"),
        Index("ix_brp_controle_gecontroleerd_op", "gecontroleerd_op"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    persoon_id: Mapped[int | None] = mapped_column(ForeignKey("persoon.id"))
    aanpak: Mapped[str] = mapped_column(String(40))
    bsn: Mapped[str] = mapped_column(String(9))
    # None: a system actor (the batch check)
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    gecontroleerd_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    gegevens: Mapped[dict[str, Any]] = mapped_column(JsonDict, default=dict)
    # copied out of ``gegevens`` for the signals (None when the group was not asked for)
    gemeente_code: Mapped[str | None] = mapped_column(String(4))
    overleden_op: Mapped[date | None] = mapped_column(Date)
    sleutel_hash: Mapped[str | None] = mapped_column(String(64))

    persoon: Mapped[Persoon | None] = relationship()
    gebruiker: Mapped[Gebruiker | None] = relationship()

    def __repr__(self) -> str:
        return f"<BrpControle {self.id} {self.aanpak}>"


class BrpWijziging(Base):
    """A signal from the BRP on an open case: the person moved out of the municipality
    or died since the previous check. Made once per change and case; handled by the
    team (``afgehandeld_op``)."""

    __tablename__ = "brp_wijziging"
    __table_args__ = (
        CheckConstraint(check_in("soort", WIJZIGINGSOORTEN), name="soort"),
        Index("ix_brp_wijziging_casus", "casus_id", "afgehandeld_op"),
        Index("ix_brp_wijziging_persoon", "persoon_id"),
        Index("ix_brp_wijziging_controle", "controle_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    casus_id: Mapped[int] = mapped_column(ForeignKey("casus.id"))
    persoon_id: Mapped[int] = mapped_column(ForeignKey("persoon.id"))
    controle_id: Mapped[int] = mapped_column(ForeignKey("brp_controle.id"))
    soort: Mapped[str] = mapped_column(String(20))
    datum: Mapped[date | None] = mapped_column(Date)  # the BRP's date of death
    omschrijving: Mapped[str] = mapped_column(String(200))
    gevonden_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    afgehandeld_op: Mapped[datetime | None] = mapped_column(UTCDateTime)
    afgehandeld_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    casus: Mapped[Casus] = relationship()
    controle: Mapped[BrpControle] = relationship()
    afgehandeld_door: Mapped[Gebruiker | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.afgehandeld_op is None

    def __repr__(self) -> str:
        return f"<BrpWijziging {self.id} {self.soort}>"
