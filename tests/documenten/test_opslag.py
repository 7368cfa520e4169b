"""The storage (casus.documenten.opslag): the disk and S3 (moto's server on loopback)
pass the same contract; then what is particular to each, the choice by the settings,
and the backup of the documents' directory."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from flask import Flask

from casus.documenten.opslag import (
    InhoudOntbreekt,
    Opslag,
    S3opslag,
    Schijfopslag,
    nieuwe_sleutel,
    opslag_van,
)
from casus.extensions import db
from casus.onderhoud.backup import documentenkopie
from tests.hulp import s3 as s3hulp
from tests.hulp import voorbeelden
from tests.hulp.instellingen import ingesteld

SLEUTEL_A = "0123456789abcdef0123456789abcdef"
SLEUTEL_B = "fedcba9876543210fedcba9876543210"
ONGELDIG = [
    "../../etc/passwd",
    "01/23456789abcdef0123456789abcdef",
    "0123456789ABCDEF0123456789ABCDEF",  # upper case
    "0123456789abcdef0123456789abcde",  # 31 digits
    "0123456789abcdef0123456789abcdef0",  # 33
    "0123456789abcdef0123456789abcdeg",
    "",
    "..",
]


@pytest.fixture(params=["schijf", "s3"])
def opslag(request: pytest.FixtureRequest, app: Flask) -> Opslag:
    """The configured storage: on disk (this directory's autouse fixture), or S3."""
    if request.param == "s3":
        request.getfixturevalue("s3")
    return opslag_van(app)


def test_the_fixture_gives_the_kind_asked_for(opslag: Opslag, app: Flask) -> None:
    if app.config["DOCUMENTEN_OPSLAG"] == "s3":
        assert isinstance(opslag, S3opslag)
        assert opslag.bucket == app.config["S3_BUCKET"]
    else:
        assert isinstance(opslag, Schijfopslag)


def test_stored_content_reads_back_the_same(opslag: Opslag) -> None:
    opslag.bewaar(SLEUTEL_A, voorbeelden.PDF, "application/pdf")
    opslag.bewaar(SLEUTEL_B, b"", "text/plain")
    assert opslag.lees(SLEUTEL_A) == voorbeelden.PDF
    assert opslag.lees(SLEUTEL_B) == b""


def test_large_content_reads_back_the_same(opslag: Opslag) -> None:
    inhoud = os.urandom(3 * 1024 * 1024 + 17)
    opslag.bewaar(SLEUTEL_A, inhoud, "application/octet-stream")
    assert opslag.lees(SLEUTEL_A) == inhoud


def test_bestaat_and_sleutels_see_exactly_what_is_stored(opslag: Opslag) -> None:
    assert list(opslag.sleutels()) == []
    assert opslag.bestaat(SLEUTEL_A) is False
    opslag.bewaar(SLEUTEL_A, b"a", "text/plain")
    opslag.bewaar(SLEUTEL_B, b"b", "text/plain")
    assert opslag.bestaat(SLEUTEL_A) is True
    assert sorted(opslag.sleutels()) == [SLEUTEL_A, SLEUTEL_B]


def test_delete_removes_and_is_idempotent(opslag: Opslag) -> None:
    opslag.bewaar(SLEUTEL_A, b"a", "text/plain")
    opslag.bewaar(SLEUTEL_B, b"b", "text/plain")
    opslag.verwijder(SLEUTEL_A)
    opslag.verwijder(SLEUTEL_A)
    assert opslag.bestaat(SLEUTEL_A) is False
    assert list(opslag.sleutels()) == [SLEUTEL_B]
    with pytest.raises(InhoudOntbreekt):
        opslag.lees(SLEUTEL_A)
    assert opslag.lees(SLEUTEL_B) == b"b"


def test_reading_a_key_never_stored_says_so(opslag: Opslag) -> None:
    with pytest.raises(InhoudOntbreekt):
        opslag.lees(nieuwe_sleutel())


@pytest.mark.parametrize("sleutel", ONGELDIG)
def test_a_key_not_of_the_random_form_is_refused_everywhere(opslag: Opslag, sleutel: str) -> None:
    with pytest.raises(ValueError, match="ongeldige opslagsleutel"):
        opslag.bewaar(sleutel, b"x", "text/plain")
    with pytest.raises(ValueError, match="ongeldige opslagsleutel"):
        opslag.lees(sleutel)
    with pytest.raises(ValueError, match="ongeldige opslagsleutel"):
        opslag.verwijder(sleutel)
    with pytest.raises(ValueError, match="ongeldige opslagsleutel"):
        opslag.bestaat(sleutel)
    assert list(opslag.sleutels()) == []


def test_new_keys_are_random_hex_and_distinct() -> None:
    sleutels = {nieuwe_sleutel() for _ in range(1000)}
    assert len(sleutels) == 1000
    assert all(re.fullmatch(r"[0-9a-f]{32}", s) for s in sleutels)


# -- on disk ------------------------------------------------------------------------------


def test_disk_layout_two_levels_mode_0600_and_no_temporary_file(
    documentopslag: Opslag, tmp_path: Path
) -> None:
    assert isinstance(documentopslag, Schijfopslag)
    documentopslag.bewaar(SLEUTEL_A, b"inhoud", "text/plain")
    bestand = tmp_path / "documenten" / "01" / "23456789abcdef0123456789abcdef"
    assert documentopslag.pad(SLEUTEL_A) == bestand
    assert bestand.read_bytes() == b"inhoud"
    assert stat.S_IMODE(bestand.stat().st_mode) == 0o600
    assert stat.S_IMODE(bestand.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "documenten").stat().st_mode) == 0o700
    assert [p.name for p in bestand.parent.iterdir()] == ["23456789abcdef0123456789abcdef"]


