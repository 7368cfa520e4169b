"""A real HTTP server for the reliability tests, and a minimal browser to drive it.

``gunicorn(...)`` starts ``gunicorn 'casus:create_app()'`` as a subprocess on a free
port of 127.0.0.1, with CSRF protection on (development configuration with a fixed
SECRET_KEY) and MFA off, against the test database. ``Browser`` is one user's cookie
jar over ``http.client``: it never follows redirects, so a test sees the 302 itself,
and it reads the forms of a page (hidden fields, CSRF token, idempotency token,
version) the way a browser would submit them.
"""

from __future__ import annotations

import html
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
CONFLICT = "Deze casus is intussen door iemand anders gewijzigd"


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    adres: str
    log: Path
    toegang: Path

    def logtekst(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def toegangsregels(self) -> list[tuple[int, str, str, int]]:
        """(worker pid, method, path, status) per request, in the order served."""
        regels = []
        for regel in self.toegang.read_text(errors="replace").splitlines():
            pid, methode, pad, status = regel.split(" ", 3)
            regels.append((int(pid.strip("<>")), methode, pad, int(status)))
        return regels


@contextmanager
def gunicorn(database_url: str, tmp_path: Path, *, workers: int = 2,
             threads: int = 1) -> Iterator[Server]:
    """Run the application under gunicorn until the block ends."""
    pytest.importorskip("gunicorn", reason="gunicorn ontbreekt: pip install -e '.[test]'")
    poort = vrije_poort()
    server = Server(f"{HOST}:{poort}", tmp_path / "gunicorn.log", tmp_path / "toegang.log")
    omgeving = {
        **os.environ,
        "CASUS_OMGEVING": "development",
        "SECRET_KEY": "betrouwbaarheid-test-sleutel-niet-voor-productie",
        "DATABASE_URL": database_url,
        "MFA_VERPLICHT": "0",
        "INLOG_TELLER": "database",
        "PYTHONUNBUFFERED": "1",
    }
    opdracht = [
        sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
        "--bind", server.adres, "--timeout", "60", "--graceful-timeout", "5",
        "--access-logfile", str(server.toegang),
        "--access-logformat", "%(p)s %(m)s %(U)s %(s)s",
        "casus:create_app()",
    ]
    with server.log.open("wb") as log:
        proces = subprocess.Popen(opdracht, cwd=ROOT, env=omgeving,  # noqa: S603
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            _wacht_tot_bereikbaar(server, proces)
            yield server
        finally:
            proces.terminate()
            try:
                proces.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proces.kill()
                proces.wait(timeout=5)


def _wacht_tot_bereikbaar(server: Server, proces: subprocess.Popen[bytes]) -> None:
    for _ in range(300):  # 30 s at most
        if proces.poll() is not None:
            pytest.fail(f"gunicorn stopte meteen:\n{server.logtekst()[-3000:]}")
        try:
            if Browser(server.adres).get("/inloggen").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn werd niet bereikbaar:\n{server.logtekst()[-3000:]}")


@dataclass
class Antwoord:
    status: int
    headers: dict[str, str]
    tekst: str

    @property
    def locatie(self) -> str:
        return self.headers.get("location", "")


@dataclass
class Formulier:
    action: str
    velden: dict[str, str] = field(default_factory=dict)      # name -> submitted value
    soorten: dict[str, str] = field(default_factory=dict)     # name -> input type / select
    keuzes: dict[str, list[str]] = field(default_factory=dict)  # select/radio -> values
    verplicht: set[str] = field(default_factory=set)          # fields marked required


class _FormParser(HTMLParser):
    def __init__(self, pagina: str) -> None:
        super().__init__(convert_charrefs=True)
        self.pagina = pagina
        self.formulieren: list[Formulier] = []
        self._huidig: Formulier | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._huidig = Formulier(a.get("action") or self.pagina)
            self.formulieren.append(self._huidig)
        f = self._huidig
        if f is None or "name" not in a and tag != "option":
            return
        if "required" in a and "name" in a:
            f.verplicht.add(a["name"])
        if tag == "input":
            soort = a.get("type", "text").lower()
            naam = a["name"]
            if soort in ("submit", "button", "image", "reset", "file"):
                return
            f.soorten.setdefault(naam, soort)
            if soort in ("checkbox", "radio"):
                f.keuzes.setdefault(naam, []).append(a.get("value", "on"))
                if "checked" in a:
                    f.velden[naam] = a.get("value", "on")
            else:
                f.velden[naam] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            f.soorten[self._select] = "select"
            f.keuzes[self._select] = []
        elif tag == "option" and self._select is not None:
            waarde = a.get("value", "")
            f.keuzes[self._select].append(waarde)
            if "selected" in a or self._select not in f.velden:
                f.velden[self._select] = waarde
        elif tag == "textarea":
            self._textarea = a["name"]
            f.soorten[self._textarea] = "textarea"
            f.velden[self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._huidig is not None and self._textarea is not None:
            self._huidig.velden[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._huidig = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def formulieren(tekst: str, pagina: str) -> list[Formulier]:
    """Every POST form of a page, with the values a browser would submit unchanged."""
    parser = _FormParser(pagina)
    parser.feed(tekst)
    return parser.formulieren


class Browser:
    """One user's cookies over plain HTTP/1.1; thread-safe, never follows redirects."""

    def __init__(self, adres: str) -> None:
        self.host, poort = adres.split(":")
        self.poort = int(poort)
        self.cookies: dict[str, str] = {}
        self._slot = threading.Lock()

    def verzoek(self, methode: str, pad: str, data: dict[str, str] | None = None) -> Antwoord:
        headers = {"Host": f"{self.host}:{self.poort}"}
        with self._slot:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
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
                koek = SimpleCookie()
                koek.load(regel)
                for naam, morsel in koek.items():
                    verlopen = morsel["max-age"] == "0" or "1970" in morsel["expires"]
                    if verlopen or not morsel.value:
                        self.cookies.pop(naam, None)
                    else:
                        self.cookies[naam] = morsel.value

    def get(self, pad: str) -> Antwoord:
        return self.verzoek("GET", pad)

    def post(self, pad: str, data: dict[str, str]) -> Antwoord:
        return self.verzoek("POST", pad, data)

    def formulieren(self, pad: str) -> list[Formulier]:
        antwoord = self.get(pad)
        assert antwoord.status == 200, f"GET {pad}: {antwoord.status}"
        return formulieren(antwoord.tekst, urlsplit(pad).path)

    def formulier(self, pad: str, action: str) -> Formulier:
        gevonden = [f for f in self.formulieren(pad) if f.action == action]
        assert gevonden, f"geen formulier naar {action} op {pad}"
        return gevonden[0]

    def inloggen(self, gebruikersnaam: str, wachtwoord: str) -> None:
        form = self.formulier("/inloggen", "/inloggen")
        form.velden.update(gebruikersnaam=gebruikersnaam, wachtwoord=wachtwoord)
        antwoord = self.post("/inloggen", form.velden)
        assert antwoord.status == 302, (antwoord.status, melding(antwoord.tekst))
        assert urlsplit(antwoord.locatie).path == "/", antwoord.locatie


def melding(tekst: str) -> str:
    """The visible messages of a page (title, flash, form errors, error page), for asserts."""
    delen = re.findall(r"<h1[^>]*>(.*?)</h1>", tekst, flags=re.S) + re.findall(
        r'<(?:p|div)[^>]*class="(?:melding|veld__fout)[^"]*"[^>]*>(.*?)</(?:p|div)>', tekst,
        flags=re.S) + re.findall(r"<p>(Referentienummer.*?)</p>", tekst, flags=re.S)
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
        except OSError as fout:  # reported by the assertions below
            antwoorden[i] = Antwoord(0, {}, f"{type(fout).__name__}: {fout}")

    threads = [threading.Thread(target=stuur, args=(i, *v)) for i, v in enumerate(verzoeken)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return antwoorden
