"""ClamAV's daemon (clamd) over its socket protocol, written here rather than taken from
PyPI: the clients there (clamd, pyclamd) have not been maintained for years, and the two
commands needed are a few lines (docs/documenten.md, "Controle bij het uploaden").

``INSTREAM``: the command ``zINSTREAM\\0``, then the content in chunks, each a 4-byte
big-endian length and its bytes, then a chunk of length 0; clamd answers one
NUL-terminated line, ``stream: OK``, ``stream: <signature> FOUND`` or ``... ERROR``.
``PING`` answers ``PONG``. Over TCP (``tcp://host:port``) or a unix socket
(``unix:///path``), with a time limit on the whole exchange.
"""

from __future__ import annotations

import logging
import socket
import struct
import time

from casus.documenten.instellingen import Scanneradres, lees_scanneradres

log = logging.getLogger(__name__)

BLOK = 64 * 1024  # bytes per INSTREAM chunk
MAX_ANTWOORD = 4096  # clamd's reply is one short line


class Scannerfout(Exception):
    """clamd could not give a verdict: unreachable, too slow, or it answered ERROR."""


def _verbind(adres: Scanneradres, tijd: float) -> socket.socket:
    if adres.soort == "unix":
        verbinding = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        verbinding.settimeout(tijd)
        try:
            verbinding.connect(adres.pad)
        except BaseException:
            verbinding.close()
            raise
        return verbinding
    return socket.create_connection((adres.host, adres.poort), timeout=tijd)


def _lees_antwoord(verbinding: socket.socket, eind: float) -> str:
    data = b""
    while not data.endswith(b"\0") and len(data) < MAX_ANTWOORD:
        verbinding.settimeout(max(eind - time.monotonic(), 0.001))
        stuk = verbinding.recv(MAX_ANTWOORD)
        if not stuk:
            break
        data += stuk
    return data.rstrip(b"\0").decode("utf-8", errors="replace").strip()


def _opdracht(adres: str, tijd: float, opdracht: bytes, inhoud: bytes | None = None) -> str:
    """Send one command (and for INSTREAM the content); clamd's reply line."""
    eind = time.monotonic() + tijd
    try:
        doel = lees_scanneradres(adres)
        with _verbind(doel, tijd) as verbinding:
            verbinding.sendall(opdracht)
            if inhoud is not None:
                try:
                    for begin in range(0, len(inhoud), BLOK):
                        blok = inhoud[begin : begin + BLOK]
                        verbinding.settimeout(max(eind - time.monotonic(), 0.001))
                        verbinding.sendall(struct.pack(">I", len(blok)) + blok)
                    verbinding.sendall(struct.pack(">I", 0))
                except (BrokenPipeError, ConnectionResetError):
                    # clamd stops reading and answers early (e.g. its StreamMaxLength):
                    # its reply, if it sent one, says why
                    pass
            return _lees_antwoord(verbinding, eind)
    except (OSError, ValueError) as fout:  # refused, timed out, no socket, bad address
        raise Scannerfout(f"clamd op {adres} niet bereikbaar: {fout}") from fout


def scan(inhoud: bytes, adres: str, tijd: float = 30.0) -> str | None:
    """Have clamd at ``adres`` scan ``inhoud``: None when clean, else the name of the
    signature found (as clamd gives it, e.g. ``Eicar-Test-Signature.UNOFFICIAL``).
    ``Scannerfout`` when clamd gives no verdict within ``tijd`` seconds."""
    antwoord = _opdracht(adres, tijd, b"zINSTREAM\0", inhoud)
    if antwoord == "stream: OK":
        return None
    if antwoord.startswith("stream: ") and antwoord.endswith(" FOUND"):
        return antwoord[len("stream: ") : -len(" FOUND")].strip()
    # "... ERROR" (size limit, out of memory, a broken database), or nothing at all
    raise Scannerfout(f"clamd op {adres} gaf geen oordeel: {antwoord or '(geen antwoord)'}")


def ping(adres: str, tijd: float = 5.0) -> bool:
    """Does clamd at ``adres`` answer ``PONG`` within ``tijd`` seconds? (health check)"""
    try:
        return _opdracht(adres, tijd, b"zPING\0") == "PONG"
    except Scannerfout as fout:
        log.warning("%s", fout)
        return False
