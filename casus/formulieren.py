"""The base of every form in the application: WTForms' messages in Dutch.

Every form class derives from ``Basisformulier`` (directly, or through
``casus.werkplek.formulier.Formulier``, which adds the idempotency token). Its
``Meta`` combines with the ``Meta`` of a subclass (WTForms merges them along the
class hierarchy), so a GET filter form's ``class Meta: csrf = False`` keeps the
Dutch messages. ``tests/web/test_formulieren_nederlands.py`` checks that every
form class derives from it and that no page shows WTForms' English text.

It also holds the rules at the door that every form shares (``Basisformulier``):

- a text field has a maximum length: one without its own ``Length(max=...)`` gets
  ``KORTE_TEKST`` (200 characters; a one-line ``StringField``: names, addresses,
  parties, search terms; the database columns of such fields are ``String(200)`` or
  shorter, and those fields carry their own smaller limit) or ``LANGE_TEKST`` (4,000;
  a ``TextAreaField``: a toelichting, a reason). Fields with more room say so
  themselves: a note or contact moment 10,000 (``casuswerk.MAX_TEKST``), a signal's
  text, triage minutes 20,000. The limit is also the field's ``maxlength`` in the
  HTML. A textarea's line breaks count as one character, as the browser counts them
  (the form turns the CRLF a browser sends into LF);
- a date is not before 1 January 1900 (``VROEGSTE_DATUM``): one without its own
  ``Vroegstedatum`` gets it, and ``min`` in the HTML. Later bounds that depend on the
  case (not in the future, not before the previous status change) are the services'.

A field keeps a limit it declares itself: that is the per-field override.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, Field, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.i18n import get_translations
from wtforms.validators import Length, ValidationError

LOCALES = ("nl_NL", "nl")

# Our own wording where WTForms' Dutch catalogue is awkward ("karakters", "vereist",
# "float-waarde") or echoes the submitted value back ("'zzz' is een ongeldige keuze").
KIES = "Kies een van de mogelijkheden."
EIGEN: dict[str, str] = {
    "This field is required.": "Vul dit veld in.",
    "Invalid input.": "Deze invoer is niet geldig.",
    "Not a valid choice.": KIES,
    "'%(value)s' is not a valid choice for this field.": KIES,
    "Invalid Choice: could not coerce.": KIES,
    "Invalid choice(s): one or more data inputs could not be coerced.": (
        "Kies alleen uit de mogelijkheden."
    ),
    "Choices cannot be None.": "Er zijn geen mogelijkheden om uit te kiezen.",
    "Not a valid date value.": "Vul een geldige datum in (dag-maand-jaar).",
    "Not a valid datetime value.": "Vul een geldige datum en tijd in.",
    "Not a valid time value.": "Vul een geldige tijd in.",
    "Not a valid week value.": "Vul een geldige week in.",
    "Not a valid integer value.": "Vul een geheel getal in.",
    "Not a valid decimal value.": "Vul een getal in.",
    "Not a valid float value.": "Vul een getal in.",
    "Number must be at least %(min)s.": "Vul een getal in van minstens %(min)s.",
    "Number must be at most %(max)s.": "Vul een getal in van hoogstens %(max)s.",
    "Number must be between %(min)s and %(max)s.": (
        "Vul een getal in van %(min)s tot en met %(max)s."
    ),
    "Field must be between %(min)d and %(max)d characters long.": (
        "Gebruik %(min)d tot en met %(max)d tekens."
    ),
    "Field must be equal to %(other_name)s.": "Dit veld moet gelijk zijn aan %(other_name)s.",
    # not in WTForms' Dutch catalogue (yet)
    "Date must be at least %(min)s.": "Vul een datum in op of na %(min)s.",
    "Date must be at most %(max)s.": "Vul een datum in op of vóór %(max)s.",
    "Date must be between %(min)s and %(max)s.": "Vul een datum in van %(min)s tot en met %(max)s.",
    "Invalid CSRF Token.": "Het formulier is verlopen; laad de pagina opnieuw.",
    "CSRF token missing.": "Het formulier is verlopen; laad de pagina opnieuw.",
    "CSRF failed.": "Het formulier is verlopen; laad de pagina opnieuw.",
    "CSRF token expired.": "Het formulier is verlopen; laad de pagina opnieuw.",
}
# singular msgid -> (singular, plural)
EIGEN_MEERVOUD: dict[str, tuple[str, str]] = {
    "'%(value)s' is not a valid choice for this field.": (
        KIES,
        "Kies alleen uit de mogelijkheden.",
    ),
    "Field must be at least %(min)d character long.": (
        "Gebruik minstens %(min)d teken.",
        "Gebruik minstens %(min)d tekens.",
    ),
    "Field cannot be longer than %(max)d character.": (
        "Gebruik maximaal %(max)d teken.",
        "Gebruik maximaal %(max)d tekens.",
    ),
    "Field must be exactly %(max)d character long.": (
        "Gebruik precies %(max)d teken.",
        "Gebruik precies %(max)d tekens.",
    ),
}


class NederlandseTeksten:
    """WTForms' translations object: our wording first, then WTForms' Dutch catalogue."""

    def __init__(self) -> None:
        self._catalogus = get_translations(list(LOCALES))

    def gettext(self, tekst: str) -> str:
        return EIGEN.get(tekst) or str(self._catalogus.gettext(tekst))

    def ngettext(self, enkelvoud: str, meervoud: str, n: int) -> str:
        eigen = EIGEN_MEERVOUD.get(enkelvoud)
        if eigen is not None:
            return eigen[0] if n == 1 else eigen[1]
        return str(self._catalogus.ngettext(enkelvoud, meervoud, n))


NEDERLANDS = NederlandseTeksten()


KORTE_TEKST = 200  # a one-line text field
LANGE_TEKST = 4000  # a multi-line text field: a toelichting, a reason
VROEGSTE_DATUM = date(1900, 1, 1)
TE_LANG = "Gebruik maximaal %(max)d tekens; dit zijn er %(length)d."


class Vroegstedatum:
    """A date on or after ``vroegst``: a field with this validator keeps its own minimum."""

    def __init__(self, vroegst: date = VROEGSTE_DATUM, message: str | None = None) -> None:
        self.vroegst = vroegst
        self.message = message or f"Vul een datum in vanaf {vroegst:%d-%m-%Y}."
        self.field_flags = {"min": vroegst.isoformat()}

    def __call__(self, form: Any, field: Field) -> None:
        if isinstance(field.data, date) and field.data < self.vroegst:
            raise ValidationError(self.message)


def _heeft_maximum(veld: Field) -> bool:
    return any(isinstance(v, Length) and v.max != -1 for v in veld.validators)


def pas_regels_toe(veld: Field) -> None:
    """Give ``veld`` the rules at the door it does not declare itself (see the module)."""
    if isinstance(veld, (HiddenField, PasswordField)):
        return  # a token or version, or a password (its own limit, never echoed)
    if isinstance(veld, TextAreaField) and isinstance(veld.data, str):
        veld.data = veld.data.replace("\r\n", "\n")  # as the browser counts
    if isinstance(veld, StringField) and not _heeft_maximum(veld):
        maximum = LANGE_TEKST if isinstance(veld, TextAreaField) else KORTE_TEKST
        # a new list: the field shares its declared one with every other instance
        veld.validators = [*veld.validators, Length(max=maximum, message=TE_LANG)]
        veld.flags.maxlength = maximum
    if isinstance(veld, DateField) and not any(
        isinstance(v, Vroegstedatum) for v in veld.validators
    ):
        regel = Vroegstedatum()
        veld.validators = [*veld.validators, regel]
        veld.flags.min = regel.field_flags["min"]


class Basisformulier(FlaskForm):
    """Every form of the application: Dutch messages for every WTForms validator, and
    the rules at the door for text and dates (see the module)."""

    class Meta:
        locales = LOCALES

        def get_translations(self, form: Any) -> NederlandseTeksten:
            # not Flask-WTF's (Flask-Babel, not installed) nor WTForms' plain catalogue
            return NEDERLANDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for veld in self:
            pas_regels_toe(veld)
