"""The REST API ``/api/v1`` for the systems around the team (docs/api.md).

Built with flask-smorest: every operation's parameters, bodies and answers are
marshmallow schemas, and the OpenAPI 3.1 document (``/api/v1/openapi.json``) is
generated from them, so the document and the behaviour cannot drift apart. The
reference page (``/api/v1/docs``) renders that document with a vendored Swagger UI.

The API is a door like the web pages: the client's token makes its account the actor
(``casus.api.poort``), every list and lookup starts from ``casus.toegang``'s filtered
queries, and every change goes through the same services as the web.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Flask
from flask_smorest import Api

from casus.api.poort import API_PREFIX, is_api_verzoek

__all__ = ["API_PREFIX", "init_api", "is_api_verzoek"]

BESCHRIJVING = """\
De API van casus, voor de systemen rond het team: een aanmeldformulier (Open
Formulieren) dat aanmeldingen en signalen doorzet, het datawarehouse dat de
halfjaarcijfers ophaalt, een systeem van het Zorg- en Veiligheidshuis, scripts van
de beheerder.

**Toegang.** Elke aanroep draagt `Authorization: Bearer <token>`. De beheerder
registreert een client (Beheer, API-clients) met de rollen en aanpakken waarmee hij
werkt; de client ziet en mag precies wat een medewerker met dezelfde rollen ziet en
mag. Een casus van een ander team bestaat voor de client niet (404). Elke aanroep
komt in het verwerkingenlog, op naam van de client.

**Versies.** Een casus heeft een versie: het antwoord geeft die als `ETag`. Een
wijziging van een casus geeft die versie mee in `If-Match`; is de casus intussen
gewijzigd, dan volgt 412 en verandert er niets. Zonder `If-Match` volgt 428.

**Lijsten** bladeren met een cursor (keyset): het antwoord noemt in `volgende` de
cursor van de volgende bladzijde, en de kop `Link` het adres.

**Fouten** komen als `application/problem+json` (RFC 9457), met een Nederlandse
`title` en `detail`, en bij ongeldige invoer een lijst `invalidParams` per veld.

**Limiet.** Per client een aantal verzoeken per minuut; daarboven 429 met
`Retry-After`.

Begrippen naar ZGW: aanpak ~ zaaktype, casus ~ zaak, status ~ statustype,
transitie ~ status zetten, reden ~ resultaattype, kenmerk ~ eigenschap,
notitie/contactmoment ~ zaakobject/contactmoment.
"""


class Casusapi(Api):  # type: ignore[misc]
    """flask-smorest's Api, with the application's own error handling (problem+json
    under /api, the Dutch error pages elsewhere: ``casus.errors``)."""

    def _register_error_handlers(self) -> None:
        # casus.errors answers every error; flask-smorest's handler would answer the
        # web pages' errors in JSON too
        return None

    def _register_responses(self) -> None:
        from flask_smorest.utils import prepare_response

        from casus.api.fouten import TITELS
        from casus.api.schemas import ProbleemSchema

        for status in HTTPStatus:
            if status < 400:
                continue
            antwoord: dict[str, Any] = {
                "description": TITELS.get(status, status.phrase),
                "schema": ProbleemSchema,
            }
            prepare_response(antwoord, self.spec, "application/problem+json")
            # flask-smorest's own references (UNPROCESSABLE_ENTITY for a refused body)
            # and ours (PROBLEEM_422): both problem+json
            self.spec.components.response(status.name, antwoord, lazy=True)
            self.spec.components.response(f"PROBLEEM_{int(status)}", antwoord, lazy=True)
        antwoord = {"description": "Fout (problem+json)", "schema": ProbleemSchema}
        prepare_response(antwoord, self.spec, "application/problem+json")
        self.spec.components.response("DEFAULT_ERROR", antwoord, lazy=True)


def init_api(app: Flask) -> Casusapi:
    from casus.api import (
        beheer,
        casussen,
        casuswerk,
        catalogus,
        documenten,
        poort,
        rapport,
        referentie,
        signalen,
    )
    from casus.extensions import csrf

    app.config.setdefault("API_TITLE", "casus")
    app.config.setdefault("API_VERSION", "1.0.0")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = Casusapi(
        app,
        spec_kwargs={
            "info": {
                "description": BESCHRIJVING,
                "contact": {"name": "Functioneel beheer van de gemeente"},
            },
            "servers": [{"url": "/", "description": "Deze omgeving"}],
            "security": [{"bearer": []}],
        },
    )
    from casus import MAX_ID, Idconverter

    api.register_converter(
        Idconverter, lambda _c: {"type": "integer", "minimum": 0, "maximum": MAX_ID}
    )
    api.spec.components.security_scheme(
        "bearer",
        {
            "type": "http",
            "scheme": "bearer",
            "description": "Het token van de API-client (Beheer, API-clients).",
        },
    )
    for module in (catalogus, casussen, casuswerk, documenten, signalen, rapport):
        api.register_blueprint(module.blp)
        csrf.exempt(module.blp)
    app.register_blueprint(referentie.bp)
    app.register_blueprint(beheer.bp)
    app.before_request(poort.authenticeer)
    # after the audit layer's hook in registration order: Flask runs after_request
    # functions last-registered first, so the call's record is queued before
    # casus.audit.services.bewaar_na_verzoek writes the request's records
    app.after_request(poort.log_aanroep)
    return api
