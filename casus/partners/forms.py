"""Input shapes of the internal screens of a casusoverleg met partners; the services
(``casus.partners.services``) check the rules."""

from __future__ import annotations

from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from casus.partners import GRONDSLAGSOORTEN, ITEMS
from casus.partners.models import MAX_AFSPRAAK, MAX_ARTIKEL, MAX_GRONDSLAG
from casus.partners.services import MAX_DOEL
from casus.triage.forms import Vinkjes
from casus.werkplek.formulier import Formulier, keuzes

ITEMKEUZES = keuzes(ITEMS)


class OverlegForm(Formulier):
    verband = SelectField(
        "Samenwerkingsverband",
        coerce=int,
        validate_choice=False,
        validators=[InputRequired("Kies een samenwerkingsverband.")],
    )
    soort = SelectField("Soort overleg", validators=[InputRequired("Kies de soort overleg.")])
    datum = DateField("Datum van het overleg", validators=[DataRequired("Vul de datum in.")])
    doel = TextAreaField(
        "Doel van het overleg",
        validators=[DataRequired("Beschrijf het doel van het overleg."), Length(max=MAX_DOEL)],
    )
    grondslag_soort = SelectField(
        "Soort grondslag",
        choices=keuzes(GRONDSLAGSOORTEN),
        validators=[InputRequired("Kies een convenant of een wettelijke grondslag.")],
    )
    grondslag = StringField(
        "Grondslag",
        validators=[
            DataRequired("Vul de grondslag in: het convenant of de wet."),
            Length(max=MAX_GRONDSLAG),
        ],
    )
    artikel = StringField("Artikel", validators=[Optional(), Length(max=MAX_ARTIKEL)])
    deelnemers = Vinkjes("Partners uitnodigen", coerce=int, validate_choice=False)


class UitnodigenForm(Formulier):
    deelnemers = Vinkjes(
        "Partners uitnodigen",
        coerce=int,
        validate_choice=False,
        validators=[DataRequired("Kies minstens één partner om uit te nodigen.")],
    )


class AgendaForm(Formulier):
    ref = StringField(
        "Casusnummer", validators=[DataRequired("Vul een casusnummer in."), Length(max=60)]
    )
    items = Vinkjes(
        "Te delen gegevens",
        choices=ITEMKEUZES,
        validators=[DataRequired("Kies minstens één gegeven om te delen.")],
    )


class ItemsForm(Formulier):
    # no box ticked: every item of the case withdrawn
    items = Vinkjes("Gedeelde gegevens", choices=ITEMKEUZES)


class KnopForm(Formulier):
    """A button: confirm an agendapunt, withdraw an item, send the agenda."""


class AfspraakForm(Formulier):
    omschrijving = TextAreaField(
        "Afspraak",
        validators=[DataRequired("Beschrijf wat er is afgesproken."), Length(max=MAX_AFSPRAAK)],
    )
    voor = SelectField(
        "Wie voert de afspraak uit",
        validate_choice=False,
        validators=[DataRequired("Kies een partnerorganisatie of een regisseur.")],
    )
    uiterlijk = DateField("Uiterlijk klaar op", validators=[DataRequired("Vul de datum in.")])
