"""The filter form of the caseload lists (GET, so no CSRF and no token)."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, HiddenField, SelectField
from wtforms.validators import Optional

from casus.casussen.validatie import wijken
from casus.formulieren import Basisformulier
from casus.paginering import paginanummer
from casus.werkplek import queries
from casus.werkplek.formulier import keuzes
from workflows import CATALOGUS
from workflows.base import OPEN_STATUSSEN, STATUS_LABELS, STATUSSEN


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
        self.aanpak.choices = keuzes(
            [("", "Alle")] + [(a.code, a.kort) for a in CATALOGUS if a.code in aanpakken]
        )
        statussen = OPEN_STATUSSEN if alleen_open else STATUSSEN
        self.status.choices = keuzes([("", "Alle")] + [(s, STATUS_LABELS[s]) for s in statussen])
        self.wijk.choices = keuzes([("", "Alle")] + [(w, w) for w in wijken()])
        self.signaal.choices = keuzes([("", "Alle"), *queries.SIGNALEN.items()])
        self.sortering.choices = keuzes(
            [(k, label) for k, (_, _, label) in queries.SORTERINGEN.items()]
        )

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
