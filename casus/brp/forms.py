"""The forms of the BRP screens: the key of the check at the aanmelding, the refresh and
the take-over on the person page, and the handling of a signal on the case page."""

from __future__ import annotations

from typing import Any

from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from casus.casussen.forms import AanmeldingForm, aanmelding_form
from casus.werkplek.formulier import Formulier

# the key of an unlinked check (Aanmeldcontrole.sleutel): URL-safe base64
SLEUTELPATROON = r"^[A-Za-z0-9_-]+$"


def brp_aanmelding_form(definitie: Any, wijken: tuple[str, ...]) -> type[AanmeldingForm]:
    """The aanmelding form of this aanpak with the key of the BRP check made while it was
    filled in (``brp_sleutel``, hidden): registering links that check to the person. Keeps
    the aanmelding form's class name, so a form kept after the session ended is found
    again under the same name (``casus.werkplek.formulier.formuliersleutel``)."""
    basis = aanmelding_form(definitie, wijken)
    sleutel = HiddenField(
        validators=[
            Optional(),
            Length(max=100),
            Regexp(SLEUTELPATROON, message="Het formulier is ongeldig; laad de pagina opnieuw."),
        ]
    )
    return type(basis.__name__, (basis,), {"brp_sleutel": sleutel})


class BrpVerversForm(Formulier):
    """Ask the BRP again for a person, for one aanpak (the purpose of the query)."""

    aanpak = SelectField(
        "Voor welke aanpak (doel van de raadpleging)",
        validators=[DataRequired("Kies de aanpak waarvoor u de BRP raadpleegt.")],
    )


class BrpOvernemenForm(Formulier):
    """Take the data of one stored check over into the person's record."""

    controle_id = HiddenField(
        validators=[
            DataRequired("Het formulier is onvolledig; laad de pagina opnieuw."),
            Regexp(r"^[0-9]{1,12}$", message="Het formulier is ongeldig; laad de pagina opnieuw."),
        ]
    )


class BrpAfhandelForm(Formulier):
    """Mark a signal from the BRP on a case as handled (the button carries no fields)."""
