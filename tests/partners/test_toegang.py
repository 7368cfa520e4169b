"""The partner door (issue 22, Done when): a partner user sees the selected items of the
agenda cases of a meeting it is invited to, from the moment the agenda is sent until the
window closes, and gets 404 before and after it and for everything else: other items,
other cases, other meetings, search, lists, documents, signals, the internal pages; an
item withdrawn disappears at once; it writes nothing but its own organisation's action
reports.

The world (``opzet``), with the clock at 10 March 2025 11:00 (Dutch time):
- meeting ``m1`` (mixed, 12 March, sent an hour ago, visible until the end of 19 March),
  partners ``pa`` (politie) and ``pb`` (Veilig Thuis) invited, ``pc`` (politie) not;
  agenda: ``c1`` (ipta, every item, confirmed), ``c2`` (rio, personalia and aanleiding,
  aanleiding withdrawn, confirmed), ``c3`` (ipta, not confirmed), ``c5`` (pga_r, put on
  the mixed agenda by rows: the rule refuses it);
- meeting ``m2``: sent, in window, ``c4`` on it, ``pa`` not invited;
- meeting ``m3``: ``c1`` on it, ``pa`` invited, not sent;
- actions on ``m1``: ``a_pol`` (c1, politie), ``a_vt`` (c1, Veilig Thuis), ``a_c3`` (c3,
  politie: its case is not shared), ``a_reg`` (c1, the regisseur).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, union_all

from casus.audit.models import AuditRecord
from casus.audit.zegel import verzegel
from casus.auth import mfa, sso
from casus.auth.models import Gebruiker
from casus.auth.services import mfa_verplicht_voor
from casus.casussen.casuswerk import voeg_interventie_toe, voeg_leefgebiedenscore_toe
from casus.casussen.models import Casus
from casus.errors import GeenToegang
from casus.extensions import db
from casus.notificaties.models import Notificatie
from casus.partners.models import (
    Afspraak,
    Deelitem,
    Partneragendapunt,
    Partnerorganisatie,
    Partneroverleg,
    Terugmelding,
)
from casus.partners.terugmelding import meld_terug
from casus.toegang import policy, queries
from casus.toegang.actor import IMPORT
from casus.toegang.matrix import INGELOGD, MATRIX, PARTNER, PUBLIEK
from tests.hulp import fabrieken
from tests.hulp.api import is_api_route
from tests.hulp.apimatrix import vul_in
from tests.hulp.client import login
from tests.hulp.formulieren import token
from tests.hulp.klok import stil
from tests.hulp.partners import (
    GEHEIM,
    Punt,
    bouw_overleg,
    login_partner,
    maak_afspraak,
    maak_organisatie,
    maak_partner,
    maak_verband,
)

NU = datetime(2025, 3, 10, 10, 0, tzinfo=UTC)  # 11:00 in The Hague
VERZONDEN = NU - timedelta(hours=1)
# the end of 19 March, Dutch time (CET: UTC+1)
EINDE = datetime(2025, 3, 19, 22, 59, 59, 999999, tzinfo=UTC)
pytestmark = pytest.mark.klok(NU)

AANMELDREDEN = "Schooluitval en schulden; moeder maakt zich zorgen."
INTERVENTIETEKST = "Gesprek met moeder over de schulden; vertrouwelijk verloop."


@dataclass
class Opzet:
    pa: Gebruiker
    pb: Gebruiker
    pc: Gebruiker
    regisseur: Gebruiker
    voorzitter: Gebruiker
    politie: Partnerorganisatie
    veilig_thuis: Partnerorganisatie
    c1: Casus
    c2: Casus
    c3: Casus
    c4: Casus
    c5: Casus
    m1: Partneroverleg
    m2: Partneroverleg
    m3: Partneroverleg
    a_pol: Afspraak
    a_vt: Afspraak
    a_c3: Afspraak
    a_reg: Afspraak


def _casus(
    maak_casus: Callable[..., Casus], aanpak: str, voornaam: str, achternaam: str, **kw: Any
) -> Casus:
    persoon = fabrieken.persoon(voornaam, achternaam, date(2007, 4, 12), wijk="Bezuidenhout")
    return maak_casus(aanpak, "actief", persoon=persoon, **kw)


@pytest.fixture
def opzet(maak_gebruiker_: Callable[..., Gebruiker], maak_casus: Callable[..., Casus]) -> Opzet:
    regisseur = maak_gebruiker_("regisseur:ipta", naam="regisseur_ipta")
    voorzitter = maak_gebruiker_("triage:ipta", "triage:rio", naam="voorzitter")
    c1 = _casus(maak_casus, "ipta", "Ilse", "Eerstekind", regisseur=regisseur)
    c1.aanmeldreden = AANMELDREDEN
    voeg_interventie_toe(
        c1,
        actor=IMPORT,
        type="halt",
        datum=date(2025, 2, 3),
        einddatum=date(2025, 2, 28),
        tekst=INTERVENTIETEKST,
    )
    voeg_leefgebiedenscore_toe(
        c1, actor=IMPORT, datum=date(2025, 1, 20), scores={"financien": 2, "justitie": 3}
    )
    voeg_leefgebiedenscore_toe(c1, actor=IMPORT, datum=date(2025, 2, 20), scores={"financien": 4})
    c2 = _casus(maak_casus, "rio", "Rob", "Tweede")
    c2.aanmeldreden = "Overlast in de buurt; geheim voor partners"
    c3 = _casus(maak_casus, "ipta", "Cor", "Derde")
    c4 = _casus(maak_casus, "ipta", "Dirk", "Vierde")
    c5 = _casus(maak_casus, "pga_r", "Piet", "Vijfde")
    verband = maak_verband()
    politie = maak_organisatie(verband, "Politie Eenheid Test", "politie")
    veilig_thuis = maak_organisatie(
        verband,
        "Veilig Thuis Test",
        "veilig_thuis",
        grondslag_soort="wettelijk",
        grondslag="Wet maatschappelijke ondersteuning 2015",
        artikel="artikel 5.2.6",
    )
    pa = maak_partner("pa", politie)
    pb = maak_partner("pb", veilig_thuis)
    pc = maak_partner("pc", politie)
    m1 = bouw_overleg(
        voorzitter=voorzitter,
        partners=[pa, pb],
        punten=[
            Punt(c1),
            Punt(c2, items=("personalia", "aanleiding"), ingetrokken=("aanleiding",)),
            Punt(c3, bevestigd=False),
            Punt(c5),
        ],
        datum=date(2025, 3, 12),
        verzonden_op=VERZONDEN,
        inzage_tot=EINDE,
        doel="Afstemmen aanpak jeugdoverlast Bezuidenhout",
        grondslag="Convenant Zorg- en Veiligheidshuis Haaglanden",
        artikel="artikel 4",
    )
    m2 = bouw_overleg(
        voorzitter=voorzitter,
        partners=[pb, pc],
        punten=[Punt(c4)],
        datum=date(2025, 3, 12),
        verzonden_op=VERZONDEN,
        inzage_tot=EINDE,
    )
    m3 = bouw_overleg(
        voorzitter=voorzitter,
        partners=[pa],
        punten=[Punt(c1)],
        datum=date(2025, 3, 20),
        verzonden=False,
    )
    a_pol = maak_afspraak(m1, c1, organisatie=politie, omschrijving="Wijkagent legt huisbezoek af")
    a_vt = maak_afspraak(m1, c1, organisatie=veilig_thuis, omschrijving="Veilig Thuis belt moeder")
    a_c3 = maak_afspraak(m1, c3, organisatie=politie, omschrijving="Afspraak over Cor")
    a_reg = maak_afspraak(m1, c1, regisseur=regisseur, omschrijving="Regisseur plant gesprek")
    db.session.commit()
    return Opzet(
        pa, pb, pc, regisseur, voorzitter, politie, veilig_thuis, c1, c2, c3, c4, c5,
        m1, m2, m3, a_pol, a_vt, a_c3, a_reg,
    )  # fmt: skip


def _ingelogd(app: Flask, gebruiker: Gebruiker) -> FlaskClient:
    client = app.test_client()
    antwoord = login_partner(client, gebruiker)
    assert antwoord.status_code == 302, antwoord.status_code
    return client


def _tekst(antwoord: Any) -> str:
    return str(antwoord.get_data(as_text=True))


def _records(actie: str) -> list[AuditRecord]:
    verzegel()
    db.session.commit()
    return list(
        db.session.scalars(
            select(AuditRecord).where(AuditRecord.actie == actie).order_by(AuditRecord.id)
        )
    )


# -- what a partner sees, in the window ------------------------------------------------


def test_a_partner_sees_the_selected_items_of_the_confirmed_agenda_cases(
    app: Flask, opzet: Opzet
) -> None:
    client = _ingelogd(app, opzet.pa)
    pagina = client.get(f"/partner/overleg/{opzet.m1.id}")
    assert pagina.status_code == 200
    tekst = _tekst(pagina)
    # the header: for what, on which basis, until when
    assert "Gedeeld door de gemeente voor:" in tekst
    assert "Afstemmen aanpak jeugdoverlast Bezuidenhout" in tekst
    assert "Convenant Zorg- en Veiligheidshuis Haaglanden (artikel 4)" in tekst
    assert "zichtbaar tot</strong> 19 maart 2025" in tekst
    # c1: every item
    assert "Ilse Eerstekind" in tekst
    assert "12 april 2007" in tekst
    assert "Bezuidenhout" in tekst
    assert AANMELDREDEN in tekst
    assert "IPTA (integrale persoonsgerichte toeleiding naar arbeid)" in tekst
    assert "Test regisseur_ipta" in tekst
    assert "HALT: vanaf 3 februari 2025 tot en met 28 februari 2025" in tekst
    assert INTERVENTIETEKST not in tekst  # type and period only
    # the latest score per leefgebied: financien 4 (20 Feb), justitie 3 (20 Jan)
    assert "Financiën: 4" in tekst
    assert "Justitie: 3" in tekst
    # c2: personalia, its withdrawn aanleiding not
    assert "Rob Tweede" in tekst
    assert "Overlast in de buurt" not in tekst
    # not confirmed (c3), not on this agenda (c4), PGA-R on a mixed agenda (c5)
    for naam in ("Cor Derde", "Dirk Vierde", "Piet Vijfde"):
        assert naam not in tekst
    # no case reference, ever
    for c in (opzet.c1, opzet.c2, opzet.c3, opzet.c4, opzet.c5):
        assert c.ref not in tekst
    # the actions of its own organisation on shared cases only
    assert "Wijkagent legt huisbezoek af" in tekst
    for andere in ("Veilig Thuis belt moeder", "Afspraak over Cor", "Regisseur plant gesprek"):
        assert andere not in tekst


def test_each_read_is_logged_once_per_case_with_its_items(app: Flask, opzet: Opzet) -> None:
    client = _ingelogd(app, opzet.pa)
    assert client.get(f"/partner/overleg/{opzet.m1.id}").status_code == 200
    records = _records("partner.ingezien")
    assert [(r.casus_id, r.persoon_id) for r in records] == [
        (opzet.c1.id, opzet.c1.persoon_id),
        (opzet.c2.id, opzet.c2.persoon_id),
    ]
    assert [r.details for r in records] == [
        {
            "overleg_id": opzet.m1.id,
            "items": ["personalia", "aanleiding", "verloop", "interventies", "leefgebieden"],
        },
        {"overleg_id": opzet.m1.id, "items": ["personalia"]},
    ]
    assert {r.gebruiker_id for r in records} == {opzet.pa.id}
    assert client.get(f"/partner/overleg/{opzet.m1.id}/casus/{opzet.c2.id}").status_code == 200
    laatste = _records("partner.ingezien")[-1]
    assert (laatste.casus_id, laatste.details) == (
        opzet.c2.id,
        {"overleg_id": opzet.m1.id, "items": ["personalia"]},
    )


def test_the_list_shows_only_invited_meetings_in_window(app: Flask, opzet: Opzet) -> None:
    tekst = _tekst(_ingelogd(app, opzet.pa).get("/partner"))
    assert f"/partner/overleg/{opzet.m1.id}" in tekst
    assert f"/partner/overleg/{opzet.m2.id}" not in tekst  # not invited
    assert f"/partner/overleg/{opzet.m3.id}" not in tekst  # not sent
    assert "Mijn casusoverleggen" in tekst
    # its own menu only
    for ander in ("Mijn casussen", "Werkvoorraad", "Zoeken", "Triage", "Nieuwe aanmelding"):
        assert f">{ander}</a>" not in tekst


def test_the_start_page_of_a_partner_is_its_meetings(app: Flask, opzet: Opzet) -> None:
    client = _ingelogd(app, opzet.pa)
    antwoord = client.get("/")
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].endswith("/partner")
    assert policy.startpagina(opzet.pa) == "partner.overzicht"


@pytest.mark.parametrize(
    ("wat", "verwacht"),
    [("c1", 200), ("c2", 200), ("c3", 404), ("c4", 404), ("c5", 404)],
)
def test_the_case_page_only_for_a_case_with_a_shared_item(
    app: Flask, opzet: Opzet, wat: str, verwacht: int
) -> None:
    casus = getattr(opzet, wat)
    client = _ingelogd(app, opzet.pa)
    assert client.get(f"/partner/overleg/{opzet.m1.id}/casus/{casus.id}").status_code == verwacht


# -- 404 before and after the window, and for other meetings -----------------------------


@pytest.mark.parametrize(
    "moment",
    [VERZONDEN - timedelta(microseconds=1), EINDE, EINDE + timedelta(days=30)],
    ids=["voor_verzending", "einde_venster", "lang_erna"],
)
def test_nothing_before_the_agenda_is_sent_or_after_the_window(
    app: Flask, opzet: Opzet, moment: datetime
) -> None:
    with stil(moment):
        client = _ingelogd(app, opzet.pa)
        m1 = opzet.m1.id
        assert client.get(f"/partner/overleg/{m1}").status_code == 404
        assert client.get(f"/partner/overleg/{m1}/casus/{opzet.c1.id}").status_code == 404
        assert "Ilse" not in _tekst(client.get("/partner"))
        antwoord = client.post(
            f"/partner/afspraak/{opzet.a_pol.id}/terugmelding",
            data={
                f"terugmelding{opzet.a_pol.id}-token": token(),
                f"terugmelding{opzet.a_pol.id}-tekst": "Gedaan",
            },
        )
        assert antwoord.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Terugmelding)) == 0


def test_the_last_moment_of_the_window_still_shows(app: Flask, opzet: Opzet) -> None:
    with stil(EINDE - timedelta(microseconds=1)):
        client = _ingelogd(app, opzet.pa)
        assert client.get(f"/partner/overleg/{opzet.m1.id}").status_code == 200


def test_an_unsent_meeting_and_a_meeting_one_is_not_invited_to_are_404(
    app: Flask, opzet: Opzet
) -> None:
    client = _ingelogd(app, opzet.pa)
    assert client.get(f"/partner/overleg/{opzet.m3.id}").status_code == 404
    assert client.get(f"/partner/overleg/{opzet.m3.id}/casus/{opzet.c1.id}").status_code == 404
    assert client.get(f"/partner/overleg/{opzet.m2.id}").status_code == 404
    assert client.get(f"/partner/overleg/{opzet.m2.id}/casus/{opzet.c4.id}").status_code == 404
    # a case of another meeting through this meeting's URL
    assert client.get(f"/partner/overleg/{opzet.m1.id}/casus/{opzet.c4.id}").status_code == 404
    # a partner of the same organisation that is not invited sees nothing of m1
    andere = _ingelogd(app, opzet.pc)
    assert andere.get(f"/partner/overleg/{opzet.m1.id}").status_code == 404
    assert andere.get(f"/partner/overleg/{opzet.m1.id}/casus/{opzet.c1.id}").status_code == 404
    geweigerd = _records("toegang.geweigerd")
    assert len(geweigerd) == 7
    assert {r.uitkomst for r in geweigerd} == {"niet_gevonden"}


def test_a_withdrawn_item_disappears_at_once(app: Flask, opzet: Opzet) -> None:
    client = _ingelogd(app, opzet.pa)
    assert AANMELDREDEN in _tekst(client.get(f"/partner/overleg/{opzet.m1.id}"))
    punt = db.session.scalars(
        select(Partneragendapunt).where(
            Partneragendapunt.overleg_id == opzet.m1.id, Partneragendapunt.casus_id == opzet.c1.id
        )
    ).one()
    for item in punt.items:
        if item.item == "aanleiding":
            item.ingetrokken_op = NU
    db.session.commit()
    tekst = _tekst(client.get(f"/partner/overleg/{opzet.m1.id}"))
    assert AANMELDREDEN not in tekst
    assert "Ilse Eerstekind" in tekst
    # every item withdrawn: the case is gone, its page 404
    for item in punt.items:
        item.ingetrokken_op = NU
    db.session.commit()
    assert "Ilse" not in _tekst(client.get(f"/partner/overleg/{opzet.m1.id}"))
    assert client.get(f"/partner/overleg/{opzet.m1.id}/casus/{opzet.c1.id}").status_code == 404
    # and its actions with it
    assert "Wijkagent legt huisbezoek af" not in _tekst(
        client.get(f"/partner/overleg/{opzet.m1.id}")
    )


def test_an_inactive_organisation_sees_nothing(app: Flask, opzet: Opzet) -> None:
    client = _ingelogd(app, opzet.pa)
    opzet.politie.actief = False
    db.session.commit()
    assert client.get(f"/partner/overleg/{opzet.m1.id}").status_code == 404
    assert db.session.scalars(queries.partner_deelitems(opzet.pa)).all() == []


def test_a_pga_r_case_is_shared_only_in_a_pga_r_meeting(app: Flask, opzet: Opzet) -> None:
    # on the mixed agenda (m1) the rule refuses it although rows say confirmed
    zichtbaar = db.session.scalars(
        queries.partner_deelitems(opzet.pa).with_only_columns(Partneragendapunt.casus_id)
    ).all()
    assert opzet.c5.id not in set(zichtbaar)
    mdo = bouw_overleg(
        voorzitter=opzet.voorzitter,
        partners=[opzet.pa],
        punten=[Punt(opzet.c5, items=("personalia",)), Punt(opzet.c4, items=("personalia",))],
        soort="pga_r",
        verzonden_op=VERZONDEN,
        inzage_tot=EINDE,
    )
    db.session.commit()
    client = _ingelogd(app, opzet.pa)
    tekst = _tekst(client.get(f"/partner/overleg/{mdo.id}"))
    assert "Piet Vijfde" in tekst
    assert "Dirk Vierde" not in tekst  # an ipta case on a PGA-R agenda: never
    assert policy.partneroverleg_aanpakken("pga_r") == ("pga_r",)
    assert "pga_r" not in policy.partneroverleg_aanpakken("gemengd")
    assert "ipta" in policy.partneroverleg_aanpakken("gemengd")


# -- nothing else: the internal pages, search, lists, documents, signals, the API ----------


def test_every_internal_page_is_404_for_a_partner(
    app: Flask, opzet: Opzet, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "DOCUMENTEN_MAP", str(tmp_path / "documenten"))
    document = fabrieken.document(casus=opzet.c1)
    signaal = fabrieken.signaal("pga_r")
    db.session.commit()
    client = _ingelogd(app, opzet.pa)
    c1 = opzet.c1
    for url in (
        f"/casus/{c1.id}",
        f"/casus/{c1.id}/status",
        f"/persoon/{c1.persoon_id}",
        "/zoeken?q=Eerstekind",
        "/werkvoorraad",
        "/werkvoorraad/ipta",
        "/triage/",
        f"/triage/casussen/{c1.id}",
        "/triage/overleggen",
        f"/casus/{c1.id}/documenten/{document.id}",
        f"/casus/{c1.id}/documenten/{document.id}/versies/1",
        f"/signalen/{signaal.id}/documenten/1",
        "/signalen",
        f"/signalen/{signaal.id}",
        "/aanmelding",
        "/rapportage/",
        "/privacy/personen",
        "/privacy/verstrekkingen",
        "/beheer/gebruikers",
    ):
        antwoord = client.get(url)
        assert antwoord.status_code == 404, (url, antwoord.status_code)
        assert "Eerstekind" not in _tekst(antwoord)
    # the API: a session counts for nothing there
    assert client.get("/api/v1/casussen").status_code == 401
    assert client.get(f"/api/v1/casussen/{c1.id}").status_code == 401


TABELLEN_DIE_MOGEN = {"audit_record", "sessie", "inlogteller", "rapport_cache", "formuliertoken"}


def _inhoud() -> tuple[int, ...]:
    tabellen = [t for t in db.metadata.sorted_tables if t.name not in TABELLEN_DIE_MOGEN]
    tellingen = union_all(
        *(select(func.count()).select_from(t) for t in tabellen),
        select(func.coalesce(func.sum(Casus.versie), 0)),
    )
    return tuple(db.session.scalars(tellingen))


def test_a_partner_writes_nothing_through_any_internal_post_route(app: Flask, opzet: Opzet) -> None:
    """Every POST route of the web that is not the partner's own, its account's or a
    public one, with the URL of the shared case c1: 404, and nothing changes."""
    client = _ingelogd(app, opzet.pa)
    waarden = {
        "casus_id": opzet.c1.id,
        "persoon_id": opzet.c1.persoon_id,
        "overleg_id": opzet.m1.id,
        "partneroverleg_id": opzet.m1.id,
        "gebruiker_id": opzet.pa.id,
        "aanpak": "ipta",
        "trigger": "starten",
    }
    voor = _inhoud()
    bezocht = []
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or set()) or is_api_route(rule.endpoint):
            continue
        regel = MATRIX[(rule.endpoint, "POST")]
        if regel.wie & {PUBLIEK, INGELOGD, PARTNER}:
            continue
        url = vul_in(rule, {a: waarden.get(a, 1) for a in rule.arguments})
        antwoord = client.post(url, data={"token": token(), "tekst": "poging"})
        assert antwoord.status_code == 404, (rule.endpoint, url, antwoord.status_code)
        bezocht.append(rule.endpoint)
    assert _inhoud() == voor
    assert "casussen.notitie" in bezocht
    assert "aanmelding.registreer" in bezocht
    assert len(bezocht) >= 30


# -- its own action reports, and nothing more -------------------------------------------------


def _meld(client: FlaskClient, afspraak: Afspraak, tekst: str, gereed: bool = False) -> Any:
    data = {
        f"terugmelding{afspraak.id}-token": token(),
        f"terugmelding{afspraak.id}-tekst": tekst,
    }
    if gereed:
        data[f"terugmelding{afspraak.id}-gereed"] = "y"
    return client.post(f"/partner/afspraak/{afspraak.id}/terugmelding", data=data)


def test_a_partner_reports_back_on_its_own_action(app: Flask, opzet: Opzet) -> None:
    client = _ingelogd(app, opzet.pa)
    antwoord = _meld(client, opzet.a_pol, "Huisbezoek afgelegd, moeder thuis.", gereed=True)
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].endswith(
        f"/partner/overleg/{opzet.m1.id}#afspraak-{opzet.a_pol.id}"
    )
    db.session.expire_all()
    [melding] = db.session.scalars(select(Terugmelding)).all()
    assert (melding.afspraak_id, melding.gebruiker_id, melding.tekst, melding.gereed) == (
        opzet.a_pol.id,
        opzet.pa.id,
        "Huisbezoek afgelegd, moeder thuis.",
        True,
    )
    assert db.session.get(Afspraak, opzet.a_pol.id).status == "gereed"  # type: ignore[union-attr]
    [record] = _records("partner.teruggemeld")
    assert (record.uitkomst, record.casus_id, record.persoon_id, record.gebruiker_id) == (
        "ok",
        opzet.c1.id,
        opzet.c1.persoon_id,
        opzet.pa.id,
    )
    assert record.details == {
        "afspraak_id": opzet.a_pol.id,
        "overleg_id": opzet.m1.id,
        "gereed": True,
    }
    assert "Huisbezoek afgelegd" not in repr(record.inhoud())
    # the case's regisseur hears of it, without the report's text
    [notificatie] = db.session.scalars(
        select(Notificatie).where(Notificatie.soort == "terugmelding")
    ).all()
    assert (notificatie.gebruiker_id, notificatie.casus_id, notificatie.tekst) == (
        opzet.regisseur.id,
        opzet.c1.id,
        f"{opzet.politie.naam} heeft teruggemeld op een afspraak over casus {opzet.c1.ref}.",
    )
    # shown on the meeting page
    assert "Huisbezoek afgelegd, moeder thuis." in _tekst(
        client.get(f"/partner/overleg/{opzet.m1.id}")
    )


def test_an_empty_report_is_refused_in_dutch(app: Flask, opzet: Opzet) -> None:
    client = _ingelogd(app, opzet.pa)
    antwoord = _meld(client, opzet.a_pol, "   ")
    assert antwoord.status_code == 422
    assert "Vul een tekst in." in _tekst(antwoord) or "Schrijf kort" in _tekst(antwoord)
    assert db.session.scalar(select(func.count()).select_from(Terugmelding)) == 0


@pytest.mark.parametrize(
    ("wie", "afspraak"),
    [
        ("pa", "a_vt"),  # another organisation's action
        ("pa", "a_c3"),  # its own organisation's, on a case not shared
        ("pa", "a_reg"),  # the regisseur's action
        ("pc", "a_pol"),  # its organisation's action, in a meeting it is not invited to
        ("pb", "a_pol"),  # invited, another organisation
    ],
)
def test_no_report_on_anything_else(app: Flask, opzet: Opzet, wie: str, afspraak: str) -> None:
    client = _ingelogd(app, getattr(opzet, wie))
    assert _meld(client, getattr(opzet, afspraak), "Poging").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Terugmelding)) == 0


def test_internal_users_cannot_report_for_a_partner(app: Flask, opzet: Opzet) -> None:
    client = app.test_client()
    assert login(client, opzet.regisseur).status_code == 302
    assert _meld(client, opzet.a_pol, "Poging").status_code == 404
    with pytest.raises(GeenToegang):
        meld_terug(opzet.a_pol, "Poging", False, actor=opzet.regisseur)
    db.session.rollback()
    with pytest.raises(GeenToegang):
        meld_terug(opzet.a_pol, "Poging", False, actor=IMPORT)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Terugmelding)) == 0


# -- defence in depth: a partner with a team row ----------------------------------------------


def test_a_partner_with_a_team_row_still_sees_no_case(
    app: Flask, opzet: Opzet, maak_gebruiker_: Callable[..., Gebruiker]
) -> None:
    slim = maak_gebruiker_("regisseur:ipta", "triage:ipta", "manager", naam="slim")
    slim.partnerorganisatie_id = opzet.politie.id
    mfa.activeer(slim, GEHEIM)
    db.session.commit()
    assert policy.zichtbare_aanpakken(slim) == []
    assert not policy.mag_casus_zien(slim, opzet.c1)
    assert not policy.is_manager(slim)
    assert db.session.scalars(queries.zichtbare_casussen(slim)).all() == []
    assert db.session.scalars(queries.zichtbare_personen(slim)).all() == []
    client = _ingelogd(app, slim)
    for url in (f"/casus/{opzet.c1.id}", f"/persoon/{opzet.c1.persoon_id}", "/werkvoorraad"):
        assert client.get(url).status_code == 404, url
    assert client.get("/rapportage/").status_code == 404
    # not invited: no meeting either
    assert client.get(f"/partner/overleg/{opzet.m1.id}").status_code == 404


# -- the rules in SQL, for everyone else --------------------------------------------------------


def test_the_partner_queries_are_empty_for_anyone_but_an_invited_partner(opzet: Opzet) -> None:
    for actor in (opzet.regisseur, opzet.voorzitter, IMPORT, None):
        assert db.session.scalars(queries.partner_deelitems(actor)).all() == []
        assert db.session.scalars(queries.partner_overleggen(actor)).all() == []
        assert db.session.scalars(queries.partner_afspraken(actor)).all() == []
    # pa: c1's five items and c2's personalia
    items = db.session.execute(
        queries.partner_deelitems(opzet.pa).with_only_columns(
            Partneragendapunt.casus_id, Deelitem.item
        )
    ).all()
    assert sorted(items) == sorted(
        [
            *((opzet.c1.id, i) for i in ITEMS_ALLE),
            (opzet.c2.id, "personalia"),
        ]
    )
    assert db.session.scalars(queries.partner_overleggen(opzet.pa)).all() == [opzet.m1]
    assert db.session.scalars(queries.partner_afspraken(opzet.pa)).all() == [opzet.a_pol]
    assert db.session.scalars(queries.partner_afspraken(opzet.pb)).all() == [opzet.a_vt]


ITEMS_ALLE = ("personalia", "aanleiding", "verloop", "interventies", "leefgebieden")


def test_the_internal_side_of_a_meeting(
    opzet: Opzet, maak_gebruiker_: Callable[..., Gebruiker]
) -> None:
    pga_r = maak_gebruiker_("regisseur:pga_r", "triage:pga_r", naam="mdo")
    privacy = maak_gebruiker_("privacy", naam="fg")
    alle = {opzet.m1.id, opzet.m2.id, opzet.m3.id}

    def zichtbaar(actor: Any) -> set[int]:
        return {o.id for o in db.session.scalars(queries.zichtbare_partneroverleggen(actor))}

    assert zichtbaar(opzet.regisseur) == alle  # ipta: a mixed meeting may hold its cases
    assert zichtbaar(opzet.voorzitter) == alle
    assert zichtbaar(pga_r) == set()
    assert zichtbaar(opzet.pa) == set()
    assert zichtbaar(privacy) == set()
    assert zichtbaar(None) == set()
    assert policy.mag_partneroverleg_zien(opzet.regisseur, opzet.m1)
    assert not policy.mag_partneroverleg_zien(pga_r, opzet.m1)
    assert not policy.mag_partneroverleg_zien(opzet.pa, opzet.m1)
    assert policy.mag_partneroverleg_voorzitten(opzet.voorzitter, opzet.m1)
    assert not policy.mag_partneroverleg_voorzitten(opzet.regisseur, opzet.m1)
    assert policy.mag_partneroverleg_maken(opzet.voorzitter)
    assert not policy.mag_partneroverleg_maken(opzet.regisseur)
    assert not policy.mag_partneroverleg_maken(opzet.pa)
    assert policy.mag_op_partneragenda(opzet.regisseur, opzet.m1, opzet.c1)
    assert not policy.mag_op_partneragenda(opzet.regisseur, opzet.m1, opzet.c4)  # not its case
    assert not policy.mag_op_partneragenda(pga_r, opzet.m1, opzet.c5)  # PGA-R: mixed
    assert policy.mag_afspraak_maken(opzet.voorzitter, opzet.m1, opzet.c3)
    assert not policy.mag_afspraak_maken(opzet.pa, opzet.m1, opzet.c1)
    assert policy.mag_terugmelden(opzet.pa, opzet.a_pol)
    assert not policy.mag_terugmelden(opzet.pb, opzet.a_pol)
    assert policy.mag_verstrekkingen_zien(privacy)
    assert not policy.mag_verstrekkingen_zien(opzet.pa)
    with stil(EINDE):
        assert not policy.mag_op_partneragenda(opzet.regisseur, opzet.m1, opzet.c1)
        assert not policy.mag_terugmelden(opzet.pa, opzet.a_pol)


# -- MFA always; never single sign-on ------------------------------------------------------------


def test_a_partner_without_mfa_is_sent_to_set_it_up_and_reaches_nothing_else(
    app: Flask, opzet: Opzet
) -> None:
    nieuw = maak_partner("nieuw", opzet.politie, met_mfa=False)
    db.session.commit()
    client = app.test_client()
    antwoord = login(client, nieuw)  # the test configuration requires MFA of nobody else
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].endswith("/mfa/instellen")
    # not logged in until the second factor is set up
    for url in ("/partner", "/", "/account"):
        doel = client.get(url)
        assert doel.status_code == 302, url
        assert "/inloggen" in doel.headers["Location"], url
    assert client.get("/mfa/instellen").status_code == 200
    assert not _records("auth.ingelogd")


def test_a_logged_in_partner_whose_mfa_is_gone_reaches_only_the_set_up(
    app: Flask, opzet: Opzet
) -> None:
    client = _ingelogd(app, opzet.pa)
    opzet.pa.mfa_actief = False
    db.session.commit()
    for url in ("/partner", f"/partner/overleg/{opzet.m1.id}", "/account", "/meldingen"):
        antwoord = client.get(url)
        assert antwoord.status_code == 302, url
        assert antwoord.headers["Location"].endswith("/mfa/instellen"), url
    assert client.get("/mfa/instellen").status_code == 200


def test_mfa_is_required_per_user(app: Flask, opzet: Opzet) -> None:
    assert mfa_verplicht_voor(opzet.pa)
    assert not mfa_verplicht_voor(opzet.regisseur)  # the test configuration: not required


def test_a_partner_never_uses_single_sign_on(opzet: Opzet) -> None:
    assert not policy.mag_sso_gebruiken(opzet.pa)
    assert policy.mag_sso_gebruiken(opzet.regisseur)
    with pytest.raises(sso.Ssofout) as fout:
        sso.koppel_account(opzet.pa, "iemand-bij-de-gemeente", door=opzet.pa)
    assert fout.value.reden == "partner"


def test_the_partner_door_is_404_for_internal_users(app: Flask, opzet: Opzet) -> None:
    for gebruiker in (opzet.regisseur, opzet.voorzitter):
        client = app.test_client()
        assert login(client, gebruiker).status_code == 302
        for url in (
            "/partner",
            f"/partner/overleg/{opzet.m1.id}",
            f"/partner/overleg/{opzet.m1.id}/casus/{opzet.c1.id}",
        ):
            assert client.get(url).status_code == 404, url
    anoniem = app.test_client().get(f"/partner/overleg/{opzet.m1.id}")
    assert anoniem.status_code == 302
    assert "/inloggen" in anoniem.headers["Location"]
