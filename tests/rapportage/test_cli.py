"""``flask --app casus rapport halfjaar``: JSON on stdout, and the other formats."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from openpyxl import load_workbook

from casus.extensions import db
from tests.hulp import fabrieken
from tests.hulp.geschiedenis import casus


def _een_ipta_casus() -> None:
    casus(
        "ipta",
        "2025-02-03",
        ("triageren", "2025-02-10"),
        p=fabrieken.persoon("Sem", "Jansen", geboortedatum=None),
    )
    db.session.commit()


def test_rapport_halfjaar_prints_the_json_of_the_period(app: Flask) -> None:
    _een_ipta_casus()
    uit = app.test_cli_runner().invoke(args=["rapport", "halfjaar", "2025-H1", "--format", "json"])
    assert uit.exit_code == 0, uit.output
    r = json.loads(uit.output)
    assert r["periode"] == {"label": "2025-H1", "van": "2025-01-01", "tot_en_met": "2025-06-30"}
    assert r["aanpakken"]["ipta"]["nieuw"] == 1
    assert r["aanpakken"]["ipta"]["totaal"] == 1


def test_rapport_takes_any_period_with_van_and_tot_en_met(app: Flask) -> None:
    _een_ipta_casus()
    uit = app.test_cli_runner().invoke(
        args=["rapport", "halfjaar", "--van", "2025-02-11", "--tot-en-met", "2025-03-31"]
    )
    r = json.loads(uit.output)
    assert r["vergelijkingsperiode"]["van"] == "2024-02-11"
    assert r["aanpakken"]["ipta"]["lopend_begin"] == 1
    assert r["aanpakken"]["ipta"]["nieuw"] == 0


def test_rapport_writes_csv_markdown_and_xlsx_with_a_sheet_per_section(
    app: Flask, tmp_path: Path
) -> None:
    _een_ipta_casus()
    runner = app.test_cli_runner()
    csv_uit = runner.invoke(args=["rapport", "halfjaar", "2025-H1", "--format", "csv"]).output
    assert "Aanpakken;IPTA;Nieuw opgenomen;1;0;1;" in csv_uit
    md = runner.invoke(args=["rapport", "halfjaar", "2025-H1", "--format", "md"]).output
    assert "| IPTA | Nieuw opgenomen | 1 | 0 | 1 |  |" in md
    bestand = tmp_path / "r.xlsx"
    uit = runner.invoke(
        args=["rapport", "halfjaar", "2025-H1", "--format", "xlsx", "--output", str(bestand)]
    )
    assert uit.exit_code == 0, uit.output
    boek = load_workbook(bestand)
    assert boek.sheetnames == [
        "Aanpakken",
        "Afsluitredenen",
        "Signalen",
        "Ondermijning",
        "Woonoverlast",
        "Interventies",
        "Indicatoren",
    ]


def test_rapport_refuses_an_unknown_period(app: Flask) -> None:
    uit = app.test_cli_runner().invoke(args=["rapport", "halfjaar", "2025-H3"])
    assert uit.exit_code == 2
    assert "geen periode" in uit.output
