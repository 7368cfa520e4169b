"""Scale tests (tests/schaal): gunicorn instances side by side, the demo loaded through the
real command, and a bounded mixed load of logged-in demo users with every request counted.

``instanties(...)`` starts gunicorn instances (each in its own process group, killed as a
group when the block ends, whatever happened) on free ports against one database with
a production configuration (MFA off and cookies without Secure: plain HTTP on
127.0.0.1). ``flask(...)`` runs a ``flask --app casus`` command against that database
(``demo --niet-starten``, ``audit controleer``, ``afgeleid controleer``).

``Gebruiker`` is one demo user driving the load through all instances in turn with one
cookie jar; ``Telling`` counts every request by kind and status and keeps each one that
was not answered as expected (an unexpected status, a timeout or reset, "database is
locked" or a traceback in the page). ``Telling.samenvatting()`` is the summary a failing
test shows.

This module does not import pytest.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from casus.demo import DEMO_WACHTWOORD
from tests.hulp.formulieren import formulier
from tests.hulp.server import (
    HOST,
    ROOT,
    Antwoord,
    Browser,
    melding,
    vrije_poort,
    wacht_tot_bereikbaar,
)

SLEUTEL = "schaaltest-gedeelde-sleutel-niet-voor-productie"
OPSTARTEN_S = 90.0  # how long an instance may take to answer its first request
DUUR_VARIABELE = "CASUS_SCHAAL_DUUR_S"
ONJUIST = "Gebruikersnaam of wachtwoord is onjuist"
GEBLOKKEERD = "15 minuten geblokkeerd"
# what no page may ever show; the access log's 5xx are caught by the status already
VERBODEN = ("database is locked", "Traceback")


def duur() -> float:
    """Seconds of load: CASUS_SCHAAL_DUUR_S, 60 by default (the issue's figure)."""
    return float(os.environ.get(DUUR_VARIABELE) or 60)


def omgeving(database_url: str, anker: Path, **extra: str) -> dict[str, str]:
    """The environment of an instance or command: production, one shared SECRET_KEY, and
    the audit chain's anchor file ``anker`` of this database (the default, in the
    instance folder, is shared by every database of the checkout)."""
    return {
        **os.environ,
        "CASUS_OMGEVING": "production",
        "SECRET_KEY": SLEUTEL,
        "DATABASE_URL": database_url,
        "AUDIT_ANKER_BESTAND": str(anker),
        "MFA_VERPLICHT": "0",  # the demo users have no second factor
        "SESSION_COOKIE_SECURE": "0",  # plain HTTP on 127.0.0.1
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def flask(args: list[str], env: Mapping[str, str], timeout: float = 900) -> tuple[int, str]:
    """Run ``flask --app casus ARGS``; its exit code and its output (stdout and stderr)."""
    proces = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "flask", "--app", "casus", *args],
        cwd=ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return proces.returncode, proces.stdout + proces.stderr


@dataclass
class Instantie:
    adres: str
    log: Path
    proces: subprocess.Popen[bytes]

    def logtekst(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def leeft(self) -> bool:
        return self.proces.poll() is None


@contextmanager
def instanties(
    aantal: int, env: Mapping[str, str], logmap: Path, *, workers: int = 2
) -> Iterator[list[Instantie]]:
    """``aantal`` gunicorn instances of ``workers`` sync workers each, until the block
    ends; each runs in its own process group, which is terminated (then killed) at the
    end, also when starting or the block fails."""
    logmap.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stapel:
        lijst = [stapel.enter_context(_instantie(i, env, logmap, workers)) for i in range(aantal)]
        for instantie in lijst:
            wacht_tot_bereikbaar(
                instantie.adres, instantie.leeft, instantie.logtekst, 0.2, OPSTARTEN_S
            )
        yield lijst


@contextmanager
def _instantie(
    nummer: int, env: Mapping[str, str], logmap: Path, workers: int
) -> Iterator[Instantie]:
    adres = f"{HOST}:{vrije_poort()}"
    log = logmap / f"gunicorn-{nummer}.log"
    opdracht = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        adres,
        "--chdir",
        str(ROOT),
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
        "casus:create_app()",
    ]
    with log.open("wb") as uitvoer:
        proces = subprocess.Popen(  # noqa: S603 - fixed argv
            opdracht,
            cwd=ROOT,
            env=dict(env),
            stdout=uitvoer,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the arbiter and its workers
        )
    try:
        yield Instantie(adres, log, proces)
    finally:
        _stop(proces)


def _stop(proces: subprocess.Popen[bytes]) -> None:
    """Terminate the instance's process group, kill it when it does not stop in time."""
    for sein, wacht in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        with suppress(ProcessLookupError):  # the group is gone already
            os.killpg(proces.pid, sein)
        try:
            proces.wait(timeout=wacht)
            break
        except subprocess.TimeoutExpired:
            continue
    # a worker may outlive its arbiter for a moment
    with suppress(ProcessLookupError):
        os.killpg(proces.pid, signal.SIGKILL)


@dataclass
class Telling:
    """Every request of the load: its kind and status; what was not as expected."""

    per_soort: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    per_adres: Counter[str] = field(default_factory=Counter)
    fouten: list[str] = field(default_factory=list)
    _slot: threading.Lock = field(default_factory=threading.Lock)

    def tel(self, soort: str, status: int, fout: str | None, adres: str = "") -> None:
        with self._slot:
            self.per_soort[soort][status] += 1
            self.per_adres[adres] += 1
            if fout is not None:
                self.fouten.append(fout)

    def aantal(self, soort: str | None = None, status: int | None = None) -> int:
        with self._slot:
            soorten = [self.per_soort[soort]] if soort else list(self.per_soort.values())
            return sum(n for c in soorten for s, n in c.items() if status in (None, s))

    def samenvatting(self) -> str:
        with self._slot:
            regels = [
                f"  {soort:<18} {sum(c.values()):>6}  "
                + ", ".join(f"{s}: {n}" for s, n in sorted(c.items()))
                for soort, c in sorted(self.per_soort.items())
            ]
            totaal = sum(sum(c.values()) for c in self.per_soort.values())
            fouten = self.fouten[:25]
            adressen = ", ".join(f"{a}: {n}" for a, n in sorted(self.per_adres.items()))
        kop = f"{totaal} verzoeken ({adressen}), {len(self.fouten)} fout"
        meer = [f"  ... en nog {len(self.fouten) - 25}"] if len(self.fouten) > 25 else []
        return "\n".join([kop, *regels, "fouten:" if fouten else "", *fouten, *meer])


class Gebruiker:
    """One demo user with one cookie jar, sending each request to the next instance."""

    def __init__(self, naam: str, adressen: list[str], telling: Telling, seed: int) -> None:
        self.naam = naam
        self.adressen = adressen
        self.telling = telling
        self.kans = random.Random(seed)  # noqa: S311 - a reproducible load, not a secret
        self._beurt = 0
        self.browsers: list[Browser] = []
        self.nieuwe_sessie()
        # per case of this user: its status as this user left it (only this user changes it)
        self.wisselbaar: dict[int, str] = {}
        self.casussen: list[int] = []
        self.notities = 0

    def nieuwe_sessie(self) -> None:
        """A fresh cookie jar (no session), shared by one browser per instance."""
        self.browsers = [Browser(a) for a in self.adressen]
        for b in self.browsers[1:]:
            b.cookies = self.browsers[0].cookies

    def volgende(self) -> Browser:
        self._beurt += 1
        return self.browsers[self._beurt % len(self.browsers)]

    def verzoek(
        self,
        soort: str,
        methode: str,
        pad: str,
        data: dict[str, Any] | None = None,
        *,
        verwacht: int = 200,
        locatie: str | None = None,
        tekst: str | None = None,
        browser: Browser | None = None,
    ) -> Antwoord | None:
        """One counted request; None when it was not answered as expected."""
        b = browser or self.volgende()
        waar = f"{self.naam} {methode} {pad} @{b.poort}"
        try:
            antwoord = b.verzoek(methode, pad, data)
        except OSError as fout:
            self.telling.tel(
                soort, 0, f"{waar}: {type(fout).__name__}: {fout}", f"{b.host}:{b.poort}"
            )
            return None
        afwijking = _afwijking(antwoord, verwacht, locatie, tekst)
        self.telling.tel(
            soort,
            antwoord.status,
            f"{waar}: {afwijking}" if afwijking else None,
            f"{b.host}:{b.poort}",
        )
        return None if afwijking else antwoord

    def inloggen(self, *, eerst_fout: bool = False) -> bool:
        """Log in through the form of one instance (after one wrong password when
        ``eerst_fout``), in a new cookie jar."""
        self.nieuwe_sessie()
        b = self.volgende()
        pagina = self.verzoek("inlogformulier", "GET", "/inloggen", browser=b)
        if pagina is None:
            return False
        form = formulier(pagina.tekst, "/inloggen", pad="/inloggen")
        if eerst_fout:
            fout = form.gegevens(gebruikersnaam=self.naam, wachtwoord="niet-het-wachtwoord")
            if self.verzoek("inloggen-fout", "POST", "/inloggen", fout, tekst=ONJUIST) is None:
                return False
        goed = form.gegevens(gebruikersnaam=self.naam, wachtwoord=DEMO_WACHTWOORD)
        antwoord = self.verzoek("inloggen", "POST", "/inloggen", goed, verwacht=302, locatie="/")
        return antwoord is not None

    # -- the pages -------------------------------------------------------------------

    def casus_ids(self, antwoord: Antwoord | None) -> list[int]:
        if antwoord is None:
            return []
        return sorted({int(i) for i in re.findall(r'href="/casus/(\d+)"', antwoord.tekst)})

    def mijn_casussen(self, filter_: str = "") -> list[int]:
        return self.casus_ids(self.verzoek("mijn-casussen", "GET", "/" + filter_))

    def werkvoorraad(self) -> list[int]:
        doorgestuurd = self.verzoek("werkvoorraad", "GET", "/werkvoorraad", verwacht=302)
        if doorgestuurd is None:
            return []
        pad = urlsplit(doorgestuurd.locatie).path
        return self.casus_ids(self.verzoek("werkvoorraad", "GET", pad))

    def casus(self, casus_id: int) -> None:
        self.verzoek("casus", "GET", f"/casus/{casus_id}")

    def zoeken(self) -> None:
        term = self.kans.choice(("de", "jan", "van", "2024", "bakker", "IPTA"))
        self.verzoek("zoeken", "GET", f"/zoeken?q={term}")

    def rapportage(self) -> None:
        self.verzoek("rapportage", "GET", "/rapportage/")

    def notitie(self, casus_id: int) -> None:
        pad = f"/casus/{casus_id}"
        pagina = self.verzoek("casus", "GET", pad)
        if pagina is None:
            return
        form = formulier(pagina.tekst, f"{pad}/notitie", pad=pad)
        self.notities += 1
        # a different text each time: the same content again soon is taken for a double
        # submission and answered without a second note (casus.werkplek.formulier)
        tekst = f"Schaaltest: {self.naam} belde voor de {self.notities}e keer."
        velden = form.gegevens(**{"notitie-soort": "notitie", "notitie-tekst": tekst})
        terug = f"{pad}?sectie=notitie"
        self.verzoek("notitie", "POST", f"{pad}/notitie", velden, verwacht=302, locatie=terug)

    def kies_wisselbare_casussen(self, aantal: int) -> None:
        """Up to ``aantal`` active cases of this user that it may put on hold."""
        for casus_id in self.mijn_casussen("?status=actief"):
            if len(self.wisselbaar) >= aantal:
                break
            stap = self.verzoek("statusstap", "GET", f"/casus/{casus_id}/status")
            if stap is not None and f"/casus/{casus_id}/status/pauzeren" in stap.tekst:
                self.wisselbaar[casus_id] = "actief"

    def wissel_status(self, casus_id: int) -> None:
        """Put an active case on hold, or resume one on hold, through the status step."""
        trigger = "pauzeren" if self.wisselbaar[casus_id] == "actief" else "hervatten"
        actie = f"/casus/{casus_id}/status/{trigger}"
        stap = self.verzoek("statusstap", "GET", actie)
        if stap is None:
            return
        form = formulier(stap.tekst, actie, pad=actie)
        keuzes: dict[str, str] = {}
        if (reden := form.veld(f"{trigger}-reden")) is not None:
            keuzes[reden.naam] = self.kans.choice([o for o in reden.opties if o])
        terug = f"/casus/{casus_id}?sectie=status"
        if self.verzoek(
            "status", "POST", actie, form.gegevens(**keuzes), verwacht=302, locatie=terug
        ):
            self.wisselbaar[casus_id] = "in_de_wacht" if trigger == "pauzeren" else "actief"

    # -- the load --------------------------------------------------------------------

    def belast(self, tot: float, rol: str) -> None:
        """Mixed requests until ``tot`` (time.monotonic); a new log-in now and then,
        with one wrong password first."""
        if not self.inloggen():
            return
        acties = ROLLEN[rol](self)
        for actie, _ in acties:  # each kind of request at least once, however short the run
            actie()
        volgende_inlog = self.kans.randint(15, 30)
        while time.monotonic() < tot:
            volgende_inlog -= 1
            if volgende_inlog <= 0:
                volgende_inlog = self.kans.randint(15, 30)
                if not self.inloggen(eerst_fout=True):
                    return
                continue
            self.kans.choices(acties, weights=[w for _, w in acties])[0][0]()


def _afwijking(
    antwoord: Antwoord, verwacht: int, locatie: str | None, tekst: str | None
) -> str | None:
    if antwoord.status != verwacht:
        return f"status {antwoord.status}, verwacht {verwacht}: {melding(antwoord.tekst)}"
    for woord in VERBODEN:
        if woord in antwoord.tekst:
            return f"'{woord}' in het antwoord: {melding(antwoord.tekst)}"
    if locatie is not None:
        doel = urlsplit(antwoord.locatie)
        waar = doel.path + (f"?{doel.query}" if doel.query else "")
        if waar != locatie:
            return f"doorgestuurd naar {antwoord.locatie!r}, verwacht {locatie!r}"
    if tekst is not None and tekst not in antwoord.tekst:
        return f"'{tekst}' ontbreekt: {melding(antwoord.tekst)}"
    return None


Actie = tuple[Callable[[], Any], int]


def _regisseur(g: Gebruiker) -> list[Actie]:
    """Own cases: lists, case pages, notes, status changes; and search."""
    g.casussen = g.mijn_casussen()
    g.kies_wisselbare_casussen(3)

    def casus() -> None:
        if g.casussen:
            g.casus(g.kans.choice(g.casussen))

    def notitie() -> None:
        if g.casussen:
            g.notitie(g.kans.choice(g.casussen))

    def status() -> None:
        if g.wisselbaar:
            g.wissel_status(g.kans.choice(sorted(g.wisselbaar)))

    return [(g.mijn_casussen, 2), (casus, 4), (notitie, 2), (status, 2), (g.zoeken, 1)]


def _triage(g: Gebruiker) -> list[Actie]:
    """The aanpak's work queue, the cases in it, search."""
    g.casussen = g.werkvoorraad()

    def casus() -> None:
        if g.casussen:
            g.casus(g.kans.choice(g.casussen))

    return [(g.werkvoorraad, 2), (casus, 4), (g.zoeken, 2)]


def _manager(g: Gebruiker) -> list[Actie]:
    """The report (the manager's start page sends there)."""

    def start() -> None:
        g.verzoek("mijn-casussen", "GET", "/", verwacht=302, locatie="/rapportage/")

    return [(g.rapportage, 1), (start, 1)]


ROLLEN: dict[str, Callable[[Gebruiker], list[Actie]]] = {
    "regisseur": _regisseur,
    "triage": _triage,
    "manager": _manager,
}


def belasting(
    gebruikers: Mapping[str, str], adressen: list[str], seconden: float, telling: Telling
) -> dict[str, Gebruiker]:
    """Drive the load: one thread per user (name -> role), each for ``seconden``."""
    tot = time.monotonic() + seconden
    lijst = {naam: Gebruiker(naam, adressen, telling, seed=i) for i, naam in enumerate(gebruikers)}
    draden = [
        threading.Thread(target=_veilig, args=(g, tot, gebruikers[n], telling), name=n)
        for n, g in lijst.items()
    ]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=seconden + 300)
        if d.is_alive():
            telling.tel("draad", 0, f"{d.name}: na {seconden + 300:.0f} s nog bezig")
    return lijst


