"""The API's readable reference page: the OpenAPI document rendered by a vendored
renderer, without a CDN and within the Content-Security-Policy."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api_referentie", __name__, url_prefix="/api/v1")
