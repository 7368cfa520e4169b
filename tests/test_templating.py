"""The template filters people read numbers and dates through."""

from __future__ import annotations

from datetime import date

import pytest

from casus.templating import datum, getal


@pytest.mark.parametrize(
    ("waarde", "tekst"),
    [(0, "0"), (999, "999"), (1000, "1.000"), (12345, "12.345"), (1234567, "1.234.567")],
)
def test_a_number_gets_dutch_thousands_separators(waarde: int, tekst: str) -> None:
    assert getal(waarde) == tekst


def test_a_date_is_day_month_year() -> None:
    assert datum(date(2025, 3, 4)) == "04-03-2025"
