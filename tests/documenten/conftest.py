"""Fixtures for the document tests: the storage (a fresh directory per test, or a fresh
bucket on moto's S3 server) and the virus scanner (a real clamd on loopback, one per
session).

Without clamd (``apt-get install clamav-daemon``) the tests that need it are skipped with
the reason; in CI (``CI=true``, or ``CASUS_GEEN_OVERGESLAGEN=1``) they fail instead, as
the browser tests do.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from casus.documenten.opslag import Opslag, opslag_van
from tests.hulp import s3 as s3hulp
from tests.hulp.clamd import clamd_server, clamd_vereist
from tests.hulp.instellingen import ingesteld


@pytest.fixture(scope="session")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a clamd running for the whole session (``tcp://127.0.0.1:PORT``)."""
    clamd_vereist()
    with clamd_server(tmp_path_factory.mktemp("clamd")) as adres:
        yield adres


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server for the whole session: its endpoint URL."""
    with s3hulp.s3_server() as endpoint:
        yield endpoint


@pytest.fixture(autouse=True)
def documentopslag(app: Flask, tmp_path: Path) -> Iterator[Opslag]:
    """Every test here stores on disk in a directory of its own (``tmp_path/documenten``):
    the ``Schijfopslag`` that ``opslag_van`` gives during the test."""
    with ingesteld(app, DOCUMENTEN_OPSLAG="schijf", DOCUMENTEN_MAP=str(tmp_path / "documenten")):
        yield opslag_van(app)


@pytest.fixture
def s3(app: Flask, s3_endpoint: str, documentopslag: Opslag) -> Iterator[str]:
    """The storage is S3 during the test: a fresh bucket (``app.config["S3_BUCKET"]``) on
    moto's server; the endpoint URL. ``opslag_van`` gives the ``S3opslag``."""
    bucket = f"casus-test-{secrets.token_hex(6)}"
    s3hulp.maak_bucket(s3_endpoint, bucket)
    with ingesteld(
        app,
        DOCUMENTEN_OPSLAG="s3",
        S3_BUCKET=bucket,
        S3_ENDPOINT_URL=s3_endpoint,
        S3_REGIO=s3hulp.REGIO,
        S3_PREFIX="",
        S3_TOEGANGSSLEUTEL=s3hulp.TOEGANGSSLEUTEL,
        S3_GEHEIM=s3hulp.GEHEIM,
        S3_VERSLEUTELING=None,
        S3_KMS_SLEUTEL=None,
    ):
        yield s3_endpoint


@pytest.fixture
def virusscan(app: Flask, clamd: str) -> Iterator[str]:
    """Uploads are scanned by the session's clamd during the test; its address."""
    with ingesteld(app, CLAMAV_ADRES=clamd):
        yield clamd
