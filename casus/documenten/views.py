"""Documents on the case page and the signal page: add a document, add a version of
one, download a version (docs/documenten.md).

Each POST goes the one way (``casus.werkplek.formulier.verwerk``): the service checks
the file at the door and stores it, one commit, back to the page's documents section
with the message shown there. A refused file (``Bestandsfout``) is shown next to the
file field, the other fields kept, with status 422; nothing is stored.

A download is always an attachment with the type stored at upload, ``nosniff``,
``no-store`` and a ``sandbox`` policy, so content from a client is never rendered as
a page of our origin. A document of a case or signal the user may not see, of another
case or signal than the URL's, or a version that does not exist: 404. Content whose
SHA-256 no longer matches is not served (a Dutch error page).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from casus import labels
from casus.audit import log_weigering
from casus.casussen.models import Casus
from casus.documenten import services
from casus.documenten.forms import (
    DocumentForm,
    VersieForm,
    accept,
    bestand_van,
    document_form,
    kies_opnieuw,
    toegestaan_tekst,
    versie_form,
)
from casus.documenten.instellingen import max_bytes
from casus.documenten.models import Document, Documentversie
from casus.documenten.soorten import soorten_van_casus, soorten_van_signaal
from casus.errors import DomeinFout
from casus.signalen.models import Signaal
from casus.toegang.laden import casus_of_404, signaal_of_404
from casus.toegang.policy import mag_document_toevoegen
from casus.werkplek.formulier import verwerk

bp = Blueprint("documenten", __name__)

SECTIE = "documenten"  # the section of the case and signal page, its anchor
# the policy of a download: nothing in it runs or loads as a page of our origin
DOWNLOAD_CSP = "sandbox; default-src 'none'"
BESCHADIGD_TITEL = "Het bestand is beschadigd"


# -- the case ---------------------------------------------------------------------------


def _casus_terug(casus: Casus) -> str:
    return url_for("casussen.casus", casus_id=casus.id, sectie=SECTIE, _anchor=SECTIE)


def _casus_opnieuw(
    casus_id: int,
    document: DocumentForm | None = None,
    versie: tuple[int, VersieForm] | None = None,
) -> tuple[str, int]:
    """The case page again (reloaded after the rollback), the refused form filled in."""
    from casus.casussen import pagina, queries

    kies_opnieuw(document if document is not None else versie[1])  # type: ignore[index]
    casus = casus_of_404(casus_id, opties=queries.LADEN)
    context = pagina.context(casus, current_user, documentform=document, versieform=versie)
    return render_template("casussen/casus.html", **context), 422


@bp.post("/casus/<int:casus_id>/documenten")
@login_required
def casus_toevoegen(casus_id: int) -> Response | tuple[str, int]:
    c = casus_of_404(casus_id)
    form = document_form(soorten_van_casus(c.aanpak))
    doe = _toevoegen(form, casus=c)
    return _na_upload(verwerk(form, doe, _casus_terug(c))) or _casus_opnieuw(
        casus_id, document=form
    )


@bp.post("/casus/<int:casus_id>/documenten/<int:document_id>/versies")
@login_required
def casus_nieuwe_versie(casus_id: int, document_id: int) -> Response | tuple[str, int]:
    document = services.document_of_404(current_user, document_id, casus_id=casus_id)
    form = versie_form(document.id)
    doe = _nieuwe_versie(form, document)
    return _na_upload(verwerk(form, doe, _casus_terug(document.casus))) or _casus_opnieuw(  # type: ignore[arg-type]
        casus_id, versie=(document_id, form)
    )


@bp.get("/casus/<int:casus_id>/documenten/<int:document_id>", defaults={"versie": None})
@bp.get("/casus/<int:casus_id>/documenten/<int:document_id>/versies/<int:versie>")
@login_required
def casus_download(
    casus_id: int, document_id: int, versie: int | None
) -> Response | tuple[str, int]:
    """A version of a document of the case (without a number: the latest)."""
    document = services.document_of_404(current_user, document_id, casus_id=casus_id)
    return _download(document, versie)


# -- the signal -------------------------------------------------------------------------


def _signaal_terug(signaal: Signaal) -> str:
    return url_for("signalen.detail", signaal_id=signaal.id, sectie=SECTIE, _anchor=SECTIE)


def _signaal_opnieuw(
    signaal_id: int,
    document: DocumentForm | None = None,
    versie: tuple[int, VersieForm] | None = None,
) -> tuple[str, int]:
    from casus.signalen.views import detailpagina

    kies_opnieuw(document if document is not None else versie[1])  # type: ignore[index]
    signaal = signaal_of_404(signaal_id)
    return detailpagina(signaal, documentform=document, versieform=versie), 422


@bp.post("/signalen/<int:signaal_id>/documenten")
@login_required
def signaal_toevoegen(signaal_id: int) -> Response | tuple[str, int]:
    s = signaal_of_404(signaal_id)
    form = document_form(soorten_van_signaal(s.aanpak))
    doe = _toevoegen(form, signaal=s)
    return _na_upload(verwerk(form, doe, _signaal_terug(s))) or _signaal_opnieuw(
        signaal_id, document=form
    )


@bp.post("/signalen/<int:signaal_id>/documenten/<int:document_id>/versies")
@login_required
def signaal_nieuwe_versie(signaal_id: int, document_id: int) -> Response | tuple[str, int]:
    document = services.document_of_404(current_user, document_id, signaal_id=signaal_id)
    form = versie_form(document.id)
    doe = _nieuwe_versie(form, document)
    return _na_upload(verwerk(form, doe, _signaal_terug(document.signaal))) or _signaal_opnieuw(  # type: ignore[arg-type]
        signaal_id, versie=(document_id, form)
    )


@bp.get("/signalen/<int:signaal_id>/documenten/<int:document_id>", defaults={"versie": None})
@bp.get("/signalen/<int:signaal_id>/documenten/<int:document_id>/versies/<int:versie>")
@login_required
def signaal_download(
    signaal_id: int, document_id: int, versie: int | None
) -> Response | tuple[str, int]:
    document = services.document_of_404(current_user, document_id, signaal_id=signaal_id)
    return _download(document, versie)


# -- shared -----------------------------------------------------------------------------


def _toevoegen(
    form: DocumentForm, *, casus: Casus | None = None, signaal: Signaal | None = None
) -> Callable[[], str]:
    def doe() -> str:
        naam, inhoud = bestand_van(form)
        with weigering_gelogd("document.toegevoegd", casus=casus, signaal=signaal):
            document = services.voeg_document_toe(
                current_user,
                casus=casus,
                signaal=signaal,
                titel=(form.titel.data or "").strip(),
                soort=form.soort.data,
                datum=form.datum.data,
                vertrouwelijkheid=form.vertrouwelijkheid.data,
                bestandsnaam=naam,
                inhoud=inhoud,
                toelichting=(form.toelichting.data or "").strip() or None,
            )
        return f"Document '{document.titel}' is toegevoegd."

    return doe


def _nieuwe_versie(form: VersieForm, document: Document) -> Callable[[], str]:
    def doe() -> str:
        naam, inhoud = bestand_van(form)
        with weigering_gelogd(
            "document.versie_toegevoegd",
            casus=document.casus,
            signaal=document.signaal,
            document=document,
        ):
            versie = services.voeg_versie_toe(
                current_user,
                document,
                bestandsnaam=naam,
                inhoud=inhoud,
                toelichting=(form.toelichting.data or "").strip() or None,
            )
        return f"Versie {versie.versie} van '{document.titel}' is toegevoegd."

    return doe


# the header static/js/upload.js sends: it wants to know where a saved form leads
UPLOADKOP = "X-Casus-Upload"


def _na_upload(antwoord: Response | None) -> Response | None:
    """The redirect after a saved form; to upload.js as JSON ``{"naar": ...}`` instead,
    so its request does not follow the redirect and take the page's message with it."""
    if antwoord is None or request.headers.get(UPLOADKOP) != "1":
        return antwoord
    if not 300 <= antwoord.status_code < 400 or not antwoord.location:
        return antwoord
    return jsonify(naar=antwoord.location)


