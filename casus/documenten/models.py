"""Documents on a case or a signal, and their versions.

A ``Document`` is what the team talks about ("the behaviour agreement"): title, kind,
its own date and a confidentiality label. Each upload of its content is a
``Documentversie`` (1, 2, 3, ...) with who and when, the checked file's name, type,
size and SHA-256, and the random key under which the storage
(``casus.documenten.opslag``) holds the bytes. Rows are only written by
``casus.documenten.services``; retention deletes them (``casus.privacy.bewaartermijn``).

The confidentiality level is a label shown with the document; who may see a document is
decided by its case or signal alone (``casus.toegang``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casus.db import Base, UTCDateTime, check_in
from casus.documenten.soorten import STANDAARD_VERTROUWELIJKHEID, VERTROUWELIJKHEDEN
from casus.klok import nu

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker
    from casus.casussen.models import Casus
    from casus.signalen.models import Signaal

MAX_TITEL = 200
MAX_BESTANDSNAAM = 255
MAX_TOELICHTING = 200


class Document(Base):
    __tablename__ = "document"
    __table_args__ = (
        # on a case or on a signal, never both, never neither
        CheckConstraint("(casus_id IS NULL) <> (signaal_id IS NULL)", name="casus_of_signaal"),
        CheckConstraint(
            check_in("vertrouwelijkheid", VERTROUWELIJKHEDEN), name="vertrouwelijkheid"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    casus_id: Mapped[int | None] = mapped_column(ForeignKey("casus.id"), index=True)
    signaal_id: Mapped[int | None] = mapped_column(ForeignKey("signaal.id"), index=True)
    titel: Mapped[str] = mapped_column(String(MAX_TITEL))
    # a code of casus.documenten.soorten (checked against the aanpak by the service)
    soort: Mapped[str] = mapped_column(String(40))
    # the document's own date (of the letter, the agreement), not of the upload
    datum: Mapped[date] = mapped_column(Date)
    vertrouwelijkheid: Mapped[str] = mapped_column(String(20), default=STANDAARD_VERTROUWELIJKHEID)
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    casus: Mapped[Casus | None] = relationship()
    signaal: Mapped[Signaal | None] = relationship()
    aangemaakt_door: Mapped[Gebruiker | None] = relationship()
    versies: Mapped[list[Documentversie]] = relationship(
        back_populates="document", order_by="Documentversie.versie"
    )

    @property
    def laatste_versie(self) -> Documentversie | None:
        return self.versies[-1] if self.versies else None

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.soort}>"


class Documentversie(Base):
    __tablename__ = "documentversie"
    __table_args__ = (
        UniqueConstraint("document_id", "versie"),
        CheckConstraint("versie >= 1", name="versie_positief"),
        CheckConstraint("grootte > 0", name="grootte_positief"),
        CheckConstraint("length(sha256) = 64", name="sha256_lengte"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    versie: Mapped[int] = mapped_column(Integer)
    # the sanitised name offered on download (casus.documenten.controle)
    bestandsnaam: Mapped[str] = mapped_column(String(MAX_BESTANDSNAAM))
    # the type read from the content, served as Content-Type
    mediatype: Mapped[str] = mapped_column(String(200))
    grootte: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    # the random key the storage holds the content under
    opslag_sleutel: Mapped[str] = mapped_column(String(200), unique=True)
    geupload_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    toelichting: Mapped[str | None] = mapped_column(String(MAX_TOELICHTING))

    document: Mapped[Document] = relationship(back_populates="versies")
    gebruiker: Mapped[Gebruiker | None] = relationship()

    def __repr__(self) -> str:
        return f"<Documentversie {self.document_id}#{self.versie}>"
