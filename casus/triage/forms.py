"""Input shapes of the triage screens; the services check the rules.

A form that changes a case carries an idempotency token and the case's version
(``VersieForm``): a second submission of the same form changes nothing, and a case
changed since the form was opened is not changed again.
"""

from __future__ import annotations

from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from casus.casussen.forms import VersieForm
from casus.triage.models import BESLUITEN, NIET_OPNEMEN, OMZETTEN
from casus.werkplek.formulier import Formulier


class Vinkjes(SelectMultipleField):
    """A list of checkboxes (works without JavaScript and on a projector)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _optioneel_getal(waarde: object) -> int | None:
    return int(str(waarde)) if waarde not in (None, "", "None") else None


class BesluitForm(VersieForm):
    besluit = HiddenField(validators=[InputRequired("Onbekend besluit."), Length(max=20)])
    regisseur = SelectField("Regisseur", coerce=_optioneel_getal, validate_choice=False)
    reden = SelectField("Reden", validate_choice=False)
    doel_aanpak = SelectField("Naar aanpak", validate_choice=False)
    toelichting = TextAreaField("Toelichting", validators=[Optional(), Length(max=4000)])
    overleg_id = IntegerField(validators=[Optional()])
    punt = IntegerField(validators=[Optional()])
    # "niet opnemen" and "omzetten" are taken in two steps: the choice, then its
    # confirmation (``ja``); the confirmation of omzetten names the target aanpak its page
    # described (another one chosen there is shown before it is decided)
    bevestigd = HiddenField(validators=[Optional(), Length(max=2)])
    getoonde_aanpak = HiddenField(validators=[Optional(), Length(max=20)])

    def validate_besluit(self, veld: HiddenField) -> None:
        if veld.data not in BESLUITEN:
            raise ValidationError("Onbekend besluit.")


class NietOpnemenForm(BesluitForm):
    """The confirmation of "niet opnemen": the case closes, so it asks why."""

    toelichting = TextAreaField(
        "Toelichting",
        validators=[
            DataRequired("Licht toe waarom de casus niet wordt opgenomen."),
            Length(max=4000),
        ],
    )


class OmzettenForm(BesluitForm):
    """The confirmation of "omzetten": the case moves to another aanpak and team."""

    doel_aanpak = SelectField(
        "Naar aanpak",
        validate_choice=False,
        validators=[DataRequired("Kies de aanpak waarnaar de aanmelding wordt omgezet.")],
    )


# the decisions confirmed on a page of their own (what will happen), each with the form
# of its confirmation
BEVESTIGFORMULIEREN: dict[str, type[BesluitForm]] = {
    NIET_OPNEMEN: NietOpnemenForm,
    OMZETTEN: OmzettenForm,
}


class ToewijzenForm(VersieForm):
    regisseur = SelectField(
        "Nieuwe regisseur",
        coerce=int,
        validate_choice=False,
        validators=[InputRequired("Kies een regisseur.")],
    )
    toelichting = TextAreaField("Toelichting", validators=[Optional(), Length(max=2000)])


class CorrectieForm(VersieForm):
    reden = TextAreaField(
        "Waarom wordt de laatste statuswijziging gecorrigeerd?",
        validators=[DataRequired("Geef de reden van de correctie."), Length(max=2000)],
    )


class OverlegForm(Formulier):
    datum = DateField("Datum van het overleg", validators=[DataRequired("Vul de datum in.")])
    aanpakken = Vinkjes("Aanpakken", validators=[DataRequired("Kies minstens één aanpak.")])
    deelnemers = Vinkjes("Aanwezigen", coerce=int)


class NotitiesForm(Formulier):
    notities = TextAreaField("Notities", validators=[Optional(), Length(max=20000)])


class AgendaForm(Formulier):
    ref = StringField(
        "Casusnummer", validators=[DataRequired("Vul een casusnummer in."), Length(max=60)]
    )
