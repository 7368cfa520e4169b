"""The caseload lists and the search build their rows from columns, not from ORM
objects: the subject and the regisseur's short name computed from those columns must
read as ``Casus.onderwerp`` and ``Gebruiker.korte_naam`` do."""

from __future__ import annotations

import pytest

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.personen.models import Persoon
from casus.werkplek.queries import korte_naam, onderwerp


@pytest.mark.parametrize(
    ("naam", "verwacht"),
    [
        ("Jan de Vries", "J. de Vries"),
        ("Fatima El Amrani", "F. El Amrani"),
        ("Madonna", "Madonna"),
        ("  Piet   Jansen ", "P. Jansen"),
    ],
)
def test_short_name_as_the_user_model_gives_it(naam: str, verwacht: str) -> None:
    assert korte_naam(naam) == verwacht
    assert Gebruiker(naam=naam).korte_naam == verwacht


@pytest.mark.parametrize(
    ("namen", "verwacht"),
    [
        (("Ali", "van", "Dijk"), "Ali van Dijk"),
        (("Sem", None, "Jansen"), "Sem Jansen"),
        (("Sem", "", "Jansen"), "Sem Jansen"),
    ],
)
def test_subject_of_a_case_with_a_person(
    namen: tuple[str | None, str | None, str | None], verwacht: str
) -> None:
    voornaam, tussenvoegsel, achternaam = namen
    persoon = Persoon(voornaam=voornaam, tussenvoegsel=tussenvoegsel, achternaam=achternaam)
    assert onderwerp(1, namen, "Bakkerij BV", None) == verwacht
    assert Casus(persoon=persoon, kenmerken={"naam": "Bakkerij BV"}).onderwerp == verwacht


@pytest.mark.parametrize(
    ("kenmerken", "verwacht"),
    [
        ({"naam": "Bakkerij De Korrel BV", "adres": "Dorpsstraat 1"}, "Bakkerij De Korrel BV"),
        ({"adres": "Dorpsstraat 1"}, "Dorpsstraat 1"),
        ({"naam": "", "adres": "Dorpsstraat 1"}, "Dorpsstraat 1"),
        ({}, "Onbekend onderwerp"),
    ],
)
def test_subject_of_a_case_without_a_person(kenmerken: dict[str, str], verwacht: str) -> None:
    zonder = (None, None, None)
    assert onderwerp(None, zonder, kenmerken.get("naam"), kenmerken.get("adres")) == verwacht
    assert Casus(kenmerken=kenmerken).onderwerp == verwacht
