"""Mijn casussen and Werkvoorraad: signals, filters, sorting, keyset pagination and
a query count that does not grow with the number of cases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient

from casus.casussen.models import Casus, Interventie, Leefgebiedenscore, Notitie
from casus.extensions import db
from casus.personen.models import PolitieContact
from tests.hulp.client import login
from tests.hulp.statements import Statements

VANDAAG = date(2025, 9, 1)


pytestmark = pytest.mark.klok(VANDAAG)


@pytest.fixture
def ik(maak_gebruiker_: Any) -> Any:
    return maak_gebruiker_("regisseur:pga_jeugd", "regisseur:ipta", naam="ik")


@contextmanager
def tel_queries() -> Iterator[list[str]]:
    """The data statements the block runs (the benchmarks count pages the same way)."""
    with Statements(db.engine) as statements:
        yield statements.data


def _rijen(tekst: str) -> int:
    return tekst.count('<a href="/casus/')


def test_signals_are_computed_per_case(client: FlaskClient, maak_casus: Any, ik: Any) -> None:
    # maak_casus: aangemeld 2025-01-06, triaged 01-07, started 01-08, paused 01-09
    stil = maak_casus("pga_jeugd", "actief", regisseur=ik)  # no contact since 01-07
    db.session.add(PolitieContact(persoon=stil.persoon, datum=date(2025, 5, 1), soort="politie"))
    bezocht = maak_casus("pga_jeugd", "actief", regisseur=ik)
    db.session.add(
        Notitie(casus=bezocht, soort="contactmoment", datum=date(2025, 8, 20), tekst="gesprek")
    )
    wacht = maak_casus("pga_jeugd", "in_de_wacht", regisseur=ik)  # since 01-09: > 90 days
    db.session.commit()
    login(client, ik)
    tekst = client.get("/").get_data(as_text=True)
    assert "20-08-2025" in tekst  # last contact of bezocht
    geen_contact = client.get("/?signaal=geen_contact").get_data(as_text=True)
    assert stil.ref in geen_contact
    assert bezocht.ref not in geen_contact
    # bezocht: in the aanpak since 2025-01-07 (> 6 months), no police contact at all
    kandidaat = client.get("/?signaal=kandidaat_afsluiten").get_data(as_text=True)
    assert bezocht.ref in kandidaat
    assert stil.ref not in kandidaat
    lang = client.get("/?signaal=lang_in_de_wacht").get_data(as_text=True)
    assert wacht.ref in lang
    assert stil.ref not in lang
    # days in status: in_de_wacht since 2025-01-09 -> 235 days on 2025-09-01
    assert '<td class="getal">235</td>' in lang


def test_filters_on_aanpak_status_and_wijk(client: FlaskClient, maak_casus: Any, ik: Any) -> None:
    jeugd = maak_casus("pga_jeugd", "actief", regisseur=ik, kenmerken={"wijk": "Dorp"})
    ipta = maak_casus("ipta", "getriaged", regisseur=ik, kenmerken={"wijk": "Meerzicht"})
    db.session.commit()
    login(client, ik)
    assert _rijen(client.get("/").get_data(as_text=True)) == 2
    tekst = client.get("/?aanpak=ipta").get_data(as_text=True)
    assert ipta.ref in tekst
    assert jeugd.ref not in tekst
    tekst = client.get("/?status=actief").get_data(as_text=True)
    assert jeugd.ref in tekst
    assert ipta.ref not in tekst
    tekst = client.get("/?wijk=Meerzicht").get_data(as_text=True)
    assert ipta.ref in tekst
    assert jeugd.ref not in tekst
    # an unknown value is ignored rather than an error
    assert client.get("/?aanpak=pga_r&status=<script>").status_code == 200


def test_werkvoorraad_shows_the_teams_open_and_unassigned_cases(
    client: FlaskClient, maak_casus: Any, ik: Any, maak_gebruiker_: Any
) -> None:
    collega = maak_gebruiker_("regisseur:pga_jeugd")
    van_collega = maak_casus("pga_jeugd", "actief", regisseur=collega)
    nieuw = maak_casus("pga_jeugd", "aangemeld")
    dicht = maak_casus("pga_jeugd", "niet_opgenomen")
    ander_team = maak_casus("rio", "aangemeld")
    db.session.commit()
    login(client, ik)
    tekst = client.get("/werkvoorraad/pga_jeugd").get_data(as_text=True)
    assert van_collega.ref in tekst
    assert nieuw.ref in tekst
    assert dicht.ref not in tekst
    assert ander_team.ref not in tekst
    tekst = client.get("/werkvoorraad/pga_jeugd?niet_toegewezen=y").get_data(as_text=True)
    assert nieuw.ref in tekst
    assert van_collega.ref not in tekst
    assert client.get("/werkvoorraad/rio").status_code == 404
    assert client.get("/werkvoorraad").headers["Location"].endswith("/werkvoorraad/pga_jeugd")


def test_triage_deadline_signal(client: FlaskClient, maak_casus: Any, ik: Any) -> None:
    oud = maak_casus("pga_jeugd", "aangemeld", aangemeld_op=date(2025, 8, 1))
    vers = maak_casus("pga_jeugd", "aangemeld", aangemeld_op=date(2025, 8, 25))
    db.session.commit()
    login(client, ik)
    tekst = client.get("/werkvoorraad/pga_jeugd?signaal=triage_verlopen").get_data(as_text=True)
    assert oud.ref in tekst
    assert vers.ref not in tekst


def test_keyset_pagination_visits_every_case_once(
    app: Any, client: FlaskClient, maak_casus: Any, ik: Any
) -> None:
    refs = set()
    for dag in range(1, 8):
        refs.add(maak_casus("pga_jeugd", "aangemeld", aangemeld_op=date(2025, 8, dag)).ref)
    db.session.commit()
    login(client, ik)
    app.config["PAGINA_GROOTTE"] = 3
    try:
        gezien: list[str] = []
        url = "/werkvoorraad/pga_jeugd?sortering=aangemeld_op"
        paginas = 0
        while url:
            tekst = client.get(url).get_data(as_text=True)
            gezien += [r for r in refs if r in tekst]
            paginas += 1
            url = (
                tekst.split('rel="next"')[0]
                .rsplit('href="', 1)[1]
                .split('"')[0]
                .replace("&amp;", "&")
                if 'rel="next"' in tekst
                else ""
            )
    finally:
        app.config["PAGINA_GROOTTE"] = 50
    assert paginas == 3  # 7 cases, 3 per page
    assert sorted(gezien) == sorted(refs)


def _vul(maak_casus: Any, ik: Any, aantal: int) -> None:
    for i in range(aantal):
        casus = maak_casus("pga_jeugd", "actief" if i % 2 else "in_de_wacht", regisseur=ik)
        db.session.add(
            Notitie(casus=casus, soort="contactmoment", datum=date(2025, 3, 1), tekst="x")
        )
        db.session.add(
            PolitieContact(persoon=casus.persoon, datum=date(2025, 2, 1), soort="politie")
        )
    db.session.commit()


@pytest.mark.parametrize(
    "url", ["/", "/werkvoorraad/pga_jeugd", "/?signaal=geen_contact", "/casus/1", "/persoon/1"]
)
def test_the_query_count_of_a_page_does_not_grow_with_the_number_of_cases(
    client: FlaskClient, maak_casus: Any, ik: Any, url: str
) -> None:
    login(client, ik)
    _vul(maak_casus, ik, 2)
    eerste = db.session.scalars(db.select(Casus).order_by(Casus.id)).first()
    url = (
        url.replace("/1", f"/{eerste.id}")
        if url.startswith("/casus")
        else url.replace("/1", f"/{eerste.persoon_id}")
    )
    with tel_queries() as weinig:
        assert client.get(url).status_code == 200
    _vul(maak_casus, ik, 12)
    for c in db.session.scalars(db.select(Casus).where(Casus.id != eerste.id)):
        c.persoon_id = eerste.persoon_id  # the person page then lists many cases
    db.session.add_all(
        Notitie(casus_id=eerste.id, soort="notitie", datum=date(2025, 4, d), tekst="meer")
        for d in range(1, 10)
    )
    db.session.commit()
    with tel_queries() as veel:
        assert client.get(url).status_code == 200
    assert len(veel) == len(weinig), "\n".join(veel)


def test_the_case_page_takes_10_statements_11_on_postgresql_however_many_wrote_it(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any, ik: Any
) -> None:
    """Session and user, the case with its person, interventions and scores, events,
    notes, police contacts, the header's unread notifications, what was shared with
    partners, and the audit record (on
    PostgreSQL its lock too): the count
    is the same for a case with one author as for one with many."""
    casus = maak_casus("pga_jeugd", "actief", regisseur=ik)
    db.session.commit()
    casus_id = casus.id
    login(client, ik)

    def tel() -> list[str]:
        db.session.close()  # nothing the test loaded may save the page a statement
        with tel_queries() as statements:
            assert client.get(f"/casus/{casus_id}").status_code == 200
        return statements

    tel()  # the first view writes the session's activity
    weinig = tel()
    persoon_id = db.session.get(Casus, casus_id).persoon_id
    for i in range(4):  # four more authors, each with a note, intervention, score, contact
        auteur = maak_gebruiker_("regisseur:pga_jeugd", naam=f"Auteur {i}").id
        dag = date(2025, 3, i + 1)
        db.session.add_all(
            [
                Notitie(
                    casus_id=casus_id,
                    soort="contactmoment",
                    datum=dag,
                    tekst="x",
                    gebruiker_id=auteur,
                ),
                Interventie(
                    casus_id=casus_id, type="waarschuwingsbrief", datum=dag, gebruiker_id=auteur
                ),
                Leefgebiedenscore(casus_id=casus_id, datum=dag, gebruiker_id=auteur, huisvesting=3),
                PolitieContact(
                    persoon_id=persoon_id,
                    casus_id=casus_id,
                    datum=dag,
                    soort="politie",
                    gebruiker_id=auteur,
                ),
            ]
        )
    db.session.commit()
    veel = tel()
    assert len(veel) == len(weinig), "\n".join(veel)
    # PostgreSQL takes the audit chain's advisory lock with a statement of its own; the
    # signals from the BRP (banner and timeline) are one read; the header's unread
    # notifications ("Meldingen (n)") one COUNT; what was shared with partners (the
    # register's rows and the afspraken with their reports, section and timeline) one
    # UNION ALL (casus.partners.register.casus_deling)
    assert len(veel) <= (11 if db.engine.dialect.name == "postgresql" else 10), "\n".join(veel)
