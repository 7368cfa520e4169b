"""Malformed import files: always a list of Dutch errors, never a traceback, never a
partial import."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from casus.casussen.models import Casus, Gebeurtenis
from casus.extensions import db
from casus.importeren.services import importeer
from casus.personen.models import Persoon
from casus.signalen.models import Signaal
from casus.toegang.actor import IMPORT
from tests.hulp.importregels import GOED

rommel = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    lambda kind: (
        st.lists(kind, max_size=4) | st.dictionaries(st.text(max_size=12), kind, max_size=4)
    ),
    max_leaves=12,
)
VELDEN = [
    "soort",
    "ref",
    "aanpak",
    "aangemeld_op",
    "persoon",
    "kenmerken",
    "gebeurtenissen",
    "interventies",
]


@st.composite
def verminkte_regel(draw: st.DrawFn) -> str:
    """A valid line with one field removed, replaced by junk, or the JSON broken."""
    regel: dict[str, Any] = json.loads(json.dumps(GOED))
    regel["ref"] = f"REF-{draw(st.integers(0, 10**6))}"
    soort = draw(st.sampled_from(["weg", "rommel", "extra", "kapot", "datum", "lang", "controle"]))
    veld = draw(st.sampled_from(VELDEN))
    if soort == "weg":
        regel.pop(veld)
    elif soort == "rommel":
        regel[veld] = draw(rommel)
    elif soort == "extra":
        regel[draw(st.text(min_size=1, max_size=10).filter(lambda k: k not in GOED))] = 1
    elif soort == "datum":
        regel["gebeurtenissen"][0]["datum"] = draw(
            st.sampled_from(
                ["2024-02-30", "0000-01-01", "9999-12-31", "24-11-2024", "", "2024-13-01"]
            )
        )
    elif soort == "lang":
        regel["persoon"]["achternaam"] = "x" * draw(st.integers(300, 100_000))
    elif soort == "controle":
        regel["persoon"]["voornaam"] = "Sem\x00\x1b[31m\u202e"
    tekst = json.dumps(regel)
    if soort == "kapot":
        knip = draw(st.integers(0, len(tekst) - 1))
        tekst = tekst[:knip] + draw(st.sampled_from(["", "}", "{{", '"', ",,"]))
    return tekst


def rijen() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Casus, Gebeurtenis, Persoon, Signaal)
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(goede=st.integers(0, 3), slechte=st.lists(verminkte_regel(), min_size=1, max_size=3))
def test_malformed_files_give_dutch_errors_and_import_nothing(
    goede: int, slechte: list[str]
) -> None:
    voor = rijen()
    regels = []
    for i in range(goede):
        goed = json.loads(json.dumps(GOED))
        goed["ref"], goed["persoon"]["ref"] = f"GOED-{i}", f"PG-{i}"
        regels.append(json.dumps(goed))
    regels += slechte
    resultaat = importeer(regels, actor=IMPORT)
    if resultaat.fouten:
        for fout in resultaat.fouten:
            assert 1 <= fout.regel <= len(regels)
            assert str(fout).startswith(f"Regel {fout.regel}")
            assert "Traceback" not in fout.bericht
            assert fout.bericht.strip()
        db.session.rollback()
        assert rijen() == voor
    else:
        # a mutation that happens to be harmless (e.g. an extra null field) imports fine
        db.session.rollback()


def test_a_known_bad_line_is_reported_with_its_line_number() -> None:
    slecht = json.loads(json.dumps(GOED))
    slecht["aanpak"], slecht["ref"] = "bestaat_niet", "ANDERE-REF"
    resultaat = importeer([json.dumps(GOED), json.dumps(slecht)], actor=IMPORT)
    assert [(f.regel, f.veld) for f in resultaat.fouten] == [(2, "aanpak")]
    assert "bestaat_niet" in resultaat.fouten[0].bericht
    assert rijen() == (0, 0, 0, 0)


def test_too_long_names_and_control_characters_are_refused_per_field() -> None:
    """Column sizes are checked before writing (PostgreSQL would refuse the row midway)."""
    lang = json.loads(json.dumps(GOED))
    lang["persoon"]["achternaam"] = "x" * 151
    stuur = json.loads(json.dumps(GOED))
    stuur["ref"], stuur["persoon"]["ref"] = "STUUR", "P-2"
    stuur["persoon"]["voornaam"] = "Sem\x00"
    signaal = {
        "soort": "signaal",
        "ref": "S-1",
        "aanpak": "ondermijning",
        "ontvangen_op": "2025-02-03",
        "bron": "collega",
        "thema": "witwassen",
        "tekst": "regel één\nregel twee " + "y" * 20_000,
    }
    resultaat = importeer([json.dumps(lang), json.dumps(stuur), json.dumps(signaal)], actor=IMPORT)
    assert [(f.regel, f.veld) for f in resultaat.fouten] == [
        (1, "persoon.achternaam"),
        (2, "persoon.voornaam"),
        (3, "tekst"),
    ]
    assert "151 tekens" in resultaat.fouten[0].bericht
    assert "maximum is 150" in resultaat.fouten[0].bericht
    assert "stuurtekens" in resultaat.fouten[1].bericht
    assert rijen() == (0, 0, 0, 0)


def test_line_breaks_are_allowed_in_free_text_and_150_characters_in_a_name() -> None:
    goed = json.loads(json.dumps(GOED))
    goed["persoon"]["achternaam"] = "x" * 150
    signaal = {
        "soort": "signaal",
        "ref": "S-1",
        "aanpak": "ondermijning",
        "ontvangen_op": "2025-02-03",
        "bron": "collega",
        "thema": "witwassen",
        "tekst": "regel één\r\nregel twee\tmet tab",
    }
    resultaat = importeer([json.dumps(goed), json.dumps(signaal)], actor=IMPORT)
    assert resultaat.fouten == []
    db.session.commit()
    assert rijen() == (1, 4, 1, 1)
