"""Every list shows where the user is, how many there are, and the way back and on:
"Pagina 3 van 3 · 27 casussen", "Vorige pagina" and "Volgende pagina" links (rel prev
and next) that keep the filters. The total counts only what the user may see."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from casus.extensions import db
from tests.hulp import fabrieken
from tests.hulp.client import login

VANDAAG = date(2025, 9, 1)

pytestmark = pytest.mark.klok(VANDAAG)


@pytest.fixture
def tien_per_pagina(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "PAGINA_GROOTTE", 10)


def stand(tekst: str) -> str:
    """The "Pagina x van y · n ..." line of the page."""
    gevonden = re.search(r'<p class="paginering__stand">([^<]*)</p>', tekst)
    assert gevonden, "geen paginering op de pagina"
    return gevonden.group(1)


def link(tekst: str, rel: str) -> str | None:
    gevonden = re.search(rf'<a href="([^"]+)" rel="{rel}">', tekst)
    return gevonden.group(1).replace("&amp;", "&") if gevonden else None


def test_werkvoorraad_pages_forward_and_back_with_the_total(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any, tien_per_pagina: None
) -> None:
    ik = maak_gebruiker_("regisseur:pga_jeugd")
    # 27 open cases, all aangemeld on the same day: the list orders them by number
    refs = [maak_casus("pga_jeugd", "aangemeld").ref for _ in range(27)]
    ander_team = maak_casus("ipta", "aangemeld")
    db.session.commit()
    login(client, ik)

    eerste = client.get("/werkvoorraad/pga_jeugd").get_data(as_text=True)
    assert stand(eerste) == "Pagina 1 van 3 · 27 casussen"
    assert link(eerste, "prev") is None
    assert ander_team.ref not in eerste
    assert refs[0] in eerste
    assert refs[9] in eerste
    assert refs[10] not in eerste

    tweede = client.get(link(eerste, "next") or "").get_data(as_text=True)
    assert stand(tweede) == "Pagina 2 van 3 · 27 casussen"
    assert refs[10] in tweede
    assert refs[19] in tweede
    assert refs[9] not in tweede
    assert refs[20] not in tweede

    derde_url = link(tweede, "next") or ""
    derde = client.get(derde_url).get_data(as_text=True)
    assert stand(derde) == "Pagina 3 van 3 · 27 casussen"
    assert link(derde, "next") is None
    assert all(ref in derde for ref in refs[20:])
    assert refs[19] not in derde

    terug = link(derde, "prev") or ""
    assert "voor=" in terug  # back from the row before the first of page 3
    weer_tweede = client.get(terug).get_data(as_text=True)
    assert stand(weer_tweede) == "Pagina 2 van 3 · 27 casussen"
    assert refs[10] in weer_tweede
    assert refs[19] in weer_tweede
    assert refs[20] not in weer_tweede
    # page 2's way back is the first page itself, without a cursor
    assert link(weer_tweede, "prev") == "/werkvoorraad/pga_jeugd"


def test_the_links_keep_the_filters_and_the_total_follows_them(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any, tien_per_pagina: None
) -> None:
    ik = maak_gebruiker_("regisseur:pga_jeugd")
    for _ in range(12):
        maak_casus("pga_jeugd", "aangemeld")
    for _ in range(3):
        maak_casus("pga_jeugd", "actief", regisseur=ik)
    db.session.commit()
    login(client, ik)

    alle = client.get("/werkvoorraad/pga_jeugd").get_data(as_text=True)
    assert stand(alle) == "Pagina 1 van 2 · 15 casussen"
    gefilterd = client.get("/werkvoorraad/pga_jeugd?status=aangemeld&sortering=ref")
    tekst = gefilterd.get_data(as_text=True)
    assert stand(tekst) == "Pagina 1 van 2 · 12 casussen"
    volgende = link(tekst, "next") or ""
    assert "status=aangemeld" in volgende
    assert "sortering=ref" in volgende
    laatste = client.get(volgende).get_data(as_text=True)
    assert stand(laatste) == "Pagina 2 van 2 · 12 casussen"
    assert link(laatste, "prev") == "/werkvoorraad/pga_jeugd?status=aangemeld&sortering=ref"
    # Mijn casussen: only my own three, on one page
    assert stand(client.get("/").get_data(as_text=True)) == "Pagina 1 van 1 · 3 casussen"


def test_one_case_is_singular(client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any) -> None:
    ik = maak_gebruiker_("regisseur:ipta")
    maak_casus("ipta", "aangemeld")
    db.session.commit()
    login(client, ik)
    assert stand(client.get("/werkvoorraad/ipta").get_data(as_text=True)) == (
        "Pagina 1 van 1 · 1 casus"
    )


def test_signal_list_pages_by_number_and_counts_only_visible_signals(
    app: Flask, client: FlaskClient, maak_gebruiker_: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "PAGINA_GROOTTE", 5)
    for dag in range(1, 13):  # 12 signals, received on 1..12 February: newest first
        fabrieken.signaal(ontvangen_op=date(2025, 2, dag), betreft_naam=f"Pand {dag:02d}")
    fabrieken.signaal("pga_r", betreft_naam="Pand PGA-R")  # another team's
    ik = maak_gebruiker_("regisseur:ondermijning")
    db.session.commit()
    login(client, ik)

    eerste = client.get("/signalen").get_data(as_text=True)
    assert stand(eerste) == "Pagina 1 van 3 · 12 signalen"
    assert "Pand 12" in eerste
    assert "Pand 08" in eerste
    assert "Pand 07" not in eerste
    assert link(eerste, "prev") is None
    derde = client.get("/signalen?pagina=3").get_data(as_text=True)
    assert stand(derde) == "Pagina 3 van 3 · 12 signalen"
    assert "Pand 02" in derde
    assert "Pand 01" in derde
    assert "Pand 03" not in derde
    assert link(derde, "next") is None
    assert link(derde, "prev") == "/signalen?pagina=2"
    # a filter narrows the total and survives the links
    gefilterd = client.get("/signalen?zoek=pand+1").get_data(as_text=True)
    assert stand(gefilterd) == "Pagina 1 van 1 · 3 signalen"  # Pand 10, 11, 12
    # past the last page: the last page; nonsense: the first
    assert stand(client.get("/signalen?pagina=99").get_data(as_text=True)).startswith(
        "Pagina 3 van 3"
    )
    assert stand(client.get("/signalen?pagina=-2").get_data(as_text=True)).startswith(
        "Pagina 1 van 3"
    )


def test_user_list_of_the_beheerder_is_paged(
    app: Flask, client: FlaskClient, maak_gebruiker_: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "PAGINA_GROOTTE", 5)
    beheerder = maak_gebruiker_("beheerder")
    for _ in range(6):
        maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    login(client, beheerder)
    tekst = client.get("/beheer/gebruikers?pagina=2").get_data(as_text=True)
    assert stand(tekst) == "Pagina 2 van 2 · 7 gebruikers"
    assert tekst.count('<a href="/beheer/gebruikers/') == 2
    assert link(tekst, "prev") == "/beheer/gebruikers"


def test_privacy_lists_are_paged(
    app: Flask, client: FlaskClient, maak_gebruiker_: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "PAGINA_GROOTTE", 5)
    regisseur = maak_gebruiker_("regisseur:ipta")
    for i in range(6):
        fabrieken.persoon("Anna", "Pagineer", date(2000, 1, 1 + i))
    fabrieken.persoon("Bert", "Anders", date(2000, 1, 1))
    privacy = maak_gebruiker_("privacy")
    db.session.commit()
    login(client, privacy)
    personen = client.get("/privacy/personen?q=pagineer").get_data(as_text=True)
    assert stand(personen) == "Pagina 1 van 2 · 6 personen"
    tweede = client.get(link(personen, "next") or "").get_data(as_text=True)
    assert stand(tweede) == "Pagina 2 van 2 · 6 personen"
    assert "q=pagineer" in (link(tweede, "prev") or "")

    # what the regisseur opened: 12 case openings, 5 to a page
    casus = fabrieken.casus("ipta", "aangemeld", gebruikersfabriek=maak_gebruiker_)
    db.session.commit()
    ander = app.test_client()
    login(ander, regisseur)
    for _ in range(12):
        ander.get(f"/casus/{casus.id}")
    geopend = client.get(f"/privacy/gebruikers/{regisseur.id}/geopend?pagina=3")
    tekst = geopend.get_data(as_text=True)
    assert stand(tekst) == "Pagina 3 van 3 · 12 records"
    assert link(tekst, "next") is None
    assert link(tekst, "prev") == f"/privacy/gebruikers/{regisseur.id}/geopend?pagina=2"
