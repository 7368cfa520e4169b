"""The confirmation of a retention run; the filters of the verstrekkingenregister."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, DateField, HiddenField, SelectField
from wtforms.validators import DataRequired, Optional

from casus.formulieren import Basisformulier
from casus.partners.register import organisatiekeuzes
from casus.werkplek.formulier import Formulier, keuzes


class BewaartermijnForm(Formulier):
    """The box says, in the officer's words, what cannot be undone; ``plan`` is the
    digest of the list shown (``bewaartermijn.Plan.vingerafdruk``)."""

    plan = HiddenField()
    bevestigd = BooleanField(
        "Ik begrijp dat deze gegevens definitief worden gewist en dat dit niet ongedaan "
        "kan worden gemaakt.",
        validators=[DataRequired("Vink aan dat u de gegevens definitief wilt wissen.")],
    )


class VerstrekkingenFilterForm(Basisformulier):
    """The register's filters: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    van = DateField("Van", validators=[Optional()])
    tot_en_met = DateField("Tot en met", validators=[Optional()])
    organisatie = SelectField(
        "Organisatie", validators=[Optional()], choices=[], validate_choice=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisatie.choices = keuzes(
            [("", "Alle organisaties"), *((str(i), naam) for i, naam in organisatiekeuzes())]
        )

    def organisatie_id(self) -> int | None:
        waarde = (self.organisatie.data or "").strip()
        return int(waarde) if waarde.isdigit() and len(waarde) < 10 else None

    def details(self) -> dict[str, str]:
        """The filters for the audit record (codes and dates only)."""
        return {
            k: str(v)
            for k, v in (
                ("van", self.van.data),
                ("tot_en_met", self.tot_en_met.data),
                ("organisatie_id", self.organisatie_id()),
            )
            if v is not None
        }
