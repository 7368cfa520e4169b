"""Stand-in for the audit log until this branch meets casus.audit."""

from __future__ import annotations

from typing import Any


def log_actie(actie: str, **kwargs: Any) -> None:
    pass  # replaced by casus.audit.log_actie on merge
