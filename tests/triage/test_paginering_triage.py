"""The triage lists are paged like every other list: "Pagina x van y · n casussen", a
previous and a next link that keep the aanpak filter, and a total that counts only the
cases of the aanpakken the user triages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.extensions import db
from casus.triage.models import Overleg, OverlegAanpak
from tests.hulp.client import login
from tests.hulp.statements import Statements

VANDAAG = date(2025, 9, 1)

pytestmark = pytest.mark.klok(VANDAAG)


@pytest.fixture(autouse=True)
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


def getoond(html: str, casussen: list[Any]) -> list[str]:
    """Which of ``casussen``' refs the page shows, in page order."""
    return [ref for _, ref in sorted((html.find(c.ref), c.ref) for c in casussen if c.ref in html)]


def gelogd(actie: str) -> AuditRecord:
    return db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == actie).order_by(AuditRecord.id.desc())
    ).first() or pytest.fail(f"geen {actie} in de log")


# -- the queue ---------------------------------------------------------------------------


@pytest.fixture
def wachtrij(maak_casus: Any, maak_gebruiker_: Any) -> dict[str, Any]:
    """27 aanmeldingen the triagist triages, one a day from 1 February: even days PGA
    Jeugd (14), odd days IPTA (13); an older RIO aanmelding and a PGA Jeugd case already
    taken in, which the queue never shows."""
    regisseur = maak_gebruiker_("regisseur:pga_jeugd", "regisseur:ipta", "regisseur:rio")
    casussen = [
        maak_casus("ipta" if i % 2 else "pga_jeugd", aangemeld_op=date(2025, 2, 1 + i))
        for i in range(27)
    ]
    rio = maak_casus("rio", aangemeld_op=date(2025, 1, 2))
    opgenomen = maak_casus(
        "pga_jeugd", "getriaged", aangemeld_op=date(2025, 1, 2), regisseur=regisseur
    )
    # the last one's person also has an active case in RIO
    maak_casus("rio", "actief", persoon=casussen[-1].persoon, regisseur=regisseur)
    db.session.commit()
    return {"casussen": casussen, "anders": [rio, opgenomen]}


def test_the_queue_pages_oldest_first_with_the_total_of_the_triage_aanpakken(
    client: Any, triagist: Any, wachtrij: dict[str, Any]
) -> None:
    casussen, anders = wachtrij["casussen"], wachtrij["anders"]
    login(client, triagist)

    eerste = client.get("/triage/").get_data(as_text=True)
    assert stand(eerste) == "Pagina 1 van 3 · 27 casussen"
    assert "Aanmeldingen die wachten op triage (27)" in eerste
    assert getoond(eerste, casussen + anders) == [c.ref for c in casussen[:10]]
    assert link(eerste, "prev") is None

    derde = client.get("/triage/?pagina=3").get_data(as_text=True)
    assert stand(derde) == "Pagina 3 van 3 · 27 casussen"
    assert getoond(derde, casussen + anders) == [c.ref for c in casussen[20:]]
    assert link(derde, "next") is None
    assert link(derde, "prev") == "/triage/?pagina=2"
    # what is shown beside a case is there for the cases of this page too
    laatste_rij = derde.split(casussen[-1].ref, 1)[1].split("</tr>", 1)[0]
    assert "RIO" in laatste_rij
    # the log holds what this page showed
    assert gelogd("triage.wachtrij_bekeken").details["casus_ids"] == [c.id for c in casussen[20:]]


def test_the_queue_links_keep_the_aanpak_filter(
    client: Any, triagist: Any, wachtrij: dict[str, Any]
) -> None:
    ipta = [c for c in wachtrij["casussen"] if c.aanpak == "ipta"]  # 13
    login(client, triagist)

    eerste = client.get("/triage/?aanpak=ipta").get_data(as_text=True)
    assert stand(eerste) == "Pagina 1 van 2 · 13 casussen"
    volgende = link(eerste, "next")
    assert volgende == "/triage/?aanpak=ipta&pagina=2"

    tweede = client.get(volgende).get_data(as_text=True)
    assert stand(tweede) == "Pagina 2 van 2 · 13 casussen"
    assert getoond(tweede, wachtrij["casussen"]) == [c.ref for c in ipta[10:]]
    assert link(tweede, "prev") == "/triage/?aanpak=ipta"
    assert link(tweede, "next") is None


