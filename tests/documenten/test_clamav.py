"""The clamd client (casus.documenten.clamav) against a real clamd on loopback: INSTREAM
over TCP and over a unix socket, PING, and every way clamd can fail to give a verdict."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path

import pytest

from casus.documenten import clamav
from tests.hulp import voorbeelden
from tests.hulp.clamd import EICAR, EICAR_GEMELD, clamd_server, clamd_vereist, vrije_poort


def test_eicar_is_found_with_its_signature_name(clamd: str) -> None:
    assert clamav.scan(EICAR, clamd) == "Eicar-Test-Signature.UNOFFICIAL" == EICAR_GEMELD


def test_a_clean_pdf_is_clean(clamd: str) -> None:
    assert clamav.scan(voorbeelden.PDF, clamd) is None


def test_eicar_straddling_two_chunks_is_found(clamd: str) -> None:
    # the EICAR string starts 20 bytes before the end of the first 64 KiB chunk: only a
    # stream sent whole and in order lets the body signature match
    inhoud = b"x" * (clamav.BLOK - 20) + EICAR + b"y" * 1000
    assert len(inhoud) > clamav.BLOK
    assert clamav.scan(inhoud, clamd) == EICAR_GEMELD


def test_eicar_inside_a_zip_is_found(clamd: str) -> None:
    assert clamav.scan(voorbeelden.zip_met("leesmij.txt", EICAR), clamd) == EICAR_GEMELD


def test_ping_answers_for_a_running_clamd_only(clamd: str) -> None:
    assert clamav.ping(clamd) is True
    assert clamav.ping(f"tcp://127.0.0.1:{vrije_poort()}") is False


def test_a_unix_socket_is_spoken_to_as_well(tmp_path: Path) -> None:
    clamd_vereist()
    socketpad = tmp_path / "c.sock"
    with clamd_server(tmp_path / "clamd", lokale_socket=socketpad):
        adres = f"unix://{socketpad}"
        assert clamav.ping(adres) is True
        assert clamav.scan(EICAR, adres) == EICAR_GEMELD
        assert clamav.scan(b"Gespreksverslag", adres) is None


def test_a_stopped_clamd_gives_no_verdict(tmp_path: Path) -> None:
    clamd_vereist()
    with clamd_server(tmp_path) as adres:
        assert clamav.scan(EICAR, adres) == EICAR_GEMELD
    with pytest.raises(clamav.Scannerfout, match="niet bereikbaar"):
        clamav.scan(EICAR, adres)
    assert clamav.ping(adres) is False


def test_more_than_clamds_stream_limit_is_an_error_not_clean(tmp_path: Path) -> None:
    clamd_vereist()
    with clamd_server(tmp_path, stroom_max="1M") as adres:
        assert clamav.scan(b"z" * (1024 * 1024), adres) is None  # exactly the limit
        with pytest.raises(clamav.Scannerfout, match=r"size limit exceeded\. ERROR"):
            clamav.scan(b"z" * (1024 * 1024 + 1), adres)


def test_a_silent_server_times_out() -> None:
    # a listening socket nobody answers on: the connection is made (the kernel's
    # backlog), the reply never comes
    with socket.create_server(("127.0.0.1", 0)) as stil:
        adres = f"tcp://127.0.0.1:{stil.getsockname()[1]}"
        begin = time.monotonic()
        with pytest.raises(clamav.Scannerfout, match="niet bereikbaar: timed out"):
            clamav.scan(EICAR, adres, tijd=0.3)
        assert 0.3 <= time.monotonic() - begin < 3


def test_a_malformed_address_gives_no_verdict() -> None:
    with pytest.raises(
        clamav.Scannerfout, match=re.escape("CLAMAV_ADRES='127.0.0.1:3310' is ongeldig")
    ):
        clamav.scan(EICAR, "127.0.0.1:3310")
