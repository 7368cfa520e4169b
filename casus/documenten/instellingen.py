"""The documents' settings (config.py, docs/documenten.md "Instellingen"), read from the
application's configuration, and their check at start-up (``init_app``).

Everything else in ``casus.documenten`` reads its settings through the functions here,
so a test that changes ``app.config`` changes the behaviour of the next call.

The size of a request: ``MAX_CONTENT_LENGTH`` (2 MiB) holds for every request, except the
uploads of documents (the ``documenten`` blueprint, and any view marked
``grote_upload``), which may be ``DOCUMENT_MAX_MB`` plus 1 MiB (``uploadgrens``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, current_app, request

log = logging.getLogger(__name__)

OPSLAGSOORTEN = ("schijf", "s3")
STANDAARD_MAX_MB = 25
STANDAARD_SCANTIJD = 30.0
# what a request with the largest document may carry besides it (the form's other fields,
# the multipart boundaries)
RUIMTE_NAAST_BESTAND = 1024 * 1024
# the blueprints whose requests are uploads of documents (``uploadgrens``)
UPLOADBLUEPRINTS = frozenset({"documenten"})

V = TypeVar("V", bound=Callable[..., Any])


@dataclass(frozen=True)
class Scanneradres:
    """Where clamd listens: ``tcp://host:port`` or ``unix:///path/to/clamd.ctl``."""

    soort: str  # "tcp" or "unix"
    host: str = ""
    poort: int = 0
    pad: str = ""


def lees_scanneradres(adres: str) -> Scanneradres:
    """Parse ``CLAMAV_ADRES``; ``ValueError`` with a Dutch message when it is malformed."""
    delen = urlsplit(adres.strip())
    if delen.scheme == "tcp":
        try:
            poort = delen.port
        except ValueError:
            poort = None
        if not delen.hostname or poort is None or delen.path not in ("", "/"):
            raise ValueError(
                f"CLAMAV_ADRES={adres!r} is ongeldig: verwacht tcp://host:poort, "
                "bijvoorbeeld tcp://127.0.0.1:3310."
            )
        return Scanneradres("tcp", host=delen.hostname, poort=poort)
    if delen.scheme == "unix":
        pad = delen.netloc + delen.path
        if not pad.startswith("/"):
            raise ValueError(
                f"CLAMAV_ADRES={adres!r} is ongeldig: verwacht unix:///pad/naar/socket, "
                "bijvoorbeeld unix:///run/clamav/clamd.ctl."
            )
        return Scanneradres("unix", pad=pad)
    raise ValueError(
        f"CLAMAV_ADRES={adres!r} is ongeldig: het begint met tcp:// of unix://, bijvoorbeeld "
        "tcp://127.0.0.1:3310 of unix:///run/clamav/clamd.ctl."
    )


def _config(app: Flask | None) -> Any:
    return (app or current_app).config


def max_mb(app: Flask | None = None) -> int:
    """The largest document in MB (``DOCUMENT_MAX_MB``)."""
    waarde = _config(app).get("DOCUMENT_MAX_MB")
    return STANDAARD_MAX_MB if waarde in (None, "") else int(waarde)


def max_bytes(app: Flask | None = None) -> int:
    return max_mb(app) * 1024 * 1024


def uploadgrens(app: Flask | None = None) -> int:
    """The largest request that uploads a document: the document and its form."""
    return max_bytes(app) + RUIMTE_NAAST_BESTAND


def grote_upload(view: V) -> V:
    """Mark a view outside the ``documenten`` blueprint (an API operation) as an upload
    of a document: its requests may be ``uploadgrens`` large."""
    view.grote_upload = True  # type: ignore[attr-defined]
    return view


def clamav_adres(app: Flask | None = None) -> str | None:
    """clamd's address, or None: no scanner configured."""
    adres = str(_config(app).get("CLAMAV_ADRES") or "").strip()
    return adres or None


def clamav_scantijd(app: Flask | None = None) -> float:
    """Seconds a scan (connect, send, clamd's verdict) may take before it counts as
    unreachable (``CLAMAV_SCANTIJD``)."""
    return float(_config(app).get("CLAMAV_SCANTIJD") or STANDAARD_SCANTIJD)


