"""The infographic (issue 24): one page per half-year or year, per aanpak or for all
aanpakken together, in the municipality's name and colours, for print and screen.

Its figures are the report the council gets (the frozen one when the period is
vastgesteld, else ``cache.rapport``), and every one of them passes through the
publication rule (``casus.dashboard.publicatie``), applied to all figures of the period
together: a figure hidden on one infographic cannot be worked out from another
infographic of the same period. One SVG drawing (``dashboard/infographic.svg``) is the
page's picture, the PNG and the PDF (rendered by cairosvg); the page also gives the
figures as tables for screen readers.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from markupsafe import Markup
from werkzeug.wrappers import Response as WerkzeugResponse

from casus import labels
from casus.audit import log_actie
from casus.dashboard import bp
from casus.dashboard.publicatie import (
    AANPAK,
    WIJK,
    Cijfer,
    Percentage,
    Tabel,
    controleer_drempel,
    percentage,
)
from casus.errors import DomeinFout, Ongeldig
from casus.klok import TIJDZONE, vandaag
from casus.rapportage import cache
from casus.rapportage.export import periode_naam
from casus.rapportage.periode import HALFJAAR, JAAR, Periode, halfjaar, laatste_halfjaar, uit_label
from casus.rapportage.services import vastgestelde
from casus.templating import datum
from workflows import CATALOGUS
from workflows.base import AFSLUITSTATUSSEN, SUCCESVOL_AFGESLOTEN

ALLE = "alle"
# the per-aanpak figures on every infographic, in the order of the tiles
KERN = (
    "aanmeldingen",
    "niet_opgenomen",
    "totaal",
    "nieuw",
    "afgesloten",
    "positief",
    "lopend_einde",
    "in_de_wacht_einde",
)
TEGELS = {
    "aanmeldingen": "Aanmeldingen",
    "niet_opgenomen": "Niet opgenomen",
    "totaal": "In de aanpak",
    "nieuw": "Nieuw opgenomen",
    "afgesloten": "Afgesloten",
    "positief": "Positief afgesloten",
    "lopend_einde": "Lopend aan het eind",
    "in_de_wacht_einde": "Waarvan in de wacht",
}
# the figures a reader can work out from the shown ones (differences): protected too
AFGELEID = ("lopend_begin", "niet_positief", "lopend_actief")
LETTERTYPE = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
HEX = re.compile(r"#[0-9a-fA-F]{6}")


# -- settings, checked when the application starts -------------------------------------


def _luminantie(kleur: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""

    def kanaal(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(kleur[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * kanaal(r) + 0.7152 * kanaal(g) + 0.0722 * kanaal(b)


def contrast_met_wit(kleur: str) -> float:
    return 1.05 / (_luminantie(kleur) + 0.05)


def controleer_kleuren(kleuren: object) -> dict[str, str]:
    """The configured colours, or a ValueError with a Dutch message: both present as
    ``#rrggbb``, white text on the primary colour at least 4.5:1, the secondary colour's
    bars on white at least 3:1 (WCAG 1.4.3 and 1.4.11)."""
    if not isinstance(kleuren, dict):
        raise ValueError("HUISSTIJL_KLEUREN moet een primaire en een secundaire kleur hebben.")
    uit = {}
    for naam, minimum in (("primair", 4.5), ("secundair", 3.0)):
        kleur = str(kleuren.get(naam) or "").strip()
        if not HEX.fullmatch(kleur):
            raise ValueError(
                f"HUISSTIJL_KLEUREN: de {naam}e kleur moet de vorm #rrggbb hebben, niet {kleur!r}."
            )
        if contrast_met_wit(kleur) < minimum:
            raise ValueError(
                f"HUISSTIJL_KLEUREN: de {naam}e kleur {kleur} heeft te weinig contrast met wit "
                f"({contrast_met_wit(kleur):.1f}:1, minimaal {minimum}:1); kies een donkerder tint."
            )
        uit[naam] = kleur.lower()
    return uit


@bp.record_once
def _controleer_instellingen(state: BlueprintSetupState) -> None:
    """Refuse to start with a threshold or colours the infographic cannot use."""
    config = state.app.config
    try:
        config["PUBLICATIE_DREMPEL"] = controleer_drempel(config.get("PUBLICATIE_DREMPEL", 5))
        config["HUISSTIJL_KLEUREN"] = controleer_kleuren(config.get("HUISSTIJL_KLEUREN"))
    except ValueError as fout:
        raise RuntimeError(str(fout)) from None


# -- the figures: one publication table per period -------------------------------------


REDEN = "reden."  # the implied cells: closures per status and reason


def _kern(cijfers: dict[str, Any]) -> dict[str, int]:
    """The figures of one aanpak (or of all together) the infographic shows or implies,
    with the closures per status and reason (never shown: "positief" and the statuses
    are sums of them, so a hidden one could otherwise be worked out from the other)."""
    uit = {k: int(cijfers[k]) for k in (*KERN, "lopend_begin")}
    uit["niet_positief"] = uit["afgesloten"] - uit["positief"]
    uit["lopend_actief"] = uit["lopend_einde"] - uit["in_de_wacht_einde"]
    for s in AFSLUITSTATUSSEN:
        uit[f"status.{s}"] = int(cijfers["afgesloten_per_status"][s])
        for reden, n in ((cijfers.get("afgesloten_per_reden") or {}).get(s) or {}).items():
            sleutel = f"{REDEN}{s}.{reden or 'geen'}"
            uit[sleutel] = uit.get(sleutel, 0) + int(n)
    return uit


def _aanpak_groepen(t: Tabel, s: str, kern: dict[str, int]) -> None:
    """The sums within one aanpak's (or all aanpakken's) figures."""
    t.groep(f"{s}.totaal", [f"{s}.lopend_begin", f"{s}.nieuw"])
    t.groep(f"{s}.totaal", [f"{s}.afgesloten", f"{s}.lopend_einde"])
    t.groep(f"{s}.afgesloten", [f"{s}.positief", f"{s}.niet_positief"])
    t.groep(f"{s}.afgesloten", [f"{s}.status.{st}" for st in AFSLUITSTATUSSEN])
    t.groep(f"{s}.lopend_einde", [f"{s}.in_de_wacht_einde", f"{s}.lopend_actief"])
    if s not in CATALOGUS:
        return  # all aanpakken: the sums over the aanpakken protect these
    for st in AFSLUITSTATUSSEN:
        redenen = [k for k in kern if k.startswith(f"{REDEN}{st}.")]
        if sum(kern[k] for k in redenen) == kern[f"status.{st}"] and redenen:
            t.groep(f"{s}.status.{st}", [f"{s}.{k}" for k in redenen])
    positief = [
        f"{REDEN}{st}.{r}"
        for st, codes in CATALOGUS.get(s).positieve_redenen().items()
        for r in codes
        if f"{REDEN}{st}.{r}" in kern
    ]
    # positief is the sum of the closures with a positive reason (a report frozen
    # before reasons were counted has none: then this sum is not known)
    if positief and sum(kern[k] for k in positief) == kern["positief"]:
        t.groep(f"{s}.positief", [f"{s}.{k}" for k in positief])


def publicatietabel(
    aanpakken: dict[str, dict[str, Any]], r: dict[str, Any] | None, drempel: int
) -> dict[str, Cijfer]:
    """Every figure of the period's infographics through the publication rule at once:
    per aanpak (keyed by aanpak) and for all aanpakken together, with every sum between
    them as a group. ``r``: the whole report, for the breakdowns (None: the comparison
    period, which has only the per-aanpak figures)."""
    t = Tabel(drempel)
    codes = [c for c in CATALOGUS.codes() if c in aanpakken]
    kern = {c: _kern(aanpakken[c]) for c in codes}
    for c in codes:
        for k, n in kern[c].items():
            t.cijfer(f"{c}.{k}", n, {AANPAK})
        _aanpak_groepen(t, c, kern[c])
    samen = [k for k in kern[codes[0]] if not k.startswith(REDEN)] if codes else []
    for k in samen:
        t.cijfer(f"{ALLE}.{k}", sum(kern[c][k] for c in codes))
        t.groep(f"{ALLE}.{k}", [f"{c}.{k}" for c in codes])
    if codes:
        _aanpak_groepen(t, ALLE, {k: t.waarde(f"{ALLE}.{k}") for k in samen})
    if r is not None:
        _breakdowns(t, r)
    return t.uitkomst()


def _signalen(t: Tabel, r: dict[str, Any]) -> None:
    """Signals per aanpak by source and theme, and of all aanpakken by source."""
    signalen = {c: s for c, s in r["signalen"].items() if c in CATALOGUS}
    for c, s in signalen.items():
        t.cijfer(f"{c}.signalen", s["totaal"], {AANPAK})
        for soort in ("bron", "thema"):
            delen = s[f"per_{soort}"]
            for code, n in delen.items():
                t.cijfer(f"{c}.{soort}.{code}", n, {AANPAK})
            t.groep(f"{c}.signalen", [f"{c}.{soort}.{code}" for code in delen])
    if signalen:
        t.cijfer(f"{ALLE}.signalen", sum(s["totaal"] for s in signalen.values()))
        t.groep(f"{ALLE}.signalen", [f"{c}.signalen" for c in signalen])
        bronnen = list(dict.fromkeys(b for s in signalen.values() for b in s["per_bron"]))
        for b in bronnen:
            t.cijfer(f"{ALLE}.bron.{b}", sum(s["per_bron"].get(b, 0) for s in signalen.values()))
            t.groep(
                f"{ALLE}.bron.{b}",
                [f"{c}.bron.{b}" for c in signalen if b in signalen[c]["per_bron"]],
            )
        t.groep(f"{ALLE}.signalen", [f"{ALLE}.bron.{b}" for b in bronnen])


def _breakdowns(t: Tabel, r: dict[str, Any]) -> None:
    _signalen(t, r)
    if "ondermijning" in CATALOGUS:
        herkomst = r["ondermijning"]["per_herkomst"]
        for h, n in herkomst.items():
            t.cijfer(f"ondermijning.herkomst.{h}", n, {AANPAK})
        t.groep("ondermijning.totaal", [f"ondermijning.herkomst.{h}" for h in herkomst])
    if "woonoverlast" in CATALOGUS:
        per_wijk = r["woonoverlast"]["lopend_einde_per_wijk"]
        for w, n in per_wijk.items():
            t.cijfer(f"woonoverlast.wijk.{w}", n, {AANPAK, WIJK})
        if per_wijk:
            t.groep("woonoverlast.lopend_einde", [f"woonoverlast.wijk.{w}" for w in per_wijk])
    interventies = sum(int(i["totaal"]) for i in r["interventies"].values())
    t.cijfer(f"{ALLE}.interventies", interventies)


# -- the infographic as data ------------------------------------------------------------


@dataclass(frozen=True)
class Tegel:
    label: str
    cijfer: Cijfer
    vorig: Cijfer
    extra: Percentage | None = None
    extra_label: str = ""


@dataclass(frozen=True)
class Staaf:
    label: str
    cijfer: Cijfer


@dataclass(frozen=True)
class Grafiek:
    titel: str
    staven: list[Staaf]
    noot: str = ""


@dataclass
class Infographic:
    gemeente: str
    keuze: str  # an aanpak code or ALLE
    titel: str
    ondertitel: str
    periode: Periode
    periode_naam: str
    vergelijking_naam: str
    tegels: list[Tegel]
    grafieken: list[Grafiek]
    vastgesteld_op: date | None
    drempel: int
    kleuren: dict[str, str]
    uitleg: list[str] = field(default_factory=list)

    @property
    def bron(self) -> str:
        if self.vastgesteld_op is not None:
            return (
                f"Bron: de rapportage aan de gemeenteraad over {self.periode_naam}, "
                f"vastgesteld op {datum(self.vastgesteld_op, lang=True)}."
            )
        return (
            f"Bron: de rapportage over {self.periode_naam}; voorlopige cijfers, "
            "nog niet vastgesteld."
        )


def keuze_titel(keuze: str) -> tuple[str, str]:
    """The infographic's title and the line under it."""
    if keuze == ALLE:
        return "Alle aanpakken", "De persoonsgerichte aanpakken samen"
    return labels.aanpak(keuze), labels.aanpak_voluit(keuze)


