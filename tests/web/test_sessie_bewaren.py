"""No typed work lost: the idle warning's keepalive, a form kept on the server when it
arrives after the session expired (and given back after logging in), and a form sent
again after Back that creates nothing twice."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeSerializer
from sqlalchemy import select
from wtforms import PasswordField, StringField

from casus.audit.models import AuditRecord
from casus.auth import formulierbewaring
from casus.auth.models import Sessie
from casus.casussen.models import Casus, Notitie
from casus.extensions import db
from casus.werkplek.formulier import PLEK, Formulier, lees_plek
from casus.werkplek.models import BewaardFormulier
from tests.hulp.client import login
from tests.hulp.databaseinhoud import aantal
from tests.hulp.formulieren import formulier
from tests.hulp.klok import stil

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TEKST = "Gesprek met moeder over school; afspraak volgende week."
TERUG = (
    "Uw sessie was verlopen. Wat u had ingevuld staat er weer; controleer het en verstuur opnieuw."
)
AL_VERSTUURD = "Dit formulier was al verstuurd; de notitie is één keer opgeslagen."

pytestmark = pytest.mark.klok(START)


@pytest.fixture
def ik(maak_gebruiker_: Any) -> Any:
    return maak_gebruiker_("regisseur:pga_jeugd", naam="mvisser")


@pytest.fixture
def actief(maak_casus: Any, ik: Any) -> Casus:
    casus = maak_casus("pga_jeugd", "actief", regisseur=ik)
    db.session.commit()
    return casus


@contextmanager
def csrf_aan(app: Flask) -> Iterator[None]:
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def _laatst_actief() -> datetime:
    db.session.expire_all()
    moment = db.session.scalar(select(Sessie.laatst_actief_op))
    assert moment is not None
    return moment


def _notitieform(client: FlaskClient, casus: Casus, tekst: str = TEKST) -> dict[str, Any]:
    pagina = client.get(f"/casus/{casus.id}").get_data(as_text=True)
    form = formulier(pagina, f"/casus/{casus.id}/notitie", pad=f"/casus/{casus.id}")
    return form.gegevens(
        **{"notitie-soort": "notitie", "notitie-datum": "2026-03-01", "notitie-tekst": tekst}
    )


def _textarea(pagina: str, naam: str) -> str:
    gevonden = re.search(rf'<textarea[^>]*name="{naam}"[^>]*>(.*?)</textarea>', pagina, re.S)
    assert gevonden, f"geen textarea {naam}"
    return html.unescape(gevonden.group(1)).strip()


def _bewaarcookie(antwoord: Any) -> str:
    kop = next(
        (c for c in antwoord.headers.getlist("Set-Cookie") if c.startswith("casus_bewaard=")), ""
    )
    assert kop, antwoord.headers
    return kop


# -- the keepalive -----------------------------------------------------------------------


def test_keepalive_sets_the_last_activity_to_now_and_answers_json(
    client: FlaskClient, ik: Any
) -> None:
    db.session.commit()
    login(client, ik)
    # 20 seconds: too soon for the ordinary activity write (every 30 s), so only the
    # keepalive moves it
    with stil(START + timedelta(seconds=20)):
        antwoord = client.post("/sessie/verlengen")
    assert antwoord.status_code == 200
    assert antwoord.get_json() == {"ingelogd": True, "seconden": 15 * 60}
    assert _laatst_actief() == START + timedelta(seconds=20)


def test_keepalive_after_fourteen_minutes_keeps_the_session_for_fifteen_more(
    client: FlaskClient, ik: Any
) -> None:
    db.session.commit()
    login(client, ik)
    with stil(START + timedelta(minutes=14)):
        assert client.post("/sessie/verlengen").status_code == 200
    # 14 + 14 = 28 minutes after logging in, 14 after the keepalive: still logged in
    with stil(START + timedelta(minutes=28)):
        assert client.get("/").status_code == 200


def test_keepalive_without_csrf_token_is_refused_and_extends_nothing(
    app: Flask, client: FlaskClient, ik: Any
) -> None:
    db.session.commit()
    login(client, ik)
    with csrf_aan(app):
        pagina = client.get("/").get_data(as_text=True)
        token = re.search(r'<meta name="csrf-token" content="([^"]+)">', pagina)
        assert token is not None
        with stil(START + timedelta(seconds=20)):
            zonder = client.post("/sessie/verlengen")
            verkeerd = client.post("/sessie/verlengen", headers={"X-CSRFToken": "vals"})
        assert (zonder.status_code, verkeerd.status_code) == (400, 400)
        assert zonder.get_json()["melding"] == "Verlengen lukte niet. Laad de pagina opnieuw."
        assert _laatst_actief() == START
        with stil(START + timedelta(seconds=25)):
            goed = client.post("/sessie/verlengen", headers={"X-CSRFToken": token.group(1)})
        assert goed.status_code == 200
        assert _laatst_actief() == START + timedelta(seconds=25)


def test_keepalive_anonymous_or_expired_answers_401_json(
    app: Flask, client: FlaskClient, ik: Any
) -> None:
    db.session.commit()
    with csrf_aan(app):
        anoniem = client.post("/sessie/verlengen")
    assert anoniem.status_code == 401
    assert anoniem.get_json()["ingelogd"] is False
    login(client, ik)
    with stil(START + timedelta(minutes=15, seconds=1)):
        verlopen = client.post("/sessie/verlengen")
    assert verlopen.status_code == 401
    assert verlopen.get_json() == {
        "ingelogd": False,
        "melding": "Uw sessie is al verlopen. Wat u hebt ingevuld blijft staan: verstuur het "
        "formulier; na opnieuw inloggen staat het er weer, zodat u het kunt controleren.",
    }
    # the keepalive does not bring an ended session back
    db.session.expire_all()
    assert db.session.scalar(select(Sessie.beeindigd_op)) == START + timedelta(
        minutes=15, seconds=1
    )


def test_keepalive_is_audit_neutral(client: FlaskClient, ik: Any) -> None:
    db.session.commit()
    login(client, ik)
    voor = aantal(AuditRecord)
    with stil(START + timedelta(minutes=1)):
        assert client.post("/sessie/verlengen").status_code == 200
    assert aantal(AuditRecord) == voor


def test_pages_carry_the_keepalive_address_and_csrf_meta_only_when_logged_in(
    app: Flask, client: FlaskClient, ik: Any
) -> None:
    db.session.commit()
    with csrf_aan(app):
        anoniem = client.get("/inloggen").get_data(as_text=True)
        assert "csrf-token" not in anoniem
        assert "data-sessie-verlengen" not in anoniem
    login(client, ik)
    with csrf_aan(app):
        pagina = client.get("/").get_data(as_text=True)
    assert 'data-sessie-verlengen="/sessie/verlengen"' in pagina
    assert '<meta name="csrf-token" content="' in pagina


# -- a form kept when the session expired ---------------------------------------------------


def test_a_note_sent_after_the_idle_timeout_comes_back_after_logging_in(
    client: FlaskClient, ik: Any, actief: Casus
) -> None:
    login(client, ik)
    data = _notitieform(client, actief)
    with stil(START + timedelta(minutes=16)):
        antwoord = client.post(f"/casus/{actief.id}/notitie", data=data)
        assert antwoord.status_code == 302
        assert antwoord.headers["Location"] == "/inloggen"
        assert "Log opnieuw in; daarna staat wat u had ingevuld er weer." in client.get(
            "/inloggen"
        ).get_data(as_text=True)
        assert aantal(Notitie) == 0
        rij = db.session.scalar(select(BewaardFormulier))
        assert rij is not None
        assert (rij.gebruiker_id, rij.pagina) == (ik.id, f"/casus/{actief.id}")
        assert rij.verloopt_op == START + timedelta(minutes=16 + 30)
        opgeslagen = dict(json.loads(rij.velden))
        assert opgeslagen["notitie-tekst"] == TEKST
        # neither token is kept, nor the form's place
        assert not [n for n in opgeslagen if n.endswith("token") or n == PLEK]

        # logging in again leads back to the case page, not the start page
        assert login(client, ik).headers["Location"] == f"/casus/{actief.id}"
        pagina = client.get(f"/casus/{actief.id}").get_data(as_text=True)
    assert _textarea(pagina, "notitie-tekst") == TEKST
    form = formulier(pagina, f"/casus/{actief.id}/notitie", pad=f"/casus/{actief.id}")
    assert form.gegevens()["notitie-soort"] == "notitie"
    assert form.gegevens()["notitie-datum"] == "2026-03-01"
    assert TERUG in html.unescape(pagina)
    assert aantal(Notitie) == 0  # not submitted for the user
    assert aantal(BewaardFormulier) == 0  # handed back once, then deleted
    # once: the next view of the page has an empty form again
    with stil(START + timedelta(minutes=17)):
        opnieuw = client.get(f"/casus/{actief.id}").get_data(as_text=True)
    assert _textarea(opnieuw, "notitie-tekst") == ""
    acties = db.session.scalars(
        select(AuditRecord.actie).where(AuditRecord.actie.like("formulier.%"))
    ).all()
    assert acties == ["formulier.bewaard", "formulier.teruggezet"]
    bewaard = db.session.scalar(select(AuditRecord).where(AuditRecord.actie == "formulier.bewaard"))
    assert bewaard is not None
    assert (bewaard.gebruiker_id, bewaard.casus_id) == (ik.id, actief.id)


def test_the_restored_note_can_be_sent_and_is_saved_once(
    client: FlaskClient, ik: Any, actief: Casus
) -> None:
    login(client, ik)
    data = _notitieform(client, actief)
    with stil(START + timedelta(minutes=16)):
        client.post(f"/casus/{actief.id}/notitie", data=data)
        login(client, ik)
        pagina = client.get(f"/casus/{actief.id}").get_data(as_text=True)
        form = formulier(pagina, f"/casus/{actief.id}/notitie", pad=f"/casus/{actief.id}")
        opnieuw = form.gegevens()
        assert opnieuw["notitie-token"] != data["notitie-token"]  # a fresh token
        assert client.post(f"/casus/{actief.id}/notitie", data=opnieuw).status_code == 302
    assert db.session.scalars(select(Notitie.tekst)).all() == [TEKST]


def test_after_a_log_in_with_a_code_the_form_comes_back_too(
    client: FlaskClient, ik: Any, actief: Casus
) -> None:
    geheim = pyotp.random_base32()
    ik.mfa_geheim, ik.mfa_actief = geheim, True
    db.session.commit()
    login(client, ik)
    client.post("/inloggen/code", data={"code": pyotp.TOTP(geheim).at(START)})
    data = _notitieform(client, actief)
    moment = START + timedelta(minutes=16)
    with stil(moment):
        client.post(f"/casus/{actief.id}/notitie", data=data)
        # the password alone does not lead back yet: the code comes first
        assert login(client, ik).headers["Location"] == "/inloggen/code"
        antwoord = client.post("/inloggen/code", data={"code": pyotp.TOTP(geheim).at(moment)})
        assert antwoord.headers["Location"] == f"/casus/{actief.id}"
        pagina = client.get(f"/casus/{actief.id}").get_data(as_text=True)
    assert _textarea(pagina, "notitie-tekst") == TEKST


def test_the_cookie_is_httponly_samesite_strict_and_holds_only_a_random_key(
    client: FlaskClient, ik: Any, actief: Casus
) -> None:
    login(client, ik)
    data = _notitieform(client, actief)
    with stil(START + timedelta(minutes=16)):
        antwoord = client.post(f"/casus/{actief.id}/notitie", data=data)
    kop = _bewaarcookie(antwoord)
    delen = [d.strip().lower() for d in kop.split(";")]
    assert "httponly" in delen
    assert "samesite=strict" in delen
    assert "path=/" in delen
    assert "max-age=1800" in delen
    sleutel = kop.split(";", 1)[0].split("=", 1)[1]
    assert TEKST.split()[0] not in sleutel
    rij = db.session.scalar(select(BewaardFormulier))
    assert rij is not None
    assert sleutel != rij.sleutel_hash  # only its hash is stored
    assert len(rij.sleutel_hash) == 64


def test_another_user_logging_in_on_that_browser_gets_nothing(
    client: FlaskClient, ik: Any, actief: Casus, maak_gebruiker_: Any
) -> None:
    collega = maak_gebruiker_("triage:pga_jeugd", naam="collega")
    db.session.commit()
    login(client, ik)
    data = _notitieform(client, actief)
    with stil(START + timedelta(minutes=16)):
        client.post(f"/casus/{actief.id}/notitie", data=data)
        assert login(client, collega).headers["Location"] == "/"
        pagina = client.get(f"/casus/{actief.id}").get_data(as_text=True)
    assert _textarea(pagina, "notitie-tekst") == ""
    assert TERUG not in html.unescape(pagina)
    assert aantal(BewaardFormulier) == 0  # deleted at the other user's log-in


def test_a_kept_form_is_gone_after_its_lifetime(
    client: FlaskClient, ik: Any, actief: Casus
) -> None:
    login(client, ik)
    data = _notitieform(client, actief)
    with stil(START + timedelta(minutes=16)):
        client.post(f"/casus/{actief.id}/notitie", data=data)
    assert aantal(BewaardFormulier) == 1
    with stil(START + timedelta(minutes=16 + 31)):
        assert login(client, ik).headers["Location"] == "/"
        pagina = client.get(f"/casus/{actief.id}").get_data(as_text=True)
    assert _textarea(pagina, "notitie-tekst") == ""
    assert aantal(BewaardFormulier) == 0  # purged at the log-in


def test_a_browser_without_the_cookie_gets_nothing(
    app: Flask, client: FlaskClient, ik: Any, actief: Casus
) -> None:
    login(client, ik)
    data = _notitieform(client, actief)
    with stil(START + timedelta(minutes=16)):
        client.post(f"/casus/{actief.id}/notitie", data=data)
        ander = app.test_client()  # another browser, same user
        assert login(ander, ik).headers["Location"] == "/"
        pagina = ander.get(f"/casus/{actief.id}").get_data(as_text=True)
    assert _textarea(pagina, "notitie-tekst") == ""


def test_a_form_with_a_forged_place_is_not_kept(
    client: FlaskClient, ik: Any, actief: Casus
) -> None:
    login(client, ik)
    data = _notitieform(client, actief)
    data[PLEK] = data[PLEK][:-3] + "abc"  # the signature no longer matches
    with stil(START + timedelta(minutes=16)):
        antwoord = client.post(f"/casus/{actief.id}/notitie", data=data)
    assert antwoord.status_code == 302
    assert "casus_bewaard=" not in " ".join(antwoord.headers.getlist("Set-Cookie"))
    assert aantal(BewaardFormulier) == 0


def test_password_fields_are_never_kept(app: Flask, ik: Any) -> None:
    db.session.commit()

    class MetWachtwoord(Formulier):
        naam = StringField("Naam")
        geheim = PasswordField("Geheim")

    with app.test_request_context("/beheer/gebruiker/1"):
        plek = lees_plek(MetWachtwoord().token.plek)
    assert plek is not None
    assert plek.velden == ("naam",)
    assert plek.pagina == "/beheer/gebruiker/1"
    gegevens = {
        "naam": "Jansen",
        "geheim": "Zomer2026!geheim",
        "wachtwoord": "Zomer2026!ook",  # even a name not on the form's list
        "csrf_token": "abc",
        "token": "xyz",
        PLEK: MetWachtwoord.__name__,
    }
    with app.test_request_context("/beheer/gebruiker/1"):
        gegevens[PLEK] = MetWachtwoord().token.plek or ""
    with app.test_request_context("/beheer/gebruiker/1/rollen", method="POST", data=gegevens):
        assert formulierbewaring.bewaar_formulier(ik.id) is not None
    db.session.commit()
    rij = db.session.scalar(select(BewaardFormulier))
    assert rij is not None
    assert json.loads(rij.velden) == [["naam", "Jansen"]]


def test_a_form_posted_after_the_session_ended_elsewhere_is_kept_despite_csrf(
    app: Flask, client: FlaskClient, ik: Any, actief: Casus
) -> None:
    """The session ended first (the warning's keepalive found it expired): the Flask
    session and its CSRF token are gone, so the form fails the CSRF check."""
    login(client, ik)
    with csrf_aan(app):
        data = _notitieform(client, actief)
        with stil(START + timedelta(minutes=16)):
            assert client.post("/sessie/verlengen").status_code == 401
            antwoord = client.post(f"/casus/{actief.id}/notitie", data=data)
        assert antwoord.status_code == 302
        assert antwoord.headers["Location"] == "/inloggen"
    rij = db.session.scalar(select(BewaardFormulier))
    assert rij is not None
    assert rij.gebruiker_id == ik.id
    assert dict(json.loads(rij.velden))["notitie-tekst"] == TEKST


def test_a_stale_csrf_token_with_an_expired_session_keeps_the_form(
    app: Flask, client: FlaskClient, ik: Any, actief: Casus
) -> None:
    """CSRF is checked before the session: a form whose CSRF token is invalid, in a
    browser whose session has just expired, is kept for that user as well."""
    login(client, ik)
    with csrf_aan(app):
        data = _notitieform(client, actief)
        data["csrf_token"] = "verlopen"
        with stil(START + timedelta(minutes=16)):
            antwoord = client.post(f"/casus/{actief.id}/notitie", data=data)
    assert antwoord.headers["Location"] == "/inloggen"
    assert aantal(BewaardFormulier) == 1
    db.session.expire_all()
    assert db.session.scalar(select(Sessie.beeindigd_op)) is not None


def test_without_a_known_user_a_csrf_failure_stays_the_error_page(
    app: Flask, client: FlaskClient, ik: Any, actief: Casus
) -> None:
    login(client, ik)
    data = _notitieform(client, actief)
    anoniem = app.test_client()  # never logged in: no one to keep it for
    with csrf_aan(app):
        antwoord = anoniem.post(f"/casus/{actief.id}/notitie", data=data)
    assert antwoord.status_code == 400
    assert aantal(BewaardFormulier) == 0


# -- a repeated submission -----------------------------------------------------------------


def test_back_and_send_again_with_a_fresh_token_saves_the_note_once(
    client: FlaskClient, ik: Any, actief: Casus
) -> None:
    login(client, ik)
    eerste = _notitieform(client, actief)
    assert client.post(f"/casus/{actief.id}/notitie", data=eerste).status_code == 302
    # Back: the page comes again from the server with a new token; the browser fills
    # the fields in as they were
    tweede = _notitieform(client, actief)
    assert tweede["notitie-token"] != eerste["notitie-token"]
    antwoord = client.post(f"/casus/{actief.id}/notitie", data=tweede)
    # answered as the first: back on the case page, with a message, not an error
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].startswith(f"/casus/{actief.id}")
    pagina = html.unescape(client.get(antwoord.headers["Location"]).get_data(as_text=True))
    assert AL_VERSTUURD in pagina
    assert db.session.scalars(select(Notitie.tekst)).all() == [TEKST]


def test_the_same_note_sent_again_after_ten_minutes_is_a_new_note(
    client: FlaskClient, ik: Any, actief: Casus
) -> None:
    login(client, ik)
    client.post(f"/casus/{actief.id}/notitie", data=_notitieform(client, actief))
    with stil(START + timedelta(minutes=10, seconds=1)):
        client.post(f"/casus/{actief.id}/notitie", data=_notitieform(client, actief))
    assert aantal(Notitie) == 2


def test_a_different_note_sent_right_after_is_saved(
    client: FlaskClient, ik: Any, actief: Casus
) -> None:
    login(client, ik)
    client.post(f"/casus/{actief.id}/notitie", data=_notitieform(client, actief))
    client.post(f"/casus/{actief.id}/notitie", data=_notitieform(client, actief, "Tweede."))
    assert sorted(db.session.scalars(select(Notitie.tekst)).all()) == sorted([TEKST, "Tweede."])


def test_the_same_note_by_another_user_is_saved(
    client: FlaskClient, app: Flask, ik: Any, actief: Casus, maak_gebruiker_: Any
) -> None:
    collega = maak_gebruiker_("triage:pga_jeugd", naam="collega")
    db.session.commit()
    login(client, ik)
    client.post(f"/casus/{actief.id}/notitie", data=_notitieform(client, actief))
    ander = app.test_client()
    login(ander, collega)
    ander.post(f"/casus/{actief.id}/notitie", data=_notitieform(ander, actief))
    assert aantal(Notitie) == 2


def test_the_form_place_is_signed_and_names_the_page(app: Flask) -> None:
    with app.test_request_context("/casus/7?weergave=alles"):
        plek = lees_plek(Formulier(prefix="notitie").token.plek)
    assert plek is not None
    assert (plek.pagina, plek.formulier) == ("/casus/7?weergave=alles", "Formulier:notitie")
    assert lees_plek("nep") is None
    # a place pointing to another host is refused even when signed
    with app.test_request_context("/"):
        vals = URLSafeSerializer(app.config["SECRET_KEY"], salt="casus-formulierplek").dumps(
            ["//elders.example/x", "Formulier:", []]
        )
    assert lees_plek(vals) is None
