"""The wijken as a map and as a ranked bar chart, drawn on the server as SVG (no Flask).

``lees_geojson`` reads a municipality's GeoJSON (a FeatureCollection of Polygons or
MultiPolygons, one feature per wijk, its name in a property) and checks it against the
wijken; ``kaart_svg`` projects it into a box (longitude scaled by the cosine of the mean
latitude: enough for one town) and fills each wijk by the class of its figure, with a
pattern per class as well as a shade, so the map reads without colour; every wijk
carries its name and its number. ``staven_svg`` draws the same figures as horizontal
bars, largest first. Both are images for the eye: the page gives every number in a table.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from markupsafe import Markup, escape

Punt = tuple[float, float]
Ring = tuple[Punt, ...]

# the classes, lightest first: a fill and a pattern each (readable without colour)
KLEUREN = ("#f1f5fa", "#c9d9ec", "#92b2d8", "#5683bb", "#24528f")
ONBEKEND_KLEUR = "#e6e6e6"
LIJN = "#0b2545"
MAX_KLASSEN = 5
LETTERTYPE = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"


# -- numbers -----------------------------------------------------------------------------


def een_decimaal(waarde: Decimal) -> Decimal:
    """Rounded to one decimal, a half up (2,25 becomes 2,3), as people round."""
    return waarde.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def per_duizend(aantal: int, inwoners: int | None) -> Decimal | None:
    """``aantal`` per 1,000 inhabitants, one decimal; None without a number of inhabitants."""
    if not inwoners:
        return None
    return een_decimaal(Decimal(aantal) * 1000 / Decimal(inwoners))


def komma(waarde: Decimal | None) -> str:
    """One decimal as Dutch readers write it (12,5; 1.234,5); "onbekend" for None."""
    if waarde is None:
        return "onbekend"
    heel, _, deel = f"{een_decimaal(waarde):,.1f}".partition(".")
    return f"{heel.replace(',', '.')},{deel}"


# -- the geometry --------------------------------------------------------------------------


@dataclass(frozen=True)
class Wijkvorm:
    """A wijk's shape: its polygons' rings (outer rings and holes) in lon/lat."""

    naam: str
    ringen: tuple[Ring, ...]


def _ring(ruw: object, naam: str) -> Ring:
    if not isinstance(ruw, list) or len(ruw) < 4:
        raise ValueError(f"de vorm van {naam} heeft een ring van minder dan vier punten.")
    punten = []
    for p in ruw:
        if (
            not isinstance(p, list)
            or len(p) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in p[:2])
        ):
            raise ValueError(f"de vorm van {naam} heeft een punt dat geen [lengte, breedte] is.")
        lon, lat = float(p[0]), float(p[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(
                f"de vorm van {naam} heeft een punt buiten lengte- en breedtegraden "
                "(verwacht: WGS84, lengte en breedte in graden)."
            )
        punten.append((lon, lat))
    return tuple(punten)


def _ringen(geometrie: object, naam: str) -> list[Ring]:
    if not isinstance(geometrie, dict):
        raise ValueError(f"{naam} heeft geen geometrie.")
    soort, coordinaten = geometrie.get("type"), geometrie.get("coordinates")
    if soort == "Polygon":
        veelhoeken = [coordinaten]
    elif soort == "MultiPolygon" and isinstance(coordinaten, list):
        veelhoeken = coordinaten
    else:
        raise ValueError(f"de vorm van {naam} is geen Polygon of MultiPolygon.")
    uit: list[Ring] = []
    for veelhoek in veelhoeken:
        if not isinstance(veelhoek, list) or not veelhoek:
            raise ValueError(f"de vorm van {naam} heeft een lege veelhoek.")
        uit.extend(_ring(r, naam) for r in veelhoek)
    return uit


def lees_geojson(pad: str | Path, eigenschap: str, wijken: Sequence[str]) -> dict[str, Wijkvorm]:
    """The shapes of the wijken in the GeoJSON file ``pad``, by name (the feature
    property ``eigenschap``). Raises ValueError with a Dutch message when the file cannot
    be read, is no FeatureCollection of (Multi)Polygons, names a wijk twice or names one
    that is not among ``wijken``. A wijk without a feature is allowed: it is shown in the
    chart and the table only."""
    bestand = Path(pad)
    try:
        gegevens = json.loads(bestand.read_text(encoding="utf-8"))
    except OSError:
        raise ValueError(f"WIJKEN_GEOJSON: het bestand {bestand} is niet te lezen.") from None
    except ValueError:
        raise ValueError(f"WIJKEN_GEOJSON: {bestand} is geen geldige JSON.") from None
    if not isinstance(gegevens, dict) or gegevens.get("type") != "FeatureCollection":
        raise ValueError(f"WIJKEN_GEOJSON: {bestand} is geen GeoJSON FeatureCollection.")
    kenmerken = gegevens.get("features")
    if not isinstance(kenmerken, list) or not kenmerken:
        raise ValueError(f"WIJKEN_GEOJSON: {bestand} bevat geen wijken (features).")
    uit: dict[str, Wijkvorm] = {}
    for i, kenmerk in enumerate(kenmerken, start=1):
        eigenschappen = kenmerk.get("properties") if isinstance(kenmerk, dict) else None
        naam = eigenschappen.get(eigenschap) if isinstance(eigenschappen, dict) else None
        if not isinstance(naam, str) or not naam.strip():
            raise ValueError(
                f"WIJKEN_GEOJSON: feature {i} van {bestand} heeft geen eigenschap "
                f"'{eigenschap}' met de naam van de wijk (zie WIJKEN_GEOJSON_NAAM)."
            )
        naam = naam.strip()
        if naam not in wijken:
            raise ValueError(
                f"WIJKEN_GEOJSON: '{naam}' in {bestand} is geen wijk van de gemeente "
                "(de instelling WIJKEN)."
            )
        if naam in uit:
            raise ValueError(f"WIJKEN_GEOJSON: {bestand} bevat de wijk '{naam}' twee keer.")
        try:
            ringen = _ringen(kenmerk.get("geometry"), naam)
        except ValueError as fout:
            raise ValueError(f"WIJKEN_GEOJSON: in {bestand}: {fout}") from None
        uit[naam] = Wijkvorm(naam, tuple(ringen))
    return uit


def projecteer(
    vormen: Iterable[Wijkvorm], breedte: float, hoogte: float
) -> dict[str, list[list[Punt]]]:
    """The rings in the box ``[0, breedte] x [0, hoogte]`` (y down), centred, with one
    scale for both axes: longitude times the cosine of the mean latitude, north up."""
    lijst = list(vormen)
    punten = [p for v in lijst for r in v.ringen for p in r]
    if not punten:
        return {}
    midden = math.radians((min(p[1] for p in punten) + max(p[1] for p in punten)) / 2)
    factor = math.cos(midden)
    xs = [p[0] * factor for p in punten]
    ys = [p[1] for p in punten]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    schaal = min(breedte / ((x1 - x0) or 1), hoogte / ((y1 - y0) or 1))
    dx = (breedte - (x1 - x0) * schaal) / 2
    dy = (hoogte - (y1 - y0) * schaal) / 2
    return {
        v.naam: [
            [((lon * factor - x0) * schaal + dx, (y1 - lat) * schaal + dy) for lon, lat in r]
            for r in v.ringen
        ]
        for v in lijst
    }


def _oppervlak_en_zwaartepunt(ring: Sequence[Punt]) -> tuple[float, Punt]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        k = x0 * y1 - x1 * y0
        a += k
        cx += (x0 + x1) * k
        cy += (y0 + y1) * k
    if abs(a) < 1e-9:
        return 0.0, (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return abs(a) / 2, (cx / (3 * a), cy / (3 * a))


def labelpunt(ringen: Sequence[Sequence[Punt]]) -> tuple[Punt, float]:
    """Where a wijk's label goes: the centroid of its largest ring; and that ring's width."""
    grootste = max(ringen, key=lambda r: _oppervlak_en_zwaartepunt(r)[0])
    breedte = max(p[0] for p in grootste) - min(p[0] for p in grootste)
    return _oppervlak_en_zwaartepunt(grootste)[1], breedte


# -- classes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Klasse:
    """A class of the figures: its number (0 lightest), its lowest and highest value."""

    nummer: int
    laag: Decimal
    hoog: Decimal

    @property
    def label(self) -> str:
        if self.laag == self.hoog:
            return komma(self.laag)
        return f"{komma(self.laag)} tot en met {komma(self.hoog)}"


def klassen(waarden: Iterable[Decimal], maximum: int = MAX_KLASSEN) -> list[Klasse]:
    """At most ``maximum`` classes of the known figures, by rank: the distinct values
    from low to high cut into nearly equal groups, so an outlier does not push every
    other wijk into one class, and equal values always share a class."""
    verschillend = sorted(set(waarden))
    if not verschillend:
        return []
    n = min(maximum, len(verschillend))
    uit = []
    for i in range(n):
        deel = verschillend[i * len(verschillend) // n : (i + 1) * len(verschillend) // n]
        uit.append(Klasse(i, deel[0], deel[-1]))
    return uit


def klasse_van(waarde: Decimal | None, indeling: Sequence[Klasse]) -> Klasse | None:
    if waarde is None:
        return None
    return next((k for k in indeling if k.laag <= waarde <= k.hoog), None)


def _patronen(voorvoegsel: str, aantal: int) -> str:
    """The fill of each class (``{voorvoegsel}-k{i}``: a shade and a pattern) and of an
    unknown figure (``{voorvoegsel}-onbekend``)."""
    # with fewer classes, spread them over the shades (the darkest always for the highest)
    stappen = [round(i * (MAX_KLASSEN - 1) / max(aantal - 1, 1)) for i in range(aantal)]
    delen = []
    for i, stap in enumerate(stappen):
        kleur = KLEUREN[stap]
        lijn = "#ffffff" if stap >= 3 else LIJN
        teken = {
            0: "",
            1: f'<circle cx="3" cy="3" r="1.1" fill="{lijn}"/>',
            2: f'<line x1="0" y1="0" x2="0" y2="6" stroke="{lijn}" stroke-width="1.2"/>',
            3: f'<path d="M0 0V6M0 3H6" stroke="{lijn}" stroke-width="1.2"/>',
            4: f'<path d="M0 0V6M3 0V6M0 1.5H6M0 4.5H6" stroke="{lijn}" stroke-width="1"/>',
        }[stap]
        delen.append(
            f'<pattern id="{voorvoegsel}-k{i}" width="6" height="6" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="{kleur}"/>{teken}</pattern>'
        )
    delen.append(
        f'<pattern id="{voorvoegsel}-onbekend" width="8" height="8" '
        f'patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{ONBEKEND_KLEUR}"/>'
        f'<path d="M1 4H4" stroke="#555555" stroke-width="1"/></pattern>'
    )
    return "<defs>" + "".join(delen) + "</defs>"


def _klassenaam(klasse: Klasse | None) -> str:
    """The class as the drawing names it: 1 (lowest) and up, or "onbekend"."""
    return "onbekend" if klasse is None else str(klasse.nummer + 1)


def _vulling(voorvoegsel: str, klasse: Klasse | None) -> str:
    return f"url(#{voorvoegsel}-{'onbekend' if klasse is None else f'k{klasse.nummer}'})"


def _tekst(x: float, y: float, inhoud: str, grootte: float, **extra: str) -> str:
    """A text with a white halo under it, legible on any fill (the halo is a copy with a
    wide white stroke, hidden from screen readers: renderers without ``paint-order``
    would paint a stroke over the letters)."""
    attributen = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in extra.items())
    basis = f'x="{x:.1f}" y="{y:.1f}" font-size="{grootte:.1f}"{attributen}'
    return (
        f'<text {basis} fill="#ffffff" stroke="#ffffff" stroke-width="3" '
        f'stroke-linejoin="round" aria-hidden="true">{escape(inhoud)}</text>'
        f'<text {basis} fill="#000000">{escape(inhoud)}</text>'
    )


def _legenda(
    voorvoegsel: str, indeling: Sequence[Klasse], y: float, onbekend: bool, eenheid: str
) -> tuple[str, float]:
    delen = [_tekst(0, y + 14, f"Legenda: {eenheid}", 13, font_weight="bold")]
    y += 24
    rijen: list[tuple[Klasse | None, str]] = [
        (k, f"Klasse {k.nummer + 1}: {k.label}") for k in indeling
    ]
    if onbekend:
        rijen.append((None, "Onbekend (geen aantal inwoners)"))
    for klasse, tekst in rijen:
        delen.append(
            f'<rect x="0" y="{y:.1f}" width="28" height="18" '
            f'fill="{_vulling(voorvoegsel, klasse)}" stroke="{LIJN}" stroke-width="1"/>'
        )
        delen.append(_tekst(36, y + 14, tekst, 13))
        y += 24
    return "".join(delen), y


@dataclass(frozen=True)
class Kaartwijk:
    """What the map shows of one wijk: its figure (None: unknown) and the line under its
    name (the figure as the page writes it)."""

    naam: str
    waarde: Decimal | None
    tekst: str


KAART_BREEDTE, KAART_HOOGTE = 400.0, 380.0


def kaart_svg(
    vormen: Mapping[str, Wijkvorm],
    wijken: Sequence[Kaartwijk],
    *,
    titel: str,
    beschrijving: str,
    eenheid: str,
    voorvoegsel: str = "wk",
) -> Markup:
    """The map: a path per wijk of ``vormen`` (id ``{voorvoegsel}-wijk-<n>``, its class
    in ``data-klasse``), filled by the class of its figure, labelled with its name and
    ``tekst``; the legend below it."""
    indeling = klassen(w.waarde for w in wijken if w.waarde is not None)
    per_naam = {w.naam: w for w in wijken}
    geprojecteerd = projecteer(
        [vormen[n] for n in vormen if n in per_naam], KAART_BREEDTE, KAART_HOOGTE
    )
    paden, labels = [], []
    onbekend = False
    for i, (naam, ringen) in enumerate(geprojecteerd.items(), start=1):
        w = per_naam[naam]
        klasse = klasse_van(w.waarde, indeling)
        onbekend = onbekend or klasse is None
        d = " ".join("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in ring) + " Z" for ring in ringen)
        paden.append(
            f'<path id="{voorvoegsel}-wijk-{i}" d="{d}" fill="{_vulling(voorvoegsel, klasse)}" '
            f'fill-rule="evenodd" stroke="{LIJN}" stroke-width="1.5" '
            f'data-wijk="{escape(naam)}" data-klasse="{_klassenaam(klasse)}">'
            f"<title>{escape(naam)}: {escape(w.tekst)}</title></path>"
        )
        (x, y), ruimte = labelpunt(ringen)
        grootte = max(8.0, min(12.0, ruimte / (0.62 * max(len(naam), 1))))
        labels.append(_tekst(x, y - 2, naam, grootte, text_anchor="middle"))
        labels.append(
            _tekst(x, y + grootte + 1, w.tekst, grootte, text_anchor="middle", font_weight="bold")
        )
    legenda, hoogte = _legenda(voorvoegsel, indeling, KAART_HOOGTE + 12, onbekend, eenheid)
    # every text in it is escaped above (names, numbers, titles); the rest is our markup
    return Markup(  # noqa: S704  # nosec B704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wijkkaart" role="img" '
        f'viewBox="-2 -2 {KAART_BREEDTE + 4:.0f} {hoogte + 4:.0f}" '
        f'aria-labelledby="{voorvoegsel}-titel" aria-describedby="{voorvoegsel}-uitleg" '
        f'font-family="{LETTERTYPE}">'
        f'<title id="{voorvoegsel}-titel">{escape(titel)}</title>'
        f'<desc id="{voorvoegsel}-uitleg">{escape(beschrijving)}</desc>'
        f"{_patronen(voorvoegsel, len(indeling))}"
        f'<g class="wijkkaart__wijken">{"".join(paden)}</g>'
        f'<g class="wijkkaart__namen">{"".join(labels)}</g>'
        f'<g class="wijkkaart__legenda">{legenda}</g></svg>'
    )


# -- the ranked chart --------------------------------------------------------------------


@dataclass(frozen=True)
class Staaf:
    """One bar: the wijk, the figure its length shows (None: unknown, no bar) and the
    text after its name."""

    naam: str
    waarde: Decimal | None
    tekst: str


STAAF_BREEDTE = 400.0
RIJ = 40.0


def rangorde(staven: Iterable[Staaf]) -> list[Staaf]:
    """Largest first; unknown figures last; equal ones by name."""
    return sorted(
        staven,
        key=lambda s: (s.waarde is None, -(s.waarde or Decimal(0)), s.naam),
    )


def staven_svg(
    staven: Iterable[Staaf],
    *,
    titel: str,
    beschrijving: str,
    voorvoegsel: str = "ws",
) -> Markup:
    """Horizontal bars, largest first (``rangorde``): per row the name and the figure's
    text, under them a bar as long as the figure (filled by its class, as on the map)."""
    lijst = rangorde(staven)
    indeling = klassen(s.waarde for s in lijst if s.waarde is not None)
    grootste = max((s.waarde for s in lijst if s.waarde is not None), default=Decimal(0))
    rijen = []
    for i, s in enumerate(lijst):
        y = i * RIJ
        klasse = klasse_van(s.waarde, indeling)
        rijen.append(_tekst(0, y + 13, s.naam, 13, font_weight="bold"))
        rijen.append(_tekst(STAAF_BREEDTE, y + 13, s.tekst, 12, text_anchor="end"))
        if s.waarde is not None and grootste > 0:
            lengte = max(1.0, float(s.waarde / grootste) * STAAF_BREEDTE)
            rijen.append(
                f'<rect class="wijkstaaf" x="0" y="{y + 18:.1f}" width="{lengte:.1f}" '
                f'height="14" fill="{_vulling(voorvoegsel, klasse)}" stroke="{LIJN}" '
                f'stroke-width="1" data-wijk="{escape(s.naam)}" data-rang="{i + 1}"/>'
            )
        else:
            rijen.append(
                f'<line x1="0" y1="{y + 25:.1f}" x2="{STAAF_BREEDTE:.1f}" y2="{y + 25:.1f}" '
                f'stroke="#999999" stroke-dasharray="2 4" data-wijk="{escape(s.naam)}" '
                f'data-rang="{i + 1}"/>'
            )
    hoogte = max(len(lijst), 1) * RIJ
    # every text in it is escaped above (names, numbers, titles); the rest is our markup
    return Markup(  # noqa: S704  # nosec B704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wijkstaven" role="img" '
        f'viewBox="-2 -2 {STAAF_BREEDTE + 4:.0f} {hoogte + 4:.0f}" '
        f'aria-labelledby="{voorvoegsel}-titel" aria-describedby="{voorvoegsel}-uitleg" '
        f'font-family="{LETTERTYPE}">'
        f'<title id="{voorvoegsel}-titel">{escape(titel)}</title>'
        f'<desc id="{voorvoegsel}-uitleg">{escape(beschrijving)}</desc>'
        f"{_patronen(voorvoegsel, len(indeling))}{''.join(rijen)}</svg>"
    )
