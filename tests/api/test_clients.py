"""An API client's life over HTTP, with the real API: its token works until it is
revoked, past its last day or rotated; it is stored only hashed and appears in no row
and no audit record; a client never gets the privacy officer's or beheerder's role.
And the same life from the command line (``flask --app casus api-client ...``)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.api.clients import maak_client, trek_in, vernieuw_token, wijzig_client
from casus.api.models import Apiclient
from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.errors import Ongeldig
from casus.extensions import db
from tests.hulp.api import Api, api_client
from tests.hulp.klok import stil

PAD = "/api/v1/catalogus"


def _rijen_met(tekst: str) -> list[str]:
    """The tables with a row that holds ``tekst`` anywhere."""
    gevonden = []
    for tabel in db.metadata.sorted_tables:
        for rij in db.session.execute(select(tabel)).all():
            if any(tekst in str(waarde) for waarde in rij):
                gevonden.append(tabel.name)
    return gevonden


def _weigering_401(api: Api) -> None:
    antwoord = api.get(PAD)
    assert antwoord.status_code == 401
    assert antwoord.content_type == "application/problem+json"
    assert (antwoord.json["status"], antwoord.json["title"]) == (401, "Niet geauthenticeerd")


def test_a_revoked_token_gets_401(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ipta")
    assert api.get(PAD).status_code == 200
    trek_in(api.client)
    db.session.commit()
    _weigering_401(api)
    # its account can no longer act either
    db.session.expire_all()
    assert not api.client.gebruiker.actief
    # a revoked client cannot be changed or rotated any more
    with pytest.raises(Ongeldig, match="ingetrokken"):
        vernieuw_token(api.client)
    db.session.rollback()
    _weigering_401(api)


def test_a_token_past_its_last_day_gets_401(client: FlaskClient) -> None:
    # the last day is inclusive, in Amsterdam: 2 March 2026 ends at 23:00 UTC
    with stil(datetime(2026, 3, 2, 10, 0, tzinfo=UTC)):
        api = api_client(client, "regisseur:ipta", geldig_tot=date(2026, 3, 2))
        assert api.get(PAD).status_code == 200
    with stil(datetime(2026, 3, 2, 22, 59, tzinfo=UTC)):
        assert api.get(PAD).status_code == 200
    with stil(datetime(2026, 3, 2, 23, 1, tzinfo=UTC)):  # 3 March, 00:01 in Amsterdam
        _weigering_401(api)
    with stil(datetime(2026, 3, 3, 10, 0, tzinfo=UTC)):  # its last day was yesterday
        _weigering_401(api)
        # extended by the beheerder: it works again
        wijzig_client(
            api.client,
            rollen=["regisseur:ipta"],
            geldig_tot=date(2026, 4, 1),
            limiet_per_minuut=api.client.limiet_per_minuut,
            omschrijving=None,
        )
        db.session.commit()
        assert api.get(PAD).status_code == 200


def test_a_rotated_token_old_401_new_200(client: FlaskClient) -> None:
    api = api_client(client, "manager")
    oud = api.token
    nieuw = vernieuw_token(api.client)
    db.session.commit()
    assert nieuw != oud
    _weigering_401(api)
    assert Api(client, nieuw, api.client).get(PAD).status_code == 200
    # nothing of the old token is left to match
    assert api.client.token_hash == hashlib.sha256(nieuw.encode()).hexdigest()


def test_the_token_is_stored_only_hashed_and_never_logged(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ipta", "manager", naam="Datawarehouse")
    # a call, a refused call, a rotation: every record they write
    assert api.get(PAD).status_code == 200
    assert api.get("/api/v1/casussen/999999").status_code == 404
    nieuw = vernieuw_token(api.client)
    db.session.commit()
    assert Api(client, nieuw, api.client).get(PAD).status_code == 200
    assert api.get(PAD).status_code == 401  # the old one

    c = db.session.scalars(select(Apiclient)).one()
    assert c.token_hash == hashlib.sha256(nieuw.encode()).hexdigest()
    assert c.token_begin == nieuw[:10]
    for token in (api.token, nieuw):
        assert len(token) == 49
        # no column of any row holds the token, nor its secret part
        assert _rijen_met(token) == []
        assert _rijen_met(token[10:]) == []
    records = db.session.scalars(select(AuditRecord)).all()
    assert {r.actie for r in records} >= {
        "api.client_aangemaakt",
        "api.aanroep",
        "api.token_vernieuwd",
        "api.token_geweigerd",
    }
    for r in records:
        assert nieuw[6:] not in str(r.inhoud())
        assert api.token[6:] not in str(r.inhoud())


@pytest.mark.parametrize("rol", ["privacy", "beheerder"])
def test_a_client_never_gets_the_privacy_or_beheerder_role(client: FlaskClient, rol: str) -> None:
    with pytest.raises(Ongeldig, match="geen privacy- of beheerdersrol") as fout:
        maak_client("Script", rollen=[rol], geldig_tot=date.today() + timedelta(days=10))
    assert fout.value.veld == "rollen"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Apiclient)) == 0
    assert db.session.scalar(select(func.count()).select_from(Gebruiker)) == 0
    api = api_client(client, "manager")
    with pytest.raises(Ongeldig, match="geen privacy- of beheerdersrol"):
        wijzig_client(
            api.client,
            rollen=["manager", rol],
            geldig_tot=api.client.geldig_tot,
            limiet_per_minuut=10,
            omschrijving=None,
        )
    db.session.rollback()
    assert not api.client.gebruiker.heeft_rol(rol)


# -- the command line ----------------------------------------------------------------


def test_the_cli_registers_lists_rotates_and_revokes(app: Flask, client: FlaskClient) -> None:
    runner = app.test_cli_runner()
    laatste = (date.today() + timedelta(days=100)).isoformat()
    resultaat = runner.invoke(
        args=[
            "api-client",
            "aanmaken",
            "Open Formulieren",
            "--rol",
            "regisseur:ipta",
            "--rol",
            "manager",
            "--geldig-tot",
            laatste,
            "--limiet",
            "30",
        ]
    )
    assert resultaat.exit_code == 0, resultaat.output
    # the token alone on standard output; the messages on standard error
    token = resultaat.stdout.strip()
    assert token.startswith("casus_")
    assert len(token) == 49
    assert "API-client 'Open Formulieren' geregistreerd: Manager, Regisseur IPTA;" in (
        resultaat.stderr
    )
    assert "niet nog eens getoond" in resultaat.stderr
    c = db.session.scalars(select(Apiclient)).one()
    assert (c.limiet_per_minuut, c.geldig_tot.isoformat(), c.aangemaakt_door_id) == (
        30,
        laatste,
        None,
    )
    assert Api(client, token, c).get(PAD).status_code == 200

    lijst = runner.invoke(args=["api-client", "lijst"])
    assert lijst.exit_code == 0
    assert lijst.output.split("\t")[:2] == ["Open Formulieren", "actief"]
    assert f"token {token[:10]}…" in lijst.output
    assert token not in lijst.output

    vernieuwd = runner.invoke(args=["api-client", "vernieuw", "Open Formulieren"])
    assert vernieuwd.exit_code == 0, vernieuwd.output
    nieuw = vernieuwd.stdout.strip()
    assert nieuw != token
    assert Api(client, token, c).get(PAD).status_code == 401
    assert Api(client, nieuw, c).get(PAD).status_code == 200

    ingetrokken = runner.invoke(args=["api-client", "intrekken", "Open Formulieren"])
    assert ingetrokken.exit_code == 0
    assert "API-client 'Open Formulieren' ingetrokken" in ingetrokken.output
    assert Api(client, nieuw, c).get(PAD).status_code == 401
    assert "\tingetrokken\t" in runner.invoke(args=["api-client", "lijst"]).output
    # done as "systeem", each with its record; never a token in them
    records = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie.like("api.%")).order_by(AuditRecord.id)
    ).all()
    beheer = [(r.actie, r.gebruikersnaam) for r in records if r.actie != "api.aanroep"]
    assert [a for a in beheer if a[0] != "api.token_geweigerd"] == [
        ("api.client_aangemaakt", "systeem"),
        ("api.token_vernieuwd", "systeem"),
        ("api.client_ingetrokken", "systeem"),
    ]
    assert all(token[6:] not in str(r.inhoud()) for r in records)


def test_the_cli_refuses_in_dutch_with_exit_code_1(app: Flask) -> None:
    runner = app.test_cli_runner()
    morgen = (date.today() + timedelta(days=1)).isoformat()
    for argumenten, melding in [
        (["--rol", "privacy", "--geldig-tot", morgen], "geen privacy- of beheerdersrol"),
        (["--rol", "regisseur:bestaatniet", "--geldig-tot", morgen], "Onbekende aanpak"),
        (
            ["--rol", "manager", "--geldig-tot", "2020-01-01"],
            "De laatste dag ligt in het verleden; kies vandaag of later.",
        ),
        (["--geldig-tot", morgen], "Kies ten minste één rol."),
    ]:
        resultaat = runner.invoke(args=["api-client", "aanmaken", "Script", *argumenten])
        assert resultaat.exit_code == 1, argumenten
        assert melding in resultaat.output
        assert "casus_" not in resultaat.output
    assert db.session.scalar(select(func.count()).select_from(Apiclient)) == 0
    # each refusal is logged
    assert [
        (r.actie, r.uitkomst, (r.details or {}).get("veld"))
        for r in db.session.scalars(select(AuditRecord).order_by(AuditRecord.id))
    ] == [
        ("api.client_aangemaakt", "geweigerd", "rollen"),
        ("api.client_aangemaakt", "geweigerd", "rollen"),
        ("api.client_aangemaakt", "geweigerd", "geldig_tot"),
        ("api.client_aangemaakt", "geweigerd", "rollen"),
    ]
    for opdracht in ("vernieuw", "intrekken"):
        resultaat = runner.invoke(args=["api-client", opdracht, "Bestaat niet"])
        assert resultaat.exit_code == 1
        assert "Er is geen API-client met de naam 'Bestaat niet'." in resultaat.output
    # a revoked client cannot be revoked or rotated again
    runner.invoke(
        args=["api-client", "aanmaken", "Script", "--rol", "manager", "--geldig-tot", morgen]
    )
    assert runner.invoke(args=["api-client", "intrekken", "Script"]).exit_code == 0
    resultaat = runner.invoke(args=["api-client", "vernieuw", "Script"])
    assert resultaat.exit_code == 1
    assert "Deze API-client is ingetrokken en kan niet meer worden gewijzigd." in resultaat.output
