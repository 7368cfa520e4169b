from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from casus.formulieren import Basisformulier


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
