"""Server-side SVG trend charts: per aanpak four lines over the last six half-years.

Returned as markup (no script, no inline style); colours come from CSS classes in
static/css/rapportage.css. A line starts at the first half-year with data: the
half-years before it (the aanpak did not exist yet, or nothing was registered) get no
point, so a line never starts at a zero that is no measurement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

REEKSEN = (
    ("totaal", "In de aanpak"),
    ("nieuw", "Nieuw"),
    ("afgesloten", "Afgesloten"),
    ("positief", "Positief"),
)
BREEDTE, HOOGTE, MARGE_L, MARGE_R, MARGE_B, MARGE_O = 360, 180, 36, 12, 14, 28


@dataclass(frozen=True)
class Punt:
    label: str
    waarden: dict[str, Any]

    @property
    def heeft_gegevens(self) -> bool:
        """Whether any figure of the half-year is not 0 (a case in any state counts)."""
        return any(isinstance(w, int) and w for w in self.waarden.values())


def eerste_met_gegevens(punten: list[Punt]) -> int | None:
    """The index of the first point with data, None when no point has any."""
    return next((i for i, p in enumerate(punten) if p.heeft_gegevens), None)


def as_top(maximum: int) -> int:
    """A round, even top for the y axis, so the tick halfway is a whole number too."""
    for stap in (4, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        if maximum <= stap:
            return stap
    return maximum + maximum % 2


def svg(code: str, titel: str, punten: list[Punt]) -> Markup:
    top = as_top(max([p.waarden.get(k, 0) for p in punten for k, _ in REEKSEN] + [1]))
    plot_b, plot_h = BREEDTE - MARGE_L - MARGE_R, HOOGTE - MARGE_B - MARGE_O
    stap = plot_b / max(len(punten) - 1, 1)

    def x(i: int) -> float:
        return MARGE_L + i * stap

    def y(w: int) -> float:
        return MARGE_B + plot_h - plot_h * w / top

    # every part is a literal Markup template; format() escapes each value put into it
    delen = [
        Markup(
            '<svg class="grafiek" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="grafiek-{}" xmlns="http://www.w3.org/2000/svg">'
            '<title id="grafiek-{}">{}: trend over zes halfjaren</title>'
        ).format(BREEDTE, HOOGTE, code, code, titel)
    ]
    for w in (0, top // 2, top):
        delen.append(
            Markup(
                '<line class="grafiek__raster" x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}"/>'
            ).format(MARGE_L, BREEDTE - MARGE_R, y(w), y(w))
        )
        delen.append(
            Markup(
                '<text class="grafiek__as" x="{}" y="{:.1f}" text-anchor="end">{}</text>'
            ).format(MARGE_L - 4, y(w) + 4, w)
        )
    for i, p in enumerate(punten):
        delen.append(
            Markup(
                '<text class="grafiek__as" x="{:.1f}" y="{}" text-anchor="middle">{}</text>'
            ).format(x(i), HOOGTE - 10, p.label)
        )
    eerste = eerste_met_gegevens(punten)
    if eerste is None:
        delen.append(
            Markup(
                '<text class="grafiek__leeg" x="{:.1f}" y="{:.1f}" text-anchor="middle">'
                "Geen gegevens in deze halfjaren</text>"
            ).format(MARGE_L + plot_b / 2, MARGE_B + plot_h / 2)
        )
    for sleutel, label in REEKSEN if eerste is not None else ():
        getekend = list(enumerate(punten))[eerste:]
        coords = " ".join(f"{x(i):.1f},{y(p.waarden.get(sleutel, 0)):.1f}" for i, p in getekend)
        delen.append(
            Markup(
                '<polyline class="grafiek__lijn grafiek__lijn--{}" points="{}">'
                "<title>{}</title></polyline>"
            ).format(sleutel, coords, label)
        )
        for i, p in getekend:
            delen.append(
                Markup(
                    '<circle class="grafiek__punt grafiek__punt--{}" cx="{:.1f}" cy="{:.1f}" '
                    'r="2.5"><title>{} {}: {}</title></circle>'
                ).format(
                    sleutel,
                    x(i),
                    y(p.waarden.get(sleutel, 0)),
                    label,
                    p.label,
                    p.waarden.get(sleutel, 0),
                )
            )
    delen.append(Markup("</svg>"))
    return Markup("").join(delen)
