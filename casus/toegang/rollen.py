"""Guards for the pages of the global roles (manager, privacy, beheerder).

Anyone without the role gets 404, the same as for a page that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort
from flask_login import current_user, login_required

from casus.toegang.policy import heeft_globale_rol

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["heeft_globale_rol", "vereist_rol"]


def vereist_rol(rol: str) -> Callable[[F], F]:
    """View decorator: logged in (else to the login page) and holding ``rol`` (else 404)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def binnen(*args: Any, **kwargs: Any) -> Any:
            if not heeft_globale_rol(current_user, rol):
                abort(404)
            return view(*args, **kwargs)

        return cast(F, login_required(binnen))

    return decorator