def test_the_queue_costs_the_same_statements_for_3_cases_or_27(
    client: Any, triagist: Any, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    """The other aanpakken and the last aanhouding are looked up for the page's cases in
    one statement per aanpak on the page, however long the queue is."""
    for i in range(3):
        maak_casus("ipta" if i % 2 else "pga_jeugd", aangemeld_op=date(2025, 2, 1 + i))
    db.session.commit()
    login(client, triagist)
    client.get("/triage/")
    with Statements(db.engine) as weinig:
        assert stand(client.get("/triage/").get_data(as_text=True)) == (
            "Pagina 1 van 1 · 3 casussen"
        )
    for i in range(24):
        maak_casus("ipta" if i % 2 else "pga_jeugd", aangemeld_op=date(2025, 3, 1 + i))
    db.session.commit()
    with Statements(db.engine) as veel:
        assert stand(client.get("/triage/").get_data(as_text=True)) == (
            "Pagina 1 van 3 · 27 casussen"
        )
    assert veel.aantal == weinig.aantal


# -- the review lists --------------------------------------------------------------------


@pytest.fixture
def in_de_wacht(maak_casus: Any, maak_gebruiker_: Any) -> list[Any]:
    """27 cases on hold since 9 January 2025 (more than 90 days before 1 September): 15
    PGA Jeugd, then 12 IPTA; and one of RIO, which the triagist does not triage."""
    regisseur = maak_gebruiker_("regisseur:pga_jeugd", "regisseur:ipta", "regisseur:rio")
    casussen = [
        maak_casus("pga_jeugd" if i < 15 else "ipta", "in_de_wacht", regisseur=regisseur)
        for i in range(27)
    ]
    maak_casus("rio", "in_de_wacht", regisseur=regisseur)
    db.session.commit()
    return casussen


def test_the_review_overview_shows_a_lists_first_page_its_total_and_a_link_to_all(
    client: Any, triagist: Any, in_de_wacht: list[Any]
) -> None:
    login(client, triagist)
    html = client.get("/triage/review").get_data(as_text=True)

    sectie = html.split('id="in_de_wacht"', 1)[1].split("</section>", 1)[0]
    assert "Langer dan 90 dagen in de wacht (27)" in sectie
    assert getoond(sectie, in_de_wacht) == [c.ref for c in in_de_wacht[:10]]
    assert "De eerste 10 van 27 casussen." in sectie
    alle = re.search(r'<a href="([^"]+)">Alle 27 casussen', sectie)
    assert alle
    assert alle.group(1).startswith("/triage/review?lijst=in_de_wacht&amp;aanpak=")
    # a list that fits on its page has no such link
    leeg = html.split('id="lang_actief"', 1)[1].split("</section>", 1)[0]
    assert "Langer dan 12 maanden in de aanpak (0)" in leeg
    assert "lijst=" not in leeg


def test_a_review_list_pages_and_keeps_the_aanpak_filter(
    client: Any, triagist: Any, in_de_wacht: list[Any]
) -> None:
    login(client, triagist)

    derde = client.get("/triage/review?lijst=in_de_wacht&pagina=3").get_data(as_text=True)
    assert stand(derde) == "Pagina 3 van 3 · 27 casussen"
    assert getoond(derde, in_de_wacht) == [c.ref for c in in_de_wacht[20:]]
    assert link(derde, "next") is None
    assert link(derde, "prev") == "/triage/review?lijst=in_de_wacht&pagina=2"
    record = gelogd("triage.reviewlijst_bekeken")
    assert record.details["casus_ids"] == [c.id for c in in_de_wacht[20:]]

    ipta = client.get("/triage/review?lijst=in_de_wacht&aanpak=ipta").get_data(as_text=True)
    assert stand(ipta) == "Pagina 1 van 2 · 12 casussen"
    volgende = link(ipta, "next")
    assert volgende == "/triage/review?lijst=in_de_wacht&aanpak=ipta&pagina=2"
    tweede = client.get(volgende).get_data(as_text=True)
    assert stand(tweede) == "Pagina 2 van 2 · 12 casussen"
    assert getoond(tweede, in_de_wacht) == [c.ref for c in in_de_wacht[25:]]
    assert link(tweede, "prev") == "/triage/review?lijst=in_de_wacht&aanpak=ipta"
    # the aanpak filter stays on this list
    assert '<input type="hidden" name="lijst" value="in_de_wacht">' in tweede

    # an unknown list: the overview
    assert "Open caseload per regisseur" in client.get("/triage/review?lijst=x").get_data(
        as_text=True
    )


# -- the meetings ------------------------------------------------------------------------


def test_the_meetings_list_pages_newest_first_and_counts_only_the_users_meetings(
    client: Any, triagist: Any
) -> None:
    begin = date(2025, 1, 6)
    overleggen = [
        Overleg(
            datum=begin + timedelta(days=7 * i),
            aanpakken=[OverlegAanpak(aanpak="ipta" if i % 2 else "pga_jeugd")],
        )
        for i in range(27)
    ]
    rio = Overleg(datum=begin, aanpakken=[OverlegAanpak(aanpak="rio")])
    db.session.add_all([*overleggen, rio])
    db.session.commit()
    login(client, triagist)

    def ids(html: str) -> list[int]:
        return [int(i) for i in re.findall(r'<td><a href="/triage/overleggen/(\d+)">', html)]

    eerste = client.get("/triage/overleggen").get_data(as_text=True)
    assert stand(eerste) == "Pagina 1 van 3 · 27 overleggen"
    assert ids(eerste) == [o.id for o in reversed(overleggen[17:])]
    assert link(eerste, "next") == "/triage/overleggen?pagina=2"

    derde = client.get("/triage/overleggen?pagina=3").get_data(as_text=True)
    assert stand(derde) == "Pagina 3 van 3 · 27 overleggen"
    assert ids(derde) == [o.id for o in reversed(overleggen[:7])]
    assert rio.id not in ids(derde)
    assert link(derde, "next") is None
    assert link(derde, "prev") == "/triage/overleggen?pagina=2"
