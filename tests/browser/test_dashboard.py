"""The managers' dashboard and the dashboard per wijk in Chromium, at laptop (1366 px) and
phone (390 px) width, on SQLite and on PostgreSQL: every chart drawn, every "Cijfers als
tabel" opened and holding the numbers worked out by hand below, the map with a shape per
wijk, the ranked chart and the table per wijk; a refused period next to its field with
the form kept; every control reached by Tab with a visible focus; no WCAG violations
(axe, with the tables opened too), no sideways scrolling, no CSP violation, no console
error and no resource answered with an error. A regisseur gets 404 and no menu entry.

The history (no clock is stopped: every date lies in the past, every period is given):

====  ============  ==========  ==========================================================
case  aanpak        wijk        steps
====  ============  ==========  ==========================================================
A     pga_jeugd     Meerzicht   registered 2024-12-01, taken in 12-10, started: open
B     pga_jeugd     Meerzicht   registered 2025-01-20, taken in 01-25, closed succesvol
                                (doelen_behaald, positive) 02-14: 20 days
C     pga_jeugd     Dorp        registered 2025-01-05, taken in 01-10, paused 02-10: open
D     ipta          Dorp        registered 2025-02-03, taken in 02-04, closed succesvol
                                (werk, positive) 03-06: 30 days
E     ondermijning  Palenstein  registered 2025-01-06, taken in 01-08, closed succesvol
                                (interventie_ingezet, positive) 03-12: 63 days
F     pga_jeugd     (none)      registered 2025-03-01, taken in 03-03: open
====  ============  ==========  ==========================================================

A's person has police contacts on 2025-02-10 and 2024-03-05. Signals (aanpak, theme,
source, received, wijk): S1 ondermijning drugscriminaliteit collega 2025-01-15
Meerzicht; S2 ondermijning witwassen Meld Misdaad Anoniem 2025-02-28 Meerzicht; S3
ondermijning drugscriminaliteit handhaving 2025-03-20 without wijk; S4 pga_r
radicalisering collega 2025-02-01 Dorp; S5, S6, S7 ondermijning witwassen collega
2024-02-10, 2024-03-10, 2024-03-11 (the comparison periods of feb and mrt 2025), S8
ondermijning witwassen collega 2024-11-15 Meerzicht.

The dashboard shows 1 January .. 31 March 2025 by month, all aanpakken; the wijken page
the same three months (a free range: compared with the 90 days before it, 3 October ..
31 December 2024), Zoetermeer's default inhabitants per wijk. The expected figures are
worked out next to each table below.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from casus.extensions import db
from casus.personen.models import PolitieContact
from tests.hulp import fabrieken
from tests.hulp.browser import (
    AXE,
    LAPTOP,
    SMAL,
    NieuweContext,
    Server,
    axe_overtredingen,
    beschrijf,
    expect,
)
from tests.hulp.geschiedenis import casus

BREEDTES = [pytest.param(LAPTOP, id="1366"), pytest.param(SMAL, id="390")]
DASHBOARD = "/dashboard/?aanpak=&indeling=maand&van=2025-01-01&tot_en_met=2025-03-31"
WIJKEN = "/dashboard/wijken?van=2025-01-01&tot_en_met=2025-03-31&maat=nieuw"
# the page's own width against the window's: only a table may scroll, inside its box
BREEDTE = "() => document.documentElement.scrollWidth"
# CSP violations as the browser reports them to the page (an init script is not subject
# to the page's policy); Chromium also logs each one as a console error
CSP_LUISTERAAR = """
window.cspOvertredingen = [];
document.addEventListener('securitypolicyviolation', (e) => {
    window.cspOvertredingen.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""
# a table as its rows of cell texts (header row included)
TABEL = """(tabel) => Array.from(tabel.querySelectorAll('tr')).map(
    (tr) => Array.from(tr.children).map((cel) => cel.textContent.trim()))"""
# what the keyboard user has in focus: a number given to every control beforehand, and
# whether its outline can be seen
FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) { return null; }
    const stijl = getComputedStyle(el);
    const vak = el.getBoundingClientRect();
    return {
        nr: el.dataset.tabnr ?? null,
        naam: (el.getAttribute('aria-label') || el.id || el.textContent || el.tagName)
            .replace(/\\s+/g, ' ').trim(),
        omlijning: stijl.outlineStyle === 'none' ? 0 : parseFloat(stijl.outlineWidth),
        zichtbaar: vak.width > 0 && vak.height > 0 && vak.bottom > 0 && vak.right > 0
            && vak.top < window.innerHeight && vak.left < window.innerWidth,
    };
}"""
# every control a keyboard user should reach on the page as shown, numbered
BEDIENING = """() => {
    const alle = document.querySelectorAll('a[href], button, input:not([type=hidden]), '
        + 'select, textarea, summary, [tabindex]:not([tabindex="-1"])');
    const zichtbaar = Array.from(alle).filter((el) => !el.disabled
        && el.checkVisibility({visibilityProperty: true})
        && !el.closest('details:not([open]) > :not(summary)'));
    zichtbaar.forEach((el, i) => { el.dataset.tabnr = String(i); });
    return zichtbaar.map((el) => (el.getAttribute('aria-label') || el.id || el.textContent
        || el.tagName).replace(/\\s+/g, ' ').trim());
}"""


# -- the history ---------------------------------------------------------------------------


def _geschiedenis() -> None:
    fabrieken.gebruiker("pvandijk", "manager", naam="Peter van Dijk")
    fabrieken.gebruiker("jdevries", "regisseur:pga_jeugd", naam="Jeroen de Vries")
    jongere = fabrieken.persoon("Zwaantje", "Geheimnaam", date(2008, 5, 1), bsn="111222333")
    meerzicht, dorp = {"wijk": "Meerzicht"}, {"wijk": "Dorp"}
    casus(  # A
        "pga_jeugd",
        "2024-12-01",
        ("triageren", "2024-12-10"),
        ("starten", "2024-12-11"),
        p=jongere,
        kenmerken=meerzicht,
    )
    casus(  # B
        "pga_jeugd",
        "2025-01-20",
        ("triageren", "2025-01-25"),
        ("starten", "2025-01-26"),
        ("afsluiten_succesvol", "2025-02-14", "doelen_behaald"),
        kenmerken=meerzicht,
    )
    casus(  # C
        "pga_jeugd",
        "2025-01-05",
        ("triageren", "2025-01-10"),
        ("starten", "2025-01-11"),
        ("pauzeren", "2025-02-10", "detentie"),
        kenmerken=dorp,
    )
    casus(  # D
        "ipta",
        "2025-02-03",
        ("triageren", "2025-02-04"),
        ("starten", "2025-02-05"),
        ("afsluiten_succesvol", "2025-03-06", "werk"),
        kenmerken=dorp,
    )
    casus(  # E
        "ondermijning",
        "2025-01-06",
        ("triageren", "2025-01-08"),
        ("starten", "2025-01-09"),
        ("afsluiten_succesvol", "2025-03-12", "interventie_ingezet"),
        zonder_persoon=True,
        kenmerken={"wijk": "Palenstein", "herkomst": "lokaal"},
    )
    casus("pga_jeugd", "2025-03-01", ("triageren", "2025-03-03"))  # F
    for dag in ("2025-02-10", "2024-03-05"):
        db.session.add(
            PolitieContact(persoon=jongere, datum=date.fromisoformat(dag), soort="politie")
        )
    db.session.commit()
    for aanpak, thema, bron, dag, wijk in [
        ("ondermijning", "drugscriminaliteit", "collega", "2025-01-15", "Meerzicht"),  # S1
        ("ondermijning", "witwassen", "meld_misdaad_anoniem", "2025-02-28", "Meerzicht"),  # S2
        ("ondermijning", "drugscriminaliteit", "handhaving", "2025-03-20", None),  # S3
        ("pga_r", "radicalisering", "collega", "2025-02-01", "Dorp"),  # S4
        ("ondermijning", "witwassen", "collega", "2024-02-10", None),  # S5
        ("ondermijning", "witwassen", "collega", "2024-03-10", None),  # S6
        ("ondermijning", "witwassen", "collega", "2024-03-11", None),  # S7
        ("ondermijning", "witwassen", "collega", "2024-11-15", "Meerzicht"),  # S8
    ]:
        fabrieken.signaal(
            aanpak, thema=thema, bron=bron, ontvangen_op=date.fromisoformat(dag), wijk=wijk
        )


@pytest.fixture(params=["sqlite", "postgresql"])
def dbserver(request: pytest.FixtureRequest) -> Server:
    """The server on the test's database, with the history; emptied after the test."""
    if request.param == "sqlite":
        request.getfixturevalue("leeg")
        server: Server = request.getfixturevalue("server")
    else:
        request.getfixturevalue("leeg_postgres")
        server = request.getfixturevalue("postgres_server")
    _geschiedenis()
    return server