def maak(p: Periode, keuze: str) -> Infographic:
    """The infographic of period ``p`` for aanpak ``keuze`` (or ALLE)."""
    vastgesteld = vastgestelde(p)
    r = vastgesteld.cijfers if vastgesteld else cache.rapport(p)
    drempel = int(current_app.config["PUBLICATIE_DREMPEL"])
    nu = publicatietabel(r["aanpakken"], r, drempel)
    toen = publicatietabel({c: a["vergelijking"] for c, a in r["aanpakken"].items()}, None, drempel)
    s = keuze
    tegels = []
    for k in KERN:
        extra, extra_label = None, ""
        if k == "positief":
            extra = percentage(nu[f"{s}.positief"], nu[f"{s}.afgesloten"])
            extra_label = "van de afgesloten"
        tegels.append(Tegel(TEGELS[k], nu[f"{s}.{k}"], toen[f"{s}.{k}"], extra, extra_label))
    return Infographic(
        gemeente=current_app.config["GEMEENTE"],
        keuze=keuze,
        titel=keuze_titel(keuze)[0],
        ondertitel=keuze_titel(keuze)[1],
        periode=p,
        periode_naam=periode_naam(r["periode"]),
        vergelijking_naam=periode_naam(r["vergelijkingsperiode"]),
        tegels=tegels,
        grafieken=_grafieken(s, nu, r),
        vastgesteld_op=(
            vastgesteld.vastgesteld_op.astimezone(TIJDZONE).date() if vastgesteld else None
        ),
        drempel=drempel,
        kleuren=dict(current_app.config["HUISSTIJL_KLEUREN"]),
        uitleg=[
            f"Aantallen van 1 tot {drempel} staan er als 'minder dan {drempel}'. "
            "'Afgeschermd' betekent: niet getoond, omdat dat aantal anders met de andere "
            "cijfers een klein aantal zou verraden.",
            "Geen persoonsgegevens: alleen aantallen.",
        ],
    )


