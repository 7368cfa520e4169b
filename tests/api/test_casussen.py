"""Cases through the API: a new aanmelding (POST /casussen) and status changes
(GET/POST /casussen/{id}/transities), with the web's services, rules and rights."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.api import casussen as api_casussen
from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus, Gebeurtenis
from casus.extensions import db
from casus.personen.models import Persoon
from tests.hulp.api import Api, api_client, problemen

pytestmark = pytest.mark.klok(date(2025, 6, 2))

GELDIG_BSN = "111222333"  # 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3 = 69; 69-3 = 66 = 6*11
TOELICHTING_NODIG = "Vul een toelichting in: waarom krijgt de casus deze status?"


def _aantal(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _records(actie: str) -> list[AuditRecord]:
    return list(
        db.session.scalars(
            select(AuditRecord).where(AuditRecord.actie == actie).order_by(AuditRecord.id)
        )
    )


def _stand(casus_id: int) -> tuple[str, int, int]:
    """(status, version, number of events) of the case as stored."""
    db.session.expire_all()
    c = db.session.get(Casus, casus_id)
    assert c is not None
    gebeurtenissen = db.session.scalar(
        select(func.count()).select_from(Gebeurtenis).where(Gebeurtenis.casus_id == casus_id)
    )
    return c.status, c.versie, int(gebeurtenissen or 0)


def _aanmelding(**extra: Any) -> dict[str, Any]:
    gegevens: dict[str, Any] = {
        "aanpak": "pga_jeugd",
        "aangemeld_op": "2025-06-02",
        "aanmeldreden": "Betrokken bij wapenincident",
        "kenmerken": {"wijk": "Dorp"},
        "persoon": {
            "voornaam": "Noa",
            "achternaam": "Bakker",
            "geboortedatum": "2008-03-14",
        },
    }
    gegevens.update(extra)
    return gegevens


# -- a new aanmelding ------------------------------------------------------------------


def test_an_aanmelding_with_a_new_person_lands_in_the_triage_queue(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:pga_jeugd", naam="Open Formulieren")
    gegevens = _aanmelding()
    gegevens["persoon"].update(tussenvoegsel="van", bsn=GELDIG_BSN, adres="Dorpsstraat 1")
    antwoord = api.post("/api/v1/casussen", json=gegevens)
    assert antwoord.status_code == 201, antwoord.json
    casus = db.session.scalars(select(Casus)).one()
    assert antwoord.headers["Location"] == f"/api/v1/casussen/{casus.id}"
    assert antwoord.headers["ETag"] == f'"{casus.versie}"'
    body = antwoord.json
    assert body["casusnummer"] == f"PGAJ-2025-{casus.id:05d}"
    assert (body["aanpak"], body["status"], body["status_label"]) == (
        "pga_jeugd",
        "aangemeld",
        "Aangemeld",
    )
    assert (body["aangemeld_op"], body["status_sinds"]) == ("2025-06-02", "2025-06-02")
    assert body["kenmerken"] == {"wijk": "Dorp"}
    assert body["regisseur"] is None
    assert body["versie"] == casus.versie
    persoon = db.session.scalars(select(Persoon)).one()
    assert body["persoon"] == {
        "id": persoon.id,
        "naam": "Noa van Bakker",
        "geboortedatum": "2008-03-14",
    }
    assert (persoon.bsn, persoon.adres, persoon.wijk) == (GELDIG_BSN, "Dorpsstraat 1", "Dorp")
    assert casus.aanmeldreden == "Betrokken bij wapenincident"
    assert casus.created_by_id == api.client.gebruiker.id
    # the web's record of the change, and the call's record, both naming the case
    [aangemeld] = _records("casus.aangemeld")
    [aanroep] = _records("api.aanroep")
    assert (aangemeld.uitkomst, aangemeld.casus_id, aangemeld.persoon_id) == (
        "ok",
        casus.id,
        persoon.id,
    )
    assert (aanroep.casus_id, aanroep.details["status"], aanroep.details["operatie"]) == (
        casus.id,
        201,
        "casussen.registreer",
    )


def test_an_aanmelding_links_a_person_the_client_may_see(
    client: FlaskClient, maak_casus: Callable[..., Casus]
) -> None:
    eerder = maak_casus("pga_jeugd")  # Sem Jansen, born 12-04-2007
    db.session.commit()
    api = api_client(client, "regisseur:pga_jeugd")
    antwoord = api.post(
        "/api/v1/casussen", json=_aanmelding(persoon=None, persoon_id=eerder.persoon_id)
    )
    assert antwoord.status_code == 201, antwoord.json
    assert antwoord.json["persoon"] == {
        "id": eerder.persoon_id,
        "naam": "Sem Jansen",
        "geboortedatum": "2007-04-12",
    }
    assert _aantal(Persoon) == 1  # linked, not copied
    assert _aantal(Casus) == 2


def test_a_person_of_another_team_is_as_unknown_as_one_that_does_not_exist(
    client: FlaskClient, maak_casus: Callable[..., Casus]
) -> None:
    """A 422 at persoon_id with the same words for both: the field is what is wrong, the
    collection exists; nothing tells that the person is known elsewhere."""
    elders = maak_casus("ipta")  # Sem Jansen, known to IPTA only
    db.session.commit()
    api = api_client(client, "regisseur:pga_jeugd")
    verborgen = api.post(
        "/api/v1/casussen", json=_aanmelding(persoon=None, persoon_id=elders.persoon_id)
    )
    onbekend = api.post("/api/v1/casussen", json=_aanmelding(persoon=None, persoon_id=999999))
    assert verborgen.status_code == onbekend.status_code == 422
    assert (
        problemen(verborgen)
        == problemen(onbekend)
        == {"persoon_id": "De gekozen persoon is niet gevonden; zoek opnieuw."}
    )
    assert verborgen.json["detail"] == onbekend.json["detail"]
    assert "Jansen" not in verborgen.get_data(as_text=True)
    assert _aantal(Casus) == 1


@pytest.mark.parametrize(
    ("extra", "veld", "reden"),
    [
        (
            {"persoon": {"voornaam": "Noa", "achternaam": "Bakker", "bsn": "123456789"}},
            "persoon.bsn",
            "Dit is geen geldig BSN: het moet 9 cijfers hebben en aan de elfproef voldoen.",
        ),
        (
            {"persoon": {"voornaam": "Noa", "achternaam": "B" * 151}},
            "persoon.achternaam",
            "Maximaal 150 tekens.",
        ),
        (
            {"persoon": {"voornaam": " ", "achternaam": "Bakker"}},
            "persoon.voornaam",
            "Vul de voornaam in.",
        ),
        ({"aanmeldreden": "   "}, "aanmeldreden", "Vul een tekst in."),
        (
            {"persoon": None},
            "persoon",
            "Een aanmelding voor PGA Jeugd betreft altijd een persoon: kies een gevonden "
            "persoon of vul een nieuwe persoon in.",
        ),
        (
            {"kenmerken": {"wijk": "Gotham"}},
            "kenmerken.wijk",
            "'Gotham' is geen wijk van de gemeente.",
        ),
        (
            {"kenmerken": {"kleur": "rood"}},
            "kenmerken.kleur",
            "'kleur' is geen kenmerk van PGA Jeugd.",
        ),
        (
            {"aangemeld_op": "2025-06-03"},
            "aangemeld_op",
            "De datum 03-06-2025 ligt in de toekomst.",
        ),
        (
            # 1990-01-01 to 2025-06-02: 35 years, over PGA Jeugd's maximum of 27
            {"persoon": {"voornaam": "Noa", "achternaam": "Bakker", "geboortedatum": "1990-01-01"}},
            "persoon.geboortedatum",
            "Deze persoon is op 02-06-2025 35 jaar oud. PGA Jeugd is voor jongeren tot en met "
            "27 jaar.",
        ),
        (
            {"persoon_id": 5, "persoon": {"voornaam": "Noa", "achternaam": "Bakker"}},
            "persoon",
            "Geef een bestaande persoon (persoon_id) of een nieuwe persoon, niet beide.",
        ),
        ({"aanpak": "zwemmen"}, "aanpak", "Onbekende aanpak."),
        ({"aangemeld_op": "2 juni"}, "aangemeld_op", "Geef een datum als JJJJ-MM-DD."),
    ],
)
def test_a_refused_aanmelding_names_its_field_and_creates_nothing(
    client: FlaskClient, extra: dict[str, Any], veld: str, reden: str
) -> None:
    api = api_client(client, "regisseur:pga_jeugd")
    antwoord = api.post("/api/v1/casussen", json=_aanmelding(**extra))
    assert antwoord.status_code == 422
    assert problemen(antwoord) == {veld: reden}
    assert (_aantal(Casus), _aantal(Persoon)) == (0, 0)


def test_an_age_that_only_warns_needs_the_confirmation(client: FlaskClient) -> None:
    """2015-01-01 to 2025-06-02: 10 years, under PGA Jeugd's warning limit of 12."""
    api = api_client(client, "regisseur:pga_jeugd")
    persoon = {"voornaam": "Noa", "achternaam": "Bakker", "geboortedatum": "2015-01-01"}
    eerst = api.post("/api/v1/casussen", json=_aanmelding(persoon=persoon))
    assert eerst.status_code == 422
    assert problemen(eerst) == {
        "leeftijd_bevestigd": "Deze persoon is op 02-06-2025 10 jaar oud. PGA Jeugd richt zich "
        "op jongeren die in beeld zijn door high impact crimes, overlast of wapenbezit; onder "
        "de 12 jaar is iemand niet strafrechtelijk aansprakelijk. Controleer de geboortedatum. "
        "Vink aan dat u de leeftijd hebt gecontroleerd als de aanmelding toch klopt."
    }
    assert _aantal(Persoon) == 0
    bevestigd = api.post(
        "/api/v1/casussen", json=_aanmelding(persoon=persoon, leeftijd_bevestigd=True)
    )
    assert bevestigd.status_code == 201
    assert bevestigd.json["persoon"]["geboortedatum"] == "2015-01-01"


