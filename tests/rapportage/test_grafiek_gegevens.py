"""A trend line starts at the first half-year with data, not at a zero before it."""

from __future__ import annotations

import re

from casus.rapportage.grafiek import Punt, as_top, svg


def _lijn(markup: str, reeks: str) -> list[str]:
    m = re.search(rf'grafiek__lijn--{reeks}" points="([^"]*)"', markup)
    assert m is not None
    return m.group(1).split()


def test_half_years_before_the_first_data_get_no_point() -> None:
    punten = [
        Punt("2023-H1", {}),
        Punt("2023-H2", {"totaal": 0, "nieuw": 0}),
        Punt("2024-H1", {"totaal": 3, "nieuw": 3}),
        Punt("2024-H2", {"totaal": 5, "nieuw": 2, "afgesloten": 1}),
        Punt("2025-H1", {"totaal": 4}),
        Punt("2025-H2", {"totaal": 0, "lopend_begin": 0}),
    ]
    markup = str(svg("ipta", "IPTA", punten))
    totaal = _lijn(markup, "totaal")
    # plot width 360 - 36 - 12 = 312 over five steps: 62.4 apart, from x = 36;
    # the y axis tops at 10 (the round, even top above the maximum 5, so the middle tick
    # is a whole 5), plot height 180 - 14 - 28 = 138: 3 -> 14 + 138 - 41.4 = 110.6
    assert totaal[0] == "160.8,110.6"
    # the last half-year is drawn as a measured 0 after data existed
    assert len(totaal) == 4
    assert totaal[-1] == "348.0,152.0"
    assert len(_lijn(markup, "afgesloten")) == 4
    assert 'cx="36.0"' not in markup
    assert 'cx="98.4"' not in markup


def test_the_axis_ticks_are_whole_numbers() -> None:
    # maximum 5 -> top 10 (ticks 0, 5, 10); 21 -> 50 (0, 25, 50); 12345 -> 12346 (0, 6173, ...)
    assert [as_top(n) for n in (0, 1, 4, 5, 21, 250, 251, 12345)] == [
        4,
        4,
        4,
        10,
        50,
        500,
        500,
        12346,
    ]


def test_a_chart_without_data_has_no_lines() -> None:
    markup = str(svg("rio", "RIO", [Punt(f"202{i}-H1", {"totaal": 0}) for i in range(6)]))
    assert "grafiek__lijn" not in markup
    assert "Geen gegevens in deze halfjaren" in markup
