"""The infographic in Chromium: the page at laptop and phone width without WCAG
violations or sideways scrolling, the PNG loads as an image and the PDF is a PDF.

History: three woonoverlast cases in Dorp and twelve in Meerzicht, all taken in on
2025-02-01 and running at the end of 2025-H1: Dorp reads "minder dan 5"."""

from __future__ import annotations

import pytest
from flask import Flask

from casus.extensions import db
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
)
from tests.hulp.fabrieken import gebruiker
from tests.hulp.geschiedenis import casus

pytestmark = pytest.mark.usefixtures("leeg")

URL = "/dashboard/infographic?periode=2025-H1&aanpak=woonoverlast"
BREEDTE = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# the PNG opened in an <img> on the page: its natural size once it has loaded
LAAD_PNG = """async (src) => {
    const img = new Image();
    img.alt = 'infographic';
    const klaar = new Promise((goed, fout) => { img.onload = goed; img.onerror = fout; });
    img.src = src;
    document.body.appendChild(img);
    await klaar;
    return [img.naturalWidth, img.naturalHeight];
}"""


def _geschiedenis() -> None:
    gebruiker("pvandijk", "manager", naam="Peter van Dijk")
    for i in range(15):
        casus(
            "woonoverlast",
            "2025-01-20",
            ("triageren", "2025-02-01"),
            zonder_persoon=True,
            kenmerken={
                "woningtype": "koop",
                "soort": "leefbaarheid",
                "wijk": "Dorp" if i < 3 else "Meerzicht",
            },
        )
    db.session.commit()


def test_the_infographic_page_renders_at_laptop_and_phone_width_without_violations(
    nieuwe_context: NieuweContext, server: Server, leeg: Flask
) -> None:
    _geschiedenis()
    context = nieuwe_context(server, "pvandijk", viewport=LAPTOP)
    context.add_init_script(path=AXE)
    page = context.new_page()
    assert page.goto(URL).status == 200
    tekening = page.get_by_role("img", name="Infographic Woonoverlast, eerste halfjaar 2025")
    expect(tekening).to_be_visible()
    expect(page.locator("svg").get_by_text("minder dan 5", exact=True)).to_have_count(1)
    rij = page.get_by_role("row", name="Dorp")
    expect(rij).to_contain_text("minder dan 5")
    SCREENSHOTS.mkdir(exist_ok=True)
    overtredingen, te_breed = {}, []
    for naam, maat in (("laptop", LAPTOP), ("smal", SMAL)):
        page.set_viewport_size(maat)
        breedte = tekening.bounding_box()["width"]
        assert 0 < breedte <= maat["width"], naam
        overtredingen[naam] = axe_overtredingen(page)
        if (pixels := page.evaluate(BREEDTE)) > 0:
            te_breed.append(f"{naam}: {pixels} px")
        page.screenshot(path=SCREENSHOTS / f"infographic-{naam}.png", full_page=True)
    assert overtredingen == {"laptop": [], "smal": []}, beschrijf(overtredingen)
    assert te_breed == []


def test_the_png_loads_as_an_image_and_the_pdf_is_a_pdf(
    nieuwe_context: NieuweContext, server: Server, leeg: Flask
) -> None:
    _geschiedenis()
    page = nieuwe_context(server, "pvandijk", viewport=LAPTOP).new_page()
    page.goto(URL)

    png_url = page.get_by_role("link", name="afbeelding (PNG)").get_attribute("href")
    breedte, hoogte = page.evaluate(LAAD_PNG, png_url)
    assert breedte > 0
    assert abs(hoogte / breedte - 297 / 210) < 0.01  # A4 portrait

    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als PDF").click()
    assert download.value.suggested_filename == "infographic-woonoverlast-eerste-halfjaar-2025.pdf"
    with open(download.value.path(), "rb") as bestand:
        assert bestand.read(5) == b"%PDF-"
    pdf_url = page.get_by_role("link", name="Downloaden als PDF").get_attribute("href")
    antwoord = page.request.get(pdf_url)
    assert antwoord.status == 200
    assert antwoord.headers["content-type"] == "application/pdf"
    assert antwoord.body().startswith(b"%PDF")
