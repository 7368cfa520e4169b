"""The Rapportage page over an ended half-year: counted on the first view, then read
from the cache, and counted again at once when data dated inside it changes.

The clock stands at 2025-09-15: 2025-H1 and the five half-years before it have ended.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.casussen.services import corrigeer, meld_aan, pas_transitie_toe
from casus.extensions import db
from casus.rapportage.models import Rapportcache
from casus.toegang.actor import IMPORT
from tests.hulp import fabrieken
from tests.hulp.client import login
from tests.hulp.statements import Statements

pytestmark = pytest.mark.klok("2025-09-15 10:00")

PAGINA = "/rapportage/?periode=2025-H1"


@pytest.fixture
def manager(client: FlaskClient, maak_gebruiker_: Callable[..., Gebruiker]) -> Gebruiker:
    g = maak_gebruiker_("manager", naam="teamleider")
    db.session.commit()
    login(client, g)
    return g


def _ipta_afgesloten() -> Casus:
    p = fabrieken.persoon("Sem", "Geheimnaam", date(2006, 4, 12))
    c = meld_aan("ipta", aangemeld_op=date(2025, 1, 6), persoon=p, actor=IMPORT)
    for trigger, dag, reden in (
        ("triageren", 7, None),
        ("starten", 8, None),
        ("afsluiten_succesvol", 9, "werk"),
    ):
        pas_transitie_toe(
            c, trigger, datum=date(2025, 3, dag), actor=IMPORT, reden=reden, historisch=True
        )
    db.session.commit()
    return c


def _bekijk(client: FlaskClient) -> tuple[str, int]:
    """The page's HTML and how many statements read casusstand (counting)."""
    with Statements(db.engine) as st:
        antwoord = client.get(PAGINA)
    assert antwoord.status_code == 200
    return antwoord.get_data(as_text=True), sum("casusstand" in s for s in st.data)


def _afgesloten_csv(client: FlaskClient) -> str:
    csv = client.get("/rapportage/download.csv?periode=2025-H1").get_data(as_text=True)
    rij = next(r for r in csv.splitlines() if r.startswith("Aanpakken;IPTA;Afgesloten;"))
    return ";".join(rij.split(";")[:6])


def test_the_page_counts_once_then_reads_the_cache_until_a_correction_inside(
    client: FlaskClient, manager: Gebruiker
) -> None:
    c = _ipta_afgesloten()
    eerste, geteld = _bekijk(client)
    assert geteld > 0
    # the report over 2025-H1, and the trend's six half-years 2022-H2 .. 2025-H1
    assert db.session.scalar(select(func.count()).select_from(Rapportcache)) == 7
    tweede, geteld = _bekijk(client)
    assert geteld == 0
    assert tweede == eerste
    # (period, comparison, difference): closed in 2025-H1, nothing a year earlier
    assert _afgesloten_csv(client) == "Aanpakken;IPTA;Afgesloten;1;0;1"

    # registered today, the correction voids the closure of 2025-03-09
    corrigeer(db.session.get_one(Casus, c.id), actor=IMPORT, reden="te vroeg afgesloten")
    db.session.commit()
    derde, geteld = _bekijk(client)
    assert geteld > 0
    assert derde != tweede
    assert _afgesloten_csv(client) == "Aanpakken;IPTA;Afgesloten;0;0;0"

    # a closure dated after the period (2025-08-01) leaves every cached figure valid
    pas_transitie_toe(
        db.session.get_one(Casus, c.id),
        "afsluiten_succesvol",
        datum=date(2025, 8, 1),
        actor=IMPORT,
        reden="werk",
        historisch=True,
    )
    db.session.commit()
    vierde, geteld = _bekijk(client)
    assert geteld == 0
    assert vierde == derde
