from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.extensions import db
from tests.hulp.client import login
from tests.hulp.formulieren import formulier, ingevuld


@pytest.fixture
def beheerder(client: FlaskClient, maak_gebruiker_: Any) -> Gebruiker:
    b = maak_gebruiker_("beheerder", naam="beheer")
    db.session.commit()
    login(client, b)
    return b


def acties(uitkomst: str = "ok") -> list[tuple[str, str | None, Any]]:
    return [
        (r.actie, r.object_id, r.details)
        for r in db.session.scalars(
            select(AuditRecord)
            .where(AuditRecord.actie.startswith("beheer."), AuditRecord.uitkomst == uitkomst)
            .order_by(AuditRecord.id)
        )
    ]


def weigeringen() -> list[tuple[str, str | None, Any]]:
    return acties("geweigerd")


def test_create_a_user_with_roles(client: FlaskClient, beheerder: Gebruiker) -> None:
    antwoord = client.post(
        "/beheer/gebruikers/nieuw",
        data=ingevuld(
            gebruikersnaam="kbakker",
            naam="Kees Bakker",
            wachtwoord="een-lang-wachtwoord",
            rollen=["regisseur:rio", "triage:rio"],
        ),
    )
    assert antwoord.status_code == 302
    kees = db.session.scalars(select(Gebruiker).where(Gebruiker.gebruikersnaam == "kbakker")).one()
    assert kees.aanpakken_als("triage") == {"rio"}
    assert kees.naam == "Kees Bakker"
    assert acties() == [
        ("beheer.gebruiker_aangemaakt", str(kees.id), {"rollen": ["regisseur:rio", "triage:rio"]})
    ]
    [r] = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "beheer.gebruiker_aangemaakt")
    ).all()
    assert r.gebruiker_id == beheerder.id
    assert "een-lang-wachtwoord" not in str(r.inhoud())


def test_a_short_password_is_refused(client: FlaskClient, beheerder: Gebruiker) -> None:
    antwoord = client.post(
        "/beheer/gebruikers/nieuw",
        data=ingevuld(gebruikersnaam="kort", naam="Kort", wachtwoord="elf-tekens!"),
    )
    assert "minstens 12 tekens" in antwoord.get_data(as_text=True)
    assert db.session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == "kort")) is None
    assert acties() == []
    # the refusal is logged, without the password
    assert weigeringen() == [
        ("beheer.gebruiker_aangemaakt", None, {"weigering": "ongeldig", "veld": "wachtwoord"})
    ]
    [r] = db.session.scalars(select(AuditRecord).where(AuditRecord.uitkomst == "geweigerd")).all()
    assert r.gebruiker_id == beheerder.id
    assert "elf-tekens!" not in str(r.inhoud())


def test_change_roles_deactivate_reactivate_and_reset(
    client: FlaskClient, beheerder: Gebruiker, maak_gebruiker_: Any
) -> None:
    jan = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    client.post(f"/beheer/gebruikers/{jan.id}", data=ingevuld(rollen=["triage:ipta", "manager"]))
    client.post(f"/beheer/gebruikers/{jan.id}/actief", data=ingevuld(actief="nee"))
    client.post(f"/beheer/gebruikers/{jan.id}/actief", data=ingevuld(actief="ja"))
    client.post(f"/beheer/gebruikers/{jan.id}/wachtwoord", data=ingevuld(wachtwoord="kort"))
    client.post(
        f"/beheer/gebruikers/{jan.id}/wachtwoord", data=ingevuld(wachtwoord="nieuw-wachtwoord-123")
    )
    db.session.expire_all()
    assert jan.rollen[0].rol == "manager"
    assert jan.aanpakken_als("triage") == {"ipta"}
    assert jan.actief
    i = str(jan.id)
    assert acties() == [
        (
            "beheer.rollen_gewijzigd",
            i,
            {"toegevoegd": ["manager", "triage:ipta"], "ingetrokken": ["regisseur:ipta"]},
        ),
        ("beheer.gebruiker_gedeactiveerd", i, None),
        ("beheer.gebruiker_geactiveerd", i, None),
        ("beheer.wachtwoord_gereset", i, None),
    ]
    assert weigeringen() == [
        ("beheer.wachtwoord_gereset", i, {"weigering": "ongeldig", "veld": "wachtwoord"})
    ]
    nieuw = FlaskClient(client.application)
    assert login(nieuw, jan, wachtwoord="nieuw-wachtwoord-123").status_code == 302


