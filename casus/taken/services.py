"""Plan, run and retry background jobs; the outbox that puts them on the queue.

``plan_taak`` adds a ``Taak`` row in the caller's transaction and notes its id on the
session; the session's events put a message on Huey's queue (``casus.taken.wachtrij``)
only when the outermost transaction commits, and forget it when the transaction or the
savepoint it was planned in rolls back. A message lost after the commit (the process
died, Redis was down) is found by ``nalopen``, which the worker runs every minute.

``voer_taak_uit`` claims the row (``wachtend`` -> ``bezig``, one UPDATE, committed), so a
second message for the same job does nothing; runs the kind's function; and commits its
work with the status ``gelukt``. A failure rolls the work back and commits the attempt:
again ``wachtend`` after a backoff (``TAKEN_BACKOFF_SECONDEN`` doubled per attempt), or
``mislukt`` after ``TAKEN_MAX_POGINGEN`` attempts, when the beheerders are notified.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

from flask import current_app, has_app_context
from sqlalchemy import CursorResult, Select, and_, event, func, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, SessionTransaction

from casus.audit import log_actie
from casus.audit.services import log_weigering
from casus.db import hoort_bij, lopende_transactie
from casus.errors import Conflict, DomeinFout, Ongeldig
from casus.extensions import db
from casus.klok import nu, vandaag
from casus.taken import BEZIG, GELUKT, MISLUKT, WACHTEND
from casus.taken.models import MAX_SLEUTEL, MAX_UITKOMST, Taak
from casus.toegang.actor import Actor
from casus.toegang.queries import houders_van_rol
from workflows.codes import ROL_BEHEERDER, ROL_PRIVACY

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., str | None])

# a waiting job whose message should have run by now: how long the sweep waits for it
NALOOP_MARGE = timedelta(seconds=60)
NALOOP_MAX = 500  # messages per sweep; the next sweep takes the rest
MAX_FOUT = 1000


class Taakfout(Exception):
    """A job's failure in Dutch for the beheerder. ``opnieuw=False``: another attempt
    would fail the same way (a broken audit chain), so the job fails at once."""

    def __init__(self, bericht: str, *, opnieuw: bool = True) -> None:
        super().__init__(bericht)
        self.bericht = bericht
        self.opnieuw = opnieuw


@dataclass(frozen=True)
class Taaksoort:
    naam: str
    functie: Callable[..., str | None]
    label: str  # what the beheerder reads
    # the notification when it finally fails; the privacy officers hear it too
    melding: str = "taak_mislukt"
    ook_privacy: bool = False
    # a periodic job is planned only when this holds (the BRP check: a BRP configured)
    voorwaarde: Callable[[], bool] | None = None


_SOORTEN: dict[str, Taaksoort] = {}


def taaksoort(
    naam: str,
    *,
    label: str,
    melding: str = "taak_mislukt",
    ook_privacy: bool = False,
    voorwaarde: Callable[[], bool] | None = None,
) -> Callable[[F], F]:
    """Register ``f(**argumenten) -> str | None`` as the job kind ``naam``; what it
    returns (counts, no personal data) is shown to the beheerder. It runs in an
    application context; its changes are committed with the job's status (it may
    commit itself too, e.g. per batch)."""

    def registreer(functie: F) -> F:
        _SOORTEN[naam] = Taaksoort(naam, functie, label, melding, ook_privacy, voorwaarde)
        return functie

    return registreer


def soorten() -> dict[str, Taaksoort]:
    """Every registered kind (the application's own: ``casus.taken.soorten``)."""
    import casus.taken.soorten  # noqa: F401  - registers the application's kinds

    return _SOORTEN


def soortlabel(soort: str) -> str:
    gevonden = soorten().get(soort)
    return gevonden.label if gevonden else soort


# -- planning ---------------------------------------------------------------------------


def plan_taak(
    soort: str, argumenten: dict[str, Any] | None = None, *, sleutel: str | None = None
) -> Taak:
    """Plan a job in the current transaction (flushed, not committed). It reaches the
    queue when the transaction commits; a rollback means it never runs. With a
    ``sleutel`` already planned (at any time, in any status): that job, nothing new."""
    if soort not in soorten():
        raise Ongeldig(f"Onbekende soort achtergrondtaak: {soort}.")
    if sleutel is not None and len(sleutel) > MAX_SLEUTEL:
        raise Ongeldig(f"De sleutel van een taak is hoogstens {MAX_SLEUTEL} tekens.")
    if sleutel is not None and (bestaand := _met_sleutel(sleutel)) is not None:
        return bestaand
    taak = Taak(soort=soort, argumenten=dict(argumenten or {}), sleutel=sleutel, status=WACHTEND)
    try:
        # a savepoint: a concurrent plan of the same key loses the race without
        # spoiling the caller's transaction
        with db.session.begin_nested():
            db.session.add(taak)
    except IntegrityError:
        if sleutel is None or (bestaand := _met_sleutel(sleutel)) is None:
            raise
        return bestaand
    _klaarzetten_na_commit(taak.id)
    return taak


def _met_sleutel(sleutel: str) -> Taak | None:
    return db.session.scalar(select(Taak).where(Taak.sleutel == sleutel))


def plan_periodiek(soort: str) -> Taak | None:
    """The periodic job ``soort`` for today, planned and committed (once per day: its
    key holds the date); None when its condition does not hold."""
    gevonden = soorten()[soort]
    if gevonden.voorwaarde is not None and not gevonden.voorwaarde():
        return None
    taak = plan_taak(soort, sleutel=f"{soort}:{vandaag().isoformat()}")
    db.session.commit()
    return taak


# -- the outbox: a message after the commit -------------------------------------------------

_KLAAR = "taken_klaarzetten"  # session.info: [(taak_id, transaction it was planned in)]
_UITGESTELD = "taken_uitgesteld"  # session.info: [(taak_id, seconds to wait)]


@dataclass(frozen=True)
class _Gepland:
    taak_id: int
    transactie: SessionTransaction | None
    wacht: float = 0.0


def _klaarzetten_na_commit(taak_id: int, wacht: float = 0.0) -> None:
    sessie = db.session()
    sessie.info.setdefault(_KLAAR, []).append(_Gepland(taak_id, lopende_transactie(sessie), wacht))


@event.listens_for(Session, "after_soft_rollback")
def _na_terugdraaien(sessie: Session, vorige: SessionTransaction) -> None:
    """A transaction or savepoint rolled back: the jobs planned in it never run."""
    if sessie.info.get(_KLAAR):
        sessie.info[_KLAAR] = [
            g for g in sessie.info[_KLAAR] if not hoort_bij(g.transactie, vorige)
        ]


@event.listens_for(Session, "after_transaction_end")
def _na_einde(sessie: Session, transactie: SessionTransaction) -> None:
    """The outermost transaction ended: after a commit its jobs are on the queue
    already (``_na_commit`` runs first); without one (closed while open) they never
    run."""
    if transactie.parent is None:
        sessie.info.pop(_KLAAR, None)


@event.listens_for(Session, "after_commit")
def _na_commit(sessie: Session) -> None:
    """The outermost transaction committed: its planned jobs go on the queue. A failure
    here is logged, never raised (the rows are committed; ``nalopen`` sends them)."""
    if sessie.in_nested_transaction():
        return
    gepland: list[_Gepland] = sessie.info.pop(_KLAAR, [])
    if not gepland:
        return
    if not has_app_context():  # pragma: no cover - every session of ours has one
        log.warning("taken %s niet klaargezet: geen applicatie", [g.taak_id for g in gepland])
        return
    from casus.taken.wachtrij import wachtrij

    try:
        rij = wachtrij()
        for g in gepland:
            if g.wacht > 0:
                rij.voer_uit.schedule(args=(g.taak_id,), delay=g.wacht)
            else:
                rij.zet_klaar(g.taak_id)
    except Exception:
        log.exception("taken %s niet klaargezet; nalopen zet ze later klaar", gepland)


def nalopen(*, op: datetime | None = None) -> int:
    """Put every waiting job that is due and has had no run on the queue again (a lost
    message, a retry after its backoff); committed. How many. A job is due when its
    next attempt's moment (or, without one, its planning) is ``NALOOP_MARGE`` past: its
    own message had its chance; each is marked so the next sweep waits a margin again."""
    moment = op or nu()
    _herstel_vastgelopen(moment)
    grens = moment - NALOOP_MARGE
    ids = list(
        db.session.scalars(
            select(Taak.id)
            .where(
                Taak.status == WACHTEND,
                or_(
                    Taak.volgende_poging_op <= grens,
                    and_(Taak.volgende_poging_op.is_(None), Taak.aangemaakt_op <= grens),
                ),
            )
            .order_by(Taak.id)
            .limit(NALOOP_MAX)
        )
    )
    if not ids:
        db.session.rollback()
        return 0
    db.session.execute(
        update(Taak).where(Taak.id.in_(ids)).values(volgende_poging_op=moment),
        execution_options={"synchronize_session": False},
    )
    for taak_id in ids:
        _klaarzetten_na_commit(taak_id)
    db.session.commit()
    return len(ids)


def _herstel_vastgelopen(moment: datetime) -> None:
    """A job ``bezig`` for longer than TAKEN_VASTGELOPEN_MINUTEN lost its worker (a crash,
    a hard kill): that attempt counts as failed, so the job is retried after its backoff
    or, after the last attempt, shown as failed to the beheerders. Jobs are idempotent,
    so a retry of one that did finish its work does no harm; the margin is long enough
    for any job of ours to finish (committed per job)."""
    minuten = int(current_app.config["TAKEN_VASTGELOPEN_MINUTEN"])
    grens = moment - timedelta(minutes=minuten)
    ids = list(
        db.session.scalars(
            select(Taak.id)
            .where(Taak.status == BEZIG, Taak.gestart_op <= grens)
            .order_by(Taak.id)
            .limit(NALOOP_MAX)
        )
    )
    db.session.rollback()
    fout = Taakfout(
        f"De worker stopte tijdens deze taak (langer dan {minuten} minuten bezig zonder "
        "einde, bijvoorbeeld na een crash); de poging telt als mislukt.",
        opnieuw=True,
    )
    for taak_id in ids:
        # claimed back with the same condition, so a worker that finished it just now wins
        geclaimd = cast(
            "CursorResult[Any]",
            db.session.execute(
                update(Taak)
                .where(Taak.id == taak_id, Taak.status == BEZIG, Taak.gestart_op <= grens)
                .values(status=WACHTEND),
                execution_options={"synchronize_session": False},
            ),
        )
        if geclaimd.rowcount == 1:
            taak = _vers(taak_id)
            log.warning("taak %s (%s) vastgelopen: poging telt als mislukt", taak_id, taak.soort)
            _mislukt(taak_id, fout, soorten().get(taak.soort))
        else:
            db.session.rollback()


# -- running ------------------------------------------------------------------------------


def voer_taak_uit(taak_id: int) -> str | None:
    """Run the job ``taak_id`` once if it is waiting (else nothing: another worker has
    it, or it is done). Every attempt is committed; returns the status it ended in, or
    None when it was not this call's to run."""
    db.session.rollback()
    geclaimd = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(Taak)
            .where(Taak.id == taak_id, Taak.status == WACHTEND)
            .values(status=BEZIG, pogingen=Taak.pogingen + 1, gestart_op=nu(), klaar_op=None),
            execution_options={"synchronize_session": False},
        ),
    )
    db.session.commit()
    if geclaimd.rowcount != 1:
        return None
    taak = _vers(taak_id)
    soortnaam, poging = taak.soort, taak.pogingen
    soort = soorten().get(soortnaam)
    try:
        if soort is None:
            raise Taakfout(f"Onbekende soort taak: {soortnaam}.", opnieuw=False)
        uitkomst = soort.functie(**(taak.argumenten or {}))
        taak = _vers(taak_id)
        taak.status, taak.klaar_op = GELUKT, nu()
        taak.volgende_poging_op = None
        taak.uitkomst = (uitkomst or "")[:MAX_UITKOMST] or None
        db.session.commit()
        return GELUKT
    except Exception as fout:
        db.session.rollback()
        log.exception("taak %s (%s) mislukt, poging %s", taak_id, soortnaam, poging)
        return _mislukt(taak_id, fout, soort)


