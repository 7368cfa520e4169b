"""A real OpenID provider on loopback for the single sign-on tests (oidc-provider-mock:
discovery, JWKS, its own log-in form, authorization, token and end-session endpoints,
RS256-signed ID tokens), shared by tests/auth/test_sso.py and tests/browser/test_sso.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from oidc_provider_mock import run_server_in_thread


@contextmanager
def aanbieder() -> Iterator[str]:
    """The provider's address (its issuer) while the block runs."""
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def http() -> requests.Session:
    """A session for talking to the provider directly: never through a proxy."""
    sessie = requests.Session()
    sessie.trust_env = False
    return sessie


def zet_claims(provider: str, sub: str, **claims: Any) -> None:
    """The claims the provider merges into ``sub``'s ID token from now on (so a claim
    such as ``aud`` or ``nonce`` set here makes a genuinely signed, wrong token)."""
    antwoord = http().put(f"{provider}/users/{sub}", json=claims, timeout=5)
    assert antwoord.status_code == 204
