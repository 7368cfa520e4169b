"""Errors of the API as ``application/problem+json`` (RFC 9457), in Dutch.

The body follows the Dutch API Design Rules' use of problem details: ``type``,
``title``, ``status``, ``detail``, ``instance`` and, for invalid input, ``invalidParams``
(``name``, ``code``, ``reason``: one entry per field). Never a stack trace: a server
error carries a reference that the log names too.

``casus.errors`` sends every error of a request under ``/api/`` here, so the API and
the web answer the same errors, each in its own form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app, json, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from casus.errors import Conflict, DomeinFout, GeenToegang

MEDIATYPE = "application/problem+json"

TITELS = {
    400: "Ongeldig verzoek",
    401: "Niet geauthenticeerd",
    403: "Geen toestemming",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Antwoordformaat niet beschikbaar",
    409: "Gelijktijdige wijziging",
    412: "Verouderde versie",
    413: "Verzoek te groot",
    415: "Formaat van de inhoud niet ondersteund",
    422: "Niet mogelijk",
    428: "Versie ontbreekt",
    429: "Te veel verzoeken",
    500: "Interne fout",
    503: "Tijdelijk niet beschikbaar",
}
DETAILS = {
    400: "Het verzoek kon niet worden gelezen.",
    401: "Geef een geldig token mee in de kop 'Authorization: Bearer <token>'.",
    403: "Deze client heeft geen rechten voor deze actie.",
    404: "Het gevraagde object bestaat niet, of deze client heeft er geen toegang toe.",
    405: "Deze methode is op dit adres niet mogelijk.",
    406: "Dit adres antwoordt alleen in JSON.",
    409: "Het object is intussen gewijzigd. Haal het opnieuw op en probeer het nog eens.",
    412: "De versie in If-Match is niet meer de actuele: het object is intussen gewijzigd.",
    413: "Het verzoek is te groot.",
    415: "Stuur de inhoud als application/json.",
    422: "De invoer voldoet niet aan de regels.",
    428: "Geef de versie die u wijzigt mee in de kop If-Match (de ETag van het object).",
    429: "Deze client heeft te veel verzoeken gedaan. Probeer het later opnieuw.",
    500: "Er is een onverwachte fout opgetreden. Er is niets opgeslagen.",
    503: "De database is op dit moment niet bereikbaar. Er is niets opgeslagen.",
}

# marshmallow's and webargs's English messages, in Dutch (patterns: the message with
# its values); anything else is reported as "Ongeldige waarde."
_VERTALING: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"Missing data for required field\."), "verplicht", "Dit veld is verplicht."),
    (re.compile(r"Field may not be null\."), "verplicht", "Dit veld mag niet leeg zijn."),
    (re.compile(r"Unknown field\."), "onbekend", "Onbekend veld."),
    (re.compile(r"Not a valid integer\."), "geheel_getal", "Geef een geheel getal."),
    (re.compile(r"Not a valid string\."), "tekst", "Geef tekst."),
    (re.compile(r"Not a valid boolean\."), "ja_nee", "Geef true of false."),
    (re.compile(r"Not a valid date\."), "datum", "Geef een datum als JJJJ-MM-DD."),
    (re.compile(r"Not a valid list\."), "lijst", "Geef een lijst."),
    (re.compile(r"Not a valid mapping type\."), "object", "Geef een object."),
    (re.compile(r"Invalid input type\."), "object", "Geef een JSON-object."),
    (re.compile(r"Invalid value\."), "ongeldig", "Ongeldige waarde."),
    (re.compile(r"Invalid JSON body\."), "json", "De inhoud is geen geldige JSON."),
    (re.compile(r"Not a valid number\."), "getal", "Geef een getal."),
    (re.compile(r"Not a valid datetime\."), "tijdstip", "Geef een tijdstip (ISO 8601)."),
    (
        re.compile(r"Must be one of: (.*)\."),
        "keuze",
        "Kies een van: {0}.",
    ),
    (
        re.compile(r"Longer than maximum length (\d+)\."),
        "te_lang",
        "Maximaal {0} tekens.",
    ),
    (
        re.compile(r"Shorter than minimum length (\d+)\."),
        "te_kort",
        "Minimaal {0} tekens.",
    ),
    (
        re.compile(r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\."),
        "bereik",
        "Geef een waarde van {0} tot en met {1}.",
    ),
    (re.compile(r"Must be greater than or equal to (\S+)\."), "minimum", "Minimaal {0}."),
    (re.compile(r"Must be less than or equal to (\S+)\."), "maximum", "Maximaal {0}."),
    (re.compile(r"Length must be between (\d+) and (\d+)\."), "lengte", "Geef {0} tot {1} tekens."),
]


def _vertaal(bericht: str) -> tuple[str, str]:
    """(code, Dutch reason) of one validation message; a message of ours (Dutch
    already, set in the schemas) stays as it is."""
    for patroon, code, nl in _VERTALING:
        m = patroon.fullmatch(bericht.strip())
        if m:
            return code, nl.format(*m.groups())
    if re.search(r"\b(the|must|not|field|valid|invalid)\b", bericht, re.IGNORECASE):
        return "ongeldig", "Ongeldige waarde."
    return "ongeldig", bericht


# webargs' locations: not part of a field's name (form_and_files: casus.api.documenten)
_PLEKKEN = ("json", "query", "headers", "path", "form", "files", "form_and_files", "view_args")


def _parameters(berichten: Any, pad: str = "") -> Iterable[dict[str, str]]:
    """webargs' nested ``{location: {field: [messages]}}`` as flat invalidParams."""
    if isinstance(berichten, Mapping):
        for sleutel, waarde in berichten.items():
            naam = str(sleutel)
            if naam in _PLEKKEN and not pad:
                naam = ""
            yield from _parameters(waarde, f"{pad}.{naam}".strip(".") if naam else pad)
    elif isinstance(berichten, list | tuple):
        if all(isinstance(b, str) for b in berichten):
            for b in berichten:
                code, reden = _vertaal(b)
                yield {"name": pad or "body", "code": code, "reason": reden}
        else:
            for i, b in enumerate(berichten):
                yield from _parameters(b, f"{pad}.{i}".strip("."))
    elif isinstance(berichten, str):
        code, reden = _vertaal(berichten)
        yield {"name": pad or "body", "code": code, "reason": reden}


