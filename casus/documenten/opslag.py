"""Where the content of documents lives: one small interface, two implementations
(docs/documenten.md, "Opslag").

Content is stored under a random key (``nieuwe_sleutel``: 32 hex digits, never derived
from the file's name or content), written once and never changed; a new version of a
document is a new key. The database holds the key, the name and the SHA-256.

- ``Schijfopslag``: a directory on local disk, the embedded default
  (``instance/documenten``), two levels deep (``ab/cdef...``); every file is written to a
  temporary file in its final directory and renamed into place, so a reader or a crash
  never sees half a file; mode 0600.
- ``S3opslag``: an S3-compatible bucket (AWS, MinIO, Ceph, ...) through boto3.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from casus.documenten import instellingen

SLEUTEL = re.compile(r"[0-9a-f]{32}")
_TIJDELIJK = ".tmp-"  # prefix of a file being written (Schijfopslag)


def nieuwe_sleutel() -> str:
    """A new random key: 128 bits from the OS's generator, as 32 lowercase hex digits."""
    return secrets.token_hex(16)


def _geldig(sleutel: str) -> str:
    if not isinstance(sleutel, str) or not SLEUTEL.fullmatch(sleutel):
        raise ValueError(f"ongeldige opslagsleutel: {sleutel!r}")
    return sleutel


class InhoudOntbreekt(LookupError):
    """No content is stored under this key."""


class Opslag(ABC):
    """The content of documents by key. Every method refuses a key that is not of the
    form ``nieuwe_sleutel`` gives (``ValueError``)."""

    @abstractmethod
    def bewaar(self, sleutel: str, inhoud: bytes, mediatype: str) -> None:
        """Store ``inhoud`` under ``sleutel``; when it returns, the content is stored
        whole (never half a file under the key)."""

    @abstractmethod
    def lees(self, sleutel: str) -> bytes:
        """The content under ``sleutel``; ``InhoudOntbreekt`` when there is none."""

    @abstractmethod
    def verwijder(self, sleutel: str) -> None:
        """Remove the content under ``sleutel``; nothing happens when there is none."""

    @abstractmethod
    def bestaat(self, sleutel: str) -> bool: ...

    @abstractmethod
    def sleutels(self) -> Iterator[str]:
        """Every key stored (for the sweep of content no document refers to)."""


class Schijfopslag(Opslag):
    """A directory on local disk: ``map/ab/cdef...`` for the key ``abcdef...``."""

    def __init__(self, map: Path | str) -> None:
        self.map = Path(map)

    def __repr__(self) -> str:
        return f"Schijfopslag({str(self.map)!r})"

    def pad(self, sleutel: str) -> Path:
        """The file of ``sleutel`` (the key is checked first: no other path is possible)."""
        _geldig(sleutel)
        return self.map / sleutel[:2] / sleutel[2:]

    def bewaar(self, sleutel: str, inhoud: bytes, mediatype: str) -> None:
        doel = self.pad(sleutel)
        if not doel.parent.is_dir():
            self.map.mkdir(mode=0o700, parents=True, exist_ok=True)
            doel.parent.mkdir(mode=0o700, exist_ok=True)
        # mkstemp creates the file with mode 0600, in the final directory (one file
        # system, so the rename below is atomic)
        fd, tijdelijk = tempfile.mkstemp(prefix=_TIJDELIJK, dir=doel.parent)
        try:
            with os.fdopen(fd, "wb") as bestand:
                bestand.write(inhoud)
                bestand.flush()
                os.fsync(bestand.fileno())
            os.replace(tijdelijk, doel)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tijdelijk)
            raise
        _fsync_map(doel.parent)

    def lees(self, sleutel: str) -> bytes:
        try:
            return self.pad(sleutel).read_bytes()
        except FileNotFoundError:
            raise InhoudOntbreekt(sleutel) from None

    def verwijder(self, sleutel: str) -> None:
        self.pad(sleutel).unlink(missing_ok=True)

    def bestaat(self, sleutel: str) -> bool:
        return self.pad(sleutel).is_file()

    def sleutels(self) -> Iterator[str]:
        if not self.map.is_dir():
            return
        for deel in sorted(self.map.iterdir()):
            if len(deel.name) != 2 or not deel.is_dir():
                continue
            for bestand in sorted(deel.iterdir()):
                sleutel = deel.name + bestand.name
                if SLEUTEL.fullmatch(sleutel) and bestand.is_file():
                    yield sleutel


