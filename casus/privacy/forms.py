"""The confirmation of a retention run."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField
from wtforms.validators import DataRequired

from casus.werkplek.formulier import Formulier


class BewaartermijnForm(Formulier):
    """The box says, in the officer's words, what cannot be undone; ``plan`` is the
    digest of the list shown (``bewaartermijn.Plan.vingerafdruk``)."""

    plan = HiddenField()
    bevestigd = BooleanField(
        "Ik begrijp dat deze gegevens definitief worden gewist en dat dit niet ongedaan "
        "kan worden gemaakt.",
        validators=[DataRequired("Vink aan dat u de gegevens definitief wilt wissen.")],
    )
