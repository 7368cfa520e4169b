"""Guards of afsluiten_succesvol in PGA Jeugd, corrections, and reassignment."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from casus.casussen.models import Interventie, Leefgebiedenscore
from casus.casussen.projectie import replay
from casus.casussen.services import (
    corrigeer,
    guard_bezwaren,
    pas_transitie_toe,
    wijs_regisseur_toe,
)
from casus.errors import GeenToegang, TransitieGeweigerd
from casus.extensions import db
from casus.personen.models import PolitieContact
from casus.toegang.actor import IMPORT

VANDAAG = date(2025, 9, 1)


def scores(casus: Any, datum: date, **waarden: int) -> None:
    basis = dict.fromkeys(
        [
            "dagbesteding",
            "financien",
            "huisvesting",
            "thuissituatie",
            "gezondheid",
            "sociaal_netwerk",
            "justitie",
        ],
        2,
    )
    db.session.add(Leefgebiedenscore(casus=casus, datum=datum, **(basis | waarden)))
    db.session.flush()


@time_machine.travel(date(2025, 9, 1), tick=False)
def test_doelen_behaald_needs_progress_and_six_quiet_months(maak_casus: Any) -> None:
    casus = maak_casus("pga_jeugd", "actief")
    with pytest.raises(TransitieGeweigerd) as fout:
        pas_transitie_toe(
            casus, "afsluiten_succesvol", datum=VANDAAG, actor=IMPORT, reden="doelen_behaald"
        )
    assert "nog geen vooruitgang op een leefgebied" in fout.value.bericht

    scores(casus, date(2025, 1, 10))
    scores(casus, date(2025, 6, 1), financien=3)
    # a police contact 5 months and 30 days ago: inside the 6 months
    db.session.add(PolitieContact(persoon=casus.persoon, datum=date(2025, 3, 2), soort="politie"))
    db.session.flush()
    db.session.refresh(casus.persoon)
    with pytest.raises(TransitieGeweigerd) as fout:
        pas_transitie_toe(
            casus, "afsluiten_succesvol", datum=VANDAAG, actor=IMPORT, reden="doelen_behaald"
        )
    assert fout.value.bericht == (
        "Er is in de afgelopen 6 maanden een negatief politie- of justitiecontact geregistreerd."
    )
    assert casus.status == "actief"


@time_machine.travel(date(2025, 9, 1), tick=False)
def test_doelen_behaald_allowed_with_a_contact_exactly_six_months_ago(maak_casus: Any) -> None:
    casus = maak_casus("pga_jeugd", "actief")
    scores(casus, date(2025, 1, 10))
    scores(casus, date(2025, 6, 1), dagbesteding=4)
    db.session.add(PolitieContact(persoon=casus.persoon, datum=date(2025, 3, 1), soort="justitie"))
    db.session.flush()
    db.session.refresh(casus.persoon)
    assert guard_bezwaren(casus, "afsluiten_succesvol", "doelen_behaald", VANDAAG) == []
    pas_transitie_toe(
        casus, "afsluiten_succesvol", datum=VANDAAG, actor=IMPORT, reden="doelen_behaald"
    )
    assert casus.status == "succesvol_afgesloten"
    assert casus.afgesloten_op == VANDAAG


def test_a_lower_later_score_is_no_progress(maak_casus: Any) -> None:
    casus = maak_casus("pga_jeugd", "actief")
    scores(casus, date(2025, 1, 10), financien=4)
    scores(casus, date(2025, 2, 10), financien=3)
    db.session.refresh(casus)
    assert casus.vooruitgang_op_leefgebied(date(2025, 3, 1)) is False


def test_interventies_uitgeput_needs_an_intervention(maak_casus: Any) -> None:
    casus = maak_casus("pga_jeugd", "actief")
    with pytest.raises(TransitieGeweigerd, match="nog geen interventie"):
        pas_transitie_toe(
            casus,
            "afsluiten_succesvol",
            datum=date(2025, 3, 1),
            actor=IMPORT,
            reden="interventies_uitgeput",
        )
    db.session.add(Interventie(casus=casus, type="halt", datum=date(2025, 2, 1)))
    db.session.flush()
    db.session.refresh(casus)
    pas_transitie_toe(
        casus,
        "afsluiten_succesvol",
        datum=date(2025, 3, 1),
        actor=IMPORT,
        reden="interventies_uitgeput",
    )
    assert casus.status == "succesvol_afgesloten"


def test_guards_do_not_apply_to_other_aanpakken(maak_casus: Any) -> None:
    casus = maak_casus("rio", "actief")
    pas_transitie_toe(
        casus, "afsluiten_succesvol", datum=date(2025, 3, 1), actor=IMPORT, reden="doelen_behaald"
    )
    assert casus.status == "succesvol_afgesloten"


def test_a_correction_voids_the_latest_status_change(maak_casus: Any, maak_gebruiker_: Any) -> None:
    triage = maak_gebruiker_("triage:ipta")
    casus = maak_casus("ipta", "in_de_wacht")  # ... starten 01-08, pauzeren 01-09
    fout = pas_transitie_toe(
        casus, "overdragen", datum=date(2025, 2, 1), actor=IMPORT, reden="zorgpartij", partij="GGZ"
    )
    correctie = corrigeer(casus, actor=triage, reden="Verkeerde casus aangeklikt")
    assert correctie.vervalt is fout
    assert fout.vervallen_door is correctie
    assert casus.status == "in_de_wacht"
    assert casus.afgesloten_op is None
    assert casus.status_sinds == date(2025, 1, 9)
    assert replay(casus.gebeurtenissen).status == "in_de_wacht"
    # the voided event stays in the log
    assert fout in casus.gebeurtenissen
    # a second correction peels back the pauzeren too
    corrigeer(casus, actor=triage, reden="Ook dit was fout")
    assert casus.status == "actief"


def test_only_triage_corrects_and_a_reason_is_required(
    maak_casus: Any, maak_gebruiker_: Any
) -> None:
    casus = maak_casus("ipta", "actief")
    with pytest.raises(GeenToegang):
        corrigeer(casus, actor=maak_gebruiker_("regisseur:ipta"), reden="x")
    with pytest.raises(TransitieGeweigerd, match="waarom"):
        corrigeer(casus, actor=maak_gebruiker_("triage:ipta"), reden="  ")
    assert casus.status == "actief"


def test_a_correction_restores_the_regisseur_of_a_voided_triage(
    maak_casus: Any, maak_gebruiker_: Any
) -> None:
    casus = maak_casus("ipta", "getriaged")
    assert casus.regisseur_id is not None
    corrigeer(casus, actor=maak_gebruiker_("triage:ipta"), reden="Nog niet besproken")
    assert casus.status == "aangemeld"
    assert casus.regisseur_id is None
    assert casus.opname_op is None


def test_reassignment_is_an_event(maak_casus: Any, maak_gebruiker_: Any) -> None:
    casus = maak_casus("ipta", "actief")
    nieuwe = maak_gebruiker_("regisseur:ipta")
    g = wijs_regisseur_toe(
        casus, nieuwe, actor=maak_gebruiker_("triage:ipta"), datum=date(2025, 3, 1)
    )
    assert g.transitie == "toewijzen"
    assert casus.regisseur_id == nieuwe.id
    assert casus.status == "actief"
    assert casus.status_sinds == date(2025, 1, 8)