def _fsync_map(map: Path) -> None:
    """Make the rename durable: fsync the directory that holds the new name."""
    fd = os.open(map, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class S3opslag(Opslag):
    """An S3-compatible bucket: the key ``abcdef...`` is the object ``<prefix>abcdef...``.

    Credentials come from ``toegangssleutel``/``geheim`` when given, else from boto3's
    usual chain (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, a profile, an instance
    role). ``versleuteling`` is the ``ServerSideEncryption`` asked for on every object
    (``AES256`` or ``aws:kms``, with ``kms_sleutel`` as its key); empty: the bucket's own
    default."""

    def __init__(
        self,
        bucket: str,
        endpoint_url: str | None = None,
        regio: str | None = None,
        prefix: str = "",
        *,
        toegangssleutel: str | None = None,
        geheim: str | None = None,
        versleuteling: str | None = None,
        kms_sleutel: str | None = None,
        tijd: float = 30.0,
    ) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix
        self.bladzijde = 1000  # keys per listing request (S3's maximum)
        self.versleuteling = versleuteling or None
        self.kms_sleutel = kms_sleutel or None
        self.client: Any = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=regio or None,
            aws_access_key_id=toegangssleutel or None,
            aws_secret_access_key=geheim or None,
            config=Config(
                connect_timeout=tijd,
                read_timeout=tijd,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        )

    def __repr__(self) -> str:
        return f"S3opslag({self.bucket!r}, prefix={self.prefix!r})"

    def _naam(self, sleutel: str) -> str:
        return self.prefix + _geldig(sleutel)

    def bewaar(self, sleutel: str, inhoud: bytes, mediatype: str) -> None:
        extra: dict[str, str] = {}
        if self.versleuteling:
            extra["ServerSideEncryption"] = self.versleuteling
            if self.kms_sleutel:
                extra["SSEKMSKeyId"] = self.kms_sleutel
        # one PUT: S3 makes the object visible whole or not at all
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._naam(sleutel),
            Body=inhoud,
            ContentType=mediatype,
            ContentDisposition="attachment",
            **extra,
        )

    def lees(self, sleutel: str) -> bytes:
        try:
            antwoord = self.client.get_object(Bucket=self.bucket, Key=self._naam(sleutel))
        except self.client.exceptions.NoSuchKey:
            raise InhoudOntbreekt(sleutel) from None
        with contextlib.closing(antwoord["Body"]) as body:
            data: bytes = body.read()
        return data

    def verwijder(self, sleutel: str) -> None:
        # S3's DELETE of a missing object succeeds too
        self.client.delete_object(Bucket=self.bucket, Key=self._naam(sleutel))

    def bestaat(self, sleutel: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._naam(sleutel))
        except ClientError as fout:
            if fout.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def sleutels(self) -> Iterator[str]:
        bladzijden = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix, PaginationConfig={"PageSize": self.bladzijde}
        )
        for bladzijde in bladzijden:
            for object_ in bladzijde.get("Contents", []):
                sleutel = str(object_["Key"])[len(self.prefix) :]
                if SLEUTEL.fullmatch(sleutel):
                    yield sleutel


def _kenmerk(app: Flask) -> tuple[Any, ...]:
    """The settings a storage is built from: a change (a test's) builds a new one."""
    config = app.config
    return (
        instellingen.opslagsoort(app),
        str(instellingen.documentmap(app)),
        *(
            config.get(naam)
            for naam in (
                "S3_BUCKET",
                "S3_ENDPOINT_URL",
                "S3_REGIO",
                "S3_PREFIX",
                "S3_TOEGANGSSLEUTEL",
                "S3_GEHEIM",
                "S3_VERSLEUTELING",
                "S3_KMS_SLEUTEL",
            )
        ),
    )


def maak_opslag(app: Flask) -> Opslag:
    """A new storage from ``app``'s settings (``DOCUMENTEN_OPSLAG`` and the rest)."""
    soort = instellingen.opslagsoort(app)
    if soort == "schijf":
        return Schijfopslag(instellingen.documentmap(app))
    if soort == "s3":
        config = app.config
        return S3opslag(
            str(config["S3_BUCKET"]),
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            regio=config.get("S3_REGIO"),
            prefix=str(config.get("S3_PREFIX") or ""),
            toegangssleutel=config.get("S3_TOEGANGSSLEUTEL"),
            geheim=config.get("S3_GEHEIM"),
            versleuteling=config.get("S3_VERSLEUTELING"),
            kms_sleutel=config.get("S3_KMS_SLEUTEL"),
        )
    raise RuntimeError(f"DOCUMENTEN_OPSLAG={soort!r} is onbekend.")


def opslag_van(app: Flask | None = None) -> Opslag:
    """The configured storage of ``app`` (default: the current one), made once per
    configuration (an S3 client is kept, with its connections)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    kenmerk = _kenmerk(app)
    bewaard = app.extensions.get("documentopslag")
    if bewaard is None or bewaard[0] != kenmerk:
        bewaard = (kenmerk, maak_opslag(app))
        app.extensions["documentopslag"] = bewaard
    opslag: Opslag = bewaard[1]
    return opslag
