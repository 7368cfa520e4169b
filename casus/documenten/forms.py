"""The forms of the documents section (case page and signal page): a new document, and
a new version of one. The file is checked by the service (``casus.documenten.controle``
through ``casus.documenten.services``); the form only asks that one was chosen and
bounds the text fields. A browser cannot fill a file input in again, so a refused
form keeps its other fields and says to choose the file again."""

from __future__ import annotations

from typing import Any

from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from casus.documenten.instellingen import max_bytes, max_mb
from casus.documenten.models import MAX_TITEL, MAX_TOELICHTING
from casus.documenten.soorten import STANDAARD_VERTROUWELIJKHEID, vertrouwelijkheden
from casus.werkplek.formulier import Formulier, keuzes

KIES_BESTAND = "Kies een bestand."
KIES_OPNIEUW = "Kies het bestand opnieuw: een browser onthoudt het gekozen bestand niet."


def accept() -> str:
    """The ``accept`` attribute of the file input: the allowed extensions."""
    from casus.documenten.controle import TOEGESTANE_SOORTEN

    return ",".join(e if e.startswith(".") else f".{e}" for e in TOEGESTANE_SOORTEN)


def toegestaan_tekst() -> str:
    """The hint under the file input: the kinds of file (``TOEGESTANE_SOORTEN``, in
    groups) and the size limit."""
    return (
        "Een PDF, foto of afbeelding, Word-, Excel- of PowerPoint-bestand (ook "
        "OpenDocument), tekst- of CSV-bestand, of e-mail (.eml, .msg); hoogstens "
        f"{max_mb()} MB."
    )


class DocumentForm(Formulier):
    """A new document: what it is, and its first version's file."""

    titel = StringField(
        "Titel",
        validators=[DataRequired("Geef het document een titel."), Length(max=MAX_TITEL)],
    )
    soort = SelectField("Soort document", validators=[DataRequired("Kies de soort document.")])
    datum = DateField(
        "Datum van het document",
        validators=[DataRequired("Vul de datum van het document in (dag-maand-jaar).")],
    )
    vertrouwelijkheid = SelectField("Vertrouwelijkheid", default=STANDAARD_VERTROUWELIJKHEID)
    bestand = FileField("Bestand", validators=[FileRequired(KIES_BESTAND)])
    toelichting = TextAreaField(
        "Toelichting (niet verplicht)", validators=[Optional(), Length(max=MAX_TOELICHTING)]
    )


class VersieForm(Formulier):
    """A new version of a document: a file and what changed."""

    bestand = FileField("Bestand", validators=[FileRequired(KIES_BESTAND)])
    toelichting = TextAreaField(
        "Wat is er veranderd? (niet verplicht)",
        validators=[Optional(), Length(max=MAX_TOELICHTING)],
    )


def document_form(soorten: dict[str, str], **kwargs: Any) -> DocumentForm:
    """The new-document form with the kinds its case or signal offers."""
    form = DocumentForm(prefix="document", **kwargs)
    form.bestand.render_kw = {"accept": accept()}
    form.soort.choices = keuzes([("", "Kies de soort"), *soorten.items()])
    form.vertrouwelijkheid.choices = keuzes(vertrouwelijkheden())
    return form


def versie_form(document_id: int, **kwargs: Any) -> VersieForm:
    """The new-version form of one document (its own prefix: every document on the page
    has one, and their fields need their own ids)."""
    form = VersieForm(prefix=f"versie{document_id}", **kwargs)
    form.bestand.render_kw = {"accept": accept()}
    return form


def bestand_van(form: DocumentForm | VersieForm) -> tuple[str, bytes]:
    """The chosen file's name as the browser sent it, and its content: at most one byte
    more than the limit is read (the check refuses a larger file on its size)."""
    bestand = form.bestand.data
    return str(bestand.filename or ""), bestand.stream.read(max_bytes() + 1)


def kies_opnieuw(form: DocumentForm | VersieForm) -> None:
    """After a refusal: the file input is empty again; say so next to it."""
    if form.bestand.errors and KIES_OPNIEUW not in form.bestand.errors:
        form.bestand.errors = [*form.bestand.errors, KIES_OPNIEUW]
    elif not form.bestand.errors and (
        form.errors or form.form_errors
    ):  # another field refused: the file must be chosen again too
        form.bestand.errors = [KIES_OPNIEUW]
