"""``flask --app casus rapport halfjaar 2025-H1 --format json|csv|xlsx|md [--output FILE]``."""

from __future__ import annotations

import json
from datetime import date

import click
from flask.cli import AppGroup

from casus.errors import DomeinFout

rapport_cli = AppGroup("rapport", help="Rapportages.")


@rapport_cli.command("halfjaar")
@click.argument("label", required=False)
@click.option("--van", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--tot-en-met", "tot_en_met", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option(
    "--format",
    "formaat",
    type=click.Choice(["json", "csv", "xlsx", "md"]),
    default="json",
    show_default=True,
)
@click.option(
    "--output", type=click.Path(dir_okay=False), default=None, help="Bestand; verplicht bij xlsx."
)
def halfjaar_cmd(
    label: str | None, van: object, tot_en_met: object, formaat: str, output: str | None
) -> None:
    """Het halfjaarrapport (bijvoorbeeld 2025-H1), of met --van/--tot-en-met elke periode."""
    from casus.rapportage import export, periode
    from casus.rapportage.services import rapport

    try:
        if van is not None or tot_en_met is not None:
            if van is None or tot_en_met is None or label:
                raise click.UsageError("Geef een label, of zowel --van als --tot-en-met.")
            p = periode.aangepast(_dag(van), _dag(tot_en_met))
        elif label:
            p = periode.uit_label(label)
        else:
            raise click.UsageError("Geef een periode, bijvoorbeeld 2025-H1.")
    except DomeinFout as fout:
        raise click.UsageError(fout.bericht) from None
    cijfers = rapport(p)
    if formaat == "xlsx":
        if not output:
            raise click.UsageError("Geef bij --format xlsx ook --output BESTAND.")
        with open(output, "wb") as f:
            f.write(export.xlsx(cijfers))
        return
    tekst = (
        json.dumps(cijfers, ensure_ascii=False, indent=2)
        if formaat == "json"
        else export.csv_tekst(cijfers)
        if formaat == "csv"
        else export.markdown(cijfers)
    )
    if output:
        with open(output, "w", encoding="utf-8", newline="") as f:
            f.write(tekst)
    else:
        click.echo(tekst)


def _dag(waarde: object) -> date:
    return waarde.date()  # type: ignore[attr-defined, no-any-return]
