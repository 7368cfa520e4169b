"""The search form of a text: what the search column holds and what a typed term becomes.

One function for both sides, so ``Öztürk``, ``OZTÜRK``, ``ozturk`` and ``Oztürk`` all
become ``ozturk``: Unicode compatibility decomposition (NFKD), combining marks dropped,
casefolded, plus the letters NFKD does not split (ø, ł, đ, æ, the dotless i, ...). The person's
``zoeknaam`` is filled from it by every writer of persons (the ORM hook in
``casus.personen.models``, the import's and the demo's bulk writers, the migration).
"""

from __future__ import annotations

import unicodedata

# letters that have no decomposition into a base letter and a mark (after casefold)
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "\u0131": "i",  # dotless i
        "\u0237": "j",  # dotless j
        "ŀ": "l",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ĸ": "k",
        "ŋ": "n",
        "ß": "ss",
        # typographic apostrophes and a spacing acute as the plain apostrophe (d'Ancona)
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u00b7": "",  # middle dot (l·l, what NFKD leaves of ŀ)
    }
)


def zoekvorm(tekst: str | None) -> str:
    """``tekst`` without case, accents or diacritics, whitespace collapsed to one space."""
    if not tekst:
        return ""
    gevouwen = unicodedata.normalize("NFKD", tekst.casefold())
    zonder_tekens = "".join(c for c in gevouwen if not unicodedata.combining(c))
    return " ".join(zonder_tekens.translate(_LETTERS).split())


def zoeknaam(voornaam: str | None, tussenvoegsel: str | None, achternaam: str | None) -> str:
    """The search column of a person: the search form of the full name."""
    return zoekvorm(" ".join(d for d in (voornaam, tussenvoegsel, achternaam) if d))
