"""Input shape of the signal pages. Choices depend on the user's aanpakken: set in the view.

A form that creates or decides carries an idempotency token (``Formulier``): the
same form submitted twice registers or decides once.
"""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from casus.formulieren import Basisformulier
from casus.signalen.models import BETREFT_SOORTEN, SIGNAAL_STATUSSEN
from casus.signalen.services import AFSLUITREDEN_MAX, TEKST_MAX
from casus.werkplek.formulier import Formulier
from workflows.codes import SIGNAAL_BRONNEN


def keuzes(paren: Iterable[tuple[str, str]], groep: str | None = None) -> list[SelectChoice]:
    return [SelectChoice(waarde, label, optgroup=groep) for waarde, label in paren]


LEEG = keuzes([("", "— maakt niet uit —")])
GEEN = keuzes([("", "— onbekend —")])
TEKST_TE_LANG = f"Uw beschrijving is te lang; gebruik maximaal {TEKST_MAX} tekens."
TE_LANG = "Dit veld is te lang; gebruik maximaal 200 tekens."


class SignaalForm(Formulier):
    aanpak = SelectField("Aanpak", validators=[DataRequired("Kies de aanpak.")])
    ontvangen_op = DateField("Ontvangen op", validators=[DataRequired("Vul de datum in.")])
    bron = SelectField(
        "Bron", choices=keuzes(SIGNAAL_BRONNEN.items()), validators=[DataRequired("Kies de bron.")]
    )
    thema = SelectField("Thema", validators=[DataRequired("Kies het thema.")])
    tekst = TextAreaField(
        "Inhoud van het signaal",
        validators=[DataRequired("Beschrijf het signaal."), Length(max=TEKST_MAX)],
    )
    betreft_soort = SelectField(
        "Het signaal gaat over",
        choices=GEEN + keuzes(BETREFT_SOORTEN.items()),
        validators=[Optional()],
    )
    betreft_naam = StringField(
        "Naam (persoon of onderneming)", validators=[Optional(), Length(max=200)]
    )
    betreft_kvk_nummer = StringField("KvK-nummer", validators=[Optional(), Length(max=8)])
    betreft_adres = StringField("Adres", validators=[Optional(), Length(max=200)])
    # choices: the municipality's wijken (set in the view)
    wijk = SelectField("Wijk", validators=[Optional()])


class FilterForm(Basisformulier):
    class Meta:
        csrf = False  # a GET search form changes nothing

    aanpak = SelectField("Aanpak", validators=[Optional()])
    van = DateField("Ontvangen vanaf", validators=[Optional()])
    tot_en_met = DateField("Tot en met", validators=[Optional()])
    bron = SelectField(
        "Bron", choices=LEEG + keuzes(SIGNAAL_BRONNEN.items()), validators=[Optional()]
    )
    thema = SelectField("Thema", validators=[Optional()])
    status = SelectField(
        "Status", choices=LEEG + keuzes(SIGNAAL_STATUSSEN.items()), validators=[Optional()]
    )
    zoek = StringField(
        "Zoeken in tekst, naam, adres of nummer", validators=[Optional(), Length(max=100)]
    )


class OverlegForm(Basisformulier):
    class Meta:
        csrf = False

    aanpak = SelectField("Aanpak", validators=[Optional()])
    van = DateField("Ontvangen vanaf", validators=[Optional()])
    tot_en_met = DateField("Tot en met", validators=[Optional()])


class _Afhandeling(Formulier):
    versie = HiddenField()
    terug = HiddenField()


class KoppelForm(_Afhandeling):
    casus_ref = StringField(
        "Casusnummer", validators=[DataRequired("Vul het casusnummer in."), Length(max=60)]
    )


class AfsluitForm(_Afhandeling):
    afsluitreden = StringField(
        "Reden om zonder vervolg af te sluiten",
        validators=[DataRequired("Vul de reden in."), Length(max=AFSLUITREDEN_MAX)],
    )


class OmzetForm(_Afhandeling):
    aangemeld_op = DateField("Aangemeld op", validators=[Optional()])
    voornaam = StringField("Voornaam", validators=[Optional(), Length(max=100)])
    tussenvoegsel = StringField("Tussenvoegsel", validators=[Optional(), Length(max=30)])
    achternaam = StringField("Achternaam", validators=[Optional(), Length(max=150)])
    geboortedatum = DateField("Geboortedatum", validators=[Optional()])
    herkomst = SelectField(
        "Herkomst",
        choices=keuzes([("lokaal", "Lokaal"), ("riec", "RIEC")]),
        validators=[Optional()],
    )
    wijk = SelectField("Wijk", validators=[Optional()])


class MeldpuntForm(Formulier):
    """The public form. ``website`` is a honeypot: hidden from people, filled by bots.
    With an idempotency token: a report sent twice is one signal."""

    onderwerp = RadioField(
        "Waar maakt u zich zorgen over?", validators=[DataRequired("Kies waar uw zorg over gaat.")]
    )
    tekst = TextAreaField(
        "Wat is er aan de hand?",
        validators=[
            DataRequired("Beschrijf kort wat u hebt gezien of gehoord."),
            Length(max=TEKST_MAX, message=TEKST_TE_LANG),
        ],
    )
    betreft_naam = StringField(
        "Naam van de persoon of het bedrijf (als u die weet)",
        validators=[Optional(), Length(max=200, message=TE_LANG)],
    )
    betreft_adres = StringField(
        "Waar speelt het? (adres of plek, als u dat weet)",
        validators=[Optional(), Length(max=200, message=TE_LANG)],
    )
    # choices: the municipality's wijken (set in the view)
    wijk = SelectField("In welke wijk speelt het? (als u dat weet)", validators=[Optional()])
    melder_naam = StringField(
        "Uw naam (niet verplicht)",
        validators=[Optional(), Length(max=200, message=TE_LANG)],
        render_kw={"autocomplete": "name"},
    )
    melder_contact = StringField(
        "Uw telefoonnummer of e-mailadres (niet verplicht)",
        validators=[Optional(), Length(max=200, message=TE_LANG)],
    )
    website = StringField(
        "Laat dit veld leeg",
        validators=[Optional()],
        render_kw={"autocomplete": "off", "tabindex": "-1"},
    )
