"""Workday arithmetic over weekends and Dutch public holidays (the ``holidays``
library's NL calendar), hand-worked against the 2025 and 2026 calendars."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casus.termijnen import rekenen


def test_the_calendar_we_rely_on() -> None:
    # Koningsdag: 27 April, the Saturday before when that is a Sunday (2025)
    assert rekenen.feestdag(date(2025, 4, 26)) is not None
    assert rekenen.feestdag(date(2025, 4, 27)) is None
    assert rekenen.feestdag(date(2026, 4, 27)) is not None
    # Bevrijdingsdag: a day off only in lustrum years
    assert rekenen.feestdag(date(2025, 5, 5)) is not None
    assert rekenen.feestdag(date(2020, 5, 5)) is not None
    assert rekenen.feestdag(date(2026, 5, 5)) is None
    assert rekenen.is_werkdag(date(2026, 5, 5))  # a Tuesday
    # Goede Vrijdag counts as a holiday in the library's calendar; so do both Easter
    # days, Hemelvaart, both Pinksterdagen and both Christmas days
    for dag in (
        date(2025, 4, 18),
        date(2025, 4, 20),
        date(2025, 4, 21),
        date(2025, 5, 29),
        date(2025, 6, 8),
        date(2025, 6, 9),
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 1, 1),
    ):
        assert not rekenen.is_werkdag(dag), dag
    assert not rekenen.is_werkdag(date(2025, 3, 8))  # a Saturday
    assert rekenen.is_werkdag(date(2025, 3, 10))  # a Monday


@pytest.mark.parametrize(
    ("start", "aantal", "verwacht"),
    [
        (date(2025, 3, 7), 1, date(2025, 3, 10)),  # Friday -> Monday
        (date(2025, 3, 8), 1, date(2025, 3, 10)),  # Saturday -> Monday
        (date(2025, 3, 8), 0, date(2025, 3, 10)),  # 0: the start or the next workday
        (date(2025, 3, 10), 0, date(2025, 3, 10)),
        (date(2025, 4, 17), 1, date(2025, 4, 22)),  # Goede Vrijdag, weekend, Paasmaandag
        (date(2026, 4, 24), 1, date(2026, 4, 28)),  # weekend, Koningsdag on a Monday
        (date(2025, 5, 2), 1, date(2025, 5, 6)),  # weekend, Bevrijdingsdag 2025
        (date(2026, 5, 4), 1, date(2026, 5, 5)),  # Bevrijdingsdag 2026 is a workday
        (date(2025, 5, 28), 1, date(2025, 5, 30)),  # Hemelvaart
        (date(2025, 6, 6), 1, date(2025, 6, 10)),  # weekend with Pinksteren, Pinkstermaandag
        (date(2025, 12, 24), 1, date(2025, 12, 29)),  # both Christmas days, weekend
        (date(2025, 12, 31), 1, date(2026, 1, 2)),  # New Year, into the next year
        # 10 workdays from Thursday 17 April 2025: 22-25 April (4; 18 and 21 off),
        # 28 April - 2 May (9), 5 May Bevrijdingsdag off, 6 May (10); Koningsdag fell on
        # a Saturday and changes nothing
        (date(2025, 4, 17), 10, date(2025, 5, 6)),
        # 10 workdays from Thursday 2 April 2026: 7-10 April (4; 3 and 6 off), 13-17 (9),
        # 20 April (10)
        (date(2026, 4, 2), 10, date(2026, 4, 20)),
    ],
)
def test_plus_werkdagen(start: date, aantal: int, verwacht: date) -> None:
    assert rekenen.plus_werkdagen(start, aantal) == verwacht
    if aantal:
        assert rekenen.werkdagen_tussen(start, verwacht) == aantal


def test_min_werkdagen_and_the_warning_day() -> None:
    # 3 workdays before Tuesday 6 May 2025: 5 May is off, so 2 May, 1 May, 30 April
    assert rekenen.min_werkdagen(date(2025, 5, 6), 3) == date(2025, 4, 30)
    assert rekenen.waarschuwingsdatum(date(2025, 5, 6), 3, True) == date(2025, 4, 30)
    assert rekenen.min_werkdagen(date(2025, 5, 6), 0) == date(2025, 5, 6)
    # calendar days: simply back
    assert rekenen.waarschuwingsdatum(date(2025, 3, 2), 5, False) == date(2025, 2, 25)


def test_calendar_day_norms_ignore_weekends_and_holidays() -> None:
    assert rekenen.vervaldatum(date(2025, 1, 31), 30, False) == date(2025, 3, 2)
    assert rekenen.vervaldatum(date(2025, 12, 1), 30, False) == date(2025, 12, 31)
    assert rekenen.vervaldatum(date(2025, 4, 17), 10, True) == date(2025, 5, 6)


def test_werkdagen_tussen() -> None:
    assert rekenen.werkdagen_tussen(date(2025, 3, 10), date(2025, 3, 10)) == 0
    assert rekenen.werkdagen_tussen(date(2025, 3, 10), date(2025, 3, 9)) == 0
    # Monday 21 April 2025 (Paasmaandag) to Friday 2 May: 22-25, 28 April - 2 May
    assert rekenen.werkdagen_tussen(date(2025, 4, 21), date(2025, 5, 2)) == 9


def test_the_sql_thresholds_agree_with_the_due_dates() -> None:
    """The lists compare a start date with one threshold per day; for every start in
    spring 2025 (the most holidays) the threshold says what the due date says."""
    for werkdagen, dagen, waarschuwing in ((True, 10, 3), (False, 30, 5), (True, 1, 0)):
        for op in (date(2025, 4, 18) + timedelta(days=i) for i in range(60)):
            grens = rekenen.laatste_start_verlopen(op, dagen, werkdagen)
            bijna = rekenen.laatste_start_nadert(op, dagen, werkdagen, waarschuwing)
            for start in (op - timedelta(days=i) for i in range(40)):
                verval = rekenen.vervaldatum(start, dagen, werkdagen)
                vanaf = rekenen.waarschuwingsdatum(verval, waarschuwing, werkdagen)
                assert (start <= grens) == (verval < op), (op, start)
                assert (start <= bijna) == (vanaf <= op), (op, start)


def test_hand_worked_thresholds() -> None:
    # a start on Goede Vrijdag, in the Easter weekend or on Paasmaandag counts from the
    # same next workday as Thursday 17 April: all are due on 6 May; Tuesday 22 April is
    # due on 7 May. So on 7 May the norm has passed for starts up to 21 April.
    for dag in range(17, 22):
        assert rekenen.vervaldatum(date(2025, 4, dag), 10, True) == date(2025, 5, 6)
    assert rekenen.vervaldatum(date(2025, 4, 22), 10, True) == date(2025, 5, 7)
    assert rekenen.laatste_start_verlopen(date(2025, 5, 7), 10, True) == date(2025, 4, 21)
    # 30 calendar days: due on start + 30, past from the day after
    assert rekenen.laatste_start_verlopen(date(2025, 3, 3), 30, False) == date(2025, 1, 31)
