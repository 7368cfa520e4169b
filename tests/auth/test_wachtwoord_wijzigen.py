"""Changing one's own password (Mijn account), and the change a user must make when the
beheerder (or the command line) chose their password."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.auth import wachtwoord
from casus.auth.models import Gebruiker, Sessie
from casus.extensions import db
from casus.klok import nu
from tests.hulp.client import login
from tests.hulp.fabrieken import WACHTWOORD
from tests.hulp.formulieren import ingevuld
from tests.hulp.klok import stil

NIEUW = "paars-fietsbel-onder-de-brug"


def veldfout(html: str, veld: str) -> str:
    """The error shown at a field (the veld macro's ``<id>-fout``), or ''."""
    gevonden = re.search(rf'id="{veld}-fout">([^<]*)<', html)
    return gevonden.group(1).strip() if gevonden else ""


def records(actie: str, uitkomst: str = "ok") -> list[AuditRecord]:
    return list(
        db.session.scalars(
            select(AuditRecord)
            .where(AuditRecord.actie == actie, AuditRecord.uitkomst == uitkomst)
            .order_by(AuditRecord.id)
        )
    )


@pytest.fixture
def jan(client: FlaskClient, maak_gebruiker_: Any) -> Gebruiker:
    j = maak_gebruiker_("regisseur:ipta", naam="jan")
    db.session.commit()
    assert login(client, j).status_code == 302
    return j


def wijzig(client: FlaskClient, huidig: str, nieuw: str, herhaling: str | None = None) -> Any:
    return client.post(
        "/account",
        data=ingevuld(
            huidig=huidig, nieuw=nieuw, herhaling=nieuw if herhaling is None else herhaling
        ),
    )


def test_the_header_links_to_mijn_account(client: FlaskClient, jan: Gebruiker) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'href="/account"' in html
    pagina = client.get("/account").get_data(as_text=True)
    assert "<h1>Mijn account</h1>" in pagina
    assert "Regisseur IPTA" in pagina


def test_a_wrong_current_password_is_refused_at_its_field(
    client: FlaskClient, jan: Gebruiker
) -> None:
    oude_hash = jan.wachtwoord_hash
    antwoord = wijzig(client, "niet-mijn-wachtwoord", NIEUW)
    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    assert veldfout(html, "huidig") == "Het huidige wachtwoord is onjuist."
    assert veldfout(html, "nieuw") == ""
    assert "Er is iets niet goed ingevuld" in html  # the summary above the form
    db.session.expire_all()
    assert jan.wachtwoord_hash == oude_hash
    [r] = records("auth.wachtwoord_gewijzigd", "geweigerd")
    assert (r.gebruiker_id, r.object_id) == (jan.id, str(jan.id))
    assert r.details == {"weigering": "ongeldig", "veld": "huidig"}
    assert "niet-mijn-wachtwoord" not in str(r.inhoud())
    assert NIEUW not in str(r.inhoud())


def test_guessing_the_current_password_is_throttled_like_the_log_in(
    client: FlaskClient, jan: Gebruiker
) -> None:
    # the log-in's rule (casus.beveiliging.pogingen): from the 5th failure on, the next
    # attempt waits 2 ** (failures - 5) seconds: after 5, 1 s (the clock stands still)
    oude_hash = jan.wachtwoord_hash
    moment = nu()  # the session was made just now: the clock stops here
    with stil(moment):
        for _ in range(5):
            html = wijzig(client, "niet-mijn-wachtwoord", NIEUW).get_data(as_text=True)
            assert veldfout(html, "huidig") == "Het huidige wachtwoord is onjuist."
        # even the right password is refused now, before it is checked
        html = wijzig(client, WACHTWOORD, NIEUW).get_data(as_text=True)
        # 1 s to wait, said as the log-in says it (whole seconds, plus one)
        assert veldfout(html, "huidig") == (
            "Te veel mislukte pogingen. Wacht 2 seconden en probeer het opnieuw."
        )
        db.session.expire_all()
        assert jan.wachtwoord_hash == oude_hash
    # the failures were kept although each refused form was rolled back; after the wait
    # the right password goes through and clears them
    with stil(moment + timedelta(seconds=2)):
        antwoord = wijzig(client, WACHTWOORD, NIEUW)
        assert antwoord.status_code == 302
        db.session.expire_all()
        assert wachtwoord.controleer(jan.wachtwoord_hash, NIEUW)


@pytest.mark.parametrize(
    ("nieuw", "herhaling", "veld", "melding"),
    [
        (
            "elf-tekens!",
            "elf-tekens!",
            "nieuw",
            "Het wachtwoord moet minstens 12 tekens lang zijn.",
        ),
        (
            "wachtwoord123",
            "wachtwoord123",
            "nieuw",
            "Dit wachtwoord komt voor in een lijst van veelgebruikte wachtwoorden. Kies een ander.",
        ),
        (NIEUW, NIEUW + "x", "herhaling", "De twee nieuwe wachtwoorden zijn niet gelijk."),
        (WACHTWOORD, WACHTWOORD, "nieuw", "Kies een ander wachtwoord dan het huidige."),
    ],
)
def test_a_weak_or_mistyped_new_password_is_refused(
    client: FlaskClient, jan: Gebruiker, nieuw: str, herhaling: str, veld: str, melding: str
) -> None:
    oude_hash = jan.wachtwoord_hash
    html = wijzig(client, WACHTWOORD, nieuw, herhaling).get_data(as_text=True)
    assert veldfout(html, veld) == melding
    db.session.expire_all()
    assert jan.wachtwoord_hash == oude_hash
    assert records("auth.wachtwoord_gewijzigd") == []


def test_a_common_password_list_entry_is_really_in_the_list() -> None:
    # the case above relies on it
    assert "wachtwoord123" in wachtwoord.veelgebruikt()


def test_changing_rehashes_ends_the_other_sessions_and_keeps_this_one(
    app: Flask, client: FlaskClient, jan: Gebruiker
) -> None:
    elders = app.test_client()  # the same user on another device
    assert login(elders, jan).status_code == 302
    assert elders.get("/").status_code == 200
    oude_hash = jan.wachtwoord_hash

    antwoord = wijzig(client, WACHTWOORD, NIEUW)
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"] == "/account"

    db.session.expire_all()
    assert jan.wachtwoord_hash != oude_hash
    assert jan.wachtwoord_hash.startswith("$argon2id$")
    assert wachtwoord.controleer(jan.wachtwoord_hash, NIEUW)
    assert not wachtwoord.controleer(jan.wachtwoord_hash, WACHTWOORD)
    # this device stays logged in; the other one is sent to the log-in page
    assert client.get("/").status_code == 200
    weg = elders.get("/")
    assert weg.status_code == 302
    assert weg.headers["Location"].startswith("/inloggen")
    sessies = db.session.scalars(select(Sessie).where(Sessie.gebruiker_id == jan.id)).all()
    assert sorted(s.beeindigd_op is None for s in sessies) == [False, True]
    [r] = records("auth.wachtwoord_gewijzigd")
    assert (r.gebruiker_id, r.object_type, r.object_id) == (jan.id, "gebruiker", str(jan.id))
    assert r.details == {"andere_sessies_beeindigd": 1}
    assert NIEUW not in str(r.inhoud())
    assert WACHTWOORD not in str(r.inhoud())
    # the old password no longer logs in, the new one does
    assert "onjuist" in login(app.test_client(), jan).get_data(as_text=True)
    assert login(app.test_client(), jan, wachtwoord=NIEUW).status_code == 302


# -- the change a user must make -------------------------------------------------------


@pytest.fixture
def beheerder(app: Flask, maak_gebruiker_: Any) -> FlaskClient:
    b = maak_gebruiker_("beheerder", naam="beheer")
    db.session.commit()
    c = app.test_client()
    assert login(c, b).status_code == 302
    return c


GEKOZEN = "door-de-beheerder-gekozen"


def test_after_a_reset_the_user_must_change_the_password_before_anything_else(
    app: Flask, beheerder: FlaskClient, jan: Gebruiker, client: FlaskClient
) -> None:
    antwoord = beheerder.post(
        f"/beheer/gebruikers/{jan.id}/wachtwoord", data=ingevuld(wachtwoord=GEKOZEN)
    )
    assert antwoord.status_code == 302
    db.session.expire_all()
    assert jan.moet_wachtwoord_wijzigen
    # the reset ended the session jan had
    assert client.get("/").headers["Location"].startswith("/inloggen")

    jan_nu = app.test_client()
    antwoord = login(jan_nu, jan, wachtwoord=GEKOZEN)
    assert antwoord.headers["Location"] == "/account"
    pagina = jan_nu.get("/account").get_data(as_text=True)
    assert "<h1>Kies een eigen wachtwoord</h1>" in pagina
    # every other page (a GET or a POST) sends jan back to the change
    for methode, pad in [
        ("GET", "/"),
        ("GET", "/werkvoorraad"),
        ("GET", "/zoeken?q=jansen"),
        ("GET", "/aanmelding"),
        ("GET", "/mfa/instellen"),
        ("POST", "/aanmelding/ipta"),
    ]:
        doorgestuurd = jan_nu.open(pad, method=methode)
        assert (doorgestuurd.status_code, doorgestuurd.headers.get("Location")) == (
            302,
            "/account",
        ), pad
    # the stylesheet is still served
    assert jan_nu.get("/static/css/casus.css").status_code == 200

    antwoord = wijzig(jan_nu, GEKOZEN, NIEUW)
    assert antwoord.headers["Location"] == "/"
    db.session.expire_all()
    assert not jan.moet_wachtwoord_wijzigen
    # free again: the start page is Mijn casussen for a regisseur
    start = jan_nu.get("/")
    assert start.status_code == 200
    assert "<h1>Mijn casussen</h1>" in start.get_data(as_text=True)
    assert jan_nu.get("/werkvoorraad").headers["Location"] == "/werkvoorraad/ipta"


def test_logging_out_is_possible_before_the_change(
    app: Flask, beheerder: FlaskClient, maak_gebruiker_: Any
) -> None:
    piet = maak_gebruiker_("manager", naam="piet")
    db.session.commit()
    beheerder.post(f"/beheer/gebruikers/{piet.id}/wachtwoord", data=ingevuld(wachtwoord=GEKOZEN))
    c = app.test_client()
    login(c, piet, wachtwoord=GEKOZEN)
    uit = c.post("/uitloggen")
    assert uit.headers["Location"] == "/inloggen"
    assert c.get("/account").headers["Location"].startswith("/inloggen")


def test_a_user_made_by_the_beheerder_changes_the_first_password(
    app: Flask, beheerder: FlaskClient
) -> None:
    antwoord = beheerder.post(
        "/beheer/gebruikers/nieuw",
        data=ingevuld(
            gebruikersnaam="kbakker", naam="Kees Bakker", wachtwoord=GEKOZEN, rollen=["manager"]
        ),
    )
    assert antwoord.status_code == 302
    kees = db.session.scalars(select(Gebruiker).where(Gebruiker.gebruikersnaam == "kbakker")).one()
    c = app.test_client()
    assert login(c, kees, wachtwoord=GEKOZEN).headers["Location"] == "/account"
    assert wijzig(c, GEKOZEN, NIEUW).headers["Location"] == "/"
    # then the manager starts at the Rapportage
    assert c.get("/").headers["Location"] == "/rapportage/"


def test_a_user_made_on_the_command_line_changes_the_first_password(app: Flask) -> None:
    resultaat = app.test_cli_runner().invoke(
        args=["gebruiker", "aanmaken", "a.jansen", "--wachtwoord", GEKOZEN, "--rol", "privacy"]
    )
    assert resultaat.exit_code == 0, resultaat.output
    a = db.session.scalars(select(Gebruiker).where(Gebruiker.gebruikersnaam == "a.jansen")).one()
    assert a.moet_wachtwoord_wijzigen
    c = app.test_client()
    assert login(c, a, wachtwoord=GEKOZEN).headers["Location"] == "/account"
