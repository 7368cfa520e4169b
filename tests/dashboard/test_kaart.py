"""The wijk map and the ranked chart as SVG (casus.dashboard.kaart), the per-1,000
arithmetic and the start-up checks of WIJK_INWONERS and WIJKEN_GEOJSON."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from casus import create_app
from casus.dashboard.kaart import (
    Kaartwijk,
    Staaf,
    kaart_svg,
    klassen,
    komma,
    lees_geojson,
    per_duizend,
    projecteer,
    staven_svg,
)
from casus.dashboard.wijken import KAART, ZOETERMEER_GEOJSON, lees_inwoners
from config import TestConfig
from workflows.base import ZOETERMEER_WIJKEN

D = Decimal


def test_per_1000_inhabitants_is_rounded_to_one_decimal_half_up() -> None:
    # 2 of 1,500: 1.333.. -> 1,3; 1 of 4,000: 0.25 -> 0,3 (half up, not to even);
    # 3 of 1,500: exactly 2 -> 2,0; 7 of 350: 20 -> 20,0; 1 of 3: 333.33.. -> 333,3
    assert per_duizend(2, 1500) == D("1.3")
    assert per_duizend(1, 4000) == D("0.3")
    assert per_duizend(3, 1500) == D("2.0")
    assert per_duizend(7, 350) == D("20.0")
    assert per_duizend(1, 3) == D("333.3")
    assert per_duizend(0, 2500) == D("0.0")
    assert per_duizend(5, None) is None
    assert [komma(D(x)) for x in ("1.3", "0.25", "1234.5")] == ["1,3", "0,3", "1.234,5"]
    assert komma(None) == "onbekend"


def test_classes_by_rank_keep_an_outlier_from_swallowing_the_rest() -> None:
    waarden = [D(x) for x in ("0.5", "0.8", "1.1", "1.1", "1.6", "2.0", "2.4", "3.0", "40.0")]
    # eight distinct values in five groups of 1, 2, 1, 2, 2 (by rank: 8*i//5)
    assert [(k.laag, k.hoog) for k in klassen(waarden)] == [
        (D("0.5"), D("0.5")),
        (D("0.8"), D("1.1")),
        (D("1.6"), D("1.6")),
        (D("2.0"), D("2.4")),
        (D("3.0"), D("40.0")),
    ]
    assert klassen(waarden)[1].label == "0,8 tot en met 1,1"
    assert [(k.laag, k.hoog) for k in klassen([D("1.0"), D("1.0"), D("2.0")])] == [
        (D("1.0"), D("1.0")),
        (D("2.0"), D("2.0")),
    ]
    assert klassen([]) == []


def _geojson(tmp_path: Path, kenmerken: list[dict[str, Any]], naam: str = "w.geojson") -> Path:
    pad = tmp_path / naam
    pad.write_text(json.dumps({"type": "FeatureCollection", "features": kenmerken}))
    return pad


def _vierkant(naam: str, x: float, y: float, eigenschap: str = "naam") -> dict[str, Any]:
    ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
    return {
        "type": "Feature",
        "properties": {eigenschap: naam},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_the_demo_map_holds_every_wijk_of_zoetermeer_once() -> None:
    vormen = lees_geojson(ZOETERMEER_GEOJSON, "naam", ZOETERMEER_WIJKEN)
    assert sorted(vormen) == sorted(ZOETERMEER_WIJKEN)
    assert len(vormen) == 12


@pytest.mark.parametrize(
    ("kenmerken", "melding"),
    [
        ([_vierkant("Atlantis", 4.4, 52.0)], "'Atlantis' in"),
        ([_vierkant("Dorp", 4.4, 52.0), _vierkant("Dorp", 4.5, 52.0)], "de wijk 'Dorp' twee keer"),
        ([_vierkant("Dorp", 4.4, 52.0, eigenschap="WIJKNAAM")], "geen eigenschap 'naam'"),
        ([_vierkant("Dorp", 140000.0, 452000.0)], "buiten lengte- en breedtegraden"),
        (
            [{"type": "Feature", "properties": {"naam": "Dorp"}, "geometry": {"type": "Point"}}],
            "geen Polygon of MultiPolygon",
        ),
        ([], "bevat geen wijken"),
    ],
)
def test_a_geojson_that_does_not_fit_the_wijken_is_refused_in_dutch(
    tmp_path: Path, kenmerken: list[dict[str, Any]], melding: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(melding)):
        lees_geojson(_geojson(tmp_path, kenmerken), "naam", ZOETERMEER_WIJKEN)


def test_the_naming_property_is_configurable_and_multipolygons_are_read(tmp_path: Path) -> None:
    twee = _vierkant("Dorp", 4.4, 52.0, eigenschap="WK_NAAM")
    tweede = _vierkant("Dorp", 4.5, 52.0)["geometry"]["coordinates"]
    twee["geometry"] = {
        "type": "MultiPolygon",
        "coordinates": [twee["geometry"]["coordinates"], tweede],
    }
    vormen = lees_geojson(_geojson(tmp_path, [twee]), "WK_NAAM", ZOETERMEER_WIJKEN)
    assert len(vormen["Dorp"].ringen) == 2


def test_the_projection_keeps_north_up_and_fits_the_box(tmp_path: Path) -> None:
    vormen = lees_geojson(
        _geojson(tmp_path, [_vierkant("Dorp", 4.40, 52.00), _vierkant("Noordhove", 4.40, 52.02)]),
        "naam",
        ZOETERMEER_WIJKEN,
    )
    punten = projecteer(vormen.values(), 400, 380)
    alle = [p for ringen in punten.values() for r in ringen for p in r]
    assert all(-1e-6 <= x <= 400 + 1e-6 and -1e-6 <= y <= 380 + 1e-6 for x, y in alle)
    # Noordhove lies north of Dorp: smaller y on the screen
    assert max(y for _, y in punten["Noordhove"][0]) < min(y for _, y in punten["Dorp"][0])


def test_the_map_has_a_path_per_wijk_with_its_class_name_and_number() -> None:
    vormen = lees_geojson(ZOETERMEER_GEOJSON, "naam", ZOETERMEER_WIJKEN)
    waarden = {"Meerzicht": D("1.3"), "Dorp": D("0.5"), "Palenstein": D("0.0")}
    svg = str(
        kaart_svg(
            vormen,
            [
                Kaartwijk(w, waarden.get(w), komma(waarden.get(w)) if w in waarden else "onbekend")
                for w in ZOETERMEER_WIJKEN
            ],
            titel="Kaart",
            beschrijving="Uitleg",
            eenheid="per 1.000 inwoners",
        )
    )
    paden = re.findall(r'<path id="wk-wijk-\d+" [^>]*data-wijk="([^"]+)" data-klasse="(\w+)"', svg)
    # three known values: three classes by rank; the other nine are "onbekend"
    assert dict(paden) == {w: "onbekend" for w in ZOETERMEER_WIJKEN} | {
        "Palenstein": "1",
        "Dorp": "2",
        "Meerzicht": "3",
    }
    # the class is a pattern as well as a shade, so it reads without colour
    assert 'data-wijk="Meerzicht" data-klasse="3"' in svg
    assert re.search(
        r'<path id="wk-wijk-\d+" d="[^"]+" fill="url\(#wk-k2\)"[^>]*data-wijk="Meerzicht"', svg
    )
    assert '<pattern id="wk-k2"' in svg
    assert '<pattern id="wk-onbekend"' in svg
    # every wijk labelled with its name and number; the legend names the classes
    for naam, tekst in [("Meerzicht", "1,3"), ("Dorp", "0,5"), ("Palenstein", "0,0")]:
        assert f">{naam}</text>" in svg
        assert f">{tekst}</text>" in svg
    assert ">onbekend</text>" in svg
    assert ">Klasse 3: 1,3</text>" in svg
    assert ">Onbekend (geen aantal inwoners)</text>" in svg
    assert "style=" not in svg  # the CSP allows no inline style


def test_the_chart_ranks_largest_first_and_unknown_last_by_name() -> None:
    svg = str(
        staven_svg(
            [
                Staaf("Dorp", D("0.5"), "2"),
                Staaf("Stadshart", None, "4"),
                Staaf("Meerzicht", D("1.3"), "2"),
                Staaf("Buytenwegh", None, "0"),
                Staaf("Palenstein", D("0.0"), "0"),
                Staaf("Rokkeveen", D("0.5"), "3"),
            ],
            titel="Grafiek",
            beschrijving="Uitleg",
        )
    )
    rangen = re.findall(r'data-wijk="([^"]+)" data-rang="(\d+)"', svg)
    assert rangen == [
        ("Meerzicht", "1"),
        ("Dorp", "2"),  # equal to Rokkeveen: by name
        ("Rokkeveen", "3"),
        ("Palenstein", "4"),
        ("Buytenwegh", "5"),
        ("Stadshart", "6"),
    ]
    # Meerzicht's bar is the full width, Dorp's 0.5/1.3 of it
    paren = re.findall(r'width="([\d.]+)" height="14" [^>]*data-wijk="([^"]+)"', svg)
    assert {w: b for b, w in paren} == {
        "Meerzicht": "400.0",
        "Dorp": f"{0.5 / 1.3 * 400:.1f}",
        "Rokkeveen": f"{0.5 / 1.3 * 400:.1f}",
        "Palenstein": "1.0",
    }


def test_inhabitants_are_read_and_checked_against_the_wijken() -> None:
    assert lees_inwoners("Meerzicht=15900, Dorp=6.900", ZOETERMEER_WIJKEN) == {
        "Meerzicht": 15900,
        "Dorp": 6900,
    }
    assert lees_inwoners("", ZOETERMEER_WIJKEN) == {}
    for waarde, melding in [
        ("Atlantis=100", "'Atlantis' is geen wijk van de gemeente"),
        ("Dorp=100,Dorp=200", "de wijk 'Dorp' staat er twee keer in"),
        ("Dorp=0", "moet een heel getal boven 0 zijn"),
        ("Dorp=veel", "moet een heel getal boven 0 zijn"),
        ("Dorp", "heeft niet de vorm Wijk=aantal"),
    ]:
        with pytest.raises(ValueError, match=re.escape(melding)):
            lees_inwoners(waarde, ZOETERMEER_WIJKEN)


def test_the_application_refuses_to_start_with_settings_that_do_not_fit(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="'Atlantis' is geen wijk"):
        create_app(TestConfig, WIJK_INWONERS="Atlantis=100")
    with pytest.raises(RuntimeError, match="niet te lezen"):
        create_app(TestConfig, WIJKEN_GEOJSON=str(tmp_path / "bestaat-niet.geojson"))
    # own wijken without a map or inhabitants: a chart only, rates unknown
    eigen = create_app(TestConfig, WIJKEN=("Noord", "Zuid"))
    assert eigen.extensions[KAART] is None
    assert eigen.config["WIJK_INWONERS"] == {}
    # own wijken with their own map and numbers
    pad = _geojson(tmp_path, [_vierkant("Noord", 4.4, 52.01), _vierkant("Zuid", 4.4, 52.0)])
    met = create_app(
        TestConfig, WIJKEN=("Noord", "Zuid"), WIJKEN_GEOJSON=str(pad), WIJK_INWONERS="Noord=800"
    )
    assert sorted(met.extensions[KAART]) == ["Noord", "Zuid"]
    assert met.config["WIJK_INWONERS"] == {"Noord": 800}
    # Zoetermeer's defaults: the demo's schematic map and rounded numbers; "" turns the map off
    standaard = create_app(TestConfig)
    assert len(standaard.extensions[KAART]) == 12
    assert set(standaard.config["WIJK_INWONERS"]) == set(ZOETERMEER_WIJKEN)
    assert create_app(TestConfig, WIJKEN_GEOJSON="").extensions[KAART] is None
