"""The beheerder's pages for API clients (/beheer/api-clients): register (the token shown
once, on the answer to the POST), change, rotate, revoke; the forms as every form of
the application (idempotency token, errors at their field, a refused form filled in)."""

from __future__ import annotations

import html as html_
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from casus.api.models import Apiclient
from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.beheer.services import rolcodes
from casus.extensions import db
from tests.hulp.api import Api, api_client
from tests.hulp.client import login
from tests.hulp.formulieren import formulier, ingevuld

# the clock stands still: dates on the pages and the longest validity follow from it
pytestmark = pytest.mark.klok("2026-03-02 10:00")

TOKEN = re.compile(r"casus_[A-Za-z0-9_-]{43}")
NIEUW = "/beheer/api-clients/nieuw"
AANPAKKEN = ("pga_jeugd", "ipta", "rio", "pga_r", "ondermijning", "woonoverlast")


@pytest.fixture
def beheerder(client: FlaskClient, maak_gebruiker_: Any) -> Gebruiker:
    b = maak_gebruiker_("beheerder", naam="Bea Beheer")
    db.session.commit()
    login(client, b)
    return b


def _token_op(antwoord: TestResponse) -> str:
    [token] = set(TOKEN.findall(antwoord.get_data(as_text=True)))
    return token


def _veldfout(html: str, veld: str) -> str:
    gevonden = re.search(rf'<p class="veld__fout" id="{veld}-fout">([^<]*)</p>', html)
    assert gevonden, f"geen fout bij {veld}"
    return html_.unescape(gevonden.group(1)).strip()


def _sessie(client: FlaskClient) -> str:
    """The session cookie, decoded: what the browser keeps."""
    app = client.application
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return str(app.session_interface.get_signing_serializer(app).loads(cookie.value))  # type: ignore[attr-defined]


def _aantal() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Apiclient)) or 0)


def test_the_register_form_offers_only_the_manager_and_team_roles(
    client: FlaskClient, beheerder: Gebruiker
) -> None:
    pagina = client.get(NIEUW)
    assert pagina.status_code == 200
    f = formulier(pagina.get_data(as_text=True), NIEUW)
    verwacht = ["manager"] + [f"{r}:{a}" for a in AANPAKKEN for r in ("regisseur", "triage")]
    assert f.keuzes["rollen"] == verwacht
    # prefilled: a year from today, the configured limit
    assert f.veld("geldig_tot").waarde == "2027-03-02"  # type: ignore[union-attr]
    assert f.veld("limiet").waarde == "120"  # type: ignore[union-attr]
    assert "Beheerder" not in pagina.get_data(as_text=True).split("<form")[-1]


def test_the_beheerder_registers_a_client_and_sees_its_token_once(
    client: FlaskClient, beheerder: Gebruiker
) -> None:
    f = formulier(client.get(NIEUW).get_data(as_text=True), NIEUW)
    gegevens = f.gegevens(
        naam="Open Formulieren",
        omschrijving="Aanmeldformulier op de website",
        rollen=["regisseur:ipta", "manager"],
        geldig_tot="2026-12-31",
        limiet="60",
    )
    antwoord = client.post(NIEUW, data=gegevens)

    # the answer to the POST is the page with the token (no redirect), never cached
    assert antwoord.status_code == 200
    assert antwoord.headers["Cache-Control"] == "no-store"
    html = antwoord.get_data(as_text=True)
    token = _token_op(antwoord)
    assert html.count(token) == 2  # the field to copy from, and the curl example
    assert f'curl -H "Authorization: Bearer {token}" http://localhost/api/v1/catalogus' in html
    assert "API-client &#39;Open Formulieren&#39; geregistreerd." in html
    assert "U ziet dit token maar één keer." in html
    # the session cookie never holds it, nor does any URL
    assert token not in _sessie(client)
    assert token not in antwoord.headers.get("Location", "")

    [c] = db.session.scalars(select(Apiclient)).all()
    assert (c.naam, c.omschrijving, c.limiet_per_minuut) == (
        "Open Formulieren",
        "Aanmeldformulier op de website",
        60,
    )
    assert str(c.geldig_tot) == "2026-12-31"
    assert rolcodes(c.gebruiker) == ["manager", "regisseur:ipta"]
    assert c.aangemaakt_door_id == beheerder.id
    assert c.token_begin == token[:10]
    # it works against the API
    assert Api(client, token, c).get("/api/v1/catalogus").status_code == 200
    [record] = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "api.client_aangemaakt")
    ).all()
    assert (record.gebruiker_id, record.object_id, record.details) == (
        beheerder.id,
        str(c.id),
        {"rollen": ["manager", "regisseur:ipta"]},
    )

    # the same form again (a reload of the answer, a double click): one client, and the
    # token is not shown again
    nog_eens = client.post(NIEUW, data=gegevens, follow_redirects=True)
    assert nog_eens.request.path == "/beheer/api-clients"
    tekst = nog_eens.get_data(as_text=True)
    assert "Dit formulier was al verwerkt; er is niets dubbel vastgelegd." in tekst
    assert not TOKEN.search(tekst)
    assert _aantal() == 1

    # the list: name, roles in Dutch, last day, the token's first characters, status,
    # registered when and by whom
    rij = re.search(r"<tr>\s*<td><a[^>]*>Open Formulieren</a>.*?</tr>", tekst, re.S)
    assert rij, tekst
    cellen = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", rij[0])]
    assert cellen == [
        "Open Formulieren",
        "Manager, Regisseur IPTA",
        "31-12-2026",
        f"{token[:10]}…",
        "Actief",
        f"02-03-2026 11:00, door {beheerder.naam}",
    ]
    # the client's page: only the first characters
    pagina = client.get(f"/beheer/api-clients/{c.id}").get_data(as_text=True)
    assert f"{token[:10]}…" in pagina
    assert token not in pagina
    assert "31 december 2026" in pagina


