"""SSO-only accounts (``Gebruiker.alleen_sso``) and what the beheerder sees and sets of a
user's single sign-on (casus.auth.sso) on the user's page. No provider is needed here:
the link (``SsoIdentiteit``) is made as the beheerder's step makes it (``sso.koppel``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.auth import services, sso
from casus.auth.models import Gebruiker
from casus.beheer.services import NIET_GEKOPPELD, NIET_MEER_GEKOPPELD
from casus.extensions import db
from tests.hulp.client import login
from tests.hulp.formulieren import formulier, ingevuld

ENTRA = "https://login.microsoftonline.com/0b5c7d1e-1111-4a2b-9c3d-222233334444/v2.0"


@pytest.fixture
def beheerder(client: FlaskClient, maak_gebruiker_: Any) -> Gebruiker:
    b = maak_gebruiker_("beheerder", naam="beheer")
    db.session.commit()
    login(client, b)
    return b


def records(actie: str) -> list[tuple[str, str | None, Any]]:
    return [
        (r.uitkomst, r.object_id, r.details)
        for r in db.session.scalars(
            select(AuditRecord).where(AuditRecord.actie == actie).order_by(AuditRecord.id)
        )
    ]


def ingelogd(client: FlaskClient) -> bool:
    return client.get("/account").status_code == 200


def test_a_password_log_in_of_an_sso_only_account_is_refused_pointing_the_way_only_to_its_owner(
    app: Any, maak_gebruiker_: Any
) -> None:
    jan = maak_gebruiker_("manager")
    jan.alleen_sso = True
    db.session.commit()
    client = app.test_client()

    antwoord = login(client, jan)  # the right password
    geraden = login(app.test_client(), jan, wachtwoord="niet-het-wachtwoord")

    assert antwoord.status_code == 200
    # whoever knows the password is told where to log in instead
    assert services.ALLEEN_SSO in antwoord.get_data(as_text=True)
    assert not ingelogd(client)
    # a guess reads what every wrong password reads: nothing about the account
    assert services.ONJUIST in geraden.get_data(as_text=True)
    assert services.ALLEEN_SSO not in geraden.get_data(as_text=True)
    assert [(u, d) for u, _, d in records("auth.inloggen_mislukt")] == [
        ("geweigerd", {"reden": "alleen_sso"}),
        ("geweigerd", {"reden": "alleen_sso"}),
    ]
    assert records("auth.ingelogd") == []
    # the flag, nothing else, refused it
    jan.alleen_sso = False
    db.session.commit()
    assert login(client, jan).status_code == 302
    assert ingelogd(client)


def test_the_user_page_shows_the_linked_issuer_and_the_last_sso_log_in(
    client: FlaskClient, beheerder: Gebruiker, maak_gebruiker_: Any
) -> None:
    jan = maak_gebruiker_("regisseur:ipta")
    rij = sso.koppel(jan, ENTRA, "sub-jan")
    # 23:30 UTC on 9 March is 00:30 on 10 March in the Netherlands (winter time)
    rij.laatst_ingelogd_op = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)
    piet = maak_gebruiker_("regisseur:ipta")
    db.session.commit()

    pagina = client.get(f"/beheer/gebruikers/{jan.id}").get_data(as_text=True)
    leeg = client.get(f"/beheer/gebruikers/{piet.id}").get_data(as_text=True)

    assert f"Gekoppeld aan {ENTRA}." in pagina
    assert "Laatst ingelogd via de gemeente: 10-03-2026 00:30." in pagina
    assert "Niet gekoppeld aan een account bij de gemeente." in leeg
    assert ENTRA not in leeg


def test_the_beheerder_limits_a_linked_account_to_sso_and_lifts_it(
    client: FlaskClient, beheerder: Gebruiker, maak_gebruiker_: Any
) -> None:
    jan = maak_gebruiker_("regisseur:ipta")
    sso.koppel(jan, ENTRA, "sub-jan")
    db.session.commit()
    pad = f"/beheer/gebruikers/{jan.id}"
    velden = formulier(client.get(pad).get_data(as_text=True), f"{pad}/alleen-sso").gegevens()
    assert "alleen_sso" not in velden  # not ticked

    client.post(f"{pad}/alleen-sso", data=ingevuld(alleen_sso="y"))
    client.post(f"{pad}/alleen-sso", data=ingevuld(alleen_sso="y"))  # already so: nothing
    db.session.expire_all()
    assert jan.alleen_sso
    velden = formulier(client.get(pad).get_data(as_text=True), f"{pad}/alleen-sso").gegevens()
    assert velden["alleen_sso"] == "y"  # shown ticked
    assert login(client.application.test_client(), jan).status_code == 200  # refused

    client.post(f"{pad}/alleen-sso", data=ingevuld())  # unticked
    db.session.expire_all()
    assert not jan.alleen_sso
    i = str(jan.id)
    assert records("beheer.alleen_sso_gewijzigd") == [
        ("ok", i, {"alleen_sso": True}),
        ("ok", i, {"alleen_sso": False}),
    ]
    assert login(client.application.test_client(), jan).status_code == 302


def test_an_unlinked_account_cannot_be_limited_to_sso(
    client: FlaskClient, beheerder: Gebruiker, maak_gebruiker_: Any
) -> None:
    jan = maak_gebruiker_("regisseur:ipta")
    db.session.commit()

    antwoord = client.post(
        f"/beheer/gebruikers/{jan.id}/alleen-sso",
        data=ingevuld(alleen_sso="y"),
        follow_redirects=True,
    )

    assert NIET_GEKOPPELD in antwoord.get_data(as_text=True)
    db.session.expire_all()
    assert not jan.alleen_sso
    assert records("beheer.alleen_sso_gewijzigd") == [
        ("geweigerd", str(jan.id), {"weigering": "ongeldig", "veld": "alleen_sso"})
    ]


def test_the_beheerder_breaks_a_link_and_the_user_logs_in_with_a_password_again(
    client: FlaskClient, beheerder: Gebruiker, maak_gebruiker_: Any
) -> None:
    jan = maak_gebruiker_("regisseur:ipta")
    sso.koppel(jan, ENTRA, "sub-jan")
    jan.alleen_sso = True
    db.session.commit()
    jans_client = client.application.test_client()
    jan.alleen_sso = False  # for a moment: a session of Jan's that must end with the link
    db.session.commit()
    login(jans_client, jan)
    assert ingelogd(jans_client)
    jan.alleen_sso = True
    db.session.commit()
    pad = f"/beheer/gebruikers/{jan.id}"
    velden = formulier(client.get(pad).get_data(as_text=True), f"{pad}/sso-ontkoppelen").gegevens()

    antwoord = client.post(f"{pad}/sso-ontkoppelen", data=velden, follow_redirects=True)
    # again, from a page left open: refused, nothing more changes
    opnieuw = client.post(f"{pad}/sso-ontkoppelen", data=ingevuld(), follow_redirects=True)

    assert "De koppeling met het account bij de gemeente is verbroken." in antwoord.get_data(
        as_text=True
    )
    assert "Niet gekoppeld aan een account bij de gemeente." in antwoord.get_data(as_text=True)
    db.session.expire_all()
    assert not jan.alleen_sso
    assert sso.identiteit(ENTRA, "sub-jan") is None
    assert not ingelogd(jans_client)  # the session ended with the link
    assert NIET_MEER_GEKOPPELD in opnieuw.get_data(as_text=True)
    assert records("beheer.sso_ontkoppeld") == [
        ("ok", str(jan.id), None),
        ("geweigerd", str(jan.id), {"weigering": "ongeldig"}),
    ]
    assert login(client.application.test_client(), jan).status_code == 302  # password again


def test_only_the_beheerder_breaks_a_link(client: FlaskClient, maak_gebruiker_: Any) -> None:
    jan = maak_gebruiker_("regisseur:ipta")
    sso.koppel(jan, ENTRA, "sub-jan")
    manager = maak_gebruiker_("manager", "privacy", "regisseur:ipta")
    db.session.commit()
    login(client, manager)

    antwoord = client.post(f"/beheer/gebruikers/{jan.id}/sso-ontkoppelen", data=ingevuld())

    assert antwoord.status_code == 404
    assert sso.identiteit(ENTRA, "sub-jan") is not None


def test_the_user_list_shows_each_users_last_log_in_and_last_sso_log_in(
    client: FlaskClient, beheerder: Gebruiker, maak_gebruiker_: Any
) -> None:
    jan = maak_gebruiker_("regisseur:ipta", naam="jan")
    # 23:30 UTC on 9 March is 00:30 on 10 March in the Netherlands (winter time)
    jan.laatst_ingelogd_op = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)
    sso.koppel(jan, ENTRA, "sub-jan").laatst_ingelogd_op = jan.laatst_ingelogd_op
    kees = maak_gebruiker_("regisseur:ipta", naam="kees")
    sso.koppel(kees, ENTRA, "sub-kees")  # linked, never used
    maak_gebruiker_("regisseur:ipta", naam="piet")  # neither
    db.session.commit()

    pagina = client.get("/beheer/gebruikers").get_data(as_text=True)

    def rij(naam: str) -> str:
        begin = pagina.index(f">{naam}</a>")
        return pagina[begin : pagina.index("</tr>", begin)]

    assert "10-03-2026 00:30<br><small>via de gemeente: 10-03-2026 00:30</small>" in rij("jan")
    assert "Nog nooit<br><small>via de gemeente: nog nooit</small>" in rij("kees")
    assert "Nog nooit</td>" in rij("piet")
    assert "via de gemeente" not in rij("piet")
