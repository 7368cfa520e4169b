"""The dashboard's charts, drawn on the server as SVG (the style of
casus.rapportage.grafiek, generalised): lines over the buckets of a period, and ranked
horizontal bars.

Readable without colour: every line has its own marker shape (circle, square,
triangle, diamond, cross, star) and its own dash pattern, the legend shows both, a
norm is a labelled line, and the bars carry their label and value as text. Markup only
(no script, no inline style): colours and patterns come from classes in
static/css/dashboard.css. The numbers of every chart are also given as a table on the
page (the template), so the SVG itself is one image with a title for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from casus.rapportage.grafiek import as_top

BREEDTE, HOOGTE = 480, 230
MARGE_L, MARGE_R, MARGE_O, MARGE_B = 40, 14, 12, 40
# the marker shapes, in the order the series get them
VORMEN = ("cirkel", "vierkant", "driehoek", "ruit", "kruis", "ster")
# at most this many labels on the time axis (the others: the table has every bucket)
MAX_ASLABELS = 12


@dataclass(frozen=True)
class Serie:
    """One line: its values per bucket (None: no value, a gap in the line)."""

    label: str
    waarden: Sequence[float | int | None]


@dataclass(frozen=True)
class Asvak:
    """A bucket on the time axis: its two label lines and its full name."""

    boven: str
    onder: str
    naam: str


def _getal(w: float | int) -> str:
    if isinstance(w, float) and not w.is_integer():
        return f"{w:.1f}".replace(".", ",")
    return str(int(w))


def marker(vorm: str, x: float, y: float, klasse: str, titel: str = "") -> Markup:
    """A marker of ``vorm`` centred on (x, y); ``titel``: its tooltip."""
    t = Markup("<title>{}</title>").format(titel) if titel else Markup("")
    r = 3.5
    if vorm == "cirkel":
        return Markup('<circle class="{}" cx="{:.1f}" cy="{:.1f}" r="{}">{}</circle>').format(
            klasse, x, y, r, t
        )
    if vorm == "vierkant":
        return Markup(
            '<rect class="{}" x="{:.1f}" y="{:.1f}" width="{}" height="{}">{}</rect>'
        ).format(klasse, x - r, y - r, 2 * r, 2 * r, t)
    punten = {
        "driehoek": [(0, -1.2), (1.1, 0.9), (-1.1, 0.9)],
        "ruit": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "kruis": [
            (-1.2, -0.4),
            (-0.4, -0.4),
            (-0.4, -1.2),
            (0.4, -1.2),
            (0.4, -0.4),
            (1.2, -0.4),
            (1.2, 0.4),
            (0.4, 0.4),
            (0.4, 1.2),
            (-0.4, 1.2),
            (-0.4, 0.4),
            (-1.2, 0.4),
        ],
        "ster": [
            (0, -1.3),
            (0.35, -0.45),
            (1.25, -0.4),
            (0.55, 0.2),
            (0.8, 1.1),
            (0, 0.6),
            (-0.8, 1.1),
            (-0.55, 0.2),
            (-1.25, -0.4),
            (-0.35, -0.45),
        ],
    }[vorm]
    coords = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in punten)
    return Markup('<polygon class="{}" points="{}">{}</polygon>').format(klasse, coords, t)


def legenda_teken(i: int) -> Markup:
    """The small picture of series ``i`` in a legend: its line pattern and marker."""
    vorm = VORMEN[i % len(VORMEN)]
    return Markup(
        '<svg class="legendateken" viewBox="0 0 28 12" aria-hidden="true" focusable="false">'
        '<line class="dgrafiek__lijn dgrafiek__lijn--{}" x1="1" x2="27" y1="6" y2="6"/>{}</svg>'
    ).format(i, marker(vorm, 14, 6, f"dgrafiek__punt dgrafiek__punt--{i}"))


@dataclass(frozen=True)
class _Vlak:
    """The plot area of a line chart: where a bucket and a value are drawn."""

    n: int
    top: float

    @property
    def breedte(self) -> float:
        return BREEDTE - MARGE_L - MARGE_R

    @property
    def hoogte(self) -> float:
        return HOOGTE - MARGE_O - MARGE_B

    def x(self, i: int) -> float:
        if self.n == 1:
            return MARGE_L + self.breedte / 2
        return MARGE_L + i * self.breedte / (self.n - 1)

    def y(self, w: float) -> float:
        return MARGE_O + self.hoogte - self.hoogte * w / self.top


def _assen(v: _Vlak, vakken: Sequence[Asvak], eenheid: str) -> list[Markup]:
    """The grid lines with their values, and the buckets' labels (every k-th at most
    MAX_ASLABELS; the year under the first bucket and under every January)."""
    delen = []
    for w in (0, v.top / 2, v.top):
        delen.append(
            Markup(
                '<line class="dgrafiek__raster" x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}"/>'
                '<text class="dgrafiek__as" x="{}" y="{:.1f}" text-anchor="end">{}{}</text>'
            ).format(
                MARGE_L,
                BREEDTE - MARGE_R,
                v.y(w),
                v.y(w),
                MARGE_L - 4,
                v.y(w) + 4,
                _getal(w),
                eenheid,
            )
        )
    elke = -(-v.n // MAX_ASLABELS)
    for i, vak in enumerate(vakken):
        if i % elke == 0:
            delen.append(
                Markup(
                    '<text class="dgrafiek__as" x="{:.1f}" y="{}" text-anchor="middle">{}</text>'
                ).format(v.x(i), HOOGTE - MARGE_B + 16, vak.boven)
            )
        if vak.onder:
            delen.append(
                Markup(
                    '<text class="dgrafiek__as dgrafiek__as--jaar" x="{:.1f}" y="{}" '
                    'text-anchor="middle">{}</text>'
                ).format(v.x(i), HOOGTE - MARGE_B + 30, vak.onder)
            )
    return delen


def _norm(v: _Vlak, norm: float, label: str) -> Markup:
    return Markup(
        '<line class="dgrafiek__norm" x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}"/>'
        '<text class="dgrafiek__normlabel" x="{}" y="{:.1f}" text-anchor="end">{}</text>'
    ).format(
        MARGE_L, BREEDTE - MARGE_R, v.y(norm), v.y(norm), BREEDTE - MARGE_R, v.y(norm) - 4, label
    )


def _serie(v: _Vlak, j: int, s: Serie, vakken: Sequence[Asvak], eenheid: str) -> list[Markup]:
    """Series ``j``: a line through consecutive values (a bucket without a value breaks
    it) and its marker on every value, each with its figure as a tooltip."""
    stukken: list[list[str]] = [[]]
    for i, w in enumerate(s.waarden):
        if w is None:
            stukken.append([])
        else:
            stukken[-1].append(f"{v.x(i):.1f},{v.y(w):.1f}")
    delen = [
        Markup('<polyline class="dgrafiek__lijn dgrafiek__lijn--{}" points="{}"/>').format(
            j, " ".join(st)
        )
        for st in stukken
        if len(st) > 1
    ]
    vorm = VORMEN[j % len(VORMEN)]
    delen += [
        marker(
            vorm,
            v.x(i),
            v.y(w),
            f"dgrafiek__punt dgrafiek__punt--{j}",
            f"{s.label}, {vakken[i].naam}: {_getal(w)}{eenheid}",
        )
        for i, w in enumerate(s.waarden)
        if w is not None
    ]
    return delen


def lijnen(
    kenmerk: str,
    titel: str,
    vakken: Sequence[Asvak],
    series: Sequence[Serie],
    *,
    norm: float | None = None,
    norm_label: str = "",
    eenheid: str = "",
) -> Markup:
    """A line chart over ``vakken``: one line per series, a marker on every value; with
    ``norm`` a labelled horizontal line at that value. ``kenmerk``: a unique id part."""
    alle = [w for s in series for w in s.waarden if w is not None]
    v = _Vlak(len(vakken), as_top(math.ceil(max([*alle, norm or 0, 1]))))
    delen = [
        Markup(
            '<svg class="dgrafiek" viewBox="0 0 {} {}" role="img" aria-labelledby="dg-{}" '
            'xmlns="http://www.w3.org/2000/svg"><title id="dg-{}">{}</title>'
        ).format(BREEDTE, HOOGTE, kenmerk, kenmerk, titel),
        *_assen(v, vakken, eenheid),
    ]
    if norm is not None:
        delen.append(_norm(v, norm, norm_label))
    if not alle:
        delen.append(
            Markup(
                '<text class="dgrafiek__leeg" x="{:.1f}" y="{:.1f}" text-anchor="middle">'
                "Geen gegevens in deze periode</text>"
            ).format(MARGE_L + v.breedte / 2, MARGE_O + v.hoogte / 2)
        )
    for j, s in enumerate(series):
        delen += _serie(v, j, s, vakken, eenheid)
    delen.append(Markup("</svg>"))
    return Markup("").join(delen)


def staven(kenmerk: str, titel: str, rijen: Sequence[tuple[str, int]]) -> Markup:
    """Horizontal bars, largest first as given: each bar's label above it and its value
    after it, so the chart reads without colour."""
    rij_h, breedte = 34, BREEDTE
    hoogte = max(len(rijen), 1) * rij_h + 8
    top = max([n for _, n in rijen] + [1])
    ruimte = breedte - 60
    delen = [
        Markup(
            '<svg class="dgrafiek dgrafiek--staven" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="dg-{}" xmlns="http://www.w3.org/2000/svg">'
            '<title id="dg-{}">{}</title>'
        ).format(breedte, hoogte, kenmerk, kenmerk, titel)
    ]
    for i, (label, n) in enumerate(rijen):
        y0 = 4 + i * rij_h
        lengte = ruimte * n / top
        delen.append(
            Markup(
                '<text class="dgrafiek__staaflabel" x="2" y="{}">{}</text>'
                '<rect class="dgrafiek__staaf" x="2" y="{}" width="{:.1f}" height="12"/>'
                '<text class="dgrafiek__staafwaarde" x="{:.1f}" y="{}">{}</text>'
            ).format(y0 + 11, label, y0 + 15, max(lengte, 1), lengte + 8, y0 + 25, n)
        )
    if not rijen:
        delen.append(
            Markup(
                '<text class="dgrafiek__leeg" x="{}" y="20" text-anchor="middle">'
                "Geen gegevens</text>"
            ).format(breedte / 2)
        )
    delen.append(Markup("</svg>"))
    return Markup("").join(delen)