def zonder_virusscan_toegestaan(app: Flask | None = None) -> bool:
    """Without a scanner configured, may documents be stored unscanned? Outside
    production yes; in production only with ``DOCUMENTEN_ZONDER_VIRUSSCAN`` set."""
    config = _config(app)
    if config.get("OMGEVING") != "production":
        return True
    return bool(config.get("DOCUMENTEN_ZONDER_VIRUSSCAN"))


def opslagsoort(app: Flask | None = None) -> str:
    return str(_config(app).get("DOCUMENTEN_OPSLAG") or "schijf").strip().lower()


def documentmap(app: Flask | None = None) -> Path:
    """The directory of the ``schijf`` storage: ``DOCUMENTEN_MAP``, else
    ``instance/documenten``."""
    ingesteld = _config(app).get("DOCUMENTEN_MAP")
    if ingesteld:
        return Path(ingesteld)
    return Path((app or current_app).instance_path) / "documenten"


def init_app(app: Flask) -> None:
    """Check the settings at start-up (a mistake stops the application with a Dutch
    message instead of surfacing at the first upload), and let the uploads of documents
    be larger than ``MAX_CONTENT_LENGTH``."""
    _controleer_grenzen(app)
    _controleer_opslag(app)
    _controleer_scanner(app)
    _controleer_libmagic()
    # a URL value preprocessor runs before every before_request function, so also before
    # Flask-WTF's CSRF check, which reads the form (and with it the whole request)
    app.url_value_preprocessor(_grens_van_upload)


def _grens_van_upload(endpoint: str | None, _waarden: dict[str, Any] | None) -> None:
    view = current_app.view_functions.get(endpoint) if endpoint else None
    if request.blueprint not in UPLOADBLUEPRINTS and not getattr(view, "grote_upload", False):
        return
    algemeen = current_app.config.get("MAX_CONTENT_LENGTH")
    if algemeen is not None and int(algemeen) < uploadgrens():
        request.max_content_length = uploadgrens()


def _controleer_grenzen(app: Flask) -> None:
    """The document limit in MB, and the scan's time limit."""
    waarde = app.config.get("DOCUMENT_MAX_MB")
    try:
        mb = max_mb(app)
    except (TypeError, ValueError):
        raise RuntimeError(f"DOCUMENT_MAX_MB={waarde!r} is geen geheel getal.") from None
    if mb <= 0:
        raise RuntimeError(f"DOCUMENT_MAX_MB={mb} moet groter dan 0 zijn.")
    if float(app.config.get("CLAMAV_SCANTIJD") or STANDAARD_SCANTIJD) <= 0:
        raise RuntimeError("CLAMAV_SCANTIJD moet groter dan 0 seconden zijn.")


def _controleer_opslag(app: Flask) -> None:
    soort = opslagsoort(app)
    if soort not in OPSLAGSOORTEN:
        raise RuntimeError(
            f"DOCUMENTEN_OPSLAG={soort!r} is onbekend; kies uit {', '.join(OPSLAGSOORTEN)}."
        )
    if soort == "s3" and not app.config.get("S3_BUCKET"):
        raise RuntimeError("DOCUMENTEN_OPSLAG=s3 vraagt ook S3_BUCKET (de naam van de bucket).")


def _controleer_libmagic() -> None:
    try:
        import magic  # noqa: F401 - python-magic loads the libmagic library on import
    except ImportError as fout:
        log.error(
            "documenten: libmagic ontbreekt (apt-get install libmagic1); uploads worden "
            "geweigerd: %s",
            fout,
        )


def _controleer_scanner(app: Flask) -> None:
    adres = clamav_adres(app)
    if adres is not None:
        try:
            lees_scanneradres(adres)
        except ValueError as fout:
            raise RuntimeError(str(fout)) from None
    elif app.config.get("OMGEVING") == "production":
        if app.config.get("DOCUMENTEN_ZONDER_VIRUSSCAN"):
            log.warning("documenten: geen virusscanner ingesteld; uploads worden niet gescand")
        else:
            log.warning(
                "documenten: CLAMAV_ADRES ontbreekt; uploads worden geweigerd tot het is gezet"
            )
