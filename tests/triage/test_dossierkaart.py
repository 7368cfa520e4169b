"""The dossier card on the triage decision screens: only what the user may see."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.casussen.services import meld_aan
from casus.extensions import db
from casus.personen.models import PolitieContact
from tests.hulp.client import login
from tests.hulp.formulieren import ingevuld
from tests.hulp.statements import Statements
from tests.hulp.triage import VANDAAG

pytestmark = pytest.mark.klok(VANDAAG)  # Monday 10 March 2025


def kaart(html: str) -> str:
    """The dossier card's section of a page."""
    begin = html.index('<section class="kaart" aria-labelledby="dossier-')
    return html[begin : html.index("</section>", begin)]


@pytest.fixture
def dossier(maak_casus: Any, maak_gebruiker_: Any, persoon: Any) -> dict[str, Any]:
    """Noah Bakker (born 1 May 2008): a new PGA Jeugd aanmelding registered by Ankie, an
    earlier IPTA case not taken in (visible to the user), an open RIO case and a PGA-R
    case (neither visible), and police contacts 13 and 11 months ago and last week."""
    noah = persoon()
    ankie = maak_gebruiker_("regisseur:pga_jeugd", naam="ankie")
    ik = maak_gebruiker_("triage:pga_jeugd", "triage:ipta", naam="voorzitter")
    ipta = maak_casus("ipta", "niet_opgenomen", persoon=noah, aangemeld_op=date(2024, 6, 3))
    rio = maak_casus("rio", "actief", persoon=noah, aangemeld_op=date(2025, 1, 6))
    pga_r = maak_casus("pga_r", "getriaged", persoon=noah, aangemeld_op=date(2024, 10, 1))
    nieuw = meld_aan(
        "pga_jeugd",
        actor=ankie,
        aangemeld_op=date(2025, 3, 3),
        persoon=noah,
        aanmeldreden="Betrokken bij een steekincident.",
    )
    for datum, soort in (
        (date(2024, 2, 10), "politie"),  # 13 months ago: not on the card
        (date(2024, 4, 10), "politie"),  # 11 months ago
        (date(2025, 3, 1), "justitie"),
    ):
        db.session.add(PolitieContact(persoon_id=noah.id, datum=datum, soort=soort))
    db.session.commit()
    return {"ik": ik, "nieuw": nieuw, "ipta": ipta, "rio": rio, "pga_r": pga_r}


def test_the_card_shows_age_visible_cases_decisions_police_contacts_and_who_referred(
    client: FlaskClient, dossier: dict[str, Any]
) -> None:
    nieuw, ipta, rio, pga_r = (dossier[k] for k in ("nieuw", "ipta", "rio", "pga_r"))
    login(client, dossier["ik"])

    pagina = client.get(f"/triage/casussen/{nieuw.id}").get_data(as_text=True)
    card = kaart(pagina)

    assert "Dossier van Noah Bakker" in card
    # 16 on 10 March 2025: the seventeenth birthday is on 1 May
    assert "<dt>Geboortedatum</dt><dd>01-05-2008 (16 jaar)</dd>" in card
    assert "<dt>Aangemeld</dt><dd>03-03-2025, door Test ankie; vastgelegd " in card
    assert "<dt>Andere aanpakken die u mag zien</dt><dd>IPTA</dd>" in card
    # the earlier IPTA case (not taken in on 7 January) with its decision
    assert ipta.ref in card
    assert "07-01-2025, " + ipta.ref + ": Niet opgenomen: " in card
    # police contacts since 10 March 2024: the one of 11 months ago and last week's
    assert "2 sinds 10-03-2024" in card
    assert "<li>10-04-2024: Politie</li>" in card
    assert "<li>01-03-2025: Justitie</li>" in card
    assert "10-02-2024" not in card
    # the cases the user may not see: not listed, not named, not counted
    for verborgen in (rio, pga_r):
        assert verborgen.ref not in pagina
    # (the page names every aanpak as a target of omzetten; the card names none of these)
    assert "RIO" not in card
    assert "PGA-R" not in card
    assert card.count("<tr><td>") == 1
    # the RIO and PGA-R cases were taken in on 7 January: those decisions are not shown
    assert card.count("07-01-2025") == 1


def test_viewing_the_card_is_logged_with_the_cases_it_shows(
    client: FlaskClient, dossier: dict[str, Any]
) -> None:
    login(client, dossier["ik"])
    client.get(f"/triage/casussen/{dossier['nieuw'].id}")

    [record] = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "triage.casus_bekeken")
    ).all()
    assert (record.casus_id, record.persoon_id, record.gebruiker_id) == (
        dossier["nieuw"].id,
        dossier["nieuw"].persoon_id,
        dossier["ik"].id,
    )
    assert record.details["dossier_casus_ids"] == [dossier["ipta"].id]


def test_meeting_mode_shows_the_card_too(client: FlaskClient, dossier: dict[str, Any]) -> None:
    login(client, dossier["ik"])
    antwoord = client.post(
        "/triage/overleggen/nieuw",
        data=ingevuld(datum=VANDAAG.isoformat(), aanpakken=["pga_jeugd"]),
    )
    overleg_pad = antwoord.headers["Location"]

    pagina = client.get(f"{overleg_pad}/punt/1").get_data(as_text=True)

    card = kaart(pagina)
    assert "01-05-2008 (16 jaar)" in card
    assert dossier["ipta"].ref in card
    assert dossier["rio"].ref not in pagina


def test_the_card_costs_the_same_statements_however_much_the_person_has(
    client: FlaskClient, app: Any, dossier: dict[str, Any], maak_casus: Any
) -> None:
    """One statement per block: more cases, decisions and contacts add none."""
    login(client, dossier["ik"])
    pad = f"/triage/casussen/{dossier['nieuw'].id}"
    client.get(pad)
    with Statements(db.engine) as weinig:
        client.get(pad)
    noah = dossier["nieuw"].persoon
    for _ in range(3):
        maak_casus("ipta", "niet_opgenomen", persoon=noah, aangemeld_op=date(2024, 7, 1))
        maak_casus("pga_jeugd", "actief", persoon=noah, aangemeld_op=date(2024, 8, 1))
        db.session.add(PolitieContact(persoon_id=noah.id, datum=date(2024, 12, 1), soort="politie"))
    db.session.commit()

    with Statements(db.engine) as veel:
        html = client.get(pad).get_data(as_text=True)

    assert kaart(html).count("<tr><td>") == 7
    assert veel.aantal == weinig.aantal
