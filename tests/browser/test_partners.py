"""The casusoverleg met partners (issue 22) in Chromium at 1366 and 390 px.

A chair (triage PGA Jeugd) plans a meeting of the Zorg- en Veiligheidshuis, invites a
police officer, puts a case on the agenda with two of its items (personalia and the
course of the case, not the aanleiding), confirms it, sends the agenda and records an
action for the police. The officer logs in with password and a TOTP code from the
authenticator secret, finds the meeting on the start page, sees the name and the
course of the case but not the aanleiding (neither its heading nor its text), and
reports back on the action. The regisseur then finds the report in the case's timeline
and in its section "Gedeeld met partners". axe finds nothing on the chair's agenda page,
the partner's meeting page and the case page. Both widths on SQLite, the laptop on
PostgreSQL too. Screenshots: partneroverleg-<width>.png (the chair's agenda page),
partner-overleg-<width>.png (the partner's meeting page) and
partner-terugmelding-casus-<width>.png (the case page with the report).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pyotp
import pytest

from casus.auth import mfa
from casus.extensions import db
from casus.klok import vandaag
from casus.partners.models import Partnerorganisatie, Samenwerkingsverband
from tests.hulp import fabrieken
from tests.hulp.browser import (
    AXE,
    LAPTOP,
    SCREENSHOTS,
    SMAL,
    NieuweContext,
    Server,
    axe_overtredingen,
    beschrijf,
    expect,
)

# both widths on SQLite, and the laptop on PostgreSQL (the window is compared in SQL)
GEVALLEN = [
    pytest.param("sqlite", LAPTOP, id="sqlite-1366"),
    pytest.param("sqlite", SMAL, id="sqlite-390"),
    pytest.param("postgresql", LAPTOP, id="postgresql-1366"),
]
GEHEIM = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the officer's authenticator secret
VERBAND = "Zorg- en Veiligheidshuis Haaglanden"
POLITIE = "Politie Eenheid Den Haag"
AANLEIDING = "Spijbelt al maanden en is betrokken geraakt bij een vechtpartij op het plein."
DOEL = "Samen een plan van aanpak maken voor de besproken jongeren."
AFSPRAAK = "De wijkagent bezoekt het gezin samen met de regisseur."
TERUGMELDING = "Huisbezoek afgelegd met de regisseur; het gezin werkt mee."
PERSONALIA = "Personalia (naam, geboortedatum, wijk)"
VERLOOP = "Aanpak, status en regisseur"


@dataclass(frozen=True)
class Wereld:
    casus_id: int
    ref: str


@pytest.fixture
def dbserver(request: pytest.FixtureRequest) -> Server:
    """The server on the test's database (emptied after the test)."""
    if request.param == "sqlite":
        request.getfixturevalue("leeg")
        server: Server = request.getfixturevalue("server")
    else:
        request.getfixturevalue("leeg_postgres")
        server = request.getfixturevalue("postgres_server")
    return server


@pytest.fixture
def wereld(dbserver: Server) -> Wereld:
    """A chair, a regisseur with an active PGA Jeugd case of Sem Jansen (with an
    aanleiding), and a police officer of the verband with MFA on ``GEHEIM``."""
    fabrieken.gebruiker("vera", "triage:pga_jeugd", naam="Vera Voorzitter")
    ria = fabrieken.gebruiker("ria", "regisseur:pga_jeugd", naam="Ria Regisseur")
    casus = fabrieken.casus(
        "pga_jeugd",
        "actief",
        regisseur=ria,
        persoon=fabrieken.persoon("Sem", "Jansen"),
        aanmeldreden=AANLEIDING,
        gebruikersfabriek=fabrieken.gebruikers(),
    )
    verband = Samenwerkingsverband(naam=VERBAND)
    db.session.add(verband)
    db.session.flush()
    politie = Partnerorganisatie(
        verband_id=verband.id,
        naam=POLITIE,
        soort="politie",
        grondslag_soort="convenant",
        grondslag="Convenant Zorg- en Veiligheidshuis Haaglanden 2024",
        artikel="artikel 5",
    )
    db.session.add(politie)
    db.session.flush()
    piet = fabrieken.gebruiker("piet", naam="Piet Politie")
    piet.partnerorganisatie_id = politie.id
    mfa.activeer(piet, GEHEIM)
    db.session.commit()
    return Wereld(casus_id=casus.id, ref=casus.ref)


def _pagina(nieuwe_context: NieuweContext, server: Server, wie: str | None, breedte: Any) -> Any:
    context = nieuwe_context(server, wie, viewport=breedte)
    context.add_init_script(path=AXE)
    return context.new_page()


def _toegankelijk_en_binnen(page: Any, breedte: dict[str, int], naam: str) -> None:
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= breedte["width"]
    page.screenshot(path=SCREENSHOTS / f"{naam}-{breedte['width']}.png", full_page=True)


def _melding(page: Any, tekst: str) -> None:
    expect(page.get_by_text(tekst).first).to_be_visible()


