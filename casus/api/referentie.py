"""The API's readable reference page: the OpenAPI document rendered by a vendored
renderer, without a CDN and within the Content-Security-Policy.

Swagger UI (``casus/static/vendor/swagger-ui/``, its version in the README there) is
started by a static script (``casus/static/js/api-referentie.js``: the CSP allows no
inline script) on ``/api/v1/openapi.json``. Like that document, the page is open
without a token (``casus.api.poort.OPEN_ENDPOINTS``): it describes the API and holds
no data. "Try it out" sends only the token pasted under "Authorize" (the session
cookie is never sent, and counts for nothing under ``/api``); the token is not kept.
"""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("api_referentie", __name__, url_prefix="/api/v1")


@bp.get("/docs")
def referentie() -> str:
    return render_template("api/referentie.html")
