"""The Rapportage page: managers only, figures, downloads, memo and vaststellen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import time_machine
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.casussen.services import corrigeer, meld_aan, pas_transitie_toe
from casus.extensions import db
from casus.rapportage.models import Vaststelling
from casus.toegang.actor import IMPORT
from tests.hulp import fabrieken
from tests.hulp.client import login
from tests.hulp.formulieren import ingevuld


def _ipta(afsluiten: bool = True) -> Casus:
    p = fabrieken.persoon("Sem", "Geheimnaam", date(2006, 4, 12))
    c = meld_aan("ipta", aangemeld_op=date(2025, 1, 6), persoon=p, actor=IMPORT)
    for trigger, dag, reden in (
        ("triageren", 7, None),
        ("starten", 8, None),
        ("afsluiten_succesvol", 9, "werk"),
    ):
        if trigger == "afsluiten_succesvol" and not afsluiten:
            break
        pas_transitie_toe(
            c, trigger, datum=date(2025, 3, dag), actor=IMPORT, reden=reden, historisch=True
        )
    return c


@pytest.fixture
def manager(client: FlaskClient, maak_gebruiker_: Callable[..., Gebruiker]) -> Gebruiker:
    g = maak_gebruiker_("manager", naam="teamleider")
    db.session.commit()
    login(client, g)
    return g


@pytest.mark.parametrize(
    "rollen", [(), ("regisseur:ipta", "triage:ipta"), ("privacy",), ("beheerder",)]
)
def test_everyone_but_a_manager_gets_404_and_no_menu_entry(
    client: FlaskClient, maak_gebruiker_: Callable[..., Gebruiker], rollen: tuple[str, ...]
) -> None:
    g = maak_gebruiker_(*rollen)
    db.session.commit()
    login(client, g)
    assert client.get("/rapportage/?periode=2025-H1").status_code == 404
    assert client.get("/rapportage/download.csv?periode=2025-H1").status_code == 404
    assert client.post(
        "/rapportage/vaststellen", data=ingevuld(periode="2025-H1", bevestigd="y")
    ).status_code in (
        400,
        404,
    )
    assert b"Rapportage" not in client.get("/").data


def test_a_manager_sees_the_figures_comparison_memo_and_chart_but_no_names(
    client: FlaskClient, manager: Gebruiker
) -> None:
    _ipta()
    db.session.commit()
    pagina = client.get("/rapportage/?periode=2025-H1")
    assert pagina.status_code == 200
    html = pagina.get_data(as_text=True)
    assert "Rapportage eerste halfjaar 2025" in html
    assert "<svg" in html
    assert (
        "Met de aanpak IPTA is in de eerste helft van 2025 in totaal één jongere begeleid." in html
    )
    assert "Geheimnaam" not in html
    assert 'href="/rapportage/"' in client.get("/").get_data(as_text=True)


def test_percentages_are_written_with_a_decimal_comma(
    client: FlaskClient, manager: Gebruiker
) -> None:
    # ondermijning: two cases in totaal, one closed succesvol -> oplossingspercentage 50,0
    for afsluiten in (True, False):
        c = meld_aan(
            "ondermijning",
            aangemeld_op=date(2025, 1, 6),
            kenmerken={"onderwerp": "locatie", "adres": "Kerkweg 1"},
            actor=IMPORT,
        )
        pas_transitie_toe(c, "triageren", datum=date(2025, 1, 7), actor=IMPORT, historisch=True)
        pas_transitie_toe(c, "starten", datum=date(2025, 1, 8), actor=IMPORT, historisch=True)
        if afsluiten:
            pas_transitie_toe(
                c,
                "afsluiten_succesvol",
                datum=date(2025, 2, 1),
                actor=IMPORT,
                reden="interventie_ingezet",
                historisch=True,
            )
    db.session.commit()
    html = client.get("/rapportage/?periode=2025-H1").get_data(as_text=True)
    assert "Oplossingspercentage: 50,0%" in html
    assert '<td class="getal">50,0</td>' in html
    assert "50.0" not in html


def test_the_default_period_is_the_last_completed_half_year(
    client: FlaskClient, manager: Gebruiker
) -> None:
    with time_machine.travel(date(2026, 3, 10), tick=False):
        login(client, manager)  # a session cookie signed "in the future" is refused
        html = client.get("/rapportage/").get_data(as_text=True)
    assert "Rapportage tweede halfjaar 2025" in html


def test_downloads_in_csv_xlsx_and_markdown(client: FlaskClient, manager: Gebruiker) -> None:
    _ipta()
    db.session.commit()
    csv = client.get("/rapportage/download.csv?periode=2025-H1")
    assert csv.status_code == 200
    assert "attachment" in csv.headers["Content-Disposition"]
    assert "Aanpakken;IPTA;Afgesloten;1;0;1;" in csv.get_data(as_text=True)
    xlsx = client.get("/rapportage/download.xlsx?periode=2025-H1")
    assert xlsx.data[:2] == b"PK"
    assert "| IPTA | Positief afgesloten | 1 | 0 | 1 |" in client.get(
        "/rapportage/download.md?periode=2025-H1"
    ).get_data(as_text=True)
    assert client.get("/rapportage/download.pdf?periode=2025-H1").status_code == 404


def test_a_frozen_report_stays_as_sent_and_lists_the_differences(
    client: FlaskClient, manager: Gebruiker
) -> None:
    casus = _ipta()
    db.session.commit()
    client.post("/rapportage/vaststellen", data=ingevuld(periode="2025-H1", bevestigd="y"))
    vaststelling = db.session.scalars(select(Vaststelling)).one()
    assert vaststelling.vastgesteld_door_id == manager.id
    assert vaststelling.cijfers["aanpakken"]["ipta"]["afgesloten"] == 1
    casus = db.session.get(Casus, casus.id)
    corrigeer(casus, actor=IMPORT, reden="te vroeg afgesloten")
    db.session.commit()
    html = client.get("/rapportage/?periode=2025-H1").get_data(as_text=True)
    assert "Vastgesteld en verzonden aan de raad" in html
    # the changed figures by their names, not by the report's keys
    assert "<td>IPTA · Afgesloten</td>" in html
    assert "<td>IPTA · Succesvol afgesloten · Toeleiding naar werk</td>" in html
    assert "aanpakken.ipta" not in html
    # the download of a frozen period gives the figures as sent
    assert "Aanpakken;IPTA;Afgesloten;1;0;1;" in client.get(
        "/rapportage/download.csv?periode=2025-H1"
    ).get_data(as_text=True)
    client.post("/rapportage/vaststellen", data=ingevuld(periode="2025-H1", bevestigd="y"))
    assert len(db.session.scalars(select(Vaststelling)).all()) == 1


def test_a_running_period_cannot_be_frozen(client: FlaskClient, manager: Gebruiker) -> None:
    with time_machine.travel(date(2025, 5, 1), tick=False):
        client.post("/rapportage/vaststellen", data=ingevuld(periode="2025-H1", bevestigd="y"))
    assert db.session.scalars(select(Vaststelling)).all() == []
