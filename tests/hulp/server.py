"""One real HTTP server and one minimal browser, shared by the tests and the benchmarks.

``gunicorn(...)`` starts ``gunicorn 'casus:create_app()'`` as a subprocess on a free
port of 127.0.0.1, with CSRF protection on (development configuration with a fixed
SECRET_KEY) and MFA off, against the given database. ``Browser`` is one user's cookie
jar over ``http.client``: it never follows redirects, so a caller sees the 302 itself,
and it reads the forms of a page (hidden fields, CSRF token, idempotency token,
version) the way a browser would submit them; ``inloggen`` logs in through the real
form.

This module does not import pytest: the benchmarks run without it. A server that does
not start raises ``ServerFout``, which fails a test like any other exception.
"""

from __future__ import annotations

import html
import http.client
import importlib.util
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from tests.hulp.formulieren import Formulier, formulieren

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
CONFLICT = "Deze casus is intussen door iemand anders gewijzigd"
SLEUTEL = "betrouwbaarheid-test-sleutel-niet-voor-productie"
OPSTARTEN_S = 60.0  # how long gunicorn may take to answer its first request


class ServerFout(RuntimeError):
    """gunicorn is missing, stopped, or did not become reachable."""


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def cpu_van_kinderen(pid: int) -> float:
    """CPU seconds (user + system) used so far by the child processes of ``pid``
    (the gunicorn workers of the arbiter ``pid``), read from /proc."""
    tik = os.sysconf("SC_CLK_TCK")
    totaal = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            velden = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(velden[1]) == pid:  # field 4, ppid
            totaal += int(velden[11]) + int(velden[12])  # fields 14, 15: utime, stime
    return totaal / tik