def _grafieken(s: str, nu: dict[str, Cijfer], r: dict[str, Any]) -> list[Grafiek]:
    uit = [
        Grafiek(
            "Afgesloten naar resultaat",
            [Staaf(labels.status(st), nu[f"{s}.status.{st}"]) for st in AFSLUITSTATUSSEN],
        )
    ]
    if s == ALLE:
        uit.append(
            Grafiek(
                "In de aanpak, per aanpak",
                [Staaf(labels.aanpak(c), nu[f"{c}.totaal"]) for c in CATALOGUS.codes()],
            )
        )
    if f"{s}.signalen" in nu:
        bronnen = [k.split(".", 2)[2] for k in nu if k.startswith(f"{s}.bron.")]
        uit.append(
            Grafiek(
                "Signalen naar bron",
                [Staaf(labels.bron(b), nu[f"{s}.bron.{b}"]) for b in bronnen],
                f"Signalen ontvangen: {nu[f'{s}.signalen'].tekst}",
            )
        )
    if s != ALLE and f"{s}.signalen" in nu:
        themas = [k.split(".", 2)[2] for k in nu if k.startswith(f"{s}.thema.")]
        uit.append(
            Grafiek(
                "Signalen naar thema",
                [Staaf(labels.thema(t, s), nu[f"{s}.thema.{t}"]) for t in themas],
            )
        )
    if s == "ondermijning":
        herkomst = list(r["ondermijning"]["per_herkomst"])
        opl = percentage(nu[f"{s}.status.{SUCCESVOL_AFGESLOTEN}"], nu[f"{s}.totaal"])
        uit.append(
            Grafiek(
                "In de aanpak, naar herkomst",
                [
                    Staaf(labels.kenmerkwaarde("herkomst", h, s), nu[f"{s}.herkomst.{h}"])
                    for h in herkomst
                ],
                f"Oplossingspercentage: {opl.tekst} (norm 20%)",
            )
        )
    if s == "woonoverlast":
        wijken = list(r["woonoverlast"]["lopend_einde_per_wijk"])
        uit.append(
            Grafiek(
                "Lopend aan het eind, per wijk",
                [Staaf(labels.EXTRA.get(w, w), nu[f"{s}.wijk.{w}"]) for w in wijken],
            )
        )
    if s == ALLE:
        uit[0] = Grafiek(
            uit[0].titel, uit[0].staven, f"Interventies ingezet: {nu[f'{ALLE}.interventies'].tekst}"
        )
    return uit


