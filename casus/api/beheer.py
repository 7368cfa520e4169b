"""The beheerder's pages for API clients: register, change, rotate the token, revoke."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api_beheer", __name__, url_prefix="/beheer/api-clients")
