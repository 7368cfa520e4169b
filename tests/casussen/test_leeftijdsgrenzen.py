"""Age limits per aanpak: the one rule, and every door into an aanpak (the aanmelding
service and form, omzetten). The import's reader: tests/importeren/test_leeftijd_en_alias.py.

Ages worked out by hand: born 1997-06-03 is 27 years and 364 days old on 2025-06-02
and 28 on 2025-06-03; born 2008-03-01 is 16 on 2024-12-31 and on 2025-01-01; born
2025-05-02 is 0 (one month) on 2025-06-02.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.casussen.casuswerk import registreer_aanmelding
from casus.casussen.models import Casus
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.casussen.stapregels import controleer_leeftijd
from casus.errors import DomeinFout, Ongeldig
from casus.extensions import db
from casus.toegang.actor import IMPORT
from tests.hulp.client import login
from tests.hulp.fabrieken import persoon

pytestmark = pytest.mark.klok(date(2025, 6, 3))

PGAJ_MAX = "PGA Jeugd is voor jongeren tot en met 27 jaar."


# -- the rule ---------------------------------------------------------------------------


def test_pga_jeugd_takes_27_years_and_364_days_and_refuses_28() -> None:
    geboren = date(1997, 6, 3)
    assert controleer_leeftijd("pga_jeugd", geboren, date(2025, 6, 2)) == []
    (fout,) = controleer_leeftijd("pga_jeugd", geboren, date(2025, 6, 3))
    assert not fout.waarschuwing
    assert fout.veld == "geboortedatum"
    assert fout.bericht == f"Deze persoon is op 03-06-2025 28 jaar oud. {PGAJ_MAX}"


def test_rio_refuses_a_minor_in_2024_and_takes_one_from_2025() -> None:
    geboren = date(2008, 3, 1)
    (fout,) = controleer_leeftijd("rio", geboren, date(2024, 12, 31))
    assert not fout.waarschuwing
    assert "16 jaar oud" in fout.bericht
    assert "tot 2025 alleen" in fout.bericht
    assert controleer_leeftijd("rio", geboren, date(2025, 1, 1)) == []
    # 18 on the day: taken in 2024 too; 28 refused in either year
    assert controleer_leeftijd("rio", date(2006, 12, 31), date(2024, 12, 31)) == []
    assert len(controleer_leeftijd("rio", date(1996, 1, 1), date(2025, 6, 1))) == 1


def test_a_baby_in_pga_jeugd_is_a_warning_not_a_refusal() -> None:
    (fout,) = controleer_leeftijd("pga_jeugd", date(2025, 5, 2), date(2025, 6, 2))
    assert fout.waarschuwing
    assert fout.bericht.startswith("Deze persoon is op 02-06-2025 0 jaar oud.")
    assert "onder de 12 jaar" in fout.bericht
    # 12 on the day: no warning
    assert controleer_leeftijd("pga_jeugd", date(2013, 6, 2), date(2025, 6, 2)) == []


def test_aanpakken_without_limits_and_an_unknown_birth_date_pass() -> None:
    for aanpak in ("ipta", "pga_r", "ondermijning", "woonoverlast"):
        assert controleer_leeftijd(aanpak, date(1959, 1, 1), date(2025, 6, 2)) == []
    assert controleer_leeftijd("pga_jeugd", None, date(2025, 6, 2)) == []


# -- the services -----------------------------------------------------------------------


def test_meld_aan_refuses_a_person_over_the_limit_on_the_birth_date() -> None:
    oud = persoon(geboortedatum=date(1997, 6, 3))
    db.session.commit()
    with pytest.raises(Ongeldig) as fout:
        meld_aan("pga_jeugd", actor=IMPORT, aangemeld_op=date(2025, 6, 3), persoon=oud)
    assert fout.value.veld == "geboortedatum"
    assert PGAJ_MAX in fout.value.bericht
    db.session.rollback()
    # a day earlier: 27 years and 364 days
    casus = meld_aan("pga_jeugd", actor=IMPORT, aangemeld_op=date(2025, 6, 2), persoon=oud)
    assert casus.aanpak == "pga_jeugd"


def test_a_warning_at_the_aanmelding_needs_the_confirmation(maak_gebruiker_: Any) -> None:
    ik = maak_gebruiker_("regisseur:pga_jeugd")
    baby = persoon(geboortedatum=date(2025, 5, 2))
    velden: dict[str, Any] = {
        "actor": ik,
        "persoon": baby,
        "kenmerken": {},
        "aanmeldreden": "Overlast",
        "aangemeld_op": date(2025, 6, 2),
    }
    with pytest.raises(Ongeldig) as fout:
        registreer_aanmelding("pga_jeugd", **velden)
    assert fout.value.veld == "leeftijd_bevestigd"
    assert "0 jaar oud" in fout.value.bericht
    casus = registreer_aanmelding("pga_jeugd", leeftijd_bevestigd=True, **velden)
    assert casus.persoon_id == baby.id


def test_a_confirmation_does_not_lift_a_refusal(maak_gebruiker_: Any) -> None:
    ik = maak_gebruiker_("regisseur:pga_jeugd")
    with pytest.raises(Ongeldig) as fout:
        registreer_aanmelding(
            "pga_jeugd",
            actor=ik,
            persoon=persoon(geboortedatum=date(1959, 1, 1)),
            kenmerken={},
            aanmeldreden="Overlast",
            aangemeld_op=date(2025, 6, 2),
            leeftijd_bevestigd=True,
        )
    assert fout.value.veld == "geboortedatum"


def test_omzetten_judges_the_target_aanpak_on_the_omzetten_date(maak_casus: Any) -> None:
    # 27 on the aanmelding in IPTA (no limit), 28 on the omzetten date
    casus = maak_casus("ipta", persoon=persoon(geboortedatum=date(1997, 1, 10)))
    db.session.commit()
    with pytest.raises(DomeinFout) as fout:
        pas_transitie_toe(
            casus, "omzetten", datum=date(2025, 1, 10), actor=IMPORT, doel_aanpak="pga_jeugd"
        )
    assert fout.value.bericht == f"Deze persoon is op 10-01-2025 28 jaar oud. {PGAJ_MAX}"
    db.session.rollback()
    assert casus.aanpak == "ipta"
    pas_transitie_toe(
        casus, "omzetten", datum=date(2025, 1, 9), actor=IMPORT, doel_aanpak="pga_jeugd"
    )
    assert casus.aanpak == "pga_jeugd"


def test_omzetten_of_a_minor_to_rio_is_refused_in_2024_and_allowed_in_2025(
    maak_casus: Any,
) -> None:
    kind = persoon(geboortedatum=date(2008, 3, 1))
    casus = maak_casus("ipta", aangemeld_op=date(2024, 12, 2), persoon=kind)
    db.session.commit()
    with pytest.raises(DomeinFout):
        pas_transitie_toe(
            casus, "omzetten", datum=date(2024, 12, 31), actor=IMPORT, doel_aanpak="rio"
        )
    db.session.rollback()
    pas_transitie_toe(casus, "omzetten", datum=date(2025, 1, 1), actor=IMPORT, doel_aanpak="rio")
    assert casus.aanpak == "rio"


def test_a_warning_does_not_stop_omzetten(maak_casus: Any) -> None:
    casus = maak_casus("ipta", persoon=persoon(geboortedatum=date(2020, 1, 1)))
    pas_transitie_toe(
        casus, "omzetten", datum=date(2025, 1, 7), actor=IMPORT, doel_aanpak="pga_jeugd"
    )
    assert casus.aanpak == "pga_jeugd"


# -- the web form ------------------------------------------------------------------------


@pytest.fixture
def ik(maak_gebruiker_: Any, client: FlaskClient) -> Any:
    gebruiker = maak_gebruiker_("regisseur:pga_jeugd")
    db.session.commit()
    login(client, gebruiker)
    return gebruiker


def _formulier(token: str, **extra: str) -> dict[str, str]:
    data = {
        "token": token,
        "voornaam": "Noa",
        "achternaam": "Bakker",
        "geboortedatum": "1997-06-03",
        "aangemeld_op": "2025-06-03",
        "aanmeldreden": "Betrokken bij wapenincident",
        "k_wijk": "Dorp",
    }
    data.update(extra)
    return data


def _aantal() -> int:
    return db.session.scalar(select(func.count()).select_from(Casus)) or 0


def test_the_form_shows_a_refused_age_next_to_the_birth_date_and_keeps_the_input(
    client: FlaskClient, ik: Any
) -> None:
    antwoord = client.post("/aanmelding/pga_jeugd", data=_formulier("t1"))
    assert antwoord.status_code == 422
    html = antwoord.get_data(as_text=True)
    fout = (
        '<p class="veld__fout" id="geboortedatum-fout">'
        f"Deze persoon is op 03-06-2025 28 jaar oud. {PGAJ_MAX} </p>"
    )
    assert fout in html
    assert 'aria-invalid="true"' in html.split('id="geboortedatum-fout"')[1].split("</div>")[0]
    assert 'value="Noa"' in html
    assert 'value="Bakker"' in html
    assert "Betrokken bij wapenincident" in html
    assert "Ik heb de leeftijd gecontroleerd" not in html
    assert _aantal() == 0


def test_the_form_asks_to_confirm_a_warning_and_then_registers(
    client: FlaskClient, ik: Any
) -> None:
    data = _formulier("t2", geboortedatum="2025-05-02", aangemeld_op="2025-06-02")
    antwoord = client.post("/aanmelding/pga_jeugd", data=data)
    assert antwoord.status_code == 422
    html = antwoord.get_data(as_text=True)
    assert "Ik heb de leeftijd gecontroleerd" in html
    assert 'id="leeftijd_bevestigd-fout"' in html
    assert "Deze persoon is op 02-06-2025 0 jaar oud." in html
    assert 'value="Noa"' in html
    assert _aantal() == 0
    antwoord = client.post(
        "/aanmelding/pga_jeugd", data={**data, "token": "t3", "leeftijd_bevestigd": "y"}
    )
    assert antwoord.status_code == 302
    assert _aantal() == 1
