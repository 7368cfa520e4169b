"""The buckets of a period: their boundaries and Dutch labels, the first and the last
clipped to the period."""

from __future__ import annotations

from datetime import date

import pytest

from casus.dashboard.reeks import aantal_vakken, vakken

D = date.fromisoformat


def _grenzen(van: str, tem: str, indeling: str) -> list[tuple[str, str, str]]:
    return [
        (v.naam, v.periode.van.isoformat(), v.periode.tot_en_met.isoformat())
        for v in vakken(D(van), D(tem), indeling)
    ]


def test_months_with_clipped_ends_across_a_year_and_a_leap_day() -> None:
    assert _grenzen("2023-12-15", "2024-03-10", "maand") == [
        ("dec 2023 (vanaf 15 dec)", "2023-12-15", "2023-12-31"),
        ("jan 2024", "2024-01-01", "2024-01-31"),
        ("feb 2024", "2024-02-01", "2024-02-29"),
        ("mrt 2024 (t/m 10 mrt)", "2024-03-01", "2024-03-10"),
    ]


def test_quarters() -> None:
    assert _grenzen("2025-02-15", "2025-11-10", "kwartaal") == [
        ("2025 K1 (vanaf 15 feb)", "2025-02-15", "2025-03-31"),
        ("2025 K2", "2025-04-01", "2025-06-30"),
        ("2025 K3", "2025-07-01", "2025-09-30"),
        ("2025 K4 (t/m 10 nov)", "2025-10-01", "2025-11-10"),
    ]


def test_half_years_and_whole_ones_are_not_clipped() -> None:
    assert _grenzen("2024-01-01", "2025-06-30", "halfjaar") == [
        ("2024 1e helft", "2024-01-01", "2024-06-30"),
        ("2024 2e helft", "2024-07-01", "2024-12-31"),
        ("2025 1e helft", "2025-01-01", "2025-06-30"),
    ]


def test_years() -> None:
    assert _grenzen("2023-03-01", "2025-12-31", "jaar") == [
        ("2023 (vanaf 1 mrt)", "2023-03-01", "2023-12-31"),
        ("2024", "2024-01-01", "2024-12-31"),
        ("2025", "2025-01-01", "2025-12-31"),
    ]


def test_one_bucket_clipped_at_both_ends() -> None:
    assert _grenzen("2025-05-05", "2025-05-20", "kwartaal") == [
        ("2025 K2 (5 mei t/m 20 mei)", "2025-05-05", "2025-05-20")
    ]
    assert _grenzen("2025-05-05", "2025-05-05", "maand") == [
        ("mei 2025 (5 mei t/m 5 mei)", "2025-05-05", "2025-05-05")
    ]


def test_the_axis_writes_the_year_under_the_first_bucket_and_every_january() -> None:
    v = vakken(D("2024-11-01"), D("2025-02-28"), "maand")
    assert [(x.as_boven, x.as_onder) for x in v] == [
        ("nov", "2024"),
        ("dec", ""),
        ("jan", "2025"),
        ("feb", ""),
    ]
    k = vakken(D("2024-07-01"), D("2025-03-31"), "kwartaal")
    assert [(x.as_boven, x.as_onder) for x in k] == [("K3", "2024"), ("K4", ""), ("K1", "2025")]


@pytest.mark.parametrize(
    ("van", "tem", "indeling", "aantal"),
    [
        ("2025-01-31", "2025-02-01", "maand", 2),
        ("2021-01-01", "2025-12-31", "maand", 60),
        ("2021-01-01", "2026-01-01", "maand", 61),
        ("2025-03-31", "2025-04-01", "kwartaal", 2),
        ("2010-01-01", "2024-12-31", "kwartaal", 60),
        ("2025-06-30", "2025-07-01", "halfjaar", 2),
        ("2000-01-01", "2025-12-31", "jaar", 26),
    ],
)
def test_the_number_of_buckets(van: str, tem: str, indeling: str, aantal: int) -> None:
    assert aantal_vakken(D(van), D(tem), indeling) == aantal
    assert len(vakken(D(van), D(tem), indeling)) == aantal
