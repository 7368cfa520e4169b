"""Documenten: files on a case (and on a signal), with versions, checked at the door
(size, real type, name, virus scan) and visible exactly to those who may see the case.

Layers (docs/documenten.md):

- ``casus.documenten.opslag``: one small interface (``Opslag``) for the file content,
  stored under a random key: ``Schijfopslag`` (a directory, the embedded default) and
  ``S3opslag`` (S3-compatible object storage, boto3). ``opslag_van(app)`` gives the
  configured one.
- ``casus.documenten.controle``: the checks at the door, in this order: not empty, not
  too large, a safe name, the real type read from the content (libmagic) on the
  allow-list and matching the name's extension, and a virus scan by ClamAV's daemon
  (``casus.documenten.clamav``, INSTREAM over TCP or a unix socket). A refusal raises
  ``Bestandsfout`` with a Dutch message; nothing has been stored by then.
- ``casus.documenten.models`` / ``services``: ``Document`` and ``Documentversie``, the
  rights (``casus.toegang``), the audit, retention and the AVG inzage.
- ``casus.documenten.views``: upload, new version, download on the case and signal
  pages; ``casus.api`` gives the same through the API.
"""

from __future__ import annotations

from dataclasses import dataclass

from casus.errors import Ongeldig


class Bestandsfout(Ongeldig):
    """A file refused at the door: ``veld`` is the form field the message belongs to."""

    def __init__(self, bericht: str, veld: str = "bestand") -> None:
        super().__init__(bericht)
        self.veld = veld


@dataclass(frozen=True)
class GecontroleerdBestand:
    """A file that passed every check: ready to be stored."""

    naam: str  # the sanitised file name, as it will be offered on download
    mediatype: str  # the real type read from the content (e.g. "application/pdf")
    grootte: int  # bytes
    sha256: str  # hex digest of the content
    inhoud: bytes
