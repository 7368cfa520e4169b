"""The dashboard per wijk on a hand-built history: cases and signals per wijk, absolute
and per 1,000 inhabitants, against the previous period, worked out by hand; the page
shows them in a map, a ranked chart and a table, to managers only, without personal
data. Run on SQLite and on PostgreSQL (TEST_DATABASE_URL).

The period is the first half-year of 2025 (1 January .. 30 June), the previous one the
second half-year of 2024 (1 July .. 31 December 2024). Inhabitants (set per test):
Meerzicht 1,500, Dorp 4,000, Palenstein 2,500; every other wijk has no number.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from casus.dashboard.wijken import vorige_periode, wijkcijfers
from casus.extensions import db
from casus.rapportage.periode import aangepast, uit_label
from casus.rapportage.services import rapport
from tests.hulp import fabrieken
from tests.hulp.client import login
from tests.hulp.geschiedenis import casus

pytestmark = pytest.mark.klok(date(2025, 8, 1))

INWONERS = {"Meerzicht": 1500, "Dorp": 4000, "Palenstein": 2500}
GEHEIM_NAAM = ("Zwaantje", "Geheimnaam")
GEHEIM_BSN = "111222333"
H1 = uit_label("2025-H1")


@pytest.fixture(autouse=True)
def _inwoners(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "WIJK_INWONERS", dict(INWONERS))


def bouw() -> list[str]:
    """The history; returns the case numbers it made."""
    persoon = fabrieken.persoon(*GEHEIM_NAAM, date(2008, 5, 1), bsn=GEHEIM_BSN)
    gevallen = [
        # A pga_jeugd Meerzicht: taken in 2024-05-10, open: lopend at both ends
        casus(
            "pga_jeugd",
            "2024-05-01",
            ("triageren", "2024-05-10"),
            p=persoon,
            kenmerken={"wijk": "Meerzicht"},
        ),
        # B pga_jeugd Meerzicht: taken in 2025-02-05: nieuw and lopend in H1
        casus(
            "pga_jeugd", "2025-02-01", ("triageren", "2025-02-05"), kenmerken={"wijk": "Meerzicht"}
        ),
        # C ipta Meerzicht: taken in 2025-03-02, closed 2025-05-01: nieuw in H1, not lopend
        casus(
            "ipta",
            "2025-03-01",
            ("triageren", "2025-03-02"),
            ("afsluiten_niet_succesvol", "2025-05-01", "uit_beeld"),
            kenmerken={"wijk": "Meerzicht"},
        ),
        # D ondermijning Dorp: taken in 2024-08-05 (nieuw in H2 2024), lopend at both ends
        casus(
            "ondermijning",
            "2024-08-01",
            ("triageren", "2024-08-05"),
            kenmerken={"wijk": "Dorp", "herkomst": "lokaal"},
        ),
        # E woonoverlast Dorp: taken in 2025-04-01: nieuw and lopend in H1
        casus(
            "woonoverlast",
            "2025-03-25",
            ("triageren", "2025-04-01"),
            kenmerken={"wijk": "Dorp", "woningtype": "corporatie", "soort": "leefbaarheid"},
        ),
        # F pga_jeugd Palenstein: taken in 2024-10-02 (nieuw, lopend in H2 2024), handed
        # over 2025-01-15: in H1 neither nieuw nor lopend
        casus(
            "pga_jeugd",
            "2024-10-01",
            ("triageren", "2024-10-02"),
            ("overdragen", "2025-01-15", "verhuizing"),
            kenmerken={"wijk": "Palenstein"},
        ),
        # G pga_jeugd without a wijk: taken in 2025-01-12: nieuw and lopend, wijk unknown
        casus("pga_jeugd", "2025-01-10", ("triageren", "2025-01-12")),
        # H rio Meerzicht: not taken in: counts nowhere
        casus(
            "rio",
            "2025-03-01",
            ("niet_opnemen", "2025-03-02", "geen_doelgroep"),
            kenmerken={"wijk": "Meerzicht"},
        ),
        # I pga_jeugd Meerzicht: only registered: counts nowhere
        casus("pga_jeugd", "2025-06-20", kenmerken={"wijk": "Meerzicht"}),
        # J pga_jeugd Seghwaert (no inhabitants): taken in 2025-03-10: nieuw and lopend
        casus(
            "pga_jeugd", "2025-03-05", ("triageren", "2025-03-10"), kenmerken={"wijk": "Seghwaert"}
        ),
    ]
    db.session.commit()
    for aanpak, thema, wijk, dag in [
        ("ondermijning", "witwassen", "Meerzicht", "2025-02-10"),  # S1 H1
        ("ondermijning", "witwassen", "Meerzicht", "2025-06-30"),  # S2 H1's last day
        ("pga_r", "radicalisering", "Meerzicht", "2025-01-01"),  # S3 H1's first day
        ("ondermijning", "witwassen", "Dorp", "2024-12-31"),  # S4 previous period
        ("ondermijning", "witwassen", "Dorp", "2025-07-01"),  # S5 after: nowhere
        ("ondermijning", "witwassen", None, "2025-03-03"),  # S6 H1, wijk unknown
        ("pga_r", "radicalisering", "Palenstein", "2024-07-01"),  # S7 previous, first day
        ("ondermijning", "witwassen", "Palenstein", "2024-06-30"),  # S8 before: nowhere
    ]:
        fabrieken.signaal(aanpak, thema=thema, ontvangen_op=date.fromisoformat(dag), wijk=wijk)
    return [c.ref for c in gevallen]


def cijfers(rijen: Any, maat: str) -> dict[str, tuple[int, int]]:
    """Per wijk with any figure: (this period, the previous one)."""
    return {r.kop: (r.nu[maat], r.vorig[maat]) for r in rijen if r.nu[maat] or r.vorig[maat]}


def test_the_previous_period_is_the_one_directly_before() -> None:
    assert vorige_periode(H1) == uit_label("2024-H2")
    assert vorige_periode(uit_label("2024-H2")) == uit_label("2024-H1")
    assert vorige_periode(uit_label("2025-Q1")) == uit_label("2024-Q4")
    assert vorige_periode(uit_label("2025-Q3")) == uit_label("2025-Q2")
    assert vorige_periode(uit_label("2025")) == uit_label("2024")
    # March 2025 has 31 days: the 31 days before it are 29 January .. 28 February
    maart = aangepast(date(2025, 3, 1), date(2025, 3, 31))
    assert vorige_periode(maart) == aangepast(date(2025, 1, 29), date(2025, 2, 28))


def test_the_figures_per_wijk_worked_out_by_hand() -> None:
    bouw()
    c = wijkcijfers(H1, None)
    assert [r.kop for r in c.rijen][:3] == ["Bedrijventerreinen", "Buytenwegh", "De Leyens"]
    # nieuw: Meerzicht B, C (previous: none); Dorp E (previous D); Palenstein none
    # (previous F); Seghwaert J; no wijk G
    assert cijfers(c.rijen, "nieuw") == {
        "Meerzicht": (2, 0),
        "Dorp": (1, 1),
        "Palenstein": (0, 1),
        "Seghwaert": (1, 0),
    }
    # lopend: Meerzicht A, B (previous A); Dorp D, E (previous D); Palenstein none
    # (previous F); Seghwaert J
    assert cijfers(c.rijen, "lopend") == {
        "Meerzicht": (2, 1),
        "Dorp": (2, 1),
        "Palenstein": (0, 1),
        "Seghwaert": (1, 0),
    }
    # signals: Meerzicht S1, S2, S3; previous Dorp S4, Palenstein S7
    assert cijfers(c.rijen, "signalen") == {
        "Meerzicht": (3, 0),
        "Dorp": (0, 1),
        "Palenstein": (0, 1),
    }
    z = c.zonder_wijk
    assert (z.nu["nieuw"], z.nu["lopend"], z.nu["signalen"]) == (1, 1, 1)  # G, G, S6
    t = c.totaal
    assert (t.nu["nieuw"], t.nu["lopend"], t.nu["signalen"]) == (5, 6, 4)
    assert (t.vorig["nieuw"], t.vorig["lopend"], t.vorig["signalen"]) == (2, 3, 2)
    # not every wijk has inhabitants: no rate for the municipality
    assert t.inwoners is None


def test_the_totals_equal_the_report_for_the_same_period() -> None:
    bouw()
    c = wijkcijfers(H1, None)
    r = rapport(H1)
    for maat, sleutel in (("nieuw", "nieuw"), ("lopend", "lopend_einde")):
        assert c.totaal.nu[maat] == sum(a[sleutel] for a in r["aanpakken"].values())
    assert c.totaal.nu["signalen"] == sum(s["totaal"] for s in r["signalen"].values())
    # the woonoverlast breakdown per wijk is the report's, unchanged: E in Dorp
    assert r["woonoverlast"]["lopend_einde_per_wijk"] == {"Dorp": 1}


def test_the_rates_per_1000_worked_out_by_hand() -> None:
    bouw()
    rijen = {r.kop: r for r in wijkcijfers(H1, None).rijen}
    # lopend: Meerzicht 2 / 1,500 x 1,000 = 1.33 -> 1,3; Dorp 2 / 4,000 x 1,000 = 0,5;
    # Palenstein 0 -> 0,0; Seghwaert has no number of inhabitants: onbekend
    assert [rijen[w].cel("lopend")["per_duizend"] for w in INWONERS] == ["1,3", "0,5", "0,0"]
    assert rijen["Seghwaert"].cel("lopend")["per_duizend"] == "onbekend"
    # nieuw: Dorp 1 / 4,000 x 1,000 = 0.25 -> 0,3 (a half is rounded up)
    assert rijen["Dorp"].cel("nieuw")["per_duizend"] == "0,3"
    # signals: Meerzicht 3 / 1,500 x 1,000 = 2,0
    assert rijen["Meerzicht"].cel("signalen")["per_duizend"] == "2,0"
    # the change in words
    assert rijen["Meerzicht"].cel("nieuw")["verschil"] == "2 meer"
    assert rijen["Dorp"].cel("nieuw")["verschil"] == "gelijk"
    assert rijen["Palenstein"].cel("lopend")["verschil"] == "1 minder"


def test_one_aanpak_counts_its_own_cases_and_signals() -> None:
    bouw()
    jeugd = wijkcijfers(H1, "pga_jeugd")
    assert cijfers(jeugd.rijen, "lopend") == {
        "Meerzicht": (2, 1),
        "Palenstein": (0, 1),
        "Seghwaert": (1, 0),
    }
    assert not jeugd.met_signalen  # PGA Jeugd takes no signals
    assert cijfers(jeugd.rijen, "signalen") == {}
    ondermijning = wijkcijfers(H1, "ondermijning")
    assert cijfers(ondermijning.rijen, "lopend") == {"Dorp": (1, 1)}
    assert cijfers(ondermijning.rijen, "nieuw") == {"Dorp": (0, 1)}
    # S1, S2 in Meerzicht, S6 without a wijk; previous: S4 in Dorp (S7 is PGA-R)
    assert cijfers(ondermijning.rijen, "signalen") == {"Meerzicht": (2, 0), "Dorp": (0, 1)}
    assert ondermijning.zonder_wijk.nu["signalen"] == 1


def test_a_free_range_is_compared_with_as_many_days_before_it() -> None:
    bouw()
    maart = aangepast(date(2025, 3, 1), date(2025, 3, 31))
    c = wijkcijfers(maart, None)
    assert (c.vorige.van, c.vorige.tot_en_met) == (date(2025, 1, 29), date(2025, 2, 28))
    # nieuw in March: C (Meerzicht), J (Seghwaert); in 29 Jan .. 28 Feb: B (Meerzicht)
    assert cijfers(c.rijen, "nieuw") == {"Meerzicht": (1, 1), "Seghwaert": (1, 0)}
    # signals in March: S6 (no wijk); before: S1 (Meerzicht)
    assert cijfers(c.rijen, "signalen") == {"Meerzicht": (0, 1)}
    assert c.zonder_wijk.nu["signalen"] == 1


# -- the page -------------------------------------------------------------------------


def _als(app: Flask, *rollen: str) -> FlaskClient:
    gebruiker = fabrieken.gebruiker(f"g{len(rollen)}{'-'.join(rollen)}", *rollen)
    db.session.commit()
    client = app.test_client()
    login(client, gebruiker)
    return client


def _rij(pagina: str, kop: str) -> list[str]:
    """The cells of the table row headed ``kop``."""
    m = re.search(
        rf'<tr(?: class="[^"]*")?><th scope="row">{re.escape(kop)}</th>(.*?)</tr>', pagina
    )
    assert m, kop
    return re.findall(r"<td[^>]*>([^<]*)</td>", m.group(1))


def test_a_manager_sees_the_map_the_ranked_chart_and_the_table(app: Flask) -> None:
    bouw()
    pagina = _als(app, "manager").get("/dashboard/wijken").get_data(as_text=True)
    # the default: the last completed half-year, against the one before
    assert "eerste halfjaar 2025 (1 januari 2025 tot en met 30 juni 2025)" in pagina
    assert "tweede halfjaar 2024 (1 juli 2024 tot en met 31 december 2024)" in pagina
    # inhabitants, then per measure: count, per 1,000, previous, change
    assert _rij(pagina, "Meerzicht") == [
        "1.500",
        *("2", "1,3", "0", "2 meer"),
        *("2", "1,3", "1", "1 meer"),
        *("3", "2,0", "0", "3 meer"),
    ]
    assert _rij(pagina, "Dorp") == [
        "4.000",
        *("1", "0,3", "1", "gelijk"),
        *("2", "0,5", "1", "1 meer"),
        *("0", "0,0", "1", "1 minder"),
    ]
    assert _rij(pagina, "Seghwaert") == [
        "onbekend",
        *("1", "onbekend", "0", "1 meer"),
        *("1", "onbekend", "0", "1 meer"),
        *("0", "onbekend", "0", "gelijk"),
    ]
    assert _rij(pagina, "Wijk onbekend") == [
        "—",
        *("1", "—", "0", "1 meer"),
        *("1", "—", "0", "1 meer"),
        *("1", "—", "0", "1 meer"),
    ]
    assert _rij(pagina, "Totaal") == [
        "onbekend",
        *("5", "onbekend", "2", "3 meer"),
        *("6", "onbekend", "3", "3 meer"),
        *("4", "onbekend", "2", "2 meer"),
    ]
    # the map: a path per wijk of the demo's map, classes of lopend per 1,000
    paden = dict(
        re.findall(r'<path id="wk-wijk-\d+" [^>]*data-wijk="([^"]+)" data-klasse="(\w+)"', pagina)
    )
    assert len(paden) == 12
    assert (paden["Palenstein"], paden["Dorp"], paden["Meerzicht"]) == ("1", "2", "3")
    assert paden["Seghwaert"] == "onbekend"
    # the ranked chart: highest rate first, the wijken without inhabitants last by name
    rangen = re.findall(r'data-wijk="([^"]+)" data-rang="\d+"', pagina)
    assert rangen[:4] == ["Meerzicht", "Dorp", "Palenstein", "Bedrijventerreinen"]
    assert rangen[-1] == "Stadshart"
    assert ">2 (1,3 per 1.000), 1 meer</text>" in pagina
    assert 'style="' not in pagina
    assert "<script>" not in pagina


def test_the_measure_and_the_aanpak_are_chosen_in_the_form(app: Flask) -> None:
    bouw()
    client = _als(app, "manager")
    pagina = client.get("/dashboard/wijken?maat=signalen").get_data(as_text=True)
    rangen = re.findall(r'data-wijk="([^"]+)" data-rang="\d+"', pagina)
    # signals per 1,000: Meerzicht 2,0, then Dorp and Palenstein at 0,0 by name
    assert rangen[:3] == ["Meerzicht", "Dorp", "Palenstein"]
    assert ">3 (2,0 per 1.000), 3 meer</text>" in pagina
    # PGA Jeugd takes no signals: no signal columns, the map shows lopend
    jeugd = client.get("/dashboard/wijken?aanpak=pga_jeugd&maat=signalen").get_data(as_text=True)
    assert "Bij deze aanpak worden geen signalen geregistreerd." in jeugd
    assert _rij(jeugd, "Meerzicht") == [
        "1.500",
        *("1", "0,7", "0", "1 meer"),
        *("2", "1,3", "1", "1 meer"),
    ]
    # a free range and a quarter
    maart = client.get("/dashboard/wijken?van=2025-03-01&tot_en_met=2025-03-31").get_data(
        as_text=True
    )
    assert "29 januari 2025 tot en met 28 februari 2025" in maart
    kwartaal = client.get("/dashboard/wijken?periode=2025-Q1").get_data(as_text=True)
    assert "eerste kwartaal 2025" in kwartaal
    assert "vierde kwartaal 2024" in kwartaal


def test_a_bad_period_gets_a_dutch_message_and_no_figures(app: Flask) -> None:
    client = _als(app, "manager")
    antwoord = client.get("/dashboard/wijken?van=2025-03-31&tot_en_met=2025-03-01")
    pagina = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 200
    assert "De einddatum ligt vóór de begindatum." in pagina
    assert "Alle cijfers per wijk" not in pagina
    half = client.get("/dashboard/wijken?van=2025-03-01").get_data(as_text=True)
    assert "Vul ook deze datum in, of laat beide datums leeg." in half


def test_without_a_map_the_ranked_chart_and_the_table_remain(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.extensions, "wijkkaart", None)
    bouw()
    pagina = _als(app, "manager").get("/dashboard/wijken").get_data(as_text=True)
    assert "wk-wijk-" not in pagina
    assert "Kaart:" not in pagina
    assert re.findall(r'data-wijk="([^"]+)" data-rang="\d+"', pagina)[:2] == ["Meerzicht", "Dorp"]
    assert _rij(pagina, "Dorp")[0] == "4.000"


@pytest.mark.parametrize(
    "rollen",
    [("regisseur:pga_jeugd",), ("triage:ondermijning",), ("privacy",), ("beheerder",), ()],
)
def test_everyone_but_a_manager_gets_404(app: Flask, rollen: tuple[str, ...]) -> None:
    assert _als(app, *rollen).get("/dashboard/wijken").status_code == 404


def test_not_logged_in_is_sent_to_the_login(client: FlaskClient) -> None:
    antwoord = client.get("/dashboard/wijken")
    assert antwoord.status_code == 302
    assert "/inloggen" in antwoord.headers["Location"]


def test_no_name_bsn_or_case_number_in_the_response(app: Flask) -> None:
    refs = bouw()
    client = _als(app, "manager")
    for adres in ("/dashboard/wijken", "/dashboard/wijken?aanpak=pga_jeugd&maat=nieuw"):
        pagina = client.get(adres).get_data(as_text=True)
        assert "Meerzicht" in pagina
        for geheim in (*GEHEIM_NAAM, GEHEIM_BSN, *refs):
            assert geheim not in pagina