def test_a_likely_duplicate_needs_the_confirmation_of_another_person(
    client: FlaskClient,
) -> None:
    api = api_client(client, "regisseur:pga_jeugd")
    assert api.post("/api/v1/casussen", json=_aanmelding()).status_code == 201
    nogmaals = api.post("/api/v1/casussen", json=_aanmelding())
    assert nogmaals.status_code == 422
    assert problemen(nogmaals) == {
        "persoon.andere_persoon": "Deze persoon lijkt al bekend. Kies hieronder de bestaande "
        "persoon, of bevestig dat het een andere persoon is."
    }
    gegevens = _aanmelding()
    gegevens["persoon"]["andere_persoon"] = True
    assert api.post("/api/v1/casussen", json=gegevens).status_code == 201
    assert (_aantal(Casus), _aantal(Persoon)) == (2, 2)


def test_an_aanmelding_without_a_person_needs_a_name_or_an_address(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ondermijning")
    zonder = _aanmelding(aanpak="ondermijning", persoon=None, kenmerken={})
    antwoord = api.post("/api/v1/casussen", json=zonder)
    assert antwoord.status_code == 422
    assert problemen(antwoord) == {
        "kenmerken.adres": "Kies of maak een persoon, of vul de naam van de onderneming of het "
        "adres in."
    }
    met_adres = _aanmelding(aanpak="ondermijning", persoon=None, kenmerken={"adres": "Markt 1"})
    antwoord = api.post("/api/v1/casussen", json=met_adres)
    assert antwoord.status_code == 201
    assert (antwoord.json["persoon"], antwoord.json["kenmerken"]) == (None, {"adres": "Markt 1"})


def test_an_aanmelding_in_an_aanpak_outside_the_clients_teams_is_refused(
    client: FlaskClient,
) -> None:
    api = api_client(client, "regisseur:pga_jeugd")
    antwoord = api.post("/api/v1/casussen", json=_aanmelding(aanpak="ipta"))
    assert antwoord.status_code == 403
    assert antwoord.json["detail"] == (
        "U kunt alleen aanmelden bij een aanpak waarvan u teamlid bent."
    )
    assert (_aantal(Casus), _aantal(Persoon)) == (0, 0)


# -- status changes --------------------------------------------------------------------


@pytest.fixture
def rachid(maak_gebruiker_: Callable[..., Gebruiker]) -> Gebruiker:
    """A regisseur of IPTA, to be assigned."""
    return maak_gebruiker_("regisseur:ipta", naam="rachid")


def _triage(client: FlaskClient) -> Api:
    return api_client(client, "triage:ipta")


def test_the_moves_of_the_status_step_with_what_each_needs(
    client: FlaskClient, maak_casus: Callable[..., Casus], rachid: Gebruiker
) -> None:
    casus = maak_casus("ipta")
    db.session.commit()
    antwoord = _triage(client).get(f"/api/v1/casussen/{casus.id}/transities")
    assert antwoord.status_code == 200
    assert antwoord.headers["ETag"] == f'"{casus.versie}"'
    opnemen, niet_opnemen, omzetten = antwoord.json["resultaten"]
    assert opnemen == {
        "trigger": "triageren",
        "label": "Opnemen",
        "naar": "getriaged",
        "naar_label": "Opgenomen",
        "sluit_af": False,
        "omzetten": False,
        "reden_verplicht": False,
        "partij_verplicht": False,
        "regisseur_verplicht": True,
        "doel_aanpak_verplicht": False,
        "toelichting_verplicht": False,
        "redenen": [],
        "bezwaren": [],
        "regisseurs": [{"id": rachid.id, "naam": "Test rachid"}],
        "doel_aanpakken": [],
    }
    assert (niet_opnemen["trigger"], niet_opnemen["naar"]) == ("niet_opnemen", "niet_opgenomen")
    assert (niet_opnemen["toelichting_verplicht"], niet_opnemen["reden_verplicht"]) == (True, True)
    assert niet_opnemen["redenen"] == [
        {"code": "geen_doelgroep", "label": "Valt niet binnen de doelgroep", "bezwaren": []},
        {"code": "elders_belegd", "label": "Elders belegd", "bezwaren": []},
        {"code": "onvoldoende_grond", "label": "Onvoldoende grond", "bezwaren": []},
    ]
    assert (omzetten["doel_aanpak_verplicht"], omzetten["omzetten"]) == (True, True)
    # the strictly confidential aanpak (PGA-R) is not named to an outsider
    assert [a["code"] for a in omzetten["doel_aanpakken"]] == [
        "pga_jeugd",
        "rio",
        "ondermijning",
        "woonoverlast",
    ]
    # a regisseur client is never the case's regisseur: it may make no move
    regisseur = api_client(client, "regisseur:ipta")
    assert regisseur.get(f"/api/v1/casussen/{casus.id}/transities").json == {"resultaten": []}


def test_the_moves_name_what_the_guards_refuse_today(
    client: FlaskClient, maak_casus: Callable[..., Casus]
) -> None:
    casus = maak_casus("pga_jeugd", "actief")
    db.session.commit()
    api = api_client(client, "triage:pga_jeugd")
    stappen = {
        s["trigger"]: s
        for s in api.get(f"/api/v1/casussen/{casus.id}/transities").json["resultaten"]
    }
    assert list(stappen) == [
        "pauzeren",
        "afsluiten_succesvol",
        "afsluiten_niet_succesvol",
        "overdragen",
    ]
    assert stappen["afsluiten_succesvol"]["redenen"] == [
        {
            "code": "doelen_behaald",
            "label": "Doelen behaald",
            "bezwaren": [
                "Er is nog geen vooruitgang op een leefgebied vastgelegd: een latere "
                "leefgebiedenscore moet op minstens één leefgebied hoger zijn dan de eerste."
            ],
        },
        {
            "code": "interventies_uitgeput",
            "label": "Interventies uitgeput",
            "bezwaren": ["Er is nog geen interventie geregistreerd op deze casus."],
        },
    ]
    assert stappen["overdragen"]["partij_verplicht"] is True
    # the guard refuses the move itself too, at the reason, and nothing changes
    voor = _stand(casus.id)
    antwoord = api.post(
        f"/api/v1/casussen/{casus.id}/transities",
        json={
            "trigger": "afsluiten_succesvol",
            "datum": "2025-06-02",
            "reden": "interventies_uitgeput",
            "toelichting": "Alles geprobeerd.",
        },
        headers={"If-Match": f'"{voor[1]}"'},
    )
    assert antwoord.status_code == 422
    assert problemen(antwoord) == {
        "reden": "Er is nog geen interventie geregistreerd op deze casus."
    }
    assert _stand(casus.id) == voor


def test_an_allowed_move_changes_the_status_and_the_etag(
    client: FlaskClient, maak_casus: Callable[..., Casus], rachid: Gebruiker
) -> None:
    casus = maak_casus("ipta")
    db.session.commit()
    status, versie, gebeurtenissen = _stand(casus.id)
    assert (status, gebeurtenissen) == ("aangemeld", 1)
    antwoord = _triage(client).post(
        f"/api/v1/casussen/{casus.id}/transities",
        json={"trigger": "triageren", "datum": "2025-06-02", "regisseur": rachid.id},
        headers={"If-Match": f'"{versie}"'},
    )
    assert antwoord.status_code == 200, antwoord.json
    nu = _stand(casus.id)
    assert (nu[0], nu[2]) == ("getriaged", 2)
    assert nu[1] > versie
    assert antwoord.headers["ETag"] == f'"{nu[1]}"'
    body = antwoord.json
    assert (body["status"], body["status_label"], body["versie"]) == (
        "getriaged",
        "Opgenomen",
        nu[1],
    )
    assert (body["status_sinds"], body["opname_op"]) == ("2025-06-02", "2025-06-02")
    assert body["regisseur"] == {"id": rachid.id, "naam": "Test rachid"}
    [record] = _records("casus.status_triageren")
    assert (record.uitkomst, record.casus_id) == ("ok", casus.id)


def test_a_move_that_ends_the_case_needs_a_toelichting(
    client: FlaskClient, maak_casus: Callable[..., Casus]
) -> None:
    casus = maak_casus("ipta")
    db.session.commit()
    api = _triage(client)
    voor = _stand(casus.id)
    stap = {"trigger": "niet_opnemen", "datum": "2025-06-02", "reden": "elders_belegd"}
    for toelichting in (None, "", "   "):
        antwoord = api.post(
            f"/api/v1/casussen/{casus.id}/transities",
            json={**stap, "toelichting": toelichting},
            headers={"If-Match": f'"{voor[1]}"'},
        )
        assert antwoord.status_code == 422
        assert problemen(antwoord) == {"toelichting": TOELICHTING_NODIG}
        assert _stand(casus.id) == voor
    gelukt = api.post(
        f"/api/v1/casussen/{casus.id}/transities",
        json={**stap, "toelichting": "Zit al bij het wijkteam."},
        headers={"If-Match": f'"{voor[1]}"'},
    )
    assert gelukt.status_code == 200
    assert (gelukt.json["status"], gelukt.json["afgesloten_op"]) == (
        "niet_opgenomen",
        "2025-06-02",
    )
    laatste = db.session.scalars(
        select(Gebeurtenis)
        .where(Gebeurtenis.casus_id == casus.id)
        .order_by(Gebeurtenis.volgnummer.desc())
    ).first()
    assert laatste is not None
    assert (laatste.reden, laatste.toelichting) == ("elders_belegd", "Zit al bij het wijkteam.")


def test_a_stale_if_match_is_412_and_changes_nothing(
    client: FlaskClient, maak_casus: Callable[..., Casus], rachid: Gebruiker
) -> None:
    casus = maak_casus("ipta")
    db.session.commit()
    voor = _stand(casus.id)
    antwoord = _triage(client).post(
        f"/api/v1/casussen/{casus.id}/transities",
        json={"trigger": "triageren", "datum": "2025-06-02", "regisseur": rachid.id},
        headers={"If-Match": f'"{voor[1] - 1}"'},
    )
    assert antwoord.status_code == 412
    assert antwoord.content_type == "application/problem+json"
    assert antwoord.json["title"] == "Verouderde versie"
    assert _stand(casus.id) == voor
    assert _records("casus.status_triageren") == []


def test_without_if_match_a_move_is_428_and_changes_nothing(
    client: FlaskClient, maak_casus: Callable[..., Casus], rachid: Gebruiker
) -> None:
    casus = maak_casus("ipta")
    db.session.commit()
    voor = _stand(casus.id)
    antwoord = _triage(client).post(
        f"/api/v1/casussen/{casus.id}/transities",
        json={"trigger": "triageren", "datum": "2025-06-02", "regisseur": rachid.id},
    )
    assert antwoord.status_code == 428
    assert antwoord.json["title"] == "Versie ontbreekt"
    assert _stand(casus.id) == voor


def test_a_change_made_during_the_call_is_412_and_the_move_changes_nothing(
    client: FlaskClient,
    maak_casus: Callable[..., Casus],
    rachid: Gebruiker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The If-Match check saw the version the client read; someone else's change was
    committed right after it, before the service locked the case: the service's Conflict
    answers as a stale If-Match."""
    casus = maak_casus("ipta")
    db.session.commit()
    api = _triage(client)
    status, versie, gebeurtenissen = _stand(casus.id)
    casus.kenmerken = {"wijk": "Dorp"}  # the other change, committed
    db.session.commit()

    def zag_nog_de_oude(huidige: int) -> int:
        return versie

    monkeypatch.setattr(api_casussen, "controleer_versie", zag_nog_de_oude)
    antwoord = api.post(
        f"/api/v1/casussen/{casus.id}/transities",
        json={"trigger": "triageren", "datum": "2025-06-02", "regisseur": rachid.id},
        headers={"If-Match": f'"{versie}"'},
    )
    assert antwoord.status_code == 412
    assert antwoord.json["title"] == "Verouderde versie"
    assert _stand(casus.id) == (status, versie + 1, gebeurtenissen)
    [geweigerd] = _records("casus.status_triageren")
    assert (geweigerd.uitkomst, geweigerd.details["weigering"]) == ("geweigerd", "conflict")


@pytest.mark.parametrize(
    ("stap", "veld", "reden"),
    [
        (
            {"trigger": "starten"},
            "trigger",
            "'Starten' is niet mogelijk: de casus heeft de status 'Aangemeld'.",
        ),
        ({"trigger": "vliegen"}, "trigger", "'vliegen' is geen statuswijziging in IPTA."),
        (
            {"trigger": "niet_opnemen", "toelichting": "Geen doelgroep."},
            "reden",
            "Kies een reden om te 'niet opnemen'.",
        ),
        (
            {"trigger": "niet_opnemen", "reden": "verhuisd", "toelichting": "Weg."},
            "reden",
            "'verhuisd' is geen reden voor 'niet opnemen' in IPTA.",
        ),
        ({"trigger": "triageren"}, "regisseur", "Wijs een regisseur toe om de casus op te nemen."),
        (
            {"trigger": "triageren", "datum": "2025-06-03", "regisseur": "rachid"},
            "datum",
            "De datum 03-06-2025 ligt in de toekomst.",
        ),
        (
            # before the aanmelding of 06-01-2025
            {"trigger": "triageren", "datum": "2025-01-05", "regisseur": "rachid"},
            "datum",
            "De ingangsdatum 05-01-2025 ligt vóór de vorige statuswijziging (06-01-2025).",
        ),
        (
            {"trigger": "omzetten", "doel_aanpak": "ipta"},
            "doel_aanpak",
            "De aanmelding staat al in deze aanpak.",
        ),
    ],
)
def test_a_move_the_workflow_refuses_is_422_and_changes_nothing(
    client: FlaskClient,
    maak_casus: Callable[..., Casus],
    rachid: Gebruiker,
    stap: dict[str, Any],
    veld: str,
    reden: str,
) -> None:
    casus = maak_casus("ipta")
    db.session.commit()
    voor = _stand(casus.id)
    gegevens = {"datum": "2025-06-02", **stap}
    if gegevens.get("regisseur") == "rachid":
        gegevens["regisseur"] = rachid.id
    antwoord = _triage(client).post(
        f"/api/v1/casussen/{casus.id}/transities",
        json=gegevens,
        headers={"If-Match": f'"{voor[1]}"'},
    )
    assert antwoord.status_code == 422
    assert problemen(antwoord) == {veld: reden}
    assert _stand(casus.id) == voor


def test_a_regisseur_of_another_team_is_refused_without_naming_the_user(
    client: FlaskClient,
    maak_casus: Callable[..., Casus],
    maak_gebruiker_: Callable[..., Gebruiker],
) -> None:
    casus = maak_casus("ipta")
    elders = maak_gebruiker_("regisseur:pga_jeugd", naam="yara")
    db.session.commit()
    voor = _stand(casus.id)
    antwoord = _triage(client).post(
        f"/api/v1/casussen/{casus.id}/transities",
        json={"trigger": "triageren", "datum": "2025-06-02", "regisseur": elders.id},
        headers={"If-Match": f'"{voor[1]}"'},
    )
    assert antwoord.status_code == 422
    assert problemen(antwoord) == {
        "regisseur": f"Gebruiker {elders.id} is geen regisseur in het team van IPTA."
    }
    assert "yara" not in antwoord.get_data(as_text=True)
    assert _stand(casus.id) == voor


def test_a_move_the_client_may_not_make_is_403_and_changes_nothing(
    client: FlaskClient, maak_casus: Callable[..., Casus], rachid: Gebruiker
) -> None:
    casus = maak_casus("ipta")
    db.session.commit()
    voor = _stand(casus.id)
    antwoord = api_client(client, "regisseur:ipta").post(
        f"/api/v1/casussen/{casus.id}/transities",
        json={"trigger": "triageren", "datum": "2025-06-02", "regisseur": rachid.id},
        headers={"If-Match": f'"{voor[1]}"'},
    )
    assert antwoord.status_code == 403
    assert antwoord.json["detail"] == "U mag 'opnemen' niet uitvoeren op deze casus."
    assert _stand(casus.id) == voor


def test_a_case_of_another_aanpak_is_404_on_every_route_of_the_case(
    client: FlaskClient, maak_casus: Callable[..., Casus], rachid: Gebruiker
) -> None:
    ander = maak_casus("pga_jeugd")
    db.session.commit()
    voor = _stand(ander.id)
    # a client of IPTA that may make moves in IPTA, with the case's right version
    api = api_client(client, "regisseur:ipta", "triage:ipta")
    pad = f"/api/v1/casussen/{ander.id}/transities"
    kop = {"If-Match": f'"{voor[1]}"'}
    antwoorden = [
        api.get(pad),
        api.post(pad, json={"trigger": "niet_opnemen", "datum": "2025-06-02"}, headers=kop),
        api.post(pad, json={"trigger": "niet_opnemen", "datum": "2025-06-02"}),
    ]
    assert [a.status_code for a in antwoorden] == [404, 404, 404]
    assert {a.json["detail"] for a in antwoorden} == {
        "Het gevraagde object bestaat niet, of deze client heeft er geen toegang toe."
    }
    assert _stand(ander.id) == voor
