"""``flask --app casus bewaartermijn [--uitvoeren]``."""

from __future__ import annotations

import click

from casus.extensions import db


@click.command("bewaartermijn")
@click.option(
    "--uitvoeren",
    is_flag=True,
    help="Anonimiseer en wis echt (zonder deze optie: alleen tonen wat aan de beurt is).",
)
@click.option(
    "--peildatum",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Rekenen alsof het deze datum is (standaard vandaag).",
)
def bewaartermijn(uitvoeren: bool, peildatum: object) -> None:
    """Personen en casussen waarvan de bewaartermijn is verstreken."""
    from casus.privacy.bewaartermijn import plan, voer_uit
    from casus.toegang.actor import BEWAARTERMIJN
    from casus.voortgang import Voortgang

    op = peildatum.date() if peildatum is not None else None  # type: ignore[attr-defined]
    with Voortgang("Bewaartermijn nagaan", None, "personen") as voortgang:
        te_doen = plan(op, actor=BEWAARTERMIJN, voortgang=voortgang.meld)
    click.echo(
        f"Bewaartermijn verstreken: {len(te_doen.casus_ids)} casussen, "
        f"{len(te_doen.persoon_ids)} personen, "
        f"{len(te_doen.signaal_ids)} signalen zonder casus."
    )
    if te_doen.casus_ids:
        click.echo("Casussen: " + ", ".join(map(str, te_doen.casus_ids)))
    if te_doen.persoon_ids:
        click.echo("Personen: " + ", ".join(map(str, te_doen.persoon_ids)))
    if te_doen.signaal_ids:
        click.echo("Signalen: " + ", ".join(map(str, te_doen.signaal_ids)))
    if not uitvoeren:
        click.echo("Proefdraai: er is niets gewijzigd. Gebruik --uitvoeren om op te schonen.")
        return
    with Voortgang("Opschonen", None, "casussen en personen") as voortgang:
        tellingen = voer_uit(te_doen, actor=BEWAARTERMIJN, voortgang=voortgang.meld)
    db.session.commit()
    click.echo("Opgeschoond: " + ", ".join(f"{n} {k}" for k, n in tellingen.items()) + ".")
