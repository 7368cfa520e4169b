"""Signal forms submitted twice register or decide once; a decision from a page opened
before someone else decided is refused, in Dutch, and the refusal is logged."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.casussen.models import Casus
from casus.extensions import db
from casus.signalen.models import Signaal
from tests.hulp.client import login
from tests.hulp.formulieren import formulier

AL_VERWERKT = "Dit formulier was al verwerkt; er is niets dubbel vastgelegd."


pytestmark = pytest.mark.klok(date(2025, 3, 10))


def ingelogd(app: Flask, gebruiker: Any) -> FlaskClient:
    db.session.commit()
    client = app.test_client()
    login(client, gebruiker)
    return client


def aantal(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def uitkomsten(actie: str) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditRecord.uitkomst).where(AuditRecord.actie == actie).order_by(AuditRecord.id)
        )
    )


def test_the_new_signal_form_posted_twice_registers_one_signal(
    app: Flask, maak_gebruiker_: Any
) -> None:
    client = ingelogd(app, maak_gebruiker_("regisseur:ondermijning"))
    form = formulier(
        client.get("/signalen/nieuw").get_data(as_text=True),
        "/signalen/nieuw",
        pad="/signalen/nieuw",
    )
    data = form.gegevens(bron="collega", thema="witwassen", tekst="Contant geld, kapsalon")
    assert form.veld("token").waarde

    assert client.post(form.actie, data=data).status_code == 302
    tweede = client.post(form.actie, data=data, follow_redirects=True)

    assert AL_VERWERKT in tweede.get_data(as_text=True)
    assert aantal(Signaal) == 1
    assert uitkomsten("signaal.geregistreerd") == ["ok"]


@pytest.mark.parametrize(
    ("actie", "velden"),
    [
        ("koppelen", {"casus_ref": "casus"}),
        ("omzetten", {}),
        ("afsluiten", {"afsluitreden": "Geen aanwijzingen"}),
    ],
)
def test_a_decision_posted_twice_is_taken_once(
    app: Flask,
    maak_gebruiker_: Any,
    maak_casus: Any,
    maak_signaal: Any,
    actie: str,
    velden: dict[str, str],
) -> None:
    casus = maak_casus("ondermijning", "actief")
    signaal = maak_signaal()
    client = ingelogd(app, maak_gebruiker_("triage:ondermijning"))
    pagina = client.get(f"/signalen/{signaal.id}").get_data(as_text=True)
    if actie == "omzetten":  # the form, then its check page, whose form converts
        adres = f"/signalen/{signaal.id}/omzetten"
        stap1 = formulier(client.get(adres).get_data(as_text=True), adres, adres)
        pagina = client.post(adres, data=stap1.gegevens()).get_data(as_text=True)
        form = formulier(pagina, adres, adres, stap="bevestigen")
    else:
        form = formulier(pagina, f"/signalen/{signaal.id}/{actie}")
    data = form.gegevens(**{k: casus.ref if v == "casus" else v for k, v in velden.items()})

    assert client.post(form.actie, data=data).status_code == 302
    tweede = client.post(form.actie, data=data, follow_redirects=True)

    assert AL_VERWERKT in tweede.get_data(as_text=True)
    db.session.refresh(signaal)
    assert signaal.status != "open"
    assert aantal(Casus) == (2 if actie == "omzetten" else 1)
    gelogd = {
        "koppelen": "signaal.gekoppeld",
        "omzetten": "signaal.omgezet",
        "afsluiten": "signaal.afgesloten",
    }[actie]
    assert uitkomsten(gelogd) == ["ok"]


def test_a_decision_from_a_page_opened_before_a_colleague_decided_is_refused(
    app: Flask, maak_gebruiker_: Any, maak_signaal: Any
) -> None:
    signaal = maak_signaal()
    ik = ingelogd(app, maak_gebruiker_("triage:ondermijning"))
    collega = ingelogd(app, maak_gebruiker_("regisseur:ondermijning"))
    mijn = formulier(
        ik.get(f"/signalen/{signaal.id}").get_data(as_text=True),
        f"/signalen/{signaal.id}/afsluiten",
    )
    hun = formulier(
        collega.get(f"/signalen/{signaal.id}").get_data(as_text=True),
        f"/signalen/{signaal.id}/afsluiten",
    )
    collega.post(hun.actie, data=hun.gegevens(afsluitreden="Dubbele melding"))

    antwoord = ik.post(
        mijn.actie, data=mijn.gegevens(afsluitreden="Geen aanwijzingen"), follow_redirects=True
    )

    assert "Iemand anders heeft dit signaal intussen afgehandeld" in antwoord.get_data(as_text=True)
    db.session.refresh(signaal)
    assert signaal.afsluitreden == "Dubbele melding"
    assert uitkomsten("signaal.afgesloten") == ["ok", "geweigerd"]
    [geweigerd] = db.session.scalars(
        select(AuditRecord).where(AuditRecord.uitkomst == "geweigerd")
    ).all()
    assert (geweigerd.object_type, geweigerd.object_id, geweigerd.details) == (
        "signaal",
        str(signaal.id),
        {"weigering": "conflict"},
    )
