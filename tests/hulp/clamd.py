"""A real ClamAV daemon on loopback for the document tests: Debian's clamd
(clamav-daemon), started in the foreground with a configuration and a signature database
written here. ClamAV's official databases cannot be downloaded in this environment, so
the database holds the EICAR test file only (its MD5 hash, ``.hdb``, and a body
signature, ``.ndb``, that also finds it inside a larger file or an archive member);
production uses freshclam (README.md, "Documenten")."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
CLAMD_AANWEZIG = Path(CLAMD).is_file() and os.access(CLAMD, os.X_OK)

# the anti-virus test file (eicar.org): 68 bytes every scanner reports as a virus
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_NAAM = "Eicar-Test-Signature"
# as clamd reports it: a signature outside ClamAV's signed databases gets ".UNOFFICIAL"
EICAR_GEMELD = f"{EICAR_NAAM}.UNOFFICIAL"
EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f"

OPSTARTTIJD = 30.0  # seconds clamd may take to answer PING


def in_ci() -> bool:
    """CI (``CI=true``, or the PostgreSQL pass's ``CASUS_GEEN_OVERGESLAGEN=1``): a test
    that needs clamd must run there."""
    return (
        os.environ.get("CI", "").strip().lower() == "true"
        or os.environ.get("CASUS_GEEN_OVERGESLAGEN") == "1"
    )


def clamd_vereist() -> None:
    """For a test or fixture that needs clamd: skipped with the reason when it is not
    installed, failed instead in CI."""
    if CLAMD_AANWEZIG:
        return
    reden = f"vereist clamd ({CLAMD}): apt-get install clamav-daemon"
    if in_ci():
        pytest.fail(f"de virusscantests moeten in CI draaien: {reden}", pytrace=False)
    pytest.skip(reden)


def vrije_poort() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        poort: int = s.getsockname()[1]
        return poort


def schrijf_handtekeningen(map: Path) -> None:
    """The signature database: EICAR by its MD5 hash and size, and by a piece of its
    body anywhere in a file of any type (target 0)."""
    map.mkdir(parents=True, exist_ok=True)
    (map / "casus-test.hdb").write_text(f"{EICAR_MD5}:{len(EICAR)}:{EICAR_NAAM}\n")
    (map / "casus-test.ndb").write_text(f"{EICAR_NAAM}:0:*:{EICAR[10:60].hex()}\n")


def _pong(poort: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", poort), timeout=1) as s:
            s.sendall(b"zPING\0")
            return s.recv(16) == b"PONG\0"
    except OSError:
        return False


@contextmanager
def clamd_server(
    tmp: Path, *, lokale_socket: Path | None = None, stroom_max: str = "64M"
) -> Iterator[str]:
    """clamd listening on a free loopback port while the block runs: its address,
    ``tcp://127.0.0.1:PORT``. Its configuration, database and log are in ``tmp``.
    ``lokale_socket``: it listens on that unix socket too; ``stroom_max``: the most it
    scans of one stream (clamd's StreamMaxLength; more is answered with ERROR)."""
    if not CLAMD_AANWEZIG:
        raise RuntimeError(f"clamd ontbreekt ({CLAMD}): apt-get install clamav-daemon")
    tmp.mkdir(parents=True, exist_ok=True)
    database = tmp / "database"
    schrijf_handtekeningen(database)
    poort = vrije_poort()
    configuratie = tmp / "clamd.conf"
    configuratie.write_text(
        "\n".join(
            [
                "Foreground yes",
                f"TCPSocket {poort}",
                "TCPAddr 127.0.0.1",
                f"DatabaseDirectory {database}",
                f"LogFile {tmp / 'clamd.log'}",
                f"PidFile {tmp / 'clamd.pid'}",
                f"StreamMaxLength {stroom_max}",
                "MaxThreads 4",
                # no reload of the database during the run
                "SelfCheck 0",
                *([f"LocalSocket {lokale_socket}"] if lokale_socket else []),
                "",
            ]
        )
    )
    uitvoer = (tmp / "clamd.uitvoer").open("wb")
    proces = subprocess.Popen(  # noqa: S603 - a fixed program and arguments, no shell
        [CLAMD, f"--config-file={configuratie}"],
        stdout=uitvoer,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        eind = time.monotonic() + OPSTARTTIJD
        while not _pong(poort):
            if proces.poll() is not None or time.monotonic() > eind:
                log = (tmp / "clamd.uitvoer").read_text(errors="replace")
                raise RuntimeError(f"clamd start niet (code {proces.returncode}):\n{log}")
            time.sleep(0.05)
        yield f"tcp://127.0.0.1:{poort}"
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()
        uitvoer.close()
