"""A trend line starts at the first half-year with data, not at a zero before it."""

from __future__ import annotations

import re

from casus.rapportage.grafiek import Punt, svg


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
    # the y axis tops at 5, plot height 180 - 14 - 28 = 138: 3 -> 14 + 138 - 82.8 = 69.2
    assert totaal[0] == "160.8,69.2"
    # the last half-year is drawn as a measured 0 after data existed
    assert len(totaal) == 4
    assert totaal[-1] == "348.0,152.0"
    assert len(_lijn(markup, "afgesloten")) == 4
    assert 'cx="36.0"' not in markup
    assert 'cx="98.4"' not in markup


def test_a_chart_without_data_has_no_lines() -> None:
    markup = str(svg("rio", "RIO", [Punt(f"202{i}-H1", {"totaal": 0}) for i in range(6)]))
    assert "grafiek__lijn" not in markup
    assert "Geen gegevens in deze halfjaren" in markup
