"""The one way through a POST: every form that changes something goes through
``verwerk`` (or ``verwerk_met_melding``): validate, claim the form's idempotency token,
call one service, commit once, redirect with the service's message; a refusal rolls
everything back and is shown as ``casus.errors.BIJ_HET_FORMULIER`` says (``toon_fout``).

A form carries a random ``token`` from the moment it is rendered (``Formulier``; and,
through ``casus.formulieren.Basisformulier``, Dutch validation messages). ``verwerk``
claims it (``claim_token``) in the same transaction as the change; a second submission
of the same form finds it claimed and changes nothing. A form that changes a versioned
object (a case, a signal) also carries its version, which the service checks.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from flask import flash, redirect
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response
from wtforms import Field, HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from casus.errors import DomeinFout, bij_het_formulier
from casus.extensions import db
from casus.formulieren import Basisformulier
from casus.werkplek.models import Formuliertoken


def nieuw_token() -> str:
    return secrets.token_urlsafe(24)


class Tokenveld(HiddenField):
    """A fresh token when the form is rendered; when it is submitted, only the token the
    submission carries (none: refused), never a fresh default."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = valuelist[0] if valuelist else ""


class Formulier(Basisformulier):
    token = Tokenveld(
        default=nieuw_token,
        validators=[
            DataRequired("Het formulier is onvolledig; laad de pagina opnieuw."),
            Length(max=64),
            Regexp(
                r"^[A-Za-z0-9_-]+$", message="Het formulier is ongeldig; laad de pagina opnieuw."
            ),
        ],
    )


class AlVerwerkt(Exception):
    """This form was submitted before; nothing is done twice."""


def claim_token(token: str, gebruiker_id: int | None) -> None:
    """Record the token in the current transaction; raise ``AlVerwerkt`` when taken."""
    if db.session.get(Formuliertoken, token) is not None:
        raise AlVerwerkt
    try:
        with db.session.begin_nested():
            db.session.add(Formuliertoken(token=token, gebruiker_id=gebruiker_id))
    except IntegrityError:  # a concurrent duplicate submission won the race
        raise AlVerwerkt from None


def toon_fout(form: FlaskForm, fout: DomeinFout) -> None:
    """Show a refused service as ``casus.errors.BIJ_HET_FORMULIER`` says: its Dutch
    message next to its field or above the form, or (a right) raised on to the Dutch
    error page."""
    if not bij_het_formulier(fout):
        raise fout
    veld = getattr(form, fout.veld, None) if fout.veld else None
    if isinstance(veld, Field):
        veld.errors = [*veld.errors, fout.bericht]
    else:
        form.form_errors.append(fout.bericht)


def verwerk(
    form: Formulier,
    uitvoeren: Callable[[], str | None],
    terug: str | Callable[[], str],
    *,
    meldingen: bool = True,
) -> Response | None:
    """Post/redirect/get for one form: validate, claim its token, run the service,
    commit once, and redirect with the service's message. ``None``: show the form
    again, filled in, with the messages next to the fields. ``meldingen=False``: no
    flashed messages (the public meldpunt shows none)."""
    if not form.validate_on_submit():
        return None
    gebruiker_id = current_user.id if current_user.is_authenticated else None
    try:
        claim_token(form.token.data or "", gebruiker_id)
        melding = uitvoeren()
        db.session.commit()  # the request's one commit (casus.werkeenheid)
    except AlVerwerkt:
        db.session.rollback()
        if meldingen:
            flash("Dit formulier was al verwerkt; er is niets dubbel vastgelegd.", "info")
        return redirect(terug if isinstance(terug, str) else terug())
    except DomeinFout as fout:
        db.session.rollback()
        toon_fout(form, fout)
        return None
    if meldingen and melding:
        flash(melding, "succes")
    return redirect(terug if isinstance(terug, str) else terug())


def eerste_fout(form: FlaskForm) -> str:
    """The first message of a refused form: the form's own, else the first field's."""
    for fout in form.form_errors:
        return str(fout)
    for veld in form:
        if veld.errors:
            return str(veld.errors[0])
    return "Het formulier is niet goed ingevuld."


def verwerk_met_melding(
    form: Formulier, uitvoeren: Callable[[], str], terug: str | Callable[[], str], fout_terug: str
) -> Response:
    """``verwerk`` for a form that sits on another page (a decision, a button): a
    refusal goes back to ``fout_terug`` as a message instead of the form again."""
    antwoord = verwerk(form, uitvoeren, terug)
    if antwoord is not None:
        return antwoord
    flash(eerste_fout(form), "fout")
    return redirect(fout_terug)


def keuzes(paren: Any, optgroup: str | None = None) -> list[SelectChoice]:
    """Select options from (value, label) pairs or a dict of them."""
    items = paren.items() if isinstance(paren, dict) else paren
    return [SelectChoice(str(w), str(label), optgroup=optgroup) for w, label in items]
