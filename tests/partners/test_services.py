"""The internal side of a casusoverleg met partners, through its services: the PGA-R rule
both ways, confirming, sending, withdrawing, the register rows written at send and at
a late confirmation, afspraken, and the partners' notifications (issue 22)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.errors import Conflict, GeenToegang, Ongeldig
from casus.extensions import db
from casus.notificaties.models import Notificatie
from casus.partners import services
from casus.partners.models import (
    Deelitem,
    Partneragendapunt,
    Partnerorganisatie,
    Partneroverleg,
    Samenwerkingsverband,
    Verstrekking,
)
from tests.hulp.partners import maak_organisatie, maak_partner, maak_verband

# Monday 3 March 2025, 10:00 in Zoetermeer (CET); the meeting is on Wednesday 5 March
MOMENT = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
DATUM = date(2025, 3, 5)
# 5 March + 7 days = 12 March; its end (the midnight after, CET) in UTC
INZAGE_TOT = datetime(2025, 3, 12, 23, 0, tzinfo=UTC)

pytestmark = pytest.mark.klok(MOMENT)

DOEL = "Gezamenlijk plan van aanpak voor de besproken jongeren"
CONVENANT = "Convenant Zorg- en Veiligheidshuis Testregio 2025"


@dataclass
class Wereld:
    verband: Samenwerkingsverband
    politie: Partnerorganisatie
    veilig_thuis: Partnerorganisatie
    agent: Gebruiker  # partner user of the police
    vt: Gebruiker  # partner user of Veilig Thuis
    voorzitter: Gebruiker  # triage of pga_jeugd and ipta
    pgar_triage: Gebruiker
    jeugd: Casus  # pga_jeugd, its regisseur jeugd.regisseur
    ipta: Casus
    pgar: Casus


@pytest.fixture
def wereld(maak_gebruiker_: Callable[..., Gebruiker], maak_casus: Callable[..., Casus]) -> Wereld:
    verband = maak_verband()
    politie = maak_organisatie(verband)
    veilig_thuis = maak_organisatie(
        verband,
        "Veilig Thuis Testregio",
        "veilig_thuis",
        grondslag_soort="wettelijk",
        grondslag="Wet maatschappelijke ondersteuning 2015",
        artikel="artikel 5.2.6",
    )
    w = Wereld(
        verband=verband,
        politie=politie,
        veilig_thuis=veilig_thuis,
        agent=maak_partner("agent", politie, naam="Agent Pieters"),
        vt=maak_partner("vt", veilig_thuis, naam="Medewerker Veilig Thuis"),
        voorzitter=maak_gebruiker_("triage:pga_jeugd", "triage:ipta", naam="voorzitter"),
        pgar_triage=maak_gebruiker_("triage:pga_r", naam="pgar"),
        jeugd=maak_casus("pga_jeugd", "actief"),
        ipta=maak_casus("ipta", "actief"),
        pgar=maak_casus("pga_r", "actief"),
    )
    db.session.commit()
    return w


def overleg(
    w: Wereld,
    *,
    soort: str = "gemengd",
    voorzitter: Gebruiker | None = None,
    deelnemers: list[Gebruiker] | None = None,
) -> Partneroverleg:
    nieuw = services.maak_overleg(
        actor=voorzitter or w.voorzitter,
        verband=w.verband,
        soort=soort,
        datum=DATUM,
        doel=DOEL,
        grondslag_soort="convenant",
        grondslag=CONVENANT,
        artikel="artikel 4",
        deelnemers=[w.agent, w.vt] if deelnemers is None else deelnemers,
    )
    db.session.commit()
    return nieuw


def rijen(o: Partneroverleg, **filter: Any) -> list[tuple[int, str, int]]:
    query = select(Verstrekking).where(Verstrekking.overleg_id == o.id).filter_by(**filter)
    return sorted((v.casus_id, v.item, v.gebruiker_id) for v in db.session.scalars(query))


def test_a_meeting_is_planned_with_its_purpose_basis_chair_and_invited_partners(
    wereld: Wereld,
) -> None:
    o = overleg(wereld)
    assert (o.soort, o.datum, o.doel, o.grondslag, o.artikel) == (
        "gemengd",
        DATUM,
        DOEL,
        CONVENANT,
        "artikel 4",
    )
    assert o.voorzitter_id == wereld.voorzitter.id
    # by name: Agent Pieters, Medewerker Veilig Thuis
    assert [d.id for d in o.deelnemers] == [wereld.agent.id, wereld.vt.id]
    assert o.verzonden_op is None
    assert o.inzage_tot is None
    record = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "partneroverleg.aangemaakt")
    ).one()
    assert (record.object_type, record.object_id, record.uitkomst) == (
        "partneroverleg",
        str(o.id),
        "ok",
    )


def test_only_a_pga_r_triage_member_chairs_a_pga_r_meeting(wereld: Wereld) -> None:
    with pytest.raises(Ongeldig, match="triageoverleg van PGA-R") as fout:
        overleg(wereld, soort="pga_r")
    assert fout.value.veld == "soort"
    db.session.rollback()
    # a PGA-R triage member chairs no mixed meeting (it holds no PGA-R case)
    with pytest.raises(Ongeldig, match="geen triageoverleg"):
        overleg(wereld, voorzitter=wereld.pgar_triage)
    db.session.rollback()
    assert overleg(wereld, soort="pga_r", voorzitter=wereld.pgar_triage).soort == "pga_r"


def test_a_partner_is_invited_only_from_the_meetings_verband(wereld: Wereld) -> None:
    ander = maak_organisatie(maak_verband("RIEC Elders"), "Politie Elders")
    buiten = maak_partner("buiten", ander, naam="Buitenstaander")
    collega = wereld.voorzitter  # an internal user is no partner
    for deelnemer in (buiten, collega):
        with pytest.raises(Ongeldig, match="geen actieve partner") as fout:
            overleg(wereld, deelnemers=[deelnemer])
        assert fout.value.veld == "deelnemers"
        db.session.rollback()


def test_a_pga_r_case_never_goes_on_a_mixed_agenda(wereld: Wereld) -> None:
    o = overleg(wereld)
    # the PGA-R triage member may do casework on the case, but not share it here
    with pytest.raises(Ongeldig, match="nooit op een gemengde agenda") as fout:
        services.zet_op_agenda(o, wereld.pgar, ["personalia"], actor=wereld.pgar_triage)
    assert fout.value.veld == "ref"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Partneragendapunt)) == 0


def test_a_pga_r_meeting_holds_pga_r_cases_only(wereld: Wereld) -> None:
    o = overleg(wereld, soort="pga_r", voorzitter=wereld.pgar_triage)
    jeugdregisseur = db.session.get(Gebruiker, wereld.jeugd.regisseur_id)
    with pytest.raises(Ongeldig, match="alleen casussen van PGA-R"):
        services.zet_op_agenda(o, wereld.jeugd, ["personalia"], actor=jeugdregisseur)
    db.session.rollback()
    punt = services.zet_op_agenda(o, wereld.pgar, ["personalia"], actor=wereld.pgar_triage)
    assert [d.item for d in punt.items] == ["personalia"]


def test_only_the_regisseur_or_triage_of_the_case_puts_it_on_the_agenda(
    wereld: Wereld, maak_gebruiker_: Callable[..., Gebruiker]
) -> None:
    o = overleg(wereld)
    ander_team = maak_gebruiker_("regisseur:ipta", naam="ipta-coach")
    collega = maak_gebruiker_("regisseur:pga_jeugd", naam="collega")  # not this case's
    for wie in (ander_team, collega):
        with pytest.raises(GeenToegang):
            services.zet_op_agenda(o, wereld.jeugd, ["personalia"], actor=wie)
        db.session.rollback()
    regisseur = db.session.get(Gebruiker, wereld.jeugd.regisseur_id)
    punt = services.zet_op_agenda(o, wereld.jeugd, ["verloop", "personalia"], actor=regisseur)
    assert (punt.volgorde, punt.bevestigd_op, punt.voorgesteld_door_id) == (1, None, regisseur.id)
    # in ITEMS order
    assert [d.item for d in punt.items] == ["personalia", "verloop"]
    with pytest.raises(Ongeldig, match="staat al op de agenda"):
        services.zet_op_agenda(o, wereld.jeugd, ["aanleiding"], actor=regisseur)
    db.session.rollback()
    for verkeerd, bericht in (([], "minstens één"), (["notities"], "uit de lijst")):
        with pytest.raises(Ongeldig, match=bericht) as fout:
            services.zet_op_agenda(o, wereld.ipta, verkeerd, actor=wereld.voorzitter)
        assert fout.value.veld == "items"
        db.session.rollback()


def test_sending_writes_a_register_row_per_confirmed_item_and_partner_and_notifies_them(
    wereld: Wereld, app: Flask
) -> None:
    o = overleg(wereld)
    jeugd = services.zet_op_agenda(
        o, wereld.jeugd, ["personalia", "aanleiding", "verloop"], actor=wereld.voorzitter
    )
    ipta = services.zet_op_agenda(
        o, wereld.ipta, ["personalia", "interventies"], actor=wereld.voorzitter
    )
    assert services.bevestig(jeugd, actor=wereld.voorzitter) == 0  # not sent: no rows yet
    db.session.commit()
    assert rijen(o) == []

    assert services.verstuur_agenda(o, actor=wereld.voorzitter) == 6  # 3 items x 2 partners
    db.session.commit()
    assert (o.verzonden_op, o.inzage_tot) == (MOMENT, INZAGE_TOT)
    j, a, v = wereld.jeugd.id, wereld.agent.id, wereld.vt.id
    assert rijen(o) == sorted(
        (j, item, wie) for item in ("personalia", "aanleiding", "verloop") for wie in (a, v)
    )
    rij = db.session.scalars(
        select(Verstrekking).where(Verstrekking.gebruiker_id == wereld.vt.id).limit(1)
    ).one()
    assert (rij.doel, rij.grondslag, rij.artikel) == (DOEL, CONVENANT, "artikel 4")
    assert (rij.organisatie_id, rij.persoon_id, rij.verstrekt_op, rij.verstrekt_door_id) == (
        wereld.veilig_thuis.id,
        wereld.jeugd.persoon_id,
        MOMENT,
        wereld.voorzitter.id,
    )
    assert rij.ingetrokken_op is None

    meldingen = db.session.scalars(select(Notificatie).order_by(Notificatie.gebruiker_id)).all()
    assert [(n.gebruiker_id, n.soort, n.casus_id) for n in meldingen] == sorted(
        [(a, "partneragenda", None), (v, "partneragenda", None)]
    )
    for n in meldingen:
        # no case number, no name
        assert n.tekst == "Agenda ontvangen voor het casusoverleg van 5 maart 2025."
        assert n.link == f"/partner/overleg/{o.id}"

    # confirmed after sending: the partners get it at once, 2 items x 2 partners
    assert services.bevestig(ipta, actor=wereld.voorzitter) == 4
    db.session.commit()
    assert len(rijen(o)) == 10
    assert len(rijen(o, casus_id=wereld.ipta.id)) == 4

    with pytest.raises(Conflict, match="al verzonden"):
        services.verstuur_agenda(o, actor=wereld.voorzitter)
    db.session.rollback()
    assert len(rijen(o)) == 10
    verzonden = db.session.scalars(
        select(AuditRecord).where(
            AuditRecord.actie == "partneroverleg.verzonden", AuditRecord.uitkomst == "ok"
        )
    ).one()
    assert verzonden.details is not None
    assert (verzonden.details["verstrekkingen"], verzonden.details["casus_ids"]) == (6, [j])


def test_sending_needs_a_confirmed_case_and_an_invited_partner(wereld: Wereld) -> None:
    o = overleg(wereld, deelnemers=[])
    punt = services.zet_op_agenda(o, wereld.jeugd, ["personalia"], actor=wereld.voorzitter)
    db.session.commit()
    with pytest.raises(Ongeldig, match="Bevestig eerst"):
        services.verstuur_agenda(o, actor=wereld.voorzitter)
    db.session.rollback()
    services.bevestig(punt, actor=wereld.voorzitter)
    with pytest.raises(Ongeldig, match="Nodig eerst minstens één partner uit"):
        services.verstuur_agenda(o, actor=wereld.voorzitter)
    db.session.rollback()
    assert o.verzonden_op is None


def test_only_the_chair_confirms_invites_and_sends(
    wereld: Wereld, maak_gebruiker_: Callable[..., Gebruiker]
) -> None:
    o = overleg(wereld)
    punt = services.zet_op_agenda(o, wereld.jeugd, ["personalia"], actor=wereld.voorzitter)
    db.session.commit()
    andere_triage = maak_gebruiker_("triage:pga_jeugd", naam="andere")
    regisseur = db.session.get(Gebruiker, wereld.jeugd.regisseur_id)
    for wie in (andere_triage, regisseur):
        with pytest.raises(GeenToegang):
            services.bevestig(punt, actor=wie)
        db.session.rollback()
        with pytest.raises(GeenToegang):
            services.verstuur_agenda(o, actor=wie)
        db.session.rollback()
        with pytest.raises(GeenToegang):
            services.nodig_uit(o, [wereld.agent], actor=wie)
        db.session.rollback()
    assert punt.bevestigd_op is None


def test_withdrawing_takes_effect_at_once_and_adding_needs_a_new_confirmation(
    wereld: Wereld,
) -> None:
    o = overleg(wereld)
    regisseur = db.session.get(Gebruiker, wereld.jeugd.regisseur_id)
    punt = services.zet_op_agenda(o, wereld.jeugd, ["personalia", "aanleiding"], actor=regisseur)
    services.bevestig(punt, actor=wereld.voorzitter)
    services.verstuur_agenda(o, actor=wereld.voorzitter)
    db.session.commit()
    assert len(rijen(o)) == 4

    # the regisseur swaps "aanleiding" for "verloop"
    erbij, eraf = services.wijzig_items(punt, ["personalia", "verloop"], actor=regisseur)
    db.session.commit()
    assert (erbij, eraf) == (["verloop"], ["aanleiding"])
    items = {d.item: d for d in punt.items}
    assert items["aanleiding"].ingetrokken_op == MOMENT
    assert items["aanleiding"].ingetrokken_door_id == regisseur.id
    assert items["verloop"].ingetrokken_op is None
    # the new item waits for the chair: the case is no longer confirmed
    assert punt.bevestigd_op is None
    ingetrokken = rijen(o, item="aanleiding")
    assert len(ingetrokken) == 2
    assert {
        v.ingetrokken_op
        for v in db.session.scalars(select(Verstrekking).where(Verstrekking.item == "aanleiding"))
    } == {MOMENT}
    assert len(rijen(o, item="verloop")) == 0

    # confirmed again: the rows still missing (verloop x 2 partners), no duplicates
    assert services.bevestig(punt, actor=wereld.voorzitter) == 2
    db.session.commit()
    assert len(rijen(o)) == 6
    assert len(rijen(o, ingetrokken_op=None)) == 4

    # one item withdrawn on its own, by the chair
    personalia = items["personalia"]
    services.trek_in(personalia, actor=wereld.voorzitter)
    db.session.commit()
    assert personalia.ingetrokken_op == MOMENT
    assert len(rijen(o, ingetrokken_op=None)) == 2
    with pytest.raises(Ongeldig, match="al ingetrokken"):
        services.trek_in(personalia, actor=wereld.voorzitter)
    db.session.rollback()
    acties = db.session.scalars(
        select(AuditRecord.actie)
        .where(AuditRecord.casus_id == wereld.jeugd.id, AuditRecord.uitkomst == "ok")
        .order_by(AuditRecord.id)
    ).all()
    assert [a for a in acties if a.startswith("partneroverleg.")] == [
        "partneroverleg.agenda_gewijzigd",
        "partneroverleg.bevestigd",
        "partneroverleg.agenda_gewijzigd",
        "partneroverleg.item_ingetrokken",
        "partneroverleg.bevestigd",
        "partneroverleg.item_ingetrokken",
    ]


def test_a_partner_invited_after_sending_gets_the_rows_and_a_notification(
    wereld: Wereld,
) -> None:
    o = overleg(wereld, deelnemers=[wereld.agent])
    punt = services.zet_op_agenda(
        o, wereld.jeugd, ["personalia", "verloop"], actor=wereld.voorzitter
    )
    services.bevestig(punt, actor=wereld.voorzitter)
    assert services.verstuur_agenda(o, actor=wereld.voorzitter) == 2
    nieuw = services.nodig_uit(o, [wereld.agent, wereld.vt], actor=wereld.voorzitter)
    db.session.commit()
    assert [g.id for g in nieuw] == [wereld.vt.id]
    assert len(rijen(o, gebruiker_id=wereld.vt.id)) == 2
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Notificatie)
            .where(Notificatie.gebruiker_id == wereld.vt.id, Notificatie.soort == "partneragenda")
        )
        == 1
    )


def test_the_window_ends_the_configured_days_after_the_meeting(app: Flask) -> None:
    assert services.inzage_tot(DATUM) == INZAGE_TOT
    oud = app.config["PARTNER_INZAGE_DAGEN"]
    app.config["PARTNER_INZAGE_DAGEN"] = 0
    try:
        # summer time: the end of 1 July (CEST) is 22:00 UTC
        assert services.inzage_tot(date(2025, 7, 1)) == datetime(2025, 7, 1, 22, 0, tzinfo=UTC)
    finally:
        app.config["PARTNER_INZAGE_DAGEN"] = oud


def test_a_meeting_whose_window_is_over_is_not_sent(wereld: Wereld) -> None:
    nieuw = services.maak_overleg(
        actor=wereld.voorzitter,
        verband=wereld.verband,
        soort="gemengd",
        datum=date(2025, 2, 1),  # + 7 days: over on 3 March
        doel=DOEL,
        grondslag_soort="convenant",
        grondslag=CONVENANT,
        artikel=None,
        deelnemers=[wereld.agent],
    )
    punt = services.zet_op_agenda(nieuw, wereld.jeugd, ["personalia"], actor=wereld.voorzitter)
    services.bevestig(punt, actor=wereld.voorzitter)
    with pytest.raises(Ongeldig, match="inzagetermijn"):
        services.verstuur_agenda(nieuw, actor=wereld.voorzitter)


def test_an_afspraak_is_for_an_invited_organisation_or_a_regisseur_who_sees_the_case(
    wereld: Wereld, maak_gebruiker_: Callable[..., Gebruiker]
) -> None:
    o = overleg(wereld, deelnemers=[wereld.agent])
    services.zet_op_agenda(o, wereld.jeugd, ["personalia"], actor=wereld.voorzitter)
    db.session.commit()
    regisseur = db.session.get(Gebruiker, wereld.jeugd.regisseur_id)
    ipta_coach = maak_gebruiker_("regisseur:ipta", naam="ipta-coach")
    goed: dict[str, Any] = {
        "omschrijving": "Huisbezoek en terugkoppeling",
        "organisatie": wereld.politie,
        "uiterlijk": date(2025, 3, 19),
    }
    fouten: list[tuple[dict[str, Any], str, str | None]] = [
        ({"omschrijving": "  "}, "Beschrijf wat er is afgesproken", "omschrijving"),
        ({"omschrijving": "x" * 1001}, "hoogstens 1000 tekens", "omschrijving"),
        ({"organisatie": None}, "één partnerorganisatie of één regisseur", "voor"),
        ({"regisseur": regisseur}, "één partnerorganisatie of één regisseur", "voor"),
        # Veilig Thuis is in the verband but not invited
        ({"organisatie": wereld.veilig_thuis}, "niet uitgenodigd", "voor"),
        # the IPTA coach may not see a PGA Jeugd case
        ({"organisatie": None, "regisseur": ipta_coach}, "niet inzien", "voor"),
        ({"organisatie": None, "regisseur": wereld.agent}, "niet inzien", "voor"),
        ({"uiterlijk": date(2025, 3, 4)}, "op of na de datum van het overleg", "uiterlijk"),
        ({"uiterlijk": None}, "uiterlijk klaar", "uiterlijk"),
    ]
    for anders, bericht, veld in fouten:
        with pytest.raises(Ongeldig, match=bericht) as fout:
            services.maak_afspraak(o, wereld.jeugd, **{**goed, **anders}, actor=regisseur)
        assert fout.value.veld == veld
        db.session.rollback()
    # a case not on this agenda
    with pytest.raises(Ongeldig, match="niet op de agenda"):
        services.maak_afspraak(o, wereld.ipta, **goed, actor=wereld.voorzitter)
    db.session.rollback()
    # neither the chair nor who does casework on the case
    collega = maak_gebruiker_("regisseur:pga_jeugd", naam="collega")
    with pytest.raises(GeenToegang):
        services.maak_afspraak(o, wereld.jeugd, **goed, actor=collega)
    db.session.rollback()

    voor_politie = services.maak_afspraak(o, wereld.jeugd, **goed, actor=regisseur)
    voor_regisseur = services.maak_afspraak(
        o,
        wereld.jeugd,
        omschrijving="Gesprek met de school",
        regisseur=regisseur,
        uiterlijk=DATUM,  # on the meeting's day itself
        actor=wereld.voorzitter,
    )
    db.session.commit()
    assert (voor_politie.organisatie_id, voor_politie.regisseur_id, voor_politie.status) == (
        wereld.politie.id,
        None,
        "open",
    )
    assert (voor_regisseur.organisatie_id, voor_regisseur.regisseur_id) == (None, regisseur.id)
    assert voor_politie.created_by_id == regisseur.id
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditRecord)
            .where(AuditRecord.actie == "afspraak.gemaakt", AuditRecord.uitkomst == "ok")
        )
        == 2
    )


def test_withdrawn_then_chosen_again_is_shared_again_after_confirmation(wereld: Wereld) -> None:
    o = overleg(wereld, deelnemers=[wereld.agent])
    punt = services.zet_op_agenda(o, wereld.jeugd, ["personalia"], actor=wereld.voorzitter)
    services.bevestig(punt, actor=wereld.voorzitter)
    services.verstuur_agenda(o, actor=wereld.voorzitter)
    services.wijzig_items(punt, [], actor=wereld.voorzitter)
    assert rijen(o, ingetrokken_op=None) == []
    assert services.wijzig_items(punt, ["personalia"], actor=wereld.voorzitter) == (
        ["personalia"],
        [],
    )
    # one row per item and partner: the withdrawn row is shared again, not duplicated
    assert db.session.scalar(select(func.count()).select_from(Deelitem)) == 1
    assert services.bevestig(punt, actor=wereld.voorzitter) == 1
    db.session.commit()
    assert rijen(o, ingetrokken_op=None) == [(wereld.jeugd.id, "personalia", wereld.agent.id)]
