"""Flask commands: ``flask --app casus <command>``. Each commits once at the end."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from casus.errors import DomeinFout
from casus.extensions import db

gebruiker_cli = AppGroup("gebruiker", help="Gebruikers beheren.")


@gebruiker_cli.command("aanmaken")
@click.argument("gebruikersnaam")
@click.option("--wachtwoord", required=True, help="Minstens 12 tekens.")
@click.option("--naam", default=None, help='Volledige naam, bijvoorbeeld "Jan de Vries".')
@click.option(
    "--rol",
    "rollen",
    multiple=True,
    help="ROL voor een globale rol, ROL:AANPAK voor een teamrol; herhaalbaar.",
)
def gebruiker_aanmaken(
    gebruikersnaam: str, wachtwoord: str, naam: str | None, rollen: tuple[str, ...]
) -> None:
    """Maak een gebruiker aan met rollen."""
    from casus.audit.services import bewaar_weigeringen
    from casus.beheer.services import nieuwe_gebruiker

    try:
        gebruiker = nieuwe_gebruiker(
            gebruikersnaam, wachtwoord, naam=naam or gebruikersnaam, rollen=rollen
        )
    except DomeinFout as fout:
        db.session.rollback()
        bewaar_weigeringen()  # the refusal is logged
        db.session.commit()
        raise click.ClickException(fout.bericht) from None
    db.session.commit()
    click.echo(f"Gebruiker '{gebruiker.gebruikersnaam}' aangemaakt.")


def _demo_apiclient() -> str:
    """A client for trying the API on the demo data; its token is printed once."""
    from datetime import timedelta

    from casus.api.clients import maak_client
    from casus.klok import vandaag

    _, token = maak_client(
        "Demo-koppeling",
        rollen=["regisseur:pga_jeugd", "manager"],
        geldig_tot=vandaag() + timedelta(days=90),
        omschrijving="Om de API op de demogegevens te proberen.",
    )
    return token


@click.command("demo")
@click.option(
    "--schaal",
    default=1,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Veelvoud van de omvang van Zoetermeer.",
)
@click.option(
    "--seed",
    default=2025,
    show_default=True,
    type=int,
    help="Startwaarde: dezelfde seed op dezelfde dag geeft dezelfde gegevens.",
)
@click.option(
    "--opnieuw",
    is_flag=True,
    help="Alle bestaande gegevens eerst verwijderen (niet terug te halen).",
)
@click.option(
    "--niet-starten", is_flag=True, help="Alleen de database vullen; de app niet starten."
)
@click.option(
    "--poort",
    default=5000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Poort waarop de app luistert (http://127.0.0.1:POORT); kies een andere als "
    "5000 al in gebruik is.",
)
@click.help_option("--help", help="Toon deze uitleg en stop.")
def demo(schaal: int, seed: int, opnieuw: bool, niet_starten: bool, poort: int) -> None:
    """Vul de database met demogebruikers en een synthetische caseload tot en met vandaag, en
    start de app."""
    from flask_migrate import upgrade

    from casus.audit.zegel import verzegel_en_veranker
    from casus.db import werk_statistieken_bij
    from casus.demo import DEMO_GEBRUIKERS, DEMO_WACHTWOORD, vul_demo
    from casus.demo.partners import PARTNERGEBRUIKERS
    from casus.voortgang import Voortgang

    if opnieuw:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        _anker_opzij()
    upgrade()
    begin = time.perf_counter()
    token = None
    with Voortgang("Demogegevens maken", schaal, "kopieën van de caseload") as voortgang:
        samenvatting = vul_demo(schaal=schaal, seed=seed, voortgang=voortgang.meld)
        if samenvatting is not None:
            token = _demo_apiclient()
            # today's norm escalation, as the worker runs it each morning: the demo's
            # regisseurs and triage members start with their "termijn" notifications
            from casus.termijnen.services import escaleer_normen
            from casus.toegang.actor import TERMIJNEN

            escaleer_normen(actor=TERMIJNEN)
        voortgang.fase("Opslaan", None, "")
        db.session.commit()
        verzegel_en_veranker()
        werk_statistieken_bij()
    if samenvatting is None:
        click.echo("De database bevat al gegevens; gebruik --opnieuw om opnieuw te beginnen.")
    else:
        click.echo(f"{samenvatting} ({time.perf_counter() - begin:.1f} s)")
    click.echo(f"\nDemogebruikers (wachtwoord voor allemaal: {DEMO_WACHTWOORD}):")
    for naam, omschrijving, _ in DEMO_GEBRUIKERS:
        click.echo(f"  {naam:<14} {omschrijving}")
    click.echo(
        "\nDe partners loggen in met een code uit een authenticator-app; voeg daarin "
        "dit geheim toe (docs/partners.md):"
    )
    for naam, (_, geheim) in PARTNERGEBRUIKERS.items():
        click.echo(f"  {naam:<14} {geheim}")
    if token is not None:
        click.echo(
            "\nDemo-API-client (regisseur PGA Jeugd en manager; docs/api.md), token:\n"
            f"  {token}\n"
            f"  curl -H 'Authorization: Bearer {token}' "
            f"http://127.0.0.1:{poort}/api/v1/casussen?aantal=5\n"
            f"  Naslag: http://127.0.0.1:{poort}/api/v1/docs"
        )
    if not niet_starten:
        from werkzeug.serving import run_simple

        from casus.taken.wachtrij import wachtrij

        # the background jobs (casus.taken) in a thread beside the server
        werker = wachtrij().consumer(1, signalen=False)
        werker.start()
        click.echo("De worker voor achtergrondtaken draait mee (docs/taken.md).")
        click.echo(f"\nDe applicatie draait op http://127.0.0.1:{poort} (stoppen: Ctrl+C)")
        try:
            # Flask ignores app.run() inside a `flask` command; serve with werkzeug directly
            run_simple(
                "127.0.0.1",
                poort,
                current_app._get_current_object(),  # type: ignore[attr-defined]
                use_reloader=False,
                use_debugger=False,
                threaded=True,
            )
        finally:
            werker.stop(graceful=True)


def _anker_opzij() -> None:
    """A new demo database starts a new audit chain: the anchors of the old one are put
    aside (renamed), or the check would miss the old chain's records."""
    bestand = current_app.config.get("AUDIT_ANKER_BESTAND")
    if not bestand or not Path(bestand).exists():
        return
    oud = Path(bestand)
    oud.rename(oud.with_name(f"{oud.stem}-{time.strftime('%Y%m%d-%H%M%S')}{oud.suffix}.oud"))


