"""The filter form of the caseload lists (GET, so no CSRF and no token)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup
from wtforms import BooleanField, HiddenField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from casus.casussen.validatie import wijken
from casus.formulieren import Basisformulier
from casus.paginering import paginanummer
from casus.werkplek import queries
from casus.werkplek.formulier import keuzes
from workflows import CATALOGUS
from workflows.base import OPEN_STATUSSEN, STATUS_LABELS, STATUSSEN

Keuzes = tuple[SelectChoice, ...]
# the fields' HTML per (choices, chosen values): rendering five selects through WTForms
# was a sixth of a list page's CPU; the same filters give the same HTML (bounded: the
# values come from the query string)
_HTML: dict[tuple[Any, ...], Markup] = {}
_HTML_MAX = 1024


@lru_cache(maxsize=64)
def _keuzes(
    aanpakken: tuple[str, ...], alleen_open: bool, wijken: tuple[str, ...]
) -> tuple[Keuzes, Keuzes, Keuzes, Keuzes, Keuzes]:
    """The options of the aanpak, status, wijk, signaal and sortering selects."""
    statussen = OPEN_STATUSSEN if alleen_open else STATUSSEN
    return (
        tuple(
            keuzes([("", "Alle")] + [(a.code, a.kort) for a in CATALOGUS if a.code in aanpakken])
        ),
        tuple(keuzes([("", "Alle")] + [(s, STATUS_LABELS[s]) for s in statussen])),
        tuple(keuzes([("", "Alle")] + [(w, w) for w in wijken])),
        tuple(keuzes([("", "Alle"), *queries.SIGNALEN.items()])),
        tuple(keuzes([(k, label) for k, (_, _, label) in queries.SORTERINGEN.items()])),
    )


class FilterForm(Basisformulier):
    class Meta:
        csrf = False

    aanpak = SelectField("Aanpak", validators=[Optional()])
    status = SelectField("Status", validators=[Optional()])
    wijk = SelectField("Wijk", validators=[Optional()])
    signaal = SelectField("Signaal", validators=[Optional()])
    niet_toegewezen = BooleanField("Alleen niet toegewezen")
    sortering = SelectField("Sorteren", validators=[Optional()])
    na = HiddenField()
    voor = HiddenField()
    pagina = HiddenField()

    def __init__(self, aanpakken: list[str], alleen_open: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._keuzesleutel = (tuple(aanpakken), alleen_open, wijken())
        (
            self.aanpak.choices,
            self.status.choices,
            self.wijk.choices,
            self.signaal.choices,
            self.sortering.choices,
        ) = _keuzes(*self._keuzesleutel)

    def velden_html(self, verberg_aanpak: bool) -> Markup:
        """The filter fields, each with its label (the aanpak left out when
        ``verberg_aanpak``), and the checkbox: rendered by WTForms once per choices and
        chosen values, then taken from ``_HTML``."""
        selects = [
            veld
            for veld in (self.aanpak, self.status, self.wijk, self.signaal, self.sortering)
            if not (verberg_aanpak and veld is self.aanpak)
        ]
        sleutel = (
            self._keuzesleutel,  # what the choices are made of (_keuzes)
            verberg_aanpak,
            tuple(veld.data for veld in selects),
            bool(self.niet_toegewezen.data),
        )
        html = _HTML.get(sleutel)
        if html is None:
            delen = [
                Markup('<div class="veld">{}{}</div>').format(
                    veld.label(class_="veld__label"), veld(class_="veld__invoer")
                )
                for veld in selects
            ]
            delen.append(
                Markup('<div class="veld veld--vink">{} {}</div>').format(
                    self.niet_toegewezen(), self.niet_toegewezen.label()
                )
            )
            html = Markup("\n  ").join(delen)
            if len(_HTML) >= _HTML_MAX:
                _HTML.clear()
            _HTML[sleutel] = html
        return html

    def filters(self) -> queries.Filters:
        """The valid filters; an invalid value is ignored rather than refused."""
        self.validate()

        def geldig(veld: SelectField) -> str | None:
            return None if veld.errors or not veld.data else str(veld.data)

        return queries.Filters(
            aanpak=geldig(self.aanpak),
            status=geldig(self.status),
            wijk=geldig(self.wijk),
            signaal=geldig(self.signaal),
            niet_toegewezen=bool(self.niet_toegewezen.data),
            sortering=geldig(self.sortering) or "status_sinds",
            na=(self.na.data or None),
            voor=(self.voor.data or None),
            pagina=paginanummer(self.pagina.data),
        )