def _vers(taak_id: int) -> Taak:
    """The row as the database has it now (never a stale copy of the identity map)."""
    taak = db.session.get(Taak, taak_id, populate_existing=True)
    assert taak is not None
    return taak


def _mislukt(taak_id: int, fout: Exception, soort: Taaksoort | None) -> str:
    taak = _vers(taak_id)
    taak.laatste_fout = beschrijf_fout(fout)
    maximum = max(1, int(current_app.config["TAKEN_MAX_POGINGEN"]))
    definitief = isinstance(fout, Taakfout) and not fout.opnieuw
    if definitief or taak.pogingen >= maximum:
        taak.status, taak.klaar_op, taak.volgende_poging_op = MISLUKT, nu(), None
        _meld(taak, soort)
    else:
        wacht = backoff(taak.pogingen)
        taak.status, taak.volgende_poging_op = WACHTEND, nu() + timedelta(seconds=wacht)
        _klaarzetten_na_commit(taak.id, wacht)
    db.session.commit()
    return taak.status


def backoff(pogingen: int) -> float:
    """Seconds before the next attempt after ``pogingen`` attempts: the setting, doubled
    after each further failure (60, 120, 240, ...)."""
    basis = float(current_app.config["TAKEN_BACKOFF_SECONDEN"])
    return basis * float(2 ** max(0, pogingen - 1))


