"""Forms: read the forms of a page as a browser would, and build form data by hand.

``formulieren``/``formulier`` read a rendered page (the test client's or a real
server's) into ``Formulier``s; ``Formulier.gegevens`` is what a browser submits for
it unchanged, with the caller's values on top. ``ingevuld`` builds the data of a
form without reading its page: a fresh idempotency token and, for a form on a case,
the case's version.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from casus.extensions import db

# controls a browser does not submit as a value of their own
KNOPPEN = ("submit", "button", "reset", "image")


@dataclass
class Veld:
    naam: str
    soort: str  # input type, or "select" / "textarea"
    waarde: str = ""  # a select's: the selected option, else the first
    opties: list[str] = field(default_factory=list)
    maxlength: int | None = None
    aangevinkt: bool = False
    verplicht: bool = False

    @property
    def verborgen(self) -> bool:
        return self.soort == "hidden"

    @property
    def invulbaar(self) -> bool:
        return self.soort not in ("hidden", *KNOPPEN)


@dataclass
class Formulier:
    actie: str
    methode: str
    velden: list[Veld] = field(default_factory=list)

    def veld(self, naam: str) -> Veld | None:
        return next((v for v in self.velden if v.naam == naam), None)

    def gegevens(self, **waarden: Any) -> dict[str, Any]:
        """What the browser sends: every field as rendered (the checked boxes, a
        select's option), then ``waarden`` on top. A name with several checked boxes
        gets the list of their values."""
        data: dict[str, Any] = {}
        aangevinkt: dict[str, list[str]] = {}
        for v in self.velden:
            if v.soort in ("checkbox", "radio"):
                if v.aangevinkt:
                    aangevinkt.setdefault(v.naam, []).append(v.waarde)
                    data[v.naam] = aangevinkt[v.naam]
            elif v.soort not in KNOPPEN:
                data[v.naam] = v.waarde
        for naam, gekozen in aangevinkt.items():
            if len(gekozen) == 1:
                data[naam] = gekozen[0]
        data.update(waarden)
        return data

    @property
    def soorten(self) -> dict[str, str]:
        """Name -> kind (input type, "select", "textarea") of each field sent."""
        soorten: dict[str, str] = {}
        for v in self.velden:
            if v.soort not in KNOPPEN:
                soorten.setdefault(v.naam, v.soort)
        return soorten

    @property
    def keuzes(self) -> dict[str, list[str]]:
        """Name -> the values to choose from, of the selects, radios and checkboxes."""
        keuzes: dict[str, list[str]] = {}
        for v in self.velden:
            if v.soort == "select":
                keuzes.setdefault(v.naam, []).extend(v.opties)
            elif v.soort in ("checkbox", "radio"):
                keuzes.setdefault(v.naam, []).append(v.waarde)
        return keuzes

    @property
    def verplicht(self) -> set[str]:
        """The names of the fields marked required."""
        return {v.naam for v in self.velden if v.verplicht}


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
            self._formulier = Formulier(
                a.get("action") or self.pad, (a.get("method") or "get").upper()
            )
            self.formulieren.append(self._formulier)
            return
        if self._formulier is None:
            return
        if tag == "option" and self._select is not None:
            waarde = a.get("value", "")
            self._select.opties.append(waarde)
            if "selected" in a or len(self._select.opties) == 1:
                self._select.waarde = waarde
            return
        if not a.get("name"):
            return
        lengte = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
        verplicht = "required" in a
        if tag == "input":
            soort = (a.get("type") or "text").lower()
            waarde = a.get("value", "on" if soort in ("checkbox", "radio") else "")
            self._formulier.velden.append(
                Veld(
                    a["name"],
                    soort,
                    waarde,
                    maxlength=lengte,
                    aangevinkt="checked" in a,
                    verplicht=verplicht,
                )
            )
        elif tag == "select":
            self._select = Veld(a["name"], "select", verplicht=verplicht)
            self._formulier.velden.append(self._select)
        elif tag == "textarea":
            self._textarea = Veld(a["name"], "textarea", maxlength=lengte, verplicht=verplicht)
            self._formulier.velden.append(self._textarea)
        elif tag == "button":
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


def knopformulieren(html: str, pad: str) -> list[Formulier]:
    """The forms a button sends elsewhere (``formaction``, e.g. "Opzoeken in de BRP" in
    the aanmelding): a copy of the button's form posting there."""
    blokken = html.split("<form")[1:]  # forms do not nest: one block per form, in order
    return [
        dataclasses.replace(form, actie=actie)
        for form, blok in zip(formulieren(html, pad), blokken, strict=True)
        for actie in re.findall(r'formaction="([^"]+)"', blok)
    ]


def formulier(html: str, actie: str, pad: str = "", **met: str) -> Formulier:
    """The form of the page that posts to ``actie`` and has the field values ``met``
    (e.g. ``besluit="opnemen"``); the first when there are several."""
    gevonden = [
        f
        for f in formulieren(html, pad)
        if f.actie == actie
        and all(
            (v := f.veld(naam)) is not None and v.waarde == waarde for naam, waarde in met.items()
        )
    ]
    assert gevonden, f"geen formulier naar {actie} met {met}"
    return gevonden[0]


def token() -> str:
    """A fresh idempotency token, as each rendered form carries one."""
    return secrets.token_urlsafe(12)


def ingevuld(casus: Any = None, **velden: Any) -> dict[str, Any]:
    """Form data as the page sends it: a fresh idempotency token and, for a form on a
    case, the case's version as it is now; then ``velden``."""
    data = {"token": token(), **velden}
    if casus is not None:
        db.session.refresh(casus)
        data["versie"] = str(casus.versie)
    return data