# -- the drawing ------------------------------------------------------------------------

BREEDTE, HOOGTE = 794, 1123  # A4 at 96 px per inch
MARGE = 36
KOP_HOOGTE = 150
TEGEL_B, TEGEL_H, TEGEL_RUIMTE = 170, 104, 10
RIJ_H = 30
GRAFIEK_TOP = KOP_HOOGTE + 20 + 2 * TEGEL_H + TEGEL_RUIMTE + 28


@dataclass(frozen=True)
class Geplaatst:
    """A chart with its place on the page and the bar lengths."""

    grafiek: Grafiek
    x: float
    y: float
    breedte: float
    staven: list[tuple[Staaf, float]]  # with the bar's length in px (0: none)


def _plaats(grafieken: list[Grafiek], rij_h: float = RIJ_H) -> list[Geplaatst]:
    """Charts in two columns, each next one in the shorter column."""
    kolom_b = (BREEDTE - 2 * MARGE - 24) / 2
    hoogte = [float(GRAFIEK_TOP), float(GRAFIEK_TOP)]
    uit = []
    for g in grafieken:
        k = 0 if hoogte[0] <= hoogte[1] else 1
        x = MARGE + k * (kolom_b + 24)
        top = max((st.cijfer.waarde or 0 for st in g.staven), default=0) or 1
        staaf_max = kolom_b - 110
        uit.append(
            Geplaatst(
                g,
                x,
                hoogte[k],
                kolom_b,
                [(st, staaf_max * (st.cijfer.waarde or 0) / top) for st in g.staven],
            )
        )
        hoogte[k] += 34 + rij_h * len(g.staven) + (20 if g.noot else 0) + 18
    return uit