def _veilig(g: Gebruiker, tot: float, rol: str, telling: Telling) -> None:
    """A failing assertion in a helper (a form missing from a page) is counted too."""
    try:
        g.belast(tot, rol)
    except Exception as fout:  # every failure of a user's thread is reported as an error
        telling.tel("draad", 0, f"{g.naam}: {type(fout).__name__}: {fout}")


def blokkeer(naam: str, adressen: list[str], pogingen: int) -> list[int]:
    """Log in as ``naam`` with a wrong password on each instance in turn until
    ``pogingen`` attempts were counted as wrong, waiting out every delay the app asks
    for ("Wacht N seconden": such an attempt is refused unchecked and not counted);
    returns how many wrong attempts each instance counted."""
    geteld = [0] * len(adressen)
    beurt = 0
    grens = time.monotonic() + 120
    while sum(geteld) < pogingen and time.monotonic() < grens:
        i = beurt % len(adressen)
        b = Browser(adressen[i])
        form = b.formulier("/inloggen", "/inloggen")
        antwoord = b.post(
            "/inloggen", form.gegevens(gebruikersnaam=naam, wachtwoord="fout-wachtwoord")
        )
        assert antwoord.status == 200, (antwoord.status, melding(antwoord.tekst))
        if ONJUIST in antwoord.tekst:
            geteld[i] += 1
            beurt += 1
        elif wacht := re.search(r"Wacht (\d+) seconden", antwoord.tekst):
            time.sleep(int(wacht.group(1)))
        else:
            raise AssertionError(f"onverwacht antwoord: {melding(antwoord.tekst)}")
    return geteld