@pytest.fixture
def verzoeken(dbserver: Server) -> Iterator[list[tuple[int, str]]]:
    """Every request the server answers during the test, as (status, path): the ones
    the browser makes of its own accord too (an icon), which the page never reports."""
    app = dbserver.app
    binnen = app.wsgi_app
    gezien: list[tuple[int, str]] = []

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        def start(status: str, *rest: Any) -> Any:
            gezien.append((int(status.split()[0]), environ.get("PATH_INFO", "")))
            return start_response(status, *rest)

        return binnen(environ, start)

    app.wsgi_app = wsgi  # type: ignore[method-assign]
    yield gezien
    app.wsgi_app = binnen  # type: ignore[method-assign]


# -- what a page must never do -------------------------------------------------------------


class Wachter:
    """Everything a page did wrong while it was watched: a resource answered with an
    error status (as the page saw it, or as the server answered it), a console error or
    warning, an uncaught script error, a CSP violation."""

    def __init__(self, context: Any, verzoeken: list[tuple[int, str]]) -> None:
        self.fouten: list[str] = []
        self.verzoeken = verzoeken
        context.add_init_script(script=CSP_LUISTERAAR)
        context.on("page", self.bewaak)

    def bewaak(self, page: Any) -> None:
        page.on(
            "response",
            lambda r: (
                self.fouten.append(f"{r.status} {r.request.method} {r.url}")
                if r.status >= 400
                else None
            ),
        )
        page.on(
            "console",
            lambda m: (
                self.fouten.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda e: self.fouten.append(f"scriptfout: {e}"))
        page.on("requestfailed", lambda r: self.fouten.append(f"mislukt: {r.url} {r.failure}"))

    def controleer(self, page: Any) -> list[str]:
        """The faults so far, the CSP violations of the page now shown included."""
        return [
            *self.fouten,
            *(f"server: {status} {pad}" for status, pad in self.verzoeken if status >= 400),
            *(f"CSP: {c}" for c in page.evaluate("window.cspOvertredingen")),
        ]


def _pagina(
    nieuwe_context: NieuweContext,
    server: Server,
    gebruiker: str,
    viewport: dict[str, int],
    verzoeken: list[tuple[int, str]],
) -> tuple[Any, Wachter]:
    context = nieuwe_context(server, gebruiker, viewport=viewport)
    context.add_init_script(path=AXE)
    wachter = Wachter(context, verzoeken)
    return context.new_page(), wachter


def _geen_zijwaarts_scrollen(page: Any, viewport: dict[str, int]) -> None:
    breedte = page.evaluate(BREEDTE)
    assert breedte <= viewport["width"], f"de pagina is {breedte} px breed"


# -- the dashboard -------------------------------------------------------------------------

MAANDEN = ["jan 2025", "feb 2025", "mrt 2025"]
# per block (the figure's id): its title, its table's header row and its rows per month
VERWACHT: dict[str, tuple[str, list[str], list[list[str]]]] = {
    # instroom (taken in): jan B, C, E; feb D; mrt F. uitstroom: feb B; mrt D, E, all
    # with a positive reason. aanmeldingen: jan B, C, E; feb D; mrt F (A in December)
    "stroom": (
        "Instroom en uitstroom",
        [
            "Instroom (opgenomen)",
            "Uitstroom (afgesloten)",
            "Positief afgesloten",
            "Aanmeldingen",
        ],
        [["3", "0", "0", "3"], ["1", "1", "1", "1"], ["1", "2", "2", "1"]],
    ),
    # on the last day: jan A, B, C, E; feb A, C, D, E (C paused on 02-10); mrt A, C, F
    "lopend": (
        "Lopend en in de wacht",
        ["Lopend aan het einde", "In de wacht aan het einde"],
        [["4", "0"], ["4", "1"], ["3", "1"]],
    ),
    # feb: B 20 days; mrt: D 30 and E 63 days, the median of two is their mean, 46,5
    "doorlooptijd": (
        "Doorlooptijd (mediaan in dagen)",
        ["Mediaan in dagen", "Aantal afgesloten"],
        [["—", "0"], ["20", "1"], ["46,5", "2"]],
    ),
    # D closed succesvol in mrt
    "ind-ipta_succesvol_afgesloten": (
        "IPTA succesvol afgesloten",
        ["Aantal"],
        [["0"], ["0"], ["1"]],
    ),
    # A's person (in pga_jeugd all three months): 2025-02-10 in feb; 2024-03-05 in the
    # comparison period of mrt: 0 against 1 is -100 %; against 0 no percentage
    "ind-pga_jeugd_politiecontacten": (
        "Politiecontacten PGA Jeugd",
        ["Deze periode", "Een jaar eerder", "Verschil %"],
        [["0", "0", "—"], ["1", "0", "—"], ["0", "1", "-100,0"]],
    ),
    # ondermijning: S1, S2, S3 against jan 2024 (none), feb 2024 (S5), mrt 2024 (S6, S7)
    "ind-ondermijning_signalen": (
        "Signalen ondermijning",
        ["Deze periode", "Een jaar eerder (norm)", "Norm gehaald"],
        [["1", "0", "Ja"], ["1", "1", "Ja"], ["1", "2", "Nee"]],
    ),
    # pga_r: S4 in feb; nothing a year earlier
    "ind-emo_signalen": (
        "Signalen extremisme (PGA-R)",
        ["Deze periode", "Een jaar eerder (norm)", "Norm gehaald"],
        [["0", "0", "Ja"], ["1", "0", "Ja"], ["0", "0", "Ja"]],
    ),
    # ondermijning's cases in the month: E only; closed succesvol in mrt: 1 of 1 = 100 %
    "ind-ondermijning_oplossingspercentage": (
        "Oplossingspercentage ondermijning",
        ["Oplossingspercentage", "Norm", "Norm gehaald"],
        [["0,0", "20%", "Nee"], ["0,0", "20%", "Nee"], ["100,0", "20%", "Ja"]],
    ),
    "ind-pga_r_afgeschaald": ("PGA-R afgeschaald", ["Aantal"], [["0"], ["0"], ["0"]]),
    # jan S1 (collega); feb S2 (Meld Misdaad Anoniem), S4 (collega); mrt S3 (handhaving)
    "sig-bron": (
        "Signalen per bron",
        [
            "Meld Misdaad Anoniem",
            "Collega",
            "Handhaving",
            "Externe partner",
            "Meldpunt (website)",
            "Totaal",
        ],
        [
            ["0", "1", "0", "0", "0", "1"],
            ["1", "1", "0", "0", "0", "2"],
            ["0", "0", "1", "0", "0", "1"],
        ],
    ),
}
# the signals per theme: a row per theme, a column per month and the total
THEMAS = {
    "Ondermijning: Drugscriminaliteit": ["1", "0", "1", "2"],  # S1, S3
    "Ondermijning: Witwassen": ["0", "1", "0", "1"],  # S2
    "Ondermijning: Mensenhandel": ["0", "0", "0", "0"],
    "PGA-R: Radicalisering": ["0", "1", "0", "1"],  # S4
}


@pytest.mark.parametrize("viewport", BREEDTES)
def test_the_dashboard_draws_every_block_and_its_table_holds_the_figures(
    nieuwe_context: NieuweContext,
    dbserver: Server,
    verzoeken: list[tuple[int, str]],
    viewport: dict[str, int],
) -> None:
    page, wachter = _pagina(nieuwe_context, dbserver, "pvandijk", viewport, verzoeken)
    assert page.goto(DASHBOARD).status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")
    expect(page.locator(".dsamenvatting")).to_contain_text(
        "Alle aanpakken, per maand, van 1 januari 2025 tot en met 31 maart 2025 (3 perioden)."
    )

    # every block: one chart, an image named by its title, drawn at a size that fits
    blokken = page.locator("figure.dblok")
    expect(blokken).to_have_count(len(VERWACHT) + 1)
    titels = [(k, t) for k, (t, _, _) in VERWACHT.items()]
    for kenmerk, titel in [*titels, ("sig-thema", "Signalen per thema, de hele periode")]:
        blok = page.locator(f"figure#{kenmerk}")
        grafiek = blok.locator("svg.dgrafiek")
        expect(grafiek).to_have_count(1)
        expect(blok.get_by_role("img", name=titel)).to_be_visible()
        breedte = grafiek.bounding_box()["width"]
        assert 100 < breedte <= viewport["width"], (kenmerk, breedte)
    # the lines carry their figures: a marker per month and series, its value as tooltip
    stroom = page.locator("figure#stroom svg.dgrafiek")
    expect(stroom.locator("title", has_text="Instroom (opgenomen), jan 2025: 3")).to_have_count(1)
    expect(stroom.locator("title", has_text="Uitstroom (afgesloten), mrt 2025: 2")).to_have_count(1)
    # the norm is drawn as a labelled line
    oplossing = page.locator("figure#ind-ondermijning_oplossingspercentage svg.dgrafiek")
    expect(oplossing.locator(".dgrafiek__normlabel")).to_have_text("norm 20%")
    # the bars of the themes, largest first (equal totals by name)
    staven = page.locator("figure#sig-thema .dgrafiek__staaflabel")
    assert staven.all_text_contents()[:3] == [
        "Ondermijning: Drugscriminaliteit",
        "Ondermijning: Witwassen",
        "PGA-R: Radicalisering",
    ]

    # every "Cijfers als tabel" is closed, opens on a click and holds the figures
    for kenmerk, (titel, kolommen, rijen) in VERWACHT.items():
        blok = page.locator(f"figure#{kenmerk}")
        tabel = blok.get_by_role("table", name=titel)
        expect(tabel).to_be_hidden()
        blok.get_by_text("Cijfers als tabel").click()
        expect(tabel).to_be_visible()
        gelezen = tabel.evaluate(TABEL)
        verwacht = [["Periode", *kolommen]] + [
            [maand, *rij] for maand, rij in zip(MAANDEN, rijen, strict=True)
        ]
        assert gelezen == verwacht, kenmerk
    thema = page.locator("figure#sig-thema")
    thema.get_by_text("Cijfers als tabel").click()
    tabel = thema.get_by_role("table", name="Signalen per thema, de hele periode")
    expect(tabel).to_be_visible()
    gelezen = tabel.evaluate(TABEL)
    assert gelezen[0] == ["Periode", *MAANDEN, "Totaal"]
    per_thema = {rij[0]: rij[1:] for rij in gelezen[1:]}
    assert {t: per_thema.get(t) for t in THEMAS} == THEMAS
    # every other theme had no signal
    assert {tuple(w) for t, w in per_thema.items() if t not in THEMAS} == {("0",) * 4}

    # counts only: the person behind A is nowhere
    expect(page.get_by_text("Geheimnaam")).to_have_count(0)
    # the page names its icon, and it is there: without one Chromium asks the server for
    # /favicon.ico of its own accord (once per origin, a 404 the page never reports)
    expect(page.locator('head link[rel="icon"]')).to_have_count(1)
    icoon = page.locator('head link[rel="icon"]').get_attribute("href")
    assert icoon
    assert icoon != "/favicon.ico"
    assert page.request.get(icoon).status == 200
    _geen_zijwaarts_scrollen(page, viewport)
    overtredingen = axe_overtredingen(page)
    assert overtredingen == [], beschrijf(overtredingen)
    assert wachter.controleer(page) == []


@pytest.mark.parametrize("viewport", BREEDTES)
def test_a_period_that_ends_before_it_begins_is_refused_next_to_its_field(
    nieuwe_context: NieuweContext,
    dbserver: Server,
    verzoeken: list[tuple[int, str]],
    viewport: dict[str, int],
) -> None:
    page, wachter = _pagina(nieuwe_context, dbserver, "pvandijk", viewport, verzoeken)
    page.goto("/dashboard/")
    page.get_by_label("Aanpak").select_option(label="Ondermijning")
    page.get_by_label("Per", exact=True).select_option(label="Kwartaal")
    page.get_by_label("Van").fill("2025-03-31")
    page.get_by_label("Tot en met").fill("2025-01-01")
    page.get_by_role("button", name="Toon").click()

    # the summary above the form links to the field; the field says what is wrong
    melding = "De einddatum ligt vóór de begindatum."
    expect(page.get_by_role("alert")).to_contain_text(f"Tot en met: {melding}")
    tem = page.get_by_label("Tot en met")
    expect(tem).to_have_attribute("aria-invalid", "true")
    fout = page.locator(f"#{tem.get_attribute('aria-describedby')}")
    expect(fout).to_have_text(melding)
    expect(fout).to_be_visible()
    # next to the field: in its box, right above it
    veld = page.locator(".veld", has=tem)
    expect(veld.locator(".veld__fout")).to_have_text(melding)
    fout_vak, invoer_vak = fout.bounding_box(), tem.bounding_box()
    assert 0 <= invoer_vak["y"] - (fout_vak["y"] + fout_vak["height"]) < 24
    # what was filled in is kept; Van itself is not marked
    expect(page.get_by_label("Van")).to_have_value("2025-03-31")
    expect(tem).to_have_value("2025-01-01")
    expect(page.get_by_label("Aanpak")).to_have_value("ondermijning")
    expect(page.get_by_label("Per", exact=True)).to_have_value("kwartaal")
    expect(page.get_by_label("Van")).not_to_have_attribute("aria-invalid", "true")
    # no figures for a period that does not exist
    expect(page.locator("svg.dgrafiek")).to_have_count(0)

    # the summary's link takes the keyboard user to the field
    page.get_by_role("alert").get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "tot_en_met"

    _geen_zijwaarts_scrollen(page, viewport)
    overtredingen = axe_overtredingen(page)
    assert overtredingen == [], beschrijf(overtredingen)
    assert wachter.controleer(page) == []


# -- the dashboard per wijk ----------------------------------------------------------------

ZOETERMEER = [
    "Bedrijventerreinen",
    "Buytenwegh",
    "De Leyens",
    "Dorp",
    "Driemanspolder",
    "Meerzicht",
    "Noordhove",
    "Oosterheem",
    "Palenstein",
    "Rokkeveen",
    "Seghwaert",
    "Stadshart",
]


# Per 1,000 inhabitants (Zoetermeer's default numbers: Meerzicht 15,900, Dorp 6,900,
# Palenstein 10,700, all twelve 123,950), one decimal, a half up.
# nieuw: Meerzicht B (before: A, taken in 2024-12-10), Dorp C, D, Palenstein E, unknown
#   F; 1 / 15,900 = 0,06 -> 0,1; 2 / 6,900 = 0,29 -> 0,3; 1 / 10,700 = 0,09 -> 0,1
# lopend on 31 March: Meerzicht A (before: A), Dorp C (paused is open), unknown F
# signalen: Meerzicht S1, S2 (before: S8), Dorp S4, unknown S3
def _rij(inwoners: str, *maten: tuple[str, ...]) -> list[str]:
    """A row of the table: inhabitants, then per measure (nieuw, lopend, signalen) the
    count, per 1,000, the previous period's count and the change."""
    return [inwoners, *(cel for maat in maten for cel in maat)]


RIJEN = {
    "Meerzicht": _rij(
        "15.900",
        ("1", "0,1", "1", "gelijk"),
        ("1", "0,1", "1", "gelijk"),
        ("2", "0,1", "1", "1 meer"),
    ),
    "Dorp": _rij(
        "6.900",
        ("2", "0,3", "0", "2 meer"),
        ("1", "0,1", "0", "1 meer"),
        ("1", "0,1", "0", "1 meer"),
    ),
    "Palenstein": _rij(
        "10.700",
        ("1", "0,1", "0", "1 meer"),
        ("0", "0,0", "0", "gelijk"),
        ("0", "0,0", "0", "gelijk"),
    ),
    "Stadshart": _rij(
        "6.800",
        ("0", "0,0", "0", "gelijk"),
        ("0", "0,0", "0", "gelijk"),
        ("0", "0,0", "0", "gelijk"),
    ),
    "Wijk onbekend": _rij(
        "—", ("1", "—", "0", "1 meer"), ("1", "—", "0", "1 meer"), ("1", "—", "0", "1 meer")
    ),
    # 5 / 123,950 = 0,04; 3 / 123,950 = 0,02; 4 / 123,950 = 0,03: all 0,0
    "Totaal": _rij(
        "123.950",
        ("5", "0,0", "1", "4 meer"),
        ("3", "0,0", "1", "2 meer"),
        ("4", "0,0", "1", "3 meer"),
    ),
}
# the ranked chart of nieuw per 1,000: Dorp 0,3; Meerzicht and Palenstein 0,1 (equal: by
# name); the other nine 0,0 by name
RANGORDE = ["Dorp", "Meerzicht", "Palenstein"] + [
    w for w in ZOETERMEER if w not in ("Dorp", "Meerzicht", "Palenstein")
]


@pytest.mark.parametrize("viewport", BREEDTES)
def test_the_wijken_page_shows_the_map_the_ranked_chart_and_the_table(
    nieuwe_context: NieuweContext,
    dbserver: Server,
    verzoeken: list[tuple[int, str]],
    viewport: dict[str, int],
) -> None:
    page, wachter = _pagina(nieuwe_context, dbserver, "pvandijk", viewport, verzoeken)
    assert page.goto(WIJKEN).status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard per wijk")
    # a free range is named by its dates, once
    expect(page.locator("p.wijkuitleg")).to_have_text(
        "Alle aanpakken, 1 januari 2025 tot en met 31 maart 2025, vergeleken met "
        "3 oktober 2024 tot en met 31 december 2024."
    )
    titel = "Instroom (nieuw opgenomen) per wijk, per 1.000 inwoners"

    # the map: a shape per wijk, filled by its class (three distinct figures: 0,0 0,1 0,3)
    kaart = page.get_by_role("img", name=f"Kaart: {titel}")
    expect(kaart).to_be_visible()
    vormen = page.locator("svg.wijkkaart path[data-wijk]")
    expect(vormen).to_have_count(12)
    assert sorted(v.get_attribute("data-wijk") for v in vormen.all()) == ZOETERMEER
    klassen = {
        w: page.locator(f'svg.wijkkaart path[data-wijk="{w}"]').get_attribute("data-klasse")
        for w in ("Dorp", "Meerzicht", "Palenstein", "Stadshart")
    }
    assert klassen == {"Dorp": "3", "Meerzicht": "2", "Palenstein": "2", "Stadshart": "1"}
    expect(page.locator('svg.wijkkaart path[data-wijk="Dorp"] title')).to_have_text("Dorp: 0,3")
    breedte = kaart.bounding_box()["width"]
    assert 100 < breedte <= viewport["width"], breedte

    # the ranked chart: highest first, each bar with its count, rate and change
    staven = page.locator("svg.wijkstaven")
    expect(staven).to_have_attribute("role", "img")
    expect(staven.locator("title")).to_have_text(titel)
    expect(staven).to_be_visible()
    rangen = staven.locator("[data-rang]")
    expect(rangen).to_have_count(12)
    assert [r.get_attribute("data-wijk") for r in rangen.all()] == RANGORDE
    assert [r.get_attribute("data-rang") for r in rangen.all()] == [str(i) for i in range(1, 13)]
    for tekst in (
        "2 (0,3 per 1.000), 2 meer",
        "1 (0,1 per 1.000), gelijk",
        "1 (0,1 per 1.000), 1 meer",
    ):
        expect(staven.locator("text:not([aria-hidden])", has_text=tekst)).to_have_count(1)
    breedte = staven.bounding_box()["width"]
    assert 100 < breedte <= viewport["width"], breedte

    # the table: inhabitants, then per measure count, per 1,000, before and change
    tabel = page.get_by_role("table", name="Cijfers per wijk")
    expect(tabel).to_be_visible()
    gelezen = {rij[0]: rij[1:] for rij in tabel.evaluate(TABEL)[2:]}
    assert list(gelezen) == [*ZOETERMEER, "Wijk onbekend", "Totaal"]
    assert {w: gelezen[w] for w in RIJEN} == RIJEN
    # the wijken without a figure in either period
    leeg = ["0", "0,0", "0", "gelijk"] * 3
    assert {w for w, r in gelezen.items() if r[1:] == leeg} == set(ZOETERMEER) - {
        "Dorp",
        "Meerzicht",
        "Palenstein",
    }

    expect(page.get_by_text("Geheimnaam")).to_have_count(0)
    _geen_zijwaarts_scrollen(page, viewport)
    overtredingen = axe_overtredingen(page)
    assert overtredingen == [], beschrijf(overtredingen)
    assert wachter.controleer(page) == []


# -- the keyboard --------------------------------------------------------------------------


def _tab_door(page: Any, aantal: int, openen: str | None = None) -> list[dict[str, Any]]:
    """Tab from the top of the page until focus leaves it; every stop. The summary named
    ``openen`` is opened with Enter when it is reached."""
    stops: list[dict[str, Any]] = []
    for _ in range(aantal + 10):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if focus is None:  # past the last control: the browser's own
            break
        if stops and stops[-1]["naam"] == focus["naam"]:  # a date field's parts
            continue
        stops.append(focus)
        if focus["naam"] == openen:
            page.keyboard.press("Enter")
    return stops


@pytest.mark.parametrize("url", [DASHBOARD, WIJKEN], ids=["dashboard", "wijken"])
@pytest.mark.parametrize("viewport", BREEDTES)
def test_every_control_is_reached_by_tab_with_a_visible_focus(
    nieuwe_context: NieuweContext,
    dbserver: Server,
    verzoeken: list[tuple[int, str]],
    viewport: dict[str, int],
    url: str,
) -> None:
    page, wachter = _pagina(nieuwe_context, dbserver, "pvandijk", viewport, verzoeken)
    page.goto(url)
    bediening = page.evaluate(BEDIENING)
    # on the dashboard one table is opened with the keyboard on the way: its scrolling
    # box (not numbered: hidden until then) is the next stop
    openen = "Cijfers als tabel: Instroom en uitstroom" if url == DASHBOARD else None
    stops = _tab_door(page, len(bediening), openen)
    zonder_focus = [s["naam"] for s in stops if s["omlijning"] < 2 or not s["zichtbaar"]]
    assert zonder_focus == [], "geen zichtbare focus"
    bereikt = [int(s["nr"]) for s in stops if s["nr"] is not None]
    assert sorted(set(bereikt)) == list(range(len(bediening))), [
        naam for i, naam in enumerate(bediening) if i not in bereikt
    ]
    assert bereikt == sorted(bereikt), "de tabvolgorde wijkt af van de leesvolgorde"
    extra = [s["naam"] for s in stops if s["nr"] is None]
    if url == DASHBOARD:
        namen = [s["naam"] for s in stops]
        assert namen[namen.index(openen) + 1] == "Instroom en uitstroom, tabel"
        assert extra == ["Instroom en uitstroom, tabel"]
        expect(page.get_by_role("table", name="Instroom en uitstroom")).to_be_visible()
    else:
        assert extra == []
    # with that table open, axe still finds nothing
    overtredingen = axe_overtredingen(page)
    assert overtredingen == [], beschrijf(overtredingen)
    assert wachter.controleer(page) == []


def test_axe_finds_nothing_with_every_table_open_at_phone_width(
    nieuwe_context: NieuweContext, dbserver: Server, verzoeken: list[tuple[int, str]]
) -> None:
    page, wachter = _pagina(nieuwe_context, dbserver, "pvandijk", SMAL, verzoeken)
    page.goto(DASHBOARD)
    for samenvatting in page.locator("details.dblok__cijfers > summary").all():
        samenvatting.click()
    expect(page.locator("details.dblok__cijfers[open]")).to_have_count(len(VERWACHT) + 1)
    _geen_zijwaarts_scrollen(page, SMAL)
    overtredingen = axe_overtredingen(page)
    assert overtredingen == [], beschrijf(overtredingen)
    assert wachter.controleer(page) == []


# -- who may see it ------------------------------------------------------------------------


def test_a_regisseur_gets_404_and_no_menu_entry(
    nieuwe_context: NieuweContext, dbserver: Server
) -> None:
    page, _ = _pagina(nieuwe_context, dbserver, "jdevries", LAPTOP, [])
    page.goto("/")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link")).not_to_have_count(
        0
    )
    expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)
    for url in (
        "/dashboard/",
        DASHBOARD,
        "/dashboard/wijken",
        WIJKEN,
        "/dashboard/infographic",
        "/dashboard/infographic?periode=2025-H1&aanpak=alle",
    ):
        antwoord = page.goto(url)
        assert antwoord.status == 404, url
        expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)
    for url in ("/dashboard/infographic.pdf", "/dashboard/infographic.png"):
        assert page.request.get(url).status == 404, url
