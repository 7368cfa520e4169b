"""The dashboard's choice of aanpak, granularity and period: a GET form (it changes
nothing, so it is made without CSRF), like the Rapportage page's period form."""

from __future__ import annotations

from datetime import date, timedelta

from wtforms import DateField, SelectField
from wtforms.validators import Optional

from casus import labels
from casus.dashboard.reeks import INDELINGEN, MAX_VAKKEN, aantal_vakken
from casus.formulieren import Basisformulier
from casus.werkplek.formulier import keuzes
from workflows import CATALOGUS

# how the buckets of each granularity are called in a message
_MEERVOUD = {"maand": "maanden", "kwartaal": "kwartalen", "halfjaar": "halfjaren", "jaar": "jaren"}


def standaardperiode(vandaag: date) -> tuple[date, date]:
    """The last twelve complete months before ``vandaag``."""
    tem = vandaag.replace(day=1) - timedelta(days=1)
    maand = tem.year * 12 + tem.month - 1 - 11
    return date(maand // 12, maand % 12 + 1, 1), tem


def laatste_toegestane_dag(vandaag: date) -> date:
    """The latest end of a period: the end of the current year."""
    return date(vandaag.year, 12, 31)


class DashboardForm(Basisformulier):
    class Meta:
        csrf = False  # a GET form changes nothing

    aanpak = SelectField("Aanpak", validators=[Optional()])
    indeling = SelectField("Per", choices=keuzes(list(INDELINGEN.items())), default="maand")
    van = DateField("Van", validators=[Optional()])
    tot_en_met = DateField("Tot en met", validators=[Optional()])

    def __init__(self, *args: object, vandaag: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag
        self.aanpak.choices = keuzes(
            [("", "Alle aanpakken"), *((code, labels.aanpak(code)) for code in CATALOGUS.codes())]
        )

    def periode(self) -> tuple[date, date]:
        """The chosen period (after ``validate``): both dates, or the default when both
        are left empty."""
        if self.van.data is None and self.tot_en_met.data is None:
            return standaardperiode(self.vandaag)
        assert self.van.data is not None
        assert self.tot_en_met.data is not None
        return self.van.data, self.tot_en_met.data

    def validate(self, extra_validators: object = None) -> bool:
        goed = super().validate(extra_validators)
        if self.van.errors or self.tot_en_met.errors:
            return False
        van, tem = self.van.data, self.tot_en_met.data
        if (van is None) != (tem is None):
            leeg = self.van if van is None else self.tot_en_met
            leeg.errors = [*leeg.errors, "Vul ook deze datum in, of laat beide datums leeg."]
            return False
        if van is not None and tem is not None:
            if tem < van:
                self.tot_en_met.errors = [
                    *self.tot_en_met.errors,
                    "De einddatum ligt vóór de begindatum.",
                ]
                return False
            grens = laatste_toegestane_dag(self.vandaag)
            if tem > grens:
                self.tot_en_met.errors = [
                    *self.tot_en_met.errors,
                    f"Kies een einddatum uiterlijk {grens:%d-%m-%Y}.",
                ]
                return False
        if not goed or self.indeling.errors:
            return False
        van, tem = self.periode()
        n = aantal_vakken(van, tem, self.indeling.data)
        if n > MAX_VAKKEN:
            self.indeling.errors = [
                *self.indeling.errors,
                f"Deze periode telt {n} {_MEERVOUD[self.indeling.data]}; het dashboard toont "
                f"er hoogstens {MAX_VAKKEN}. Kies een kortere periode of een grotere indeling.",
            ]
            return False
        return True
