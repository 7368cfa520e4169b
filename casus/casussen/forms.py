"""Forms of the case page: input shape, and the rules the services apply that need no
stored data (a date not in the future, an end not before its start, at least one
score), so that a refused form names every error at once; the services still check
every rule. A status change's checks that need the case come from its page
(``casus.casussen.pagina.transitie_form``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from casus.casussen.casuswerk import MAX_TEKST
from casus.casussen.validatie import toekomstbericht
from casus.klok import vandaag
from casus.werkplek.formulier import Formulier, keuzes
from workflows.codes import (
    CONTACT_VORMEN,
    INTERVENTIE_DOMEINEN,
    LEEFGEBIEDEN,
    NOTITIE_SOORTEN,
    POLITIECONTACT_SOORTEN,
    SCORE_MAX,
    SCORE_MIN,
)

DATUM_NODIG = "Vul een geldige datum in (dag-maand-jaar)."


class Datumveld(DateField):
    """A date field whose refusal of unreadable input is the Dutch message below."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(DATUM_NODIG) from None


def niet_in_toekomst(form: Any, field: Any) -> None:
    bericht = toekomstbericht(field.data) if field.data is not None else None
    if bericht:
        raise ValidationError(bericht)


def datumveld(label: str = "Datum", verplicht: bool = True, toekomst: bool = False) -> Datumveld:
    """A date field; ``toekomst``: the date may lie after today (a planned end)."""
    validators: list[Any] = [InputRequired(DATUM_NODIG)] if verplicht else [Optional()]
    if not toekomst:
        validators.append(niet_in_toekomst)
    return Datumveld(label, validators=validators, default=vandaag if verplicht else None)


def tekstveld(label: str, verplicht: bool, max_lengte: int = MAX_TEKST) -> TextAreaField:
    eerste: Any = DataRequired("Vul een tekst in.") if verplicht else Optional()
    return TextAreaField(
        label, validators=[eerste, Length(max=max_lengte, message=f"Maximaal {max_lengte} tekens.")]
    )


class NotitieForm(Formulier):
    onderwerp = "de notitie"  # a repeated submission: "... de notitie is één keer opgeslagen."
    soort = SelectField("Soort", choices=keuzes(NOTITIE_SOORTEN), default="contactmoment")
    vorm = SelectField(
        "Vorm van contact",
        choices=keuzes([("", "—"), *CONTACT_VORMEN.items()]),
        validators=[Optional()],
    )
    datum = datumveld()
    tekst = tekstveld("Tekst", verplicht=True)


class InterventieForm(Formulier):
    onderwerp = "de interventie"
    type = SelectField(
        "Interventie",
        choices=[
            c for domein, lijst in INTERVENTIE_DOMEINEN.items() for c in keuzes(lijst, domein)
        ],
        validators=[DataRequired("Kies een interventie.")],
    )
    datum = datumveld("Begindatum")
    einddatum = datumveld("Einddatum (als bekend)", verplicht=False, toekomst=True)
    tekst = tekstveld("Toelichting", verplicht=False)

    def validate_einddatum(self, field: Any) -> None:
        if field.data is not None and self.datum.data is not None and field.data < self.datum.data:
            raise ValidationError("De einddatum ligt vóór de begindatum.")


class PolitieContactForm(Formulier):
    onderwerp = "het politie- of justitiecontact"
    soort = SelectField("Soort contact", choices=keuzes(POLITIECONTACT_SOORTEN))
    datum = datumveld()


SCORE_KEUZES = keuzes(
    [("", "Niet gescoord")]
    + [
        (
            str(s),
            f"{s}{' – acute problemen' if s == SCORE_MIN else ''}"
            f"{' – volledig zelfredzaam' if s == SCORE_MAX else ''}",
        )
        for s in range(SCORE_MIN, SCORE_MAX + 1)
    ]
)


class _Leefgebiedenbasis(Formulier):
    def validate(self, extra_validators: Any = None) -> bool:
        goed = super().validate(extra_validators)
        if all(not getattr(self, code).data for code in LEEFGEBIEDEN):
            self.form_errors.append("Vul minstens één leefgebied in.")
            return False
        return goed


def _leefgebieden_form() -> type[Formulier]:
    velden: dict[str, Any] = {"datum": datumveld()}
    for code, label in LEEFGEBIEDEN.items():
        # Optional() would take whitespace for "empty" and clear the refusal of a
        # value outside the choices; only a truly empty value means "not scored"
        velden[code] = SelectField(
            label, choices=SCORE_KEUZES, validators=[Optional(strip_whitespace=False)]
        )
    return type("LeefgebiedenForm", (_Leefgebiedenbasis,), velden)


LeefgebiedenForm = _leefgebieden_form()


class VersieForm(Formulier):
    """A change that must not overwrite someone else's: carries the case's version."""

    versie = HiddenField(validators=[DataRequired("Het formulier is onvolledig.")])

    def versie_int(self) -> int:
        try:
            return int(self.versie.data or "")
        except ValueError:
            return -1