def _rijhoogte(grafieken: list[Grafiek], voet_regels: int) -> float:
    """The height of a bar's row that lets the charts fill the page down to the footer
    (at most 1.8 times the normal row: a short list gets room, not giant bars)."""
    geplaatst = _plaats(grafieken)
    if not geplaatst:
        return RIJ_H
    onder = max(g.y + 34 + RIJ_H * len(g.staven) + (20 if g.grafiek.noot else 0) for g in geplaatst)
    rijen = max(sum(len(g.staven) for g in geplaatst if g.x == x) for x in {g.x for g in geplaatst})
    ruimte = HOOGTE - 30 - 15 * voet_regels - 30 - onder
    return RIJ_H + max(0.0, min(0.8 * RIJ_H, ruimte / rijen)) if rijen else RIJ_H


def svg(ig: Infographic) -> str:
    """The one drawing: the page shows it, the PNG and the PDF are rendered from it."""
    voet = [regel for tekst in (ig.bron, *ig.uitleg) for regel in textwrap.wrap(tekst, 118)]
    rij_h = _rijhoogte(ig.grafieken, len(voet))
    # no request needed (nor the page's context processors): the drawing is figures only
    return current_app.jinja_env.get_template("dashboard/infographic.svg").render(
        ig=ig,
        breedte=BREEDTE,
        hoogte=HOOGTE,
        marge=MARGE,
        kop_hoogte=KOP_HOOGTE,
        tegel_b=TEGEL_B,
        tegel_h=TEGEL_H,
        tegel_ruimte=TEGEL_RUIMTE,
        rij_h=rij_h,
        staaf_h=round(11 + (rij_h - RIJ_H) * 0.5, 1),
        lettertype=LETTERTYPE,
        geplaatst=_plaats(ig.grafieken, rij_h),
        voet=voet,
    )


def _teken(tekening: str, formaat: str) -> bytes:
    """The drawing as PNG (twice A4 at 96 px per inch) or PDF (A4), by cairosvg."""
    import cairosvg  # type: ignore[import-untyped]  # libcairo: loaded only when rendering

    bron = tekening.encode("utf-8")
    if formaat == "png":
        return bytes(cairosvg.svg2png(bytestring=bron, scale=2))
    return bytes(cairosvg.svg2pdf(bytestring=bron))


def png(tekening: str) -> bytes:
    return _teken(tekening, "png")


def pdf(tekening: str) -> bytes:
    return _teken(tekening, "pdf")


# -- the routes -------------------------------------------------------------------------


def keuze_uit(args: Any) -> tuple[Periode, str]:
    """The period and aanpak asked for; a Dutch ``Ongeldig`` for anything else.
    Without a period: the last half-year that has ended; without an aanpak: all."""
    label = str(args.get("periode") or "").strip()
    try:
        p = uit_label(label) if label else laatste_halfjaar(vandaag())
    except ValueError:  # a year the calendar does not have (0000)
        raise Ongeldig(f"'{label}' is geen periode.", "periode") from None
    if not (HALFJAAR.fullmatch(p.label) or JAAR.fullmatch(p.label)):
        raise Ongeldig(
            "Een infographic gaat over een halfjaar of een heel jaar; kies bijvoorbeeld "
            "2025-H1 of 2025.",
            "periode",
        )
    if p.van.year < 1900:
        raise Ongeldig("Kies een periode vanaf 1900.", "periode")
    if p.tot_en_met >= vandaag():
        raise Ongeldig(
            "Deze periode is nog niet voorbij; een infographic kan alleen over een "
            "afgelopen halfjaar of jaar.",
            "periode",
        )
    aanpak = str(args.get("aanpak") or ALLE).strip()
    if aanpak != ALLE and aanpak not in CATALOGUS:
        raise Ongeldig("Deze aanpak bestaat niet; kies een aanpak of 'alle aanpakken'.", "aanpak")
    return p, aanpak


