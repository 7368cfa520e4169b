"""The beheerder's partner pages (casus.partners.beheer, beheerviews): verbanden,
organisations with their agreement, partner users with a temporary password and no
roles; the user form refuses roles and teams for a partner user; Dutch refusals, and a
refused form comes back filled in."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.beheer.services import PARTNER_ZONDER_ROLLEN, zet_rollen
from casus.errors import GeenToegang, Ongeldig
from casus.extensions import db
from casus.partners import beheer
from casus.partners.models import Partnerorganisatie, Samenwerkingsverband
from tests.hulp import fabrieken
from tests.hulp.client import login
from tests.hulp.formulieren import ingevuld


@pytest.fixture
def beheerder(client: FlaskClient) -> Gebruiker:
    b = fabrieken.gebruiker("beheer", "beheerder", naam="Bea Beheer")
    db.session.commit()
    login(client, b)
    return b


def _acties(uitkomst: str = "ok") -> list[tuple[str | None, Any]]:
    return [
        (r.object_type, r.details)
        for r in db.session.scalars(
            select(AuditRecord)
            .where(AuditRecord.actie == beheer.ACTIE, AuditRecord.uitkomst == uitkomst)
            .order_by(AuditRecord.id)
        )
    ]


def _waarde(html: str, naam: str) -> str | None:
    gevonden = re.search(rf'<input[^>]*name="{naam}"[^>]*value="([^"]*)"', html)
    return gevonden.group(1) if gevonden else None


def _verband(naam: str = "Zorg- en Veiligheidshuis Haaglanden") -> Samenwerkingsverband:
    return db.session.scalars(
        select(Samenwerkingsverband).where(Samenwerkingsverband.naam == naam)
    ).one()


def test_create_a_verband_an_organisation_and_a_partner_user(
    client: FlaskClient, beheerder: Gebruiker
) -> None:
    antwoord = client.post(
        "/beheer/partners/verbanden/nieuw",
        data=ingevuld(naam="Zorg- en Veiligheidshuis Haaglanden", omschrijving="Regio Haaglanden"),
    )
    assert antwoord.status_code == 302
    verband = _verband()
    assert antwoord.headers["Location"].endswith(f"/beheer/partners/verbanden/{verband.id}")
    antwoord = client.post(
        f"/beheer/partners/verbanden/{verband.id}/organisaties/nieuw",
        data=ingevuld(
            naam="Veilig Thuis Haaglanden",
            soort="veilig_thuis",
            grondslag_soort="wettelijk",
            grondslag="Wet maatschappelijke ondersteuning 2015",
            artikel="artikel 5.2.6",
        ),
    )
    assert antwoord.status_code == 302
    [vt] = verband.organisaties
    assert (vt.naam, vt.soort, vt.grondslag_soort, vt.artikel) == (
        "Veilig Thuis Haaglanden",
        "veilig_thuis",
        "wettelijk",
        "artikel 5.2.6",
    )
    antwoord = client.post(
        f"/beheer/partners/organisaties/{vt.id}/gebruikers/nieuw",
        data=ingevuld(
            gebruikersnaam="veiligthuis", naam="Vera Veilig", wachtwoord="tijdelijk-wachtwoord-1"
        ),
    )
    assert antwoord.status_code == 302
    vera = db.session.scalars(
        select(Gebruiker).where(Gebruiker.gebruikersnaam == "veiligthuis")
    ).one()
    assert vera.partnerorganisatie_id == vt.id
    assert vera.is_partner
    assert vera.moet_wachtwoord_wijzigen is True
    assert (vera.rollen, vera.teams) == ([], [])
    assert _acties() == [
        ("samenwerkingsverband", {"wijziging": "verband_aangemaakt"}),
        ("partnerorganisatie", {"wijziging": "organisatie_aangemaakt", "verband_id": verband.id}),
        ("gebruiker", {"wijziging": "partnergebruiker_aangemaakt", "organisatie_id": vt.id}),
    ]
    records = db.session.scalars(select(AuditRecord).where(AuditRecord.actie == beheer.ACTIE))
    assert all("tijdelijk-wachtwoord-1" not in str(r.inhoud()) for r in records)
    # the pages list them
    overzicht = client.get("/beheer/partners").get_data(as_text=True)
    assert "Zorg- en Veiligheidshuis Haaglanden" in overzicht
    assert (
        "Wettelijke grondslag: Wet maatschappelijke ondersteuning 2015, artikel 5.2.6" in overzicht
    )
    pagina = client.get(f"/beheer/partners/organisaties/{vt.id}").get_data(as_text=True)
    assert "Vera Veilig" in pagina
    assert "moet het wachtwoord nog wijzigen" in pagina


def test_a_partner_user_gets_no_roles_or_teams(client: FlaskClient, beheerder: Gebruiker) -> None:
    verband = beheer.nieuw_verband("RIEC Den Haag", None, actor=beheerder)
    politie = beheer.nieuwe_organisatie(
        verband,
        naam="Politie Eenheid Den Haag",
        soort="politie",
        grondslag_soort="convenant",
        grondslag="RIEC-convenant",
        artikel=None,
        actor=beheerder,
    )
    agent = beheer.nieuwe_partnergebruiker(
        politie,
        gebruikersnaam="politie",
        naam="Piet Agent",
        wachtwoord="tijdelijk-wachtwoord-1",
        actor=beheerder,
    )
    db.session.commit()
    # through the existing user form: refused, at the roles, in Dutch
    antwoord = client.post(
        f"/beheer/gebruikers/{agent.id}",
        data=ingevuld(rollen=["regisseur:pga_jeugd", "manager"]),
        follow_redirects=True,
    )
    assert PARTNER_ZONDER_ROLLEN in antwoord.get_data(as_text=True)
    db.session.expire_all()
    assert (agent.rollen, agent.teams) == ([], [])
    geweigerd = db.session.scalars(
        select(AuditRecord).where(
            AuditRecord.actie == "beheer.rollen_gewijzigd", AuditRecord.uitkomst == "geweigerd"
        )
    ).all()
    assert [r.object_id for r in geweigerd] == [str(agent.id)]
    # and through the service itself
    with pytest.raises(Ongeldig) as fout:
        zet_rollen(agent, ["triage:ipta"], door=beheerder)
    assert fout.value.veld == "rollen"
    db.session.rollback()
    # no roles at all is fine (nothing changes)
    zet_rollen(agent, [], door=beheerder)
    assert (agent.rollen, agent.teams) == ([], [])
    # the user page offers no roles form for a partner user, only the way to its organisation
    pagina = client.get(f"/beheer/gebruikers/{agent.id}").get_data(as_text=True)
    assert "Rollen opslaan" not in pagina
    assert f"/beheer/partners/organisaties/{politie.id}" in pagina


def test_refusals_are_dutch_and_the_form_comes_back_filled_in(
    client: FlaskClient, beheerder: Gebruiker
) -> None:
    verband = beheer.nieuw_verband("Zorg- en Veiligheidshuis Haaglanden", None, actor=beheerder)
    db.session.commit()
    # a statutory basis without its article
    antwoord = client.post(
        f"/beheer/partners/verbanden/{verband.id}/organisaties/nieuw",
        data=ingevuld(
            naam="Veilig Thuis Haaglanden",
            soort="veilig_thuis",
            grondslag_soort="wettelijk",
            grondslag="Wmo 2015",
            artikel="",
        ),
    )
    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    assert "Vul bij een wettelijke grondslag het artikel in." in html
    assert _waarde(html, "naam") == "Veilig Thuis Haaglanden"
    assert _waarde(html, "grondslag") == "Wmo 2015"
    assert re.search(
        r'<option selected value="wettelijk">|<option value="wettelijk" selected', html
    )
    assert db.session.scalars(select(Partnerorganisatie)).all() == []
    assert _acties("geweigerd") == [
        (
            "partnerorganisatie",
            {
                "wijziging": "organisatie_aangemaakt",
                "verband_id": verband.id,
                "weigering": "ongeldig",
                "veld": "artikel",
            },
        )
    ]
    # nothing chosen: the form's own Dutch messages
    html = client.post(
        f"/beheer/partners/verbanden/{verband.id}/organisaties/nieuw",
        data=ingevuld(naam="", soort="", grondslag_soort="", grondslag=""),
    ).get_data(as_text=True)
    for bericht in (
        "Vul de naam van de organisatie in.",
        "Kies het soort organisatie.",
        "Kies of de organisatie werkt op een convenant of een wet.",
        "Vul de grondslag in: de naam van het convenant of de wet.",
    ):
        assert bericht in html
    # a verband's name is unique, whatever its capitals
    antwoord = client.post(
        "/beheer/partners/verbanden/nieuw",
        data=ingevuld(naam="zorg- en veiligheidshuis haaglanden", omschrijving="dubbel"),
    )
    html = antwoord.get_data(as_text=True)
    assert "Er is al een samenwerkingsverband" in html
    assert _waarde(html, "naam") == "zorg- en veiligheidshuis haaglanden"
    assert "dubbel</textarea>" in html
    # a partner user: a weak password and a taken username, each at its field
    organisatie = beheer.nieuwe_organisatie(
        verband,
        naam="Reclassering Nederland",
        soort="reclassering",
        grondslag_soort="convenant",
        grondslag="Convenant Zorg- en Veiligheidshuis",
        artikel=None,
        actor=beheerder,
    )
    db.session.commit()
    url = f"/beheer/partners/organisaties/{organisatie.id}/gebruikers/nieuw"
    html = client.post(
        url,
        data=ingevuld(gebruikersnaam="reclassering", naam="Rob Reclassering", wachtwoord="kort"),
    ).get_data(as_text=True)
    assert "minstens 12 tekens" in html
    assert _waarde(html, "gebruikersnaam") == "reclassering"
    assert _waarde(html, "naam") == "Rob Reclassering"
    html = client.post(
        url,
        data=ingevuld(gebruikersnaam="beheer", naam="Nog een", wachtwoord="tijdelijk-wachtwoord-1"),
    ).get_data(as_text=True)
    assert "De gebruikersnaam 'beheer' bestaat al." in unescape(html)
    html = client.post(
        url,
        data=ingevuld(
            gebruikersnaam="Met Spatie", naam="Nog een", wachtwoord="tijdelijk-wachtwoord-1"
        ),
    ).get_data(as_text=True)
    assert "Een gebruikersnaam heeft 2 tot 40 tekens" in html
    assert (
        db.session.scalars(
            select(Gebruiker).where(Gebruiker.partnerorganisatie_id == organisatie.id)
        ).all()
        == []
    )


def test_change_an_organisation_and_deactivate_a_partner_user(
    client: FlaskClient, beheerder: Gebruiker
) -> None:
    verband = beheer.nieuw_verband("RIEC Den Haag", None, actor=beheerder)
    om = beheer.nieuwe_organisatie(
        verband,
        naam="OM",
        soort="om",
        grondslag_soort="convenant",
        grondslag="RIEC-convenant",
        artikel=None,
        actor=beheerder,
    )
    officier = beheer.nieuwe_partnergebruiker(
        om,
        gebruikersnaam="officier",
        naam="Olga Officier",
        wachtwoord="tijdelijk-wachtwoord-1",
        actor=beheerder,
    )
    db.session.commit()
    antwoord = client.post(
        f"/beheer/partners/organisaties/{om.id}",
        data=ingevuld(
            naam="Openbaar Ministerie Den Haag",
            soort="om",
            grondslag_soort="convenant",
            grondslag="RIEC-convenant 2024",
            artikel="artikel 3",
            actief="y",
        ),
    )
    assert antwoord.status_code == 302
    db.session.expire_all()
    assert (om.naam, om.grondslag, om.artikel, om.actief) == (
        "Openbaar Ministerie Den Haag",
        "RIEC-convenant 2024",
        "artikel 3",
        True,
    )
    antwoord = client.post(
        f"/beheer/partners/gebruikers/{officier.id}/actief", data=ingevuld(actief="nee")
    )
    assert antwoord.status_code == 302
    db.session.expire_all()
    assert officier.actief is False
    assert [d["wijziging"] for _, d in _acties()][-2:] == [
        "organisatie_gewijzigd",
        "partnergebruiker_gedeactiveerd",
    ]
    # an internal user is not managed here
    assert (
        client.post(
            f"/beheer/partners/gebruikers/{beheerder.id}/actief", data=ingevuld(actief="nee")
        ).status_code
        == 404
    )


def test_only_a_beheerder_manages_partners(client: FlaskClient) -> None:
    regisseur = fabrieken.gebruiker("regisseur", "regisseur:pga_jeugd", "privacy")
    db.session.commit()
    login(client, regisseur)
    for url in ("/beheer/partners", "/beheer/partners/verbanden/nieuw"):
        assert client.get(url).status_code == 404
    assert (
        client.post("/beheer/partners/verbanden/nieuw", data=ingevuld(naam="X")).status_code == 404
    )
    with pytest.raises(GeenToegang, match="Alleen een beheerder"):
        beheer.nieuw_verband("X", None, actor=regisseur)