@click.command("backup")
@click.argument("doel", type=click.Path(dir_okay=False, path_type=Path))
def backup(doel: Path) -> None:
    """Schrijf een consistente backup van de database naar DOEL."""
    from casus.onderhoud.backup import maak_backup
    from casus.voortgang import Voortgang

    try:
        with Voortgang("Backup maken", None, "pagina's") as voortgang:
            samenvatting = maak_backup(db.engine, doel, voortgang=voortgang.meld)
        click.echo(samenvatting)
    except DomeinFout as fout:
        raise click.ClickException(fout.bericht) from None


afgeleid_cli = AppGroup(
    "afgeleid",
    help="De afgeleide gegevens voor de rapportage: casusstand "
    "en de persoon en leeftijd bij elke interventie.",
)


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids[:20]) + (" ..." if len(ids) > 20 else "")


@afgeleid_cli.command("controleer")
def afgeleid_controleer() -> None:
    """Vergelijk de afgeleide gegevens met de gebeurtenissen, casussen en personen; exit 1
    bij verschil."""
    from casus.casussen.afgeleid import afwijkend, afwijkende_interventies
    from casus.voortgang import Voortgang

    with Voortgang("Casusstand controleren", None, "casussen") as voortgang:
        verschil = afwijkend(voortgang.meld)
        voortgang.fase("Interventies controleren", None, "interventies")
        interventies = afwijkende_interventies()
    if verschil:
        click.echo(
            f"casusstand wijkt af van de gebeurtenissen bij {len(verschil)} casus(sen): "
            f"id {_ids(verschil)}.",
            err=True,
        )
    if interventies:
        click.echo(
            f"De persoon of leeftijd wijkt af bij {len(interventies)} interventie(s): "
            f"id {_ids(interventies)}.",
            err=True,
        )
    if verschil or interventies:
        click.echo("Herstel met: flask --app casus afgeleid herbouw", err=True)
        sys.exit(1)
    click.echo(
        "casusstand komt voor elke casus overeen met de gebeurtenissen, en elke "
        "interventie met haar casus en persoon."
    )


@afgeleid_cli.command("herbouw")
def afgeleid_herbouw() -> None:
    """Bouw casusstand opnieuw op uit de gebeurtenissen (alle casussen) en zet bij elke
    interventie de persoon en leeftijd opnieuw."""
    from casus.casussen.afgeleid import herbouw, vul_interventies
    from casus.voortgang import Voortgang

    with Voortgang("Casusstand herbouwen", None, "casussen") as voortgang:
        aantal = herbouw(voortgang=voortgang.meld)
        voortgang.fase("Interventies bijwerken", None, "interventies")
        vul_interventies()
        voortgang.fase("Opslaan", None, "")
        db.session.commit()
    click.echo(f"casusstand opnieuw opgebouwd: {aantal} rijen; interventies bijgewerkt.")


def _rapport_details(opties: dict[str, Any]) -> dict[str, Any]:
    """The audit details of ``rapport halfjaar``: the same as a download on the web."""
    from casus.rapportage.periode import uit_label

    if opties.get("label"):
        p = uit_label(opties["label"])
        van, tot_en_met = p.van, p.tot_en_met
    else:
        van, tot_en_met = opties["van"].date(), opties["tot_en_met"].date()
    return {
        "formaat": opties["formaat"],
        "van": van.isoformat(),
        "tot_en_met": tot_en_met.isoformat(),
        "bestand": bool(opties.get("output")),
    }


def register_cli(app: Flask) -> None:
    from casus.api.cli import api_client_cli
    from casus.audit.cli import audit_cli, met_auditlog
    from casus.auth.cli import sso_cli
    from casus.brp.cli import brp_cli
    from casus.documenten.cli import documenten_cli
    from casus.importeren.cli import importeer_cmd
    from casus.privacy.cli import bewaartermijn
    from casus.rapportage.cli import rapport_cli
    from casus.taken.cli import taken_cli, worker
    from casus.toegang.cli import toegang_cli

    # casus.rapportage's command does not log its export itself: the record is added here
    rapport = met_auditlog(rapport_cli, "halfjaar", "rapport.geexporteerd", _rapport_details)
    for command in (
        gebruiker_cli,
        demo,
        backup,
        audit_cli,
        bewaartermijn,
        toegang_cli,
        importeer_cmd,
        rapport,
        afgeleid_cli,
        api_client_cli,
        sso_cli,
        brp_cli,
        documenten_cli,
        worker,
        taken_cli,
    ):
        app.cli.add_command(command)
