"""The concept memo: the style of seed 004, numbers under twenty in words."""

from __future__ import annotations

from typing import Any

from casus.rapportage.memo import alinea, getal, periode_tekst
from tests.hulp.geschiedenis import D


def cijfers(
    totaal: int,
    nieuw: int,
    afgesloten: int,
    positief: int,
    niet_succesvol: int = 0,
    overgedragen: int = 0,
) -> dict[str, Any]:
    return {
        "totaal": totaal,
        "nieuw": nieuw,
        "afgesloten": afgesloten,
        "positief": positief,
        "in_de_wacht_einde": 0,
        "afgesloten_per_status": {
            "succesvol_afgesloten": afgesloten - niet_succesvol - overgedragen,
            "niet_succesvol_afgesloten": niet_succesvol,
            "overgedragen": overgedragen,
        },
        "vergelijking": {"totaal": 38, "afgesloten": 12},
    }


def test_numbers_under_twenty_are_words_and_twenty_and_more_are_digits() -> None:
    assert [getal(n) for n in (0, 1, 8, 10, 19, 20, 45, 1250)] == [
        "nul",
        "één",
        "acht",
        "tien",
        "negentien",
        "20",
        "45",
        "1.250",
    ]


def test_the_ipta_paragraph_reads_like_the_council_memo() -> None:
    tekst = alinea(
        "ipta",
        "IPTA",
        cijfers(45, 20, 10, 8, niet_succesvol=1, overgedragen=1),
        "de eerste helft van 2025",
        "de eerste helft van 2024",
    )
    assert tekst.startswith(
        "Met de aanpak IPTA zijn in de eerste helft van 2025 in totaal 45 jongeren begeleid. "
        "Hiervan zijn 20 begeleidingstrajecten binnen deze periode gestart. In totaal zijn "
        "tien trajecten afgesloten, waarvan acht positief. Eén casus is niet succesvol "
        "afgerond en één casus is overgedragen."
    )
    assert "In de eerste helft van 2024 waren dat er 38, waarvan twaalf afgesloten." in tekst


def test_period_phrases() -> None:
    assert periode_tekst("2025-H2", D("2025-07-01"), D("2025-12-31")) == "de tweede helft van 2025"
    assert periode_tekst("2025-Q1", D("2025-01-01"), D("2025-03-31")) == (
        "het eerste kwartaal van 2025"
    )
    assert periode_tekst("2025-01-01..2025-02-15", D("2025-01-01"), D("2025-02-15")) == (
        "de periode van 1 januari 2025 tot en met 15 februari 2025"
    )
