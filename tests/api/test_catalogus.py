"""The catalogue over the API: Dutch labels from the workflow definitions, and the
strictly confidential aanpak only for its own team."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.hulp.api import api_client


def test_the_catalogue_names_states_transitions_and_reasons_in_dutch(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ipta")
    antwoord = api.get("/api/v1/catalogus")
    assert antwoord.status_code == 200
    aanpakken = {a["code"]: a for a in antwoord.json["aanpakken"]}
    ipta = aanpakken["ipta"]
    assert ipta["kort"] == "IPTA"
    statussen = {s["code"]: s["label"] for s in ipta["statussen"]}
    assert statussen["aangemeld"] == "Aangemeld"
    assert statussen["in_de_wacht"] == "In de wacht"
    afsluiten = next(t for t in ipta["transities"] if t["trigger"] == "afsluiten_succesvol")
    assert afsluiten["naar"] == "succesvol_afgesloten"
    assert "actief" in afsluiten["van"]
    # every reason of a positive close counts as positive in the report
    assert afsluiten["redenen"]
    assert all(r["positief"] for r in afsluiten["redenen"])


def test_pga_r_is_named_only_to_its_own_team(client: FlaskClient) -> None:
    buiten = api_client(client, "regisseur:ipta").get("/api/v1/catalogus").json
    binnen = api_client(client, "regisseur:pga_r").get("/api/v1/catalogus").json
    assert "pga_r" not in {a["code"] for a in buiten["aanpakken"]}
    assert "pga_r" in {a["code"] for a in binnen["aanpakken"]}
    # the others are public: the same list for both but for pga_r
    assert {a["code"] for a in binnen["aanpakken"]} - {"pga_r"} == {
        a["code"] for a in buiten["aanpakken"]
    }


def test_the_schema_says_which_zgw_concept_each_maps_to(client: FlaskClient) -> None:
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert "zaaktype" in schemas["Aanpak"]["description"]
    assert "resultaattype" in schemas["Reden"]["description"]
    assert "statustype" in schemas["Aanpak"]["properties"]["statussen"]["description"]
