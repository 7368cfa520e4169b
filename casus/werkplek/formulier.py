"""The one way through a POST: every form that changes something goes through
``verwerk`` (or ``verwerk_met_melding``): validate, claim the form's idempotency token,
call one service, commit once, redirect with the service's message; a refusal rolls
everything back and is shown as ``casus.errors.BIJ_HET_FORMULIER`` says (``toon_fout``).

A form carries a random ``token`` from the moment it is rendered (``Formulier``; and,
through ``casus.formulieren.Basisformulier``, Dutch validation messages). ``verwerk``
claims it (``claim_token``) in the same transaction as the change; a second submission
of the same form finds it claimed and changes nothing. For a form that records something
new each time (``Formulier.onderwerp``), the same content sent again by the same user
with a *new* token shortly after is a repeat as well: Back after saving
brings the page back from the server (pages are ``no-store``) with a fresh token, and
the browser refills the fields it remembers; the claim also records a hash of who sent
what where (``inhoud_hash``) and refuses an equal one within ``HERHAALD_BINNEN``. A
repeat is answered with the first's result (the same redirect) and a message. A form
that changes a versioned object (a case, a signal) also carries its version, which the
service checks.

Next to its token a form renders its place (``Formulierplek``, signed): the page it is
on, which form it is, and which of its fields may be kept. When it arrives after the
session expired, ``casus.auth.formulierbewaring`` keeps those fields on the server and,
after logging in again, hands them back: ``Formulier.__init__`` fills the form from
them on the GET of that page (``teruggezet``).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar

from flask import current_app, flash, g, has_request_context, redirect, request
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response
from wtforms import Field, FileField, HiddenField, PasswordField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from casus.errors import DomeinFout, bij_het_formulier
from casus.extensions import db
from casus.formulieren import Basisformulier
from casus.klok import nu
from casus.werkplek.models import Formuliertoken

# the hidden input next to the token that names the form's place (Formulierplek)
PLEK = "formulierplek"
# the same form, sent again by the same user to the same URL within this time, is a repeat
HERHAALD_BINNEN = timedelta(minutes=10)
AL_VERWERKT = "Dit formulier was al verwerkt; er is niets dubbel vastgelegd."
# g: the kept forms handed back on this page, by form (``formuliersleutel``)
TERUGGEZET = "teruggezette_formulieren"


def nieuw_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Formulierplek:
    """Where a form lives: ``pagina``, the local path of the page that shows it;
    ``formulier``, which form on it (``formuliersleutel``); ``velden``, the names of
    the fields that may be kept when it arrives after the session expired (never a
    password, a file, the CSRF or the idempotency token)."""

    pagina: str
    formulier: str
    velden: tuple[str, ...]


def _ondertekenaar() -> URLSafeSerializer:
    return URLSafeSerializer(str(current_app.config["SECRET_KEY"]), salt="casus-formulierplek")


def lokaal_pad(pad: object) -> bool:
    """Whether ``pad`` is a path of this application (no other host: no open redirect)."""
    return (
        isinstance(pad, str)
        and pad.startswith("/")
        and not pad.startswith("//")
        and "\\" not in pad
        and len(pad) <= 500
        and pad.isprintable()
    )


def lees_plek(waarde: str | None) -> Formulierplek | None:
    """The place a submitted form names, when it carries our signature; else None."""
    if not waarde:
        return None
    try:
        pagina, formulier, velden = _ondertekenaar().loads(waarde)
    except (BadSignature, ValueError, TypeError):
        return None
    if not lokaal_pad(pagina) or not isinstance(formulier, str) or not isinstance(velden, list):
        return None
    return Formulierplek(pagina, formulier, tuple(str(v) for v in velden))


def formuliersleutel(klasse: type, prefix: str) -> str:
    return f"{klasse.__name__}:{prefix}"


def bewaarbaar(veld: Field) -> bool:
    """Whether a field's value may be kept on the server after an expired session."""
    naam = veld.name.lower()
    return not (
        isinstance(veld, PasswordField | FileField | Tokenveld)
        or naam.endswith("token")
        or "wachtwoord" in naam
        or "password" in naam
        or naam == PLEK
    )


def teruggezet(sleutel: str) -> list[tuple[str, str]] | None:
    """The kept fields of form ``sleutel``, once, on the GET of its page after logging in
    again (put in ``g`` by ``casus.auth.formulierbewaring.zet_terug``)."""
    if not has_request_context() or request.method != "GET":
        return None
    bewaard: dict[str, list[tuple[str, str]]] = g.get(TERUGGEZET) or {}
    return bewaard.pop(sleutel, None)


class Tokenveld(HiddenField):
    """A fresh token when the form is rendered; when it is submitted, only the token the
    submission carries (none: refused), never a fresh default. Rendered with the form's
    place (``Formulierplek``) next to it."""

    plek: str | None = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = valuelist[0] if valuelist else ""

    def __call__(self, **kwargs: Any) -> Markup:
        html: Markup = super().__call__(**kwargs)
        if not self.plek:
            return html
        return html + Markup('<input type="hidden" name="{}" value="{}">').format(PLEK, self.plek)