def beschrijf_fout(fout: BaseException) -> str:
    """The failure in Dutch for the beheerder. Our own messages as they are; a network
    or file error with the system's words; any other error by its kind only, since its
    text may quote data (an SQL statement's parameters): the details are in the log."""
    if isinstance(fout, Taakfout | DomeinFout):
        tekst = fout.bericht
    elif isinstance(fout, SQLAlchemyError):
        tekst = f"Databasefout ({type(fout).__name__}); de details staan in het applicatielog."
    elif isinstance(fout, OSError):
        tekst = f"Verbinding of bestand mislukt: {fout.strerror or fout}."
    else:
        tekst = f"Onverwachte fout ({type(fout).__name__}); de details staan in het applicatielog."
    return tekst[:MAX_FOUT]


def _meld(taak: Taak, soort: Taaksoort | None) -> None:
    """Tell the beheerders (and, for some kinds, the privacy officers) that ``taak``
    failed for good. In a savepoint: a failing notification never hides the status."""
    label = soort.label if soort else taak.soort
    melding = soort.melding if soort else "taak_mislukt"
    tekst = f"{label}: mislukt na {taak.pogingen} poging(en). {taak.laatste_fout or ''}"
    sleutel = f"taak:{taak.id}:{taak.klaar_op.isoformat() if taak.klaar_op else ''}"
    try:
        from casus.notificaties.services import notificeer, relatieve_link

        with db.session.begin_nested():
            notificeer(
                melding,
                ontvangers=ontvangers(ROL_BEHEERDER),
                tekst=tekst.strip()[:300],
                link=relatieve_link("taken.lijst") + f"#taak-{taak.id}",
                sleutel=sleutel,
            )
            if soort is not None and soort.ook_privacy:
                notificeer(
                    melding,
                    ontvangers=ontvangers(ROL_PRIVACY),
                    tekst=tekst.strip()[:300],
                    link=relatieve_link("audit.overzicht"),
                    sleutel=sleutel,
                )
    except Exception:
        log.exception("melding over mislukte taak %s niet gemaakt", taak.id)


