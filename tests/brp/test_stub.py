"""The built-in BRP stub (casus.brp.stub) over HTTP: the API's checks, the field
selection, the behaviours, its test persons and the command that serves it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask

from casus.brp.stub import Stubserver, kies_velden, testgedrag, testpersonen
from casus.personen.models import bsn_geldig
from tests.hulp import brp as hulp
from tests.hulp.brp import (
    BSN_GEWEIGERD,
    BSN_MINDERJARIG,
    BSN_ONBEKEND,
    BSN_STORING,
    BSN_TRAAG,
    BSN_VOLWASSEN,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "brp.md"


def _vraag(stub: Stubserver, body: Any, **kwargs: Any) -> requests.Response:
    return requests.post(f"{stub.url}/personen", json=body, timeout=5, **kwargs)


def _raadpleeg(bsns: list[str], velden: list[str]) -> dict[str, Any]:
    return {
        "type": "RaadpleegMetBurgerservicenummer",
        "burgerservicenummer": bsns,
        "fields": velden,
    }


@pytest.mark.parametrize(
    ("body", "fouten"),
    [
        (
            {
                "type": "ZoekMetGeslachtsnaamEnGeboortedatum",
                "burgerservicenummer": [BSN_VOLWASSEN],
                "fields": ["naam"],
            },
            [("type", "value")],
        ),
        ({"burgerservicenummer": [BSN_VOLWASSEN], "fields": ["naam"]}, [("type", "required")]),
        (_raadpleeg([], ["naam"]), [("burgerservicenummer", "required")]),
        (
            _raadpleeg(["12345678", BSN_VOLWASSEN, "99999600a"], ["naam"]),
            [("burgerservicenummer[0]", "pattern"), ("burgerservicenummer[2]", "pattern")],
        ),
        (_raadpleeg([BSN_VOLWASSEN] * 21, ["naam"]), [("burgerservicenummer", "maxItems")]),
        (_raadpleeg([BSN_VOLWASSEN], []), [("fields", "required")]),
        (
            _raadpleeg([BSN_VOLWASSEN], ["naam", "schoenmaat", "naam..voornamen"]),
            [("fields[1]", "field"), ("fields[2]", "field")],
        ),
        ({**_raadpleeg([BSN_VOLWASSEN], ["naam"]), "extra": 1}, [("extra", "unknownParam")]),
        ([1, 2], [("type", "required")]),
    ],
)
def test_a_wrong_request_is_400_with_the_invalid_params(
    brp_stub: Stubserver, body: Any, fouten: list[tuple[str, str]]
) -> None:
    antwoord = _vraag(brp_stub, body)

    assert antwoord.status_code == 400
    assert antwoord.headers["Content-Type"] == "application/problem+json"
    probleem = antwoord.json()
    assert (probleem["status"], probleem["code"]) == (400, "paramsValidation")
    assert [(p["name"], p["code"]) for p in probleem["invalidParams"]] == fouten


def test_a_body_that_is_not_json_is_400(brp_stub: Stubserver) -> None:
    antwoord = requests.post(
        f"{brp_stub.url}/personen",
        data=b"type=RaadpleegMetBurgerservicenummer",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=5,
    )
    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["name"] == "type"


def test_only_post_personen_exists(brp_stub: Stubserver) -> None:
    assert requests.get(f"{brp_stub.url}/personen", timeout=5).status_code == 405
    antwoord = requests.post(f"{brp_stub.url}/ingeschrevenpersonen", json={}, timeout=5)
    assert antwoord.status_code == 404
    assert antwoord.headers["Content-Type"] == "application/problem+json"


def test_each_person_is_cut_down_to_the_fields_asked_for(brp_stub: Stubserver) -> None:
    antwoord = _vraag(
        brp_stub,
        _raadpleeg(
            [BSN_MINDERJARIG, BSN_ONBEKEND, BSN_VOLWASSEN],
            [
                "naam.voornamen",
                "geboorte.datum",
                "verblijfplaats.verblijfadres.postcode",
                "gezag.type",
            ],
        ),
    )

    assert antwoord.status_code == 200
    assert antwoord.json() == {
        "type": "RaadpleegMetBurgerservicenummer",
        "personen": [  # the unknown BSN is simply not there
            {
                "naam": {"voornamen": "Lotte Elif"},
                "geboorte": {
                    "datum": {
                        "type": "Datum",
                        "datum": "2012-11-05",
                        "langFormaat": "5 november 2012",
                    }
                },
                "verblijfplaats": {"type": "Adres", "verblijfadres": {"postcode": "2711AH"}},
                "gezag": [{"type": "TweehoofdigOuderlijkGezag"}],
            },
            {
                "naam": {"voornamen": "Jeroen"},
                "geboorte": {
                    "datum": {"type": "Datum", "datum": "1990-05-20", "langFormaat": "20 mei 1990"}
                },
                "verblijfplaats": {"type": "Adres", "verblijfadres": {"postcode": "2715AB"}},
            },
        ],
    }


def test_a_subtree_and_a_field_inside_it_together() -> None:
    persoon = {"naam": {"voornamen": "A", "geslachtsnaam": "B"}, "geslacht": {"code": "V"}}
    assert kies_velden(persoon, ["naam", "naam.voornamen"]) == {
        "naam": {"voornamen": "A", "geslachtsnaam": "B"}
    }
    assert kies_velden(persoon, ["overlijden.datum", "naam.voorvoegsel"]) == {"naam": {}}


def test_negeer_velden_returns_whole_persons(brp_stub: Stubserver) -> None:
    brp_stub.negeer_velden = True
    antwoord = _vraag(brp_stub, _raadpleeg([BSN_VOLWASSEN], ["burgerservicenummer"]))
    assert antwoord.json()["personen"] == [testpersonen()[BSN_VOLWASSEN]]


def test_the_behaviours_per_bsn(brp_stub: Stubserver) -> None:
    geweigerd = _vraag(brp_stub, _raadpleeg([BSN_VOLWASSEN, BSN_GEWEIGERD], ["naam"]))
    assert geweigerd.status_code == 403
    assert geweigerd.headers["Content-Type"] == "application/problem+json"
    assert geweigerd.json()["status"] == 403

    assert _vraag(brp_stub, _raadpleeg([BSN_STORING], ["naam"])).status_code == 500

    brp_stub.vertraging = 0.4
    begin = time.monotonic()
    traag = _vraag(brp_stub, _raadpleeg([BSN_TRAAG], ["naam.geslachtsnaam"]))
    assert time.monotonic() - begin >= 0.4
    assert traag.json()["personen"] == [{"naam": {"geslachtsnaam": "Groot"}}]

    # a test may move any BSN into a behaviour, or out of it
    brp_stub.geweigerd.discard(BSN_GEWEIGERD)
    brp_stub.storing.add(BSN_GEWEIGERD)
    assert _vraag(brp_stub, _raadpleeg([BSN_GEWEIGERD], ["naam"])).status_code == 500


def test_the_stub_keeps_what_it_received_and_is_reset(brp_stub: Stubserver) -> None:
    _vraag(brp_stub, _raadpleeg([BSN_VOLWASSEN], ["naam"]), headers={"X-Doelbinding": "TEST"})
    ontvangen = brp_stub.ontvangen[-1]
    assert ontvangen["body"] == _raadpleeg([BSN_VOLWASSEN], ["naam"])
    assert ontvangen["headers"]["X-DOELBINDING"] == "TEST"  # looked up in any case

    hulp.verhuis(brp_stub, BSN_VOLWASSEN)
    brp_stub.negeer_velden = True
    brp_stub.storing.add(BSN_VOLWASSEN)
    brp_stub.herstel()

    assert len(brp_stub.ontvangen) == 0
    assert brp_stub.personen == testpersonen()
    assert not brp_stub.negeer_velden
    assert brp_stub.storing == {BSN_STORING}


def test_the_test_persons_and_behaviours() -> None:
    personen = testpersonen()
    gedrag = testgedrag()

    assert len(personen) == 17
    assert all(bsn_geldig(bsn) for bsn in personen)
    assert all(p["burgerservicenummer"] == bsn for bsn, p in personen.items())
    assert bsn_geldig(hulp.BSN_ONBEKEND)
    assert hulp.BSN_ONBEKEND not in personen
    assert gedrag == {
        "geweigerd": frozenset({BSN_GEWEIGERD}),
        "storing": frozenset({BSN_STORING}),
        "traag": frozenset({BSN_TRAAG}),
    }
    buiten_zoetermeer = {
        bsn for bsn, p in personen.items() if p["gemeenteVanInschrijving"]["code"] != "0637"
    }
    assert buiten_zoetermeer == {hulp.BSN_VERHUISD, hulp.BSN_BUITENLAND}
    # a fresh copy each time: a test changing one does not change the next
    personen[BSN_VOLWASSEN]["naam"]["voornamen"] = "X"
    assert testpersonen()[BSN_VOLWASSEN]["naam"]["voornamen"] == "Jeroen"


def test_docs_list_every_test_person() -> None:
    tekst = DOCS.read_text(encoding="utf-8")
    for bsn, persoon in testpersonen().items():
        assert f"`{bsn}`" in tekst, bsn
        assert persoon["naam"]["volledigeNaam"] in tekst, bsn


def test_the_stub_command_has_dutch_help(app: Flask) -> None:
    uitvoer = app.test_cli_runner().invoke(args=["brp", "stub", "--help"])
    assert uitvoer.exit_code == 0
    assert "Start de ingebouwde BRP-stub met de testpersonen" in uitvoer.output
    assert "--poort" in uitvoer.output
