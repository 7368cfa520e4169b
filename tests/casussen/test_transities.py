"""The status service against a real database."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from casus.casussen.models import Casus, Gebeurtenis
from casus.casussen.projectie import replay
from casus.casussen.services import pas_transitie_toe
from casus.errors import TransitieGeweigerd
from casus.extensions import db
from casus.klok import vandaag
from casus.toegang.actor import IMPORT
from tests.hulp.fabrieken import reden_voor
from tests.hulp.levensloop import AANPAKKEN, STATUSSEN, TOEGESTAAN, TRIGGERS


def momentopname(casus: Casus) -> tuple[Any, ...]:
    db.session.expire_all()
    rij = db.session.get(Casus, casus.id)
    assert rij is not None
    events = db.session.execute(
        select(Gebeurtenis.id, Gebeurtenis.transitie, Gebeurtenis.naar_status)
        .where(Gebeurtenis.casus_id == casus.id)
        .order_by(Gebeurtenis.volgnummer)
    ).all()
    return (rij.status, rij.aanpak, rij.versie, rij.regisseur_id, rij.status_sinds, tuple(events))


def argumenten(aanpak: str, trigger: str, regisseur: Any) -> dict[str, Any]:
    doel = "ipta" if aanpak != "ipta" else "pga_jeugd"
    return {
        "reden": reden_voor(aanpak, trigger),
        "partij": "Gemeente Gouda" if trigger == "overdragen" else None,
        "regisseur": regisseur if trigger == "triageren" else None,
        "doel_aanpak": doel if trigger == "omzetten" else None,
    }


@pytest.mark.parametrize("aanpak", AANPAKKEN)
@pytest.mark.parametrize("status", STATUSSEN)
def test_every_move_from_every_state(
    aanpak: str, status: str, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    ander = "ipta" if aanpak != "ipta" else "pga_jeugd"
    regisseur = maak_gebruiker_(f"regisseur:{aanpak}", f"regisseur:{ander}")
    datum = date(2025, 3, 1)
    for trigger in TRIGGERS:
        casus = maak_casus(aanpak, status, regisseur=regisseur)
        db.session.commit()
        voor = momentopname(casus)
        kwargs = argumenten(aanpak, trigger, regisseur)
        verwacht = TOEGESTAAN.get((status, trigger))
        if verwacht is None:
            with pytest.raises(TransitieGeweigerd) as fout:
                pas_transitie_toe(
                    casus, trigger, datum=datum, actor=IMPORT, historisch=True, **kwargs
                )
            assert "niet mogelijk" in fout.value.bericht
            db.session.rollback()
            assert momentopname(casus) == voor
        else:
            pas_transitie_toe(casus, trigger, datum=datum, actor=IMPORT, historisch=True, **kwargs)
            db.session.flush()
            na = momentopname(casus)
            assert na[0] == verwacht
            assert len(na[5]) == len(voor[5]) + 1
            assert na[2] == voor[2] + 1  # the version counter moved
            assert replay(db.session.get(Casus, casus.id).gebeurtenissen).status == verwacht


def test_omzetten_moves_the_case_to_the_other_aanpak(maak_casus: Any) -> None:
    casus = maak_casus("pga_jeugd")
    g = pas_transitie_toe(
        casus, "omzetten", datum=date(2025, 2, 1), actor=IMPORT, doel_aanpak="ipta"
    )
    assert casus.aanpak == "ipta"
    assert casus.status == "aangemeld"
    oud = f"PGAJ-{casus.aangemeld_op.year}-{casus.id:05d}"
    nieuw = f"IPTA-{casus.aangemeld_op.year}-{casus.id:05d}"
    # the case takes a number of its new aanpak (docs/architectuur.md)
    assert g.data == {"van_aanpak": "pga_jeugd", "casusnummer": nieuw, "vorig_casusnummer": oud}
    assert casus.ref == nieuw
    assert g.aanpak == "ipta"


@pytest.mark.parametrize(
    "trigger",
    ["niet_opnemen", "pauzeren", "afsluiten_succesvol", "afsluiten_niet_succesvol", "overdragen"],
)
def test_a_reason_is_required(trigger: str, maak_casus: Any) -> None:
    status = {"niet_opnemen": "aangemeld", "pauzeren": "actief"}.get(trigger, "actief")
    casus = maak_casus("ipta", status)
    db.session.commit()
    voor = momentopname(casus)
    with pytest.raises(TransitieGeweigerd) as fout:
        pas_transitie_toe(
            casus, trigger, datum=date(2025, 3, 1), actor=IMPORT, partij="X", historisch=True
        )
    assert fout.value.bericht.startswith("Kies een reden")
    assert fout.value.veld == "reden"
    db.session.rollback()
    assert momentopname(casus) == voor


def test_an_unknown_or_foreign_reason_is_refused(maak_casus: Any) -> None:
    casus = maak_casus("ipta", "actief")
    for reden in ("bestaat_niet", "doelen_behaald", "recidive"):  # PGA Jeugd's, not IPTA's
        with pytest.raises(TransitieGeweigerd) as fout:
            pas_transitie_toe(
                casus, "afsluiten_succesvol", datum=date(2025, 3, 1), actor=IMPORT, reden=reden
            )
        assert f"'{reden}' is geen reden" in fout.value.bericht
    assert casus.status == "actief"


def test_a_reason_on_a_move_without_reasons_is_refused(maak_casus: Any) -> None:
    casus = maak_casus("ipta", "getriaged")
    with pytest.raises(TransitieGeweigerd, match="kent geen reden"):
        pas_transitie_toe(casus, "starten", datum=date(2025, 3, 1), actor=IMPORT, reden="werk")


def test_overdragen_needs_the_receiving_party(maak_casus: Any) -> None:
    casus = maak_casus("ipta", "actief")
    with pytest.raises(TransitieGeweigerd, match="aan welke partij"):
        pas_transitie_toe(
            casus, "overdragen", datum=date(2025, 3, 1), actor=IMPORT, reden="andere_gemeente"
        )


def test_triageren_needs_a_regisseur_of_the_team(maak_casus: Any, maak_gebruiker_: Any) -> None:
    casus = maak_casus("rio")
    with pytest.raises(TransitieGeweigerd, match="Wijs een regisseur toe"):
        pas_transitie_toe(casus, "triageren", datum=date(2025, 3, 1), actor=IMPORT)
    buitenstaander = maak_gebruiker_("regisseur:ipta")
    with pytest.raises(TransitieGeweigerd, match="geen regisseur in het team van RIO"):
        pas_transitie_toe(
            casus, "triageren", datum=date(2025, 3, 1), actor=IMPORT, regisseur=buitenstaander
        )
    regisseur = maak_gebruiker_("regisseur:rio")
    pas_transitie_toe(casus, "triageren", datum=date(2025, 3, 1), actor=IMPORT, regisseur=regisseur)
    assert casus.regisseur_id == regisseur.id
    assert casus.opname_op == date(2025, 3, 1)


def test_a_future_date_is_refused(maak_casus: Any) -> None:
    casus = maak_casus("ipta", "getriaged")
    morgen = vandaag() + timedelta(days=1)
    with pytest.raises(Exception, match="ligt in de toekomst") as fout:
        pas_transitie_toe(casus, "starten", datum=morgen, actor=IMPORT)
    assert "ligt in de toekomst" in str(fout.value)
    assert casus.status == "getriaged"


def test_a_date_before_the_previous_event_is_refused(maak_casus: Any) -> None:
    casus = maak_casus("ipta", "getriaged")  # triaged on 2025-01-07
    with pytest.raises(TransitieGeweigerd) as fout:
        pas_transitie_toe(casus, "starten", datum=date(2025, 1, 6), actor=IMPORT)
    assert fout.value.bericht == (
        "De ingangsdatum 06-01-2025 ligt vóór de vorige statuswijziging (07-01-2025)."
    )
    # the same day as the previous event is allowed
    pas_transitie_toe(casus, "starten", datum=date(2025, 1, 7), actor=IMPORT)
    assert casus.status == "actief"


def test_an_expected_version_that_moved_on_is_a_conflict(maak_casus: Any) -> None:
    from casus.errors import Conflict

    casus = maak_casus("ipta", "getriaged")
    with pytest.raises(Conflict, match="intussen door iemand anders gewijzigd"):
        pas_transitie_toe(
            casus,
            "starten",
            datum=date(2025, 2, 1),
            actor=IMPORT,
            verwachte_versie=casus.versie - 1,
        )
    assert casus.status == "getriaged"


def test_events_are_numbered_per_case(maak_casus: Any) -> None:
    casus = maak_casus("ipta", "in_de_wacht")
    nummers = db.session.scalars(
        select(Gebeurtenis.volgnummer)
        .where(Gebeurtenis.casus_id == casus.id)
        .order_by(Gebeurtenis.volgnummer)
    ).all()
    assert nummers == [1, 2, 3, 4]
    assert db.session.scalar(select(func.count()).select_from(Gebeurtenis)) == 4
