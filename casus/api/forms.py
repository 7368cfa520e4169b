"""The beheerder's forms for API clients (``casus.api.beheer``).

The fields check what they can at the door (a name, a role, a date, a number), so a
refused form names every field at once; the rules themselves (which roles, how long a
token may live, a name in use) are ``casus.api.clients``'s, whose refusal is shown at
its field too.
"""

from __future__ import annotations

from wtforms import BooleanField, DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from casus import labels
from casus.api.clients import CLIENTROLLEN_GLOBAAL, NAAM_PATROON, NAAM_UITLEG, geldigheidsfout
from casus.beheer.forms import Vinkjes
from casus.werkplek.formulier import Formulier
from workflows import CATALOGUS
from workflows.codes import TEAMROLLEN

LIMIET_MAXIMUM = 10_000


def clientrolkeuzes() -> list[tuple[str, str]]:
    """The roles a client may get, in Dutch: the manager's, and every team role."""
    codes = list(CLIENTROLLEN_GLOBAAL)
    for aanpak in CATALOGUS:
        codes += [f"{rol}:{aanpak.code}" for rol in TEAMROLLEN]
    return [(code, labels.rol(code)) for code in codes]


class ClientForm(Formulier):
    """What the beheerder may change about a client: its roles, its last day, its limit
    and its description."""

    rollen = Vinkjes("Rollen", choices=[], validators=[DataRequired("Kies ten minste één rol.")])
    geldig_tot = DateField(
        "Geldig tot en met", validators=[DataRequired("Vul de laatste dag in dat het token werkt.")]
    )
    limiet = IntegerField(
        "Verzoeken per minuut",
        validators=[
            InputRequired("Vul het aantal verzoeken per minuut in."),
            NumberRange(1, LIMIET_MAXIMUM),
        ],
        render_kw={"inputmode": "numeric"},
    )
    omschrijving = TextAreaField(
        "Omschrijving", validators=[Optional(), Length(max=400)], render_kw={"rows": 3}
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.rollen.choices = clientrolkeuzes()

    def validate_geldig_tot(self, veld: DateField) -> None:
        # the service's rule, at the door: one submit reports every field
        bezwaar = None if veld.data is None else geldigheidsfout(veld.data)
        if bezwaar is not None:
            raise ValidationError(bezwaar)


class NieuweClientForm(ClientForm):
    """A new client: with an idempotency token, so a second submission creates nothing."""

    naam = StringField(
        "Naam",
        validators=[
            DataRequired("Vul een naam in."),
            Length(max=60),
            Regexp(f"^{NAAM_PATROON.pattern}$", message=f"Een clientnaam heeft {NAAM_UITLEG}."),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class VernieuwForm(Formulier):
    """Rotate the token: the form carries only its idempotency token."""


class IntrekkenForm(Formulier):
    """Revoke a client: the box says, in the beheerder's words, what cannot be undone."""

    bevestigd = BooleanField(
        "Ik begrijp dat deze client hierna niet meer werkt en dat dit niet ongedaan kan "
        "worden gemaakt.",
        validators=[DataRequired("Vink aan dat u de client wilt intrekken.")],
    )
