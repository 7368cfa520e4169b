"""The one publication rule (casus.dashboard.publicatie), on hand-worked cases.

The threshold is 5 unless a test says otherwise: 1 to 4 read "minder dan 5"."""

from __future__ import annotations

import pytest

from casus.dashboard.publicatie import (
    AFGESCHERMD,
    Cijfer,
    NietPubliceerbaar,
    Tabel,
    aantal,
    controleer_drempel,
    percentage,
)


def _tabel(drempel: int, totaal: tuple[str, int], *delen: tuple[str, int]) -> dict[str, Cijfer]:
    t = Tabel(drempel)
    t.cijfer(*totaal)
    for naam, n in delen:
        t.cijfer(naam, n)
    t.groep(totaal[0], [naam for naam, _ in delen])
    return t.uitkomst()


def test_a_wijk_with_3_cases_shows_minder_dan_5() -> None:
    assert aantal(3, 5, {"wijk"}) == Cijfer(None, "minder dan 5", "klein")


@pytest.mark.parametrize(
    ("n", "tekst", "getoond"),
    [(0, "0", True), (1, "minder dan 5", False), (4, "minder dan 5", False), (5, "5", True)],
)
def test_from_1_up_to_below_the_threshold_is_hidden_and_0_stays_0(
    n: int, tekst: str, getoond: bool
) -> None:
    c = aantal(n, 5)
    assert (c.tekst, c.getoond) == (tekst, getoond)
    assert c.waarde == (n if getoond else None)


def test_large_numbers_are_written_the_dutch_way() -> None:
    assert aantal(12345, 5).tekst == "12.345"


def test_the_threshold_is_the_one_given() -> None:
    # threshold 10: 7 is hidden and the text names 10; 10 itself is shown
    assert aantal(7, 10).tekst == "minder dan 10"
    assert aantal(10, 10).tekst == "10"


def test_one_hidden_cell_of_a_published_total_hides_the_next_smallest_cell() -> None:
    # 35 = Dorp 3 + Meerzicht 12 + Oosterheem 20: with only Dorp hidden, 35 - 12 - 20 = 3.
    # Meerzicht (12, the next smallest) is hidden too: Dorp + Meerzicht = 15, and Dorp
    # lies anywhere in 1..4 (Meerzicht in 11..14)
    uit = _tabel(5, ("totaal", 35), ("Dorp", 3), ("Meerzicht", 12), ("Oosterheem", 20))
    assert {k: c.tekst for k, c in uit.items()} == {
        "totaal": "35",
        "Dorp": "minder dan 5",
        "Meerzicht": AFGESCHERMD,
        "Oosterheem": "20",
    }


def test_a_zero_cell_is_never_picked_to_hide_a_small_one() -> None:
    # 23 = 3 + 0 + 20: hiding the 0 would not help (a 0 is shown as 0 everywhere), so the
    # 20 is hidden; the total stays
    uit = _tabel(5, ("totaal", 23), ("a", 3), ("b", 0), ("c", 20))
    assert [uit[k].tekst for k in ("totaal", "a", "b", "c")] == [
        "23",
        "minder dan 5",
        "0",
        AFGESCHERMD,
    ]


def test_two_small_cells_protect_each_other() -> None:
    # 25 = 2 + 3 + 20: the two hidden cells add up to 5, each could be 1..4: nothing more
    uit = _tabel(5, ("totaal", 25), ("a", 2), ("b", 3), ("c", 20))
    assert [uit[k].tekst for k in ("totaal", "a", "b", "c")] == [
        "25",
        "minder dan 5",
        "minder dan 5",
        "20",
    ]


def test_two_ones_beside_a_shown_cell_would_be_exact_and_hide_it() -> None:
    # 12 = 1 + 1 + 10: two hidden cells adding up to 2 are both 1: the 10 is hidden too
    uit = _tabel(5, ("totaal", 12), ("a", 1), ("b", 1), ("c", 10))
    assert [uit[k].tekst for k in ("a", "b", "c", "totaal")] == [
        "minder dan 5",
        "minder dan 5",
        AFGESCHERMD,
        "12",
    ]


