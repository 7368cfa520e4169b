"""Verifying the hash chain of the verwerkingenlog: the sealed rows in the order of their
place (``volgnummer``), each linked to the one before and hashed over its content."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from casus.audit.models import BEGIN_HASH, AuditRecord
from casus.extensions import db


@dataclass(frozen=True)
class Breuk:
    volgnummer: int  # the place in the chain where it breaks
    reden: str

    def __str__(self) -> str:
        return f"record {self.volgnummer}: {self.reden}"


def controleer_keten(batch: int = 1000) -> tuple[int, Breuk | None]:
    """(sealed records checked, the first break or None). Reads in chain order, in batches.
    Rows not sealed yet are not part of the chain (``casus.audit.zegel``)."""
    vorige_nummer, vorige_hash, geteld = 0, BEGIN_HASH, 0
    while True:
        rijen = db.session.scalars(
            select(AuditRecord)
            .where(AuditRecord.volgnummer > vorige_nummer)
            .order_by(AuditRecord.volgnummer)
            .limit(batch)
        ).all()
        if not rijen:
            return geteld, None
        for r in rijen:
            breuk = _breuk(r, vorige_nummer, vorige_hash)
            if breuk is not None:
                return geteld, breuk
            assert r.volgnummer is not None
            assert r.hash is not None
            vorige_nummer, vorige_hash, geteld = r.volgnummer, r.hash, geteld + 1
        db.session.expunge_all()


def _breuk(r: AuditRecord, vorige_nummer: int, vorige_hash: str) -> Breuk | None:
    nummer = r.volgnummer or 0
    if nummer != vorige_nummer + 1:
        return Breuk(
            nummer,
            f"de records {vorige_nummer + 1} tot en met {nummer - 1} ontbreken (verwijderd)",
        )
    if r.vorige_hash != vorige_hash:
        return Breuk(
            nummer,
            "de verwijzing naar het vorige record klopt niet "
            f"(record {vorige_nummer} is gewijzigd of vervangen)",
        )
    if r.hash != r.bereken_hash():
        return Breuk(nummer, "de inhoud is gewijzigd (hash klopt niet)")
    return None
