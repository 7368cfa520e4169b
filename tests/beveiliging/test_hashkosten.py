"""The argon2 cost: the tests hash cheaply by configuration, production never does.

The production parameters are pinned here by hand from RFC 9106, section 4, second
recommended option: argon2id, t=3 passes, m=64 MiB (65,536 KiB), p=4 lanes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from casus import create_app
from casus.auth import wachtwoord
from casus.auth.models import Gebruiker
from casus.auth.services import maak_gebruiker
from casus.extensions import db
from config import DevelopmentConfig, ProductionConfig, TestConfig

PRODUCTIE_PREFIX = "$argon2id$v=19$m=65536,t=3,p=4$"
GOEDKOOP_PREFIX = "$argon2id$v=19$m=8,t=1,p=1$"
WACHTWOORD = "paarse-olifant-op-de-fiets"


@pytest.fixture
def productie(tmp_path: Path) -> Iterator[Flask]:
    """A production app on its own SQLite file; CSRF and MFA off, since they are not
    what this file tests, and plain-http cookies for the test client."""

    class Productie(ProductionConfig):
        SECRET_KEY = "productie-sleutel-voor-deze-test"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'productie.sqlite'}"
        WTF_CSRF_ENABLED = False
        MFA_VERPLICHT = False
        SESSION_COOKIE_SECURE = False

    app = create_app(Productie)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_production_hashes_with_rfc_9106_low_memory_cost(productie: Flask) -> None:
    gebruiker = maak_gebruiker("hanneke", WACHTWOORD, naam="Hanneke de Vries", rollen=("manager",))
    db.session.commit()
    assert gebruiker.wachtwoord_hash.startswith(PRODUCTIE_PREFIX)


def test_a_real_login_in_production_verifies_and_upgrades_to_the_production_cost(
    productie: Flask,
) -> None:
    # a hash made at the tests' cost, as if stored by an older, cheaper setting
    goedkoop = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    with goedkoop.app_context():
        oude_hash = wachtwoord.maak_hash(WACHTWOORD)
    assert oude_hash.startswith(GOEDKOOP_PREFIX)
    gebruiker = maak_gebruiker("hanneke", WACHTWOORD, naam="Hanneke de Vries", rollen=("manager",))
    gebruiker.wachtwoord_hash = oude_hash
    db.session.commit()

    client = productie.test_client()
    fout = client.post(
        "/inloggen", data={"gebruikersnaam": "hanneke", "wachtwoord": "verkeerd-wachtwoord-hier"}
    )
    assert fout.status_code == 200
    assert "/uitloggen" not in fout.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Gebruiker, gebruiker.id).wachtwoord_hash == oude_hash

    antwoord = client.post(
        "/inloggen", data={"gebruikersnaam": "hanneke", "wachtwoord": WACHTWOORD}
    )
    assert antwoord.status_code == 302
    db.session.expire_all()
    nieuwe_hash = db.session.get(Gebruiker, gebruiker.id).wachtwoord_hash
    assert nieuwe_hash.startswith(PRODUCTIE_PREFIX)
    assert client.get("/", follow_redirects=True).status_code == 200


def test_the_tests_hash_at_the_cheapest_cost(app: Flask) -> None:
    assert wachtwoord.maak_hash(WACHTWOORD).startswith(GOEDKOOP_PREFIX)
    assert wachtwoord.controleer(wachtwoord.maak_hash(WACHTWOORD), WACHTWOORD)


@pytest.mark.parametrize(
    ("instelling", "waarde"), [("ARGON2_TIJDKOSTEN", 2), ("ARGON2_GEHEUGEN_KIB", 32_768)]
)
@pytest.mark.parametrize("basis", [ProductionConfig, DevelopmentConfig])
def test_an_app_outside_the_tests_refuses_a_cheaper_hash(
    tmp_path: Path, basis: type, instelling: str, waarde: int
) -> None:
    class Goedkoop(basis):  # type: ignore[misc, valid-type]
        SECRET_KEY = "productie-sleutel-voor-deze-test"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.sqlite'}"
        TESTING = True  # even so: only the test environment (TestConfig) may

    setattr(Goedkoop, instelling, waarde)
    with pytest.raises(RuntimeError, match="alleen tests mogen goedkoper hashen"):
        create_app(Goedkoop)


def test_a_stronger_setting_is_taken(tmp_path: Path) -> None:
    class Sterker(ProductionConfig):
        SECRET_KEY = "productie-sleutel-voor-deze-test"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.sqlite'}"
        ARGON2_TIJDKOSTEN = 4

    with create_app(Sterker).app_context():
        assert wachtwoord.maak_hash(WACHTWOORD).startswith("$argon2id$v=19$m=65536,t=4,p=4$")
