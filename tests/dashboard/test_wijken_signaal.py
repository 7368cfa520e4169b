"""A signal's optional wijk (issue 24): one of the municipality's wijken or none, checked
at every door a signal comes in by (the service, the team's form, the public meldpunt,
the API, the import) with a Dutch message, and carried into the case made from it."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.errors import Ongeldig
from casus.extensions import db
from casus.importeren.services import importeer
from casus.signalen import services
from casus.signalen.models import Signaal
from casus.toegang.actor import IMPORT
from tests.hulp.api import api_client, problemen
from tests.hulp.client import login
from tests.hulp.formulieren import ingevuld
from tests.hulp.importregels import SIGNAAL, lijnen

pytestmark = pytest.mark.klok("2025-03-10 10:00")

GEEN_WIJK = "'Atlantis' is geen wijk van de gemeente."


def aantal() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Signaal)) or 0)


def wijken_opgeslagen() -> list[str | None]:
    db.session.expire_all()
    return list(db.session.scalars(select(Signaal.wijk).order_by(Signaal.id)))


def registreer(wijk: str | None) -> Signaal:
    return services.registreer_signaal(
        "ondermijning",
        ontvangen_op=date(2025, 3, 3),
        bron="collega",
        thema="witwassen",
        tekst="Zaak zonder klanten.",
        actor=IMPORT,
        wijk=wijk,
    )


def test_the_service_keeps_a_wijk_of_the_municipality_or_none() -> None:
    assert registreer("Meerzicht").wijk == "Meerzicht"
    assert registreer("  Dorp ").wijk == "Dorp"
    assert registreer("").wijk is None
    assert registreer(None).wijk is None
    with pytest.raises(Ongeldig) as fout:
        registreer("Atlantis")
    assert (fout.value.bericht, fout.value.veld) == (GEEN_WIJK, "wijk")
    # a wijk of another municipality's list is no wijk here: names are compared exactly
    with pytest.raises(Ongeldig):
        registreer("meerzicht")


def test_the_service_follows_the_configured_wijken(app: Flask, monkeypatch: Any) -> None:
    monkeypatch.setitem(app.config, "WIJKEN", ("Noord", "Zuid"))
    assert registreer("Noord").wijk == "Noord"
    with pytest.raises(Ongeldig):
        registreer("Meerzicht")


def _team(app: Flask, maak_gebruiker_: Any) -> FlaskClient:
    gebruiker = maak_gebruiker_("regisseur:ondermijning")
    db.session.commit()
    client = app.test_client()
    login(client, gebruiker)
    return client


FORMULIER = {
    "aanpak": "ondermijning",
    "ontvangen_op": "2025-03-03",
    "bron": "collega",
    "thema": "mensenhandel",
    "tekst": "Busjes met arbeiders",
}


def test_the_teams_form_offers_the_wijken_and_refuses_another(
    app: Flask, maak_gebruiker_: Any
) -> None:
    client = _team(app, maak_gebruiker_)
    pagina = client.get("/signalen/nieuw").get_data(as_text=True)
    assert '<option value="Meerzicht">Meerzicht</option>' in pagina
    assert 'name="wijk"><option value="">— onbekend —</option>' in pagina
    geweigerd = client.post("/signalen/nieuw", data=ingevuld(**FORMULIER, wijk="Atlantis"))
    assert geweigerd.status_code == 200
    assert "Kies een van de mogelijkheden" in geweigerd.get_data(as_text=True)
    assert aantal() == 0
    goed = client.post("/signalen/nieuw", data=ingevuld(**FORMULIER, wijk="Seghwaert"))
    assert goed.status_code == 302
    zonder = client.post("/signalen/nieuw", data=ingevuld(**FORMULIER, wijk=""))
    assert zonder.status_code == 302
    assert wijken_opgeslagen() == ["Seghwaert", None]
    s = db.session.scalars(select(Signaal).order_by(Signaal.id)).first()
    assert s is not None
    detail = client.get(f"/signalen/{s.id}").get_data(as_text=True)
    assert "<dt>Wijk</dt><dd>Seghwaert</dd>" in detail


MELDING = {
    "onderwerp": "radicalisering",
    "tekst": "Mijn buurjongen deelt filmpjes die geweld verheerlijken.",
    "betreft_adres": "",
    "melder_naam": "",
    "melder_contact": "",
    "website": "",
}


def test_the_public_meldpunt_asks_the_wijk_optionally_and_refuses_another(
    client: FlaskClient,
) -> None:
    pagina = client.get("/meldpunt").get_data(as_text=True)
    assert "In welke wijk speelt het? (als u dat weet)" in pagina
    assert '<option value="Palenstein">Palenstein</option>' in pagina
    geweigerd = client.post("/meldpunt", data=ingevuld(**MELDING, wijk="Atlantis"))
    assert geweigerd.status_code == 422
    assert "Kies een van de mogelijkheden" in geweigerd.get_data(as_text=True)
    assert aantal() == 0
    assert client.post("/meldpunt", data=ingevuld(**MELDING, wijk="Palenstein")).status_code == 302
    assert client.post("/meldpunt", data=ingevuld(**MELDING, wijk="")).status_code == 302
    assert wijken_opgeslagen() == ["Palenstein", None]


API_SIGNAAL = {
    "aanpak": "ondermijning",
    "ontvangen_op": "2025-03-03",
    "bron": "handhaving",
    "thema": "witwassen",
    "tekst": "Contante betalingen, steeds andere eigenaren.",
}


def test_the_api_takes_and_shows_the_wijk_and_refuses_another(client: FlaskClient) -> None:
    api = api_client(client, "regisseur:ondermijning")
    geweigerd = api.post("/api/v1/signalen", json={**API_SIGNAAL, "wijk": "Atlantis"})
    assert geweigerd.status_code == 422
    assert problemen(geweigerd) == {"wijk": GEEN_WIJK}
    assert aantal() == 0
    goed = api.post("/api/v1/signalen", json={**API_SIGNAAL, "wijk": "Rokkeveen"})
    assert goed.status_code == 201, goed.get_data(as_text=True)
    assert goed.json["wijk"] == "Rokkeveen"
    leeg = api.post("/api/v1/signalen", json={**API_SIGNAAL, "wijk": ""})
    assert leeg.status_code == 201
    assert leeg.json["wijk"] is None
    zonder = api.post("/api/v1/signalen", json=API_SIGNAAL)
    assert zonder.json["wijk"] is None
    assert api.get(f"/api/v1/signalen/{goed.json['id']}").json["wijk"] == "Rokkeveen"
    assert wijken_opgeslagen() == ["Rokkeveen", None, None]


def test_the_import_takes_the_wijk_and_refuses_another() -> None:
    fout = copy.deepcopy(SIGNAAL) | {"wijk": "Atlantis"}
    resultaat = importeer(lijnen(fout), actor=IMPORT)
    assert [(f.regel, f.veld, f.bericht) for f in resultaat.fouten] == [(1, "wijk", GEEN_WIJK)]
    assert aantal() == 0
    goed = copy.deepcopy(SIGNAAL) | {"wijk": "Oosterheem"}
    zonder = copy.deepcopy(SIGNAAL) | {"ref": "SIG-2025-0043"}
    assert importeer(lijnen(goed, zonder), actor=IMPORT).fouten == []
    assert wijken_opgeslagen() == ["Oosterheem", None]


def test_a_case_made_from_a_signal_takes_its_wijk(maak_gebruiker_: Any) -> None:
    team = maak_gebruiker_("regisseur:ondermijning")
    signaal = registreer("Buytenwegh")
    casus = services.zet_om(signaal, actor=team, aangemeld_op=date(2025, 3, 4), kenmerken={})
    assert casus.kenmerken["wijk"] == "Buytenwegh"
