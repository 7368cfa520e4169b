"""Documents on the case page (issue 20) in Chromium at 1366 and 390 px, with a real clamd
on loopback: a regisseur uploads a document (the progress bar shows while the file is
sent, the upload slowed down to 2 MB/s), downloads it, adds a version, and sees an
EICAR upload refused with the message next to the file field and the title still
filled in. axe finds nothing on the page with the refused form. Screenshots:
documenten-<width>.png and documenten-geweigerd-<width>.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casus.extensions import db
from tests.hulp import database, fabrieken
from tests.hulp.browser import (
    AXE,
    LAPTOP,
    SCREENSHOTS,
    SMAL,
    NieuweContext,
    Server,
    axe_overtredingen,
    beschrijf,
    expect,
    serverapp,
    start,
)
from tests.hulp.clamd import EICAR, clamd_server, clamd_vereist

BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]
# a PDF of 6 MB: at 2 MB/s its upload takes long enough to see the bar
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"% opvulling\n" * 500_000
PDF2 = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Versie 2 >>\nendobj\n%%EOF\n"
TITEL = "Gedragsovereenkomst met de bewoner"


@pytest.fixture(scope="module")
def clamd_adres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    clamd_vereist()
    with clamd_server(tmp_path_factory.mktemp("clamd")) as adres:
        yield adres


@pytest.fixture(scope="module")
def documentserver(tmp_path_factory: pytest.TempPathFactory, clamd_adres: str) -> Iterator[Server]:
    map_ = tmp_path_factory.mktemp("browser-documenten")
    app = serverapp(
        map_ / "casus.sqlite", DOCUMENTEN_MAP=str(map_ / "documenten"), CLAMAV_ADRES=clamd_adres
    )
    with start(app) as server:
        yield server


@pytest.fixture
def casus_id(documentserver: Server) -> Iterator[int]:
    with documentserver.app.app_context():
        regisseur = fabrieken.gebruiker("ria", "regisseur:woonoverlast", naam="Ria Regisseur")
        casus = fabrieken.casus(
            "woonoverlast",
            "actief",
            regisseur=regisseur,
            gebruikersfabriek=fabrieken.gebruikers(),
        )
        db.session.commit()
        yield casus.id
        database.leeg(documentserver.app)
    documentserver.sessies.clear()


def _traag(context: Any, page: Any) -> None:
    """Send at most 2 MB per second, as over a slow municipal line."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 0,
            "downloadThroughput": -1,
            "uploadThroughput": 2 * 1024 * 1024,
        },
    )


def _vul_in(page: Any, titel: str, bestand: dict[str, Any]) -> None:
    vak = page.locator("details#document")
    if not vak.evaluate("e => e.open"):
        vak.locator("summary").click()
    page.get_by_label("Titel").fill(titel)
    page.get_by_label("Soort document").select_option(label="Gedragsovereenkomst")
    page.get_by_label("Datum van het document").fill("2025-02-03")
    page.locator("#document-bestand").set_input_files(bestand)
    page.get_by_role("button", name="Document toevoegen").click()


@pytest.mark.parametrize("breedte", BREEDTES)
def test_a_regisseur_uploads_downloads_versions_and_is_refused_a_virus(
    nieuwe_context: NieuweContext,
    documentserver: Server,
    casus_id: int,
    breedte: dict[str, int],
    tmp_path: Path,
) -> None:
    context = nieuwe_context(documentserver, "ria", viewport=breedte)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto(f"/casus/{casus_id}#documenten")
    expect(page.get_by_role("heading", name="Documenten")).to_be_visible()

    # upload, with the progress shown while the file goes
    _traag(context, page)
    _vul_in(page, TITEL, {"name": "overeenkomst.pdf", "mimeType": "application/pdf", "buffer": PDF})
    voortgang = page.locator("form[data-upload] .upload")
    expect(voortgang.locator("progress")).to_be_visible()
    expect(voortgang).to_have_attribute("aria-live", "polite")
    expect(voortgang.locator(".upload__tekst")).to_have_text(re.compile(r"Uploaden… \d+%|Geüpload"))
    expect(page.get_by_text(f"Document '{TITEL}' is toegevoegd.")).to_be_visible(timeout=30_000)
    assert "sectie=documenten" in page.url
    rij = page.locator(".documenten__tabel tbody tr")
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text("Gedragsovereenkomst")
    expect(rij).to_contain_text("03-02-2025")
    expect(rij).to_contain_text("Zaakvertrouwelijk")

    # download: the same bytes, under the name it was uploaded with
    with page.expect_download() as gedownload:
        page.get_by_role("link", name=f"{TITEL} downloaden").click()
    assert gedownload.value.suggested_filename == "overeenkomst.pdf"
    assert Path(gedownload.value.path()).read_bytes() == PDF

    # a new version
    page.get_by_text(f"Versies van \u2018{TITEL}\u2019 (1)").click()
    versies = page.locator("details.documenten__versies")
    versies.locator("input[type=file]").set_input_files(
        {"name": "overeenkomst-getekend.pdf", "mimeType": "application/pdf", "buffer": PDF2}
    )
    versies.get_by_label("Wat is er veranderd? (niet verplicht)").fill("Getekend door beiden")
    versies.get_by_role("button", name="Versie toevoegen").click()
    expect(page.get_by_text(f"Versie 2 van '{TITEL}' is toegevoegd.")).to_be_visible(timeout=30_000)
    expect(page.locator(".documenten__tabel tbody tr td.getal").first).to_have_text("2")
    page.screenshot(path=SCREENSHOTS / f"documenten-{breedte['width']}.png", full_page=True)

    # EICAR: refused next to the file field, the title kept, nothing added
    _vul_in(
        page,
        "Bijlage van de melder",
        {"name": "bijlage.txt", "mimeType": "text/plain", "buffer": EICAR},
    )
    fout = page.locator("#document-bestand-fout")
    expect(fout).to_contain_text("virus", timeout=30_000)
    expect(fout).to_contain_text("Kies het bestand opnieuw")
    expect(page.get_by_label("Titel")).to_have_value("Bijlage van de melder")
    expect(page.locator("#documenten-sectie [data-foutsamenvatting]")).to_be_focused()
    expect(page.locator(".documenten__tabel tbody tr")).to_have_count(1)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= breedte["width"]
    page.screenshot(
        path=SCREENSHOTS / f"documenten-geweigerd-{breedte['width']}.png", full_page=True
    )
    overtredingen = axe_overtredingen(page)
    assert overtredingen == [], beschrijf(overtredingen)


def test_without_javascript_the_form_still_works(
    nieuwe_context: NieuweContext, documentserver: Server, casus_id: int
) -> None:
    context = nieuwe_context(documentserver, "ria", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/casus/{casus_id}")
    _vul_in(page, TITEL, {"name": "brief.pdf", "mimeType": "application/pdf", "buffer": PDF2})
    expect(page.get_by_text(f"Document '{TITEL}' is toegevoegd.")).to_be_visible()
    _vul_in(page, "Leeg", {"name": "leeg.pdf", "mimeType": "application/pdf", "buffer": b""})
    expect(page.locator("#document-bestand-fout")).to_contain_text("Kies het bestand opnieuw")
    expect(page.get_by_label("Titel")).to_have_value("Leeg")
