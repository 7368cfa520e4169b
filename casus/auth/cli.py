"""``flask --app casus sso ...``: single sign-on from the command line (casus.auth.sso).

``koppel`` links existing accounts to the provider when a municipality moves to SSO, for
an operator who knows each user's ``sub`` at the provider (Keycloak shows it as the
user's ID; Entra ID's ``sub`` is per application, so there users link themselves at
Mijn account: docs/sso.md); ``ongebruikt``
is the periodic check for leavers: linked accounts that have not logged in through the
provider for a while, listed or deactivated. Each command commits once, with its audit
records on behalf of "systeem:cli".
"""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from casus.auth import services, sessies, sso
from casus.auth.models import Gebruiker, SsoIdentiteit
from casus.extensions import db
from casus.klok import nu
from casus.templating import datum
from casus.toegang.actor import CLI

sso_cli = AppGroup("sso", help="Inloggen via de gemeente (single sign-on).")


def _aan() -> None:
    if not sso.aan(current_app):
        raise click.ClickException("Inloggen via de gemeente staat uit: zet eerst SSO_ISSUER.")


@sso_cli.command("koppel")
@click.argument("gebruikersnaam")
@click.argument("subject")
def koppel(gebruikersnaam: str, subject: str) -> None:
    """Koppel een bestaand account aan het account SUBJECT bij de gemeente."""
    _aan()
    gebruiker = services.bekende_gebruiker(gebruikersnaam.strip())
    if gebruiker is None or gebruiker.is_api_client:
        raise click.ClickException(f"Er is geen gebruiker '{gebruikersnaam}'.")
    if not subject.strip():
        raise click.ClickException("Geef het subject van het account bij de gemeente.")
    try:
        sso.koppel_account(gebruiker, subject.strip(), door=CLI)
    except sso.Ssofout as fout:
        db.session.rollback()
        raise click.ClickException(fout.melding) from None
    db.session.commit()
    click.echo(
        f"'{gebruiker.gebruikersnaam}' is gekoppeld en logt voortaan alleen in via de gemeente."
    )


@sso_cli.command("ongebruikt")
@click.option(
    "--dagen",
    type=click.IntRange(1, 3650),
    default=30,
    show_default=True,
    help="Niet via de gemeente ingelogd in zoveel dagen.",
)
@click.option("--deactiveren", is_flag=True, help="Deactiveer ze ook (en beëindig hun sessies).")
def ongebruikt(dagen: int, deactiveren: bool) -> None:
    """Actieve gekoppelde accounts die al DAGEN niet via de gemeente inlogden: wie de
    gemeente verliet, kan daar niet meer inloggen en valt hier op."""
    grens = nu() - timedelta(days=dagen)
    laatst = func.max(func.coalesce(SsoIdentiteit.laatst_ingelogd_op, SsoIdentiteit.aangemaakt_op))
    rijen = db.session.execute(
        select(Gebruiker, laatst)
        .join(SsoIdentiteit, SsoIdentiteit.gebruiker_id == Gebruiker.id)
        .where(Gebruiker.actief.is_(True))
        .group_by(Gebruiker.id)
        .having(laatst < grens)
        .order_by(Gebruiker.gebruikersnaam)
    ).all()
    if not rijen:
        click.echo(f"Geen gekoppelde accounts die {dagen} dagen niet via de gemeente inlogden.")
        return
    from casus.beheer.services import zet_actief

    for gebruiker, moment in rijen:
        if deactiveren:
            zet_actief(gebruiker, False, door=CLI)
            sessies.beeindig_alle(gebruiker)
        click.echo(
            f"{gebruiker.gebruikersnaam}\tlaatst via de gemeente: {datum(moment)}"
            + ("\tgedeactiveerd" if deactiveren else "")
        )
    db.session.commit()
