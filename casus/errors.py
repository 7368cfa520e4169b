"""Domain errors, and the one place that turns errors into Dutch pages.

Services raise the exceptions below with a Dutch message; ``BIJ_HET_FORMULIER`` says
which ones a form shows next to itself (``casus.werkplek.formulier``), and everything
else ends here.
"""

from __future__ import annotations

import logging
import secrets

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

log = logging.getLogger(__name__)


class DomeinFout(Exception):
    """A refused action. ``bericht`` is Dutch and says what is wrong or missing."""

    status_code = 422

    def __init__(self, bericht: str, veld: str | None = None) -> None:
        super().__init__(bericht)
        self.bericht = bericht
        self.veld = veld


class Ongeldig(DomeinFout):
    """Input that does not meet the domain's rules (unknown code, bad date, ...)."""


class TransitieGeweigerd(DomeinFout):
    """A status change that the workflow, a guard or the rights do not allow."""


class Conflict(DomeinFout):
    """Someone else changed the object since it was read (lost-update protection)."""

    status_code = 409


class GeenToegang(DomeinFout):
    """The user may see the object but not do this to it."""

    status_code = 403


# How a refused action is shown, the one table for every form: True, next to the form
# that asked for it (at the field the refusal names, else above the form; a form on
# another page gets it as a message there); False, the Dutch error page of its
# ``status_code`` (a right is not something the form can fix).
BIJ_HET_FORMULIER: dict[type[DomeinFout], bool] = {
    Ongeldig: True,
    TransitieGeweigerd: True,
    Conflict: True,
    GeenToegang: False,
}


def bij_het_formulier(fout: DomeinFout) -> bool:
    """Whether ``fout`` is shown next to its form (else: on the error page)."""
    return next((bij for soort, bij in BIJ_HET_FORMULIER.items() if isinstance(fout, soort)), False)


TITELS = {
    400: "Ongeldig verzoek",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Niet toegestaan",
    409: "Gelijktijdige wijziging",
    413: "Te veel gegevens",
    422: "Niet mogelijk",
    429: "Te veel verzoeken",
    500: "Er ging iets mis",
    503: "Tijdelijk niet beschikbaar",
}
UITLEG = {
    400: "Het verzoek kon niet worden verwerkt.",
    403: "U hebt geen rechten voor deze actie.",
    404: "De pagina die u zoekt bestaat niet, of u hebt er geen toegang toe.",
    405: "Deze actie is op deze pagina niet mogelijk.",
    409: "Iemand anders heeft dit gegevensobject intussen gewijzigd. Laad de pagina opnieuw.",
    413: "Het formulier of bestand is te groot om te verwerken.",
    429: "U hebt te veel verzoeken gedaan. Probeer het later opnieuw.",
    500: "Er is een onverwachte fout opgetreden. Uw wijziging is niet opgeslagen.",
}


def _pagina(
    code: int, uitleg: str | None = None, referentie: str | None = None
) -> tuple[str, int] | Response:
    from casus.api import fouten, is_api_verzoek

    if is_api_verzoek():
        # the API answers in problem+json, its own Dutch titles (casus.api.fouten)
        return fouten.probleem(code, uitleg if code >= 500 else None, referentie=referentie)
    return (
        render_template(
            "errors/fout.html",
            code=code,
            titel=TITELS.get(code, "Fout"),
            uitleg=uitleg or UITLEG.get(code, ""),
            referentie=referentie,
        ),
        code,
    )


def _api_fout(e: DomeinFout | HTTPException) -> Response | None:
    """Under /api: the error as problem+json (``casus.api.fouten``), else None."""
    from casus.api import fouten, is_api_verzoek

    if not is_api_verzoek():
        return None
    return fouten.uit_domein(e) if isinstance(e, DomeinFout) else fouten.uit_http(e)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_fout(e: CSRFError) -> Response | tuple[str, int]:
        # a form whose session has ended: kept for after the next log-in, not lost
        from casus.auth.formulierbewaring import na_csrf_fout

        bewaard = na_csrf_fout()
        if bewaard is not None:
            return bewaard
        return _pagina(
            400,
            "Het formulier is verlopen of ongeldig. Ga terug, laad de pagina opnieuw "
            "en probeer het nog eens.",
        )

    @app.errorhandler(DomeinFout)
    def domein_fout(e: DomeinFout) -> tuple[str, int] | Response:
        return _api_fout(e) or _pagina(e.status_code, e.bericht)

    @app.errorhandler(HTTPException)
    def http_fout(e: HTTPException) -> tuple[str, int] | Response:
        code = e.code or 500
        if code >= 500:
            # also an error after the view (e.g. its audit record could not be written,
            # casus.audit.services): the unit of work may be unusable
            _rollback()
        # 403 on case data would reveal that it exists: views use 404 for that.
        return _api_fout(e) or _pagina(code)

    @app.errorhandler(OperationalError)
    def database_fout(e: OperationalError) -> tuple[str, int] | Response:
        """Connection lost, disk full, read-only file: nothing was saved; say so."""
        referentie = secrets.token_hex(4).upper()
        log.error(
            "databasefout, referentie %s, %s %s: %s",
            referentie,
            request.method,
            request.path,
            e.orig,
        )
        _rollback()
        return _pagina(
            503,
            "De database is op dit moment niet bereikbaar of kan niet schrijven. Uw wijziging "
            "is niet opgeslagen; probeer het over enkele minuten opnieuw.",
            referentie,
        )

    @app.errorhandler(Exception)
    def onverwacht(e: Exception) -> tuple[str, int] | Response:
        referentie = secrets.token_hex(4).upper()
        log.exception(
            "onverwachte fout, referentie %s, %s %s", referentie, request.method, request.path
        )
        _rollback()
        return _pagina(500, referentie=referentie)

    @app.errorhandler(DataError)
    def onopslaanbaar(e: DataError) -> tuple[str, int] | Response:
        """PostgreSQL cannot hold a NUL character in text, not even in a lookup; no
        keyboard types one, so say what to remove (other data errors are a bug: 500)."""
        if "NUL" not in str(e.orig):
            return onverwacht(e)
        _rollback()
        return _pagina(
            400,
            "Het formulier bevat een teken dat niet kan worden opgeslagen (een nulteken, "
            "bijvoorbeeld uit geplakte tekst). Ga terug, verwijder het en probeer het opnieuw.",
        )


def _rollback() -> None:
    from casus.extensions import db

    try:
        db.session.rollback()
    except Exception:  # the connection may be gone; the pool replaces it
        log.warning("rollback na fout mislukt", exc_info=True)
