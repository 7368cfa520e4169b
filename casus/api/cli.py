"""``flask --app casus api-client ...``: API clients from the command line."""

from __future__ import annotations

import click

api_client_cli = click.Group("api-client", help="API-clients registreren en beheren.")
