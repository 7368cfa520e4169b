"""``flask --app casus api-client ...``: API clients from the command line.

The same services as the beheerder's pages (``casus.api.clients``), so the same rules
and audit records (on behalf of "systeem"); each command commits once. A refusal is
logged, printed in Dutch and ends with exit code 1. A new token is printed once, alone
on standard output (``TOKEN=$(flask --app casus api-client aanmaken ...)``); the
messages around it go to standard error.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

import click
from flask.cli import AppGroup
from sqlalchemy import select

from casus.api.clients import maak_client, rolcodes, status, trek_in, vernieuw_token
from casus.api.models import Apiclient
from casus.errors import DomeinFout
from casus.extensions import db
from casus.labels import rol as rolnaam

api_client_cli = AppGroup("api-client", help="API-clients registreren en beheren.")

T = TypeVar("T")
BEWAAR = "Bewaar het token nu veilig: het wordt niet nog eens getoond."


def _uitvoeren(doe: Callable[[], T]) -> T:
    """Run one change and commit it; a refusal is logged, committed and printed."""
    from casus.audit.services import bewaar_weigeringen

    try:
        uitkomst = doe()
    except DomeinFout as fout:
        db.session.rollback()
        bewaar_weigeringen()  # the refusal is logged
        db.session.commit()
        raise click.ClickException(fout.bericht) from None
    db.session.commit()
    return uitkomst


def _client(naam: str) -> Apiclient:
    client = db.session.scalar(select(Apiclient).where(Apiclient.naam == naam.strip()))
    if client is None:
        raise click.ClickException(f"Er is geen API-client met de naam '{naam}'.")
    return client


@api_client_cli.command("aanmaken")
@click.argument("naam")
@click.option(
    "--rol",
    "rollen",
    multiple=True,
    help="manager, of ROL:AANPAK voor een teamrol (regisseur:ipta); herhaalbaar.",
)
@click.option(
    "--geldig-tot",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="De laatste dag dat het token werkt (JJJJ-MM-DD).",
)
@click.option(
    "--limiet",
    type=click.IntRange(1, 10_000),
    default=None,
    help="Verzoeken per minuut (standaard: API_LIMIET_PER_MINUUT).",
)
@click.option("--omschrijving", default=None, help="Waarvoor het systeem de API gebruikt.")
def aanmaken(
    naam: str,
    rollen: tuple[str, ...],
    geldig_tot: datetime,
    limiet: int | None,
    omschrijving: str | None,
) -> None:
    """Registreer een API-client en toon zijn token (één keer)."""
    client, token = _uitvoeren(
        lambda: maak_client(
            naam,
            rollen=rollen,
            geldig_tot=geldig_tot.date(),
            limiet_per_minuut=limiet,
            omschrijving=omschrijving,
        )
    )
    namen = ", ".join(rolnaam(code) for code in rolcodes(client))
    click.echo(
        f"API-client '{client.naam}' geregistreerd: {namen}; geldig tot en met "
        f"{client.geldig_tot:%d-%m-%Y}; {client.limiet_per_minuut} verzoeken per minuut.",
        err=True,
    )
    click.echo(BEWAAR, err=True)
    click.echo(token)


@api_client_cli.command("lijst")
def lijst() -> None:
    """Toon alle API-clients met hun status (nooit een token)."""
    clients = db.session.scalars(select(Apiclient).order_by(Apiclient.naam)).all()
    if not clients:
        click.echo("Er zijn geen API-clients.")
        return
    for c in clients:
        click.echo(
            f"{c.naam}\t{status(c)}\tgeldig tot en met {c.geldig_tot:%d-%m-%Y}\t"
            f"token {c.token_begin}…\t{', '.join(rolcodes(c)) or 'geen rol'}"
        )


@api_client_cli.command("vernieuw")
@click.argument("naam")
def vernieuw(naam: str) -> None:
    """Geef een API-client een nieuw token; het vorige werkt meteen niet meer."""
    client = _client(naam)
    token = _uitvoeren(lambda: vernieuw_token(client))
    click.echo(
        f"Nieuw token voor API-client '{client.naam}'; het vorige werkt niet meer.", err=True
    )
    click.echo(BEWAAR, err=True)
    click.echo(token)


@api_client_cli.command("intrekken")
@click.argument("naam")
def intrekken(naam: str) -> None:
    """Trek een API-client in: zijn token werkt niet meer, voorgoed."""
    client = _client(naam)
    _uitvoeren(lambda: trek_in(client))
    click.echo(f"API-client '{client.naam}' ingetrokken; het token werkt niet meer.")
