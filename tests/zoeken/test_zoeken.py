"""The search page on the test database (SQLite, or PostgreSQL with TEST_DATABASE_URL):
case- and accent-insensitive names, birth date, BSN and case number, only visible cases."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.casussen.models import Casus
from casus.casussen.services import pas_transitie_toe
from casus.extensions import db
from casus.personen.models import Persoon
from casus.toegang.actor import IMPORT
from casus.zoeken.queries import MAX_PERSONEN
from tests.hulp.client import login


@pytest.fixture
def personen(maak_casus: Any, maak_gebruiker_: Any) -> dict[str, Any]:
    """A regisseur of IPTA and PGA Jeugd; Ayşe Öztürk and Ruben Çelik with a case in IPTA,
    Ruben also one in PGA-R (not visible); Mehmet Öztürk only in PGA-R; Sem Jansen."""
    ik = maak_gebruiker_("regisseur:ipta", "regisseur:pga_jeugd", naam="ik")
    ayse = Persoon(
        voornaam="Ayşe", achternaam="Öztürk", geboortedatum=date(2008, 3, 12), bsn="111222333"
    )
    ruben = Persoon(voornaam="Ruben", achternaam="Çelik", geboortedatum=date(2007, 11, 2))
    mehmet = Persoon(voornaam="Mehmet", achternaam="Öztürk", geboortedatum=date(2008, 3, 12))
    sem = Persoon(voornaam="Sem", achternaam="Jansen", geboortedatum=date(2006, 1, 5))
    db.session.add_all([ayse, ruben, mehmet, sem])
    uit = {
        "ik": ik,
        "ayse": maak_casus("ipta", "actief", persoon=ayse, regisseur=ik),
        "ruben": maak_casus("pga_jeugd", "aangemeld", persoon=ruben),
        "ruben_r": maak_casus("pga_r", "aangemeld", persoon=ruben),
        "mehmet_r": maak_casus("pga_r", "aangemeld", persoon=mehmet),
        "sem": maak_casus("ipta", "aangemeld", persoon=sem),
    }
    db.session.commit()
    return uit


def gevonden(client: FlaskClient, term: str) -> set[str]:
    """The case numbers linked in the search page's results for ``term``."""
    antwoord = client.get("/zoeken", query_string={"q": term})
    assert antwoord.status_code == 200
    tekst = antwoord.get_data(as_text=True)
    refs = {c.ref for c in db.session.scalars(select(Casus)) if f'class="ref">{c.ref}</a>' in tekst}
    if not refs:
        assert "Niets gevonden" in tekst
    return refs


@pytest.mark.parametrize("term", ["ozturk", "ÖZTÜRK", "Öztürk", "öztürk", "OZTURK", "ayse"])
def test_oztuerk_is_found_whatever_the_case_and_accents(
    client: FlaskClient, personen: dict[str, Any], term: str
) -> None:
    login(client, personen["ik"])
    # Mehmet Öztürk has only a PGA-R case: never found by this user
    assert gevonden(client, term) == {personen["ayse"].ref}


@pytest.mark.parametrize("term", ["celik ruben", "Ruben Çelik", "çelik", "CELIK", "ruben"])
def test_celik_is_found_by_any_order_of_the_name_words(
    client: FlaskClient, personen: dict[str, Any], term: str
) -> None:
    login(client, personen["ik"])
    # Ruben's PGA-R case is not visible to this user
    assert gevonden(client, term) == {personen["ruben"].ref}


@pytest.mark.parametrize("term", ["12-03-2008", "12-3-2008", "2008-03-12", "12/03/2008"])
def test_a_birth_date_in_dutch_or_iso_form_finds_the_person(
    client: FlaskClient, personen: dict[str, Any], term: str
) -> None:
    login(client, personen["ik"])
    # Mehmet was born the same day, in PGA-R only
    assert gevonden(client, term) == {personen["ayse"].ref}


def test_name_and_birth_date_narrow_each_other(
    client: FlaskClient, personen: dict[str, Any]
) -> None:
    login(client, personen["ik"])
    assert gevonden(client, "Öztürk 12-3-2008") == {personen["ayse"].ref}
    assert gevonden(client, "celik 12-3-2008") == set()
    assert gevonden(client, "31-02-2008") == set()  # no such day


