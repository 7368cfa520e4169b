"""The council downloads open right in a Dutch Excel: CSV with ``;``, a decimal comma, a
byte-order mark and one header; XLSX with typed cells; labels, never catalogue codes."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook

from casus import labels
from casus.rapportage import export, periode
from casus.rapportage.services import rapport


def _rapport() -> dict[str, Any]:
    """The report of an empty database (every code of the catalogue present, with 0),
    with a few figures filled in by hand."""
    r = rapport(periode.uit_label("2025-H1"))
    pga = r["aanpakken"]["pga_jeugd"]
    pga["totaal"], pga["vergelijking"]["totaal"] = 4, 3  # +1 of 3 = 33,3 %
    pga["afgesloten_per_reden"]["succesvol_afgesloten"]["doelen_behaald"] = 2
    r["signalen"]["ondermijning"]["per_bron"]["meld_misdaad_anoniem"] = 5
    r["ondermijning"]["oplossingspercentage"] = 4.1
    r["indicatoren"]["ondermijning_oplossingspercentage"]["waarde"] = 4.1
    r["woonoverlast"]["lopend_einde_per_woningtype"]["corporatie"] = 67
    r["woonoverlast"]["zorgwoonoverlast"] = 32
    r["woonoverlast"]["leefbaarheidswoonoverlast"] = 35
    return r


def _regels(r: dict[str, Any]) -> list[dict[str, str]]:
    tekst = export.csv_tekst(r)
    assert tekst.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(tekst.removeprefix("\ufeff")), delimiter=";"))


def _regel(regels: list[dict[str, str]], sectie: str, aanpak: str, kengetal: str) -> dict[str, str]:
    (gevonden,) = [
        r
        for r in regels
        if r["Sectie"] == sectie and r["Aanpak"] == aanpak and r["Kengetal"] == kengetal
    ]
    return gevonden


def test_the_csv_reads_back_with_semicolons_a_decimal_comma_and_one_header(app: Flask) -> None:
    tekst = export.csv_tekst(_rapport())
    kop = "Sectie;Aanpak;Kengetal;Periode;Vergelijking;Verschil;Verschil %;Personen;"
    assert tekst.startswith("\ufeff" + kop)
    assert tekst.count(kop) == 1
    regels = _regels(_rapport())
    totaal = _regel(regels, "Aanpakken", "PGA Jeugd", "In de aanpak (totaal)")
    assert (totaal["Periode"], totaal["Vergelijking"], totaal["Verschil"]) == ("4", "3", "1")
    assert totaal["Verschil %"] == "33,3%"
    assert totaal["Code"] == "pga_jeugd.totaal"
    reden = _regel(regels, "Afsluitredenen", "PGA Jeugd", "Succesvol afgesloten: Doelen behaald")
    assert (reden["Periode"], reden["Vergelijking"], reden["Verschil %"]) == ("2", "0", "")
    bron = _regel(regels, "Signalen", "Ondermijning", "Signalen per bron: Meld Misdaad Anoniem")
    assert bron["Periode"] == "5"
    opl = _regel(
        regels,
        "Ondermijning",
        "Ondermijning",
        "Oplossingspercentage (succesvol afgesloten van in de aanpak)",
    )
    assert opl["Periode"] == "4,1%"
    norm = _regel(regels, "Indicatoren", "", "Oplossingspercentage ondermijning")
    assert (norm["Periode"], norm["Norm"], norm["Gehaald"]) == ("4,1%", "20,0%", "Nee")
    (eerste, vergelijking) = [r for r in regels if r["Sectie"] == "Periode"]
    assert (eerste["Kengetal"], eerste["Van"], eerste["Tot en met"]) == (
        "Rapportageperiode eerste halfjaar 2025",
        "01-01-2025",
        "30-06-2025",
    )
    assert vergelijking["Van"] == "01-01-2024"
    assert not any("." in r["Periode"] for r in regels)  # no decimal point anywhere


def test_the_csv_shows_labels_and_keeps_codes_in_the_code_column_only(app: Flask) -> None:
    codes = labels.catalogus_codes()
    assert {"doelen_behaald", "meld_misdaad_anoniem", "externe_partner", "corporatie"} <= codes
    for regel in _regels(_rapport()):
        for kolom, waarde in regel.items():
            if kolom == "Code":
                continue
            assert waarde not in codes, (kolom, waarde)
            for deel in waarde.split(": "):
                assert deel not in codes, (kolom, waarde)


def test_the_woonoverlast_rows_say_they_count_corporatiewoningen(app: Flask) -> None:
    regels = [r for r in _regels(_rapport()) if r["Sectie"] == "Woonoverlast"]
    per_kengetal = {r["Kengetal"]: r["Periode"] for r in regels}
    assert per_kengetal["Lopend bij einde per woningtype: Corporatiewoning"] == "67"
    assert per_kengetal["Totaal corporatiewoningen lopend bij einde: Zorgwoonoverlast"] == "32"
    assert (
        per_kengetal["Totaal corporatiewoningen lopend bij einde: Leefbaarheidswoonoverlast"]
        == "35"
    )
    assert not any(k.startswith("Totaal:") or k == "Totaal" for k in per_kengetal)


def test_the_xlsx_has_typed_numbers_percentages_and_dates(app: Flask) -> None:
    boek = load_workbook(io.BytesIO(export.xlsx(_rapport())))
    assert boek.sheetnames == [
        "Aanpakken",
        "Afsluitredenen",
        "Signalen",
        "Ondermijning",
        "Woonoverlast",
        "Interventies",
        "Indicatoren",
    ]
    blad = boek["Aanpakken"]
    # above every sheet: the period and its comparison period with date cells
    assert blad["A1"].value == "Rapportageperiode eerste halfjaar 2025"
    assert blad["B1"].is_date
    assert blad["B1"].value == datetime(2025, 1, 1)
    assert blad["C1"].is_date
    assert blad["C1"].value == datetime(2025, 6, 30)
    assert blad["B2"].value == datetime(2024, 1, 1)
    assert [c.value for c in blad[3]] == [
        "Aanpak",
        "Kengetal",
        "Periode",
        "Vergelijking",
        "Verschil",
        "Verschil %",
    ]
    (rij,) = [
        r
        for r in blad.iter_rows(min_row=4)
        if r[0].value == "PGA Jeugd" and r[1].value.startswith("In de aanpak")
    ]
    assert [c.value for c in rij[2:5]] == [4, 3, 1]
    assert all(type(c.value) is int for c in rij[2:5])
    assert abs(rij[5].value - 0.333) < 1e-9
    assert rij[5].number_format == "0.0%"
    ondermijning = boek["Ondermijning"]
    (opl,) = [r for r in ondermijning.iter_rows(min_row=4) if r[1].value.startswith("Oplossing")]
    assert abs(opl[2].value - 0.041) < 1e-9
    assert opl[2].number_format.endswith("%")
    codes = labels.catalogus_codes()
    for blad in boek:
        for rij in blad.iter_rows():
            for cel in rij:
                if isinstance(cel.value, str):
                    assert cel.value not in codes, (blad.title, cel.coordinate, cel.value)
                    assert not any(deel in codes for deel in cel.value.split(": "))


def test_the_markdown_shows_labels_and_dutch_numbers(app: Flask) -> None:
    md = export.markdown(_rapport())
    assert md.startswith(
        "# Rapportage eerste halfjaar 2025 (01-01-2025 t/m 30-06-2025), "
        "vergeleken met eerste halfjaar 2024 (01-01-2024 t/m 30-06-2024)"
    )
    assert "| PGA Jeugd | In de aanpak (totaal) | 4 | 3 | 1 | 33,3% |" in md
    assert "| Ondermijning | Signalen per bron: Meld Misdaad Anoniem | 5 | 0 | 5 |  |" in md
    for code in labels.catalogus_codes():
        assert f"| {code} |" not in md
        if "_" in code:
            assert code not in md


@pytest.mark.parametrize(
    ("label", "naam"),
    [
        ("2025-H1", "eerste halfjaar 2025"),
        ("2024-H2", "tweede halfjaar 2024"),
        ("2025-Q3", "derde kwartaal 2025"),
        ("2025", "2025"),
    ],
)
def test_a_period_is_named_in_words_not_by_its_label(label: str, naam: str) -> None:
    assert (
        export.periode_naam({"label": label, "van": "2025-01-01", "tot_en_met": "2025-06-30"})
        == naam
    )


def test_a_custom_period_is_named_by_its_dutch_dates() -> None:
    p = {"label": "2025-02-01..2025-03-15", "van": "2025-02-01", "tot_en_met": "2025-03-15"}
    assert export.periode_naam(p) == "01-02-2025 t/m 15-03-2025"
