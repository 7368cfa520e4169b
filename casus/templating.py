"""Filters and globals every template may use."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, url_for
from flask_login import current_user

from casus.klok import TIJDZONE, vandaag
from casus.navigatie import menu_voor
from casus.werkplek.formulier import nieuw_token
from workflows import CATALOGUS
from workflows.base import STATUS_LABELS
from workflows.codes import INTERVENTIE_TYPES

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def getal(waarde: int) -> str:
    """A whole number as Dutch readers write it: 12.345."""
    return f"{waarde:,}".replace(",", ".")


def datum(waarde: date | datetime | None, lang: bool = False) -> str:
    if waarde is None:
        return "—"
    if isinstance(waarde, datetime):
        waarde = waarde.astimezone(TIJDZONE)
        return f"{waarde:%d-%m-%Y %H:%M}"
    if lang:
        return f"{waarde.day} {MAANDEN[waarde.month - 1]} {waarde.year}"
    return f"{waarde:%d-%m-%Y}"


def padbasis(endpoint: str, argument: str) -> str:
    """The URL of ``endpoint`` up to its last part, an id: a list writes each row's id
    after it (one ``url_for`` per list instead of one per row). Only for a route that
    ends in ``/<int:argument>``."""
    waarden: dict[str, Any] = {argument: 0}
    pad = url_for(endpoint, **waarden)
    if not pad.endswith("/0"):
        raise ValueError(f"{endpoint} eindigt niet op /<{argument}>: {pad}")
    return pad[:-1]


def aanpak_label(code: str) -> str:
    return CATALOGUS.get(code).kort if code in CATALOGUS else code


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["datum"] = datum
    app.jinja_env.filters["getal"] = getal
    app.jinja_env.filters["status_label"] = lambda s: STATUS_LABELS.get(s, s)
    app.jinja_env.filters["aanpak_label"] = aanpak_label
    app.jinja_env.filters["interventie_label"] = lambda t: INTERVENTIE_TYPES.get(t, t)
    # a fresh idempotency token for a form written out in a template (also in macros
    # imported without context)
    app.jinja_env.globals["formuliertoken"] = nieuw_token
    app.jinja_env.globals["padbasis"] = padbasis

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {
            "catalogus": CATALOGUS,
            "vandaag": vandaag(),
            "gemeente": app.config.get("GEMEENTE", ""),
            # the user itself, not the proxy: each predicate reads it several times
            "menu": menu_voor(current_user._get_current_object())
            if current_user.is_authenticated
            else [],
        }
