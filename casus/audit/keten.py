"""Verifying the hash chain of the verwerkingenlog."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from casus.audit.models import BEGIN_HASH, AuditRecord
from casus.extensions import db


@dataclass(frozen=True)
class Breuk:
    record_id: int
    reden: str

    def __str__(self) -> str:
        return f"record {self.record_id}: {self.reden}"


def controleer_keten(batch: int = 1000) -> tuple[int, Breuk | None]:
    """(records checked, the first break or None). Reads in id order, in batches."""
    vorige_id, vorige_hash, geteld = 0, BEGIN_HASH, 0
    while True:
        rijen = db.session.scalars(
            select(AuditRecord)
            .where(AuditRecord.id > vorige_id)
            .order_by(AuditRecord.id)
            .limit(batch)
        ).all()
        if not rijen:
            return geteld, None
        for r in rijen:
            breuk = _breuk(r, vorige_id, vorige_hash)
            if breuk is not None:
                return geteld, breuk
            vorige_id, vorige_hash, geteld = r.id, r.hash, geteld + 1
        db.session.expunge_all()


def _breuk(r: AuditRecord, vorige_id: int, vorige_hash: str) -> Breuk | None:
    if r.id != vorige_id + 1:
        return Breuk(
            r.id, f"de records {vorige_id + 1} tot en met {r.id - 1} ontbreken (verwijderd)"
        )
    if r.vorige_hash != vorige_hash:
        return Breuk(
            r.id,
            "de verwijzing naar het vorige record klopt niet "
            f"(record {vorige_id} is gewijzigd of vervangen)",
        )
    if r.hash != r.bereken_hash():
        return Breuk(r.id, "de inhoud is gewijzigd (hash klopt niet)")
    return None
