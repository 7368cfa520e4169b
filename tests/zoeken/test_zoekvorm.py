"""The search form of names and how a typed term is read (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from casus.zoeken.queries import Zoekvraag, lees_zoekvraag
from casus.zoeken.zoekvorm import zoeknaam, zoekvorm


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("Öztürk", "ozturk"),
        ("ÖZTÜRK", "ozturk"),
        ("öztürk", "ozturk"),
        ("Ozturk", "ozturk"),
        ("Ruben Çelik", "ruben celik"),
        ("Şahin", "sahin"),
        ("I\u011fd\u0131r", "igdir"),  # the place Igdir, with a dotless i: NFKD leaves it whole
        ("İlhan", "ilhan"),  # capital I with dot: casefold gives i + a combining dot
        ("Łukasz Wałęsa", "lukasz walesa"),
        ("Søren Ørsted", "soren orsted"),
        ("Đorđević", "dordevic"),
        ("Straße", "strasse"),
        ("Ærø", "aero"),
        ("Zoë Noël", "zoe noel"),
        ("François", "francois"),
        ("D\u2019Ancona", "d'ancona"),  # typographic apostrophe as the plain one
        ("  Jan   de\tVries ", "jan de vries"),
        ("\ufb01let", "filet"),  # the fi ligature (compatibility decomposition)
        ("", ""),
        (None, ""),
    ],
)
def test_the_search_form_drops_case_accents_and_diacritics(
    tekst: str | None, verwacht: str
) -> None:
    assert zoekvorm(tekst) == verwacht


def test_the_search_name_is_the_full_name_with_its_tussenvoegsel() -> None:
    assert zoeknaam("Noël", "van der", "Çelik") == "noel van der celik"
    assert zoeknaam("Ayşe", None, "Öztürk") == "ayse ozturk"


@pytest.mark.parametrize(
    ("term", "verwacht"),
    [
        ("Öztürk", Zoekvraag(namen=("ozturk",))),
        ("celik RUBEN", Zoekvraag(namen=("celik", "ruben"))),
        ("12-03-2008", Zoekvraag(geboortedata=(date(2008, 3, 12),))),
        ("12-3-2008", Zoekvraag(geboortedata=(date(2008, 3, 12),))),
        ("2-3-2008", Zoekvraag(geboortedata=(date(2008, 3, 2),))),
        ("2008-03-12", Zoekvraag(geboortedata=(date(2008, 3, 12),))),
        ("12/03/2008", Zoekvraag(geboortedata=(date(2008, 3, 12),))),
        ("12.03.2008", Zoekvraag(geboortedata=(date(2008, 3, 12),))),
        ("31-02-2008", Zoekvraag(onmogelijk=True)),
        ("111222333", Zoekvraag(bsn=("111222333",))),
        ("pgaj-2025-00012", Zoekvraag(casusnummers=("PGAJ-2025-00012",))),
        ("00012", Zoekvraag(casusnummers=("00012",))),
        ("Çelik 12-3-2008", Zoekvraag(namen=("celik",), geboortedata=(date(2008, 3, 12),))),
        ("   ", Zoekvraag()),
    ],
)
def test_a_term_is_read_word_by_word(term: str, verwacht: Zoekvraag) -> None:
    assert lees_zoekvraag(term) == verwacht


def test_an_empty_term_asks_nothing_and_an_impossible_date_is_not_empty() -> None:
    assert lees_zoekvraag("").leeg
    assert not lees_zoekvraag("31-02-2008").leeg
