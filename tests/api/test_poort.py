"""The API's door (casus.api.poort): a bearer token or nothing, the client's account as
the actor, a rate limit per client, one audit record per call."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.auth.services import controleer_inlog
from casus.casussen.models import Casus
from casus.extensions import db
from casus.toegang.policy import kan_regisseur_zijn
from casus.toegang.queries import team_regisseurs
from tests.hulp.api import api_client
from tests.hulp.client import login


def _records(actie: str) -> list[AuditRecord]:
    return list(
        db.session.scalars(
            select(AuditRecord).where(AuditRecord.actie == actie).order_by(AuditRecord.id)
        )
    )


@pytest.mark.parametrize(
    "kop",
    [
        None,
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer casus_onbekend",
        "Bearer niet-eens-ons-formaat",
    ],
)
def test_without_a_valid_bearer_token_every_call_is_401_problem_json(
    client: FlaskClient, kop: str | None
) -> None:
    headers = {"Authorization": kop} if kop is not None else {}
    antwoord = client.get("/api/v1/casussen", headers=headers)
    assert antwoord.status_code == 401
    assert antwoord.content_type == "application/problem+json"
    assert antwoord.headers["WWW-Authenticate"].startswith("Bearer")
    assert antwoord.json["title"] == "Niet geauthenticeerd"
    assert antwoord.json["status"] == 401
    assert antwoord.json["instance"] == "/api/v1/casussen"
    [record] = _records("api.token_geweigerd")
    assert record.uitkomst == "geweigerd"
    assert record.gebruiker_id is None


def test_the_client_sees_what_a_person_with_its_roles_sees(
    client: FlaskClient, maak_casus: Callable[..., Casus]
) -> None:
    eigen = maak_casus("ipta")
    ander = maak_casus("pga_jeugd")
    api = api_client(client, "regisseur:ipta")
    lijst = api.get("/api/v1/casussen")
    assert lijst.status_code == 200
    assert [c["id"] for c in lijst.json["resultaten"]] == [eigen.id]
    gelezen = api.get(f"/api/v1/casussen/{eigen.id}")
    assert gelezen.status_code == 200
    assert gelezen.headers["ETag"] == f'"{eigen.versie}"'
    assert gelezen.json["casusnummer"] == eigen.ref
    assert gelezen.json["status_label"] == "Aangemeld"
    # another team's case is as absent as one that does not exist
    verborgen = api.get(f"/api/v1/casussen/{ander.id}")
    bestaat_niet = api.get("/api/v1/casussen/999999")
    assert verborgen.status_code == bestaat_niet.status_code == 404
    assert verborgen.json["detail"] == bestaat_niet.json["detail"]


def test_each_call_writes_one_record_naming_the_client_and_the_case(
    client: FlaskClient, maak_casus: Callable[..., Casus]
) -> None:
    casus = maak_casus("ipta")
    api = api_client(client, "regisseur:ipta", naam="Datawarehouse")
    api.get(f"/api/v1/casussen/{casus.id}")
    api.get("/api/v1/casussen")
    api.get("/api/v1/casussen/999999")
    eerste, tweede, derde = _records("api.aanroep")
    account = api.client.gebruiker
    assert {r.gebruiker_id for r in (eerste, tweede, derde)} == {account.id}
    assert eerste.gebruikersnaam == "api:datawarehouse"
    assert (eerste.casus_id, eerste.persoon_id) == (casus.id, casus.persoon_id)
    assert eerste.details == {
        "client": api.client.id,
        "operatie": "casussen.casus",
        "methode": "GET",
        "status": 200,
    }
    assert (tweede.casus_id, tweede.details["status"], tweede.uitkomst) == (None, 200, "ok")
    assert (derde.details["status"], derde.uitkomst) == (404, "geweigerd")
    # the lookup of the absent case is logged as such too, for the privacy officer
    [geweigerd] = _records("toegang.geweigerd")
    assert (geweigerd.object_id, geweigerd.gebruiker_id) == ("999999", account.id)


def test_over_its_limit_a_client_gets_429_with_retry_after(
    client: FlaskClient,
) -> None:
    api = api_client(client, "regisseur:ipta", limiet_per_minuut=3)
    anders = api_client(client, "regisseur:ipta", limiet_per_minuut=3)
    with_limit = [api.get("/api/v1/catalogus").status_code for _ in range(5)]
    assert with_limit == [200, 200, 200, 429, 429]
    te_veel = api.get("/api/v1/catalogus")
    assert te_veel.content_type == "application/problem+json"
    assert 1 <= int(te_veel.headers["Retry-After"]) <= 60
    # the limit is per client
    assert anders.get("/api/v1/catalogus").status_code == 200


def test_a_client_account_cannot_log_in_on_the_web_nor_be_a_regisseur(
    client: FlaskClient,
) -> None:
    api = api_client(client, "regisseur:ipta", naam="Formulieren")
    account = api.client.gebruiker
    assert account.is_api_client
    # whatever is typed as its password (its hash is no argon2 hash at all)
    assert controleer_inlog(account.gebruikersnaam, "!") is None
    assert controleer_inlog(account.gebruikersnaam, "") is None
    antwoord = client.post(
        "/inloggen", data={"gebruikersnaam": account.gebruikersnaam, "wachtwoord": "!"}
    )
    assert "Gebruikersnaam of wachtwoord is onjuist." in antwoord.get_data(as_text=True)
    assert not kan_regisseur_zijn(account, "ipta")
    assert account not in db.session.scalars(team_regisseurs(["ipta"])).all()


def test_the_api_needs_no_csrf_token_the_web_still_does(
    app: Flask, client: FlaskClient, maak_gebruiker_: Callable[..., Gebruiker]
) -> None:
    """A bearer token is no ambient credential: the API is exempt from CSRF; the web's
    forms are not."""
    api = api_client(client, "regisseur:ipta")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        antwoord = api.post("/api/v1/signalen", json={})
        # past the CSRF check: the body is judged (422), not refused for CSRF (400)
        assert antwoord.status_code == 422, antwoord.get_data(as_text=True)
        login(client, maak_gebruiker_("beheerder"))
        web = client.post("/uitloggen")
        assert web.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_the_openapi_document_is_public_and_3_1(client: FlaskClient) -> None:
    antwoord = client.get("/api/v1/openapi.json")
    assert antwoord.status_code == 200
    document = antwoord.json
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "/api/v1/casussen" in document["paths"]
    fout = document["components"]["responses"]["DEFAULT_ERROR"]
    assert list(fout["content"]) == ["application/problem+json"]


def test_if_match_star_accepts_the_current_version(
    client: FlaskClient, maak_casus: Callable[..., Casus]
) -> None:
    """RFC 9110: ``If-Match: *`` holds for any current version of the case."""
    casus = maak_casus("ipta")
    # casework is for the assigned regisseur and the triage table
    api = api_client(client, "triage:ipta")
    antwoord = api.post(
        f"/api/v1/casussen/{casus.id}/notities",
        json={"soort": "notitie", "datum": "2025-01-08", "tekst": "Gesprek gehad."},
        headers={"If-Match": "*"},
    )
    assert antwoord.status_code == 201, antwoord.get_data(as_text=True)
    verouderd = api.post(
        f"/api/v1/casussen/{casus.id}/notities",
        json={"soort": "notitie", "datum": "2025-01-08", "tekst": "Nog een."},
        headers={"If-Match": f'"{casus.versie + 1}"'},
    )
    assert verouderd.status_code == 412
