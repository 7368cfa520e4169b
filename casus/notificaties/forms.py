"""The forms of the Meldingen page: one notification read (or opened), all read."""

from __future__ import annotations

from wtforms import HiddenField
from wtforms.validators import DataRequired, Regexp

from casus.werkplek.formulier import Formulier


class NotificatieForm(Formulier):
    """ "Gelezen", or the notification's text followed: names one notification."""

    notificatie_id = HiddenField(
        validators=[
            DataRequired("Het formulier is onvolledig; laad de pagina opnieuw."),
            Regexp(r"^[0-9]{1,10}$", message="Het formulier is ongeldig; laad de pagina opnieuw."),
        ]
    )


class AllesGelezenForm(Formulier):
    """ "Alles gelezen" (the button carries no fields)."""