def test_a_refused_registration_comes_back_filled_in(
    client: FlaskClient, beheerder: Gebruiker
) -> None:
    # the fields' own checks, all at once
    antwoord = client.post(
        NIEUW,
        data=ingevuld(naam="x!", omschrijving="Datawarehouse", geldig_tot="2025-12-31", limiet="0"),
    )
    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    assert _veldfout(html, "geldig_tot") == (
        "De laatste dag ligt in het verleden; kies vandaag of later."
    )
    assert _veldfout(html, "naam") == (
        "Een clientnaam heeft 2 tot 60 tekens: letters, cijfers, spatie, punt, streepje en "
        "liggend streepje."
    )
    assert _veldfout(html, "rollen") == "Kies ten minste één rol."
    assert _veldfout(html, "limiet") == "Vul een getal in van 1 tot en met 10000."
    assert "Er zijn dingen niet goed ingevuld" in html
    f = formulier(html, NIEUW)
    assert [f.veld(v).waarde for v in ("naam", "geldig_tot", "limiet")] == [  # type: ignore[union-attr]
        "x!",
        "2025-12-31",
        "0",
    ]
    assert f.veld("omschrijving").waarde.strip() == "Datawarehouse"  # type: ignore[union-attr]

    # the longest validity (the service's rule, checked at the door too) at its field;
    # the roles still ticked
    antwoord = client.post(
        NIEUW,
        data=f.gegevens(
            naam="Datawarehouse", rollen=["manager"], geldig_tot="2027-03-04", limiet="30"
        ),
    )
    html = antwoord.get_data(as_text=True)
    assert _veldfout(html, "geldig_tot") == (
        "Een token is hoogstens 366 dagen geldig; kies een eerdere datum."
    )
    f = formulier(html, NIEUW)
    assert [v.waarde for v in f.velden if v.naam == "rollen" and v.aangevinkt] == ["manager"]
    assert f.veld("naam").waarde == "Datawarehouse"  # type: ignore[union-attr]
    assert f.veld("limiet").waarde == "30"  # type: ignore[union-attr]
    assert not TOKEN.search(html)
    assert _aantal() == 0
    # refused at the door: the service was never asked, so nothing was refused there
    assert (
        db.session.scalars(select(AuditRecord).where(AuditRecord.uitkomst == "geweigerd")).all()
        == []
    )

    # corrected: registered
    antwoord = client.post(NIEUW, data=f.gegevens(geldig_tot="2027-03-03"))
    assert antwoord.status_code == 200
    _token_op(antwoord)
    assert _aantal() == 1


def test_a_name_in_use_and_a_role_not_offered_are_refused_at_their_field(
    client: FlaskClient, beheerder: Gebruiker
) -> None:
    api_client(client, "manager", naam="Datawarehouse")
    html = client.post(
        NIEUW,
        data=ingevuld(
            naam="Datawarehouse", rollen=["manager"], geldig_tot="2026-06-01", limiet="10"
        ),
    ).get_data(as_text=True)
    assert _veldfout(html, "naam") == "Er is al een API-client met de naam 'Datawarehouse'."
    html = client.post(
        NIEUW,
        data=ingevuld(naam="Privacy", rollen=["privacy"], geldig_tot="2026-06-01", limiet="10"),
    ).get_data(as_text=True)
    assert _veldfout(html, "rollen") == "Kies een van de mogelijkheden."
    assert _aantal() == 1


