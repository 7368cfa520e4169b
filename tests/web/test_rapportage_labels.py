"""The Rapportage page and its downloads show labels, Dutch dates and one Content-Type."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from casus import labels
from casus.auth.models import Gebruiker
from casus.extensions import db
from tests.hulp.client import login
from tests.hulp.geschiedenis import casus


@pytest.fixture
def manager(client: FlaskClient, maak_gebruiker_: Callable[..., Gebruiker]) -> Gebruiker:
    g = maak_gebruiker_("manager", naam="teamleider")
    db.session.commit()
    login(client, g)
    return g


def _geschiedenis() -> None:
    casus(
        "pga_jeugd",
        "2025-01-06",
        ("triageren", "2025-01-07"),
        ("starten", "2025-01-08"),
        ("afsluiten_succesvol", "2025-03-03", "doelen_behaald"),
    )
    casus(
        "woonoverlast",
        "2025-01-06",
        ("triageren", "2025-01-07"),
        kenmerken={"woningtype": "corporatie", "soort": "hoarder_vervuiler", "wijk": "Meerzicht"},
        zonder_persoon=True,
    )
    db.session.commit()


def _tekst(html: str) -> str:
    hoofd = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"<[^>]+>", "\n", hoofd)


def test_the_page_shows_no_code_where_a_label_exists(
    client: FlaskClient, manager: Gebruiker
) -> None:
    _geschiedenis()
    tekst = _tekst(client.get("/rapportage/?periode=2025-H1").get_data(as_text=True))
    stukken = {s.strip() for s in tekst.splitlines()}
    for code in labels.catalogus_codes():
        assert code not in stukken, code
        if "_" in code:
            assert code not in tekst, code
    assert "Meld Misdaad Anoniem" in stukken
    assert "Totaal corporatiewoningen lopend bij einde" in stukken
    assert "Hoarder / vervuiler (zorgwoonoverlast)" in stukken


def test_the_intro_has_dutch_dates_only(client: FlaskClient, manager: Gebruiker) -> None:
    html = client.get("/rapportage/?periode=2025-H1").get_data(as_text=True)
    intro = html[html.index("<h1>") : html.index('<form method="get"')]
    assert (
        "Periode 1 januari 2025 tot en met 30 juni 2025, vergeleken met eerste halfjaar 2024 "
        "(1 januari 2024 tot en met 30 juni 2024)."
    ) in intro
    assert not re.search(r"\d{4}-\d{2}-\d{2}", intro)
    eigen = client.get("/rapportage/?van=2025-02-01&tot_en_met=2025-03-15").get_data(as_text=True)
    kop = eigen[eigen.index("<h1>") : eigen.index('<form method="get"')]
    assert "<h1>Rapportage 01-02-2025 t/m 15-03-2025</h1>" in kop
    assert not re.search(r"\d{4}-\d{2}-\d{2}", kop)


def test_the_csv_download_has_one_content_type_a_bom_and_labels(
    client: FlaskClient, manager: Gebruiker
) -> None:
    _geschiedenis()
    antwoord = client.get("/rapportage/download.csv?periode=2025-H1")
    assert antwoord.headers.get_all("Content-Type") == ["text/csv; charset=utf-8"]
    assert antwoord.data.startswith(b"\xef\xbb\xbfSectie;Aanpak;Kengetal;")
    tekst = antwoord.get_data(as_text=True)
    assert "Afsluitredenen;PGA Jeugd;Succesvol afgesloten: Doelen behaald;1;0;1;;" in tekst
    assert (
        "Woonoverlast;Woonoverlast;Corporatiewoningen lopend bij einde per soort: "
        "Hoarder / vervuiler (zorgwoonoverlast);1;" in tekst
    )


def test_the_xlsx_and_markdown_downloads_show_no_code(
    client: FlaskClient, manager: Gebruiker
) -> None:
    _geschiedenis()
    codes = labels.catalogus_codes()
    md = client.get("/rapportage/download.md?periode=2025-H1").get_data(as_text=True)
    assert "| PGA Jeugd | Succesvol afgesloten: Doelen behaald | 1 | 0 | 1 |  |" in md
    for code in codes:
        assert f"| {code} |" not in md
        if "_" in code:
            assert code not in md, code
    boek = load_workbook(io.BytesIO(client.get("/rapportage/download.xlsx?periode=2025-H1").data))
    waarden = {cel.value for blad in boek for rij in blad.iter_rows() for cel in rij if cel.value}
    assert not waarden & codes
