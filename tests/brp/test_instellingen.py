"""The BRP settings (casus.brp.instellingen): read per call, checked at start-up, and
the defaults of each environment."""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from casus import create_app
from casus.brp import MINIMALE_GEGEVENS
from casus.brp.instellingen import Brpprofiel, brp_instellingen, init_app
from config import TestConfig
from tests.hulp.brp import TESTPROFIELEN

PROFIEL = {"doelbinding": "PGA-JEUGD", "verwerking": "Persoonsgerichte aanpak jeugd"}


def _app(**config: Any) -> Flask:
    """A bare Flask application with the test configuration and ``config``."""
    app = Flask("brp-instellingen")
    app.config.from_object(TestConfig)
    app.config.update(config)
    return app


def test_create_app_refuses_to_start_with_a_wrong_profile() -> None:
    with pytest.raises(RuntimeError, match="BRP_PROFIELEN: onbekende aanpak 'pga_jeugt'"):
        create_app(
            TestConfig,
            SQLALCHEMY_DATABASE_URI="sqlite://",
            BRP_PROFIELEN=json.dumps({"pga_jeugt": PROFIEL}),
        )


@pytest.mark.parametrize(
    ("config", "melding"),
    [
        ({"BRP_PROFIELEN": "{pga_jeugd: 1"}, "BRP_PROFIELEN: geen geldige JSON"),
        ({"BRP_PROFIELEN": "[]"}, "BRP_PROFIELEN: verwacht een JSON-object"),
        (
            {"BRP_PROFIELEN": json.dumps({"ipta": {**PROFIEL, "gegevens": ["naam", "bsn"]}})},
            "aanpak ipta: onbekend gegeven 'bsn'; kies uit naam, geboortedatum, adres, "
            "overlijden, gezag",
        ),
        (
            {"BRP_PROFIELEN": json.dumps({"ipta": {**PROFIEL, "gegevens": []}})},
            "aanpak ipta: gegevens is een niet-lege lijst",
        ),
        (
            {"BRP_PROFIELEN": json.dumps({"ipta": {**PROFIEL, "doelbinding": " "}})},
            "aanpak ipta: doelbinding ontbreekt of is leeg",
        ),
        (
            {"BRP_PROFIELEN": json.dumps({"ipta": {"doelbinding": "IPTA"}})},
            "aanpak ipta: verwerking ontbreekt of is leeg",
        ),
        (
            {"BRP_PROFIELEN": json.dumps({"ipta": {**PROFIEL, "gegeven": ["naam"]}})},
            "aanpak ipta: onbekende sleutel 'gegeven'",
        ),
        (
            {"BRP_PROFIELEN": json.dumps({"ipta": {**PROFIEL, "gegevens": ["naam", "gezag"]}})},
            "aanpak ipta: gezag kan alleen samen met geboortedatum",
        ),
        (
            {"BRP_PROFIELEN": json.dumps({"ipta": {**PROFIEL, "verwerking": "Toeleiding\n"}})},
            None,  # surrounding white space is trimmed: fine
        ),
        (
            {"BRP_PROFIELEN": json.dumps({"ipta": {**PROFIEL, "verwerking": "Aanpak\nX"}})},
            "aanpak ipta: verwerking mag alleen leesbare ASCII-tekens bevatten",
        ),
        (
            {"BRP_PROFIELEN": json.dumps({"ipta": PROFIEL}), "BRP_PROFIELEN_BESTAND": "x.json"},
            "BRP_PROFIELEN en BRP_PROFIELEN_BESTAND zijn allebei gezet",
        ),
        ({"BRP_PROFIELEN_BESTAND": "/bestaat/niet.json"}, "BRP_PROFIELEN_BESTAND: het bestand"),
        ({"BRP_CERTIFICAAT": "/etc/hostname"}, "BRP_CERTIFICAAT en BRP_SLEUTEL horen samen"),
        ({"BRP_SLEUTEL": "/etc/hostname"}, "BRP_CERTIFICAAT en BRP_SLEUTEL horen samen"),
        (
            {"BRP_CERTIFICAAT": "/bestaat/niet.pem", "BRP_SLEUTEL": "/etc/hostname"},
            "BRP_CERTIFICAAT: het bestand '/bestaat/niet.pem' is niet te lezen",
        ),
        ({"BRP_TIMEOUT_SECONDEN": 0}, "BRP_TIMEOUT_SECONDEN: '0' is geen positief aantal"),
        ({"BRP_TIMEOUT_SECONDEN": "vijf"}, "BRP_TIMEOUT_SECONDEN: 'vijf'"),
        ({"BRP_URL": "brp.example.nl"}, "BRP_URL: 'brp.example.nl' is geen http"),
        ({"BRP_KOP_DOELBINDING": "X DOEL"}, "BRP_KOP_DOELBINDING: 'X DOEL' is geen geldige"),
        ({"BRP_GEMEENTECODE": "637"}, "BRP_GEMEENTECODE: '637'"),
    ],
)
def test_start_up_names_what_is_wrong(config: dict[str, Any], melding: str | None) -> None:
    app = _app(**config)
    if melding is None:
        init_app(app)
        return
    with pytest.raises(RuntimeError) as fout:
        init_app(app)
    assert melding in str(fout.value)


