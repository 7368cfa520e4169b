"""/api/v1/rapport: the CLI's JSON for the same period, for managers' clients only, and
no personal data in it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.extensions import db
from casus.rapportage.models import Rapportcache
from casus.signalen.models import Signaal
from tests.hulp import fabrieken
from tests.hulp.api import api_client, problemen
from tests.hulp.geschiedenis import casus

ONMOGELIJK = "Kies een periode vanaf 01-01-1900, tot en met het jaar 9999."

# 2025-H1 has ended: the report is served from the cache, as on the Rapportage page
pytestmark = pytest.mark.klok("2025-09-15 10:00")


@pytest.fixture
def geschiedenis() -> dict[str, Any]:
    """A small history in 2025-H1 (and one case in 2024-H1, the comparison period)."""
    sem = fabrieken.persoon("Sem", "Jansen", date(2007, 4, 12), bsn="123456782")
    fatima = fabrieken.persoon("Fatima", "El Amrani", date(1990, 9, 1), bsn="987654321")
    noor = fabrieken.persoon("Noor", "Visser", date(2009, 1, 20))
    ipta = casus("ipta", "2025-02-03", ("triageren", "2025-02-10"), p=sem)
    ondermijning = casus(
        "ondermijning",
        "2025-01-15",
        ("triageren", "2025-01-20"),
        ("starten", "2025-01-25"),
        ("afsluiten_succesvol", "2025-05-01", "interventie_ingezet"),
        p=fatima,
        kenmerken={"herkomst": "riec"},
    )
    jeugd = casus(
        "pga_jeugd",
        "2025-03-03",
        ("triageren", "2025-03-05"),
        ("overdragen", "2025-04-07", "andere_gemeente", {"partij": "Gemeente Gouda"}),
        p=noor,
    )
    vorig_jaar = casus("ipta", "2024-03-01", ("triageren", "2024-03-04"))
    db.session.commit()
    signaal = fabrieken.signaal(
        "ondermijning",
        thema="witwassen",
        bron="handhaving",
        ontvangen_op=date(2025, 3, 1),
        betreft_naam="Snackbar De Hoek",
        betreft_adres="Dorpsstraat 12",
        melder_naam="Piet Melder",
    )
    return {"casussen": [ipta, ondermijning, jeugd, vorig_jaar], "signaal": signaal}


def _cli(app: Flask, *args: str) -> dict[str, Any]:
    uit = app.test_cli_runner().invoke(args=["rapport", "halfjaar", *args, "--format", "json"])
    assert uit.exit_code == 0, uit.output
    return dict(json.loads(uit.output))


def test_the_api_gives_the_cli_json_of_the_period(
    app: Flask, client: FlaskClient, geschiedenis: dict[str, Any]
) -> None:
    api = api_client(client, "manager")
    antwoord = api.get("/api/v1/rapport?periode=2025-H1")
    assert antwoord.status_code == 200, antwoord.get_data(as_text=True)
    r = antwoord.json
    # worked out by hand from the history above
    assert r["periode"] == {"label": "2025-H1", "van": "2025-01-01", "tot_en_met": "2025-06-30"}
    assert r["vergelijkingsperiode"]["label"] == "2024-H1"
    # IPTA: the 2024 case still running at the start, the 2025 one new
    ipta = r["aanpakken"]["ipta"]
    assert (ipta["lopend_begin"], ipta["nieuw"], ipta["totaal"]) == (1, 1, 2)
    assert (ipta["vergelijking"]["nieuw"], ipta["vergelijking"]["totaal"]) == (1, 1)
    ond = r["aanpakken"]["ondermijning"]
    assert ond["afgesloten_per_status"]["succesvol_afgesloten"] == 1
    assert ond["afgesloten_per_reden"]["succesvol_afgesloten"]["interventie_ingezet"] == 1
    assert r["ondermijning"] == {
        "per_herkomst": {"lokaal": 0, "riec": 1},
        "oplossingspercentage": 100.0,
    }
    jeugd = r["aanpakken"]["pga_jeugd"]
    assert jeugd["afgesloten_per_reden"]["overgedragen"]["andere_gemeente"] == 1
    assert r["signalen"]["ondermijning"]["totaal"] == 1
    assert r["signalen"]["ondermijning"]["per_bron"]["handhaving"] == 1
    assert r["signalen"]["ondermijning"]["per_thema"]["witwassen"] == 1
    # the CLI's JSON, key for key; computed and then from the cache alike
    assert r == _cli(app, "2025-H1")
    db.session.rollback()
    gecached = select(func.count()).select_from(Rapportcache).where(Rapportcache.soort == "rapport")
    assert db.session.scalar(gecached) == 1
    assert api.get("/api/v1/rapport?periode=2025-h1").json == r


def test_a_custom_range_equals_the_cli_with_van_and_tot_en_met(
    app: Flask, client: FlaskClient, geschiedenis: dict[str, Any]
) -> None:
    api = api_client(client, "manager")
    antwoord = api.get("/api/v1/rapport?van=2025-02-11&tot_en_met=2025-03-31")
    assert antwoord.status_code == 200
    r = antwoord.json
    assert r["periode"]["label"] == "2025-02-11..2025-03-31"
    # both IPTA cases were taken in before 11 February: running at the start, none new
    assert (r["aanpakken"]["ipta"]["lopend_begin"], r["aanpakken"]["ipta"]["nieuw"]) == (2, 0)
    assert r == _cli(app, "--van", "2025-02-11", "--tot-en-met", "2025-03-31")


def test_the_report_names_no_person_case_or_signal(
    client: FlaskClient, geschiedenis: dict[str, Any]
) -> None:
    tekst = (
        api_client(client, "manager").get("/api/v1/rapport?periode=2025-H1").get_data(as_text=True)
    )
    signaal: Signaal = geschiedenis["signaal"]
    verboden = [
        "Sem",
        "Jansen",
        "Fatima",
        "El Amrani",
        "Noor",
        "Visser",
        "123456782",
        "987654321",
        "2007-04-12",
        "Gouda",
        "Snackbar",
        "Dorpsstraat",
        "Piet Melder",
        str(signaal.ref),
        *(str(c.ref) for c in geschiedenis["casussen"]),
    ]
    assert [w for w in verboden if w in tekst] == []


@pytest.mark.parametrize(
    "rollen", [("regisseur:ipta",), ("triage:ondermijning",), ("regisseur:pga_r",)]
)
def test_a_client_without_the_manager_role_gets_404(
    client: FlaskClient, rollen: tuple[str, ...]
) -> None:
    api = api_client(client, *rollen)
    for pad in ("/api/v1/rapport?periode=2025-H1", "/api/v1/rapport?periode=onzin"):
        antwoord = api.get(pad)
        assert antwoord.status_code == 404
        assert antwoord.content_type == "application/problem+json"
        assert antwoord.json["title"] == "Niet gevonden"


def test_a_client_without_a_token_gets_401(client: FlaskClient) -> None:
    assert client.get("/api/v1/rapport?periode=2025-H1").status_code == 401


@pytest.mark.parametrize(
    ("query", "fouten"),
    [
        (
            "periode=2025-H3",
            {
                "periode": "'2025-H3' is geen periode; gebruik bijvoorbeeld 2025-H1, "
                "2025-Q2 of 2025."
            },
        ),
        ("", {"periode": "Geef een periode (bijvoorbeeld 2025-H1), of zowel van als tot_en_met."}),
        (
            "van=2025-01-01",
            {"tot_en_met": "Geef een periode (bijvoorbeeld 2025-H1), of zowel van als tot_en_met."},
        ),
        (
            "periode=2025-H1&van=2025-01-01",
            {"periode": "Geef een periode óf van en tot_en_met, niet allebei."},
        ),
        (
            "van=2025-03-01&tot_en_met=2025-02-01",
            {"tot_en_met": "De einddatum ligt vóór de begindatum."},
        ),
        ("van=2025-02-30&tot_en_met=2025-03-01", {"van": "Geef een datum als JJJJ-MM-DD."}),
        ("van=1899-12-31&tot_en_met=2025-03-01", {"van": "Vul een datum in vanaf 01-01-1900."}),
        # outside the calendar, or before the first date any form takes
        *(
            (f"periode={label}", {"periode": ONMOGELIJK})
            for label in ("0000", "9999-Q4", "1899-H2")
        ),
    ],
)
def test_an_invalid_period_is_422_with_dutch_invalid_params(
    client: FlaskClient, query: str, fouten: dict[str, str]
) -> None:
    antwoord = api_client(client, "manager").get(f"/api/v1/rapport?{query}")
    assert antwoord.status_code == 422
    assert problemen(antwoord) == fouten
