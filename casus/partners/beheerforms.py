"""The beheerder's forms for verbanden, partner organisations and partner users; the
rules themselves (required, unique, an article with a statutory basis) are the
service's (``casus.partners.beheer``), shown at the field."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from casus.beheer.forms import AccountForm
from casus.partners import GRONDSLAGSOORTEN, ORGANISATIESOORTEN
from casus.partners.models import MAX_ARTIKEL, MAX_GRONDSLAG, MAX_NAAM
from casus.werkplek.formulier import Formulier, keuzes


class VerbandForm(Formulier):
    naam = StringField(
        "Naam van het samenwerkingsverband",
        validators=[
            DataRequired("Vul de naam van het samenwerkingsverband in."),
            Length(max=MAX_NAAM),
        ],
    )
    omschrijving = TextAreaField("Omschrijving", validators=[Optional(), Length(max=2000)])
    actief = BooleanField("Actief (neemt nieuwe overleggen)", default=True)


class OrganisatieForm(Formulier):
    naam = StringField(
        "Naam van de organisatie",
        validators=[DataRequired("Vul de naam van de organisatie in."), Length(max=MAX_NAAM)],
    )
    soort = SelectField(
        "Soort organisatie",
        choices=keuzes([("", "Kies het soort"), *ORGANISATIESOORTEN.items()]),
        validators=[DataRequired("Kies het soort organisatie.")],
    )
    grondslag_soort = SelectField(
        "Soort grondslag",
        choices=keuzes([("", "Kies de soort grondslag"), *GRONDSLAGSOORTEN.items()]),
        validators=[DataRequired("Kies of de organisatie werkt op een convenant of een wet.")],
    )
    grondslag = StringField(
        "Grondslag",
        description="De naam van het convenant of van de wet, bijvoorbeeld 'Wmo 2015'.",
        validators=[
            DataRequired("Vul de grondslag in: de naam van het convenant of de wet."),
            Length(max=MAX_GRONDSLAG),
        ],
    )
    artikel = StringField(
        "Artikel",
        description="Verplicht bij een wettelijke grondslag, bijvoorbeeld 'artikel 5.2.6'.",
        validators=[Optional(), Length(max=MAX_ARTIKEL)],
    )
    actief = BooleanField("Actief", default=True)


class PartnergebruikerForm(AccountForm):
    """A partner user: the fields of any new account, without roles or teams."""


class PartnerActiefForm(Formulier):
    """(De)activate a partner user: the state the page asked for."""

    actief = HiddenField(validators=[AnyOf(("ja", "nee"), "Laad de pagina opnieuw.")])
