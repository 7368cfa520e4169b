"""The caseload lists and the search results are built from rows (columns), not from
ORM objects, and their filter fields are rendered once per choice of filters: what each
row shows, and that a filter chosen in one request does not show up in the next."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient

from casus.casussen.models import Casus
from casus.casussen.services import meld_aan
from casus.extensions import db
from casus.personen.models import Persoon
from casus.toegang.actor import IMPORT
from tests.hulp.client import login
from tests.hulp.fabrieken import gebruiker

VANDAAG = date(2025, 9, 1)

pytestmark = pytest.mark.klok(VANDAAG)


@pytest.fixture
def jan(app: Any) -> Any:
    return gebruiker("jan", "regisseur:ondermijning", naam="Jan de Vries")


@pytest.fixture
def casussen(maak_casus: Any, jan: Any) -> dict[str, Casus]:
    """An active case of Ali van Dijk (born 3 February 2001) with Jan as regisseur, and
    two new cases without a person: a company and an address."""
    ali = Persoon(
        voornaam="Ali", tussenvoegsel="van", achternaam="Dijk", geboortedatum=date(2001, 2, 3)
    )
    db.session.add(ali)
    db.session.flush()
    persoon = maak_casus("ondermijning", "actief", regisseur=jan, persoon=ali)
    bedrijf = meld_aan(
        "ondermijning",
        actor=IMPORT,
        aangemeld_op=date(2025, 1, 6),
        kenmerken={"onderwerp": "onderneming", "naam": "Bakkerij De Korrel BV"},
    )
    adres = meld_aan(
        "ondermijning",
        actor=IMPORT,
        aangemeld_op=date(2025, 1, 6),
        kenmerken={"onderwerp": "locatie", "adres": "Dorpsstraat 1"},
    )
    db.session.commit()
    return {"persoon": persoon, "bedrijf": bedrijf, "adres": adres}


def _rij(tekst: str, casus: Casus) -> str:
    """The table row of ``casus`` in a page."""
    begin = tekst.index(f'<a href="/casus/{casus.id}" class="ref">{casus.ref}</a>')
    return tekst[tekst.rindex("<tr>", 0, begin) : tekst.index("</tr>", begin)]


def test_werkvoorraad_rows_show_subject_status_days_and_regisseur(
    client: FlaskClient, jan: Any, casussen: dict[str, Casus]
) -> None:
    login(client, jan)
    tekst = client.get("/werkvoorraad/ondermijning").get_data(as_text=True)
    rij = _rij(tekst, casussen["persoon"])
    assert "<td>Ali van Dijk</td>" in rij
    assert "<td>Ondermijning</td>" in rij
    assert '<span class="status status--actief">Actief</span>' in rij
    # active since 2025-01-08 (maak_casus: one day per step): 236 days on 2025-09-01
    assert '<td class="getal">236</td>' in rij
    assert "<td>J. de Vries</td>" in rij
    bedrijf = _rij(tekst, casussen["bedrijf"])
    assert "<td>Bakkerij De Korrel BV</td>" in bedrijf
    assert '<span class="status status--aangemeld">Aangemeld</span>' in bedrijf
    assert '<td class="getal">238</td>' in bedrijf  # aangemeld 2025-01-06
    assert "<td>Niet toegewezen</td>" in bedrijf
    assert "<td>—</td>" in bedrijf  # no contact yet
    assert "<td>Dorpsstraat 1</td>" in _rij(tekst, casussen["adres"])


def test_a_chosen_filter_is_shown_chosen_and_not_in_the_next_request(
    client: FlaskClient, jan: Any, casussen: dict[str, Casus]
) -> None:
    login(client, jan)
    gefilterd = client.get(
        "/werkvoorraad/ondermijning?wijk=Dorp&status=aangemeld&niet_toegewezen=y"
    ).get_data(as_text=True)
    assert '<option selected value="Dorp">Dorp</option>' in gefilterd
    assert '<option selected value="aangemeld">Aangemeld</option>' in gefilterd
    assert '<input checked id="niet_toegewezen" name="niet_toegewezen"' in gefilterd
    zonder = client.get("/werkvoorraad/ondermijning").get_data(as_text=True)
    assert '<option value="Dorp">Dorp</option>' in zonder
    assert 'selected value="Dorp"' not in zonder
    assert '<input id="niet_toegewezen" name="niet_toegewezen" type="checkbox" value="y">' in zonder
    # the Werkvoorraad is of one aanpak: no aanpak filter
    assert 'id="aanpak"' not in zonder


def test_the_aanpak_filter_offers_each_user_their_own_aanpakken(
    client: FlaskClient, maak_gebruiker_: Any, jan: Any
) -> None:
    twee = maak_gebruiker_("regisseur:pga_jeugd", "regisseur:ipta")
    db.session.commit()
    login(client, twee)
    tekst = client.get("/").get_data(as_text=True)
    assert '<option value="pga_jeugd">PGA Jeugd</option>' in tekst
    assert '<option value="ipta">IPTA</option>' in tekst
    assert 'value="ondermijning"' not in tekst
    client.post("/uitloggen")
    login(client, jan)
    tekst = client.get("/").get_data(as_text=True)
    assert '<option value="ondermijning">Ondermijning</option>' in tekst
    assert 'value="pga_jeugd"' not in tekst


def test_search_rows_show_person_link_birth_date_and_regisseur(
    client: FlaskClient, jan: Any, casussen: dict[str, Casus]
) -> None:
    login(client, jan)
    tekst = client.get("/zoeken?q=van+dijk").get_data(as_text=True)
    c = casussen["persoon"]
    rij = _rij(tekst, c)
    assert f'<a href="/persoon/{c.persoon_id}">Ali van Dijk</a>' in rij
    assert "<td>03-02-2001</td>" in rij
    assert '<span class="status status--actief">Actief</span>' in rij
    assert "<td>J. de Vries</td>" in rij
    bedrijf = casussen["bedrijf"]
    tekst = client.get(f"/zoeken?q={bedrijf.ref.lower()}").get_data(as_text=True)
    rij = _rij(tekst, bedrijf)
    assert "<td>Bakkerij De Korrel BV</td>" in rij  # no person: no link
    assert "/persoon/" not in rij
    assert "<td></td>" in rij  # no birth date
    assert "<td>Niet toegewezen</td>" in rij
