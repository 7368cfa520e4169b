"""``flask --app casus brp ...``: the BRP from the command line (casus.brp).

``stub`` serves the built-in stub (casus.brp.stub) in the foreground, for a demo or a
test environment whose application points BRP_URL at it.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup
from werkzeug.serving import make_server

from casus.brp.stub import maak_stub_app, testgedrag, testpersonen

brp_cli = AppGroup("brp", help="De BRP-koppeling (Haal Centraal BRP bevragen).")


@brp_cli.command("stub")
@click.option(
    "--poort", default=8089, show_default=True, type=click.IntRange(0, 65535), help="Poort."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Adres om op te luisteren; laat 127.0.0.1 staan tenzij een ander apparaat de "
    "stub moet bereiken.",
)
def stub(poort: int, host: str) -> None:
    """Start de ingebouwde BRP-stub met de testpersonen (stoppen met Ctrl+C)."""
    server = make_server(host, poort, maak_stub_app(), threaded=True)
    adres = f"http://{host}:{server.server_port}"
    gedrag = testgedrag()
    click.echo(f"BRP-stub met {len(testpersonen())} testpersonen op {adres}")
    click.echo(f"Zet in de applicatie: BRP_URL={adres}")
    for soort, uitleg in (
        ("geweigerd", "niet geautoriseerd (403)"),
        ("storing", "storing (500)"),
        ("traag", "antwoordt traag"),
    ):
        if gedrag[soort]:
            click.echo(f"  {uitleg}: {', '.join(sorted(gedrag[soort]))}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        click.echo("BRP-stub gestopt.")


def _voeg_batch_toe() -> None:
    # the batch check lives with its service (casus.brp.batch); attached here so the
    # ``brp`` group holds every BRP command
    from casus.brp.batch import controleer

    brp_cli.add_command(controleer)


_voeg_batch_toe()