def test_a_beheerder_cannot_lock_themselves_out(client: FlaskClient, beheerder: Gebruiker) -> None:
    client.post(f"/beheer/gebruikers/{beheerder.id}/actief", data=ingevuld(actief="nee"))
    client.post(f"/beheer/gebruikers/{beheerder.id}", data=ingevuld(rollen=["manager"]))
    db.session.expire_all()
    assert beheerder.actief
    assert beheerder.heeft_rol("beheerder")
    assert acties() == []
    i = str(beheerder.id)
    assert weigeringen() == [
        ("beheer.gebruiker_gedeactiveerd", i, {"weigering": "ongeldig"}),
        ("beheer.rollen_gewijzigd", i, {"weigering": "ongeldig", "veld": "rollen"}),
    ]


def test_the_cli_logs_user_creation(app: Any) -> None:
    uit = app.test_cli_runner().invoke(
        args=[
            "gebruiker",
            "aanmaken",
            "piet",
            "--wachtwoord",
            "twaalf-tekens-lang",
            "--rol",
            "manager",
        ]
    )
    assert uit.exit_code == 0
    [r] = db.session.scalars(select(AuditRecord)).all()
    assert (r.actie, r.gebruikersnaam, r.details) == (
        "beheer.gebruiker_aangemaakt",
        "systeem",
        {"rollen": ["manager"]},
    )


def test_submitting_the_new_user_form_twice_creates_one_user(
    client: FlaskClient, beheerder: Gebruiker
) -> None:
    html = client.get("/beheer/gebruikers/nieuw").get_data(as_text=True)
    form = formulier(html, "/beheer/gebruikers/nieuw")
    data = form.gegevens(
        gebruikersnaam="kbakker",
        naam="Kees Bakker",
        wachtwoord="een-lang-wachtwoord",
        rollen=["manager"],
    )
    assert client.post(form.actie, data=data).status_code == 302
    tweede = client.post(form.actie, data=data, follow_redirects=True)
    assert "Dit formulier was al verwerkt" in tweede.get_data(as_text=True)
    assert "bestaat al" not in tweede.get_data(as_text=True)
    assert [a for a, *_ in acties()] == ["beheer.gebruiker_aangemaakt"]
    assert weigeringen() == []


def test_deactivating_twice_or_from_a_stale_page_does_not_switch_back(
    client: FlaskClient, beheerder: Gebruiker, maak_gebruiker_: Any
) -> None:
    jan = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    pagina = f"/beheer/gebruikers/{jan.id}"
    form = formulier(client.get(pagina).get_data(as_text=True), f"{pagina}/actief")
    oud = formulier(client.get(pagina).get_data(as_text=True), f"{pagina}/actief")
    assert form.veld("actief").waarde == "nee"

    client.post(form.actie, data=form.gegevens())
    dubbel = client.post(form.actie, data=form.gegevens(), follow_redirects=True)
    verouderd = client.post(oud.actie, data=oud.gegevens(), follow_redirects=True)

    assert "Dit formulier was al verwerkt" in dubbel.get_data(as_text=True)
    assert "Gebruiker gedeactiveerd." in verouderd.get_data(as_text=True)
    db.session.expire_all()
    assert not jan.actief
    assert acties() == [("beheer.gebruiker_gedeactiveerd", str(jan.id), None)]