def test_change_rotate_and_revoke_through_the_pages(
    client: FlaskClient, beheerder: Gebruiker
) -> None:
    api = api_client(client, "regisseur:rio", naam="ZVH-systeem")
    c = api.client
    pad = f"/beheer/api-clients/{c.id}"
    pagina = client.get(pad).get_data(as_text=True)
    f = formulier(pagina, pad)
    assert [v.waarde for v in f.velden if v.naam == "rollen" and v.aangevinkt] == ["regisseur:rio"]

    # change: roles, last day, limit, description
    antwoord = client.post(
        pad,
        data=f.gegevens(
            rollen=["regisseur:rio", "triage:rio"],
            geldig_tot="2026-09-30",
            limiet="15",
            omschrijving="Zorg- en Veiligheidshuis",
        ),
    )
    assert antwoord.status_code == 302
    db.session.expire_all()
    assert rolcodes(c.gebruiker) == ["regisseur:rio", "triage:rio"]
    assert (str(c.geldig_tot), c.limiet_per_minuut, c.omschrijving) == (
        "2026-09-30",
        15,
        "Zorg- en Veiligheidshuis",
    )
    # a refused change comes back filled in, with the error at its field
    f = formulier(client.get(pad).get_data(as_text=True), pad)
    html = client.post(
        pad, data=f.gegevens(rollen=["manager"], geldig_tot="2025-12-31", limiet="25")
    ).get_data(as_text=True)
    assert (
        _veldfout(html, "geldig_tot")
        == "De laatste dag ligt in het verleden; kies vandaag of later."
    )
    terug = formulier(html, pad)
    assert terug.veld("limiet").waarde == "25"  # type: ignore[union-attr]
    assert [v.waarde for v in terug.velden if v.naam == "rollen" and v.aangevinkt] == ["manager"]
    db.session.expire_all()
    assert c.limiet_per_minuut == 15

    # rotate: the answer shows the new token once; the old one stops at once
    vernieuw = formulier(client.get(pad).get_data(as_text=True), f"{pad}/token")
    gegevens = vernieuw.gegevens()
    antwoord = client.post(f"{pad}/token", data=gegevens)
    assert antwoord.status_code == 200
    nieuw = _token_op(antwoord)
    assert nieuw != api.token
    assert "Het vorige token werkt vanaf nu niet meer." in antwoord.get_data(as_text=True)
    assert api.get("/api/v1/catalogus").status_code == 401
    assert Api(client, nieuw, c).get("/api/v1/catalogus").status_code == 200
    # sent again: not rotated a second time, no token shown
    nog_eens = client.post(f"{pad}/token", data=gegevens)
    assert nog_eens.status_code == 302
    assert Api(client, nieuw, c).get("/api/v1/catalogus").status_code == 200

    # revoke: only with the box ticked
    html = client.post(f"{pad}/intrekken", data=ingevuld()).get_data(as_text=True)
    assert "Vink aan dat u de client wilt intrekken." in html
    db.session.expire_all()
    assert c.ingetrokken_op is None
    antwoord = client.post(f"{pad}/intrekken", data=ingevuld(bevestigd="y"), follow_redirects=True)
    assert "API-client &#39;ZVH-systeem&#39; ingetrokken; het token werkt niet meer." in (
        antwoord.get_data(as_text=True)
    )
    assert Api(client, nieuw, c).get("/api/v1/catalogus").status_code == 401
    db.session.expire_all()
    assert c.ingetrokken_op is not None
    assert not c.gebruiker.actief
    # the page shows it revoked, without the forms
    html = client.get(pad).get_data(as_text=True)
    assert "Ingetrokken, sinds 02-03-2026 11:00" in html
    assert f"{pad}/token" not in html
    assert [
        r.actie
        for r in db.session.scalars(
            select(AuditRecord)
            .where(AuditRecord.actie.startswith("api.client"), AuditRecord.uitkomst == "ok")
            .order_by(AuditRecord.id)
        )
    ] == ["api.client_aangemaakt", "api.client_gewijzigd", "api.client_ingetrokken"]
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditRecord)
            .where(AuditRecord.actie == "api.token_vernieuwd")
        )
        == 1
    )


@pytest.mark.parametrize("rol", ["regisseur:ipta", "manager"])
def test_the_pages_are_404_for_a_regisseur_and_a_manager(
    client: FlaskClient, maak_gebruiker_: Any, rol: str
) -> None:
    api = api_client(client, "manager", naam="Datawarehouse")
    login(client, maak_gebruiker_(rol))
    pad = f"/beheer/api-clients/{api.client.id}"
    for url in ("/beheer/api-clients", NIEUW, pad, f"{pad}/intrekken"):
        assert client.get(url).status_code == 404, url
    for url in (NIEUW, pad, f"{pad}/token", f"{pad}/intrekken"):
        antwoord = client.post(
            url,
            data=ingevuld(
                naam="Ander", rollen=["manager"], geldig_tot="2026-06-01", limiet="5", bevestigd="y"
            ),
        )
        assert antwoord.status_code == 404, url
    assert _aantal() == 1
    db.session.expire_all()
    assert api.client.ingetrokken_op is None
    assert api.get("/api/v1/catalogus").status_code == 200
    # no menu entry for them
    assert "API-clients" not in client.get("/").get_data(as_text=True)
