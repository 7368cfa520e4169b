"""Huey: the queue of job messages and the periodic schedule, one per application.

The storage comes from ``TAKEN_OPSLAG``: empty, a SQLite file in the instance folder
named after the database; ``redis://...`` (or ``rediss://``), a Redis server, which
several workers on several machines can share; a path (or ``sqlite:///path``), that
SQLite file; ``geheugen``, the process's memory (tests only: no other process sees it).
The queue's name carries a digest of the database URL, so two databases (the demo and
a copy, production and acceptance on one Redis) never share a queue.

A message only names a ``Taak`` row; the row says what to do (``services``). Every
periodic entry of ``ROOSTER`` plans its job with the date in its key, so two workers'
schedulers plan it once.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer
from sqlalchemy.engine import make_url

from casus.klok import TIJDZONE

log = logging.getLogger(__name__)

GEHEUGEN = "geheugen"


@dataclass(frozen=True)
class Periodiek:
    """A periodic job: its kind, when (Huey's crontab, in Dutch local time) and that
    moment in words for the beheerder."""

    soort: str
    wanneer: dict[str, str]
    omschrijving: str


# the periodic jobs (docs/taken.md); day_of_week: 0 Sunday ... 6 Saturday
ROOSTER: tuple[Periodiek, ...] = (
    Periodiek("controle", {"minute": "30", "hour": "2"}, "Elke nacht om 02.30 uur"),
    Periodiek("termijnen", {"minute": "0", "hour": "6"}, "Elke dag om 06.00 uur"),
    Periodiek("digests", {"minute": "0", "hour": "7"}, "Elke dag om 07.00 uur"),
    Periodiek(
        "bewaartermijn_proef",
        {"minute": "0", "hour": "5", "day_of_week": "1"},
        "Elke maandag om 05.00 uur",
    ),
    Periodiek(
        "brp_controle",
        {"minute": "0", "hour": "4", "day_of_week": "6"},
        "Elke zaterdag om 04.00 uur, alleen als de BRP is ingesteld",
    ),
)
NALOPEN_OMSCHRIJVING = "Elke minuut"


@dataclass(frozen=True)
class Wachtrij:
    """One application's Huey and its tasks."""

    opslag: str
    huey: Any
    voer_uit: Any  # Huey's task: voer_uit(taak_id) puts a message on the queue

    def zet_klaar(self, taak_id: int) -> None:
        """Put a message for the job ``taak_id`` on the queue."""
        self.voer_uit(taak_id)

    def consumer(self, werkers: int = 1, *, signalen: bool = True) -> Consumer:
        """A consumer with ``werkers`` threads and the periodic scheduler. Without
        ``signalen`` it leaves the process's signal handlers alone (the demo, a test:
        it runs beside a server or the tests, in a thread)."""
        soort = _Consumer if signalen else _StilleConsumer
        return soort(
            self.huey,
            workers=werkers,
            periodic=True,
            worker_type="thread",
            check_worker_health=True,
            # look for work every 0.1 s at first, at most every second when idle
            initial_delay=0.1,
            max_delay=1.0,
        )


class _Consumer(Consumer):  # type: ignore[misc]
    def _handle_stop_signal(self, sig_num: int, frame: object) -> None:
        # SIGTERM (systemd's stop) ends like Ctrl+C: the running jobs finish first, so
        # no job stays "bezig" because the process went away under it
        super()._handle_stop_signal(sig_num, frame)
        self._graceful = True


class _StilleConsumer(Consumer):  # type: ignore[misc]
    def _set_signal_handlers(self) -> None:
        pass


def wachtrij(app: Flask | None = None) -> Wachtrij:
    """The application's queue, made at first use (and again when ``TAKEN_OPSLAG``
    changed, which only a test does)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    opslag = str(app.config.get("TAKEN_OPSLAG") or "")
    huidig: Wachtrij | None = app.extensions.get("taken")
    if huidig is None or huidig.opslag != opslag:
        huidig = _maak(app, opslag)
        app.extensions["taken"] = huidig
    return huidig


def _databasenaam(app: Flask) -> tuple[str, str]:
    """(the database's short name, a digest of its URL without password)."""
    url = make_url(str(app.config["SQLALCHEMY_DATABASE_URI"]))
    naam = Path(url.database or GEHEUGEN).stem or GEHEUGEN
    sleutel = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()
    return naam, sleutel[:8]


def huey_voor(app: Flask, opslag: str) -> Any:
    """The Huey instance for ``opslag`` (see the module's docstring)."""
    naam, sleutel = _databasenaam(app)
    rij = f"casus-{naam}-{sleutel}"
    if opslag == GEHEUGEN:
        return MemoryHuey(rij, results=False)
    if opslag.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(rij, results=False, url=opslag)
    if opslag.startswith("sqlite:///"):
        bestand = Path(opslag.removeprefix("sqlite:///"))
    elif opslag:
        bestand = Path(opslag)
    else:
        bestand = Path(app.instance_path) / f"taken-{naam}-{sleutel}.sqlite"
    bestand.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(rij, results=False, filename=str(bestand))


def _in_nederland(wanneer: dict[str, str]) -> Callable[[datetime], bool]:
    """Huey's crontab on Dutch local time: Huey hands it naive UTC moments."""
    test = crontab(**wanneer)

    def binnen(moment: datetime) -> bool:
        lokaal = moment.replace(tzinfo=UTC).astimezone(TIJDZONE).replace(tzinfo=None)
        return bool(test(lokaal))

    return binnen


def _maak(app: Flask, opslag: str) -> Wachtrij:
    from casus.taken import services
    from casus.werkeenheid import schrijffase

    huey = huey_voor(app, opslag)

    def voer_uit(taak_id: int) -> None:
        # a job may write: on SQLite each of its transactions takes the write lock at
        # its start (BEGIN IMMEDIATE), or a read followed by a write could find its
        # snapshot stale ("database is locked") when a request wrote in between
        with app.app_context(), schrijffase():
            services.voer_taak_uit(taak_id)

    taak = huey.task(name="voer_uit")(voer_uit)

    def nalopen() -> None:
        with app.app_context(), schrijffase():
            services.nalopen()

    huey.periodic_task(crontab(), name="nalopen")(nalopen)
    for periodiek in ROOSTER:
        huey.periodic_task(_in_nederland(periodiek.wanneer), name=f"plan_{periodiek.soort}")(
            _planner(app, periodiek.soort)
        )
    return Wachtrij(opslag, huey, taak)


def _planner(app: Flask, soort: str) -> Callable[[], None]:
    def plan() -> None:
        from casus.taken import services
        from casus.werkeenheid import schrijffase

        with app.app_context(), schrijffase():
            services.plan_periodiek(soort)

    return plan
