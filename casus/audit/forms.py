from __future__ import annotations

from typing import Any

from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from casus.formulieren import Basisformulier
from casus.labels import AUDIT_ACTIES, STATUS_ACTIE
from casus.werkplek.formulier import keuzes


def actiekeuzes() -> list[SelectChoice]:
    """Every action by its Dutch name (the status steps as one choice), in that order."""
    paren = [*AUDIT_ACTIES.items(), (STATUS_ACTIE, "Status van een casus gewijzigd")]
    return keuzes([("", "Alle acties"), *sorted(paren, key=lambda p: p[1].lower())])


class AuditFilterForm(Basisformulier):
    """Filters of the log viewer: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    gebruiker = StringField("Gebruikersnaam", validators=[Optional(), Length(max=80)])
    persoon = StringField(
        "Naam van de persoon",
        validators=[Optional(), Length(max=100)],
        description=(
            "Voor- en achternaam of een deel daarvan; hoofdletters en accenten tellen niet."
        ),
    )
    casus = StringField(
        "Casusnummer",
        validators=[Optional(), Length(max=60)],
        description="Bijvoorbeeld PGAJ-2025-00017; een eerder nummer van de casus werkt ook.",
    )
    actie = SelectField(
        "Actie", validators=[Optional()], choices=actiekeuzes(), validate_choice=False
    )
    van = DateField("Van", validators=[Optional()])
    tot_en_met = DateField("Tot en met", validators=[Optional()])

    def filters(self, gebruiker_id: int | None) -> dict[str, Any]:
        return {
            "gebruiker_id": gebruiker_id,
            "persoonsnaam": (self.persoon.data or "").strip() or None,
            "casusnummer": (self.casus.data or "").strip() or None,
            "actie": (self.actie.data or "").strip() or None,
            "van": self.van.data,
            "tot_en_met": self.tot_en_met.data,
        }
