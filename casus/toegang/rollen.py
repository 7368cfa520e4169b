"""Guards for the pages of the global roles (manager, privacy, beheerder).

Anyone without the role gets 404, the same as for a page that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort
from flask_login import current_user, login_required

F = TypeVar("F", bound=Callable[..., Any])


def heeft_globale_rol(gebruiker: Any, rol: str) -> bool:
    return bool(getattr(gebruiker, "is_authenticated", False) and gebruiker.is_active
                and gebruiker.heeft_rol(rol))


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
