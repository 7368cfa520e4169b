"""Casework through the API: notes and contact moments, interventions (list with keyset
paging, add with If-Match), through the web's casework service and its rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.casussen.models import Casus, Interventie, Notitie
from casus.extensions import db
from tests.hulp.api import Api, api_client, problemen

pytestmark = pytest.mark.klok(date(2025, 6, 2))


def _aantal(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _versie(casus_id: int) -> int:
    db.session.expire_all()
    c = db.session.get(Casus, casus_id)
    assert c is not None
    return c.versie


def _kop(casus: Casus) -> dict[str, str]:
    return {"If-Match": f'"{_versie(casus.id)}"'}


@pytest.fixture
def casus(maak_casus: Callable[..., Casus]) -> Casus:
    c = maak_casus("ipta", "actief")
    db.session.commit()
    return c


@pytest.fixture
def triage(client: FlaskClient) -> Api:
    return api_client(client, "triage:ipta", naam="Zorg- en Veiligheidshuis")


# -- notes and contact moments --------------------------------------------------------


def test_notes_are_added_and_listed_newest_first_page_by_page(
    client: FlaskClient, casus: Casus, triage: Api
) -> None:
    pad = f"/api/v1/casussen/{casus.id}/notities"
    versie = _versie(casus.id)
    ids = []
    for dag, tekst in ((20, "Eerste gesprek."), (21, "Moeder gebeld."), (22, "Op school.")):
        antwoord = triage.post(
            pad,
            json={"soort": "notitie", "datum": f"2025-05-{dag}", "tekst": tekst},
            headers={"If-Match": f'"{versie}"'},  # the same ETag each time: it stays valid
        )
        assert antwoord.status_code == 201, antwoord.json
        ids.append(antwoord.json["id"])
    assert _versie(casus.id) == versie  # an addition leaves the case's version
    eerste = triage.get(pad, query_string={"aantal": 2})
    assert eerste.status_code == 200
    assert eerste.headers["ETag"] == f'"{versie}"'
    assert [n["id"] for n in eerste.json["resultaten"]] == [ids[2], ids[1]]
    assert eerste.json["resultaten"][0] == {
        "id": ids[2],
        "soort": "notitie",
        "soort_label": "Notitie",
        "vorm": None,
        "vorm_label": None,
        "datum": "2025-05-22",
        "tekst": "Op school.",
        "auteur": "API-client Zorg- en Veiligheidshuis",
        "geregistreerd_op": "2025-06-02T00:00:00+00:00",
    }
    volgende = eerste.json["volgende"]
    assert volgende is not None
    assert eerste.headers["Link"].endswith(f'na={volgende}>; rel="next"')
    tweede = triage.get(pad, query_string={"aantal": 2, "na": volgende})
    assert [n["id"] for n in tweede.json["resultaten"]] == [ids[0]]
    assert tweede.json["volgende"] is None
    assert "Link" not in tweede.headers
    records = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "casus.notitie_toegevoegd")
    ).all()
    assert [(r.uitkomst, r.casus_id) for r in records] == [("ok", casus.id)] * 3


def test_a_contact_moment_has_a_form_a_note_has_none(
    client: FlaskClient, casus: Casus, triage: Api
) -> None:
    pad = f"/api/v1/casussen/{casus.id}/notities"
    huisbezoek = triage.post(
        pad,
        json={
            "soort": "contactmoment",
            "vorm": "huisbezoek",
            "datum": "2025-06-02",
            "tekst": "Thuis gesproken.",
        },
        headers=_kop(casus),
    )
    assert huisbezoek.status_code == 201
    assert (huisbezoek.json["soort_label"], huisbezoek.json["vorm"]) == (
        "Contactmoment",
        "huisbezoek",
    )
    assert huisbezoek.json["vorm_label"] == "Huisbezoek"
    zonder_vorm = triage.post(
        pad,
        json={"soort": "contactmoment", "datum": "2025-06-02", "tekst": "Kort contact."},
        headers=_kop(casus),
    )
    assert zonder_vorm.status_code == 201
    assert zonder_vorm.json["vorm"] is None
    assert _aantal(Notitie) == 2


@pytest.mark.parametrize(
    ("gegevens", "veld", "reden"),
    [
        (
            {"soort": "notitie", "vorm": "gesprek"},
            "vorm",
            "Een vorm hoort alleen bij een contactmoment.",
        ),
        (
            {"soort": "contactmoment", "vorm": "rooksignaal"},
            "vorm",
            "Kies een van: gesprek, huisbezoek, telefonisch, digitaal, overleg.",
        ),
        ({"soort": "brief"}, "soort", "Kies een van: notitie, contactmoment."),
        ({"datum": "2025-06-03"}, "datum", "De datum 03-06-2025 ligt in de toekomst."),
        ({"tekst": "   "}, "tekst", "Vul een tekst in."),
        ({"tekst": "x" * 10_001}, "tekst", "De tekst is te lang (maximaal 10000 tekens)."),
    ],
)
def test_a_refused_note_names_its_field_and_adds_nothing(
    client: FlaskClient,
    casus: Casus,
    triage: Api,
    gegevens: dict[str, Any],
    veld: str,
    reden: str,
) -> None:
    body = {"soort": "contactmoment", "datum": "2025-06-02", "tekst": "Gesprek.", **gegevens}
    antwoord = triage.post(f"/api/v1/casussen/{casus.id}/notities", json=body, headers=_kop(casus))
    assert antwoord.status_code == 422
    assert problemen(antwoord) == {veld: reden}
    assert _aantal(Notitie) == 0


def test_an_addition_needs_the_current_version(
    client: FlaskClient, casus: Casus, triage: Api
) -> None:
    versie = _versie(casus.id)
    notitie = {"soort": "notitie", "datum": "2025-06-02", "tekst": "Gesprek."}
    interventie = {"type": "coaching", "datum": "2025-06-02"}
    for soort, body in (("notities", notitie), ("interventies", interventie)):
        pad = f"/api/v1/casussen/{casus.id}/{soort}"
        verouderd = triage.post(pad, json=body, headers={"If-Match": f'"{versie - 1}"'})
        zonder = triage.post(pad, json=body)
        assert (verouderd.status_code, zonder.status_code) == (412, 428)
        assert (verouderd.json["title"], zonder.json["title"]) == (
            "Verouderde versie",
            "Versie ontbreekt",
        )
        # the weak form of the same ETag is the same version
        assert triage.post(pad, json=body, headers={"If-Match": f'W/"{versie}"'}).status_code == 201
    assert (_aantal(Notitie), _aantal(Interventie)) == (1, 1)
    assert _versie(casus.id) == versie


def test_only_the_regisseur_and_triage_add_casework(client: FlaskClient, casus: Casus) -> None:
    """A regisseur client sees the case but is never its regisseur: 403, nothing added."""
    api = api_client(client, "regisseur:ipta")
    assert api.get(f"/api/v1/casussen/{casus.id}/notities").status_code == 200
    for soort, body in (
        ("notities", {"soort": "notitie", "datum": "2025-06-02", "tekst": "Gesprek."}),
        ("interventies", {"type": "coaching", "datum": "2025-06-02"}),
    ):
        antwoord = api.post(f"/api/v1/casussen/{casus.id}/{soort}", json=body, headers=_kop(casus))
        assert antwoord.status_code == 403
        assert antwoord.json["detail"] == (
            "Alleen de toegewezen regisseur en de triage kunnen deze casus bijwerken."
        )
    assert (_aantal(Notitie), _aantal(Interventie)) == (0, 0)


# -- interventions --------------------------------------------------------------------


def test_interventions_are_added_and_listed_with_their_catalogue_labels(
    client: FlaskClient, casus: Casus, triage: Api
) -> None:
    pad = f"/api/v1/casussen/{casus.id}/interventies"
    versie = _versie(casus.id)
    ids = []
    for body in (
        {"type": "huisverbod", "datum": "2025-04-01", "einddatum": "2025-04-11"},
        {"type": "coaching", "datum": "2025-05-01", "tekst": "Wekelijks."},
        {"type": "halt", "datum": "2025-05-15"},
    ):
        antwoord = triage.post(pad, json=body, headers={"If-Match": f'"{versie}"'})
        assert antwoord.status_code == 201, antwoord.json
        ids.append(antwoord.json["id"])
    assert _versie(casus.id) == versie
    eerste = triage.get(pad, query_string={"aantal": 2})
    assert [i["id"] for i in eerste.json["resultaten"]] == [ids[2], ids[1]]
    assert eerste.json["resultaten"][1] == {
        "id": ids[1],
        "type": "coaching",
        "type_label": "Coaching",
        "domein": "Zorg",
        "datum": "2025-05-01",
        "einddatum": None,
        "tekst": "Wekelijks.",
        "auteur": "API-client Zorg- en Veiligheidshuis",
        "geregistreerd_op": "2025-06-02T00:00:00+00:00",
    }
    tweede = triage.get(pad, query_string={"aantal": 2, "na": eerste.json["volgende"]})
    [huisverbod] = tweede.json["resultaten"]
    assert (huisverbod["id"], huisverbod["type_label"], huisverbod["domein"]) == (
        ids[0],
        "Huisverbod",
        "Bestuursrecht",
    )
    assert (huisverbod["einddatum"], tweede.json["volgende"]) == ("2025-04-11", None)


@pytest.mark.parametrize(
    ("gegevens", "veld", "reden"),
    [
        (
            {"datum": "2025-05-10", "einddatum": "2025-05-09"},
            "einddatum",
            "De einddatum ligt vóór de begindatum.",
        ),
        ({"datum": "2025-06-03"}, "datum", "De datum 03-06-2025 ligt in de toekomst."),
        ({"type": "schorsing"}, "type", None),
        ({"datum": None}, "datum", "Dit veld mag niet leeg zijn."),
    ],
)
def test_a_refused_intervention_names_its_field_and_adds_nothing(
    client: FlaskClient,
    casus: Casus,
    triage: Api,
    gegevens: dict[str, Any],
    veld: str,
    reden: str | None,
) -> None:
    body = {"type": "coaching", "datum": "2025-06-02", **gegevens}
    antwoord = triage.post(
        f"/api/v1/casussen/{casus.id}/interventies", json=body, headers=_kop(casus)
    )
    assert antwoord.status_code == 422
    fouten = problemen(antwoord)
    assert list(fouten) == [veld]
    if reden is None:  # the catalogue's codes, all of them
        assert fouten[veld].startswith("Kies een van: strafrechtelijke_vervolging, ")
    else:
        assert fouten[veld] == reden
    assert _aantal(Interventie) == 0


def test_an_intervention_lifts_the_guard_of_the_move_that_needs_one(
    client: FlaskClient, maak_casus: Callable[..., Casus]
) -> None:
    """PGA Jeugd closes "interventies uitgeput" only after an intervention; the ETag of
    the list is the version the move gives in If-Match."""
    casus = maak_casus("pga_jeugd", "actief")
    db.session.commit()
    api = api_client(client, "triage:pga_jeugd")
    stap = {
        "trigger": "afsluiten_succesvol",
        "datum": "2025-06-02",
        "reden": "interventies_uitgeput",
        "toelichting": "Alle interventies ingezet.",
    }
    lijst = api.get(f"/api/v1/casussen/{casus.id}/interventies")
    kop = {"If-Match": lijst.headers["ETag"]}
    pad = f"/api/v1/casussen/{casus.id}/transities"
    assert api.post(pad, json=stap, headers=kop).status_code == 422
    toegevoegd = api.post(
        f"/api/v1/casussen/{casus.id}/interventies",
        json={"type": "jeugdreclassering", "datum": "2025-06-01"},
        headers=kop,
    )
    assert toegevoegd.status_code == 201
    afgesloten = api.post(pad, json=stap, headers=kop)
    assert afgesloten.status_code == 200, afgesloten.json
    assert afgesloten.json["status"] == "succesvol_afgesloten"


def test_a_case_of_another_aanpak_is_404_on_every_casework_route(
    client: FlaskClient, maak_casus: Callable[..., Casus]
) -> None:
    ander = maak_casus("pga_jeugd", "actief")
    db.session.commit()
    api = api_client(client, "regisseur:ipta", "triage:ipta")
    kop = _kop(ander)
    notities = f"/api/v1/casussen/{ander.id}/notities"
    interventies = f"/api/v1/casussen/{ander.id}/interventies"
    antwoorden = [
        api.get(notities),
        api.post(notities, json={"soort": "notitie", "datum": "2025-06-02", "tekst": "x"}),
        api.post(
            notities,
            json={"soort": "notitie", "datum": "2025-06-02", "tekst": "x"},
            headers=kop,
        ),
        api.get(interventies),
        api.post(interventies, json={"type": "halt", "datum": "2025-06-02"}),
        api.post(interventies, json={"type": "halt", "datum": "2025-06-02"}, headers=kop),
    ]
    assert [a.status_code for a in antwoorden] == [404] * 6
    assert {a.json["detail"] for a in antwoorden} == {
        "Het gevraagde object bestaat niet, of deze client heeft er geen toegang toe."
    }
    assert (_aantal(Notitie), _aantal(Interventie)) == (0, 0)