def test_a_write_that_fails_halfway_leaves_nothing(documentopslag: Opslag, tmp_path: Path) -> None:
    assert isinstance(documentopslag, Schijfopslag)
    with pytest.raises(TypeError):
        documentopslag.bewaar(SLEUTEL_A, "geen bytes", "text/plain")  # type: ignore[arg-type]
    assert list((tmp_path / "documenten" / "01").iterdir()) == []
    assert documentopslag.bestaat(SLEUTEL_A) is False


def test_a_rewrite_replaces_the_whole_file(documentopslag: Opslag) -> None:
    documentopslag.bewaar(SLEUTEL_A, b"een lange eerste inhoud", "text/plain")
    documentopslag.bewaar(SLEUTEL_A, b"kort", "text/plain")
    assert documentopslag.lees(SLEUTEL_A) == b"kort"


def test_files_being_written_and_strangers_are_no_keys(
    documentopslag: Opslag, tmp_path: Path
) -> None:
    documentopslag.bewaar(SLEUTEL_A, b"a", "text/plain")
    map_ = tmp_path / "documenten"
    (map_ / "01" / ".tmp-abc123").write_bytes(b"half")
    (map_ / "01" / "LEESMIJ").write_bytes(b"x")
    (map_ / "zz").mkdir()
    (map_ / "zz" / "0123456789abcdef0123456789ab").write_bytes(b"x")
    (map_ / "notitie.txt").write_bytes(b"x")
    assert list(documentopslag.sleutels()) == [SLEUTEL_A]


def test_an_absent_directory_holds_no_keys(tmp_path: Path) -> None:
    assert list(Schijfopslag(tmp_path / "bestaat-niet").sleutels()) == []


# -- S3 -----------------------------------------------------------------------------------


def _object(endpoint: str, bucket: str, naam: str) -> dict[str, object]:
    kop: dict[str, object] = s3hulp.client(endpoint).head_object(Bucket=bucket, Key=naam)
    return kop


def test_s3_objects_carry_the_type_and_are_attachments(app: Flask, s3: str) -> None:
    opslag_van(app).bewaar(SLEUTEL_A, voorbeelden.PDF, "application/pdf")
    kop = _object(s3, app.config["S3_BUCKET"], SLEUTEL_A)
    assert kop["ContentType"] == "application/pdf"
    assert kop["ContentDisposition"] == "attachment"
    assert kop["ContentLength"] == len(voorbeelden.PDF)


def test_s3_prefix_and_other_objects_in_the_bucket(app: Flask, s3: str) -> None:
    bucket = app.config["S3_BUCKET"]
    client = s3hulp.client(s3)
    client.put_object(Bucket=bucket, Key="elders/bestand", Body=b"x")
    client.put_object(Bucket=bucket, Key=SLEUTEL_B, Body=b"buiten het voorvoegsel")
    with ingesteld(app, S3_PREFIX="casus/"):
        opslag = opslag_van(app)
        opslag.bewaar(SLEUTEL_A, b"a", "text/plain")
        assert client.get_object(Bucket=bucket, Key=f"casus/{SLEUTEL_A}")["Body"].read() == b"a"
        assert list(opslag.sleutels()) == [SLEUTEL_A]
        assert opslag.bestaat(SLEUTEL_B) is False


def test_s3_asks_for_server_side_encryption_when_set(app: Flask, s3: str) -> None:
    with ingesteld(app, S3_VERSLEUTELING="AES256"):
        opslag_van(app).bewaar(SLEUTEL_A, b"a", "text/plain")
    opslag_van(app).bewaar(SLEUTEL_B, b"b", "text/plain")
    assert _object(s3, app.config["S3_BUCKET"], SLEUTEL_A)["ServerSideEncryption"] == "AES256"
    assert "ServerSideEncryption" not in _object(s3, app.config["S3_BUCKET"], SLEUTEL_B)