def test_when_no_cell_is_left_the_total_is_hidden() -> None:
    # 6 = 1 + 5: with the 5 hidden as well, a reader knows it is at least 5 (else it would
    # read "minder dan 5"), so the small one is 6 - 5 = 1: the total goes too
    uit = _tabel(5, ("totaal", 6), ("a", 1), ("b", 5))
    assert [uit[k].tekst for k in ("totaal", "a", "b")] == [
        AFGESCHERMD,
        "minder dan 5",
        AFGESCHERMD,
    ]


def test_a_small_total_needs_nothing_more() -> None:
    # 4 = 3 + 1 + 0: the total is hidden itself, nothing can be subtracted
    uit = _tabel(5, ("totaal", 4), ("a", 3), ("b", 1), ("c", 0))
    assert [uit[k].tekst for k in ("totaal", "a", "b", "c")] == [
        "minder dan 5",
        "minder dan 5",
        "minder dan 5",
        "0",
    ]


def test_figures_without_a_group_are_judged_on_their_own() -> None:
    t = Tabel(5)
    t.cijfer("a", 3)
    t.cijfer("b", 12)
    assert [c.tekst for c in t.uitkomst().values()] == ["minder dan 5", "12"]


def test_a_hidden_figure_that_is_the_sum_of_shown_ones_is_protected_across_groups() -> None:
    # group 1: 30 = x 2 + y 28 -> y hidden (next smallest) to protect x.
    # group 2: y 28 = p 10 + q 18. With p and q shown, y = 28 and x = 2 again: so p (the
    # smallest) is hidden as well, and then q alone does not give y
    t = Tabel(5)
    for naam, n in (("totaal", 30), ("x", 2), ("y", 28), ("p", 10), ("q", 18)):
        t.cijfer(naam, n)
    t.groep("totaal", ["x", "y"])
    t.groep("y", ["p", "q"])
    uit = t.uitkomst()
    assert {k: c.tekst for k, c in uit.items()} == {
        "totaal": "30",
        "x": "minder dan 5",
        "y": AFGESCHERMD,
        "p": AFGESCHERMD,
        "q": "18",
    }


def test_wijk_aanpak_and_age_group_together_are_refused() -> None:
    with pytest.raises(NietPubliceerbaar, match="wijk, aanpak en leeftijdsgroep"):
        aantal(40, 5, {"wijk", "aanpak", "leeftijdsgroep"})
    t = Tabel(5)
    with pytest.raises(NietPubliceerbaar):
        t.cijfer("x", 0, ["aanpak", "leeftijdsgroep", "wijk", "periode"])
    # any two of them may be published
    for twee in ({"wijk", "aanpak"}, {"wijk", "leeftijdsgroep"}, {"aanpak", "leeftijdsgroep"}):
        assert aantal(40, 5, twee).tekst == "40"


def test_a_percentage_of_a_hidden_count_is_not_shown() -> None:
    # 3 of 12 positief: the 25,0% would reveal the 3
    assert percentage(aantal(3, 5), aantal(12, 5)).getoond is False
    assert percentage(aantal(6, 5), aantal(3, 5)).getoond is False
    p = percentage(aantal(6, 5), aantal(13, 5))
    assert (p.waarde, p.tekst) == (46.2, "46,2%")  # 6 / 13 = 46.15..%
    assert percentage(aantal(0, 5), aantal(0, 5)).getoond is False  # nothing to divide by


def test_a_group_must_add_up() -> None:
    t = Tabel(5)
    t.cijfer("totaal", 10)
    t.cijfer("a", 4)
    with pytest.raises(ValueError, match="tellen niet op"):
        t.groep("totaal", ["a"])


@pytest.mark.parametrize("waarde", [1, 0, -3, "vijf", 2.5, None, True])
def test_a_threshold_that_would_hide_nothing_or_is_no_number_is_refused(waarde: object) -> None:
    with pytest.raises(ValueError, match="PUBLICATIE_DREMPEL"):
        controleer_drempel(waarde)


def test_a_threshold_from_the_environment_is_read_as_a_number() -> None:
    assert controleer_drempel("10") == 10
    assert controleer_drempel(2) == 2