@contextmanager
def weigering_gelogd(
    actie: str,
    *,
    casus: Casus | None,
    signaal: Signaal | None,
    document: Document | None = None,
) -> Iterator[None]:
    """A refused upload is logged (``actie``, outcome "geweigerd", with the kind of
    refusal and its field); an accepted one is logged by the service itself."""
    try:
        yield
    except DomeinFout as fout:
        details: dict[str, object] = {}
        if signaal is not None:
            details["signaal_id"] = signaal.id
        if document is not None:
            details["document_id"] = document.id
        log_weigering(
            actie,
            fout,
            casus=casus,
            persoon=casus.persoon_id if casus is not None else None,
            object_type="document",
            object_id=document.id if document is not None else None,
            details=details,
        )
        raise


def _download(document: Document, nummer: int | None) -> Response | tuple[str, int]:
    versie = services.versie_of_404(current_user, document, nummer)
    try:
        inhoud = services.lees_inhoud(current_user, versie)
    except services.Beschadigd as fout:
        # nothing of the content is sent; the service logged it (document.beschadigd)
        return render_template(
            "errors/fout.html", code=500, titel=BESCHADIGD_TITEL, uitleg=fout.bericht
        ), 500
    return aanbieden(versie, inhoud)


def bijlage(naam: str) -> str:
    """``Content-Disposition`` of a download: always an attachment; a plain ASCII name
    for old clients and, when the name is not plain ASCII, the exact name as RFC 5987's
    ``filename*``."""
    eenvoudig = "".join(
        t
        for t in unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode("ascii")
        if t.isprintable() and t not in '"\\;'
    ).strip()
    kop = f'attachment; filename="{eenvoudig or "document"}"'
    if eenvoudig != naam:
        kop += f"; filename*=UTF-8''{quote(naam, safe='')}"
    return kop


