"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response, request


def csp(form_action: str = "'self'") -> str:
    """The Content-Security-Policy; ``form_action`` names where a form may send the
    browser, redirects included (single sign-on adds its provider: casus.auth.sso)."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            f"form-action {form_action}",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


CSP = csp()


def register_headers(app: Flask) -> None:
    productie = app.config.get("OMGEVING") == "production"

    @app.after_request
    def _headers(response: Response) -> Response:
        # a form whose answer redirects to the OpenID provider (linking at Mijn account,
        # logging out at the provider) needs the provider's origins in form-action
        herkomsten = app.extensions.get("sso_herkomsten")
        response.headers["Content-Security-Policy"] = (
            csp(" ".join(["'self'", *sorted(herkomsten)])) if herkomsten else CSP
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if productie:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint != "static":
            # pages may hold personal data: never store them, not even for the Back button
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response
