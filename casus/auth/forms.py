from wtforms import PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Length

from casus.formulieren import Basisformulier
from casus.mail.voorkeur import DIGESTKEUZES
from casus.werkplek.formulier import Formulier, keuzes


class InlogForm(Basisformulier):
    gebruikersnaam = StringField(
        "Gebruikersnaam",
        validators=[DataRequired("Vul uw gebruikersnaam in."), Length(max=80)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    wachtwoord = PasswordField(
        "Wachtwoord",
        validators=[DataRequired("Vul uw wachtwoord in."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class CodeForm(Basisformulier):
    code = StringField(
        "Code",
        validators=[DataRequired("Vul de code in."), Length(max=20)],
        render_kw={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "autocapitalize": "none",
        },
    )


class WachtwoordWijzigenForm(Formulier):
    """One's own new password: the current one, the new one twice (the rules are the
    service's, ``casus.auth.services.wijzig_wachtwoord``)."""

    huidig = PasswordField(
        "Huidig wachtwoord",
        validators=[DataRequired("Vul uw huidige wachtwoord in."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    nieuw = PasswordField(
        "Nieuw wachtwoord",
        validators=[DataRequired("Vul een nieuw wachtwoord in."), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )
    herhaling = PasswordField(
        "Nieuw wachtwoord nog een keer",
        validators=[DataRequired("Vul het nieuwe wachtwoord nog een keer in."), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )


class MailvoorkeurForm(Formulier):
    """One's own e-mail address and digest choice (the rules are the service's,
    ``casus.mail.voorkeur.wijzig_mailvoorkeur``). Shown with the prefix ``mail``."""

    email = StringField(
        "E-mailadres",
        validators=[Length(max=254, message="Een e-mailadres heeft hoogstens 254 tekens.")],
        render_kw={"autocomplete": "email", "autocapitalize": "none", "inputmode": "email"},
    )
    digest = RadioField(
        "Samenvatting van uw meldingen per e-mail",
        choices=keuzes(DIGESTKEUZES),
        validators=[DataRequired("Kies hoe vaak u de samenvatting wilt krijgen.")],
    )