def periode_keuzes(vandaag_: date) -> list[tuple[str, str]]:
    """The ended half-years (eight) and years (four), most recent first."""
    laatste = laatste_halfjaar(vandaag_)
    jaar, helft = laatste.van.year, 1 if laatste.van.month == 1 else 2
    keuzes = []
    for _ in range(8):
        p = halfjaar(jaar, helft)
        keuzes.append((p.label, periode_naam(p.naar_json()).capitalize()))
        jaar, helft = (jaar, 1) if helft == 2 else (jaar - 1, 2)
    keuzes += [(str(j), f"Jaar {j}") for j in range(vandaag_.year - 1, vandaag_.year - 5, -1)]
    return keuzes


def _bestandsnaam(p: Periode, keuze: str, formaat: str) -> str:
    wat = "alle-aanpakken" if keuze == ALLE else keuze.replace("_", "-")
    periode = periode_naam(p.naar_json()).replace(" ", "-")
    return f"infographic-{wat}-{periode}.{formaat}"


@bp.get("/infographic")
def infographic() -> tuple[str, int] | str:
    fout = None
    ig = None
    label = str(request.args.get("periode") or "").strip()
    aanpak = str(request.args.get("aanpak") or ALLE).strip()
    try:
        p, aanpak = keuze_uit(request.args)
        label = p.label
        ig = maak(p, aanpak)
    except DomeinFout as e:
        fout = e.bericht
    keuzes = periode_keuzes(vandaag())
    if label and label not in {k for k, _ in keuzes} and ig is not None:
        keuzes.insert(0, (label, ig.periode_naam.capitalize()))
    # rendered by our autoescaping .svg template: every value in it is escaped
    tekening = Markup(svg(ig)) if ig else None  # noqa: S704  # nosec B704
    pagina = render_template(
        "dashboard/infographic.html",
        ig=ig,
        tekening=tekening,
        fout=fout,
        periode_keuzes=keuzes,
        gekozen_periode=label,
        aanpak_keuzes=[
            (ALLE, "Alle aanpakken"),
            *((c, labels.aanpak(c)) for c in CATALOGUS.codes()),
        ],
        gekozen_aanpak=aanpak,
        args={"periode": label, "aanpak": aanpak},
    )
    return (pagina, 400) if fout else pagina


GEEN_TEKENAAR = (
    "De {formaat} kan nu niet worden gemaakt: op de server ontbreekt de tekenbibliotheek "
    "(libcairo). De infographic hieronder en de cijfers in de tabellen kunt u wel gebruiken. "
    "Vraag de beheerder om libcairo2 te installeren."
)


def _download(formaat: str) -> Response | WerkzeugResponse:
    p, keuze = keuze_uit(request.args)
    ig = maak(p, keuze)
    tekening = svg(ig)
    try:
        inhoud, soort = (
            (pdf(tekening), "application/pdf") if formaat == "pdf" else (png(tekening), "image/png")
        )
    except (ImportError, OSError):  # cairosvg without libcairo on the server
        current_app.logger.exception("infographic: %s niet te maken", formaat)
        flash(GEEN_TEKENAAR.format(formaat=formaat.upper()), "fout")
        return redirect(url_for("dashboard.infographic", **request.args))
    log_actie(
        "rapport.gedownload",
        object_type="rapport",
        details={
            "formaat": formaat,
            "soort": "infographic",
            "aanpak": keuze,
            "van": p.van.isoformat(),
            "tot_en_met": p.tot_en_met.isoformat(),
        },
    )
    return Response(
        inhoud,
        content_type=soort,
        headers={
            "Content-Disposition": f'attachment; filename="{_bestandsnaam(p, keuze, formaat)}"'
        },
    )


@bp.get("/infographic.pdf")
def infographic_pdf() -> Response | WerkzeugResponse:
    return _download("pdf")


@bp.get("/infographic.png")
def infographic_png() -> Response | WerkzeugResponse:
    return _download("png")
