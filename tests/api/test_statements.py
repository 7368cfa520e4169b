"""The case list of the API runs a fixed number of SQL statements, whatever the number
of cases the client sees (issue 17: a statement count independent of the data size).

``GET /api/v1/casussen?aantal=100`` with the counters in the database (the test
configuration's ``INLOG_TELLER``) runs, by hand:

1. the client of the token, with its account's roles and teams (``client_bij_token``);
2. the client's rate counter for this minute (``pogingen.teller().stand``);
3. the page: the visible cases with their person and regisseur (one joined SELECT
   whose page of ids is chosen in a subquery, ``basis.bladzijde``);
4. the count of this call: the counter's upsert in the closing write
   (``DatabaseTeller.tel``: not read back);
5. the audit record ``api.aanroep`` (its INSERT);

and nothing per case: measured at two sizes, the count must be equal, and equal to
the number named here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask.testing import FlaskClient

from casus.auth.models import Gebruiker
from casus.casussen.services import meld_aan
from casus.extensions import db
from casus.toegang.actor import IMPORT
from tests.hulp import fabrieken
from tests.hulp.api import Api, api_client
from tests.hulp.apimatrix import vergeet_verzoek
from tests.hulp.statements import Statements

LIJST = "/api/v1/casussen?aantal=100"
# the statements named in the module docstring; measured, see the assertion
STATEMENTS = 5


def _casussen(aantal: int, aanpak: str, regisseur: Gebruiker | None) -> None:
    """``aantal`` cases of ``aanpak``, each of its own person; every other one with
    ``regisseur`` (so the page shows persons and regisseurs)."""
    for i in range(aantal):
        persoon = fabrieken.persoon(achternaam=f"Jansen {i}")
        c = meld_aan(aanpak, actor=IMPORT, aangemeld_op=date(2025, 1, 6), persoon=persoon)
        if regisseur is not None and i % 2:
            c.regisseur_id = regisseur.id
    db.session.commit()


def _tel(api: Api) -> tuple[int, int, list[str]]:
    vergeet_verzoek()
    with Statements(db.engine) as st:
        antwoord = api.get(LIJST)
    assert antwoord.status_code == 200, antwoord.get_data(as_text=True)
    return len(antwoord.json["resultaten"]), st.aantal, st.data


def test_case_list_runs_the_same_statements_for_5_and_for_150_cases(
    client: FlaskClient, maak_gebruiker_: Any
) -> None:
    regisseur = maak_gebruiker_("regisseur:ipta", naam="regisseur_ipta")
    _casussen(5, "ipta", regisseur)
    _casussen(3, "rio", None)  # another team's: never on the page, never counted
    api = api_client(client, "regisseur:ipta", "triage:ipta", limiet_per_minuut=1000)
    api.get(LIJST)  # the first call of a client warms nothing the second one needs
    klein, bij_5, _ = _tel(api)

    _casussen(145, "ipta", regisseur)
    groot, bij_150, sql_150 = _tel(api)

    assert (klein, groot) == (5, 100)
    assert bij_5 == bij_150, "\n\n".join(sql_150)
    assert bij_150 == STATEMENTS, "\n\n".join(sql_150)
