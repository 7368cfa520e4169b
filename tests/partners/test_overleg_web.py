"""The internal screens of a casusoverleg met partners (``/partneroverleggen``), as a
browser uses them: plan, put a case on the agenda, confirm, send with its confirmation
step, withdraw, make afspraken; refused forms come back filled in (issue 22)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.extensions import db
from casus.partners import services
from casus.partners.models import (
    Afspraak,
    Partneragendapunt,
    Partnerorganisatie,
    Partneroverleg,
    Terugmelding,
    Verstrekking,
)
from casus.templating import aanpak_label
from tests.hulp.client import login
from tests.hulp.formulieren import formulier, ingevuld
from tests.hulp.partners import maak_organisatie, maak_partner, maak_verband

MOMENT = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # Monday 3 March 2025, 10:00 CET
DATUM = date(2025, 3, 5)
CONVENANT = "Convenant Zorg- en Veiligheidshuis Testregio 2025"

pytestmark = pytest.mark.klok(MOMENT)


@dataclass
class Wereld:
    politie: Partnerorganisatie
    veilig_thuis: Partnerorganisatie
    agent: Gebruiker
    vt: Gebruiker
    voorzitter: Gebruiker
    jeugd: Casus
    ipta: Casus
    pgar: Casus

    @property
    def regisseur(self) -> Gebruiker:
        gebruiker = db.session.get(Gebruiker, self.jeugd.regisseur_id)
        assert gebruiker is not None
        return gebruiker


@pytest.fixture
def wereld(maak_gebruiker_: Callable[..., Gebruiker], maak_casus: Callable[..., Casus]) -> Wereld:
    verband = maak_verband()
    politie = maak_organisatie(verband, "Politie Eenheid Test", grondslag=CONVENANT)
    veilig_thuis = maak_organisatie(
        verband,
        "Veilig Thuis Testregio",
        "veilig_thuis",
        grondslag_soort="wettelijk",
        grondslag="Wet maatschappelijke ondersteuning 2015",
        artikel="artikel 5.2.6",
    )
    w = Wereld(
        politie=politie,
        veilig_thuis=veilig_thuis,
        agent=maak_partner("agent", politie, naam="Agent Pieters"),
        vt=maak_partner("vt", veilig_thuis, naam="Medewerker Veilig Thuis"),
        voorzitter=maak_gebruiker_("triage:pga_jeugd", "triage:ipta", naam="voorzitter"),
        jeugd=maak_casus("pga_jeugd", "actief"),
        ipta=maak_casus("ipta", "actief"),
        pgar=maak_casus("pga_r", "actief"),
    )
    db.session.commit()
    return w


def plan(w: Wereld, deelnemers: list[Gebruiker] | None = None) -> Partneroverleg:
    overleg = services.maak_overleg(
        actor=w.voorzitter,
        verband=w.politie.verband,
        soort="gemengd",
        datum=DATUM,
        doel="Plan van aanpak",
        grondslag_soort="convenant",
        grondslag=CONVENANT,
        artikel=None,
        deelnemers=[w.agent, w.vt] if deelnemers is None else deelnemers,
    )
    db.session.commit()
    return overleg


def pagina(client: FlaskClient, overleg: Partneroverleg) -> str:
    antwoord = client.get(f"/partneroverleggen/{overleg.id}")
    assert antwoord.status_code == 200
    return antwoord.get_data(as_text=True)


def test_the_menu_item_is_for_team_members_and_only_triage_plans(
    client: FlaskClient, wereld: Wereld
) -> None:
    menulink = 'href="/partneroverleggen/"'
    login(client, wereld.voorzitter)
    assert menulink in client.get("/", follow_redirects=True).get_data(as_text=True)
    client.post("/uitloggen")
    login(client, wereld.regisseur)
    # a regisseur puts own cases on the agenda: the menu leads there, planning is not theirs
    assert menulink in client.get("/", follow_redirects=True).get_data(as_text=True)
    lijst = client.get("/partneroverleggen/")
    assert lijst.status_code == 200
    assert "Nieuw casusoverleg" not in lijst.get_data(as_text=True)
    assert client.get("/partneroverleggen/nieuw").status_code == 404


def test_a_chair_plans_a_meeting_and_a_refused_form_comes_back_filled_in(
    client: FlaskClient, wereld: Wereld
) -> None:
    login(client, wereld.voorzitter)
    html = client.get("/partneroverleggen/nieuw").get_data(as_text=True)
    # one verband: its form at once, the basis from its first organisation's agreement
    assert CONVENANT in html
    assert "Agent Pieters (Politie Eenheid Test)" in html
    assert "Medewerker Veilig Thuis (Veilig Thuis Testregio)" in html
    form = formulier(html, "/partneroverleggen/nieuw?verband=" + str(wereld.politie.verband_id))
    assert form.veld("grondslag") is not None
    assert form.veld("grondslag").waarde == CONVENANT  # type: ignore[union-attr]

    geweigerd = client.post(
        form.actie,
        data=form.gegevens(doel="", datum="2025-03-05", deelnemers=[str(wereld.agent.id)]),
    )
    assert geweigerd.status_code == 200
    tekst = geweigerd.get_data(as_text=True)
    assert "Beschrijf het doel van het overleg." in tekst
    assert CONVENANT in tekst
    opnieuw = formulier(tekst, form.actie)
    aangevinkt = [v.waarde for v in opnieuw.velden if v.naam == "deelnemers" and v.aangevinkt]
    assert aangevinkt == [str(wereld.agent.id)]

    antwoord = client.post(opnieuw.actie, data=opnieuw.gegevens(doel="Gezamenlijk plan van aanpak"))
    assert antwoord.status_code == 302
    overleg = db.session.scalars(select(Partneroverleg)).one()
    assert antwoord.headers["Location"] == f"/partneroverleggen/{overleg.id}"
    assert (overleg.datum, overleg.doel, overleg.grondslag, overleg.voorzitter_id) == (
        DATUM,
        "Gezamenlijk plan van aanpak",
        CONVENANT,
        wereld.voorzitter.id,
    )
    assert [d.id for d in overleg.deelnemers] == [wereld.agent.id]
    assert "5 maart 2025" in client.get("/partneroverleggen/").get_data(as_text=True)


def test_prepare_confirm_send_and_withdraw_through_the_pages(
    client: FlaskClient, wereld: Wereld
) -> None:
    overleg = plan(wereld)
    login(client, wereld.regisseur)
    html = pagina(client, overleg)
    assert "nooit gedeeld" in html
    actie = f"/partneroverleggen/{overleg.id}/agenda"
    # a refusal (a PGA-R case is not even found: the regisseur cannot see it) comes back
    # with the number and the boxes as they were sent
    geweigerd = client.post(
        actie, data=ingevuld(ref=wereld.pgar.ref, items=["personalia", "verloop"])
    )
    assert geweigerd.status_code == 200
    tekst = geweigerd.get_data(as_text=True)
    assert "Geen casus gevonden met dit casusnummer." in tekst
    opnieuw = formulier(tekst, actie)
    assert opnieuw.veld("ref").waarde == wereld.pgar.ref  # type: ignore[union-attr]
    assert [v.waarde for v in opnieuw.velden if v.naam == "items" and v.aangevinkt] == [
        "personalia",
        "verloop",
    ]
    toegevoegd = client.post(actie, data=opnieuw.gegevens(ref=wereld.jeugd.ref))
    assert toegevoegd.status_code == 302
    punt = db.session.scalars(select(Partneragendapunt)).one()
    assert (punt.casus_id, punt.bevestigd_op) == (wereld.jeugd.id, None)
    # the regisseur neither confirms nor sends
    html = pagina(client, overleg)
    assert "Gekozen gegevens bevestigen" not in html
    assert "Agenda verzenden" not in html
    assert client.get(f"/partneroverleggen/{overleg.id}/verzenden").status_code == 403

    client.post("/uitloggen")
    login(client, wereld.voorzitter)
    html = pagina(client, overleg)
    bevestigen = f"/partneroverleggen/{overleg.id}/punt/{punt.id}/bevestigen"
    assert client.post(bevestigen, data=formulier(html, bevestigen).gegevens()).status_code == 302
    db.session.refresh(punt)
    assert punt.bevestigd_op == MOMENT

    verzenden = f"/partneroverleggen/{overleg.id}/verzenden"
    stap = client.get(verzenden).get_data(as_text=True)
    # what will happen, before it does: 2 partners, 1 case, until 12 March (5 + 7 days)
    assert "2 partners zien" in stap
    assert "1 casus" in stap
    assert "tot en met 12 maart 2025" in stap
    assert db.session.scalar(select(func.count()).select_from(Verstrekking)) == 0
    verzonden = client.post(verzenden, data=formulier(stap, verzenden).gegevens())
    assert verzonden.status_code == 302
    db.session.refresh(overleg)
    assert overleg.verzonden_op == MOMENT
    assert db.session.scalar(select(func.count()).select_from(Verstrekking)) == 4  # 2 x 2
    # sent once: the same confirmation again is refused, nothing is written twice
    nogmaals = client.post(verzenden, data=ingevuld())
    assert nogmaals.status_code == 200
    assert "al verzonden" in nogmaals.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Verstrekking)) == 4

    # withdrawing one item: at once, in the register too
    html = pagina(client, overleg)
    verloop = next(d for d in punt.items if d.item == "verloop")
    intrekken = f"/partneroverleggen/{overleg.id}/item/{verloop.id}/intrekken"
    assert client.post(intrekken, data=formulier(html, intrekken).gegevens()).status_code == 302
    db.session.refresh(verloop)
    assert verloop.ingetrokken_op == MOMENT
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Verstrekking)
            .where(Verstrekking.item == "verloop", Verstrekking.ingetrokken_op == MOMENT)
        )
        == 2
    )
    assert "Ingetrokken: Aanpak, status en regisseur" in pagina(client, overleg)


def test_changing_the_items_withdraws_and_unconfirms(client: FlaskClient, wereld: Wereld) -> None:
    overleg = plan(wereld)
    punt = services.zet_op_agenda(
        overleg, wereld.jeugd, ["personalia", "aanleiding"], actor=wereld.regisseur
    )
    services.bevestig(punt, actor=wereld.voorzitter)
    services.verstuur_agenda(overleg, actor=wereld.voorzitter)
    db.session.commit()
    login(client, wereld.regisseur)
    actie = f"/partneroverleggen/{overleg.id}/punt/{punt.id}/items"
    form = formulier(pagina(client, overleg), actie)
    naam = f"punt{punt.id}-items"
    assert sorted(v.waarde for v in form.velden if v.naam == naam and v.aangevinkt) == [
        "aanleiding",
        "personalia",
    ]
    antwoord = client.post(actie, data={**form.gegevens(), naam: ["personalia", "leefgebieden"]})
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].endswith(f"#punt-{punt.id}")
    db.session.refresh(punt)
    assert punt.bevestigd_op is None
    assert sorted(d.item for d in punt.items if d.ingetrokken_op is None) == [
        "leefgebieden",
        "personalia",
    ]
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Verstrekking)
            .where(Verstrekking.item == "aanleiding", Verstrekking.ingetrokken_op.is_not(None))
        )
        == 2
    )


def test_a_regisseur_of_another_team_finds_no_case_to_add(
    client: FlaskClient, wereld: Wereld, maak_gebruiker_: Callable[..., Gebruiker]
) -> None:
    overleg = plan(wereld)
    ipta_coach = maak_gebruiker_("regisseur:ipta", naam="ipta-coach")
    pgar_regisseur = maak_gebruiker_("regisseur:pga_r", naam="pgar-regisseur")
    db.session.commit()
    login(client, ipta_coach)
    # the mixed meeting holds IPTA cases: the coach sees it, but not the PGA Jeugd case
    actie = f"/partneroverleggen/{overleg.id}/agenda"
    antwoord = client.post(actie, data=ingevuld(ref=wereld.jeugd.ref, items=["personalia"]))
    assert antwoord.status_code == 200
    assert "Geen casus gevonden met dit casusnummer." in antwoord.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Partneragendapunt)) == 0
    client.post("/uitloggen")
    # a mixed meeting holds no PGA-R case: a PGA-R regisseur does not see it at all
    login(client, pgar_regisseur)
    assert client.get(f"/partneroverleggen/{overleg.id}").status_code == 404
    assert (
        client.post(actie, data=ingevuld(ref=wereld.pgar.ref, items=["personalia"])).status_code
        == 404
    )


def test_a_case_of_another_team_shows_no_number_or_name_to_the_chair(
    client: FlaskClient, wereld: Wereld, maak_gebruiker_: Callable[..., Gebruiker]
) -> None:
    chair = maak_gebruiker_("triage:pga_jeugd", naam="jeugdvoorzitter")
    overleg = services.maak_overleg(
        actor=chair,
        verband=wereld.politie.verband,
        soort="gemengd",
        datum=DATUM,
        doel="Plan van aanpak",
        grondslag_soort="convenant",
        grondslag=CONVENANT,
        artikel=None,
        deelnemers=[wereld.agent],
    )
    services.zet_op_agenda(overleg, wereld.ipta, ["personalia"], actor=wereld.voorzitter)
    db.session.commit()
    login(client, chair)
    html = pagina(client, overleg)
    assert wereld.ipta.ref not in html
    assert f"Casus van een ander team ({aanpak_label('ipta')})" in html
    assert "Gekozen gegevens bevestigen" in html


def test_afspraken_are_made_per_case_and_show_the_partners_reports(
    client: FlaskClient, wereld: Wereld
) -> None:
    overleg = plan(wereld, deelnemers=[wereld.agent])
    punt = services.zet_op_agenda(overleg, wereld.jeugd, ["personalia"], actor=wereld.regisseur)
    db.session.commit()
    login(client, wereld.regisseur)
    actie = f"/partneroverleggen/{overleg.id}/punt/{punt.id}/afspraak"
    form = formulier(pagina(client, overleg), actie)
    p = f"punt{punt.id}-"
    keuzes = form.keuzes[f"{p}voor"]
    # the invited organisation (not Veilig Thuis: nobody of it is invited), the team
    assert f"organisatie:{wereld.politie.id}" in keuzes
    assert f"organisatie:{wereld.veilig_thuis.id}" not in keuzes
    assert f"regisseur:{wereld.regisseur.id}" in keuzes
    geweigerd = client.post(
        actie,
        data=form.gegevens(
            **{
                f"{p}omschrijving": "Huisbezoek afleggen",
                f"{p}voor": f"organisatie:{wereld.politie.id}",
                f"{p}uiterlijk": "2025-03-04",
            }
        ),
    )
    assert geweigerd.status_code == 200
    tekst = geweigerd.get_data(as_text=True)
    assert "Kies een datum op of na de datum van het overleg (05-03-2025)." in tekst
    assert "Huisbezoek afleggen" in tekst
    opnieuw = formulier(tekst, actie)
    assert (
        client.post(actie, data=opnieuw.gegevens(**{f"{p}uiterlijk": "2025-03-19"})).status_code
        == 302
    )
    afspraak = db.session.scalars(select(Afspraak)).one()
    assert (afspraak.organisatie_id, afspraak.uiterlijk) == (wereld.politie.id, date(2025, 3, 19))
    db.session.add(
        Terugmelding(
            afspraak_id=afspraak.id,
            gebruiker_id=wereld.agent.id,
            tekst="Bezoek gedaan",
            gereed=True,
        )
    )
    db.session.commit()
    html = pagina(client, overleg)
    assert "Huisbezoek afleggen" in html
    assert "Voor Politie Eenheid Test, uiterlijk 19-03-2025" in html
    assert "van Agent Pieters: Bezoek gedaan (gereed gemeld)" in html
