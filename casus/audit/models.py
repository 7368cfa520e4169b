"""The verwerkingenlog (NEN 7513 style): one append-only row per logged action.

A row is appended without any lock (``casus.audit.services``) and sealed shortly after
its transaction committed (``casus.audit.zegel``): it then gets its place in the chain
(``volgnummer``), the hash of the row before it and the hash of its own content (a hash
chain), so an edited, inserted or deleted row is detected by
``flask --app casus audit controleer``; the sealed head written outside the database
(the anchor) catches a removed tail. The application only INSERTs rows and sets those
three columns once; on PostgreSQL a trigger (``casus.audit.rechten``) refuses every
other UPDATE and every DELETE. See docs/audit.md for the guarantee.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from casus.db import Base, UTCDateTime, check_in

UITKOMSTEN: dict[str, str] = {
    "ok": "Gelukt",
    "geweigerd": "Geweigerd",
    "mislukt": "Mislukt",
    "niet_gevonden": "Niet gevonden",
}
# hash of "no previous record"
BEGIN_HASH = "0" * 64


class AuditRecord(Base):
    __tablename__ = "audit_record"
    __table_args__ = (
        CheckConstraint(check_in("uitkomst", UITKOMSTEN), name="uitkomst"),
        Index("ix_audit_record_gebruiker_tijdstip", "gebruiker_id", "tijdstip"),
        Index("ix_audit_record_actie_tijdstip", "actie", "tijdstip"),
        # the rows still to seal: few, found without reading the log
        Index(
            "ix_audit_record_onverzegeld",
            "id",
            sqlite_where=text("volgnummer IS NULL"),
            postgresql_where=text("volgnummer IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tijdstip: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # no foreign keys: the log stands on its own and never blocks or follows other rows
    gebruiker_id: Mapped[int | None] = mapped_column(Integer)
    gebruikersnaam: Mapped[str] = mapped_column(String(80))
    actie: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(80))
    casus_id: Mapped[int | None] = mapped_column(Integer, index=True)
    persoon_id: Mapped[int | None] = mapped_column(Integer, index=True)
    aanpak: Mapped[str | None] = mapped_column(String(40))
    uitkomst: Mapped[str] = mapped_column(String(20))
    client_adres: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # set once, by the seal: the place in the chain and the two hashes (None before)
    volgnummer: Mapped[int | None] = mapped_column(Integer, unique=True)
    vorige_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    def inhoud(self) -> dict[str, Any]:
        """Every field except ``hash`` and ``volgnummer``, in a stable, JSON-ready form.
        (The place needs no hash of its own: moving a row breaks the links around it.)"""
        tijdstip = self.tijdstip.astimezone(UTC) if self.tijdstip else None
        return {
            "id": self.id,
            "tijdstip": tijdstip.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if tijdstip else None,
            "gebruiker_id": self.gebruiker_id,
            "gebruikersnaam": self.gebruikersnaam,
            "actie": self.actie,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "casus_id": self.casus_id,
            "persoon_id": self.persoon_id,
            "aanpak": self.aanpak,
            "uitkomst": self.uitkomst,
            "client_adres": self.client_adres,
            "details": self.details,
            "vorige_hash": self.vorige_hash,
        }

    def bereken_hash(self) -> str:
        tekst = json.dumps(self.inhoud(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(tekst.encode("ascii")).hexdigest()

    def __repr__(self) -> str:
        return f"<AuditRecord {self.id} {self.actie} {self.uitkomst}>"
