from __future__ import annotations

from wtforms import BooleanField, HiddenField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from casus import labels
from casus.auth.services import GEBRUIKERSNAAM_ONGELDIG, GEBRUIKERSNAAM_PATROON
from casus.werkplek.formulier import Formulier
from workflows import CATALOGUS
from workflows.codes import GLOBALE_ROLLEN, TEAMROLLEN


def rolkeuzes() -> list[tuple[str, str]]:
    codes = list(GLOBALE_ROLLEN)
    for aanpak in CATALOGUS:
        codes += [f"{rol}:{aanpak.code}" for rol in TEAMROLLEN]
    return [(code, labels.rol(code)) for code in codes]


class Vinkjes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RollenForm(Formulier):
    """The roles of a user: with an idempotency token, as every form that changes data."""

    rollen = Vinkjes("Rollen", choices=[])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.rollen.choices = rolkeuzes()


class AccountForm(Formulier):
    """The fields of a new account: also of a partner user (casus.partners.beheerforms)."""

    gebruikersnaam = StringField(
        "Gebruikersnaam",
        validators=[
            DataRequired("Vul een gebruikersnaam in."),
            Length(max=80),
            Regexp(f"^{GEBRUIKERSNAAM_PATROON.pattern}$", message=GEBRUIKERSNAAM_ONGELDIG),
        ],
        render_kw={"autocapitalize": "none", "autocomplete": "off", "spellcheck": "false"},
    )
    naam = StringField(
        "Volledige naam", validators=[DataRequired("Vul de naam in."), Length(max=200)]
    )
    wachtwoord = PasswordField(
        "Eerste wachtwoord",
        validators=[DataRequired("Vul een wachtwoord in."), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )


class NieuweGebruikerForm(RollenForm, AccountForm):
    """A new user: with an idempotency token, so a second submission creates nothing."""


class WachtwoordForm(Formulier):
    wachtwoord = PasswordField(
        "Nieuw wachtwoord",
        validators=[DataRequired("Vul een wachtwoord in."), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )


class ActiefForm(Formulier):
    """(De)activate: the state the page asked for, so a second submission or a stale page
    does not switch back."""

    actief = HiddenField(validators=[AnyOf(("ja", "nee"), "Laad de pagina opnieuw.")])


class AlleenSsoForm(Formulier):
    """Whether the account may log in only through single sign-on (casus.auth.sso)."""

    alleen_sso = BooleanField("Alleen inloggen via de gemeente (SSO), niet met een wachtwoord")


class OntkoppelForm(Formulier):
    """Break the link to the provider's account (the idempotency token only)."""
