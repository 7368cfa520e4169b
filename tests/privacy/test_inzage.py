from __future__ import annotations

from datetime import date
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.casussen.models import Notitie
from casus.extensions import db
from casus.personen.models import Persoon
from tests.hulp.client import login


def test_inzage_exports_every_aanpak_as_json_and_page_and_is_logged(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    fg = maak_gebruiker_("privacy")
    sem = Persoon(
        voornaam="Sem", achternaam="Jansen", geboortedatum=date(2006, 4, 12), bsn="111222333"
    )
    db.session.add(sem)
    ipta = maak_casus("ipta", "actief", persoon=sem)
    maak_casus("pga_r", "aangemeld", persoon=sem)
    db.session.add(
        Notitie(
            casus_id=ipta.id, soort="notitie", datum=date(2025, 1, 9), tekst="Gesprek met moeder"
        )
    )
    db.session.commit()
    login(client, fg)
    data = client.get(f"/privacy/personen/{sem.id}/inzage.json").get_json()
    assert data["persoon"]["bsn"] == "111222333"
    assert [c["aanpak"] for c in data["casussen"]] == ["ipta", "pga_r"]
    assert [e["transitie"] for e in data["casussen"][0]["gebeurtenissen"]] == [
        "aanmelden",
        "triageren",
        "starten",
    ]
    assert data["casussen"][0]["notities"][0]["tekst"] == "Gesprek met moeder"
    pagina = client.get(f"/privacy/personen/{sem.id}/inzage").get_data(as_text=True)
    assert "Gesprek met moeder" in pagina
    assert "PGA-R" in pagina
    gelogd = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "privacy.inzage")
    ).all()
    assert [(r.persoon_id, r.details) for r in gelogd] == [
        (sem.id, {"formaat": "json"}),
        (sem.id, {"formaat": "html"}),
    ]


def test_the_privacy_officer_finds_a_person_by_name_or_bsn(
    client: FlaskClient, maak_gebruiker_: Any
) -> None:
    fg = maak_gebruiker_("privacy")
    db.session.add_all(
        [
            Persoon(voornaam="Sem", achternaam="Jansen", bsn="111222333"),
            Persoon(voornaam="Anna", achternaam="de Wit"),
        ]
    )
    db.session.commit()
    login(client, fg)
    assert "Sem Jansen" in client.get("/privacy/personen?q=111222333").get_data(as_text=True)
    tekst = client.get("/privacy/personen?q=wit").get_data(as_text=True)
    assert "Anna de Wit" in tekst
    assert "Sem Jansen" not in tekst
    assert client.get("/privacy/personen/999/inzage").status_code == 404


def test_the_privacy_officer_finds_a_name_whatever_its_case_and_accents(
    client: FlaskClient, maak_gebruiker_: Any
) -> None:
    fg = maak_gebruiker_("privacy")
    db.session.add_all(
        [
            Persoon(voornaam="Ayşe", achternaam="Öztürk"),
            Persoon(voornaam="Ruben", achternaam="Çelik"),
        ]
    )
    db.session.commit()
    login(client, fg)
    for term, naam, niet in (
        ("ozturk", "Ayşe Öztürk", "Ruben Çelik"),
        ("AYSE", "Ayşe Öztürk", "Ruben Çelik"),
        ("celik ruben", "Ruben Çelik", "Ayşe Öztürk"),
    ):
        tekst = client.get("/privacy/personen", query_string={"q": term}).get_data(as_text=True)
        assert naam in tekst, term
        assert niet not in tekst, term


def test_a_regisseur_gets_404_on_inzage(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    ik = maak_gebruiker_("regisseur:ipta", "manager", "beheerder")
    casus = maak_casus("ipta")
    db.session.commit()
    login(client, ik)
    assert client.get(f"/privacy/personen/{casus.persoon_id}/inzage.json").status_code == 404
    assert client.get("/privacy/personen?q=Sem").status_code == 404
