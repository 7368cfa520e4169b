"""Progress of long CLI work (casus.voortgang): plain Dutch lines when stderr is no
terminal, a bar on a terminal, and the commands keep stdout for their result."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, text

from casus import create_app
from casus.casussen.afgeleid import afwijkend
from casus.casussen.models import Casus, Casusstand
from casus.casussen.services import meld_aan
from casus.extensions import db
from casus.importeren import services as importservices
from casus.importeren.services import importeer
from casus.importeren.voorbeeld import regels as voorbeeldregels
from casus.onderhoud import backup
from casus.toegang.actor import IMPORT
from casus.voortgang import Voortgang, duur, regel
from config import TestConfig
from tests.hulp.database import leeg
from tests.hulp.databaseinhoud import inhoud
from tests.hulp.fabrieken import persoon
from tests.hulp.importregels import GOED, SIGNAAL


class Klok:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.nu = 0.0

    def __call__(self) -> float:
        return self.nu


def test_duration_reads_as_seconds_minutes_or_hours() -> None:
    assert duur(0.2) == "1 s"
    assert duur(40) == "40 s"
    assert duur(59.5) == "60 s"
    assert duur(170) == "3 min"  # 2 min 50 s
    assert duur(3900) == "1 u 5 min"  # 65 minutes


def test_a_line_gives_count_share_and_time_left_at_the_average_rate() -> None:
    # 1 of 4 in 2 s: 2 s a line, 3 lines to go
    assert regel("Importeren", 1, 4, "regels", 2.0) == (
        "Importeren: 1 van 4 regels (25%), nog ongeveer 6 s"
    )
    assert regel("Importeren", 0, 4, "regels", 2.0) == "Importeren: 0 van 4 regels (0%)"
    assert regel("Importeren", 4, 4, "regels", 9.0) == (
        "Importeren: 4 van 4 regels (100%), klaar in 9 s"
    )
    # no total known: what is done and for how long
    assert regel("Backup maken", 0, None, "pagina's", 3.0) == "Backup maken: bezig sinds 3 s"
    assert regel("Backup maken", 0, None, "pagina's", 3.0, klaar=True) == (
        "Backup maken: klaar in 3 s"
    )


def test_without_a_terminal_a_plain_line_comes_at_most_every_interval_and_at_the_end() -> None:
    klok, uit = Klok(), io.StringIO()
    with Voortgang("Importeren", 60_000, "regels", klok=klok, uitvoer=uit) as v:
        assert not v.terminal  # a StringIO is no terminal
        klok.nu = 10.0
        v.meld(12_000)  # 1.200 a second: 48.000 to go is 40 s
        klok.nu = 12.0
        v.meld(13_000)  # 2 s after the last line: none
        klok.nu = 20.0
        v.meld(30_000)  # 1.500 a second: 30.000 to go is 20 s
        klok.nu = 45.0
    assert uit.getvalue().splitlines() == [
        "Importeren: 12.000 van 60.000 regels (20%), nog ongeveer 40 s",
        "Importeren: 30.000 van 60.000 regels (50%), nog ongeveer 20 s",
        "Importeren: 60.000 van 60.000 regels (100%), klaar in 45 s",
    ]


def test_a_next_phase_closes_the_previous_one_and_starts_its_own_clock() -> None:
    klok, uit = Klok(), io.StringIO()
    with Voortgang("Importeren", 3, "regels", klok=klok, uitvoer=uit, interval=1) as v:
        for _ in v.over(["a", "b", "c"]):
            klok.nu += 2  # 2 s a line
        meld = v.melder("Wegschrijven", "casussen")
        meld(0, 2)
        klok.nu += 4
        meld(1, 2)  # 4 s for the first case, so 4 s for the second
        klok.nu += 4
    # a line after every step (2 s apart, the interval is 1 s); the last one is not repeated
    assert uit.getvalue().splitlines() == [
        "Importeren: 1 van 3 regels (33%), nog ongeveer 4 s",
        "Importeren: 2 van 3 regels (66%), nog ongeveer 2 s",
        "Importeren: 3 van 3 regels (100%), klaar in 6 s",
        "Wegschrijven: 1 van 2 casussen (50%), nog ongeveer 4 s",
        "Wegschrijven: 2 van 2 casussen (100%), klaar in 8 s",
    ]


def test_a_failure_ends_without_a_closing_line() -> None:
    uit = io.StringIO()
    with (
        pytest.raises(RuntimeError),
        Voortgang("Importeren", 3, "regels", uitvoer=uit, interval=60),
    ):
        raise RuntimeError
    assert uit.getvalue() == ""


def test_on_a_terminal_a_bar_shows_count_rate_and_time() -> None:
    uit = io.StringIO()
    with Voortgang("Importeren", 4, "regels", uitvoer=uit, terminal=True) as v:
        for _ in v.over(range(4)):
            pass
        v.fase("Wegschrijven", 2, "casussen")
        v.meld(2, 2)
    tekst = uit.getvalue()
    assert "Importeren" in tekst
    assert "100% 4 van 4 regels" in tekst
    assert "regels/s" in tekst
    assert "100% 2 van 2 casussen" in tekst
    assert tekst.count("klaar in") == 2


# -- the commands ------------------------------------------------------------------------


def test_import_shows_progress_on_stderr_and_only_its_summary_on_stdout(
    app: Flask, tmp_path: Path
) -> None:
    bestand = tmp_path / "import.jsonl"
    bestand.write_text(json.dumps(GOED) + "\n" + json.dumps(SIGNAAL) + "\n")
    uit = app.test_cli_runner().invoke(args=["import", str(bestand)])
    assert uit.exit_code == 0, uit.output
    assert uit.stdout.startswith("Geïmporteerd: 1 casussen, 1 signalen, 1 nieuwe personen.")
    assert "Importeren" not in uit.stdout
    regels = uit.stderr.splitlines()
    assert len(regels) == 2
    assert regels[0].startswith("Importeren: 2 van 2 regels (100%), klaar in ")
    assert regels[1].startswith("Wegschrijven: 1 van 1 casussen (100%), klaar in ")


def test_the_bulk_import_in_parts_reports_each_part_and_writes_what_one_part_writes(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    bestand = [json.dumps(r) for r in voorbeeldregels(25, seed=11)]
    monkeypatch.setattr(importservices, "BULK_DEEL", 1000)
    assert importeer(bestand, methode="bulk", actor=IMPORT).fouten == []
    in_een_keer = inhoud()
    standen = db.session.execute(
        select(Casus.ref, Casusstand.status, Casusstand.vanaf, Casusstand.tot)
        .join(Casus, Casus.id == Casusstand.casus_id)
        .order_by(Casus.ref, Casusstand.vanaf)
    ).all()
    leeg(app)
    monkeypatch.setattr(importservices, "BULK_DEEL", 10)
    gemeld: list[tuple[int, int]] = []
    resultaat = importeer(
        bestand, methode="bulk", actor=IMPORT, voortgang=lambda g, t: gemeld.append((g, t))
    )
    assert resultaat.fouten == []
    assert resultaat.casussen == 25
    # before writing, then after the parts of 10, 10 and 5 cases
    assert gemeld == [(0, 25), (10, 25), (20, 25), (25, 25)]
    assert inhoud() == in_een_keer
    assert (
        db.session.execute(
            select(Casus.ref, Casusstand.status, Casusstand.vanaf, Casusstand.tot)
            .join(Casus, Casus.id == Casusstand.casus_id)
            .order_by(Casus.ref, Casusstand.vanaf)
        ).all()
        == standen
    )
    assert afwijkend() == []


def test_the_line_count_counts_a_last_line_without_a_newline(tmp_path: Path) -> None:
    from casus.importeren.cli import _aantal_regels

    bestand = tmp_path / "import.jsonl"
    bestand.write_bytes(b"a\nb\nc")
    assert _aantal_regels(str(bestand)) == 3
    bestand.write_bytes(b"a\nb\n")
    assert _aantal_regels(str(bestand)) == 2
    bestand.write_bytes(b"")
    assert _aantal_regels(str(bestand)) == 0


def test_afgeleid_herbouw_shows_progress_on_stderr_and_its_result_on_stdout(app: Flask) -> None:
    for naam in ("Daan", "Sem", "Noor"):
        meld_aan(
            "ipta",
            actor=IMPORT,
            aangemeld_op=date(2025, 1, 6),
            persoon=persoon(naam, "Visser", date(2000, 1, 1)),
        )
    db.session.commit()
    uit = app.test_cli_runner().invoke(args=["afgeleid", "herbouw"])
    assert uit.exit_code == 0, uit.output
    # each case is aangemeld since 6 January, open-ended: one row each
    assert uit.stdout == "casusstand opnieuw opgebouwd: 3 rijen; interventies bijgewerkt.\n"
    regels = uit.stderr.splitlines()
    assert regels[0].startswith("Casusstand herbouwen: 3 van 3 casussen (100%), klaar in ")
    assert regels[1].startswith("Interventies bijwerken: klaar in ")
    assert regels[2].startswith("Opslaan: klaar in ")


def test_bewaartermijn_shows_progress_on_stderr_only(app: Flask) -> None:
    uit = app.test_cli_runner().invoke(args=["bewaartermijn", "--peildatum", "2030-01-01"])
    assert uit.exit_code == 0, uit.output
    assert "Bewaartermijn nagaan" not in uit.stdout
    assert uit.stdout.startswith("Bewaartermijn verstreken: 0 casussen")
    assert uit.stderr.startswith("Bewaartermijn nagaan: klaar in ")


def test_backup_shows_the_pages_copied_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'a.db'}")
    with app.app_context():
        db.create_all()
        paginas = db.session.execute(text("PRAGMA page_count")).scalar()
        db.session.remove()
        assert paginas is not None
        assert paginas > 3
        # one page a step: the service reports every step, with the pages copied so far
        monkeypatch.setattr(backup, "PAGINAS_PER_STAP", 1)
        gemeld: list[tuple[int, int]] = []
        backup.maak_backup(
            db.engine, tmp_path / "een.db", voortgang=lambda g, t: gemeld.append((g, t))
        )
        assert gemeld == [(i, paginas) for i in range(1, paginas + 1)]
        uit = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "twee.db")])
        assert uit.exit_code == 0, uit.output
        assert uit.stdout == f"SQLite-backup geschreven naar {tmp_path / 'twee.db'}.\n"
        assert uit.stderr.startswith(
            f"Backup maken: {paginas} van {paginas} pagina's (100%), klaar in "
        )
        db.engine.dispose()