def probleem(
    status: int,
    detail: str | None = None,
    *,
    parameters: list[dict[str, str]] | None = None,
    referentie: str | None = None,
    headers: Mapping[str, str] | None = None,
    titel: str | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": titel or TITELS.get(status, "Fout"),
        "status": status,
        "detail": detail or DETAILS.get(status, TITELS.get(status, "Fout")),
        "instance": request.path,
    }
    if parameters:
        body["invalidParams"] = parameters
    if referentie:
        body["referentie"] = referentie
    antwoord = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIATYPE
    )
    if status == 401:
        antwoord.headers["WWW-Authenticate"] = 'Bearer realm="casus"'
    for naam, waarde in (headers or {}).items():
        antwoord.headers[naam] = waarde
    return antwoord


def uit_http(e: HTTPException) -> Response:
    code = e.code or 500
    data = getattr(e, "data", None) or {}
    berichten = data.get("errors") or data.get("messages")
    parameters = list(_parameters(berichten)) if berichten else None
    detail = data.get("message") if isinstance(data.get("message"), str) else None
    titel = None
    if code == 422 and parameters:
        detail = detail or "De invoer voldoet niet aan de regels; zie invalidParams."
        titel = "Ongeldige invoer"
    headers = data.get("headers") or {}
    if code == 405 and e.get_response().headers.get("Allow"):
        headers = {**headers, "Allow": e.get_response().headers["Allow"]}
    return probleem(code, detail, parameters=parameters, headers=headers, titel=titel)


def uit_domein(e: DomeinFout) -> Response:
    """A service's refusal: its Dutch message, at its field when it names one. A right
    the client lacks on a case it may see is 403 (it sees the case anyway)."""
    if isinstance(e, GeenToegang):
        return probleem(403, e.bericht)
    if isinstance(e, Conflict):
        return probleem(409, e.bericht)
    parameters = [{"name": e.veld, "code": "geweigerd", "reason": e.bericht}] if e.veld else None
    return probleem(e.status_code, e.bericht, parameters=parameters)