@dataclass
class Server:
    adres: str
    log: Path
    toegang: Path | None = None  # the access log: "pid method path status" per request
    pid: int = 0  # the gunicorn arbiter

    @property
    def poort(self) -> int:
        return int(self.adres.rsplit(":", 1)[1])

    def logtekst(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def toegangsregels(self) -> list[tuple[int, str, str, int]]:
        """(worker pid, method, path, status) per request, in the order served."""
        if self.toegang is None:
            raise ServerFout("gunicorn draait zonder toegangslog (toegangslog=False)")
        regels = []
        for regel in self.toegang.read_text(errors="replace").splitlines():
            pid, methode, pad, status = regel.split(" ", 3)
            regels.append((int(pid.strip("<>")), methode, pad, int(status)))
        return regels

    def cpu_workers(self) -> float:
        """CPU seconds used so far by the workers."""
        return cpu_van_kinderen(self.pid)


@contextmanager
def gunicorn(
    database_url: str,
    logmap: Path,
    *,
    workers: int = 2,
    threads: int = 1,
    toegangslog: bool = True,
    sleutel: str = SLEUTEL,
    omgeving: Mapping[str, str] | None = None,
) -> Iterator[Server]:
    """Run the application under gunicorn until the block ends; its log (and access log,
    unless ``toegangslog`` is off: it costs worker time under load) go into ``logmap``."""
    if importlib.util.find_spec("gunicorn") is None:
        raise ServerFout("gunicorn ontbreekt: pip install -e '.[test]'")
    logmap.mkdir(parents=True, exist_ok=True)
    server = Server(
        f"{HOST}:{vrije_poort()}",
        logmap / "gunicorn.log",
        logmap / "toegang.log" if toegangslog else None,
    )
    env = {
        **os.environ,
        "CASUS_OMGEVING": "development",
        "SECRET_KEY": sleutel,
        "DATABASE_URL": database_url,
        "MFA_VERPLICHT": "0",
        "INLOG_TELLER": "database",
        "SESSION_COOKIE_SECURE": "0",
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(ROOT),
        **(omgeving or {}),
    }
    opdracht = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        server.adres,
        "--chdir",
        str(ROOT),
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
    ]
    if server.toegang is not None:
        opdracht += [
            "--access-logfile",
            str(server.toegang),
            "--access-logformat",
            "%(p)s %(m)s %(U)s %(s)s",
        ]
    opdracht.append("casus:create_app()")
    with server.log.open("wb") as log:
        proces = subprocess.Popen(  # noqa: S603 - fixed argv
            opdracht,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server.pid = proces.pid
        try:
            wacht_tot_bereikbaar(server.adres, lambda: proces.poll() is None, server.logtekst)
            yield server
        finally:
            proces.terminate()
            try:
                proces.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proces.kill()
                proces.wait(timeout=5)


def wacht_tot_bereikbaar(
    adres: str,
    leeft: Callable[[], bool],
    logtekst: Callable[[], str],
    stap: float = 0.1,
    seconden: float = OPSTARTEN_S,
) -> None:
    """Until the gunicorn at ``adres`` answers its log-in page; ServerFout (with the end
    of its log) when it stopped or did not answer within ``seconden``."""
    grens = time.monotonic() + seconden
    while time.monotonic() < grens:
        if not leeft():
            raise ServerFout(f"gunicorn stopte meteen:\n{logtekst()[-3000:]}")
        try:
            if Browser(adres).get("/inloggen").status == 200:
                return
        except OSError:
            pass
        time.sleep(stap)
    raise ServerFout(f"gunicorn werd niet bereikbaar:\n{logtekst()[-3000:]}")


@dataclass
class Antwoord:
    status: int
    headers: dict[str, str]
    tekst: str

    @property
    def locatie(self) -> str:
        return self.headers.get("location", "")


class Browser:
    """One user's cookies over plain HTTP/1.1; thread-safe, never follows redirects."""

    def __init__(self, adres: str) -> None:
        self.host, poort = adres.rsplit(":", 1)
        self.poort = int(poort)
        self.cookies: dict[str, str] = {}
        self._slot = threading.Lock()

    def cookie_kop(self) -> str:
        """The Cookie header this browser sends (for a load generator of its own)."""
        with self._slot:
            return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def verzoek(self, methode: str, pad: str, data: dict[str, Any] | None = None) -> Antwoord:
        headers = {"Host": f"{self.host}:{self.poort}"}
        if koekjes := self.cookie_kop():
            headers["Cookie"] = koekjes
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        verbinding = http.client.HTTPConnection(self.host, self.poort, timeout=60)
        try:
            verbinding.request(methode, pad, body=body, headers=headers)
            antwoord = verbinding.getresponse()
            tekst = antwoord.read().decode("utf-8", errors="replace")
            self._bewaar(antwoord.msg.get_all("Set-Cookie") or [])
            kop = {k.lower(): v for k, v in antwoord.getheaders()}
            return Antwoord(antwoord.status, kop, tekst)
        finally:
            verbinding.close()

    def _bewaar(self, set_cookies: list[str]) -> None:
        with self._slot:
            for regel in set_cookies:
                koek: SimpleCookie = SimpleCookie()
                koek.load(regel)
                for naam, morsel in koek.items():
                    verlopen = morsel["max-age"] == "0" or "1970" in morsel["expires"]
                    if verlopen or not morsel.value:
                        self.cookies.pop(naam, None)
                    else:
                        self.cookies[naam] = morsel.value

    def get(self, pad: str) -> Antwoord:
        return self.verzoek("GET", pad)

    def post(self, pad: str, data: dict[str, Any]) -> Antwoord:
        return self.verzoek("POST", pad, data)

    def formulier(self, pad: str, actie: str) -> Formulier:
        """The POST form of the page at ``pad`` that posts to ``actie``."""
        antwoord = self.get(pad)
        assert antwoord.status == 200, f"GET {pad}: {antwoord.status}"
        gevonden = [
            f
            for f in formulieren(antwoord.tekst, urlsplit(pad).path)
            if f.methode == "POST" and f.actie == actie
        ]
        assert gevonden, f"geen formulier naar {actie} op {pad}"
        return gevonden[0]

    def inloggen(self, gebruikersnaam: str, wachtwoord: str) -> None:
        """GET the log-in form (CSRF token, session cookie), POST it like a browser."""
        form = self.formulier("/inloggen", "/inloggen")
        antwoord = self.post(
            "/inloggen", form.gegevens(gebruikersnaam=gebruikersnaam, wachtwoord=wachtwoord)
        )
        assert antwoord.status == 302, (antwoord.status, melding(antwoord.tekst))
        assert urlsplit(antwoord.locatie).path == "/", antwoord.locatie


def melding(tekst: str) -> str:
    """The visible messages of a page (title, flash, form errors, error page), for asserts."""
    delen = (
        re.findall(r"<h1[^>]*>(.*?)</h1>", tekst, flags=re.S)
        + re.findall(
            r'<(?:p|div)[^>]*class="(?:melding|veld__fout)[^"]*"[^>]*>(.*?)</(?:p|div)>',
            tekst,
            flags=re.S,
        )
        + re.findall(r"<p>(Referentienummer.*?)</p>", tekst, flags=re.S)
    )
    schoon = (html.unescape(re.sub(r"<[^>]+>|\s+", " ", d)).strip() for d in delen)
    return " | ".join(d for d in schoon if d)[:800]


def tegelijk(verzoeken: list[tuple[Browser, str, dict[str, str]]]) -> list[Antwoord]:
    """POST every request from its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(verzoeken))
    antwoorden: list[Any] = [None] * len(verzoeken)

    def stuur(i: int, browser: Browser, actie: str, velden: dict[str, str]) -> None:
        barrier.wait(timeout=10)
        try:
            antwoorden[i] = browser.post(actie, velden)
        except OSError as fout:  # reported by the caller's assertions
            antwoorden[i] = Antwoord(0, {}, f"{type(fout).__name__}: {fout}")

    threads = [threading.Thread(target=stuur, args=(i, *v)) for i, v in enumerate(verzoeken)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return antwoorden
