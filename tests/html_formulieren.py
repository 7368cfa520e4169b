"""Read the forms of a page as a browser would, to submit them from a test."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any


@dataclass
class Veld:
    naam: str
    soort: str  # input type, or "select" / "textarea"
    waarde: str = ""
    opties: list[str] = field(default_factory=list)
    maxlength: int | None = None
    aangevinkt: bool = False

    @property
    def verborgen(self) -> bool:
        return self.soort == "hidden"

    @property
    def invulbaar(self) -> bool:
        return self.soort not in ("hidden", "submit", "button", "reset", "image")


@dataclass
class Formulier:
    actie: str
    methode: str
    velden: list[Veld] = field(default_factory=list)

    def veld(self, naam: str) -> Veld | None:
        return next((v for v in self.velden if v.naam == naam), None)

    def gegevens(self, **waarden: Any) -> dict[str, Any]:
        """What the browser sends: hidden fields as rendered, checked boxes, the first
        option of a select, then ``waarden`` on top."""
        data: dict[str, Any] = {}
        for v in self.velden:
            if v.soort in ("submit", "button", "reset", "image"):
                continue
            if v.soort in ("checkbox", "radio"):
                if v.aangevinkt:
                    data.setdefault(v.naam, []).append(v.waarde)
                continue
            if v.soort == "select":
                data[v.naam] = v.waarde or (v.opties[0] if v.opties else "")
                continue
            data[v.naam] = v.waarde
        data.update(waarden)
        return data


class _Lezer(HTMLParser):
    def __init__(self, pad: str) -> None:
        super().__init__(convert_charrefs=True)
        self.pad = pad
        self.formulieren: list[Formulier] = []
        self._formulier: Formulier | None = None
        self._select: Veld | None = None
        self._textarea: Veld | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._formulier = Formulier(a.get("action") or self.pad,
                                        (a.get("method") or "get").upper())
            self.formulieren.append(self._formulier)
            return
        if self._formulier is None:
            return
        lengte = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
        if tag == "input" and a.get("name"):
            soort = (a.get("type") or "text").lower()
            waarde = a.get("value", "on" if soort in ("checkbox", "radio") else "")
            self._formulier.velden.append(Veld(a["name"], soort, waarde, maxlength=lengte,
                                               aangevinkt="checked" in a))
        elif tag == "select" and a.get("name"):
            self._select = Veld(a["name"], "select")
            self._formulier.velden.append(self._select)
        elif tag == "option" and self._select is not None:
            waarde = a.get("value", "")
            self._select.opties.append(waarde)
            if "selected" in a:
                self._select.waarde = waarde
        elif tag == "textarea" and a.get("name"):
            self._textarea = Veld(a["name"], "textarea", maxlength=lengte)
            self._formulier.velden.append(self._textarea)
        elif tag == "button" and a.get("name"):
            self._formulier.velden.append(Veld(a["name"], "submit", a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.waarde += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._formulier = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def formulieren(html: str, pad: str = "") -> list[Formulier]:
    """Every form of the page; ``pad`` is the page's own path (a form without action)."""
    lezer = _Lezer(pad)
    lezer.feed(html)
    return lezer.formulieren


def formulier(html: str, actie: str, pad: str = "", **met: str) -> Formulier:
    """The form of the page that posts to ``actie`` and has the field values ``met``
    (e.g. ``besluit="opnemen"``); the first when there are several."""
    gevonden = [f for f in formulieren(html, pad) if f.actie == actie and all(
        (v := f.veld(naam)) is not None and v.waarde == waarde for naam, waarde in met.items())]
    assert gevonden, f"geen formulier naar {actie} met {met}"
    return gevonden[0]
