"""The case page: header, timeline, and every casework form through the test client."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.casussen.models import Casus, Interventie, Leefgebiedenscore, Notitie
from casus.casussen.services import pas_transitie_toe
from casus.extensions import db
from casus.personen.models import PolitieContact
from tests.hulp.client import login
from tests.hulp.databaseinhoud import aantal

VANDAAG = date(2025, 6, 2)


pytestmark = pytest.mark.klok(VANDAAG)


@pytest.fixture
def ik(maak_gebruiker_: Any) -> Any:
    return maak_gebruiker_("regisseur:pga_jeugd", naam="mvisser")


@pytest.fixture
def actief(maak_casus: Any, ik: Any, client: FlaskClient) -> Casus:
    casus = maak_casus("pga_jeugd", "actief", regisseur=ik)
    db.session.commit()
    login(client, ik)
    return casus


def test_the_header_shows_subject_aanpak_status_regisseur_and_days(
    client: FlaskClient, actief: Casus
) -> None:
    tekst = client.get(f"/casus/{actief.id}").get_data(as_text=True)
    assert "Sem Jansen" in tekst
    assert actief.ref in tekst
    assert "PGA Jeugd" in tekst
    assert "Actief" in tekst
    assert "Test mvisser" in tekst
    # maak_casus triages on 2025-01-07; 2025-06-02 is 146 days later
    assert "<dd>146</dd>" in tekst


def test_a_case_of_another_aanpak_answers_404(
    client: FlaskClient, maak_casus: Any, actief: Casus
) -> None:
    ander = maak_casus("ipta", "actief")
    db.session.commit()
    assert client.get(f"/casus/{ander.id}").status_code == 404
    assert client.post(f"/casus/{ander.id}/notitie", data={}).status_code == 404
    assert client.get("/casus/999999").status_code == 404


def test_a_contact_moment_is_saved_and_shown_escaped(client: FlaskClient, actief: Casus) -> None:
    antwoord = client.post(
        f"/casus/{actief.id}/notitie",
        data={
            "notitie-token": "tok1",
            "notitie-soort": "contactmoment",
            "notitie-vorm": "huisbezoek",
            "notitie-datum": "2025-06-01",
            "notitie-tekst": "<script>alert(1)</script> thuis gesproken",
        },
    )
    assert antwoord.status_code == 302
    notitie = db.session.scalars(select(Notitie)).one()
    assert (notitie.soort, notitie.vorm, notitie.datum) == (
        "contactmoment",
        "huisbezoek",
        date(2025, 6, 1),
    )
    tekst = client.get(antwoord.headers["Location"]).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; thuis gesproken" in tekst
    assert "<script>alert(1)" not in tekst
    assert "Contactmoment vastgelegd." in tekst


def test_a_double_submit_creates_one_note(client: FlaskClient, actief: Casus) -> None:
    data = {
        "notitie-token": "dubbel",
        "notitie-soort": "notitie",
        "notitie-datum": "2025-06-01",
        "notitie-tekst": "een keer",
    }
    assert client.post(f"/casus/{actief.id}/notitie", data=data).status_code == 302
    tweede = client.post(f"/casus/{actief.id}/notitie", data=data, follow_redirects=True)
    assert "Dit formulier was al verstuurd" in tweede.get_data(as_text=True)
    assert aantal(Notitie) == 1


@pytest.mark.parametrize(
    ("veld", "waarde", "melding"),
    [
        ("notitie-tekst", "", "Vul een tekst in."),
        ("notitie-tekst", "x" * 10_001, "Maximaal 10000 tekens."),
        ("notitie-datum", "gisteren", "Vul een geldige datum in"),
        ("notitie-datum", "2025-06-03", "ligt in de toekomst"),
        ("notitie-soort", "roddel", "Kies een van de mogelijkheden"),
    ],
)
def test_a_refused_note_comes_back_filled_in_with_the_message(
    client: FlaskClient, actief: Casus, veld: str, waarde: str, melding: str
) -> None:
    data = {
        "notitie-token": "t",
        "notitie-soort": "notitie",
        "notitie-datum": "2025-06-01",
        "notitie-tekst": "<b>blijft staan</b>",
    }
    data[veld] = waarde
    antwoord = client.post(f"/casus/{actief.id}/notitie", data=data)
    tekst = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 422
    assert melding in tekst
    if veld != "notitie-tekst":
        assert "&lt;b&gt;blijft staan&lt;/b&gt;</textarea>" in tekst
    assert 'aria-invalid="true"' in tekst
    assert aantal(Notitie) == 0


def test_an_intervention_is_saved_and_refused_with_an_end_before_its_start(
    client: FlaskClient, actief: Casus
) -> None:
    basis = {
        "interventie-token": "i1",
        "interventie-type": "gebiedsverbod",
        "interventie-datum": "2025-05-01",
        "interventie-tekst": "wijk centrum",
    }
    fout = client.post(
        f"/casus/{actief.id}/interventie", data={**basis, "interventie-einddatum": "2025-04-01"}
    )
    assert fout.status_code == 422
    assert "De einddatum ligt vóór de begindatum." in fout.get_data(as_text=True)
    onbekend = client.post(
        f"/casus/{actief.id}/interventie", data={**basis, "interventie-type": "opsluiten"}
    )
    assert onbekend.status_code == 422
    assert client.post(f"/casus/{actief.id}/interventie", data=basis).status_code == 302
    interventie = db.session.scalars(select(Interventie)).one()
    assert (interventie.type, interventie.datum, interventie.einddatum) == (
        "gebiedsverbod",
        date(2025, 5, 1),
        None,
    )


def test_the_intervention_types_are_grouped_by_domain(client: FlaskClient, actief: Casus) -> None:
    tekst = client.get(f"/casus/{actief.id}").get_data(as_text=True)
    for domein in ("Strafrecht", "Bestuursrecht", "Zorg", "Onderwijs", "Werk en inkomen"):
        assert f'<optgroup label="{domein}">' in tekst


def test_a_police_contact_is_recorded_on_the_person(client: FlaskClient, actief: Casus) -> None:
    antwoord = client.post(
        f"/casus/{actief.id}/politiecontact",
        data={
            "politiecontact-token": "p1",
            "politiecontact-soort": "justitie",
            "politiecontact-datum": "2025-05-20",
        },
    )
    assert antwoord.status_code == 302
    contact = db.session.scalars(select(PolitieContact)).one()
    assert (contact.persoon_id, contact.casus_id, contact.soort) == (
        actief.persoon_id,
        actief.id,
        "justitie",
    )
    assert "Negatief justitiecontact" in client.get(f"/casus/{actief.id}").get_data(as_text=True)


def test_leefgebieden_show_the_change_since_the_first_assessment(
    client: FlaskClient, actief: Casus
) -> None:
    def score(token: str, datum: str, dagbesteding: str, financien: str) -> Any:
        return client.post(
            f"/casus/{actief.id}/leefgebieden",
            data={
                "leefgebieden-token": token,
                "leefgebieden-datum": datum,
                "leefgebieden-dagbesteding": dagbesteding,
                "leefgebieden-financien": financien,
            },
        )

    assert score("l1", "2025-02-01", "2", "4").status_code == 302
    assert score("l2", "2025-05-01", "4", "3").status_code == 302
    assert score("l3", "2025-05-02", "6", "3").status_code == 422
    assert score("l4", "2025-05-02", "", "").status_code == 422
    assert aantal(Leefgebiedenscore) == 2
    tekst = client.get(f"/casus/{actief.id}").get_data(as_text=True)
    # dagbesteding 2 -> 4 is +2, financien 4 -> 3 is -1
    assert '<span class="vooruit">+2</span>' in tekst
    assert '<span class="achteruit">-1</span>' in tekst


def test_kenmerken_are_saved_with_allowed_values_only(client: FlaskClient, actief: Casus) -> None:
    versie = str(actief.versie)
    fout = client.post(
        f"/casus/{actief.id}/kenmerken",
        data={"kenmerken-token": "k0", "kenmerken-versie": versie, "kenmerken-wijk": "Atlantis"},
    )
    assert fout.status_code == 422
    goed = client.post(
        f"/casus/{actief.id}/kenmerken",
        data={"kenmerken-token": "k1", "kenmerken-versie": versie, "kenmerken-wijk": "Meerzicht"},
    )
    assert goed.status_code == 302
    db.session.expire_all()
    assert db.session.get(Casus, actief.id).kenmerken == {"wijk": "Meerzicht"}


def test_a_stale_kenmerken_form_is_refused_and_overwrites_nothing(
    client: FlaskClient, actief: Casus
) -> None:
    oude_versie = str(actief.versie)
    assert (
        client.post(
            f"/casus/{actief.id}/kenmerken",
            data={
                "kenmerken-token": "k1",
                "kenmerken-versie": oude_versie,
                "kenmerken-wijk": "Meerzicht",
            },
        ).status_code
        == 302
    )
    laat = client.post(
        f"/casus/{actief.id}/kenmerken",
        data={"kenmerken-token": "k2", "kenmerken-versie": oude_versie, "kenmerken-wijk": "Dorp"},
    )
    assert laat.status_code == 422
    assert "door iemand anders gewijzigd" in laat.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Casus, actief.id).kenmerken == {"wijk": "Meerzicht"}


def test_the_status_forms_offer_what_the_user_may_do_now(
    client: FlaskClient, actief: Casus
) -> None:
    # the case page links to the status step, which lists the moves
    assert f'href="/casus/{actief.id}/status"' in client.get(f"/casus/{actief.id}").get_data(
        as_text=True
    )
    tekst = client.get(f"/casus/{actief.id}/status").get_data(as_text=True)
    for label in ("In de wacht zetten", "Succesvol afsluiten", "Overdragen"):
        assert f">{label}</a>" in tekst
    assert ">Opnemen</a>" not in tekst  # triage only, and not from actief
    # the chosen move: the guard for doelen_behaald explains what is missing (no
    # assessments yet)
    tekst = client.get(f"/casus/{actief.id}/status/afsluiten_succesvol").get_data(as_text=True)
    assert "Met reden ‘Doelen behaald’ nu niet mogelijk" in tekst  # noqa: RUF001 - the page's quotes
    assert "nog geen vooruitgang op een leefgebied" in tekst


def test_pauzeren_needs_a_reason_and_then_changes_the_status(
    client: FlaskClient, actief: Casus
) -> None:
    basis = {
        "pauzeren-token": "s1",
        "pauzeren-versie": str(actief.versie),
        "pauzeren-datum": "2025-06-01",
    }
    zonder = client.post(f"/casus/{actief.id}/status/pauzeren", data=basis)
    assert zonder.status_code == 422
    assert "Kies een reden" in zonder.get_data(as_text=True)
    met = client.post(
        f"/casus/{actief.id}/status/pauzeren", data={**basis, "pauzeren-reden": "detentie"}
    )
    assert met.status_code == 302
    db.session.expire_all()
    casus = db.session.get(Casus, actief.id)
    assert (casus.status, casus.status_sinds) == ("in_de_wacht", date(2025, 6, 1))


def test_a_refused_guard_says_in_dutch_what_is_missing(client: FlaskClient, actief: Casus) -> None:
    antwoord = client.post(
        f"/casus/{actief.id}/status/afsluiten_succesvol",
        data={
            "afsluiten_succesvol-token": "s2",
            "afsluiten_succesvol-versie": str(actief.versie),
            "afsluiten_succesvol-datum": "2025-06-01",
            "afsluiten_succesvol-reden": "interventies_uitgeput",
        },
    )
    assert antwoord.status_code == 422
    assert "nog geen interventie geregistreerd" in antwoord.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Casus, actief.id).status == "actief"


def test_a_stale_status_form_is_refused(client: FlaskClient, actief: Casus, ik: Any) -> None:
    oud = str(actief.versie)
    pas_transitie_toe(
        actief, "pauzeren", datum=VANDAAG - timedelta(days=1), actor=ik, reden="detentie"
    )
    db.session.commit()
    antwoord = client.post(
        f"/casus/{actief.id}/status/afsluiten_niet_succesvol",
        data={
            "afsluiten_niet_succesvol-token": "s3",
            "afsluiten_niet_succesvol-versie": oud,
            "afsluiten_niet_succesvol-datum": "2025-06-01",
            "afsluiten_niet_succesvol-reden": "recidive",
        },
    )
    assert antwoord.status_code == 422
    assert "door iemand anders gewijzigd" in antwoord.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Casus, actief.id).status == "in_de_wacht"


def test_a_move_the_user_may_not_make_is_refused(client: FlaskClient, actief: Casus) -> None:
    antwoord = client.post(
        f"/casus/{actief.id}/status/triageren",
        data={
            "triageren-token": "s4",
            "triageren-versie": str(actief.versie),
            "triageren-datum": "2025-06-01",
        },
    )
    assert antwoord.status_code == 422
    assert "niet mogelijk" in antwoord.get_data(as_text=True)


def test_the_timeline_is_newest_first_and_strikes_through_voided_changes(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    from casus.casussen.services import corrigeer

    triage = maak_gebruiker_("triage:pga_jeugd")
    casus = maak_casus("pga_jeugd", "in_de_wacht")
    corrigeer(casus, actor=triage, reden="verkeerde knop")
    db.session.add(Notitie(casus=casus, soort="notitie", datum=date(2025, 3, 1), tekst="maart"))
    db.session.add(Notitie(casus=casus, soort="notitie", datum=date(2025, 4, 1), tekst="april"))
    db.session.commit()
    login(client, triage)
    tekst = client.get(f"/casus/{casus.id}").get_data(as_text=True)
    assert tekst.index("april") < tekst.index("maart")
    assert "tijdlijn__regel--vervallen" in tekst
    assert "<del>pauzeren" in tekst
    assert "Correctie: status terug naar Actief" in tekst


def test_a_colleague_in_the_team_sees_the_case_but_no_forms(
    client: FlaskClient, actief: Casus, maak_gebruiker_: Any
) -> None:
    collega = maak_gebruiker_("regisseur:pga_jeugd")
    db.session.commit()
    client.post("/uitloggen")
    login(client, collega)
    tekst = client.get(f"/casus/{actief.id}").get_data(as_text=True)
    assert actief.ref in tekst
    assert "Vastleggen</h2>" not in tekst
    antwoord = client.post(
        f"/casus/{actief.id}/notitie",
        data={
            "notitie-token": "c1",
            "notitie-soort": "notitie",
            "notitie-datum": "2025-06-01",
            "notitie-tekst": "mag niet",
        },
    )
    assert antwoord.status_code == 403
    assert aantal(Notitie) == 0