def kenmerken_form(definitie: Any, wijken: tuple[str, ...]) -> type[VersieForm]:
    """A form with one field per kenmerk of the aanpak, with its allowed values."""
    velden: dict[str, Any] = {}
    for k in definitie.kenmerken:
        if k.gemeentelijke_lijst:
            velden[k.code] = SelectField(
                k.label,
                choices=keuzes([("", "—")] + [(w, w) for w in wijken]),
                validators=[Optional()],
            )
        elif k.waarden is not None:
            velden[k.code] = SelectField(
                k.label,
                choices=keuzes([("", "—")] + [(w.code, w.label) for w in k.waarden]),
                validators=[Optional()],
            )
        else:
            velden[k.code] = StringField(
                k.label,
                validators=[
                    Optional(),
                    Length(max=k.max_lengte, message=f"Maximaal {k.max_lengte} tekens."),
                ],
            )
    return type(f"KenmerkenForm_{definitie.code}", (VersieForm,), velden)


# the errors of a status change that need the case: (field, message) pairs; a field
# that is not on the form (the move itself) is an error of the whole form
Stapcontrole = Callable[["TransitieForm"], list[tuple[str, str]]]
TOELICHTING_NODIG = "Vul een toelichting in: waarom krijgt de casus deze status?"


class TransitieForm(VersieForm):
    """Every field a status change may need; the template shows only the needed ones.
    ``stapcontrole`` (set by the page) adds the step's errors that need the case to the
    field errors, so a refused form names them all at once."""

    stapcontrole: Stapcontrole | None = None

    reden = SelectField("Reden", choices=[], validate_choice=False, validators=[Optional()])
    partij = StringField(
        "Ontvangende partij",
        validators=[Optional(), Length(max=200, message="Maximaal 200 tekens.")],
    )
    regisseur = SelectField("Regisseur", choices=[], validate_choice=False, validators=[Optional()])
    doel_aanpak = SelectField(
        "Naar aanpak", choices=[], validate_choice=False, validators=[Optional()]
    )
    datum = datumveld("Ingangsdatum")
    toelichting = tekstveld("Toelichting", verplicht=False, max_lengte=2000)

    def vereis_toelichting(self) -> None:
        """The toelichting is required (a move that ends the case)."""
        self.toelichting.validators = [
            DataRequired(TOELICHTING_NODIG),
            *(v for v in self.toelichting.validators if not isinstance(v, Optional)),
        ]
        self.toelichting.flags.required = True

    def validate(self, extra_validators: Any = None) -> bool:
        goed = super().validate(extra_validators)
        if self.stapcontrole is None:
            return goed
        for naam, bericht in self.stapcontrole(self):
            veld = getattr(self, naam, None) if naam else None
            if veld is None or naam in ("csrf_token", "token", "versie"):
                if bericht not in self.form_errors:
                    self.form_errors.append(bericht)
            elif not veld.errors:  # the field's own message says it first
                veld.errors.append(bericht)
            goed = False
        return goed


class AanmeldingForm(Formulier):
    """A new aanmelding: an existing person (persoon_id) or a new one, and the case."""

    persoon_id = HiddenField()
    voornaam = StringField(
        "Voornaam", validators=[Optional(), Length(max=100, message="Maximaal 100 tekens.")]
    )
    tussenvoegsel = StringField(
        "Tussenvoegsel", validators=[Optional(), Length(max=30, message="Maximaal 30 tekens.")]
    )
    achternaam = StringField(
        "Achternaam", validators=[Optional(), Length(max=150, message="Maximaal 150 tekens.")]
    )
    geboortedatum = datumveld("Geboortedatum", verplicht=False)
    bsn = StringField(
        "BSN", validators=[Optional(), Length(max=9, message="Een BSN heeft 9 cijfers.")]
    )
    adres = StringField(
        "Adres", validators=[Optional(), Length(max=200, message="Maximaal 200 tekens.")]
    )
    andere_persoon = BooleanField("Dit is een andere persoon dan de gevonden personen")
    # asked only when the person's age crosses a limit of the aanpak that warns
    leeftijd_bevestigd = BooleanField("Ik heb de leeftijd gecontroleerd")
    aangemeld_op = datumveld("Datum van aanmelding")
    aanmeldreden = tekstveld("Reden van aanmelding", verplicht=True, max_lengte=4000)


def aanmelding_form(definitie: Any, wijken: tuple[str, ...]) -> type[AanmeldingForm]:
    """The aanmelding form with the kenmerken of this aanpak (prefixed ``k_``)."""
    kform = kenmerken_form(definitie, wijken)
    velden = {f"k_{k.code}": getattr(kform, k.code) for k in definitie.kenmerken}
    return type(f"AanmeldingForm_{definitie.code}", (AanmeldingForm,), velden)
