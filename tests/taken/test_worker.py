"""The worker for real: Huey's consumer in a thread, and ``flask --app casus worker`` as a
process, on the test database (SQLite or PostgreSQL), over a queue in a SQLite file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from casus.extensions import db
from casus.taken.services import plan_taak
from casus.taken.wachtrij import Wachtrij, wachtrij
from casus.werkeenheid import schrijffase
from tests.hulp import taken as soorten
from tests.hulp.taken import vers

WACHTEN_S = 30.0


def wacht_tot(klaar: Callable[[], bool], waarop: str) -> None:
    einde = time.monotonic() + WACHTEN_S
    while time.monotonic() < einde:
        if klaar():
            return
        time.sleep(0.1)
    raise AssertionError(f"na {WACHTEN_S} s nog niet: {waarop}")


@pytest.fixture
def bestandsrij(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Wachtrij:
    """The queue in a SQLite file, which a worker in another process can read too."""
    monkeypatch.setitem(app.config, "TAKEN_OPSLAG", str(tmp_path / "wachtrij.sqlite"))
    return wachtrij(app)


@pytest.fixture(params=["bestand", "redis"])
def consumer(
    request: pytest.FixtureRequest, app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Huey's consumer with two worker threads and the scheduler, over a SQLite file or
    Redis (TEST_REDIS_URL, a database of this test run's own), stopped after the test
    (before the database is emptied)."""
    if request.param == "redis":
        opslag = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    else:
        opslag = str(tmp_path / "wachtrij.sqlite")
    monkeypatch.setitem(app.config, "TAKEN_OPSLAG", opslag)
    rij = wachtrij(app)
    rij.huey.flush()
    c = rij.consumer(2, signalen=False)
    c.start()
    yield
    c.stop(graceful=True)
    rij.huey.flush()


@pytest.mark.usefixtures("consumer")
def test_a_real_consumer_runs_a_committed_job_once_and_retries_a_failing_one(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "TAKEN_BACKOFF_SECONDEN", 0)
    soorten.WANKEL["fouten"] = 2
    # writes take SQLite's write lock at once, as a request's do: beside a worker that
    # writes, a read transaction cannot become a write one
    with schrijffase():
        teller = plan_taak("test_tel", {"naam": "echt"}, sleutel="echt")
        wankel = plan_taak("test_wankel")
        db.session.commit()
        plan_taak("test_tel", {"naam": "terug"})
        db.session.rollback()
    wacht_tot(lambda: vers(teller.id).status == "gelukt", "de telling is gedaan")
    wacht_tot(lambda: vers(wankel.id).status == "gelukt", "de wankele taak is gelukt")
    assert vers(wankel.id).pogingen == 3
    time.sleep(0.5)  # time for a stray second run
    assert soorten.GETELD == {"echt": 1}


@pytest.fixture
def worker(app: Flask, bestandsrij: Wachtrij, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    omgeving = {
        **os.environ,
        "CASUS_OMGEVING": "test",
        "TEST_DATABASE_URL": str(app.config["SQLALCHEMY_DATABASE_URI"]),
        "TEST_TAKEN_OPSLAG": bestandsrij.opslag,
        "PYTHONUNBUFFERED": "1",
    }
    proces = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "casus", "worker", "--werkers", "2"],
        env=omgeving,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield proces
    if proces.poll() is None:
        proces.kill()
        proces.communicate(timeout=30)


@pytest.mark.parametrize("sein", [signal.SIGINT, signal.SIGTERM])
def test_flask_worker_runs_a_committed_job_and_stops_on_a_signal(
    worker: subprocess.Popen[str], sein: signal.Signals
) -> None:
    with schrijffase():
        taak = plan_taak("controle", sleutel="controle:test")
        db.session.commit()
    wacht_tot(lambda: vers(taak.id).status == "gelukt", "de worker heeft de controle gedaan")
    assert vers(taak.id).pogingen == 1
    worker.send_signal(sein)
    uitvoer, _ = worker.communicate(timeout=30)
    assert worker.returncode == 0, uitvoer
    assert "Worker gestart met 2 werker(s)" in uitvoer
    assert "Worker gestopt." in uitvoer