def test_s3_lists_page_after_page(app: Flask, s3: str) -> None:
    opslag = opslag_van(app)
    assert isinstance(opslag, S3opslag)
    opslag.bladzijde = 2  # (1000 in use) five keys: three listing requests
    sleutels = [f"{i:032x}" for i in range(5)]
    for sleutel in sleutels:
        opslag.bewaar(sleutel, b"", "text/plain")
    verzoeken: list[str] = []
    opslag.client.meta.events.register(
        "after-call.s3.ListObjectsV2", lambda **_: verzoeken.append("lijst")
    )
    assert list(opslag.sleutels()) == sleutels
    assert len(verzoeken) == 3


# -- the choice by the settings -------------------------------------------------------------


def test_the_default_directory_is_instance_documenten(app: Flask) -> None:
    with ingesteld(app, DOCUMENTEN_MAP=None):
        opslag = opslag_van(app)
        assert isinstance(opslag, Schijfopslag)
        assert opslag.map == Path(app.instance_path) / "documenten"


def test_the_storage_is_kept_until_its_settings_change(app: Flask, tmp_path: Path) -> None:
    eerste = opslag_van(app)
    assert opslag_van(app) is eerste
    with ingesteld(app, DOCUMENTEN_MAP=str(tmp_path / "elders")):
        ander = opslag_van(app)
        assert isinstance(ander, Schijfopslag)
        assert ander.map == tmp_path / "elders"
    assert opslag_van(app) is not ander


# -- backup and restore ---------------------------------------------------------------------


def test_backup_copies_the_documents_next_to_the_database_and_they_restore(
    app: Flask, tmp_path: Path, documentopslag: Opslag
) -> None:
    """``flask --app casus backup DOEL`` writes DOEL.documenten; restoring (docs/beheer.md)
    is pointing DOCUMENTEN_MAP at that copy: every file reads back the same."""
    inhoud = {nieuwe_sleutel(): os.urandom(100 + i) for i in range(5)}
    for sleutel, data in inhoud.items():
        documentopslag.bewaar(sleutel, data, "application/octet-stream")
    # a file being written when the backup runs is not part of it
    eerste = next(iter(inhoud))
    (documentopslag.pad(eerste).parent / ".tmp-halfgeschreven").write_bytes(b"half")  # type: ignore[attr-defined]
    doel = tmp_path / "backup" / "casus.db"
    doel.parent.mkdir()
    if db.engine.url.get_backend_name() == "postgresql":
        doel = doel.with_suffix(".dump")
    uitvoer = app.test_cli_runner().invoke(args=["backup", str(doel)])
    assert uitvoer.exit_code == 0, uitvoer.output
    kopie = documentenkopie(doel)
    assert kopie == doel.with_name(doel.name + ".documenten")
    assert f"5 documenten gekopieerd naar {kopie}." in uitvoer.output
    hersteld = Schijfopslag(kopie)
    assert sorted(hersteld.sleutels()) == sorted(inhoud)
    for sleutel, data in inhoud.items():
        assert hersteld.lees(sleutel) == data
        assert stat.S_IMODE(hersteld.pad(sleutel).stat().st_mode) == 0o600
    assert not any(p.name.startswith(".tmp-") for p in kopie.rglob("*"))
    # a second backup to the same place is refused, the copy untouched
    opnieuw = app.test_cli_runner().invoke(args=["backup", str(doel)])
    assert opnieuw.exit_code == 1
    assert "bestaat al" in opnieuw.output
    with ingesteld(app, DOCUMENTEN_MAP=str(kopie)):
        assert {s: opslag_van(app).lees(s) for s in inhoud} == inhoud


def test_backup_refuses_when_only_the_documents_copy_exists(
    app: Flask, tmp_path: Path, documentopslag: Opslag
) -> None:
    documentopslag.bewaar(SLEUTEL_A, b"a", "text/plain")
    doel = tmp_path / "casus.db"
    documentenkopie(doel).mkdir()
    uitvoer = app.test_cli_runner().invoke(args=["backup", str(doel)])
    assert uitvoer.exit_code == 1
    assert f"{documentenkopie(doel)} bestaat al; kies een nieuw bestand." in uitvoer.output
    assert not doel.exists()


def test_backup_with_s3_leaves_the_documents_to_the_bucket(
    app: Flask, tmp_path: Path, s3: str
) -> None:
    opslag_van(app).bewaar(SLEUTEL_A, b"a", "text/plain")
    doel = tmp_path / "casus.db"
    if db.engine.url.get_backend_name() == "postgresql":
        doel = doel.with_suffix(".dump")
    uitvoer = app.test_cli_runner().invoke(args=["backup", str(doel)])
    assert uitvoer.exit_code == 0, uitvoer.output
    assert "documenten" not in uitvoer.output
    assert not documentenkopie(doel).exists()
