"""The daily norm escalation on a frozen clock: nothing the day before the warning, a
"termijn nadert" on the warning day, a "termijn verlopen" the day after the due date,
and nothing new on a rerun."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from casus.casussen.models import Casus, Notitie
from casus.errors import GeenToegang
from casus.extensions import db
from casus.notificaties.models import Notificatie
from casus.termijnen.services import escaleer_normen
from casus.toegang.actor import TERMIJNEN
from casus.toegang.policy import (
    mag_casus_bewerken,
    mag_casus_zien,
    mag_normen_escaleren,
    mag_termijnoverzicht_zien,
    zichtbare_aanpakken,
)
from casus.toegang.queries import zichtbare_casussen
from tests.hulp.klok import stil
from workflows import CATALOGUS

NIETS = {"termijn_nadert": 0, "termijn_verlopen": 0}


def _draai(dag: date) -> dict[str, int]:
    with stil(dag):
        uitkomst = escaleer_normen(actor=TERMIJNEN)
        db.session.commit()
    return uitkomst


def _notificaties(casus: Casus) -> list[tuple[int, str, str, str]]:
    return [
        (n.gebruiker_id, n.soort, n.tekst, n.link)
        for n in db.session.scalars(
            select(Notificatie).where(Notificatie.casus_id == casus.id).order_by(Notificatie.id)
        )
    ]


def test_an_aanmelding_escalates_to_its_triage_table_on_the_right_days(
    maak_casus: Any, maak_gebruiker_: Any
) -> None:
    with stil(date(2025, 4, 17)):
        triage = maak_gebruiker_("triage:pga_jeugd")
        maak_gebruiker_("regisseur:pga_jeugd")  # no triage seat: not asked to decide
        maak_gebruiker_("triage:ipta")  # another team: may not even see the case
        casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 4, 17))
        db.session.commit()
    # 10 workdays from Thursday 17 April 2025: due Tuesday 6 May (Goede Vrijdag,
    # Paasmaandag and Bevrijdingsdag off); the warning 3 workdays before: 30 April
    assert _draai(date(2025, 4, 29)) == NIETS
    assert _draai(date(2025, 4, 30)) == {"termijn_nadert": 1, "termijn_verlopen": 0}
    assert _draai(date(2025, 4, 30)) == NIETS
    assert _draai(date(2025, 5, 6)) == NIETS  # the due date: still the same warning
    assert _draai(date(2025, 5, 7)) == {"termijn_nadert": 0, "termijn_verlopen": 1}
    assert _draai(date(2025, 5, 7)) == NIETS
    assert _draai(date(2025, 5, 12)) == NIETS
    assert _notificaties(casus) == [
        (
            triage.id,
            "termijn_nadert",
            f"{casus.ref}: Let op: triagebesluit uiterlijk 6 mei 2025",
            f"/casus/{casus.id}",
        ),
        (
            triage.id,
            "termijn_verlopen",
            f"{casus.ref}: Verlopen: triagebesluit uiterlijk 6 mei 2025",
            f"/casus/{casus.id}",
        ),
    ]
    # no name in the text, only the case number
    assert "Jansen" not in "".join(t for _, _, t, _ in _notificaties(casus))


def test_a_contact_norm_escalates_to_the_regisseur_and_a_contact_resets_it(
    maak_casus: Any, maak_gebruiker_: Any
) -> None:
    with stil(date(2025, 3, 3)):
        regisseur = maak_gebruiker_("regisseur:pga_jeugd")
        collega = maak_gebruiker_("regisseur:pga_jeugd", "triage:pga_jeugd")
        casus = maak_casus("pga_jeugd", "actief", regisseur=regisseur)
        db.session.add(
            Notitie(casus=casus, soort="contactmoment", datum=date(2025, 3, 3), tekst="gesprek")
        )
        db.session.commit()
    # PGA Jeugd: a contactmoment every 21 days: due 24 March, the warning from 19 March
    assert _draai(date(2025, 3, 18)) == NIETS
    assert _draai(date(2025, 3, 19)) == {"termijn_nadert": 1, "termijn_verlopen": 0}
    ontvangers = {g for g, *_ in _notificaties(casus)}
    assert ontvangers == {regisseur.id}
    assert collega.id not in ontvangers
    with stil(date(2025, 3, 20)):
        db.session.add(
            Notitie(casus=casus, soort="contactmoment", datum=date(2025, 3, 20), tekst="bezoek")
        )
        db.session.commit()
    # due again on 10 April: nothing on 25 March
    assert _draai(date(2025, 3, 25)) == NIETS


def test_a_rerun_skips_what_was_notified_but_a_new_regisseur_still_hears_of_it(
    maak_casus: Any, maak_gebruiker_: Any
) -> None:
    with stil(date(2025, 3, 3)):
        eerste = maak_gebruiker_("regisseur:pga_jeugd")
        tweede = maak_gebruiker_("regisseur:pga_jeugd")
        casus = maak_casus("pga_jeugd", "actief", regisseur=eerste)
        db.session.add(
            Notitie(casus=casus, soort="contactmoment", datum=date(2025, 3, 3), tekst="gesprek")
        )
        db.session.commit()
    # due 24 March (21 days); overdue from 25 March
    assert _draai(date(2025, 3, 25)) == {"termijn_nadert": 0, "termijn_verlopen": 1}
    assert _draai(date(2025, 3, 26)) == NIETS
    with stil(date(2025, 3, 26)):
        casus.regisseur_id = tweede.id  # handed over (the service path is tested elsewhere)
        db.session.commit()
    # the same key, but the new regisseur does not have it yet
    assert _draai(date(2025, 3, 27)) == {"termijn_nadert": 0, "termijn_verlopen": 1}
    assert [(g, soort) for g, soort, *_ in _notificaties(casus)] == [
        (eerste.id, "termijn_verlopen"),
        (tweede.id, "termijn_verlopen"),
    ]


def test_only_the_escalation_may_escalate_and_it_may_change_nothing(
    maak_casus: Any, maak_gebruiker_: Any
) -> None:
    with stil(date(2025, 3, 3)):
        regisseur = maak_gebruiker_("regisseur:pga_jeugd", "manager")
        casus = maak_casus("pga_jeugd", "actief", regisseur=regisseur)
        db.session.commit()
    with pytest.raises(GeenToegang):
        escaleer_normen(actor=regisseur)
    assert mag_normen_escaleren(TERMIJNEN)
    # it reads every aanpak's open cases through the SQL filter ...
    assert zichtbare_aanpakken(TERMIJNEN) == sorted(CATALOGUS.codes())
    assert casus.id in db.session.scalars(zichtbare_casussen(TERMIJNEN).with_only_columns(Casus.id))
    # ... and no predicate grants it a case, nor the managers' page
    assert not mag_casus_zien(TERMIJNEN, casus)
    assert not mag_casus_bewerken(TERMIJNEN, casus)
    assert not mag_termijnoverzicht_zien(TERMIJNEN)
