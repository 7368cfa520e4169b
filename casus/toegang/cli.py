"""``flask --app casus toegang matrix [--schrijf]``: the permission matrix for docs/toegang.md."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from casus.toegang.matrix import als_markdown

toegang_cli = AppGroup("toegang", help="Rechten en de rechtenmatrix.")
BEGIN, EINDE = "<!-- matrix:begin -->", "<!-- matrix:einde -->"
DOC = Path(__file__).resolve().parents[2] / "docs" / "toegang.md"


def route_teksten(app: Flask) -> dict[str, str]:
    return {r.endpoint: r.rule for r in app.url_map.iter_rules()}


def document_met_matrix(tekst: str, matrix: str) -> str:
    voor, _, rest = tekst.partition(BEGIN)
    _, _, na = rest.partition(EINDE)
    return f"{voor}{BEGIN}\n{matrix}{EINDE}{na}"


@toegang_cli.command("matrix")
@click.option("--schrijf", is_flag=True, help=f"Werk {DOC.name} bij in plaats van tonen.")
def matrix(schrijf: bool) -> None:
    """Toon de rechtenmatrix (rol x route x methode) als Markdown."""
    tabel = als_markdown(route_teksten(current_app))
    if not schrijf:
        click.echo(tabel, nl=False)
        return
    DOC.write_text(document_met_matrix(DOC.read_text(encoding="utf-8"), tabel), encoding="utf-8")
    click.echo(f"{DOC} bijgewerkt.")
