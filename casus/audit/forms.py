from __future__ import annotations

from typing import Any

from wtforms import DateField, IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional

from casus.formulieren import Basisformulier


class AuditFilterForm(Basisformulier):
    """Filters of the log viewer: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    gebruiker = StringField("Gebruikersnaam", validators=[Optional(), Length(max=80)])
    persoon = IntegerField("Persoonsnummer", validators=[Optional(), NumberRange(min=1)])
    casus = IntegerField("Casusnummer (intern)", validators=[Optional(), NumberRange(min=1)])
    actie = StringField(
        "Actie",
        validators=[Optional(), Length(max=60)],
        description="Bijvoorbeeld casus.bekeken, of casus voor alle casusacties.",
    )
    van = DateField("Van", validators=[Optional()])
    tot_en_met = DateField("Tot en met", validators=[Optional()])

    def filters(self, gebruiker_id: int | None) -> dict[str, Any]:
        return {
            "gebruiker_id": gebruiker_id,
            "persoon_id": self.persoon.data,
            "casus_id": self.casus.data,
            "actie": (self.actie.data or "").strip() or None,
            "van": self.van.data,
            "tot_en_met": self.tot_en_met.data,
        }
