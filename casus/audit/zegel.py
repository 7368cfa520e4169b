"""Sealing the verwerkingenlog, and its anchor outside the database.

Records are appended without a lock (``casus.audit.services``): every transaction of
every instance inserts its rows side by side. Sealing gives the committed, not yet
sealed rows their place in the chain, in the order of their ids: ``volgnummer`` one
after the last sealed row, ``vorige_hash`` the hash of that row, ``hash`` over the row's
content and that link. One sealer at a time (PostgreSQL: a transaction-level advisory
lock, tried, not waited for, after a request; SQLite: the write lock every write
transaction takes). A row of a transaction that rolled back was never visible and never
sealed: it leaves no hole in the chain, only an unused id.

The sealed head (the anchor: its volgnummer and hash) is written to the application log
and to the anchor file (``AUDIT_ANKER_BESTAND``), where the database's users cannot
change it: removing the newest rows, which leaves an intact but shorter chain, then no
longer goes unnoticed (``controleer_ankers``). See docs/audit.md.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select, text

from casus.audit.keten import Breuk
from casus.audit.models import BEGIN_HASH, AuditRecord
from casus.extensions import db
from casus.klok import nu
from casus.werkeenheid import schrijffase

log = logging.getLogger("casus.audit")

# any 64-bit number that is ours: the advisory lock of the one sealer at a time
ADVISORY_LOCK = 7_513_000_001
BATCH = 1000
ANKER_MERK = "auditanker"  # marks an anchor line in the application log


@dataclass(frozen=True)
class Anker:
    volgnummer: int
    hash: str
    tijdstip: str  # ISO 8601, UTC

    def regel(self) -> str:
        return json.dumps(
            {"volgnummer": self.volgnummer, "hash": self.hash, "tijdstip": self.tijdstip},
            sort_keys=True,
        )


def verzegel(*, wachten: bool = False) -> int:
    """Seal every committed row that is not sealed yet, in the current transaction (the
    caller commits; on SQLite it must be a write transaction: ``schrijffase``). How many
    were sealed. On PostgreSQL, with ``wachten=False``, nothing is done (0) while another
    process is sealing: it seals these rows too, or the next one does."""
    sessie = db.session
    if sessie.get_bind().dialect.name == "postgresql":
        if wachten:
            sessie.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK})
        elif not sessie.execute(
            text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK}
        ).scalar():
            return 0
    kop = _kop()
    volgnummer, vorige = (kop.volgnummer, kop.hash) if kop else (0, BEGIN_HASH)
    verzegeld = 0
    while True:
        rijen = sessie.scalars(
            select(AuditRecord)
            .where(AuditRecord.volgnummer.is_(None))
            .order_by(AuditRecord.id)
            .limit(BATCH)
        ).all()
        for r in rijen:
            volgnummer += 1
            r.volgnummer, r.vorige_hash = volgnummer, vorige
            r.hash = vorige = r.bereken_hash()
        sessie.flush()
        verzegeld += len(rijen)
        if len(rijen) < BATCH:
            return verzegeld


def _kop() -> Anker | None:
    rij = db.session.execute(
        select(AuditRecord.volgnummer, AuditRecord.hash)
        .where(AuditRecord.volgnummer.is_not(None))
        .order_by(AuditRecord.volgnummer.desc())
        .limit(1)
    ).first()
    if rij is None or rij.volgnummer is None or rij.hash is None:
        return None
    return Anker(rij.volgnummer, rij.hash, nu().astimezone(UTC).isoformat(timespec="seconds"))


def onverzegeld() -> int:
    """Committed rows not sealed yet (their transaction committed after the last seal)."""
    return int(
        db.session.scalar(
            select(func.count()).select_from(AuditRecord).where(AuditRecord.volgnummer.is_(None))
        )
        or 0
    )


def veranker() -> Anker | None:
    """Write the sealed head to the application log and the anchor file (if any)."""
    anker = _kop()
    if anker is None:
        return None
    log.info("%s %s", ANKER_MERK, anker.regel())
    bestand = current_app.config.get("AUDIT_ANKER_BESTAND")
    if bestand:
        pad = Path(bestand)
        pad.parent.mkdir(parents=True, exist_ok=True)
        # one short line in append mode: whole, also with several processes appending
        with pad.open("a", encoding="utf-8") as f:
            f.write(anker.regel() + "\n")
    return anker


def verzegel_en_veranker() -> tuple[int, Anker | None]:
    """Seal everything (waiting for another sealer), commit, write the anchor. For the
    command line and the demo; outside a request."""
    with schrijffase():
        db.session.rollback()
        aantal = verzegel(wachten=True)
        db.session.commit()
        anker = veranker()
        db.session.rollback()
    return aantal, anker


class _Ritme:
    """When this process last sealed and anchored (monotonic seconds)."""

    def __init__(self) -> None:
        self.slot = threading.Lock()
        self.verzegeld = float("-inf")
        self.verankerd = float("-inf")


_RITME = _Ritme()


def verzegel_na_verzoek() -> None:
    """After a request whose audit rows are committed: seal when this process has not
    sealed for ``AUDIT_VERZEGEL_SECONDEN``, and anchor when the head moved and
    ``AUDIT_ANKER_SECONDEN`` passed. Never fails the request: its rows are committed,
    and a later seal takes them along."""
    config = current_app.config
    interval = float(config["AUDIT_VERZEGEL_SECONDEN"])
    moment = time.monotonic()
    with _RITME.slot:
        if interval < 0 or moment - _RITME.verzegeld < interval:
            return
        _RITME.verzegeld = moment
    try:
        with schrijffase():
            aantal = verzegel()
            db.session.commit()
            if aantal and moment - _RITME.verankerd >= float(config["AUDIT_ANKER_SECONDEN"]):
                with _RITME.slot:
                    _RITME.verankerd = moment
                veranker()
                db.session.rollback()
    except Exception:  # the request is done; its rows wait for the next seal
        db.session.rollback()
        log.warning(
            "verzegelen van het auditlog mislukt; het volgende verzoek probeert opnieuw",
            exc_info=True,
        )


def lees_ankers(pad: Path) -> list[Anker]:
    """The anchors in an anchor file, or in the application log (lines with
    ``auditanker {...}``). A line that is neither is an error: the file was changed."""
    ankers = []
    for nummer, regel in enumerate(pad.read_text(encoding="utf-8").splitlines(), start=1):
        if not regel.strip():
            continue
        tekst = regel.split(ANKER_MERK, 1)[1] if ANKER_MERK in regel else regel
        try:
            data = json.loads(tekst)
            ankers.append(Anker(int(data["volgnummer"]), str(data["hash"]), str(data["tijdstip"])))
        except (ValueError, KeyError, TypeError):
            raise ValueError(f"regel {nummer} van {pad} is geen anker") from None
    return ankers


def controleer_ankers(ankers: list[Anker], lengte: int) -> Breuk | None:
    """Whether the sealed chain of ``lengte`` rows holds every anchor: as long as the
    longest, and at each anchored place the anchored hash. The first breach or None."""
    if not ankers:
        return None
    langste = max(ankers, key=lambda a: a.volgnummer)
    if langste.volgnummer > lengte:
        return Breuk(
            lengte + 1,
            f"de records {lengte + 1} tot en met {langste.volgnummer} ontbreken: het anker "
            f"van {_leesbaar(langste.tijdstip)} noemt volgnummer {langste.volgnummer} "
            "(de nieuwste records zijn verwijderd)",
        )
    per_nummer: dict[int, set[str]] = {}
    for a in ankers:
        per_nummer.setdefault(a.volgnummer, set()).add(a.hash)
    nummers = sorted(per_nummer)
    for begin in range(0, len(nummers), BATCH):
        stuk = nummers[begin : begin + BATCH]
        hashes: dict[int | None, str | None] = {
            rij.volgnummer: rij.hash
            for rij in db.session.execute(
                select(AuditRecord.volgnummer, AuditRecord.hash).where(
                    AuditRecord.volgnummer.in_(stuk)
                )
            )
        }
        for n in stuk:
            if per_nummer[n] != {hashes.get(n)}:
                return Breuk(n, "wijkt af van het anker: het record is vervangen")
    return None


def _leesbaar(iso: str) -> str:
    from casus.templating import datum

    try:
        return datum(datetime.fromisoformat(iso))
    except ValueError:
        return iso
