"""Errors of the API: problem+json (RFC 9457) in Dutch, per field, never a stack trace;
the web keeps its Dutch error pages."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from casus import GETAL_TOT_MAX_ID, MAX_ID
from casus.api import fouten
from tests.hulp.api import api_client, problemen


def test_invalid_query_parameters_are_reported_per_field_in_dutch(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ipta")
    antwoord = api.get("/api/v1/casussen?aantal=abc&aanpak=onbekend&status=weg")
    assert antwoord.status_code == 422
    assert antwoord.json["title"] == "Ongeldige invoer"
    assert problemen(antwoord) == {
        "aantal": "Geef een geheel getal.",
        "aanpak": "Onbekende aanpak.",
        "status": "Onbekende status.",
    }
    te_groot = api.get("/api/v1/casussen?aantal=101")
    assert problemen(te_groot) == {"aantal": "Geef een aantal van 1 tot en met 100."}


def test_a_cursor_that_is_not_ours_is_a_400_at_its_field(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ipta")
    antwoord = api.get("/api/v1/casussen?na=%%%")
    assert antwoord.status_code == 400
    assert problemen(antwoord) == {"na": "Ongeldige cursor."}


def test_method_and_address_errors_are_problems_too(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ipta")
    niet_toegestaan = api.post("/api/v1/catalogus", json={})
    assert niet_toegestaan.status_code == 405
    assert niet_toegestaan.json["title"] == "Methode niet toegestaan"
    assert "GET" in niet_toegestaan.headers["Allow"]
    onbekend = api.get("/api/v1/bestaat-niet")
    assert (onbekend.status_code, onbekend.content_type) == (404, "application/problem+json")


def test_a_server_error_gives_a_reference_and_no_stack_trace(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    api = api_client(client, "regisseur:ipta")

    def stuk(*_args: object) -> None:
        raise RuntimeError("geheime interne details")

    monkeypatch.setattr("casus.api.catalogus._aanpak", stuk)
    antwoord = api.get("/api/v1/catalogus")
    assert antwoord.status_code == 500
    assert antwoord.content_type == "application/problem+json"
    tekst = antwoord.get_data(as_text=True)
    for geheim in ("geheime", "Traceback", "RuntimeError"):
        assert geheim not in tekst
    referentie = antwoord.json["referentie"]
    assert antwoord.json["title"] == "Interne fout"
    # the reference leads the beheerder to the log line with the details
    assert any(referentie in r.getMessage() for r in caplog.records)


def test_the_web_keeps_its_html_error_pages(client: FlaskClient) -> None:
    antwoord = client.get("/bestaat-niet")
    assert antwoord.status_code == 404
    assert antwoord.content_type.startswith("text/html")
    assert "Niet gevonden" in antwoord.get_data(as_text=True)


@pytest.mark.parametrize(
    ("bericht", "verwacht"),
    [
        ("Missing data for required field.", ("verplicht", "Dit veld is verplicht.")),
        ("Unknown field.", ("onbekend", "Onbekend veld.")),
        ("Not a valid date.", ("datum", "Geef een datum als JJJJ-MM-DD.")),
        ("Must be one of: a, b.", ("keuze", "Kies een van: a, b.")),
        ("Longer than maximum length 200.", ("te_lang", "Maximaal 200 tekens.")),
        (
            "Must be greater than or equal to 1 and less than or equal to 9.",
            ("bereik", "Geef een waarde van 1 tot en met 9."),
        ),
        # an English message we do not know: never shown as it is
        ("Some new marshmallow message about the field.", ("ongeldig", "Ongeldige waarde.")),
        # a message of ours is Dutch already
        ("Onbekende aanpak.", ("ongeldig", "Onbekende aanpak.")),
        ("'2025-H3' is geen periode.", ("ongeldig", "'2025-H3' is geen periode.")),
    ],
)
def test_validation_messages_are_dutch(bericht: str, verwacht: tuple[str, str]) -> None:
    assert fouten._vertaal(bericht) == verwacht


def test_nested_body_errors_flatten_to_named_parameters() -> None:
    berichten = {
        "json": {
            "persoon": {"geboortedatum": ["Not a valid date."]},
            "kenmerken": {"0": ["Unknown field."]},
        }
    }
    assert list(fouten._parameters(berichten)) == [
        {
            "name": "persoon.geboortedatum",
            "code": "datum",
            "reason": "Geef een datum als JJJJ-MM-DD.",
        },
        {"name": "kenmerken.0", "code": "onbekend", "reason": "Onbekend veld."},
    ]


def test_a_body_that_is_no_json_is_reported_in_dutch() -> None:
    assert fouten._vertaal("Invalid JSON body.") == ("json", "De inhoud is geen geldige JSON.")


def test_an_id_no_column_can_hold_is_a_404_on_every_door(client: FlaskClient) -> None:
    """Not a database error on PostgreSQL: the URL's converter stops it (casus.Idconverter)."""
    api = api_client(client, "regisseur:ipta")
    assert api.get("/api/v1/casussen/2147483648").status_code == 404
    assert client.get("/casus/99999999999").status_code == 404
    # a change too: not the 405 of the GET route at the same address
    for te_groot in ("2147483648", "9999999999", "60172172715"):
        antwoord = api.post(f"/api/v1/casussen/{te_groot}/notities", json={})
        assert antwoord.status_code == 404, te_groot
        assert antwoord.content_type == "application/problem+json"


@pytest.mark.parametrize(
    "getal",
    [
        0,
        7,
        999_999_999,
        1_000_000_000,
        1_999_999_999,
        2_147_483_647,
        2_147_483_648,
        2_147_483_650,
        2_200_000_000,
        3_000_000_000,
        9_999_999_999,
        10_000_000_000,
    ],
)
def test_the_id_pattern_holds_exactly_the_ids_a_column_holds(getal: int) -> None:
    assert bool(re.fullmatch(GETAL_TOT_MAX_ID, str(getal))) == (getal <= MAX_ID)