def _met_prefix(prefix: str) -> str:
    # as WTForms' BaseForm does
    return prefix + "-" if prefix and prefix[-1] not in "-_;:/." else prefix


class Formulier(Basisformulier):
    # A form that records something new at every submission (a note, an intervention)
    # names it ("de notitie"): then the same content sent again shortly after with a new
    # token is a repeat too (``inhoud_hash``), answered "... is één keer opgeslagen.".
    # A form that sets a state (deactivate, kenmerken) is harmless to repeat: token only.
    onderwerp: ClassVar[str | None] = None
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

    def __init__(self, formdata: Any = _Auto, **kwargs: Any) -> None:
        sleutel = formuliersleutel(type(self), str(kwargs.get("prefix") or ""))
        bewaard = teruggezet(sleutel)
        if bewaard is not None:
            # filled in as it was sent, with a fresh token; not validated, not submitted
            prefix = _met_prefix(str(kwargs.get("prefix") or ""))
            formdata = MultiDict([*bewaard, (f"{prefix}token", nieuw_token())])
        super().__init__(formdata=formdata, **kwargs)
        self.token.plek = self._plek(sleutel)

    def _plek(self, sleutel: str) -> str | None:
        """The signed place of this form: the page it is shown on (for a refused form
        shown again after a POST: the page the submitted form named)."""
        if not has_request_context() or not current_app.config.get("SECRET_KEY"):
            return None
        if request.method == "GET":
            pagina = request.full_path.rstrip("?")
        else:
            vorige = lees_plek(request.form.get(PLEK))
            if vorige is None:
                return None
            pagina = vorige.pagina
        if not lokaal_pad(pagina):
            return None
        velden = [veld.name for veld in self if bewaarbaar(veld)]
        return str(_ondertekenaar().dumps([pagina, sleutel, velden]))


class AlVerwerkt(Exception):
    """This form was submitted before; nothing is done twice."""


def inhoud_hash(gebruiker_id: int | None) -> str | None:
    """Who sent what where: the user, the URL and the submitted fields without tokens and
    the form's place. None without a user (the public meldpunt: two people may well send
    the same)."""
    if gebruiker_id is None or not has_request_context():
        return None
    velden = sorted(
        (naam, waarde)
        for naam in request.form
        if not naam.endswith("token") and naam != PLEK
        for waarde in request.form.getlist(naam)
    )
    inhoud = json.dumps([gebruiker_id, request.path, velden], ensure_ascii=False)
    return hashlib.sha256(inhoud.encode()).hexdigest()


def _token_verwerkt(form: Formulier) -> bool:
    token = form.token.data
    return (
        bool(token) and isinstance(token, str) and db.session.get(Formuliertoken, token) is not None
    )


def claim_token(token: str, gebruiker_id: int | None, inhoud: str | None = None) -> None:
    """Record the token (and the submission's ``inhoud_hash``) in the current transaction;
    raise ``AlVerwerkt`` when the token is taken, or the same user sent the same content
    within ``HERHAALD_BINNEN``."""
    if db.session.get(Formuliertoken, token) is not None:
        raise AlVerwerkt
    if inhoud is not None and gebruiker_id is not None:
        eerder = db.session.scalar(
            select(Formuliertoken.token)
            .where(
                Formuliertoken.inhoud_hash == inhoud,
                Formuliertoken.gebruiker_id == gebruiker_id,
                Formuliertoken.verwerkt_op > nu() - HERHAALD_BINNEN,
            )
            .limit(1)
        )
        if eerder is not None:
            raise AlVerwerkt
    try:
        with db.session.begin_nested():
            db.session.add(
                Formuliertoken(token=token, gebruiker_id=gebruiker_id, inhoud_hash=inhoud)
            )
    except IntegrityError:  # a concurrent duplicate submission won the race
        raise AlVerwerkt from None


def al_verwerkt(form: Formulier) -> str:
    """The message for a repeated submission."""
    if form.onderwerp:
        return f"Dit formulier was al verstuurd; {form.onderwerp} is één keer opgeslagen."
    return AL_VERWERKT


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
        if form.is_submitted() and _token_verwerkt(form):
            # a form sent again after it went through is answered as the first time,
            # not judged again (its checks, e.g. the version, now refuse it)
            if meldingen:
                flash(al_verwerkt(form), "info")
            return redirect(terug if isinstance(terug, str) else terug())
        return None
    gebruiker_id = current_user.id if current_user.is_authenticated else None
    try:
        inhoud = inhoud_hash(gebruiker_id) if form.onderwerp else None
        claim_token(form.token.data or "", gebruiker_id, inhoud)
        melding = uitvoeren()
        db.session.commit()  # the request's one commit (casus.werkeenheid)
    except AlVerwerkt:
        db.session.rollback()
        if meldingen:
            flash(al_verwerkt(form), "info")
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
