"""End-to-end journeys through the real pages, as the people who use them would click.

Each test starts from an empty database with a small team (``team``), builds what it
needs through the services, and checks both what the page says and what was stored.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import func, select

from casus.auth.models import Gebruiker
from casus.casussen.casuswerk import voeg_notitie_toe
from casus.casussen.models import Casus, Interventie, Leefgebiedenscore, Notitie
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.extensions import db
from casus.klok import vandaag
from casus.personen.models import Persoon
from casus.rapportage.periode import laatste_halfjaar
from casus.toegang.actor import IMPORT
from casus.triage.models import AgendaPunt
from tests.hulp.browser import LAPTOP, SMAL, NieuweContext, Server, expect, log_in, vers
from tests.hulp.fabrieken import WACHTWOORD, gebruiker, persoon

pytestmark = pytest.mark.usefixtures("leeg")


@dataclass(frozen=True)
class Team:
    regisseur: Gebruiker  # PGA Jeugd
    triage: Gebruiker  # weeg- en triageoverleg PGA Jeugd
    manager: Gebruiker
    rio: Gebruiker  # regisseur of another aanpak only


@pytest.fixture
def team(leeg: Flask) -> Team:
    team = Team(
        regisseur=gebruiker("jdevries", "regisseur:pga_jeugd", naam="Jeroen de Vries"),
        triage=gebruiker("imulder", "triage:pga_jeugd", naam="Ingrid Mulder"),
        manager=gebruiker("pvandijk", "manager", naam="Peter van Dijk"),
        rio=gebruiker("kbakker", "regisseur:rio", naam="Kees Bakker"),
    )
    db.session.commit()
    return team


def casus_van(
    regisseur: Gebruiker,
    *,
    status: str = "getriaged",
    naam: tuple[str, str] = ("Daan", "Visser"),
    aangemeld_op: date | None = None,
) -> Casus:
    """A PGA Jeugd case for a new person, taken in with ``regisseur`` (and started)."""
    aangemeld_op = aangemeld_op or vandaag() - timedelta(days=30)
    casus = meld_aan(
        "pga_jeugd",
        aangemeld_op=aangemeld_op,
        persoon=persoon(*naam, date(2008, 5, 17)),
        aanmeldreden="Structurele overlast in het winkelcentrum.",
        actor=IMPORT,
    )
    pas_transitie_toe(
        casus,
        "triageren",
        datum=aangemeld_op + timedelta(days=7),
        actor=IMPORT,
        regisseur=regisseur,
        historisch=True,
    )
    if status == "actief":
        pas_transitie_toe(
            casus, "starten", datum=aangemeld_op + timedelta(days=8), actor=IMPORT, historisch=True
        )
    db.session.commit()
    return casus


# -- 1. aanmelding ---------------------------------------------------------------------


def test_regisseur_registers_aanmelding_for_a_new_person(page: Any, team: Team) -> None:
    log_in(page, "jdevries")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Nieuwe aanmelding"
    ).click()
    # a member of one aanpak goes straight to its form
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe aanmelding PGA Jeugd")
    page.get_by_label("Voornaam").fill("Noah")
    page.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("Geboortedatum", exact=True).fill("2008-03-14")
    page.get_by_label("Wijk").select_option("Palenstein")
    page.get_by_label("Reden van aanmelding").fill("Betrokken bij een steekincident.")
    page.get_by_role("button", name="Aanmelding registreren").click()

    expect(page.get_by_role("status")).to_contain_text(
        "geregistreerd; de casus staat in de triagewachtrij"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noah Bakker")
    vers()
    casus = db.session.scalars(select(Casus)).one()
    assert (casus.aanpak, casus.status) == ("pga_jeugd", "aangemeld")
    assert casus.persoon is not None
    assert (casus.persoon.volledige_naam, casus.persoon.geboortedatum) == (
        "Noah Bakker",
        date(2008, 3, 14),
    )
    assert casus.kenmerken["wijk"] == "Palenstein"
    assert page.url.endswith(f"/casus/{casus.id}"), page.url


def test_regisseur_sees_duplicate_warning_and_chooses_the_existing_person(
    page: Any, team: Team
) -> None:
    bekend = persoon("Sem", "Jansen", date(2007, 4, 12))
    meld_aan("rio", aangemeld_op=vandaag() - timedelta(days=60), persoon=bekend, actor=IMPORT)
    db.session.commit()

    log_in(page, "jdevries")
    page.goto("/aanmelding/pga_jeugd")
    page.get_by_label("Voornaam").fill("sem")
    page.get_by_label("Achternaam").fill("Jansen")
    page.get_by_label("Geboortedatum", exact=True).fill("2007-04-12")
    page.get_by_label("Reden van aanmelding").fill("Wapenbezit op school.")
    with page.expect_response(lambda r: r.request.method == "POST") as antwoord:
        page.get_by_role("button", name="Aanmelding registreren").click()
    assert antwoord.value.status == 422

    waarschuwing = page.get_by_role("alert").filter(has_text="Mogelijk al bekend")
    # known in RIO only: confirmed as an exact match, showing only what was typed
    expect(waarschuwing).to_contain_text(
        "sem Jansen, geboren 12-04-2007 (bekend bij een ander team)"
    )
    # the confirmation box is marked and points at the message, for screen readers
    bevestig = page.get_by_label("Dit is een andere persoon dan de gevonden personen")
    expect(bevestig).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{bevestig.get_attribute('aria-describedby')}")).to_contain_text(
        "Deze persoon lijkt al bekend."
    )
    vers()
    assert db.session.scalar(select(func.count()).select_from(Persoon)) == 1
    assert db.session.scalar(select(func.count()).select_from(Casus)) == 1

    waarschuwing.get_by_role("link", name="kies deze persoon").click()
    expect(page.locator("p.melding")).to_contain_text("Persoon: sem Jansen, geboren 12-04-2007")
    page.get_by_label("Reden van aanmelding").fill("Wapenbezit op school.")
    page.get_by_role("button", name="Aanmelding registreren").click()
    expect(page.get_by_role("status")).to_contain_text("geregistreerd")

    vers()
    assert db.session.scalar(select(func.count()).select_from(Persoon)) == 1
    nieuw = db.session.scalars(select(Casus).where(Casus.aanpak == "pga_jeugd")).one()
    assert nieuw.persoon_id == bekend.id


# -- 2. triage -------------------------------------------------------------------------


def test_triage_opens_overleg_takes_case_in_and_assigns_regisseur(page: Any, team: Team) -> None:
    casus = meld_aan(
        "pga_jeugd",
        aangemeld_op=vandaag() - timedelta(days=3),
        persoon=persoon("Lisa", "de Boer", date(2009, 1, 23)),
        aanmeldreden="Overlast en bedreiging van buurtbewoners.",
        actor=IMPORT,
    )
    db.session.commit()
    ref = casus.ref

    log_in(page, "imulder")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Triage").click()
    expect(page.get_by_role("row").filter(has_text="Lisa de Boer")).to_contain_text(ref)  # queue
    page.goto("/triage/overleggen")
    page.get_by_role("link", name="Nieuw overleg").click()
    page.get_by_label("Jeroen de Vries").check()
    page.get_by_role("button", name="Overleg aanmaken").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Triageoverleg")
    agenda = page.get_by_role("table", name="Agenda van het overleg")
    expect(agenda).to_contain_text("Lisa de Boer")
    page.get_by_role("link", name="Vergadermodus starten").click()
    expect(page.get_by_text("Punt 1 van 1")).to_be_visible()
    opnemen = page.locator("form.besluit").filter(
        has=page.get_by_role("heading", name="Opnemen", exact=True)
    )
    opnemen.get_by_label("Regisseur").select_option(label="Jeroen de Vries")
    opnemen.get_by_role("button", name="Opnemen").click()

    expect(page.get_by_role("status")).to_contain_text(f"Besluit over {ref} vastgelegd.")
    # meeting mode moves on; after the last item it says the agenda is done
    expect(page.get_by_text("de agenda is afgerond, over elk punt is besloten")).to_be_visible()
    vers()
    casus = db.session.get(Casus, casus.id)
    assert casus is not None
    assert casus.status == "getriaged"
    assert casus.regisseur_id == team.regisseur.id
    punt = db.session.scalars(select(AgendaPunt).where(AgendaPunt.casus_id == casus.id)).one()
    assert punt.besluit == "opnemen"


# -- 3. casework -------------------------------------------------------------------------


def test_regisseur_starts_case_records_work_and_closes_it_successfully(
    page: Any, team: Team
) -> None:
    casus = casus_van(team.regisseur)
    casus_id = casus.id

    log_in(page, "jdevries")
    page.get_by_role("row").filter(has_text="Daan Visser").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Daan Visser")

    page.get_by_role("link", name="Status wijzigen").first.click()
    page.get_by_role("link", name="Starten").click()
    page.get_by_role("button", name="Casus starten").click()
    expect(page.get_by_role("status")).to_contain_text("De status is nu 'Actief'.")

    notitie = page.get_by_role("form", name="Notitie of contactmoment")
    notitie.get_by_label("Vorm van contact").select_option(label="Huisbezoek")
    notitie.get_by_label("Tekst").fill("Kennismaking thuis met Daan en zijn moeder.")
    notitie.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("vastgelegd")

    page.locator("summary", has_text="Interventie").click()  # its section opens
    interventie = page.get_by_role("form", name="Interventie")
    interventie.get_by_label("Interventie", exact=True).select_option(label="Coaching")
    interventie.get_by_label("Toelichting").fill("Coach via het jongerenwerk.")
    interventie.get_by_role("button", name="Interventie vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Interventie 'Coaching' vastgelegd.")

    page.locator("summary", has_text="Leefgebieden scoren").click()
    scores = page.get_by_role("form", name="Leefgebieden scoren")
    scores.get_by_label("Dagbesteding").select_option("2")
    scores.get_by_label("Thuissituatie").select_option("3")
    scores.get_by_role("button", name="Scores vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Leefgebiedenscore vastgelegd.")
    expect(page.get_by_role("table", name="Scores per leefgebied")).to_contain_text("Dagbesteding")

    tijdlijn = page.locator("ol.tijdlijn")
    expect(tijdlijn).to_contain_text("Kennismaking thuis met Daan en zijn moeder.")
    expect(tijdlijn).to_contain_text("Coaching")

    page.get_by_role("link", name="Status wijzigen").first.click()
    page.get_by_role("link", name="Succesvol afsluiten", exact=True).click()
    page.get_by_label("Reden").select_option(label="Interventies uitgeput")
    page.get_by_label("Toelichting").fill("Alle passende interventies zijn ingezet.")
    page.get_by_role("button", name="Casus succesvol afsluiten").click()
    expect(page.get_by_role("status")).to_contain_text("De status is nu 'Succesvol afgesloten'.")

    vers()
    casus = db.session.get(Casus, casus_id)
    assert casus is not None
    assert casus.status == "succesvol_afgesloten"
    assert casus.afgesloten_op == vandaag()
    for model in (Notitie, Interventie, Leefgebiedenscore):
        assert (
            db.session.scalar(
                select(func.count()).select_from(model).where(model.casus_id == casus_id)
            )
            == 1
        ), model
    # nothing left to change on a closed case
    expect(page.get_by_role("link", name="Status wijzigen")).to_have_count(0)


# -- 4. rapportage -----------------------------------------------------------------------


def test_manager_sees_case_counted_in_rapportage_and_downloads_xlsx(
    page: Any, team: Team, tmp_path: Path
) -> None:
    periode = laatste_halfjaar(vandaag())  # what the page shows first
    casus = casus_van(team.regisseur, status="actief", aangemeld_op=periode.van + timedelta(10))
    pas_transitie_toe(
        casus,
        "afsluiten_succesvol",
        datum=periode.van + timedelta(days=40),
        actor=IMPORT,
        reden="interventies_uitgeput",
        historisch=True,
    )
    db.session.commit()

    log_in(page, "pvandijk")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportage").click()
    helft = "eerste" if periode.van.month == 1 else "tweede"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Rapportage {helft} halfjaar {periode.van.year}"
    )
    pga = page.locator("section.aanpak").filter(
        has=page.get_by_role("heading", name="PGA Jeugd", exact=True)
    )
    for kengetal in ("Nieuw opgenomen", "Afgesloten", "Positief afgesloten"):
        rij = pga.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=kengetal, exact=True)
        )
        expect(rij.get_by_role("cell").first).to_have_text("1")
    # a manager never sees personal data
    expect(page.get_by_text("Daan Visser")).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    pad = tmp_path / download.value.suggested_filename
    download.value.save_as(pad)
    assert pad.name == f"rapportage-{periode.label}.xlsx"
    blad = load_workbook(io.BytesIO(pad.read_bytes()), read_only=True)["Aanpakken"]
    rijen = {(r[0], r[1]): r[2] for r in blad.iter_rows(min_row=3, values_only=True)}
    assert rijen[("PGA Jeugd", "Positief afgesloten")] == 1
    assert rijen[("PGA Jeugd", "Afgesloten")] == 1
    assert rijen[("RIO", "Afgesloten")] == 0


# -- 5. need to know ---------------------------------------------------------------------


def test_user_of_another_aanpak_gets_niet_gevonden_for_the_case_url(
    nieuwe_context: NieuweContext, server: Server, team: Team
) -> None:
    casus = casus_van(team.regisseur, status="actief")
    pad = f"/casus/{casus.id}"

    eigen = nieuwe_context(server, "jdevries").new_page()
    assert eigen.goto(pad).status == 200  # the URL is right: its own regisseur sees it
    expect(eigen.get_by_role("heading", level=1)).to_contain_text("Daan Visser")

    ander = nieuwe_context(server, "kbakker").new_page()
    antwoord = ander.goto(pad)
    assert antwoord.status == 404
    expect(ander.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    expect(ander.get_by_text("bestaat niet, of u hebt er geen toegang toe")).to_be_visible()
    inhoud = ander.content()
    assert "Visser" not in inhoud
    assert casus.ref not in inhoud
    assert ander.goto(f"/triage/casussen/{casus.id}").status == 404


# -- 6. log-in throttling ----------------------------------------------------------------


def test_login_is_locked_after_too_many_wrong_passwords(page: Any, team: Team) -> None:
    fout = page.get_by_text("Gebruikersnaam of wachtwoord is onjuist.")

    def probeer(wachtwoord: str) -> None:
        page.get_by_label("Gebruikersnaam").fill("jdevries")
        page.get_by_label("Wachtwoord").fill(wachtwoord)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()

    page.goto("/inloggen")
    # the server runs in this process: moving the clock skips the growing delays
    with time_machine.travel(datetime.now(UTC), tick=False) as klok:
        for _ in range(5):
            probeer("fout-wachtwoord")
            expect(fout).to_be_visible()
        probeer(WACHTWOORD)  # too soon after the fifth failure, even with the right password
        expect(page.get_by_text("Te veel mislukte pogingen. Wacht")).to_be_visible()
        for n in range(5, 10):
            klok.shift(timedelta(seconds=2 ** (n - 5) + 1))
            probeer("fout-wachtwoord")
            expect(fout).to_be_visible()
        klok.shift(timedelta(seconds=60))
        probeer(WACHTWOORD)

    melding = (
        "Dit account is na te veel mislukte pogingen 15 minuten geblokkeerd. "
        "Probeer het later opnieuw of neem contact op met functioneel beheer."
    )
    expect(page.get_by_text(melding)).to_be_visible()
    expect(page.get_by_label("Wachtwoord")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    assert page.url.endswith("/inloggen")


# -- 7. log-out ----------------------------------------------------------------------------


def test_back_after_logout_shows_no_personal_data(page: Any, team: Team) -> None:
    casus = casus_van(team.regisseur, status="actief")
    log_in(page, "jdevries")
    page.goto(f"/casus/{casus.id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Daan Visser")

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("status")).to_have_text("U bent uitgelogd.")
    page.go_back(wait_until="commit")  # a page from the back/forward cache fires no load

    # the case page is fetched again (no-store), and the server sends the log-in page
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert "/inloggen" in page.url
    inhoud = page.content()
    for persoonsgegeven in ("Daan", "Visser", casus.ref, "17-05-2008", "winkelcentrum"):
        assert persoonsgegeven not in inhoud


# -- 7. long text stays inside the page ------------------------------------------------


@pytest.mark.parametrize("breedte", [LAPTOP, SMAL], ids=["1366", "390"])
def test_a_note_with_one_very_long_word_does_not_widen_the_case_page(
    nieuwe_context: NieuweContext, server: Server, team: Team, breedte: dict[str, int]
) -> None:
    casus = casus_van(team.regisseur, status="actief")
    woord = "overlastmeldingen" * 300  # 5,100 characters without a space, as pasted
    voeg_notitie_toe(
        casus,
        actor=IMPORT,
        soort="notitie",
        datum=vandaag(),
        tekst=f"Gesprek gevoerd. {woord} Einde.",
    )
    db.session.commit()

    pagina = nieuwe_context(server, "jdevries", viewport=breedte).new_page()
    assert pagina.goto(f"/casus/{casus.id}").status == 200
    tekst = pagina.get_by_text("Gesprek gevoerd.", exact=False)
    expect(tekst).to_be_visible()
    breedtes = pagina.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert breedtes[0] <= breedtes[1], f"pagina {breedtes[0]} px breed in {breedtes[1]} px"
    vak = tekst.bounding_box()
    assert vak is not None
    assert vak["x"] + vak["width"] <= breedte["width"]