def test_bsn_and_case_number_find_the_case(client: FlaskClient, personen: dict[str, Any]) -> None:
    login(client, personen["ik"])
    assert gevonden(client, "111222333") == {personen["ayse"].ref}
    ref = personen["sem"].ref
    assert gevonden(client, ref.lower()) == {ref}
    assert gevonden(client, ref.split("-", 1)[1]) == {ref}  # without the aanpak's prefix
    # a part of the number: the fixture's cases are numbered 1 to 5 in the order made
    # (Ayşe, Ruben, Ruben in PGA-R, Mehmet in PGA-R, Sem)
    assert ref.endswith("-00005")
    assert gevonden(client, "00005") == {ref}
    assert gevonden(client, "00003") == set()  # Ruben's PGA-R case
    assert gevonden(client, "0000") == {personen[n].ref for n in ("ayse", "ruben", "sem")}


def test_invisible_cases_are_found_by_nothing(
    client: FlaskClient, personen: dict[str, Any]
) -> None:
    login(client, personen["ik"])
    for term in ("mehmet", "mehmet ozturk", personen["mehmet_r"].ref, personen["ruben_r"].ref):
        assert gevonden(client, term) == set(), term


def test_the_audit_entry_holds_only_the_count(
    client: FlaskClient, personen: dict[str, Any]
) -> None:
    login(client, personen["ik"])
    gevonden(client, "ozturk")
    record = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "zoeken.uitgevoerd")
    ).one()
    assert record.details == {"aantal": 1}
    assert record.persoon_id is None
    assert record.casus_id is None


def test_more_persons_than_shown_are_announced(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    ik = maak_gebruiker_("regisseur:ipta", naam="ik")
    for _ in range(MAX_PERSONEN + 1):
        maak_casus("ipta", "aangemeld", persoon=Persoon(voornaam="Noël", achternaam="Ünal"))
    db.session.commit()
    login(client, ik)
    tekst = client.get("/zoeken", query_string={"q": "noel unal"}).get_data(as_text=True)
    assert tekst.count('class="ref"') == MAX_PERSONEN  # one case each, of the first 50
    assert "Er is meer gevonden dan hier staat" in tekst
    tekst = client.get("/zoeken", query_string={"q": "noel"}).get_data(as_text=True)
    assert "Er is meer gevonden" in tekst


def test_the_persons_are_ordered_by_name_and_their_cases_newest_first(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    from datetime import date as dag

    ik = maak_gebruiker_("regisseur:ipta", "regisseur:pga_jeugd", naam="ik")
    zeynep = Persoon(voornaam="Zeynep", achternaam="Şahin")
    ali = Persoon(voornaam="Ali", achternaam="Sahin")
    oud = maak_casus("ipta", "aangemeld", persoon=zeynep, aangemeld_op=dag(2024, 3, 1))
    nieuw = maak_casus("pga_jeugd", "aangemeld", persoon=zeynep, aangemeld_op=dag(2025, 2, 1))
    van_ali = maak_casus("ipta", "aangemeld", persoon=ali)
    db.session.commit()
    login(client, ik)
    tekst = client.get("/zoeken", query_string={"q": "SAHIN"}).get_data(as_text=True)
    plekken = [tekst.index(f'class="ref">{c.ref}<') for c in (van_ali, nieuw, oud)]
    assert plekken == sorted(plekken)  # "ali sahin" < "zeynep sahin"; then newest first


def test_the_header_search_box_is_shown_to_team_members_only(
    client: FlaskClient, personen: dict[str, Any], maak_gebruiker_: Any
) -> None:
    login(client, personen["ik"])
    tekst = client.get("/zoeken").get_data(as_text=True)
    assert 'id="kopzoek-q"' in tekst
    assert 'action="/zoeken"' in tekst
    client.post("/uitloggen")
    manager = maak_gebruiker_("manager", naam="teamleider")
    db.session.commit()
    login(client, manager)
    assert 'id="kopzoek-q"' not in client.get("/rapportage").get_data(as_text=True)
    assert client.get("/zoeken", query_string={"q": "ozturk"}).status_code == 404


def test_a_case_is_found_by_the_number_it_had_before_omzetten(
    client: FlaskClient, personen: dict[str, Any]
) -> None:
    # Ruben's PGA Jeugd case (number 2) moves to IPTA: its PGAJ number becomes an alias
    casus = personen["ruben"]
    oud = casus.ref
    assert oud.startswith("PGAJ-")
    pas_transitie_toe(casus, "omzetten", datum=casus.aangemeld_op, actor=IMPORT, doel_aanpak="ipta")
    db.session.commit()
    assert casus.ref == "IPTA-" + oud.split("-", 1)[1]
    login(client, personen["ik"])
    assert gevonden(client, oud) == {casus.ref}
    assert gevonden(client, oud.lower()) == {casus.ref}
    assert gevonden(client, casus.ref) == {casus.ref}
    # without a prefix both series are tried; it is one case
    assert gevonden(client, oud.split("-", 1)[1]) == {casus.ref}