def aanbieden(versie: Documentversie, inhoud: bytes) -> Response:
    """The answer of a download (the web's and the API's): the content as an
    attachment, with the stored type, never sniffed, never cached, and sandboxed."""
    antwoord = current_app.response_class(inhoud, status=200, content_type=versie.mediatype)
    antwoord.headers["Content-Disposition"] = bijlage(versie.bestandsnaam)
    antwoord.headers["X-Content-Type-Options"] = "nosniff"
    antwoord.headers["Cache-Control"] = "no-store"
    antwoord.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    antwoord.casus_bijlage = True  # type: ignore[attr-defined]  # for _sandbox below
    return antwoord


@bp.after_app_request
def _sandbox(response: Response) -> Response:
    """A download's policy. Registered with the blueprint, before the application's
    security headers (casus.beveiliging.headers), so it runs after them (Flask runs
    after_request functions last-registered first) and replaces the pages' policy."""
    if getattr(response, "casus_bijlage", False):
        response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


# -- the section on the case and signal page -----------------------------------------------


@dataclass
class Documentsectie:
    """What the documents section of a case or signal page shows: the documents with
    their versions, and the forms when the user may add (``documentform`` None: the
    section only lists). ``geweigerd``: the refused form shown again (its disclosure
    open); ``meldingen``: the messages of the form just saved."""

    soort: str  # "casus" or "signaal": the page, and the routes' prefix
    object_id: int
    documenten: list[Document]
    documentform: DocumentForm | None
    versieforms: dict[int, VersieForm] = field(default_factory=dict)
    geweigerd: str | None = None  # "document", or the refused version form's prefix
    meldingen: list[tuple[str, str]] = field(default_factory=list)

    def _ids(self) -> dict[str, Any]:
        return {f"{self.soort}_id": self.object_id}

    def toevoegen_url(self) -> str:
        return url_for(f"documenten.{self.soort}_toevoegen", **self._ids())

    def versie_url(self, document: Document) -> str:
        return url_for(
            f"documenten.{self.soort}_nieuwe_versie", document_id=document.id, **self._ids()
        )

    def download_url(self, document: Document, versie: int | None = None) -> str:
        return url_for(
            f"documenten.{self.soort}_download",
            document_id=document.id,
            versie=versie,
            **self._ids(),
        )


def sectie(
    gebruiker: Any,
    *,
    casus: Casus | None = None,
    signaal: Signaal | None = None,
    documentform: DocumentForm | None = None,
    versieform: tuple[int, VersieForm] | None = None,
    meldingen: list[tuple[str, str]] | None = None,
) -> Documentsectie:
    """The documents section of ``casus``'s or ``signaal``'s page for ``gebruiker``."""
    if casus is not None:
        documenten = services.documenten_van_casus(gebruiker, casus)
        mag = mag_document_toevoegen(gebruiker, casus=casus)
        soorten = soorten_van_casus(casus.aanpak)
        soort, object_id = "casus", casus.id
    elif signaal is not None:
        documenten = services.documenten_van_signaal(gebruiker, signaal)
        mag = mag_document_toevoegen(gebruiker, signaal=signaal)
        soorten = soorten_van_signaal(signaal.aanpak)
        soort, object_id = "signaal", signaal.id
    else:
        raise ValueError("een casus of een signaal")
    form, versieforms = None, {}
    if mag:
        form = documentform or document_form(soorten, formdata=None)
        versieforms = {d.id: versie_form(d.id, formdata=None) for d in documenten}
        if versieform is not None:
            versieforms[versieform[0]] = versieform[1]
    geweigerd = (
        "document"
        if documentform is not None
        else (versieform[1]._prefix.rstrip("-") if versieform is not None else None)
    )
    return Documentsectie(
        soort, object_id, documenten, form, versieforms, geweigerd, list(meldingen or [])
    )


# -- template filters ---------------------------------------------------------------------


@bp.app_template_filter("bestandsgrootte")
def bestandsgrootte(grootte: int) -> str:
    """A file's size as Dutch readers write it: "850 bytes", "12 kB", "3,4 MB"."""
    if grootte < 1024:
        return f"{grootte} {'byte' if grootte == 1 else 'bytes'}"
    if grootte < 1024 * 1024:
        return f"{max(1, round(grootte / 1024))} kB"
    return f"{grootte / (1024 * 1024):.1f} MB".replace(".", ",")


@bp.app_context_processor
def _documentlabels() -> dict[str, Any]:
    return {
        "documentsoort": labels.documentsoort,
        "vertrouwelijkheid_label": labels.vertrouwelijkheid,
        "document_accept": accept,
        "document_toegestaan": toegestaan_tekst,
        "document_max_bytes": max_bytes,
    }
