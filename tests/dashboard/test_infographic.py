"""The infographic: the council's report for the period, through the publication rule,
as a page, a PNG and a PDF drawn from one SVG; managers only.

The history (2025-H1, worked out by hand; nothing happened in 2024-H1, the comparison):

- ondermijning: six cases taken in on 2024-10-02 and closed succesvol (interventie
  ingezet, a positive reason) on 2025-03-01, lokaal; seven registered on 2025-01-10 and
  taken in the next day, still running: two lokaal, five riec. So aanmeldingen 7,
  niet opgenomen 0, lopend_begin 6, nieuw 7, totaal 13, afgesloten 6 (all succesvol,
  all positief), lopend_einde 7, in de wacht 0; herkomst lokaal 8, riec 5;
  oplossingspercentage 6 / 13 = 46,2%.
- woonoverlast: fifteen cases registered 2025-01-20, taken in 2025-02-01, running: three
  in Dorp, twelve in Meerzicht; each with a named person, the first with a BSN.
  Dorp (3) reads "minder dan 5"; Meerzicht (12) is hidden too ("afgeschermd"), or
  15 - 12 would give Dorp's 3.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casus import create_app
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.dashboard import infographic
from casus.extensions import db
from casus.rapportage.periode import uit_label
from casus.rapportage.services import rapport, stel_vast
from config import TestConfig
from tests.hulp import fabrieken
from tests.hulp.client import login
from tests.hulp.geschiedenis import casus

BSN = "123456782"  # passes the elfproef
NAAM = "Geheimnaam"
PERIODE = "periode=2025-H1"


@pytest.fixture
def geschiedenis() -> None:
    for _ in range(6):
        casus(
            "ondermijning",
            "2024-10-01",
            ("triageren", "2024-10-02"),
            ("starten", "2024-10-03"),
            ("afsluiten_succesvol", "2025-03-01", "interventie_ingezet"),
            zonder_persoon=True,
            kenmerken={"herkomst": "lokaal"},
        )
    for i in range(7):
        casus(
            "ondermijning",
            "2025-01-10",
            ("triageren", "2025-01-11"),
            zonder_persoon=True,
            kenmerken={"herkomst": "lokaal" if i < 2 else "riec"},
        )
    for i in range(15):
        p = fabrieken.persoon("Sem", f"{NAAM}{i}", bsn=BSN if i == 0 else None)
        casus(
            "woonoverlast",
            "2025-01-20",
            ("triageren", "2025-02-01"),
            p=p,
            kenmerken={
                "woningtype": "koop",
                "soort": "leefbaarheid",
                "wijk": "Dorp" if i < 3 else "Meerzicht",
            },
        )
    db.session.commit()


@pytest.fixture
def manager(client: FlaskClient, maak_gebruiker_: Callable[..., Gebruiker]) -> Gebruiker:
    g = maak_gebruiker_("manager", naam="teamleider")
    db.session.commit()
    login(client, g)
    return g


def _rij(html: str, label: str) -> str:
    """The text of the table cell next to row ``label`` (the first table that has it)."""
    m = re.search(
        rf'<th scope="row">{re.escape(label)}[^<]*</th><td class="getal">([^<]*)</td>', html
    )
    assert m, label
    return m.group(1)


ONDERMIJNING = {
    "Aanmeldingen": "7",
    "Niet opgenomen": "0",
    "In de aanpak": "13",
    "Nieuw opgenomen": "7",
    "Afgesloten": "6",
    "Positief afgesloten": "6",
    "Lopend aan het eind": "7",
    "Waarvan in de wacht": "0",
}


@pytest.mark.usefixtures("geschiedenis")
def test_the_figures_are_the_reports_figures_worked_out_by_hand(
    client: FlaskClient, manager: Gebruiker
) -> None:
    r = rapport(uit_label("2025-H1"))["aanpakken"]["ondermijning"]
    assert (r["aanmeldingen"], r["totaal"], r["nieuw"], r["afgesloten"], r["lopend_einde"]) == (
        7,
        13,
        7,
        6,
        7,
    )
    ig = infographic.maak(uit_label("2025-H1"), "ondermijning")
    assert {t.label: t.cijfer.tekst for t in ig.tegels} == ONDERMIJNING
    assert {t.label: t.vorig.tekst for t in ig.tegels} == dict.fromkeys(ONDERMIJNING, "0")

    antwoord = client.get(f"/dashboard/infographic?{PERIODE}&aanpak=ondermijning")
    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    for label, tekst in ONDERMIJNING.items():
        assert _rij(html, label) == tekst
    assert "Positief afgesloten (100,0% van de afgesloten)" in html
    assert _rij(html, "Lokaal") == "8"
    assert _rij(html, "RIEC") == "5"
    assert "Oplossingspercentage: 46,2% (norm 20%)" in html
    assert "Gemeente Zoetermeer" in html
    assert "voorlopige cijfers" in html
    # the drawing shows the same figures
    tekening = infographic.svg(ig)
    assert ">13</text>" in tekening
    assert ">Lopend aan het eind</text>" in tekening


@pytest.mark.usefixtures("geschiedenis")
def test_a_vastgesteld_report_is_shown_as_sent_to_the_council(
    client: FlaskClient, manager: Gebruiker
) -> None:
    stel_vast(uit_label("2025-H1"), actor=manager)
    # a late registration in the period: the live report now has 8 ondermijning aanmeldingen
    casus("ondermijning", "2025-06-01", zonder_persoon=True, kenmerken={"herkomst": "riec"})
    db.session.commit()
    assert rapport(uit_label("2025-H1"))["aanpakken"]["ondermijning"]["aanmeldingen"] == 8
    html = client.get(f"/dashboard/infographic?{PERIODE}&aanpak=ondermijning").get_data(
        as_text=True
    )
    assert _rij(html, "Aanmeldingen") == "7"
    assert "de rapportage aan de gemeenteraad over eerste halfjaar 2025, vastgesteld op" in html


@pytest.mark.usefixtures("geschiedenis")
def test_a_wijk_with_3_cases_shows_minder_dan_5_on_the_page_and_in_the_drawing(
    client: FlaskClient, manager: Gebruiker
) -> None:
    html = client.get(f"/dashboard/infographic?{PERIODE}&aanpak=woonoverlast").get_data(
        as_text=True
    )
    assert _rij(html, "Dorp") == "minder dan 5"
    assert _rij(html, "Meerzicht") == "afgeschermd"
    assert _rij(html, "Lopend aan het eind") == "15"
    tekening = infographic.svg(infographic.maak(uit_label("2025-H1"), "woonoverlast"))
    dorp = tekening.index(">Dorp</text>")
    assert re.match(
        r'>Dorp</text>\s*<text [^>]*font-style="italic"[^>]*>minder dan 5</text>', tekening[dorp:]
    )
    assert ">3</text>" not in tekening
    assert ">12</text>" not in tekening


@pytest.mark.usefixtures("geschiedenis")
def test_the_threshold_comes_from_the_configuration(
    app: Flask, client: FlaskClient, manager: Gebruiker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "PUBLICATIE_DREMPEL", 20)
    html = client.get(f"/dashboard/infographic?{PERIODE}&aanpak=ondermijning").get_data(
        as_text=True
    )
    # 13 in the aanpak is now below the threshold; 0 stays 0
    assert _rij(html, "In de aanpak") == "minder dan 20"
    assert _rij(html, "Niet opgenomen") == "0"
    assert "Aantallen van 1 tot 20 staan er als &#39;minder dan 20&#39;" in html


@pytest.mark.usefixtures("geschiedenis")
def test_the_municipalitys_name_and_colours(
    app: Flask, client: FlaskClient, manager: Gebruiker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "GEMEENTE", "Zwolle")
    monkeypatch.setitem(
        app.config, "HUISSTIJL_KLEUREN", {"primair": "#00436e", "secundair": "#a3195b"}
    )
    html = client.get(f"/dashboard/infographic?{PERIODE}").get_data(as_text=True)
    assert ">Gemeente Zwolle</text>" in html
    assert 'fill="#00436e"' in html
    assert 'fill="#a3195b"' in html


@pytest.mark.usefixtures("geschiedenis")
@pytest.mark.parametrize("aanpak", ["alle", "ondermijning", "woonoverlast"])
def test_no_name_bsn_or_case_number_in_any_response(
    client: FlaskClient, manager: Gebruiker, aanpak: str
) -> None:
    refs = list(db.session.scalars(select(Casus.ref)))
    assert len(refs) == 28
    verboden = [NAAM, BSN, *refs]
    for pad in ("infographic", "infographic.pdf", "infographic.png"):
        antwoord = client.get(f"/dashboard/{pad}?{PERIODE}&aanpak={aanpak}")
        assert antwoord.status_code == 200, pad
        inhoud = antwoord.data
        for woord in verboden:
            assert woord.encode() not in inhoud, (pad, woord)
            # a PDF may write its text as UTF-16
            assert woord.encode("utf-16-be") not in inhoud, (pad, woord)


@pytest.mark.usefixtures("geschiedenis")
def test_the_pdf_and_png_render_as_downloads(client: FlaskClient, manager: Gebruiker) -> None:
    pdf = client.get(f"/dashboard/infographic.pdf?{PERIODE}&aanpak=ondermijning")
    assert pdf.status_code == 200
    assert pdf.content_type == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"] == (
        'attachment; filename="infographic-ondermijning-eerste-halfjaar-2025.pdf"'
    )
    png = client.get(f"/dashboard/infographic.png?{PERIODE}")
    assert png.status_code == 200
    assert png.content_type == "image/png"
    assert png.data.startswith(b"\x89PNG\r\n\x1a\n")
    breedte, hoogte = struct.unpack(">II", png.data[16:24])  # the IHDR chunk
    # A4 at 96 px per inch, twice: about 1587 x 2245
    assert 1500 <= breedte <= 1700
    assert abs(hoogte / breedte - 297 / 210) < 0.01
    assert png.headers["Content-Disposition"] == (
        'attachment; filename="infographic-alle-aanpakken-eerste-halfjaar-2025.png"'
    )


@pytest.mark.usefixtures("geschiedenis")
def test_without_libcairo_the_download_says_so_on_the_page(
    client: FlaskClient, manager: Gebruiker, monkeypatch: pytest.MonkeyPatch
) -> None:
    def geen_cairo(tekening: str, formaat: str) -> bytes:
        raise OSError("no library called 'cairo-2' was found")  # what cairocffi raises

    monkeypatch.setattr(infographic, "_teken", geen_cairo)

    antwoord = client.get(f"/dashboard/infographic.pdf?{PERIODE}&aanpak=ondermijning")

    assert antwoord.status_code == 302
    pagina = client.get(antwoord.headers["Location"]).get_data(as_text=True)
    assert "De PDF kan nu niet worden gemaakt" in pagina
    assert "<svg" in pagina  # the drawing itself is still on the page


@pytest.mark.parametrize(
    ("vraag", "bericht"),
    [
        ("periode=2025-Q1", "halfjaar of een heel jaar"),
        ("periode=onzin", "is geen periode"),
        ("periode=0000", "is geen periode"),
        ("periode=1850", "vanaf 1900"),
        ("periode=2999-H1", "nog niet voorbij"),
        ("periode=2025-H1&aanpak=onbekend", "Deze aanpak bestaat niet"),
    ],
)
def test_bad_input_gets_a_dutch_message_never_a_500(
    client: FlaskClient, manager: Gebruiker, vraag: str, bericht: str
) -> None:
    pagina = client.get(f"/dashboard/infographic?{vraag}")
    assert pagina.status_code == 400
    assert bericht in pagina.get_data(as_text=True)
    assert "<svg" not in pagina.get_data(as_text=True)
    for formaat in ("pdf", "png"):
        download = client.get(f"/dashboard/infographic.{formaat}?{vraag}")
        assert download.status_code == 422
        assert bericht in download.get_data(as_text=True)


def test_without_a_choice_the_last_ended_half_year_for_all_aanpakken(
    client: FlaskClient, manager: Gebruiker
) -> None:
    html = client.get("/dashboard/infographic").get_data(as_text=True)
    assert ">Alle aanpakken</text>" in html
    assert '<option value="alle" selected>' in html


@pytest.mark.parametrize(
    "rollen", [(), ("regisseur:ipta", "triage:ipta"), ("privacy",), ("beheerder",)]
)
def test_everyone_but_a_manager_gets_404(
    client: FlaskClient, maak_gebruiker_: Callable[..., Gebruiker], rollen: tuple[str, ...]
) -> None:
    g = maak_gebruiker_(*rollen)
    db.session.commit()
    login(client, g)
    for pad in ("infographic", "infographic.pdf", "infographic.png"):
        assert client.get(f"/dashboard/{pad}?{PERIODE}").status_code == 404


@pytest.mark.parametrize(
    ("instelling", "bericht"),
    [
        ({"PUBLICATIE_DREMPEL": 1}, "minstens 2"),
        ({"HUISSTIJL_KLEUREN": {"primair": "rood", "secundair": "#b35900"}}, "#rrggbb"),
        ({"HUISSTIJL_KLEUREN": {"primair": "#154273"}}, "secundaire kleur"),
        # yellow under white text: 1.1:1
        ({"HUISSTIJL_KLEUREN": {"primair": "#ffff00", "secundair": "#b35900"}}, "contrast"),
    ],
)
def test_a_threshold_or_colours_it_cannot_use_stop_the_start(
    instelling: dict[str, object], bericht: str
) -> None:
    with pytest.raises(RuntimeError, match=bericht):
        create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://", **instelling)


def _ondermijning(succesvol: int, niet: int, over_riec: int, over_om: int) -> dict[str, Any]:
    """ondermijning's figures for a period with these closures (every succesvol closure
    has the one positive reason, interventie_ingezet; positief is therefore the same
    number as succesvol_afgesloten) and 20 cases still running."""
    afgesloten = succesvol + niet + over_riec + over_om
    return {
        "aanmeldingen": afgesloten + 20,
        "niet_opgenomen": 0,
        "lopend_begin": afgesloten + 20 - 6,
        "nieuw": 6,
        "totaal": afgesloten + 20,
        "afgesloten": afgesloten,
        "positief": succesvol,
        "lopend_einde": 20,
        "in_de_wacht_einde": 0,
        "afgesloten_per_status": {
            "succesvol_afgesloten": succesvol,
            "niet_succesvol_afgesloten": niet,
            "overgedragen": over_riec + over_om,
        },
        "afgesloten_per_reden": {
            "succesvol_afgesloten": {"interventie_ingezet": succesvol},
            "niet_succesvol_afgesloten": {"geen_ondermijning": niet, "onvoldoende_informatie": 0},
            "overgedragen": {"riec": over_riec, "politie_om": over_om},
        },
    }


def test_a_figure_published_under_two_names_is_shown_under_both_or_neither() -> None:
    # For ondermijning "positief afgesloten" and "succesvol afgesloten" are one number.
    # With niet 3 (shown as "minder dan 5") and overgedragen 0 + 0, afgesloten - succesvol
    # would give the 3 away, so succesvol is hidden; positief must then be hidden too, or
    # it shows the hidden succesvol (and through it the 3).
    uit = infographic.publicatietabel({"ondermijning": _ondermijning(9, 3, 0, 0)}, None, 5)
    assert uit["ondermijning.status.niet_succesvol_afgesloten"].tekst == "minder dan 5"
    assert not uit["ondermijning.status.succesvol_afgesloten"].getoond
    assert not uit["ondermijning.positief"].getoond
    # and over a range of small histories: never one of the two without the other
    for succesvol in range(0, 12):
        for niet in range(0, 7):
            for riec in range(0, 4):
                for om in range(0, 3):
                    uit = infographic.publicatietabel(
                        {"ondermijning": _ondermijning(succesvol, niet, riec, om)}, None, 5
                    )
                    assert (
                        uit["ondermijning.positief"].getoond
                        == uit["ondermijning.status.succesvol_afgesloten"].getoond
                    ), (succesvol, niet, riec, om)