def sessie_elders(naam: str, van: str, naar: str) -> Antwoord:
    """Log ``naam`` in on instance ``van``; the start page on ``naar`` with that cookie."""
    daar = Browser(van)
    daar.inloggen(naam, DEMO_WACHTWOORD)
    hier = Browser(naar)
    hier.cookies = dict(daar.cookies)
    return hier.get("/")


def inlog_geweigerd(adres: str, naam: str) -> str:
    """The log-in page's message for the right password of ``naam`` on ``adres``."""
    b = Browser(adres)
    form = b.formulier("/inloggen", "/inloggen")
    antwoord = b.post("/inloggen", form.gegevens(gebruikersnaam=naam, wachtwoord=DEMO_WACHTWOORD))
    return f"{antwoord.status} {melding(antwoord.tekst)}"


def auditacties(database_url: str, namen: list[str]) -> Counter[str]:
    """Per action, the records with outcome "ok" of the users ``namen`` in the log."""
    from sqlalchemy import bindparam, create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rijen = conn.execute(
                text(
                    "SELECT actie, count(*) FROM audit_record WHERE uitkomst = 'ok' "
                    "AND gebruikersnaam IN :namen GROUP BY actie"
                ).bindparams(bindparam("namen", expanding=True)),
                {"namen": namen},
            ).all()
    finally:
        engine.dispose()
    return Counter({actie: int(n) for actie, n in rijen})
