"""The documents' settings are checked at start-up (casus.documenten.instellingen): a
mistake stops ``create_app`` with a Dutch message; and the uploads of documents may be
larger than MAX_CONTENT_LENGTH."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from casus import create_app
from casus.documenten.instellingen import (
    UPLOADBLUEPRINTS,
    Scanneradres,
    grote_upload,
    init_app,
    lees_scanneradres,
)
from config import TestConfig


def maak(tmp_path: Path, **instellingen: Any) -> Flask:
    return create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'c.db'}", **instellingen
    )


@pytest.mark.parametrize(
    ("instellingen", "bericht"),
    [
        ({"DOCUMENTEN_OPSLAG": "ftp"}, "DOCUMENTEN_OPSLAG='ftp' is onbekend; kies uit schijf, s3."),
        (
            {"DOCUMENTEN_OPSLAG": "s3", "S3_BUCKET": None},
            "DOCUMENTEN_OPSLAG=s3 vraagt ook S3_BUCKET (de naam van de bucket).",
        ),
        ({"DOCUMENT_MAX_MB": 0}, "DOCUMENT_MAX_MB=0 moet groter dan 0 zijn."),
        ({"DOCUMENT_MAX_MB": -1}, "DOCUMENT_MAX_MB=-1 moet groter dan 0 zijn."),
        ({"DOCUMENT_MAX_MB": "veel"}, "DOCUMENT_MAX_MB='veel' is geen geheel getal."),
        ({"CLAMAV_SCANTIJD": -5}, "CLAMAV_SCANTIJD moet groter dan 0 seconden zijn."),
        (
            {"CLAMAV_ADRES": "127.0.0.1:3310"},
            "CLAMAV_ADRES='127.0.0.1:3310' is ongeldig: het begint met tcp:// of unix://",
        ),
        (
            {"CLAMAV_ADRES": "tcp://127.0.0.1"},
            "CLAMAV_ADRES='tcp://127.0.0.1' is ongeldig: verwacht tcp://host:poort",
        ),
        (
            {"CLAMAV_ADRES": "tcp://127.0.0.1:99999"},
            "CLAMAV_ADRES='tcp://127.0.0.1:99999' is ongeldig: verwacht tcp://host:poort",
        ),
        (
            {"CLAMAV_ADRES": "unix://clamd.ctl"},
            "CLAMAV_ADRES='unix://clamd.ctl' is ongeldig: verwacht unix:///pad/naar/socket",
        ),
    ],
)
def test_a_wrong_setting_stops_the_start(
    tmp_path: Path, instellingen: dict[str, Any], bericht: str
) -> None:
    with pytest.raises(RuntimeError) as fout:
        maak(tmp_path, **instellingen)
    assert str(fout.value).startswith(bericht)


def test_good_settings_start(tmp_path: Path) -> None:
    app = maak(
        tmp_path,
        DOCUMENTEN_OPSLAG="s3",
        S3_BUCKET="casus-documenten",
        CLAMAV_ADRES="unix:///run/clamav/clamd.ctl",
    )
    assert app.config["DOCUMENTEN_OPSLAG"] == "s3"


def _met_routes(app: Flask) -> Flask:
    """Two views that read a posted file: an ordinary one, and one marked as an upload."""

    def gewoon() -> str:
        return str(len(request.files["bestand"].read()))

    @grote_upload
    def upload() -> str:
        return str(len(request.files["bestand"].read()))

    app.add_url_rule("/gewoon", "gewoon", gewoon, methods=["POST"])
    app.add_url_rule("/upload", "upload", upload, methods=["POST"])
    return app


def _post(app: Flask, pad: str, grootte: int) -> Any:
    # the body made here, in memory (the test client would spool a large one to a
    # temporary file it never closes)
    grens, body = encode_multipart(
        MultiDict({"bestand": FileStorage(io.BytesIO(b"a" * grootte), "groot.txt")})
    )
    return app.test_client().post(
        pad, data=body, content_type=f"multipart/form-data; boundary={grens}"
    )


def test_uploads_of_documents_may_be_larger_than_other_requests(tmp_path: Path) -> None:
    app = _met_routes(maak(tmp_path, DOCUMENT_MAX_MB=3))
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1_048_576
    drie_mb = 3 * 1_048_576
    assert _post(app, "/gewoon", drie_mb).status_code == 413
    antwoord = _post(app, "/upload", drie_mb)
    assert (antwoord.status_code, antwoord.get_data(as_text=True)) == (200, str(drie_mb))
    # the document limit plus 1 MiB for the rest of the form, the multipart framing included
    assert _post(app, "/upload", 4 * 1_048_576).status_code == 413


def test_the_upload_limit_holds_before_the_csrf_check_reads_the_form(tmp_path: Path) -> None:
    app = _met_routes(maak(tmp_path, DOCUMENT_MAX_MB=3, WTF_CSRF_ENABLED=True))
    # the CSRF check reads the whole form first: refused for its missing token (400),
    # not for its size (413)
    assert _post(app, "/upload", 3 * 1_048_576).status_code == 400
    assert _post(app, "/gewoon", 3 * 1_048_576).status_code == 413


def test_the_documenten_blueprint_is_an_upload(tmp_path: Path) -> None:
    app = maak(tmp_path, DOCUMENT_MAX_MB=3, WTF_CSRF_ENABLED=True)
    assert "documenten" in UPLOADBLUEPRINTS
    # any URL of the blueprint: the CSRF refusal, not the size's
    assert _post(app, "/casus/1/documenten", 3 * 1_048_576).status_code == 400
    assert _post(app, "/casus/1/documenten", 5 * 1_048_576).status_code == 413


def test_production_without_a_scanner_warns_at_start(caplog: pytest.LogCaptureFixture) -> None:
    kaal = Flask(__name__)
    kaal.config.update(OMGEVING="production", CLAMAV_ADRES=None)
    with caplog.at_level(logging.WARNING, logger="casus.documenten.instellingen"):
        init_app(kaal)
    assert "CLAMAV_ADRES ontbreekt; uploads worden geweigerd tot het is gezet" in caplog.text
    caplog.clear()
    kaal.config.update(DOCUMENTEN_ZONDER_VIRUSSCAN=True)
    with caplog.at_level(logging.WARNING, logger="casus.documenten.instellingen"):
        init_app(kaal)
    assert "geen virusscanner ingesteld; uploads worden niet gescand" in caplog.text


@pytest.mark.parametrize(
    ("adres", "gelezen"),
    [
        ("tcp://127.0.0.1:3310", Scanneradres("tcp", host="127.0.0.1", poort=3310)),
        ("tcp://clamav.intern:3310/", Scanneradres("tcp", host="clamav.intern", poort=3310)),
        ("unix:///run/clamav/clamd.ctl", Scanneradres("unix", pad="/run/clamav/clamd.ctl")),
    ],
)
def test_scanner_addresses(adres: str, gelezen: Scanneradres) -> None:
    assert lees_scanneradres(adres) == gelezen
