"""Nieuwe aanmelding: aanpak choice, person search, duplicates, BSN, subjects."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.casussen.models import Casus
from casus.extensions import db
from casus.personen.models import Persoon
from tests.hulp.client import login
from tests.hulp.databaseinhoud import aantal

GELDIG_BSN = "111222333"  # 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3 = 69; 69-3 = 66 = 6*11


pytestmark = pytest.mark.klok(date(2025, 6, 2))


@pytest.fixture
def ik(maak_gebruiker_: Any, client: FlaskClient) -> Any:
    gebruiker = maak_gebruiker_("regisseur:pga_jeugd", "regisseur:ondermijning")
    db.session.commit()
    login(client, gebruiker)
    return gebruiker


def _nieuw(**extra: str) -> dict[str, str]:
    data = {
        "token": "a1",
        "voornaam": "Noa",
        "achternaam": "Bakker",
        "geboortedatum": "2008-03-14",
        "aangemeld_op": "2025-06-02",
        "aanmeldreden": "Betrokken bij wapenincident",
        "k_wijk": "Dorp",
    }
    data.update(extra)
    return data


def test_the_aanpak_choice_offers_only_my_teams(client: FlaskClient, ik: Any) -> None:
    tekst = client.get("/aanmelding").get_data(as_text=True)
    assert "/aanmelding/pga_jeugd" in tekst
    assert "/aanmelding/ondermijning" in tekst
    assert "/aanmelding/ipta" not in tekst
    assert client.get("/aanmelding/ipta").status_code == 404
    assert client.post("/aanmelding/ipta", data=_nieuw()).status_code == 404


def test_a_new_person_lands_in_the_triage_queue(client: FlaskClient, ik: Any) -> None:
    antwoord = client.post("/aanmelding/pga_jeugd", data=_nieuw(bsn=GELDIG_BSN))
    assert antwoord.status_code == 302
    casus = db.session.scalars(select(Casus)).one()
    assert (casus.status, casus.aanpak, casus.kenmerken) == (
        "aangemeld",
        "pga_jeugd",
        {"wijk": "Dorp"},
    )
    assert casus.persoon.bsn == GELDIG_BSN
    assert casus.created_by_id == ik.id
    assert antwoord.headers["Location"].endswith(f"/casus/{casus.id}")
    # a double submit of the same form registers nothing twice
    client.post("/aanmelding/pga_jeugd", data=_nieuw(bsn=GELDIG_BSN))
    assert aantal(Casus) == 1


@pytest.mark.parametrize(
    ("extra", "melding"),
    [
        ({"bsn": "123456789"}, "geen geldig BSN"),
        ({"bsn": "12345678a"}, "geen geldig BSN"),
        ({"bsn": "1234567890"}, "Een BSN heeft 9 cijfers."),
        ({"aanmeldreden": ""}, "Vul een tekst in."),
        ({"voornaam": "", "achternaam": ""}, "betreft altijd een persoon"),
        ({"geboortedatum": "14 maart"}, "Vul een geldige datum in"),
        ({"achternaam": "B" * 151}, "Maximaal 150 tekens."),
        ({"k_wijk": "Gotham"}, "Kies een van de mogelijkheden"),
    ],
)
def test_bad_input_is_refused_and_the_form_comes_back_filled_in(
    client: FlaskClient, ik: Any, extra: dict[str, str], melding: str
) -> None:
    antwoord = client.post(
        "/aanmelding/pga_jeugd", data=_nieuw(**{"aanmeldreden": "<i>reden</i>", **extra})
    )
    tekst = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 422
    assert melding in tekst
    if "aanmeldreden" not in extra:
        assert "&lt;i&gt;reden&lt;/i&gt;</textarea>" in tekst
    assert aantal(Casus) == 0
    assert aantal(Persoon) == 0


def test_likely_duplicates_are_shown_before_a_new_person_is_created(
    client: FlaskClient, ik: Any
) -> None:
    """A person no team of mine knows is offered as an exact match on name and birth
    date, by what I typed only, and choosing it links the existing record."""
    bestaand = Persoon(
        voornaam="Noa",
        achternaam="Bakker",
        geboortedatum=date(2008, 3, 14),
        adres="Verborgenlaan 9",
    )
    db.session.add(bestaand)
    db.session.commit()
    eerst = client.post("/aanmelding/pga_jeugd", data=_nieuw())
    tekst = eerst.get_data(as_text=True)
    assert eerst.status_code == 422
    assert "Mogelijk al bekend" in tekst
    assert "Noa Bakker, geboren 14-03-2008 (bekend bij een ander team)" in tekst
    assert f"persoon={bestaand.id}" not in tekst
    assert "Verborgenlaan" not in tekst
    keuze = re.search(r"persoon=([A-Za-z0-9_.\-]+)\"", tekst)
    assert keuze is not None
    assert aantal(Persoon) == 1
    gekoppeld = client.post(
        "/aanmelding/pga_jeugd",
        data=_nieuw(
            token="a2", persoon_id=keuze.group(1), voornaam="", achternaam="", geboortedatum=""
        ),
    )
    assert gekoppeld.status_code == 302
    assert aantal(Persoon) == 1
    assert db.session.scalars(select(Casus)).one().persoon_id == bestaand.id
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditRecord)
            .where(AuditRecord.actie == "persoon.gekoppeld", AuditRecord.persoon_id == bestaand.id)
        )
        == 1
    )
    bevestigd = client.post("/aanmelding/pga_jeugd", data=_nieuw(token="a3", andere_persoon="y"))
    assert bevestigd.status_code == 302
    assert aantal(Persoon) == 2


def test_the_person_search_ignores_case_and_accents(
    client: FlaskClient, ik: Any, maak_casus: Any
) -> None:
    p = Persoon(voornaam="Ayşe", achternaam="Öztürk", geboortedatum=date(2008, 3, 12))
    maak_casus("pga_jeugd", "actief", persoon=p)
    db.session.commit()
    for term in ("ozturk", "ÖZTÜRK", "ayse ozturk", "Öztürk 12-03-2008"):
        tekst = client.get(f"/aanmelding/pga_jeugd?zoek={term}").get_data(as_text=True)
        assert f"persoon={p.id}" in tekst, term
    assert f"persoon={p.id}" not in client.get(
        "/aanmelding/pga_jeugd?zoek=ozturk 13-03-2008"
    ).get_data(as_text=True)


def test_an_existing_person_can_be_found_and_chosen(
    client: FlaskClient, ik: Any, maak_casus: Any
) -> None:
    p = Persoon(
        voornaam="Daan", achternaam="de Wit", geboortedatum=date(2006, 1, 2), bsn=GELDIG_BSN
    )
    maak_casus("pga_jeugd", "actief", persoon=p)  # mine to see: a case of my team
    db.session.commit()
    for term in ("wit", "02-01-2006", GELDIG_BSN, "daan wit 02-01-2006"):
        tekst = client.get(f"/aanmelding/pga_jeugd?zoek={term}").get_data(as_text=True)
        assert f"persoon={p.id}" in tekst, term
    assert "Daan" not in client.get("/aanmelding/pga_jeugd?zoek=jansen").get_data(as_text=True)
    antwoord = client.post(
        "/aanmelding/pga_jeugd",
        data={
            "token": "k",
            "persoon_id": str(p.id),
            "aangemeld_op": "2025-06-01",
            "aanmeldreden": "structurele overlast",
            "k_wijk": "",
        },
    )
    assert antwoord.status_code == 302
    nieuw = db.session.scalars(select(Casus).order_by(Casus.id.desc())).first()
    assert nieuw is not None
    assert nieuw.persoon_id == p.id


def test_a_person_known_only_in_pga_r_cannot_be_found(
    client: FlaskClient, ik: Any, maak_casus: Any
) -> None:
    p = Persoon(voornaam="Geheim", achternaam="Persoon", geboortedatum=date(1990, 1, 1))
    maak_casus("pga_r", "actief", persoon=p)
    db.session.commit()
    tekst = client.get("/aanmelding/pga_jeugd?zoek=geheim").get_data(as_text=True)
    assert f"persoon={p.id}" not in tekst
    assert "Geen personen gevonden" in tekst
    antwoord = client.post(
        "/aanmelding/pga_jeugd",
        data={
            "token": "g",
            "persoon_id": str(p.id),
            "aangemeld_op": "2025-06-01",
            "aanmeldreden": "x",
        },
    )
    assert antwoord.status_code == 422
    assert aantal(Casus) == 1


def test_the_bsn_of_a_person_known_only_in_pga_r_reveals_nothing(
    client: FlaskClient, ik: Any, maak_casus: Any
) -> None:
    """Typing the BSN of a PGA-R person neither attaches the case to that record nor
    shows its data: the regisseur gets a record of their own, with what they entered."""
    geheim = Persoon(
        voornaam="Geheim",
        achternaam="Persoon",
        geboortedatum=date(1990, 1, 1),
        bsn=GELDIG_BSN,
        adres="Geheimstraat 1",
    )
    maak_casus("pga_r", "actief", persoon=geheim)
    db.session.commit()
    antwoord = client.post("/aanmelding/pga_jeugd", data=_nieuw(bsn=GELDIG_BSN))
    assert antwoord.status_code == 302
    casus = db.session.scalars(select(Casus).where(Casus.aanpak == "pga_jeugd")).one()
    assert casus.persoon_id != geheim.id
    eigen = db.session.get(Persoon, casus.persoon_id)
    assert eigen is not None
    assert (eigen.voornaam, eigen.achternaam, eigen.bsn) == ("Noa", "Bakker", GELDIG_BSN)
    for pagina in (f"/casus/{casus.id}", f"/persoon/{eigen.id}"):
        tekst = client.get(pagina).get_data(as_text=True)
        assert "Geheim" not in tekst, pagina
        assert "PGA-R" not in tekst, pagina
    db.session.refresh(geheim)
    assert (geheim.voornaam, geheim.adres) == ("Geheim", "Geheimstraat 1")


def test_another_person_with_the_bsn_of_a_findable_person_is_refused(
    client: FlaskClient, ik: Any
) -> None:
    bekend = Persoon(
        voornaam="Noa", achternaam="Bakker", geboortedatum=date(2008, 3, 14), bsn=GELDIG_BSN
    )
    db.session.add(bekend)
    db.session.commit()
    antwoord = client.post("/aanmelding/pga_jeugd", data=_nieuw(bsn=GELDIG_BSN, andere_persoon="y"))
    assert antwoord.status_code == 422
    assert "Er is al een persoon met dit BSN" in antwoord.get_data(as_text=True)
    assert aantal(Persoon) == 1
    assert aantal(Casus) == 0


def test_ondermijning_takes_a_company_instead_of_a_person(client: FlaskClient, ik: Any) -> None:
    basis = {
        "token": "o1",
        "aangemeld_op": "2025-06-02",
        "aanmeldreden": "signaal MMA",
        "k_onderwerp": "onderneming",
        "k_naam": "Shisha Lounge BV",
        "k_herkomst": "lokaal",
    }
    fout = client.post("/aanmelding/ondermijning", data={**basis, "k_kvk_nummer": "1234"})
    assert fout.status_code == 422
    assert "8 cijfers" in fout.get_data(as_text=True)
    goed = client.post("/aanmelding/ondermijning", data={**basis, "k_kvk_nummer": "12345678"})
    assert goed.status_code == 302
    casus = db.session.scalars(select(Casus)).one()
    assert casus.persoon_id is None
    assert casus.onderwerp == "Shisha Lounge BV"
    leeg = client.post(
        "/aanmelding/ondermijning",
        data={"token": "o2", "aangemeld_op": "2025-06-02", "aanmeldreden": "x"},
    )
    assert leeg.status_code == 422
    assert "naam van de onderneming of het adres" in leeg.get_data(as_text=True)
