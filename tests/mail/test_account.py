"""Mijn account: one's own e-mail address and digest choice, saved and audit-logged; a
bad address refused at its field with the form filled in as sent."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.auth.models import DIGESTS, Gebruiker
from casus.extensions import db
from casus.mail.voorkeur import DIGESTKEUZES, EMAIL_NODIG, EMAIL_ONGELDIG
from tests.hulp.client import login
from tests.hulp.formulieren import Formulier, formulieren

ACTIE = "auth.mailvoorkeur_gewijzigd"


@pytest.fixture
def jan(client: FlaskClient, maak_gebruiker_: Callable[..., Gebruiker]) -> Gebruiker:
    j = maak_gebruiker_("regisseur:ipta", naam="jan")
    db.session.commit()
    assert login(client, j).status_code == 302
    return j


def mailformulier(html: str) -> Formulier:
    [form] = [f for f in formulieren(html, "/account") if f.veld("mail-email") is not None]
    return form


def veldfout(html: str, veld: str) -> str:
    gevonden = re.search(rf'id="{veld}-fout">([^<]*)<', html)
    return gevonden.group(1).strip() if gevonden else ""


def gekozen(html: str) -> str | None:
    return next(
        (v.waarde for v in mailformulier(html).velden if v.naam == "mail-digest" and v.aangevinkt),
        None,
    )


def records() -> list[AuditRecord]:
    return list(
        db.session.scalars(
            select(AuditRecord).where(AuditRecord.actie == ACTIE).order_by(AuditRecord.id)
        )
    )


def test_the_choices_are_the_models() -> None:
    assert tuple(DIGESTKEUZES) == DIGESTS


def test_the_page_explains_the_mail_holds_only_counts(client: FlaskClient, jan: Gebruiker) -> None:
    html = client.get("/account").get_data(as_text=True)
    assert "In die e-mail staat alleen hoeveel meldingen er zijn" in html
    assert "Namen, casusnummers en andere gegevens uit casussen staan er nooit in." in html
    form = mailformulier(html)
    assert form.actie == "/account"
    assert [v.waarde for v in form.velden if v.naam == "mail-digest"] == list(DIGESTS)
    assert gekozen(html) == "geen"
    for label in ("Geen e-mail", "Dagelijks", "Wekelijks"):
        assert f">{label}</label>" in html


def test_the_form_saves_and_is_audited(client: FlaskClient, jan: Gebruiker) -> None:
    form = mailformulier(client.get("/account").get_data(as_text=True))
    antwoord = client.post(
        "/account",
        data=form.gegevens(**{"mail-email": " jan@gemeente.example ", "mail-digest": "wekelijks"}),
    )
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"] == "/account"
    db.session.expire_all()
    assert (jan.email, jan.digest) == ("jan@gemeente.example", "wekelijks")
    [r] = records()
    assert (r.gebruiker_id, r.object_type, r.object_id) == (jan.id, "gebruiker", str(jan.id))
    assert r.details == {"digest": "wekelijks", "email_gewijzigd": True}
    assert "jan@gemeente.example" not in str(r.inhoud())

    html = client.get("/account").get_data(as_text=True)
    assert "Uw e-mailinstellingen zijn opgeslagen." in html
    assert mailformulier(html).veld("mail-email").waarde == "jan@gemeente.example"  # type: ignore[union-attr]
    assert gekozen(html) == "wekelijks"

    # turning it off keeps the address; sending the same again changes and logs nothing
    form = mailformulier(html)
    assert client.post("/account", data=form.gegevens(**{"mail-digest": "geen"})).status_code == 302
    form = mailformulier(client.get("/account").get_data(as_text=True))
    assert client.post("/account", data=form.gegevens()).status_code == 302
    assert "Er is niets gewijzigd." in client.get("/account").get_data(as_text=True)
    db.session.expire_all()
    assert (jan.email, jan.digest) == ("jan@gemeente.example", "geen")
    assert [r.details for r in records()] == [
        {"digest": "wekelijks", "email_gewijzigd": True},
        {"digest": "geen", "email_gewijzigd": False},
    ]


@pytest.mark.parametrize(
    ("email", "digest", "melding"),
    [
        ("jan at gemeente.example", "wekelijks", EMAIL_ONGELDIG),
        ("jan@gemeente", "dagelijks", EMAIL_ONGELDIG),
        ("jan@gemeente.example, piet@gemeente.example", "dagelijks", EMAIL_ONGELDIG),
        ("Jan <jan@gemeente.example>", "geen", EMAIL_ONGELDIG),
        ("", "dagelijks", EMAIL_NODIG),
        ("j" * 250 + "@x.nl", "dagelijks", "Een e-mailadres heeft hoogstens 254 tekens."),
    ],
)
def test_a_bad_address_is_refused_at_its_field_and_the_form_keeps_the_values(
    client: FlaskClient, jan: Gebruiker, email: str, digest: str, melding: str
) -> None:
    form = mailformulier(client.get("/account").get_data(as_text=True))
    antwoord = client.post(
        "/account", data=form.gegevens(**{"mail-email": email, "mail-digest": digest})
    )
    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    assert veldfout(html, "mail-email") == melding
    assert "Er is iets niet goed ingevuld" in html
    teruggezet = mailformulier(html)
    assert teruggezet.veld("mail-email").waarde == email  # type: ignore[union-attr]
    assert gekozen(html) == digest
    # the password form next to it is untouched and not judged
    assert veldfout(html, "huidig") == ""
    db.session.expire_all()
    assert (jan.email, jan.digest) == (None, "geen")
    assert records() == []


def test_a_choice_that_is_not_offered_is_refused(client: FlaskClient, jan: Gebruiker) -> None:
    form = mailformulier(client.get("/account").get_data(as_text=True))
    antwoord = client.post(
        "/account",
        data=form.gegevens(**{"mail-email": "jan@gemeente.example", "mail-digest": "elk_uur"}),
    )
    assert antwoord.status_code == 200
    assert veldfout(antwoord.get_data(as_text=True), "mail-digest") == (
        "Kies een van de mogelijkheden."
    )
    db.session.expire_all()
    assert jan.digest == "geen"
