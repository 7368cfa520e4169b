"""Retention in the app: the dry run as a list, the run behind a confirmation, both in
the audit log, and only for the privacy officer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.extensions import db
from casus.personen.models import Persoon
from tests.hulp.client import login

# cases closed in January 2025 plus 5 years are due on this day
PEILMOMENT = datetime(2030, 6, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def wereld(maak_casus: Any) -> dict[str, Any]:
    oud = Persoon(voornaam="Oud", achternaam="Dossier", geboortedatum=date(2008, 3, 1))
    bezig = Persoon(voornaam="Nog", achternaam="Bezig", geboortedatum=date(2001, 1, 1))
    db.session.add_all([oud, bezig])
    w = {
        "oud": oud,
        "bezig": bezig,
        # closed on 9 January 2025 (taken in on the 7th, started the 8th)
        "oud_casus": maak_casus("pga_jeugd", "succesvol_afgesloten", persoon=oud),
        # closed too, but the same person has an open case: kept
        "bezig_dicht": maak_casus("ipta", "overgedragen", persoon=bezig),
        "bezig_open": maak_casus("rio", "actief", persoon=bezig),
    }
    db.session.commit()
    return w


@pytest.fixture
def op_peildag() -> Iterator[None]:
    with time_machine.travel(PEILMOMENT, tick=False):
        yield


def _records(actie: str) -> list[AuditRecord]:
    return list(db.session.scalars(select(AuditRecord).where(AuditRecord.actie == actie)))


def _plan(html: str) -> str:
    gevonden = re.search(r'name="plan" type="hidden" value="([0-9a-f]+)"', html) or re.search(
        r'type="hidden" name="plan" value="([0-9a-f]+)"', html
    )
    assert gevonden, "geen plan in het formulier"
    return gevonden.group(1)


def test_the_dry_run_lists_what_would_go_and_why_and_changes_nothing(
    client: FlaskClient, maak_gebruiker_: Any, wereld: dict[str, Any], op_peildag: None
) -> None:
    fg = maak_gebruiker_("privacy", naam="fg")
    db.session.commit()
    login(client, fg)
    tekst = client.get("/privacy/bewaartermijn").get_data(as_text=True)
    assert f"Casus {wereld['oud_casus'].ref} (PGA Jeugd)" in tekst
    assert "Afgesloten op 9 januari 2025; de bewaartermijn van 5 jaar is verstreken." in tekst
    assert "Oud Dossier: naam, burgerservicenummer, adres en wijk worden geanonimiseerd" in tekst
    assert wereld["bezig_dicht"].ref not in tekst
    assert "Nog Bezig" not in tekst
    assert "er is niets gewijzigd" in tekst
    db.session.expire_all()
    assert db.session.get(Persoon, wereld["oud"].id).achternaam == "Dossier"
    [proef] = _records("privacy.bewaartermijn_proefdraai")
    assert proef.gebruiker_id == fg.id
    assert proef.details == {"casussen": 1, "personen": 1, "signalen_zonder_casus": 0}
    assert _records("privacy.bewaartermijn_uitgevoerd") == []


def test_the_run_needs_the_box_ticked_then_cleans_and_is_logged(
    client: FlaskClient, maak_gebruiker_: Any, wereld: dict[str, Any], op_peildag: None
) -> None:
    fg = maak_gebruiker_("privacy", naam="fg")
    db.session.commit()
    login(client, fg)
    bevestig = client.get("/privacy/bewaartermijn/uitvoeren").get_data(as_text=True)
    assert "Dit kan niet ongedaan worden gemaakt." in bevestig
    assert f"Casus {wereld['oud_casus'].ref} (PGA Jeugd)" in bevestig
    plan = _plan(bevestig)
    # without the box: the page again, with the error at the box and in the summary
    geweigerd = client.post("/privacy/bewaartermijn/uitvoeren", data={"token": "t1", "plan": plan})
    assert geweigerd.status_code == 200
    html = geweigerd.get_data(as_text=True)
    assert html.count("Vink aan dat u de gegevens definitief wilt wissen.") == 2
    db.session.expire_all()
    assert db.session.get(Persoon, wereld["oud"].id).achternaam == "Dossier"
    assert _records("privacy.bewaartermijn_uitgevoerd") == []
    # with the box ticked
    antwoord = client.post(
        "/privacy/bewaartermijn/uitvoeren",
        data={"token": "t2", "plan": plan, "bevestigd": "y"},
    )
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].endswith("/privacy/bewaartermijn")
    db.session.expire_all()
    oud = db.session.get(Persoon, wereld["oud"].id)
    assert (oud.voornaam, oud.achternaam) == ("Geanonimiseerd", f"persoon {oud.id}")
    assert db.session.get(Persoon, wereld["bezig"].id).achternaam == "Bezig"
    [run] = _records("privacy.bewaartermijn_uitgevoerd")
    assert run.gebruiker_id == fg.id
    assert run.details is not None
    assert run.details["casus_ids"] == [wereld["oud_casus"].id]
    assert run.details["persoon_ids"] == [oud.id]
    # afterwards nothing is left to do
    tekst = client.get("/privacy/bewaartermijn").get_data(as_text=True)
    assert "Er is op dit moment niets over de bewaartermijn." in tekst


def test_a_list_that_changed_since_it_was_shown_is_not_run(
    client: FlaskClient, maak_gebruiker_: Any, wereld: dict[str, Any], op_peildag: None
) -> None:
    fg = maak_gebruiker_("privacy", naam="fg")
    db.session.commit()
    login(client, fg)
    antwoord = client.post(
        "/privacy/bewaartermijn/uitvoeren",
        data={"token": "t3", "plan": "0" * 32, "bevestigd": "y"},
    )
    assert antwoord.status_code == 200
    assert "De lijst is veranderd sinds u hem opende" in antwoord.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Persoon, wereld["oud"].id).achternaam == "Dossier"
    assert _records("privacy.bewaartermijn_uitgevoerd") == []


@pytest.mark.parametrize(
    "rollen", [("manager",), ("beheerder",), ("triage:pga_jeugd",), ("regisseur:pga_jeugd",)]
)
def test_only_the_privacy_officer_reaches_retention(
    client: FlaskClient,
    maak_gebruiker_: Any,
    wereld: dict[str, Any],
    op_peildag: None,
    rollen: tuple[str, ...],
) -> None:
    ik = maak_gebruiker_(*rollen)
    db.session.commit()
    login(client, ik)
    assert client.get("/privacy/bewaartermijn").status_code == 404
    assert client.get("/privacy/bewaartermijn/uitvoeren").status_code == 404
    antwoord = client.post(
        "/privacy/bewaartermijn/uitvoeren", data={"token": "t4", "plan": "x", "bevestigd": "y"}
    )
    assert antwoord.status_code == 404
    db.session.expire_all()
    assert db.session.get(Persoon, wereld["oud"].id).achternaam == "Dossier"
    assert _records("privacy.bewaartermijn_proefdraai") == []
