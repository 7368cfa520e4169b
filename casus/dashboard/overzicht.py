"""The dashboard page (placeholder: being built)."""

from __future__ import annotations

from casus.dashboard import bp


@bp.get("/")
def index() -> str:
    return "Dashboard"
