"""The periodic jobs run through the worker's path, and their schedule is Dutch time."""

from __future__ import annotations

from datetime import datetime

import pytest

from casus.auth.models import Gebruiker
from casus.extensions import db
from casus.taken.services import plan_taak
from casus.taken.wachtrij import ROOSTER, Wachtrij, _in_nederland
from tests.hulp.taken import vers, verwerk


@pytest.mark.parametrize(
    ("moment", "verwacht"),
    [
        (datetime(2026, 1, 15, 1, 30), True),  # 02.30 in winter (UTC+1)
        (datetime(2026, 1, 15, 2, 30), False),
        (datetime(2026, 7, 15, 0, 30), True),  # 02.30 in summer (UTC+2)
        (datetime(2026, 7, 15, 1, 30), False),
    ],
)
def test_the_nightly_check_is_planned_at_half_past_two_dutch_time(
    moment: datetime, verwacht: bool
) -> None:
    [controle] = [p for p in ROOSTER if p.soort == "controle"]
    assert _in_nederland(controle.wanneer)(moment) is verwacht


def test_the_brp_check_is_on_saturday_at_four() -> None:
    [brp] = [p for p in ROOSTER if p.soort == "brp_controle"]
    zaterdag = _in_nederland(brp.wanneer)
    assert zaterdag(datetime(2026, 3, 14, 3, 0))  # Saturday 04.00 (UTC+1)
    assert not zaterdag(datetime(2026, 3, 13, 3, 0))  # Friday


@pytest.mark.parametrize(
    ("soort", "uitkomst"),
    [
        ("termijnen", "Nieuwe meldingen. Termijn nadert: 0; Termijn verlopen: 0."),
        ("digests", "Samenvattingen per e-mail verstuurd: 0."),
        (
            "bewaartermijn_proef",
            "Bewaartermijn verstreken. Casussen: 0, personen: 0, signalen zonder casus: 0. "
            "Er is niets aan de beurt.",
        ),
        ("brp_controle", "De BRP is niet ingesteld: niets gecontroleerd."),
    ],
)
def test_a_periodic_job_on_an_empty_database(
    rij: Wachtrij, rollen: dict[str, Gebruiker], soort: str, uitkomst: str
) -> None:
    taak = plan_taak(soort)
    db.session.commit()
    verwerk(rij)
    t = vers(taak.id)
    assert (t.status, t.uitkomst) == ("gelukt", uitkomst)
