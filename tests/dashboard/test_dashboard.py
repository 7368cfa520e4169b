"""The dashboard on a hand-built history: its figures per bucket equal the report's
for the bucket's period and the figures worked out by hand; the page shows them, to
managers only, without personal data; the period form's messages. Run on SQLite and on
PostgreSQL (TEST_DATABASE_URL).

The history: the period is 15 January .. 20 March 2025 by month, three buckets, the
first and the last clipped: "jan 2025" = 15..31 January, "feb 2025" = 1..28 February,
"mrt 2025" = 1..20 March. Every case, signal and police contact says where it counts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.auth.models import Gebruiker
from casus.dashboard.reeks import DASHBOARD, Reeks, kengetallen, mediaan, reeks, signalen_van
from casus.extensions import db
from casus.personen.models import PolitieContact
from casus.rapportage import cache
from casus.rapportage.models import Rapportcache
from casus.rapportage.services import rapport
from tests.hulp import fabrieken
from tests.hulp.client import login
from tests.hulp.geschiedenis import casus

VAN, TEM = date(2025, 1, 15), date(2025, 3, 20)
# what a page must never show: the persons' names and BSN, the cases' numbers
GEHEIM_NAAM = ("Zwaantje", "Geheimnaam")
GEHEIM_BSN = "111222333"


def bouw() -> list[str]:
    """Build the history; returns the case numbers (refs) it made."""
    jongere = fabrieken.persoon(*GEHEIM_NAAM, date(2008, 5, 1), bsn=GEHEIM_BSN)
    gevallen = [
        # A pga_jeugd: taken in 2024-12-10, never closed: lopend_begin and lopend_einde in
        # every bucket; its person's police contacts count for the indicator
        casus(
            "pga_jeugd",
            "2024-12-01",
            ("triageren", "2024-12-10"),
            ("starten", "2024-12-11"),
            p=jongere,
        ),
        # B pga_jeugd: registered 01-20 and taken in 01-25 (jan: aanmelding, nieuw), closed
        # succesvol (doelen_behaald, positive) 02-14 (feb): 20 days
        casus(
            "pga_jeugd",
            "2025-01-20",
            ("triageren", "2025-01-25"),
            ("starten", "2025-01-26"),
            ("afsluiten_succesvol", "2025-02-14", "doelen_behaald"),
        ),
        # C pga_jeugd: taken in 01-10, before the clipped January bucket (lopend_begin
        # there, not nieuw), paused 02-10: in de wacht at the end of feb and mrt
        casus(
            "pga_jeugd",
            "2025-01-05",
            ("triageren", "2025-01-10"),
            ("starten", "2025-01-11"),
            ("pauzeren", "2025-02-10", "detentie"),
        ),
        # D ipta: registered 02-03 and taken in 02-04 (feb), closed succesvol (werk,
        # positive) 03-06 (mrt): 30 days
        casus(
            "ipta",
            "2025-02-03",
            ("triageren", "2025-02-04"),
            ("starten", "2025-02-05"),
            ("afsluiten_succesvol", "2025-03-06", "werk"),
        ),
        # E pga_jeugd: taken in 01-03, handed over 01-16 (jan): 13 days
        casus(
            "pga_jeugd",
            "2025-01-02",
            ("triageren", "2025-01-03"),
            ("overdragen", "2025-01-16", "verhuizing"),
        ),
        # F pga_jeugd: registered the day after the period: counts nowhere
        casus("pga_jeugd", "2025-03-21"),
        # G pga_jeugd: registered 02-20 and not taken in 02-22 (feb)
        casus("pga_jeugd", "2025-02-20", ("niet_opnemen", "2025-02-22", "geen_doelgroep")),
        # H ipta: registered 01-16, taken in 01-17, closed niet succesvol 01-31: 14 days
        casus(
            "ipta",
            "2025-01-16",
            ("triageren", "2025-01-17"),
            ("afsluiten_niet_succesvol", "2025-01-31", "uit_beeld"),
        ),
        # I ipta: registered 01-16, taken in 01-18, handed over 01-28: 10 days
        casus(
            "ipta",
            "2025-01-16",
            ("triageren", "2025-01-18"),
            ("overdragen", "2025-01-28", "zorgpartij"),
        ),
        # J pga_jeugd: registered 2025-01-14, the day before the period: counts nowhere
        casus("pga_jeugd", "2025-01-14"),
    ]
    # police contacts of A's person: feb 2025 (1 in the bucket), and 2024-03-05, in the
    # comparison period of mrt 2025 (2024-03-01 .. 2024-03-20); 2025-03-21 counts nowhere
    for dag in ("2025-02-10", "2024-03-05", "2025-03-21"):
        db.session.add(
            PolitieContact(persoon=jongere, datum=date.fromisoformat(dag), soort="politie")
        )
    db.session.commit()
    signalen = [
        # ondermijning: the day before the period (nowhere), then one in every bucket
        ("ondermijning", "drugscriminaliteit", "collega", "2025-01-14"),
        ("ondermijning", "drugscriminaliteit", "collega", "2025-01-15"),
        ("ondermijning", "witwassen", "meld_misdaad_anoniem", "2025-02-28"),
        ("ondermijning", "drugscriminaliteit", "handhaving", "2025-03-20"),
        ("ondermijning", "drugscriminaliteit", "handhaving", "2025-03-21"),
        # comparison periods: feb 2025's is 2024-02-01 .. 2024-02-28, mrt 2025's is
        # 2024-03-01 .. 2024-03-20 (2024-03-21 is in neither)
        ("ondermijning", "witwassen", "collega", "2024-02-10"),
        ("ondermijning", "witwassen", "collega", "2024-03-10"),
        ("ondermijning", "witwassen", "collega", "2024-03-11"),
        ("ondermijning", "witwassen", "collega", "2024-03-21"),
        # pga_r (EMO): one in feb
        ("pga_r", "radicalisering", "collega", "2025-02-01"),
    ]
    for aanpak, thema, bron, dag in signalen:
        fabrieken.signaal(aanpak, thema=thema, bron=bron, ontvangen_op=date.fromisoformat(dag))
    return [c.ref for c in gevallen]


# The figures by hand, per bucket (jan, feb, mrt). pga_jeugd:
#   aanmeldingen: jan B (A, C, E, J registered earlier); feb G; mrt none (F is after it)
#   lopend_begin: jan A, C, E (E is closed on 01-16, not before 01-15); feb A, B, C; mrt A, C
#   nieuw: jan B (C was taken in 01-10, before the bucket); feb, mrt none
#   afgesloten: jan E (overgedragen); feb B (succesvol, positive); mrt none
#   lopend_einde: jan A, B, C; feb A, C; mrt A, C; in de wacht: C from 02-10 on
PGA_JEUGD = [
    dict(
        aanmeldingen=1,
        niet_opgenomen=0,
        lopend_begin=3,
        nieuw=1,
        totaal=4,
        afgesloten=1,
        positief=0,
        lopend_einde=3,
        in_de_wacht_einde=0,
    ),
    dict(
        aanmeldingen=1,
        niet_opgenomen=1,
        lopend_begin=3,
        nieuw=0,
        totaal=3,
        afgesloten=1,
        positief=1,
        lopend_einde=2,
        in_de_wacht_einde=1,
    ),
    dict(
        aanmeldingen=0,
        niet_opgenomen=0,
        lopend_begin=2,
        nieuw=0,
        totaal=2,
        afgesloten=0,
        positief=0,
        lopend_einde=2,
        in_de_wacht_einde=1,
    ),
]
# ipta: jan H and I registered, taken in and closed (niet succesvol, overgedragen);
# feb D registered and taken in; mrt D closed succesvol (positive)
IPTA = [
    dict(
        aanmeldingen=2,
        niet_opgenomen=0,
        lopend_begin=0,
        nieuw=2,
        totaal=2,
        afgesloten=2,
        positief=0,
        lopend_einde=0,
        in_de_wacht_einde=0,
    ),
    dict(
        aanmeldingen=1,
        niet_opgenomen=0,
        lopend_begin=0,
        nieuw=1,
        totaal=1,
        afgesloten=0,
        positief=0,
        lopend_einde=1,
        in_de_wacht_einde=0,
    ),
    dict(
        aanmeldingen=0,
        niet_opgenomen=0,
        lopend_begin=1,
        nieuw=0,
        totaal=1,
        afgesloten=1,
        positief=1,
        lopend_einde=0,
        in_de_wacht_einde=0,
    ),
]
# doorlooptijden in days, per bucket: pga_jeugd jan E 13, feb B 20; ipta jan H 14, I 10,
# mrt D 30. The median of all aanpakken together in jan: of 10, 13, 14 = 13 (the median
# of ipta alone is (10 + 14) / 2 = 12; adding the medians up would give 25)
DOORLOOPTIJD = {
    "pga_jeugd": [{13: 1}, {20: 1}, {}],
    "ipta": [{14: 1, 10: 1}, {}, {30: 1}],
}
# the indicators: ipta succesvol per bucket; A's police contacts (in the bucket, in its
# comparison period); ondermijning signals (in the bucket, in its comparison period);
# pga_r signals
IPTA_SUCCESVOL = [0, 0, 1]
POLITIECONTACTEN = [(0, 0), (1, 0), (0, 1)]
ONDERMIJNING_SIGNALEN = [(1, 0), (1, 1), (1, 2)]
EMO_SIGNALEN = [(0, 0), (1, 0), (0, 0)]


# -- the figures ---------------------------------------------------------------------------


def _zonder_vergelijking(aanpakken: dict[str, Any]) -> dict[str, Any]:
    return {
        code: {k: v for k, v in c.items() if k != "vergelijking"} for code, c in aanpakken.items()
    }


def _kern(c: dict[str, Any]) -> dict[str, int]:
    return {k: c[k] for k in PGA_JEUGD[0]}


@pytest.fixture
def r() -> Reeks:
    bouw()
    return reeks(VAN, TEM, "maand")


def test_every_bucket_equals_the_report_for_its_period(r: Reeks) -> None:
    assert [(v.periode.van, v.periode.tot_en_met) for v in r.vakken] == [
        (date(2025, 1, 15), date(2025, 1, 31)),
        (date(2025, 2, 1), date(2025, 2, 28)),
        (date(2025, 3, 1), date(2025, 3, 20)),
    ]
    for i, vak in enumerate(r.vakken):
        verslag = rapport(vak.periode)
        assert r.aanpakken[i] == _zonder_vergelijking(verslag["aanpakken"])
        assert r.signalen[i] == verslag["signalen"]
        assert r.indicatoren[i] == verslag["indicatoren"]
        # the doorlooptijd counts exactly the report's afgesloten cases
        for code, c in verslag["aanpakken"].items():
            assert sum(r.doorlooptijden[i][code].values()) == c["afgesloten"]


def test_the_buckets_hold_the_figures_worked_out_by_hand(r: Reeks) -> None:
    for i in range(3):
        assert _kern(r.aanpakken[i]["pga_jeugd"]) == PGA_JEUGD[i]
        assert _kern(r.aanpakken[i]["ipta"]) == IPTA[i]
        for code in ("rio", "pga_r", "ondermijning", "woonoverlast"):
            assert r.aanpakken[i][code]["totaal"] == 0
            assert r.aanpakken[i][code]["aanmeldingen"] == 0
        for code, per_vak in DOORLOOPTIJD.items():
            assert r.doorlooptijden[i][code] == Counter(per_vak[i])
        ind = r.indicatoren[i]
        assert ind["ipta_succesvol_afgesloten"] == IPTA_SUCCESVOL[i]
        nu, toen = POLITIECONTACTEN[i]
        assert ind["pga_jeugd_politiecontacten"] == {
            "periode": nu,
            "vergelijking": toen,
            "verschil_procent": -100.0 if toen else None,  # mrt: 0 against 1
        }
        nu, toen = ONDERMIJNING_SIGNALEN[i]
        assert ind["ondermijning_signalen"] == {
            "periode": nu,
            "vergelijking": toen,
            "gehaald": nu >= toen,
        }
        nu, toen = EMO_SIGNALEN[i]
        assert ind["emo_signalen"] == {"periode": nu, "vergelijking": toen, "gehaald": nu >= toen}
    # mrt: 1 ondermijning signal against 2 a year earlier: the norm is not met
    assert r.indicatoren[2]["ondermijning_signalen"]["gehaald"] is False
    # no ondermijning cases: 0.0%, under the norm of 20
    assert r.indicatoren[0]["ondermijning_oplossingspercentage"] == {
        "waarde": 0.0,
        "norm": 20,
        "gehaald": False,
    }


def test_all_aanpakken_add_up_counts_and_take_one_median_over_all_cases(r: Reeks) -> None:
    alle = kengetallen(r, None)
    # jan: aanmeldingen B, H, I; instroom B, H, I; uitstroom E, H, I; lopend A, B, C
    assert alle[0] == {
        "aanmeldingen": 3,
        "nieuw": 3,
        "afgesloten": 3,
        "positief": 0,
        "lopend_einde": 3,
        "in_de_wacht_einde": 0,
        "doorlooptijd": 13,  # the median of 10, 13 and 14
        "doorlooptijd_n": 3,
    }
    # feb: aanmeldingen G, D; instroom D; uitstroom B (positive); lopend A, C, D; C waits
    assert alle[1] == {
        "aanmeldingen": 2,
        "nieuw": 1,
        "afgesloten": 1,
        "positief": 1,
        "lopend_einde": 3,
        "in_de_wacht_einde": 1,
        "doorlooptijd": 20,
        "doorlooptijd_n": 1,
    }
    # mrt: uitstroom D (positive, 30 days); lopend A, C
    assert alle[2] == {
        "aanmeldingen": 0,
        "nieuw": 0,
        "afgesloten": 1,
        "positief": 1,
        "lopend_einde": 2,
        "in_de_wacht_einde": 1,
        "doorlooptijd": 30,
        "doorlooptijd_n": 1,
    }
    ipta = kengetallen(r, "ipta")
    assert [rij["doorlooptijd"] for rij in ipta] == [12, None, 30]  # (10 + 14) / 2; none
    assert [rij["nieuw"] for rij in ipta] == [2, 1, 0]
    pga = kengetallen(r, "pga_jeugd")
    assert [rij["doorlooptijd"] for rij in pga] == [13, 20, None]


def test_signals_of_all_aanpakken_by_source_and_theme(r: Reeks) -> None:
    alle = signalen_van(r, None)
    assert alle is not None
    assert [s["totaal"] for s in alle] == [1, 2, 1]
    assert alle[0]["per_bron"]["collega"] == 1
    assert alle[1]["per_bron"]["meld_misdaad_anoniem"] == 1  # ondermijning
    assert alle[1]["per_bron"]["collega"] == 1  # pga_r
    assert alle[2]["per_bron"]["handhaving"] == 1
    assert sum(alle[2]["per_bron"].values()) == 1
    assert alle[1]["per_thema"][("pga_r", "radicalisering")] == 1
    assert alle[1]["per_thema"][("ondermijning", "witwassen")] == 1
    assert [s["per_thema"][("ondermijning", "drugscriminaliteit")] for s in alle] == [1, 0, 1]
    assert signalen_van(r, "pga_jeugd") is None  # registers no signals
    assert [s["totaal"] for s in signalen_van(r, "pga_r") or []] == [0, 1, 0]


def test_ended_buckets_come_from_the_cache_and_a_back_dated_change_reaches_them(
    r: Reeks,
) -> None:
    db.session.commit()
    # the figures counted above were kept for the ended buckets (on a page the request's
    # write phase does it; here the write ran at once)
    bewaard = select(func.count()).select_from(Rapportcache).where(Rapportcache.soort == DASHBOARD)
    assert db.session.scalar(bewaard) == 3
    assert reeks(VAN, TEM, "maand").indicatoren == r.indicatoren
    # a signal received in feb 2025, registered now: the cached feb figures are stale
    fabrieken.signaal(
        "ondermijning", thema="witwassen", bron="collega", ontvangen_op=date(2025, 2, 3)
    )
    daarna = reeks(VAN, TEM, "maand")
    assert [i["ondermijning_signalen"]["periode"] for i in daarna.indicatoren] == [1, 2, 1]
    assert daarna.indicatoren[1] == rapport(r.vakken[1].periode)["indicatoren"]
    assert cache.cachebaar(r.vakken[1].periode)


@pytest.mark.parametrize(
    ("telling", "verwacht"),
    [({}, None), ({5: 1}, 5), ({1: 1, 2: 1}, 1.5), ({1: 2, 9: 1}, 1), ({3: 1, 4: 2, 100: 1}, 4)],
)
def test_the_median_of_counted_days(telling: dict[int, int], verwacht: float | None) -> None:
    assert mediaan(Counter(telling)) == verwacht


# -- the page ------------------------------------------------------------------------------

PERIODE = {"van": "2025-01-15", "tot_en_met": "2025-03-20", "indeling": "maand"}
JAN, FEB, MRT = "jan 2025 (vanaf 15 jan)", "feb 2025", "mrt 2025 (t/m 20 mrt)"


@pytest.fixture
def manager(client: FlaskClient, maak_gebruiker_: Callable[..., Gebruiker]) -> Gebruiker:
    m = maak_gebruiker_("manager", naam="teamleider")
    db.session.commit()
    login(client, m)
    return m


def _tabel(html: str, kenmerk: str) -> dict[str, list[str]]:
    """The rows of the table of chart ``kenmerk``: bucket name -> its cells."""
    figuur = re.search(rf'<figure class="dblok" id="{kenmerk}">(.*?)</figure>', html, re.S)
    assert figuur, kenmerk
    return {
        naam: re.findall(r'<td class="getal">([^<]*)</td>', cellen)
        for naam, cellen in re.findall(
            r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', figuur.group(1), re.S
        )
    }


def _fout(html: str, veld: str) -> str:
    m = re.search(rf'<p class="veld__fout" id="{veld}-fout">(.*?)</p>', html, re.S)
    return m.group(1).strip() if m else ""


def _waarde(html: str, veld: str) -> str | None:
    m = re.search(rf'<input[^>]*name="{veld}"[^>]*>', html)
    assert m, veld
    w = re.search(r'value="([^"]*)"', m.group(0))
    return w.group(1) if w else None


@pytest.mark.parametrize(
    "rollen",
    [(), ("regisseur:ipta",), ("triage:pga_jeugd",), ("privacy",), ("beheerder",)],
)
def test_everyone_but_a_manager_gets_404_and_no_menu_entry(
    client: FlaskClient, maak_gebruiker_: Callable[..., Gebruiker], rollen: tuple[str, ...]
) -> None:
    gebruiker = maak_gebruiker_(*rollen)
    db.session.commit()
    login(client, gebruiker)
    assert client.get("/dashboard/").status_code == 404
    assert client.get("/dashboard/", query_string=PERIODE).status_code == 404
    menu = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert 'href="/dashboard/"' not in menu


def test_a_manager_sees_the_figures_worked_out_by_hand(
    client: FlaskClient, manager: Gebruiker
) -> None:
    bouw()
    menu = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert 'href="/dashboard/"' in menu
    antwoord = client.get("/dashboard/", query_string=PERIODE)
    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    assert (
        "Alle aanpakken</strong>, per maand, van 15 januari 2025 tot en met 20 maart 2025" in html
    )
    # instroom, uitstroom, positief, aanmeldingen (all aanpakken added up)
    assert _tabel(html, "stroom") == {
        JAN: ["3", "3", "0", "3"],
        FEB: ["1", "1", "1", "2"],
        MRT: ["0", "1", "1", "0"],
    }
    assert _tabel(html, "lopend") == {JAN: ["3", "0"], FEB: ["3", "1"], MRT: ["2", "1"]}
    # the median of 10, 13 and 14 days; feb B 20; mrt D 30
    assert _tabel(html, "doorlooptijd") == {JAN: ["13", "3"], FEB: ["20", "1"], MRT: ["30", "1"]}
    assert _tabel(html, "ind-ondermijning_signalen") == {
        JAN: ["1", "0", "Ja"],
        FEB: ["1", "1", "Ja"],
        MRT: ["1", "2", "Nee"],
    }
    assert _tabel(html, "ind-pga_jeugd_politiecontacten") == {
        JAN: ["0", "0", "—"],
        FEB: ["1", "0", "—"],
        MRT: ["0", "1", "-100,0"],
    }
    assert _tabel(html, "ind-ondermijning_oplossingspercentage")[FEB] == ["0,0", "20%", "Nee"]
    # sources: Meld Misdaad Anoniem, Collega, Handhaving, Externe partner, Meldpunt; totaal
    assert _tabel(html, "sig-bron")[FEB] == ["1", "1", "0", "0", "0", "2"]
    themas = _tabel(html, "sig-thema")
    assert themas["Ondermijning: Drugscriminaliteit"] == ["1", "0", "1", "2"]
    assert themas["PGA-R: Radicalisering"] == ["0", "1", "0", "1"]
    # the charts: one SVG per block, its series told apart by marker and pattern too
    assert html.count('<svg class="dgrafiek') == html.count('<figure class="dblok"')
    assert "dgrafiek__lijn--1" in html
    assert "<polygon" in html
    assert "Met * gemarkeerd: jan 2025 (vanaf 15 jan) en mrt 2025 (t/m 20 mrt)" in html


def test_one_aanpak_shows_its_own_median_indicators_and_no_signals(
    client: FlaskClient, manager: Gebruiker
) -> None:
    bouw()
    html = client.get("/dashboard/", query_string={**PERIODE, "aanpak": "ipta"}).get_data(
        as_text=True
    )
    # ipta's own cases: (10 + 14) / 2 = 12 in jan, none closed in feb
    assert _tabel(html, "doorlooptijd") == {JAN: ["12", "2"], FEB: ["—", "0"], MRT: ["30", "1"]}
    assert _tabel(html, "ind-ipta_succesvol_afgesloten") == {JAN: ["0"], FEB: ["0"], MRT: ["1"]}
    assert 'id="ind-ondermijning_signalen"' not in html
    assert "Bij deze aanpak worden geen signalen geregistreerd." in html
    rio = client.get("/dashboard/", query_string={**PERIODE, "aanpak": "rio"}).get_data(
        as_text=True
    )
    assert "Voor deze aanpak zijn geen effectindicatoren vastgesteld." in rio


@pytest.mark.parametrize("aanpak", ["", "pga_jeugd", "ipta", "ondermijning"])
@pytest.mark.parametrize("indeling", ["maand", "jaar"])
def test_no_name_bsn_or_case_number_in_the_response(
    client: FlaskClient, manager: Gebruiker, aanpak: str, indeling: str
) -> None:
    nummers = bouw()
    html = client.get(
        "/dashboard/", query_string={**PERIODE, "aanpak": aanpak, "indeling": indeling}
    ).get_data(as_text=True)
    assert "<table" in html
    for geheim in (*GEHEIM_NAAM, GEHEIM_BSN, *nummers):
        assert geheim not in html
    assert " style=" not in html  # the CSP allows no inline style


@pytest.mark.klok(date(2025, 4, 10))
def test_without_a_choice_the_last_twelve_complete_months_by_month(
    client: FlaskClient, manager: Gebruiker
) -> None:
    html = client.get("/dashboard/").get_data(as_text=True)
    assert "per maand, van 1 april 2024 tot en met 31 maart 2025 (12 perioden)" in html
    assert (_waarde(html, "van"), _waarde(html, "tot_en_met")) == ("2024-04-01", "2025-03-31")
    assert '<th scope="row">apr 2024</th>' in html
    assert '<th scope="row">mrt 2025</th>' in html


@pytest.mark.klok(date(2025, 4, 10))
@pytest.mark.parametrize(
    ("invoer", "veld", "melding"),
    [
        (
            {"van": "2025-03-01", "tot_en_met": "2025-01-31"},
            "tot_en_met",
            "De einddatum ligt vóór de begindatum.",
        ),
        (
            {"van": "gisteren", "tot_en_met": "2025-01-31"},
            "van",
            "Vul een geldige datum in (dag-maand-jaar).",
        ),
        (
            {"van": "2025-01-01", "tot_en_met": "2025-02-30"},
            "tot_en_met",
            "Vul een geldige datum in (dag-maand-jaar).",
        ),
        (
            {"van": "2019-01-01", "tot_en_met": "2025-03-31", "indeling": "maand"},
            "indeling",
            "Deze periode telt 75 maanden; het dashboard toont er hoogstens 60. "
            "Kies een kortere periode of een grotere indeling.",
        ),
        (
            {"van": "2025-01-01"},
            "tot_en_met",
            "Vul ook deze datum in, of laat beide datums leeg.",
        ),
        (
            {"van": "2025-01-01", "tot_en_met": "2026-01-01"},
            "tot_en_met",
            "Kies een einddatum uiterlijk 31-12-2025.",
        ),
        ({"aanpak": "geheim"}, "aanpak", "Kies een van de mogelijkheden."),
        ({"indeling": "week"}, "indeling", "Kies een van de mogelijkheden."),
    ],
)
def test_bad_input_gets_a_dutch_message_next_to_its_field_and_the_form_back(
    client: FlaskClient, manager: Gebruiker, invoer: dict[str, str], veld: str, melding: str
) -> None:
    antwoord = client.get("/dashboard/", query_string={"indeling": "kwartaal", **invoer})
    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    assert _fout(html, veld) == melding
    assert "niet goed ingevuld" in html  # the summary above the form
    assert "Instroom en uitstroom" not in html  # no figures for a refused choice
    for naam in ("van", "tot_en_met"):
        if naam in invoer:
            assert _waarde(html, naam) == invoer[naam]
    keuze = invoer.get("indeling", "kwartaal")
    if keuze != "week":
        assert re.search(rf'<option selected value="{keuze}">', html)
