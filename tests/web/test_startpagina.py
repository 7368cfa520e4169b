"""Each role starts where its work is (casus.toegang.policy.startpagina)."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from casus.extensions import db
from tests.hulp.client import login


@pytest.mark.parametrize(
    ("rollen", "naar"),
    [
        (("regisseur:pga_jeugd",), None),  # Mijn casussen itself
        (("regisseur:ipta", "triage:ipta"), None),  # has cases of their own
        (("triage:pga_jeugd",), "/triage/"),
        (("manager",), "/rapportage/"),
        (("privacy",), "/privacy/personen"),
        (("beheerder",), "/beheer/gebruikers"),
        (("triage:rio", "manager"), "/triage/"),  # team work first
        (("manager", "beheerder"), "/rapportage/"),
    ],
)
def test_each_role_lands_where_its_work_is(
    client: FlaskClient, maak_gebruiker_: Any, rollen: tuple[str, ...], naar: str | None
) -> None:
    gebruiker = maak_gebruiker_(*rollen)
    db.session.commit()
    assert login(client, gebruiker).headers["Location"] == "/"
    antwoord = client.get("/")
    if naar is None:
        assert antwoord.status_code == 200
        assert "<h1>Mijn casussen</h1>" in antwoord.get_data(as_text=True)
    else:
        assert (antwoord.status_code, antwoord.headers["Location"]) == (302, naar)
        # and the page it is sent to is there for this user
        assert client.get(naar).status_code == 200


def test_a_user_without_a_role_reads_whom_to_ask(client: FlaskClient, maak_gebruiker_: Any) -> None:
    gebruiker = maak_gebruiker_()
    db.session.commit()
    login(client, gebruiker)
    antwoord = client.get("/")
    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    assert "<h1>U hebt nog geen rol in Casus</h1>" in html
    assert "Vraag de applicatiebeheerder van de gemeente Zoetermeer" in html
    assert "Mijn casussen" not in html
    assert "Nieuwe aanmelding" not in html
