"""The verstrekkingenregister: one sent partner meeting with two partners (Politie,
Veilig Thuis: one invited user each) and three cases; every share is listed in the
privacy officer's register (page and CSV), on the case page, and in the inzage (JSON and
readable), withdrawn items as withdrawn; a regisseur's register holds its own team's
cases only, a partner's nothing; retention removes the partner rows of a cleaned case.

The shares, counted by hand (item x invited user):
- Sem Jansen, PGA Jeugd: personalia, aanleiding (withdrawn later) x 2 users = 4 rows,
  2 of them withdrawn;
- Eva de Vries, PGA Jeugd: personalia x 2 = 2 rows;
- Noor Bakker, IPTA: personalia, interventies x 2 = 4 rows, shared a day later.
Ten rows: five to each organisation; six of the PGA Jeugd team, four of IPTA.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.extensions import db
from casus.partners import register
from casus.partners.models import (
    Afspraak,
    Deelitem,
    Partneragendapunt,
    Partnerorganisatie,
    Partneroverleg,
    Samenwerkingsverband,
    Terugmelding,
    Verstrekking,
)
from casus.privacy.bewaartermijn import Plan, voer_uit
from casus.privacy.inzage import inzage
from casus.privacy.leesbaar import leesbare_inzage
from casus.toegang.actor import BEWAARTERMIJN
from tests.hulp import fabrieken
from tests.hulp.client import login
from tests.hulp.partners import login_partner, maak_partner

MOMENT = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.klok(MOMENT)

VERZONDEN = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 11, 10, 0, tzinfo=UTC)  # Noor's case, confirmed after sending
INGETROKKEN = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # 15:00 in Dutch time
DOEL = "Afstemmen van de aanpak rond overlast en veiligheid in de wijk"
CONVENANT = "Convenant Zorg- en Veiligheidshuis Haaglanden"
POLITIE = "Politie Eenheid Den Haag"
VEILIG_THUIS = "Veilig Thuis Haaglanden"


def _partner(gebruikersnaam: str, naam: str, organisatie: Partnerorganisatie) -> Gebruiker:
    return maak_partner(gebruikersnaam, organisatie, naam=naam)


@pytest.fixture
def wereld(maak_casus: Any) -> dict[str, Any]:
    jeugd = fabrieken.gebruiker("rjeugd", "regisseur:pga_jeugd", naam="Rita Jeugd")
    ipta = fabrieken.gebruiker("ripta", "regisseur:ipta", naam="Ivo Ipta")
    fg = fabrieken.gebruiker("fg", "privacy", naam="Fien Privacy")
    verband = Samenwerkingsverband(naam="Zorg- en Veiligheidshuis Haaglanden")
    db.session.add(verband)
    db.session.flush()
    politie = Partnerorganisatie(
        verband_id=verband.id,
        naam=POLITIE,
        soort="politie",
        grondslag_soort="convenant",
        grondslag=CONVENANT,
    )
    vt = Partnerorganisatie(
        verband_id=verband.id,
        naam=VEILIG_THUIS,
        soort="veilig_thuis",
        grondslag_soort="wettelijk",
        grondslag="Wet maatschappelijke ondersteuning 2015",
        artikel="artikel 5.2.6",
    )
    db.session.add_all([politie, vt])
    db.session.flush()
    agent = _partner("politie", "Piet Agent", politie)
    vera = _partner("veiligthuis", "Vera Veilig", vt)
    sem = maak_casus("pga_jeugd", "actief", regisseur=jeugd)
    eva = maak_casus(
        "pga_jeugd", "actief", regisseur=jeugd, persoon=fabrieken.persoon("Eva", "de Vries")
    )
    noor = maak_casus("ipta", "actief", regisseur=ipta, persoon=fabrieken.persoon("Noor", "Bakker"))
    overleg = Partneroverleg(
        verband_id=verband.id,
        soort="gemengd",
        datum=date(2026, 3, 10),
        doel=DOEL,
        grondslag_soort="convenant",
        grondslag=CONVENANT,
        artikel="artikel 4",
        voorzitter_id=jeugd.id,
        verzonden_op=VERZONDEN,
        inzage_tot=datetime(2026, 3, 17, 23, 0, tzinfo=UTC),
        created_by_id=jeugd.id,
    )
    overleg.deelnemers = [agent, vera]
    db.session.add(overleg)
    db.session.flush()
    gedeeld: list[tuple[Casus, dict[str, datetime | None], datetime]] = [
        (sem, {"personalia": None, "aanleiding": INGETROKKEN}, VERZONDEN),
        (eva, {"personalia": None}, VERZONDEN),
        (noor, {"personalia": None, "interventies": None}, LATER),
    ]
    for volgorde, (casus, items, op) in enumerate(gedeeld, start=1):
        punt = Partneragendapunt(
            overleg_id=overleg.id,
            casus_id=casus.id,
            volgorde=volgorde,
            voorgesteld_door_id=casus.regisseur_id,
            bevestigd_door_id=jeugd.id,
            bevestigd_op=op,
            items=[
                Deelitem(item=item, gekozen_door_id=casus.regisseur_id, ingetrokken_op=weg)
                for item, weg in items.items()
            ],
        )
        db.session.add(punt)
        for item, weg in items.items():
            for ontvanger in (agent, vera):
                db.session.add(
                    Verstrekking(
                        overleg_id=overleg.id,
                        casus_id=casus.id,
                        persoon_id=casus.persoon_id,
                        item=item,
                        gebruiker_id=ontvanger.id,
                        organisatie_id=ontvanger.partnerorganisatie_id,
                        doel=overleg.doel,
                        grondslag=overleg.grondslag,
                        artikel=overleg.artikel,
                        verstrekt_op=op,
                        verstrekt_door_id=jeugd.id,
                        ingetrokken_op=weg,
                    )
                )
    huisbezoek = Afspraak(
        overleg_id=overleg.id,
        casus_id=sem.id,
        omschrijving="Huisbezoek samen met de wijkagent",
        organisatie_id=politie.id,
        uiterlijk=date(2026, 3, 20),
        status="gereed",
        created_by_id=jeugd.id,
    )
    school = Afspraak(
        overleg_id=overleg.id,
        casus_id=eva.id,
        omschrijving="Contact opnemen met de school",
        regisseur_id=jeugd.id,
        uiterlijk=date(2026, 3, 24),
        created_by_id=jeugd.id,
    )
    db.session.add_all([huisbezoek, school])
    db.session.flush()
    db.session.add(
        Terugmelding(
            afspraak_id=huisbezoek.id,
            gebruiker_id=agent.id,
            tekst="Huisbezoek afgelegd, geen bijzonderheden.",
            gereed=True,
            op=datetime(2026, 3, 11, 15, 0, tzinfo=UTC),
        )
    )
    db.session.commit()
    return {
        "jeugd": jeugd,
        "ipta": ipta,
        "fg": fg,
        "agent": agent,
        "vera": vera,
        "politie": politie,
        "vt": vt,
        "sem": sem,
        "eva": eva,
        "noor": noor,
        "overleg": overleg,
    }


def _tbody_rijen(html: str) -> list[str]:
    tbody = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr[ >].*?</tr>", tbody, flags=re.S)


def _tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- the privacy officer's register ---------------------------------------------------------


def test_the_register_lists_every_share_withdrawn_ones_as_withdrawn(
    client: FlaskClient, wereld: dict[str, Any]
) -> None:
    login(client, wereld["fg"])
    antwoord = client.get("/privacy/verstrekkingen")
    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    rijen = [_tekst(r) for r in _tbody_rijen(html)]
    assert len(rijen) == 10
    # newest first: Noor's four (11 March), then the six of 9 March
    assert [r.split()[0] for r in rijen] == ["11-03-2026"] * 4 + ["09-03-2026"] * 6
    assert sum("Noor Bakker" in r for r in rijen) == 4
    assert sum("Sem Jansen" in r for r in rijen) == 4
    assert sum("Eva de Vries" in r for r in rijen) == 2
    assert sum("Ingetrokken op 10-03-2026 15:00" in r for r in rijen) == 2
    assert all("Aanleiding en problematiek" in r for r in rijen if "Ingetrokken op" in r)
    assert sum(POLITIE in r and "Piet Agent" in r for r in rijen) == 5
    assert sum(VEILIG_THUIS in r and "Vera Veilig" in r for r in rijen) == 5
    assert all(DOEL in r and f"{CONVENANT}, artikel 4" in r for r in rijen)
    [record] = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "privacy.verstrekkingen_bekeken")
    ).all()
    assert record.gebruiker_id == wereld["fg"].id
    assert record.details == {"resultaten": 10, "pagina": 1}


def test_the_register_filters_by_organisation_and_period(
    client: FlaskClient, wereld: dict[str, Any]
) -> None:
    login(client, wereld["fg"])

    def rijen(**args: Any) -> list[str]:
        html = client.get("/privacy/verstrekkingen", query_string=args).get_data(as_text=True)
        return [_tekst(r) for r in _tbody_rijen(html)] if "<tbody>" in html else []

    politie = rijen(organisatie=wereld["politie"].id)
    assert len(politie) == 5
    assert all(POLITIE in r for r in politie)
    assert len(rijen(van="2026-03-11", tot_en_met="2026-03-11")) == 4
    assert len(rijen(van="2026-03-09", tot_en_met="2026-03-10")) == 6
    assert len(rijen(tot_en_met="2026-03-10", organisatie=wereld["vt"].id)) == 3
    assert rijen(van="2026-03-12") == []


def test_the_csv_holds_every_share_and_its_download_is_audited(
    client: FlaskClient, wereld: dict[str, Any]
) -> None:
    login(client, wereld["fg"])
    antwoord = client.get("/privacy/verstrekkingen.csv")
    assert antwoord.status_code == 200
    assert antwoord.mimetype == "text/csv"
    regels = list(csv.reader(io.StringIO(antwoord.get_data(as_text=True)), delimiter=";"))
    assert regels[0] == list(register.CSV_KOLOMMEN)
    assert len(regels) == 11
    ingetrokken = [r for r in regels[1:] if r[-1]]
    assert [(r[2], r[-1]) for r in ingetrokken] == [("Sem Jansen", "10-03-2026 15:00")] * 2
    assert sorted({r[5] for r in regels[1:]}) == [POLITIE, VEILIG_THUIS]
    [record] = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "privacy.verstrekkingen_gedownload")
    ).all()
    assert record.details == {"rijen": 10}


def test_a_regisseur_sees_the_rows_of_its_own_teams_cases_only(wereld: dict[str, Any]) -> None:
    def casussen(actor: Gebruiker) -> list[int]:
        return sorted(r.casus_id for r in db.session.scalars(register.register(actor)))

    sem, eva, noor = wereld["sem"].id, wereld["eva"].id, wereld["noor"].id
    assert casussen(wereld["jeugd"]) == sorted([sem] * 4 + [eva] * 2)
    assert casussen(wereld["ipta"]) == [noor] * 4
    assert casussen(wereld["agent"]) == []
    assert len(casussen(wereld["fg"])) == 10


def test_only_the_privacy_officer_opens_the_register(
    client: FlaskClient, wereld: dict[str, Any]
) -> None:
    login(client, wereld["jeugd"])
    assert client.get("/privacy/verstrekkingen").status_code == 404
    assert client.get("/privacy/verstrekkingen.csv").status_code == 404
    client.post("/uitloggen")
    login_partner(client, wereld["agent"])
    for url in ("/privacy/verstrekkingen", "/privacy/verstrekkingen.csv"):
        assert client.get(url).status_code == 404


# -- the case page ---------------------------------------------------------------------


def _sectie(html: str) -> str:
    assert 'id="partners-kop"' in html
    return html.split('id="partners-kop"', 1)[1].split('id="tijdlijn-kop"', 1)[0]


def test_the_case_page_shows_the_shares_the_afspraken_and_the_reports(
    client: FlaskClient, wereld: dict[str, Any]
) -> None:
    login(client, wereld["jeugd"])
    html = client.get(f"/casus/{wereld['sem'].id}").get_data(as_text=True)
    sectie = _sectie(html)
    rijen = [_tekst(r) for r in _tbody_rijen(sectie)]
    assert len(rijen) == 4
    assert sum("Ingetrokken op 10-03-2026 15:00" in r for r in rijen) == 2
    assert sum(r.strip().endswith("Nee") for r in rijen) == 2
    assert sorted(r.split(" (")[0].strip() for r in rijen) == [
        "Aanleiding en problematiek",
        "Aanleiding en problematiek",
        "Personalia",
        "Personalia",
    ]
    tekst = _tekst(sectie)
    assert "Casusoverleg met partners van 10-03-2026" in tekst
    assert f"{CONVENANT}, artikel 4" in tekst
    assert f"Huisbezoek samen met de wijkagent — {POLITIE}, uiterlijk 20-03-2026 (gereed)" in tekst
    assert "Terugmelding van Piet Agent op 11-03-2026 16:00 (gereed)" in tekst
    # the report is a line of the timeline too
    tijdlijn = _tekst(html.split('id="tijdlijn-kop"', 1)[1])
    assert f"Terugmelding van {POLITIE} (gereed)" in tijdlijn
    assert "Huisbezoek afgelegd, geen bijzonderheden." in tijdlijn
    alleen = client.get(f"/casus/{wereld['sem'].id}?soort=partners").get_data(as_text=True)
    assert "1–1 van 1 regel" in _tekst(alleen)

    eva = _sectie(client.get(f"/casus/{wereld['eva'].id}").get_data(as_text=True))
    assert len(_tbody_rijen(eva)) == 2
    assert "Contact opnemen met de school — Rita Jeugd, uiterlijk 24-03-2026 (open)" in _tekst(eva)
    client.post("/uitloggen")
    login(client, wereld["ipta"])
    noor = _sectie(client.get(f"/casus/{wereld['noor'].id}").get_data(as_text=True))
    assert len(_tbody_rijen(noor)) == 4
    assert "Ingetrokken op" not in noor


def test_a_case_never_shared_has_no_partner_section(
    client: FlaskClient, wereld: dict[str, Any], maak_casus: Any
) -> None:
    ander = maak_casus("pga_jeugd", "actief", regisseur=wereld["jeugd"])
    db.session.commit()
    login(client, wereld["jeugd"])
    html = client.get(f"/casus/{ander.id}").get_data(as_text=True)
    assert 'id="partners-kop"' not in html


# -- the inzage ---------------------------------------------------------------------------


def test_the_inzage_json_lists_every_share_of_the_persons_cases(wereld: dict[str, Any]) -> None:
    fg = wereld["fg"]
    per_persoon = {
        naam: inzage(wereld[naam].persoon, actor=fg)["ontvangers"]["verstrekkingen"]
        for naam in ("sem", "eva", "noor")
    }
    assert {naam: len(rijen) for naam, rijen in per_persoon.items()} == {
        "sem": 4,
        "eva": 2,
        "noor": 4,
    }
    sem = per_persoon["sem"]
    assert sorted((r["item"], r["organisatie"], r["ingetrokken_op"]) for r in sem) == [
        ("aanleiding", POLITIE, INGETROKKEN.isoformat()),
        ("aanleiding", VEILIG_THUIS, INGETROKKEN.isoformat()),
        ("personalia", POLITIE, None),
        ("personalia", VEILIG_THUIS, None),
    ]
    assert {(r["doel"], r["grondslag"], r["artikel"], r["overleg_datum"]) for r in sem} == {
        (DOEL, CONVENANT, "artikel 4", "2026-03-10")
    }
    assert {r["ontvanger"] for r in sem} == {"Piet Agent", "Vera Veilig"}


def test_the_readable_inzage_names_each_organisation_item_date_purpose_and_basis(
    client: FlaskClient, wereld: dict[str, Any]
) -> None:
    fg = wereld["fg"]
    sem = leesbare_inzage(wereld["sem"].persoon, actor=fg).ontvangers
    assert len(sem) == 4
    assert [r.wanneer for r in sem] == ["9 maart 2026 om 10:00"] * 4
    assert sum("Later ingetrokken: op 10 maart 2026 om 15:00" in r.tekst for r in sem) == 2
    assert sorted(r.tekst.split(":")[0] for r in sem) == [
        POLITIE,
        POLITIE,
        VEILIG_THUIS,
        VEILIG_THUIS,
    ]
    ref = wereld["sem"].ref
    assert (
        f"{POLITIE}: personalia (naam, geboortedatum, wijk), uit casus {ref}, in het "
        f"casusoverleg met partners van 10 maart 2026. Doel: {DOEL}. Grondslag: "
        f"{CONVENANT}, artikel 4." in [r.tekst for r in sem]
    )
    assert len(leesbare_inzage(wereld["eva"].persoon, actor=fg).ontvangers) == 2
    assert len(leesbare_inzage(wereld["noor"].persoon, actor=fg).ontvangers) == 4
    # the page shows them under "Aan wie uw gegevens zijn verstrekt"
    login(client, fg)
    html = client.get(f"/privacy/personen/{wereld['sem'].persoon_id}/inzage").get_data(as_text=True)
    ontvangers = _tekst(html.split("Aan wie uw gegevens zijn verstrekt", 1)[1].split("<h2", 1)[0])
    assert ontvangers.count(POLITIE) == 2
    assert ontvangers.count(VEILIG_THUIS) == 2


def test_the_readable_inzage_names_an_organisation_once_for_its_users(
    wereld: dict[str, Any],
) -> None:
    """Two invited users of one organisation: two register rows, one line for the citizen."""
    tweede = _partner("politie2", "Paula Agent", wereld["politie"])
    overleg, sem = wereld["overleg"], wereld["sem"]
    db.session.add(
        Verstrekking(
            overleg_id=overleg.id,
            casus_id=sem.id,
            persoon_id=sem.persoon_id,
            item="personalia",
            gebruiker_id=tweede.id,
            organisatie_id=wereld["politie"].id,
            doel=DOEL,
            grondslag=CONVENANT,
            artikel="artikel 4",
            verstrekt_op=LATER,
        )
    )
    db.session.commit()
    fg = wereld["fg"]
    assert len(inzage(sem.persoon, actor=fg)["ontvangers"]["verstrekkingen"]) == 5
    assert len(leesbare_inzage(sem.persoon, actor=fg).ontvangers) == 4


# -- retention ---------------------------------------------------------------------------


def test_retention_removes_the_partner_rows_of_a_cleaned_case(wereld: dict[str, Any]) -> None:
    sem = wereld["sem"]
    tellingen = voer_uit(Plan(casus_ids=[sem.id]), actor=BEWAARTERMIJN)
    assert {
        k: tellingen[k]
        for k in (
            "verstrekkingen",
            "afspraken",
            "terugmeldingen",
            "deelitems",
            "partneragendapunten",
        )
    } == {
        "verstrekkingen": 4,
        "afspraken": 1,
        "terugmeldingen": 1,
        "deelitems": 2,
        "partneragendapunten": 1,
    }
    db.session.commit()
    db.session.expire_all()

    def aantal(model: Any, *where: Any) -> int:
        return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    assert aantal(Verstrekking, Verstrekking.casus_id == sem.id) == 0
    assert aantal(Verstrekking) == 6
    assert aantal(Afspraak) == 1  # Eva's
    assert aantal(Terugmelding) == 0
    assert aantal(Partneragendapunt) == 2
    assert aantal(Deelitem) == 3
    assert db.session.get(Casus, sem.id) is not None  # the case itself stays, cleaned
