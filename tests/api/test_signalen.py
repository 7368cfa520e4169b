"""/api/v1/signalen: registering through the web's service and rules, the list of the
client's own signal teams (filters, keyset paging) and one signal (404 outside the team),
with its case only for a client that may see that case."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.casussen.services import pas_transitie_toe
from casus.extensions import db
from casus.signalen import services
from casus.signalen.models import Signaal
from casus.toegang.actor import IMPORT
from tests.hulp import fabrieken
from tests.hulp.api import api_client, problemen

pytestmark = pytest.mark.klok("2025-06-16 10:00")

GELDIG = {
    "aanpak": "ondermijning",
    "ontvangen_op": "2025-06-12",
    "bron": "handhaving",
    "thema": "witwassen",
    "tekst": "Contante betalingen, steeds andere eigenaren.",
    "betreft_soort": "onderneming",
    "betreft_naam": "Snackbar De Hoek B.V.",
    "betreft_kvk_nummer": "12345678",
    "betreft_adres": "Dorpsstraat 12-A, Zoetermeer",
}


def _aantal_signalen() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Signaal)) or 0)


def _records(actie: str) -> list[AuditRecord]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditRecord).where(AuditRecord.actie == actie)))


# -- registering ------------------------------------------------------------------


def test_a_team_member_registers_a_signal_as_the_web_does(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ondermijning")
    antwoord = api.post("/api/v1/signalen", json=GELDIG)
    assert antwoord.status_code == 201, antwoord.get_data(as_text=True)
    s = db.session.scalars(select(Signaal)).one()
    assert antwoord.headers["Location"] == f"/api/v1/signalen/{s.id}"
    body = antwoord.json
    assert body["id"] == s.id
    assert body["signaalnummer"] == f"SIG-OND-2025-{s.id:05d}"
    assert (body["aanpak"], body["aanpak_label"]) == ("ondermijning", "Ondermijning")
    assert (body["status"], body["status_label"]) == ("open", "Open")
    assert body["ontvangen_op"] == "2025-06-12"
    assert body["bron"] == {"code": "handhaving", "label": "Handhaving"}
    assert body["thema"] == {"code": "witwassen", "label": "Witwassen"}
    assert body["betreft_soort"] == {"code": "onderneming", "label": "Onderneming"}
    assert (body["casus"], body["persoon"]) == (None, None)
    # stored by the service, as the client's account: the bundling keys as the web sets them
    assert s.created_by_id == api.client.gebruiker.id
    assert (s.naam_sleutel, s.adres_sleutel) == ("snackbardehoek", "dorpsstraat12a")
    assert (s.tekst, s.betreft_kvk_nummer) == (GELDIG["tekst"], "12345678")
    # the web's audit record of the change, and the call's own record
    geregistreerd = _records("signaal.geregistreerd")
    assert [(r.object_id, r.uitkomst) for r in geregistreerd] == [(str(s.id), "ok")]
    aanroep = _records("api.aanroep")
    assert [(r.uitkomst, r.details["status"], r.details["operatie"]) for r in aanroep] == [
        ("ok", 201, "signalen.registreer")
    ]


def test_optional_fields_sent_empty_are_unknown(client: FlaskClient) -> None:
    api = api_client(client, "triage:ondermijning")
    leeg = {k: "" for k in ("betreft_soort", "betreft_naam", "betreft_kvk_nummer", "melder_naam")}
    antwoord = api.post("/api/v1/signalen", json={**GELDIG, **leeg})
    assert antwoord.status_code == 201, antwoord.get_data(as_text=True)
    s = db.session.scalars(select(Signaal)).one()
    assert (s.betreft_soort, s.betreft_naam, s.betreft_kvk_nummer, s.melder_naam) == (
        None,
        None,
        None,
        None,
    )


def test_a_theme_of_another_aanpak_is_refused_and_nothing_is_stored(
    client: FlaskClient,
) -> None:
    api = api_client(client, "regisseur:ondermijning", "regisseur:pga_r")
    antwoord = api.post("/api/v1/signalen", json={**GELDIG, "thema": "radicalisering"})
    assert antwoord.status_code == 422
    assert problemen(antwoord) == {
        "thema": "Het thema 'radicalisering' hoort niet bij Ondermijning; kies een van: "
        "drugscriminaliteit, onvergunde_prostitutie, onverklaarbare_activiteiten, "
        "mensenhandel, arbeidsuitbuiting, vastgoedcriminaliteit, witwassen, overig."
    }
    assert antwoord.json["title"] == "Ongeldige invoer"
    assert _aantal_signalen() == 0


def test_an_aanpak_that_takes_no_signals_is_refused(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ipta", "regisseur:ondermijning")
    antwoord = api.post("/api/v1/signalen", json={**GELDIG, "aanpak": "ipta"})
    assert antwoord.status_code == 422
    assert problemen(antwoord) == {
        "aanpak": "Onbekende aanpak, of een aanpak die geen signalen aanneemt."
    }
    assert _aantal_signalen() == 0


def test_every_error_is_reported_at_once_in_dutch(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ondermijning")
    antwoord = api.post(
        "/api/v1/signalen",
        json={
            **GELDIG,
            "ontvangen_op": "2025-06-17",  # tomorrow
            "bron": "buurman",
            "tekst": "   ",
            "betreft_kvk_nummer": "1234",
            "onbekend": 1,
        },
    )
    assert antwoord.status_code == 422
    assert problemen(antwoord) == {
        "ontvangen_op": "De datum 17-06-2025 ligt in de toekomst.",
        "bron": "Onbekende bron; kies een van: meld_misdaad_anoniem, collega, handhaving, "
        "externe_partner, meldpunt.",
        "tekst": "Beschrijf het signaal.",
        "betreft_kvk_nummer": "Een KvK-nummer bestaat uit 8 cijfers.",
        "onbekend": "Onbekend veld.",
    }
    assert _aantal_signalen() == 0


def test_a_date_before_1900_is_refused_as_on_the_web(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ondermijning")
    antwoord = api.post("/api/v1/signalen", json={**GELDIG, "ontvangen_op": "1899-12-31"})
    assert problemen(antwoord) == {"ontvangen_op": "Vul een datum in vanaf 01-01-1900."}
    assert _aantal_signalen() == 0


def test_missing_fields_are_named(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ondermijning")
    antwoord = api.post("/api/v1/signalen", json={"aanpak": "ondermijning"})
    assert antwoord.status_code == 422
    assert problemen(antwoord) == {
        veld: "Dit veld is verplicht." for veld in ("ontvangen_op", "bron", "thema", "tekst")
    }


@pytest.mark.parametrize(
    "rollen",
    [
        ("regisseur:ipta",),  # a team that takes no signals
        ("triage:pga_r",),  # the other signal team
    ],
)
def test_a_client_outside_the_team_may_not_register(
    client: FlaskClient, rollen: tuple[str, ...]
) -> None:
    api = api_client(client, *rollen)
    antwoord = api.post("/api/v1/signalen", json=GELDIG)
    assert antwoord.status_code == 403
    assert antwoord.json["detail"] == "U bent geen lid van het team van deze aanpak."
    assert _aantal_signalen() == 0
    refused = _records("signaal.geregistreerd")
    assert [(r.uitkomst, r.details["weigering"]) for r in refused] == [
        ("geweigerd", "geen_toegang")
    ]


# -- one signal ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "rollen",
    [("regisseur:ipta",), ("regisseur:pga_r",), ("manager",)],
)
def test_a_signal_of_another_team_is_a_404_like_one_that_does_not_exist(
    client: FlaskClient, rollen: tuple[str, ...]
) -> None:
    s = fabrieken.signaal("ondermijning", thema="witwassen", betreft_naam="Snackbar De Hoek")
    api = api_client(client, *rollen)
    verborgen = api.get(f"/api/v1/signalen/{s.id}")
    bestaat_niet = api.get(f"/api/v1/signalen/{s.id + 1000}")
    buiten_bereik = api.get(f"/api/v1/signalen/{2**63}")
    assert verborgen.status_code == bestaat_niet.status_code == buiten_bereik.status_code == 404
    assert verborgen.json["detail"] == bestaat_niet.json["detail"] == buiten_bereik.json["detail"]
    assert "Snackbar" not in verborgen.get_data(as_text=True)


def test_a_member_reads_a_signal_and_the_call_names_its_person_and_case(
    client: FlaskClient, maak_casus: Any
) -> None:
    s = fabrieken.signaal(
        "ondermijning",
        thema="mensenhandel",
        bron="collega",
        ontvangen_op=date(2025, 3, 4),
        tekst="Veel bezoek 's nachts.",
        betreft_adres="Markt 1",
        melder_naam="Anoniem",
    )
    c = maak_casus("ondermijning", "aangemeld")
    services.koppel(s, c, actor=IMPORT)
    db.session.commit()
    api = api_client(client, "regisseur:ondermijning")
    antwoord = api.get(f"/api/v1/signalen/{s.id}")
    assert antwoord.status_code == 200
    body = antwoord.json
    assert (body["status"], body["status_label"]) == ("gekoppeld", "Gekoppeld aan casus")
    assert body["thema"] == {"code": "mensenhandel", "label": "Mensenhandel"}
    assert body["bron"] == {"code": "collega", "label": "Collega"}
    assert body["ontvangen_op"] == "2025-03-04"
    assert body["casus"] == {"id": c.id, "casusnummer": c.ref}
    assert (body["betreft_adres"], body["melder_naam"]) == ("Markt 1", "Anoniem")
    assert body["omgezet"] is False
    assert body["afgehandeld_op"] == "2025-06-16T10:00:00+00:00"
    aanroep = _records("api.aanroep")
    assert [(r.casus_id, r.details["operatie"]) for r in aanroep] == [(c.id, "signalen.signaal")]


def test_the_linked_case_is_shown_only_to_who_may_see_that_case(
    client: FlaskClient, maak_casus: Any
) -> None:
    # a signal of ondermijning linked to a case that has since moved to woonoverlast
    s = fabrieken.signaal("ondermijning", thema="witwassen")
    c = maak_casus("ondermijning", "aangemeld")
    services.koppel(s, c, actor=IMPORT)
    pas_transitie_toe(
        c,
        "omzetten",
        actor=IMPORT,
        datum=date(2025, 2, 1),
        doel_aanpak="woonoverlast",
        historisch=True,
    )
    db.session.commit()
    assert c.aanpak == "woonoverlast"
    alleen_ondermijning = api_client(client, "regisseur:ondermijning")
    beide = api_client(client, "regisseur:ondermijning", "regisseur:woonoverlast")
    zonder = alleen_ondermijning.get(f"/api/v1/signalen/{s.id}").json
    met = beide.get(f"/api/v1/signalen/{s.id}").json
    assert zonder["casus"] is None
    assert c.ref not in str(zonder)
    assert met["casus"] == {"id": c.id, "casusnummer": c.ref}
    # the list says the same
    assert [r["casus"] for r in alleen_ondermijning.get("/api/v1/signalen").json["resultaten"]] == [
        None
    ]
    assert [r["casus"] for r in beide.get("/api/v1/signalen").json["resultaten"]] == [
        {"id": c.id, "casusnummer": c.ref}
    ]


# -- the list --------------------------------------------------------------------------


@pytest.fixture
def drie_signalen() -> dict[str, Signaal]:
    """Three ondermijning signals, in this order of registration, and one of PGA-R."""
    return {
        "a": fabrieken.signaal(
            "ondermijning", thema="witwassen", bron="handhaving", ontvangen_op=date(2025, 2, 3)
        ),
        "b": fabrieken.signaal(
            "ondermijning", thema="mensenhandel", bron="collega", ontvangen_op=date(2025, 3, 10)
        ),
        "c": fabrieken.signaal(
            "ondermijning",
            thema="witwassen",
            bron="meld_misdaad_anoniem",
            ontvangen_op=date(2025, 4, 1),
        ),
        "r": fabrieken.signaal("pga_r", thema="radicalisering", ontvangen_op=date(2025, 3, 12)),
    }


def _ids(antwoord: Any) -> list[int]:
    assert antwoord.status_code == 200, antwoord.get_data(as_text=True)
    return [r["id"] for r in antwoord.json["resultaten"]]


def test_the_list_pages_through_the_own_teams_signals_newest_first(
    client: FlaskClient, drie_signalen: dict[str, Signaal]
) -> None:
    a, b, c = (drie_signalen[k].id for k in "abc")
    api = api_client(client, "regisseur:ondermijning")
    eerste = api.get("/api/v1/signalen?aantal=2")
    assert _ids(eerste) == [c, b]
    volgende = eerste.json["volgende"]
    assert volgende is not None
    assert eerste.headers["Link"] == (
        f'<http://localhost/api/v1/signalen?aantal=2&na={volgende}>; rel="next"'
    )
    tweede = api.get(f"/api/v1/signalen?aantal=2&na={volgende}")
    assert _ids(tweede) == [a]
    assert tweede.json["volgende"] is None
    assert "Link" not in tweede.headers


def test_the_list_filters(client: FlaskClient, drie_signalen: dict[str, Signaal]) -> None:
    a, b, c, r = (drie_signalen[k].id for k in "abcr")
    api = api_client(client, "regisseur:ondermijning")
    assert _ids(api.get("/api/v1/signalen?thema=witwassen")) == [c, a]
    assert _ids(api.get("/api/v1/signalen?bron=collega")) == [b]
    assert _ids(api.get("/api/v1/signalen?van=2025-03-01&tot_en_met=2025-03-31")) == [b]
    assert _ids(api.get("/api/v1/signalen?van=2025-03-10")) == [c, b]
    assert _ids(api.get("/api/v1/signalen?tot_en_met=2025-03-09")) == [a]
    assert _ids(api.get("/api/v1/signalen?status=open&aanpak=ondermijning")) == [c, b, a]
    assert _ids(api.get("/api/v1/signalen?status=gekoppeld")) == []
    # PGA-R is not this client's team: filtering on it shows nothing
    assert _ids(api.get("/api/v1/signalen?aanpak=pga_r")) == []
    beide = api_client(client, "regisseur:ondermijning", "regisseur:pga_r")
    assert _ids(beide.get("/api/v1/signalen")) == [r, c, b, a]
    assert _ids(beide.get("/api/v1/signalen?aanpak=pga_r")) == [r]


def test_a_client_without_a_signal_team_gets_an_empty_list(
    client: FlaskClient, drie_signalen: dict[str, Signaal]
) -> None:
    api = api_client(client, "triage:ipta", "manager")
    assert _ids(api.get("/api/v1/signalen")) == []


def test_invalid_filters_are_named_in_dutch(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ondermijning")
    antwoord = api.get("/api/v1/signalen?status=weg&van=2025-03-10&tot_en_met=2025-03-01")
    assert antwoord.status_code == 422
    assert problemen(antwoord) == {
        "status": "Onbekende status; kies een van: open, gekoppeld, afgesloten.",
    }
    antwoord = api.get("/api/v1/signalen?van=2025-03-10&tot_en_met=2025-03-01")
    assert problemen(antwoord) == {"tot_en_met": "De einddatum ligt vóór de begindatum."}
    assert problemen(api.get("/api/v1/signalen?na=%%%")) == {"na": "Ongeldige cursor."}
