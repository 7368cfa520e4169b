"""What cannot be undone asks first and says what will happen: turning a signal into an
aanmelding goes through a check page, and vaststellen of the report through a preview
of the figures with a box to tick. Showing either page, or cancelling, changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.casussen.models import Casus
from casus.extensions import db
from casus.rapportage.models import Vaststelling
from casus.signalen.models import Signaal
from tests.hulp import fabrieken
from tests.hulp.client import login
from tests.hulp.databaseinhoud import aantal
from tests.hulp.formulieren import formulier, formulieren

pytestmark = pytest.mark.klok(date(2025, 9, 1))


@pytest.fixture
def teamlid(app: Flask, client: FlaskClient, maak_gebruiker_: Any) -> FlaskClient:
    g = maak_gebruiker_("triage:ondermijning")
    db.session.commit()
    login(client, g)
    return client


def test_the_signal_page_has_no_one_click_conversion(
    teamlid: FlaskClient, maak_gebruiker_: Any
) -> None:
    signaal = fabrieken.signaal()
    tekst = teamlid.get(f"/signalen/{signaal.id}").get_data(as_text=True)
    adres = f"/signalen/{signaal.id}/omzetten"
    assert not [f for f in formulieren(tekst) if f.actie == adres]
    assert f'href="{adres}"' in tekst  # a link to the form, which checks first


def test_converting_a_signal_shows_what_will_happen_before_it_happens(
    teamlid: FlaskClient,
) -> None:
    signaal = fabrieken.signaal(betreft_naam="Kapsalon Knip", betreft_adres="Markt 1")
    adres = f"/signalen/{signaal.id}/omzetten"

    pagina = teamlid.get(adres).get_data(as_text=True)
    assert "Dit kan niet ongedaan worden gemaakt." in pagina
    assert (aantal(Casus), signaal.status) == (0, "open")

    stap1 = formulier(pagina, adres, stap="controleren")
    data = stap1.gegevens(
        voornaam="Sara", achternaam="Smit", geboortedatum="2001-04-05", wijk="Dorp"
    )
    controle = teamlid.post(adres, data=data)
    tekst = controle.get_data(as_text=True)
    assert controle.status_code == 200
    # what will happen, in the user's words, with the data typed in
    assert "nieuwe aanmelding gemaakt in <strong>Ondermijning</strong>" in tekst
    assert "voor <strong>Sara Smit, geboren 5 april 2001</strong>" in tekst
    assert "Gekoppeld aan casus" in tekst
    assert "Dit kan niet ongedaan worden gemaakt." in tekst
    assert aantal(Casus) == 0
    db.session.refresh(signaal)
    assert signaal.status == "open"

    # "Gegevens wijzigen": back to the form, filled in, nothing done
    bevestig = formulier(tekst, adres, stap="bevestigen")
    wijzig = teamlid.post(adres, data=bevestig.gegevens(wijzigen="ja")).get_data(as_text=True)
    assert 'value="Sara"' in wijzig
    assert 'value="Smit"' in wijzig
    assert formulier(wijzig, adres, stap="controleren")
    assert aantal(Casus) == 0

    # "Annuleren" is a link back to the signal: nothing changes
    assert f'<a href="/signalen/{signaal.id}">Annuleren</a>' in tekst

    antwoord = teamlid.post(adres, data=bevestig.gegevens())
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].endswith(f"/signalen/{signaal.id}")
    db.session.refresh(signaal)
    [casus] = db.session.scalars(select(Casus)).all()
    assert (signaal.status, signaal.casus_id, signaal.omgezet) == ("gekoppeld", casus.id, True)
    assert (casus.aanpak, casus.persoon.voornaam, casus.persoon.achternaam) == (
        "ondermijning",
        "Sara",
        "Smit",
    )
    assert casus.kenmerken["wijk"] == "Dorp"


def test_the_check_page_refuses_what_the_conversion_would_refuse(
    app: Flask, client: FlaskClient, maak_gebruiker_: Any
) -> None:
    signaal = fabrieken.signaal("pga_r", ontvangen_op=date(2025, 3, 1))
    login(client, maak_gebruiker_("triage:pga_r"))
    adres = f"/signalen/{signaal.id}/omzetten"
    stap1 = formulier(client.get(adres).get_data(as_text=True), adres, stap="controleren")

    zonder = client.post(adres, data=stap1.gegevens()).get_data(as_text=True)
    assert "Een aanmelding voor PGA-R betreft altijd een persoon." in zonder
    assert not [
        f for f in formulieren(zonder) if f.veld("stap") and f.veld("stap").waarde == "bevestigen"
    ]

    half = client.post(adres, data=stap1.gegevens(voornaam="Sara")).get_data(as_text=True)
    assert "Vul zowel de voornaam als de achternaam van de persoon in." in half
    assert 'value="Sara"' in half  # what was typed stays
    assert aantal(Casus) == 0
    db.session.refresh(signaal)
    assert signaal.status == "open"


def test_cancelling_from_the_overleg_goes_back_to_the_overleg(teamlid: FlaskClient) -> None:
    signaal = fabrieken.signaal(ontvangen_op=date(2025, 8, 20))
    overleg = teamlid.get("/signalen/overleg").get_data(as_text=True)
    assert f'href="/signalen/{signaal.id}/omzetten?terug=/signalen/overleg"' in overleg
    pagina = teamlid.get(f"/signalen/{signaal.id}/omzetten?terug=/signalen/overleg")
    assert '<a href="/signalen/overleg">Annuleren</a>' in pagina.get_data(as_text=True)
    assert teamlid.get("/signalen/overleg").status_code == 200
    assert aantal(Casus) == 0
    assert db.session.get(Signaal, signaal.id).status == "open"  # type: ignore[union-attr]


# -- vaststellen of the report ------------------------------------------------------


@pytest.fixture
def manager(client: FlaskClient, maak_gebruiker_: Any) -> FlaskClient:
    g = maak_gebruiker_("manager")
    db.session.commit()
    login(client, g)
    return client


def test_the_report_page_offers_downloads_first_and_no_one_click_vaststellen(
    manager: FlaskClient,
) -> None:
    tekst = manager.get("/rapportage/?periode=2025-H1").get_data(as_text=True)
    assert not [f for f in formulieren(tekst) if f.actie == "/rapportage/vaststellen"]
    assert 'class="knop knop--primair" href="/rapportage/download.xlsx?periode=2025-H1"' in tekst
    assert 'href="/rapportage/vaststellen?periode=2025-H1"' in tekst


def test_vaststellen_shows_the_figures_and_asks_for_the_box(
    manager: FlaskClient, maak_casus: Any
) -> None:
    maak_casus("ipta", "actief")  # aangemeld 06-01-2025: one new case in IPTA in 2025-H1
    db.session.commit()
    voorbeeld = manager.get("/rapportage/vaststellen?periode=2025-H1")
    tekst = voorbeeld.get_data(as_text=True)
    assert voorbeeld.status_code == 200
    assert "1 januari 2025 tot en met 30 juni 2025" in tekst
    assert "latere wijzigingen of correcties in de gegevens veranderen" in tekst.lower()
    assert "<h2>Per aanpak</h2>" in tekst  # the report as rendered
    assert aantal(Vaststelling) == 0

    form = formulier(tekst, "/rapportage/vaststellen")
    assert form.veld("bevestigd") is not None
    assert not form.veld("bevestigd").aangevinkt
    zonder_vinkje = manager.post(form.actie, data=form.gegevens())
    assert zonder_vinkje.status_code == 200
    geweigerd = zonder_vinkje.get_data(as_text=True)
    assert "Vink aan dat u deze cijfers wilt vaststellen." in geweigerd
    # the summary links the checkbox by its error alone (its label is a whole sentence)
    assert '<a href="#bevestigd">Vink aan dat u deze cijfers wilt vaststellen.</a>' in geweigerd
    assert aantal(Vaststelling) == 0

    antwoord = manager.post(form.actie, data=form.gegevens(bevestigd="y"))
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].endswith("/rapportage/?periode=2025-H1")
    [vastgesteld] = db.session.scalars(select(Vaststelling)).all()
    assert (vastgesteld.van, vastgesteld.tot_en_met) == (date(2025, 1, 1), date(2025, 6, 30))
    assert vastgesteld.cijfers["aanpakken"]["ipta"]["nieuw"] == 1

    # frozen: the preview is no longer offered
    weer = manager.get("/rapportage/vaststellen?periode=2025-H1", follow_redirects=True)
    assert "Het rapport over deze periode is al vastgesteld." in weer.get_data(as_text=True)
    assert aantal(Vaststelling) == 1


def test_a_running_period_has_no_preview(manager: FlaskClient) -> None:
    antwoord = manager.get("/rapportage/vaststellen?periode=2025-H2")
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].endswith("/rapportage/?periode=2025-H2")
    assert aantal(Vaststelling) == 0


def test_cancelling_vaststellen_goes_back_to_the_report(manager: FlaskClient) -> None:
    tekst = manager.get("/rapportage/vaststellen?periode=2025-Q1").get_data(as_text=True)
    assert '<a href="/rapportage/?periode=2025-Q1">Annuleren</a>' in tekst
    assert manager.get("/rapportage/?periode=2025-Q1").status_code == 200
    assert aantal(Vaststelling) == 0
