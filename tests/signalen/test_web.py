"""The team's pages: register, filter and search, and decide per signal (also from the overleg)."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.casussen.models import Casus
from casus.extensions import db
from casus.signalen.models import Signaal
from casus.signalen.overleg import bundel
from tests.hulp.client import login

VANDAAG = date(2025, 3, 10)


def ingelogd(app: Flask, gebruiker: Any) -> FlaskClient:
    db.session.commit()
    client = app.test_client()
    login(client, gebruiker)
    return client


@time_machine.travel(VANDAAG, tick=False)
def test_registering_through_the_form(app: Flask, maak_gebruiker_: Any) -> None:
    client = ingelogd(app, maak_gebruiker_("regisseur:ondermijning"))
    assert client.get("/signalen/nieuw").status_code == 200
    antwoord = client.post(
        "/signalen/nieuw",
        data={
            "token": "w1",
            "aanpak": "ondermijning",
            "ontvangen_op": "2025-03-03",
            "bron": "collega",
            "thema": "mensenhandel",
            "tekst": "Busjes met arbeiders",
            "betreft_soort": "locatie",
            "betreft_adres": "Industrieweg 4",
        },
    )
    signaal = db.session.scalars(select(Signaal)).one()
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].endswith(f"/signalen/{signaal.id}")
    assert (signaal.thema, signaal.bron, signaal.ontvangen_op) == (
        "mensenhandel",
        "collega",
        date(2025, 3, 3),
    )


@time_machine.travel(VANDAAG, tick=False)
def test_the_form_refuses_a_theme_of_the_other_aanpak(app: Flask, maak_gebruiker_: Any) -> None:
    client = ingelogd(app, maak_gebruiker_("regisseur:ondermijning", "regisseur:pga_r"))
    antwoord = client.post(
        "/signalen/nieuw",
        data={
            "token": "w2",
            "aanpak": "ondermijning",
            "ontvangen_op": "2025-03-03",
            "bron": "collega",
            "thema": "extremisme",
            "tekst": "x",
        },
    )
    assert antwoord.status_code == 200
    assert "geen thema van Ondermijning" in antwoord.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Signaal)) == 0


@time_machine.travel(VANDAAG, tick=False)
def test_filters_and_search_narrow_the_list(
    app: Flask, maak_gebruiker_: Any, maak_signaal: Any
) -> None:
    maak_signaal(
        thema="witwassen",
        bron="collega",
        ontvangen_op=date(2025, 1, 5),
        tekst="Contant geld in een kapsalon",
    )
    maak_signaal(
        thema="drugscriminaliteit",
        bron="meld_misdaad_anoniem",
        ontvangen_op=date(2025, 2, 5),
        tekst="Hennepgeur",
        betreft_adres="Markt 1",
    )
    maak_signaal(
        thema="drugscriminaliteit",
        bron="handhaving",
        ontvangen_op=date(2025, 3, 5),
        tekst="Dealen bij de school",
    )
    client = ingelogd(app, maak_gebruiker_("regisseur:ondermijning"))

    def aantal(query: str) -> str:
        tekst = client.get(f"/signalen?{query}").get_data(as_text=True)
        return tekst.split("<strong>")[1].split("</strong>")[0]

    assert aantal("") == "3"
    assert aantal("thema=drugscriminaliteit") == "2"
    assert aantal("bron=collega") == "1"
    assert aantal("van=2025-02-01&tot_en_met=2025-02-28") == "1"
    assert aantal("zoek=KAPSALON") == "1"
    assert aantal("zoek=markt") == "1"
    assert aantal("zoek=100%25") == "0"  # a literal %, not a wildcard
    assert aantal("status=afgesloten") == "3"  # counts per status ignore the status filter
    # invalid filter values are ignored, not an error
    assert aantal("van=gisteren&bron=twitter") == "3"


@time_machine.travel(VANDAAG, tick=False)
def test_closing_linking_and_converting_through_the_pages(
    app: Flask,
    maak_gebruiker_: Any,
    maak_casus: Any,
    maak_signaal: Any,
) -> None:
    casus = maak_casus("ondermijning", "actief")
    eerste, tweede, derde = (maak_signaal() for _ in range(3))
    client = ingelogd(app, maak_gebruiker_("triage:ondermijning"))
    assert (
        client.post(
            f"/signalen/{eerste.id}/afsluiten",
            data={"token": "w5", "afsluitreden": "", "versie": str(eerste.versie)},
        ).status_code
        == 302
    )
    db.session.refresh(eerste)
    assert eerste.status == "open"  # no reason: refused
    client.post(
        f"/signalen/{eerste.id}/afsluiten",
        data={"token": "w6", "afsluitreden": "Geen aanwijzingen", "versie": str(eerste.versie)},
    )
    client.post(
        f"/signalen/{tweede.id}/koppelen",
        data={"token": "w7", "casus_ref": casus.ref.lower(), "versie": str(tweede.versie)},
    )
    antwoord = client.post(
        f"/signalen/{derde.id}/omzetten",
        data={
            "token": "w8",
            "versie": str(derde.versie),
            "herkomst": "riec",
            "wijk": "Dorp",
            "stap": "bevestigen",
        },
    )
    for s in (eerste, tweede, derde):
        db.session.refresh(s)
    nieuw = db.session.scalars(select(Casus).where(Casus.id != casus.id)).one()
    assert (eerste.status, eerste.afsluitreden) == ("afgesloten", "Geen aanwijzingen")
    assert (tweede.status, tweede.casus_id) == ("gekoppeld", casus.id)
    assert (derde.status, derde.casus_id, derde.omgezet) == ("gekoppeld", nieuw.id, True)
    assert nieuw.kenmerken["herkomst"] == "riec"
    assert nieuw.kenmerken["wijk"] == "Dorp"
    assert antwoord.headers["Location"].endswith(f"/signalen/{derde.id}")
    # a second decision on a decided signal changes nothing
    client.post(
        f"/signalen/{tweede.id}/afsluiten",
        data={"token": "w9", "afsluitreden": "x", "versie": str(tweede.versie)},
    )
    db.session.refresh(tweede)
    assert tweede.status == "gekoppeld"


@time_machine.travel(VANDAAG, tick=False)
def test_converting_a_pga_r_signal_from_the_overleg_asks_for_the_person(
    app: Flask,
    maak_gebruiker_: Any,
    maak_signaal: Any,
) -> None:
    signaal = maak_signaal("pga_r", thema="polarisatie", ontvangen_op=date(2025, 3, 1))
    client = ingelogd(app, maak_gebruiker_("triage:pga_r"))
    terug = "/signalen/overleg?van=2025-02-01"
    antwoord = client.post(
        f"/signalen/{signaal.id}/omzetten",
        data={"token": "w10", "versie": str(signaal.versie), "terug": terug, "stap": "controleren"},
    )
    assert antwoord.status_code == 200
    assert "betreft altijd een persoon" in antwoord.get_data(as_text=True)
    antwoord = client.post(
        f"/signalen/{signaal.id}/omzetten",
        data={
            "token": "w3",
            "versie": str(signaal.versie),
            "terug": terug,
            "voornaam": "Sara",
            "achternaam": "Smit",
            "stap": "bevestigen",
        },
    )
    assert antwoord.headers["Location"] == terug
    db.session.refresh(signaal)
    assert signaal.casus is not None
    assert signaal.casus.persoon is not None


@time_machine.travel(VANDAAG, tick=False)
def test_the_back_address_never_leaves_the_signal_pages(
    app: Flask,
    maak_gebruiker_: Any,
    maak_signaal: Any,
) -> None:
    signaal = maak_signaal()
    client = ingelogd(app, maak_gebruiker_("regisseur:ondermijning"))
    antwoord = client.post(
        f"/signalen/{signaal.id}/afsluiten",
        data={
            "token": "w4",
            "afsluitreden": "x",
            "versie": str(signaal.versie),
            "terug": "//evil.example/signalen",
        },
    )
    assert antwoord.headers["Location"].endswith(f"/signalen/{signaal.id}")


@time_machine.travel(VANDAAG, tick=False)
def test_the_overleg_bundles_open_signals_on_the_same_address_or_company(
    app: Flask,
    maak_gebruiker_: Any,
    maak_signaal: Any,
) -> None:
    a = maak_signaal(
        ontvangen_op=date(2025, 3, 1), betreft_adres="Dorpsstraat 12-A", tekst="TEKST-A"
    )
    b = maak_signaal(
        ontvangen_op=date(2025, 3, 2),
        betreft_adres="dorpsstraat 12a",
        betreft_naam="Snackbar De Hoek B.V.",
        tekst="TEKST-B",
    )
    c = maak_signaal(
        ontvangen_op=date(2025, 3, 3), betreft_naam="snackbar de hoek", tekst="TEKST-C"
    )
    d = maak_signaal(
        ontvangen_op=date(2025, 3, 4), betreft_adres="Dorpsstraat 121", tekst="TEKST-D"
    )
    oud = maak_signaal(ontvangen_op=date(2025, 1, 2), betreft_adres="Dorpsstraat 12a")
    gesloten = maak_signaal(ontvangen_op=date(2025, 3, 5), betreft_adres="Dorpsstraat 12a")
    gesloten.status, gesloten.afsluitreden = "afgesloten", "dubbel"
    db.session.commit()
    # a and b share the address, b and c the company: one bundle of three; d stands alone
    bundels, los = bundel([a, b, c, d])
    assert [[s.id for s in x.signalen] for x in bundels] == [[a.id, b.id, c.id]]
    assert [s.id for s in los] == [d.id]
    client = ingelogd(app, maak_gebruiker_("triage:ondermijning"))
    tekst = client.get("/signalen/overleg").get_data(as_text=True)  # last 28 days
    assert "<strong>4</strong> open signalen" in tekst
    assert "Daarnaast 1 open signaal van vóór deze periode" in tekst
    assert (
        tekst.index("TEKST-A")
        < tekst.index("TEKST-C")
        < tekst.index("Overige signalen")
        < tekst.index("TEKST-D")
    )
    assert f'/signalen/{oud.id}"' not in tekst
    assert f'/signalen/{gesloten.id}"' not in tekst


@time_machine.travel(VANDAAG, tick=False)
def test_the_signal_page_shows_related_signals_and_the_decision_forms(
    app: Flask,
    maak_gebruiker_: Any,
    maak_casus: Any,
    maak_signaal: Any,
) -> None:
    casus = maak_casus("ondermijning", "actief")
    signaal = maak_signaal(
        betreft_soort="onderneming",
        betreft_naam="Kapsalon Knip B.V.",
        betreft_kvk_nummer="87654321",
        tekst="HOOFDSIGNAAL",
    )
    ander = maak_signaal(betreft_naam="kapsalon knip")
    vreemd = maak_signaal("pga_r", thema="extremisme", betreft_naam="Kapsalon Knip")
    client = ingelogd(app, maak_gebruiker_("regisseur:ondermijning", "triage:pga_jeugd"))
    tekst = client.get(f"/signalen/{signaal.id}").get_data(as_text=True)
    assert "HOOFDSIGNAAL" in tekst
    assert "KvK 87654321" in tekst
    assert ander.ref in tekst
    assert vreemd.ref not in tekst
    assert f'<option value="{casus.ref}">' in tekst
    assert "Afsluiten zonder vervolg" in tekst
    assert client.get(f"/signalen/{signaal.id}/omzetten").status_code == 200
    beide = ingelogd(app, maak_gebruiker_("regisseur:ondermijning", "regisseur:pga_r"))
    nieuw = beide.get("/signalen/nieuw").get_data(as_text=True)
    assert '<optgroup label="PGA-R">' in nieuw
    assert '<optgroup label="Ondermijning">' in nieuw
