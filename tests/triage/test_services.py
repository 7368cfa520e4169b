"""The triage services directly: rights and rules without the web layer."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from casus.errors import GeenToegang, Ongeldig, TransitieGeweigerd
from casus.triage.services import houd_aan, maak_overleg, neem_besluit, zet_op_agenda
from tests.hulp.triage import VANDAAG


@time_machine.travel(VANDAAG, tick=False)
def test_neem_besluit_refuses_a_user_without_the_triage_role_of_the_cases_aanpak(
    maak_casus: Any, maak_gebruiker_: Any
) -> None:
    casus = maak_casus("rio", aangemeld_op=date(2025, 3, 2))
    triage_jeugd = maak_gebruiker_("triage:pga_jeugd", "regisseur:rio")
    with pytest.raises(GeenToegang, match="triageoverleg van RIO"):
        neem_besluit(casus, "niet_opnemen", actor=triage_jeugd, reden="elders_belegd")
    assert casus.status == "aangemeld"
    assert len(casus.gebeurtenissen) == 1


@time_machine.travel(VANDAAG, tick=False)
def test_only_an_aanmelding_can_be_held_over(maak_casus: Any, triagist: Any) -> None:
    casus = maak_casus("pga_jeugd", "actief")
    with pytest.raises(TransitieGeweigerd, match="Alleen een aanmelding"):
        houd_aan(casus, actor=triagist, datum=VANDAAG, toelichting="Later")


@time_machine.travel(VANDAAG, tick=False)
def test_a_meeting_needs_aanpakken_the_user_triages_and_attendees_from_those_teams(
    maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    buitenstaander = maak_gebruiker_("regisseur:rio", naam="buiten")
    with pytest.raises(Ongeldig, match="Kies minstens één aanpak"):
        maak_overleg(datum=VANDAAG, aanpakken=[], deelnemers=[], actor=triagist)
    with pytest.raises(GeenToegang):
        maak_overleg(datum=VANDAAG, aanpakken=["rio"], deelnemers=[], actor=triagist)
    with pytest.raises(Ongeldig, match="Test buiten is geen lid van een team van dit overleg"):
        maak_overleg(datum=VANDAAG, aanpakken=["ipta"], deelnemers=[buitenstaander], actor=triagist)


@time_machine.travel(VANDAAG, tick=False)
def test_a_case_of_another_aanpak_cannot_be_put_on_the_agenda(
    maak_casus: Any, triagist: Any
) -> None:
    overleg = maak_overleg(datum=VANDAAG, aanpakken=["ipta"], deelnemers=[], actor=triagist)
    jeugd = maak_casus("pga_jeugd", "actief")
    with pytest.raises(Ongeldig, match="bespreekt geen casussen van PGA Jeugd"):
        zet_op_agenda(overleg, jeugd, actor=triagist)
    assert overleg.agenda == []
