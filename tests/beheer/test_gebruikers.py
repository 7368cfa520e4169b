from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.extensions import db
from tests.conftest import login


@pytest.fixture
def beheerder(client: FlaskClient, maak_gebruiker_: Any) -> Gebruiker:
    b = maak_gebruiker_("beheerder", naam="beheer")
    db.session.commit()
    login(client, b)
    return b


def acties() -> list[tuple[str, str | None, Any]]:
    return [(r.actie, r.object_id, r.details) for r in db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie.startswith("beheer."))
        .order_by(AuditRecord.id))]


def test_create_a_user_with_roles(client: FlaskClient, beheerder: Gebruiker) -> None:
    antwoord = client.post("/beheer/gebruikers/nieuw", data={
        "gebruikersnaam": "kbakker", "naam": "Kees Bakker", "wachtwoord": "een-lang-wachtwoord",
        "rollen": ["regisseur:rio", "triage:rio"]})
    assert antwoord.status_code == 302
    kees = db.session.scalars(select(Gebruiker).where(Gebruiker.gebruikersnaam == "kbakker")).one()
    assert kees.aanpakken_als("triage") == {"rio"} and kees.naam == "Kees Bakker"
    assert acties() == [("beheer.gebruiker_aangemaakt", str(kees.id),
                         {"rollen": ["regisseur:rio", "triage:rio"]})]
    [r] = db.session.scalars(select(AuditRecord).where(
        AuditRecord.actie == "beheer.gebruiker_aangemaakt")).all()
    assert r.gebruiker_id == beheerder.id and "een-lang-wachtwoord" not in str(r.inhoud())


def test_a_short_password_is_refused(client: FlaskClient, beheerder: Gebruiker) -> None:
    antwoord = client.post("/beheer/gebruikers/nieuw", data={
        "gebruikersnaam": "kort", "naam": "Kort", "wachtwoord": "elf-tekens!"})
    assert "minstens 12 tekens" in antwoord.get_data(as_text=True)
    assert db.session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == "kort")) is None
    assert acties() == []


def test_change_roles_deactivate_reactivate_and_reset(client: FlaskClient,
                                                      beheerder: Gebruiker,
                                                      maak_gebruiker_: Any) -> None:
    jan = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    client.post(f"/beheer/gebruikers/{jan.id}", data={"rollen": ["triage:ipta", "manager"]})
    client.post(f"/beheer/gebruikers/{jan.id}/actief")
    client.post(f"/beheer/gebruikers/{jan.id}/actief")
    client.post(f"/beheer/gebruikers/{jan.id}/wachtwoord", data={"wachtwoord": "kort"})
    client.post(f"/beheer/gebruikers/{jan.id}/wachtwoord",
                data={"wachtwoord": "nieuw-wachtwoord-123"})
    db.session.expire_all()
    assert jan.rollen[0].rol == "manager" and jan.aanpakken_als("triage") == {"ipta"}
    assert jan.actief
    i = str(jan.id)
    assert acties() == [
        ("beheer.rollen_gewijzigd", i, {"toegevoegd": ["manager", "triage:ipta"],
                                        "ingetrokken": ["regisseur:ipta"]}),
        ("beheer.gebruiker_gedeactiveerd", i, None),
        ("beheer.gebruiker_geactiveerd", i, None),
        ("beheer.wachtwoord_gereset", i, None),
    ]
    nieuw = FlaskClient(client.application)
    assert login(nieuw, jan, wachtwoord="nieuw-wachtwoord-123").status_code == 302


def test_a_beheerder_cannot_lock_themselves_out(client: FlaskClient,
                                                beheerder: Gebruiker) -> None:
    client.post(f"/beheer/gebruikers/{beheerder.id}/actief")
    client.post(f"/beheer/gebruikers/{beheerder.id}", data={"rollen": ["manager"]})
    db.session.expire_all()
    assert beheerder.actief and beheerder.heeft_rol("beheerder")
    assert acties() == []


def test_the_cli_logs_user_creation(app: Any) -> None:
    uit = app.test_cli_runner().invoke(args=["gebruiker", "aanmaken", "piet", "--wachtwoord",
                                             "twaalf-tekens-lang", "--rol", "manager"])
    assert uit.exit_code == 0
    [r] = db.session.scalars(select(AuditRecord)).all()
    assert (r.actie, r.gebruikersnaam, r.details) == (
        "beheer.gebruiker_aangemaakt", "systeem", {"rollen": ["manager"]})