def ontvangers(*rollen: str) -> list[int]:
    """Ids of the active users (no API client) holding one of the global ``rollen``."""
    return list(db.session.scalars(houders_van_rol(*rollen)))


# -- the beheerder ----------------------------------------------------------------------


def probeer_opnieuw(taak_id: int, *, door: Actor, herkomst: dict[str, str] | None = None) -> Taak:
    """Plan a failed job again from its first attempt (audit-logged, with ``herkomst``
    in the details: the command line's); it reaches the queue with the commit. The view
    and the command decide who may (the beheerder)."""
    taak = db.session.get(Taak, taak_id)
    if taak is None:
        raise Ongeldig("Deze taak bestaat niet.")
    if taak.status != MISLUKT:
        fout = Conflict("Deze taak is niet (meer) mislukt; ze wordt al opnieuw uitgevoerd.")
        # the refusal is logged too (kept after the rollback, as every refusal)
        log_weigering(
            "taak.opnieuw_gepland",
            fout,
            object_type="taak",
            object_id=taak.id,
            details={**(herkomst or {}), "soort": taak.soort},
            gebruiker=door,
        )
        raise fout
    taak.status, taak.pogingen = WACHTEND, 0
    taak.volgende_poging_op = taak.klaar_op = taak.gestart_op = None
    db.session.flush()
    log_actie(
        "taak.opnieuw_gepland",
        object_type="taak",
        object_id=taak.id,
        details={**(herkomst or {}), "soort": taak.soort},
        gebruiker=door,
    )
    _klaarzetten_na_commit(taak.id)
    return taak


def recente_taken() -> Select[tuple[Taak]]:
    """Every job, the newest first (paginated by the page)."""
    return select(Taak).order_by(Taak.aangemaakt_op.desc(), Taak.id.desc())


def mislukte_taken(limiet: int = 100) -> list[Taak]:
    return list(
        db.session.scalars(
            select(Taak)
            .where(Taak.status == MISLUKT)
            .order_by(Taak.klaar_op.desc(), Taak.id.desc())
            .limit(limiet)
        )
    )


def tellingen() -> dict[str, int]:
    """Jobs per status."""
    return {
        status: int(aantal)
        for status, aantal in db.session.execute(
            select(Taak.status, func.count()).group_by(Taak.status)
        )
    }


def taken_van(ids: Iterable[int]) -> list[Taak]:
    return list(db.session.scalars(select(Taak).where(Taak.id.in_(list(ids)))))