def voorzitter_bereidt_voor(page: Any, wereld: Wereld, breedte: dict[str, int]) -> None:
    """Plan, invite, put the case on the agenda, confirm, send, record the action."""
    page.goto("/partneroverleggen/nieuw")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw casusoverleg met partners")
    # the basis comes prefilled from the police's agreement
    expect(page.get_by_label("Grondslag", exact=True)).to_have_value(
        "Convenant Zorg- en Veiligheidshuis Haaglanden 2024"
    )
    page.get_by_label("Doel van het overleg").fill(DOEL)
    page.get_by_label(f"Piet Politie ({POLITIE})").check()
    page.get_by_role("button", name="Overleg aanmaken").click()
    _melding(page, "is aangemaakt.")
    expect(page.get_by_role("heading", name="Uitgenodigde partners")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Piet Politie ({POLITIE})")

    # the case, with two of its items
    agendaform = page.locator("form", has=page.get_by_role("button", name="Op de agenda zetten"))
    agendaform.get_by_label("Casusnummer", exact=True).fill(wereld.ref)
    agendaform.get_by_label(PERSONALIA).check()
    agendaform.get_by_label(VERLOOP).check()
    agendaform.get_by_role("button", name="Op de agenda zetten").click()
    _melding(page, f"{wereld.ref} staat op de agenda.")
    punt = page.locator("section.kaart", has_text=wereld.ref)
    expect(punt).to_contain_text("Nog niet bevestigd")

    # confirmed by the chair, then the agenda is sent
    punt.get_by_role("button", name="Gekozen gegevens bevestigen").click()
    _melding(page, "Bevestigd. Partners zien de gegevens zodra de agenda is verzonden.")
    page.get_by_role("link", name="Agenda verzenden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda verzenden")
    expect(page.locator("#gevolg")).to_contain_text("1 partner ziet")
    page.get_by_role("button", name="Agenda verzenden").click()
    _melding(page, "De agenda is verzonden; 2 gegevens zijn gedeeld.")

    # an action for the police
    punt = page.locator("section.kaart", has_text=wereld.ref)
    punt.locator("summary", has_text="Afspraak vastleggen").click()
    punt.get_by_label("Afspraak", exact=True).fill(AFSPRAAK)
    punt.get_by_label("Wie voert de afspraak uit").select_option(label=POLITIE)
    punt.get_by_label("Uiterlijk klaar op").fill((vandaag() + timedelta(days=14)).isoformat())
    punt.get_by_role("button", name="Afspraak vastleggen").click()
    _melding(page, f"Afspraak vastgelegd voor {POLITIE}")
    expect(page.locator("main")).to_contain_text(AFSPRAAK)
    _toegankelijk_en_binnen(page, breedte, "partneroverleg")


def partner_logt_in(page: Any, server: Server) -> None:
    """Password, then the code from the authenticator app."""
    page.goto("/inloggen")
    page.get_by_label("Gebruikersnaam").fill("piet")
    page.get_by_label("Wachtwoord").fill(server.wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inlogcode")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    page.get_by_label("Code").fill(pyotp.TOTP(GEHEIM).now())
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def partner_ziet_en_meldt_terug(page: Any, breedte: dict[str, int]) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn casusoverleggen")
    page.get_by_role("link", name="Casusoverleg met partners op").click()
    main = page.locator("main")
    expect(main).to_contain_text(DOEL)
    kaart = page.locator("article.kaart", has_text="Sem Jansen")
    expect(kaart.get_by_role("heading", name="Sem Jansen")).to_be_visible()
    expect(kaart.get_by_role("heading", name="Personalia")).to_be_visible()
    expect(kaart.get_by_role("heading", name=VERLOOP)).to_be_visible()
    expect(kaart).to_contain_text("Ria Regisseur")
    # the aanleiding was not selected: neither its heading nor its text is there
    expect(kaart.get_by_role("heading", name="Aanleiding en problematiek")).to_have_count(0)
    assert AANLEIDING not in page.content()
    _toegankelijk_en_binnen(page, breedte, "partner-overleg")

    afspraak = page.locator("section.kaart", has_text=AFSPRAAK)
    afspraak.get_by_label("Uw terugmelding").fill(TERUGMELDING)
    afspraak.get_by_role("button", name="Terugmelding versturen").click()
    _melding(page, "Uw terugmelding is opgeslagen.")
    expect(page.locator("section.kaart", has_text=AFSPRAAK)).to_contain_text(TERUGMELDING)


@pytest.mark.parametrize(("dbserver", "breedte"), GEVALLEN, indirect=["dbserver"])
def test_a_chair_shares_a_case_with_the_police_who_reports_back_to_the_regisseur(
    nieuwe_context: NieuweContext,
    dbserver: Server,
    wereld: Wereld,
    breedte: dict[str, int],
) -> None:
    server = dbserver
    voorzitter = _pagina(nieuwe_context, server, "vera", breedte)
    voorzitter_bereidt_voor(voorzitter, wereld, breedte)

    partner = _pagina(nieuwe_context, server, None, breedte)
    partner_logt_in(partner, server)
    partner_ziet_en_meldt_terug(partner, breedte)
    # the internal case page does not exist for a partner
    antwoord = partner.goto(f"/casus/{wereld.casus_id}")
    assert antwoord is not None
    assert antwoord.status == 404

    regisseur = _pagina(nieuwe_context, server, "ria", breedte)
    regisseur.goto(f"/casus/{wereld.casus_id}")
    regel = regisseur.locator(".tijdlijn__regel--terugmelding")
    expect(regel).to_contain_text(f"Terugmelding van {POLITIE}")
    expect(regel).to_contain_text(TERUGMELDING)
    gedeeld = regisseur.locator("section[aria-labelledby='partners-kop']")
    expect(gedeeld).to_contain_text(PERSONALIA.split(" (")[0])
    expect(gedeeld).to_contain_text("Piet Politie")
    expect(gedeeld).to_contain_text(TERUGMELDING)
    _toegankelijk_en_binnen(regisseur, breedte, "partner-terugmelding-casus")