def test_a_profile_file_is_read_and_read_again_when_it_changes(tmp_path: Path) -> None:
    bestand = tmp_path / "profielen.json"
    bestand.write_text(json.dumps({"woonoverlast": TESTPROFIELEN["woonoverlast"]}))
    app = _app(BRP_PROFIELEN_BESTAND=str(bestand), BRP_URL="https://brp.example.nl/api")
    init_app(app)

    eerst = brp_instellingen(app)
    assert eerst.profiel("woonoverlast") == Brpprofiel(
        aanpak="woonoverlast",
        doelbinding="WOONOVERLAST",
        verwerking="Aanpak woonoverlast",
        gegevens=("naam", "geboortedatum", "adres", "overlijden"),
    )
    assert eerst.profiel("ipta") is None

    bestand.write_text(json.dumps({"ipta": TESTPROFIELEN["ipta"]}))
    os.utime(bestand, ns=(1, 1))  # another modification time, whatever the clock
    daarna = brp_instellingen(app)
    assert daarna.profiel("woonoverlast") is None
    assert daarna.profiel("ipta") == Brpprofiel(
        "ipta", "IPTA", "Toeleiding naar arbeid", MINIMALE_GEGEVENS
    )

    bestand.write_text("{kapot")
    os.utime(bestand, ns=(2, 2))
    with pytest.raises(RuntimeError, match="BRP_PROFIELEN_BESTAND: geen geldige JSON"):
        brp_instellingen(app)


def test_groups_keep_the_fixed_order_and_the_settings_are_read_at_each_call() -> None:
    app = _app(
        BRP_PROFIELEN=json.dumps(
            {"pga_jeugd": {**PROFIEL, "gegevens": ["gezag", "adres", "geboortedatum", "naam"]}}
        ),
        BRP_URL="https://brp.example.nl/api",
        BRP_TIMEOUT_SECONDEN="2.5",
    )
    instellingen = brp_instellingen(app)
    profiel = instellingen.profiel("pga_jeugd")
    assert profiel is not None
    assert profiel.gegevens == ("naam", "geboortedatum", "adres", "gezag")
    assert instellingen.timeout == 2.5
    assert instellingen.aan

    app.config["BRP_URL"] = ""
    assert not brp_instellingen(app).aan
    app.config["BRP_STUB"] = True
    assert brp_instellingen(app).aan
    assert brp_instellingen(app).url == ""


def _config_opnieuw(monkeypatch: pytest.MonkeyPatch) -> Any:
    """config.py read again without any BRP_* in the environment."""
    import config

    for naam in list(os.environ):
        if naam.startswith("BRP_"):
            monkeypatch.delenv(naam)
    return importlib.reload(config)


def test_the_defaults_per_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import config

    try:
        vers = _config_opnieuw(monkeypatch)
        ontwikkeling = brp_instellingen(_app(**_brp(vers.DevelopmentConfig)))
        productie = brp_instellingen(_app(**_brp(vers.ProductionConfig)))
        test = brp_instellingen(_app(**_brp(vers.TestConfig)))
    finally:
        monkeypatch.undo()
        importlib.reload(config)

    # the demo: the built-in stub, a profile for every aanpak but PGA-R
    assert (ontwikkeling.url, ontwikkeling.stub) == ("", True)
    assert set(ontwikkeling.profielen) == {
        "pga_jeugd",
        "ipta",
        "rio",
        "woonoverlast",
        "ondermijning",
    }
    assert ontwikkeling.profielen["pga_jeugd"].gegevens == (
        "naam",
        "geboortedatum",
        "adres",
        "overlijden",
        "gezag",
    )
    for aanpak in ("ipta", "rio", "woonoverlast", "ondermijning"):
        assert ontwikkeling.profielen[aanpak].gegevens == (
            "naam",
            "geboortedatum",
            "adres",
            "overlijden",
        )
    assert ontwikkeling.profiel("pga_r") is None
    # production and the tests: nothing until configured
    for uit in (productie, test):
        assert (uit.url, uit.stub, dict(uit.profielen), uit.aan) == ("", False, {}, False)
    assert productie.timeout == 5.0
    assert (productie.kop_doelbinding, productie.kop_verwerking) == (
        "X-DOELBINDING",
        "X-VERWERKING",
    )
    assert (productie.kop_gebruiker, productie.kop_oin, productie.kop_api_key) == (
        "X-GEBRUIKER",
        "X-ORIGIN-OIN",
        "X-API-KEY",
    )
    assert productie.gemeentecode == "0637"


def test_a_profile_file_in_development_replaces_the_demo_profiles(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import config

    bestand = tmp_path / "p.json"
    bestand.write_text(json.dumps({"ipta": TESTPROFIELEN["ipta"]}))
    try:
        _config_opnieuw(monkeypatch)
        monkeypatch.setenv("BRP_PROFIELEN_BESTAND", str(bestand))
        vers = importlib.reload(config)
        ontwikkeling = brp_instellingen(_app(**_brp(vers.DevelopmentConfig)))
    finally:
        monkeypatch.undo()
        importlib.reload(config)
    assert set(ontwikkeling.profielen) == {"ipta"}


def _brp(klasse: type) -> dict[str, Any]:
    return {k: getattr(klasse, k) for k in dir(klasse) if k.startswith("BRP_")}
