"""Signalen: intake before a case exists (ondermijning, PGA-R)."""

from __future__ import annotations

import re
import unicodedata
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
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casus.db import Base, UTCDateTime, check_in
from casus.klok import nu
from workflows.codes import SIGNAAL_BRONNEN

if TYPE_CHECKING:
    from casus.casussen.models import Casus
    from casus.personen.models import Persoon

SIGNAAL_STATUSSEN = {
    "open": "Open",
    "gekoppeld": "Gekoppeld aan casus",
    "afgesloten": "Afgesloten zonder vervolg",
}
# what a signal concerns, as the ondermijning kenmerk ``onderwerp``
BETREFT_SOORTEN = {"persoon": "Persoon", "onderneming": "Onderneming", "locatie": "Locatie"}

# legal forms dropped when comparing company names ("Snackbar De Hoek B.V." = "snackbar de hoek")
_RECHTSVORMEN = ("bv", "nv", "vof", "cv", "stichting", "eenmanszaak")


def _kale_tekst(tekst: str) -> str:
    """Lower case, accents off, only letters, digits and single spaces."""
    zonder = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", zonder.lower()).split())


def adres_sleutel(adres: str | None) -> str | None:
    """Comparable form of an address: 'Dorpsstraat 12-A, Zoetermeer' = 'dorpsstraat 12a'."""
    if not adres or not adres.strip():
        return None
    kaal = _kale_tekst(adres.replace("str.", "straat "))
    # glue house number additions to the number ("12 a" -> "12a")
    kaal = re.sub(r"(\d+) ([a-z])\b", r"\1\2", kaal)
    kaal = re.sub(r"\b(zoetermeer|nederland|nl)\b", " ", kaal)
    kaal = re.sub(r"\b\d{4} ?[a-z]{2}\b", " ", kaal)  # postcode
    return "".join(kaal.split())[:200] or None


def naam_sleutel(naam: str | None) -> str | None:
    """Comparable form of a company (or person) name, legal form and punctuation dropped."""
    if not naam or not naam.strip():
        return None
    # "B.V.", "b.v.", "V.O.F." are legal forms too; take them out before the dots go
    zonder = re.sub(r"(?i)(?<![\w.])(b\.\s?v|n\.\s?v|v\.\s?o\.\s?f|c\.\s?v)\.?(?![\w.])", " ", naam)
    samen = _kale_tekst(zonder).split()
    kern = [w for w in samen if w not in _RECHTSVORMEN]
    return "".join(kern or samen)[:200] or None


class Signaal(Base):
    __tablename__ = "signaal"
    __table_args__ = (
        CheckConstraint(check_in("bron", SIGNAAL_BRONNEN), name="bron"),
        CheckConstraint(check_in("status", SIGNAAL_STATUSSEN), name="status"),
        CheckConstraint(
            "(status = 'gekoppeld') = (casus_id IS NOT NULL)", name="gekoppeld_heeft_casus"
        ),
        CheckConstraint(
            "status <> 'afgesloten' OR afsluitreden IS NOT NULL", name="afgesloten_heeft_reden"
        ),
        CheckConstraint(
            "betreft_soort IS NULL OR " + check_in("betreft_soort", BETREFT_SOORTEN),
            name="betreft_soort",
        ),
        Index("ix_signaal_aanpak_ontvangen", "aanpak", "ontvangen_op"),
        # the report counts the signals of a period by aanpak, bron and thema
        Index("ix_signaal_ontvangen_rapport", "ontvangen_op", "aanpak", "bron", "thema"),
        Index("ix_signaal_aanpak_status", "aanpak", "status"),
        # the dashboard per wijk counts the signals of a period by aanpak and wijk
        Index("ix_signaal_ontvangen_wijk", "ontvangen_op", "aanpak", "wijk"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(60), unique=True)
    aanpak: Mapped[str] = mapped_column(String(40))
    ontvangen_op: Mapped[date] = mapped_column(Date)
    bron: Mapped[str] = mapped_column(String(40))
    thema: Mapped[str] = mapped_column(String(40))
    tekst: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    afsluitreden: Mapped[str | None] = mapped_column(String(200))
    casus_id: Mapped[int | None] = mapped_column(ForeignKey("casus.id"), index=True)
    # the signal was turned into this (new) case, rather than linked to an existing one
    omgezet: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # what the signal is about, when known
    persoon_id: Mapped[int | None] = mapped_column(ForeignKey("persoon.id"), index=True)
    betreft_soort: Mapped[str | None] = mapped_column(String(20))
    betreft_naam: Mapped[str | None] = mapped_column(String(200))
    betreft_kvk_nummer: Mapped[str | None] = mapped_column(String(8))
    betreft_adres: Mapped[str | None] = mapped_column(String(200))
    # the wijk where it plays, when known: one of casus.casussen.validatie.wijken()
    wijk: Mapped[str | None] = mapped_column(String(200))
    # normalised forms for bundling signals on the same address or company
    adres_sleutel: Mapped[str | None] = mapped_column(String(200), index=True)
    naam_sleutel: Mapped[str | None] = mapped_column(String(200), index=True)
    # optional details of a resident reporting through the public meldpunt
    melder_naam: Mapped[str | None] = mapped_column(String(200))
    melder_contact: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    afgehandeld_op: Mapped[datetime | None] = mapped_column(UTCDateTime)
    afgehandeld_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    # optimistic lock: two members deciding on one signal at once cannot both win
    versie: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    __mapper_args__ = {"version_id_col": versie}

    casus: Mapped[Casus | None] = relationship()
    persoon: Mapped[Persoon | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def onderwerp(self) -> str:
        """What the signal is about, as shown in lists."""
        delen = [d for d in (self.betreft_naam, self.betreft_adres) if d]
        if self.persoon is not None:
            delen.insert(0, self.persoon.volledige_naam)
        return ", ".join(delen) or "—"

    def werk_sleutels_bij(self) -> None:
        self.adres_sleutel = adres_sleutel(self.betreft_adres)
        self.naam_sleutel = naam_sleutel(self.betreft_naam)

    def __repr__(self) -> str:
        return f"<Signaal {self.id} {self.aanpak}/{self.status}>"
