"""Triage forms submitted twice (double click, resubmit) change a case once; a form
opened before someone else changed the case is refused with a Dutch message."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.casussen.models import Gebeurtenis
from casus.casussen.services import wijs_regisseur_toe
from casus.extensions import db
from casus.toegang.actor import IMPORT
from casus.triage.models import Overleg
from tests.hulp.client import login
from tests.hulp.formulieren import Formulier, formulier
from tests.hulp.triage import VANDAAG

AL_VERWERKT = "Dit formulier was al verwerkt; er is niets dubbel vastgelegd."
GEWIJZIGD = "Deze casus is intussen door iemand anders gewijzigd."


def pagina_formulier(client: FlaskClient, casus: Any, actie: str, **met: str) -> Formulier:
    html = client.get(f"/triage/casussen/{casus.id}").get_data(as_text=True)
    return formulier(html, f"/triage/casussen/{casus.id}/{actie}", **met)


def bevestig_formulier(client: FlaskClient, casus: Any, besluit: str, **keuze: str) -> Formulier:
    """Step one of a confirmed decision ("niet opnemen", "omzetten") from the triage
    page, with ``keuze`` (its reason, its target aanpak): the confirmation form."""
    stap1 = pagina_formulier(client, casus, "besluit", besluit=besluit)
    html = client.post(stap1.actie, data=stap1.gegevens(**keuze)).get_data(as_text=True)
    return formulier(html, f"/triage/casussen/{casus.id}/besluit", bevestigd="ja")


def events(casus: Any, transitie: str) -> list[Gebeurtenis]:
    return list(
        db.session.scalars(
            select(Gebeurtenis).where(
                Gebeurtenis.casus_id == casus.id, Gebeurtenis.transitie == transitie
            )
        )
    )


def records(actie: str) -> list[AuditRecord]:
    return list(
        db.session.scalars(
            select(AuditRecord).where(AuditRecord.actie == actie).order_by(AuditRecord.id)
        )
    )


pytestmark = pytest.mark.klok(VANDAAG)


def test_posting_the_same_correction_twice_voids_one_change_only(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    casus = maak_casus("pga_jeugd", "in_de_wacht")
    db.session.commit()
    login(client, triagist)
    form = pagina_formulier(client, casus, "corrigeren")
    assert form.veld("token").waarde
    assert form.veld("versie").waarde == str(casus.versie)
    data = form.gegevens(reden="Verkeerde knop")

    eerste = client.post(form.actie, data=data, follow_redirects=True)
    tweede = client.post(form.actie, data=data, follow_redirects=True)

    assert "is gecorrigeerd" in eerste.get_data(as_text=True)
    assert AL_VERWERKT in tweede.get_data(as_text=True)
    db.session.refresh(casus)
    assert casus.status == "actief"
    assert len(events(casus, "corrigeren")) == 1
    vervallen = db.session.scalar(
        select(func.count())
        .select_from(Gebeurtenis)
        .where(Gebeurtenis.casus_id == casus.id, Gebeurtenis.vervalt_id.is_not(None))
    )
    assert vervallen == 1
    assert [r.uitkomst for r in records("triage.corrigeren")] == ["ok"]


def test_a_correction_of_a_case_changed_since_the_form_was_opened_is_refused(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    casus = maak_casus("pga_jeugd", "in_de_wacht")
    ander = maak_gebruiker_("regisseur:pga_jeugd")
    db.session.commit()
    login(client, triagist)
    form = pagina_formulier(client, casus, "corrigeren")
    # meanwhile a colleague reassigns the case: the correction would now void that
    wijs_regisseur_toe(casus, ander, actor=IMPORT, datum=VANDAAG)
    db.session.commit()

    antwoord = client.post(
        form.actie, data=form.gegevens(reden="Verkeerde knop"), follow_redirects=True
    )

    assert GEWIJZIGD in antwoord.get_data(as_text=True)
    db.session.refresh(casus)
    assert casus.status == "in_de_wacht"
    assert events(casus, "corrigeren") == []
    [r] = records("triage.corrigeren")
    assert (r.uitkomst, r.casus_id, r.persoon_id, r.gebruiker_id) == (
        "geweigerd",
        casus.id,
        casus.persoon_id,
        triagist.id,
    )
    assert r.details == {"weigering": "conflict"}
    assert r.client_adres == "127.0.0.1"


BESLUITEN = {
    # besluit: (what to fill in, the event it writes)
    "opnemen": ("regisseur", "triageren"),
    "niet_opnemen": ("reden", "niet_opnemen"),
    "omzetten": ("doel_aanpak", "omzetten"),
    "aanhouden": ("toelichting", "aanhouden"),
}


@pytest.mark.parametrize("besluit", BESLUITEN)
def test_a_decision_posted_twice_is_one_event(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any, besluit: str
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    regisseur = maak_gebruiker_("regisseur:pga_jeugd")
    db.session.commit()
    login(client, triagist)
    veld, transitie = BESLUITEN[besluit]
    waarde = {
        "regisseur": str(regisseur.id),
        "reden": "elders_belegd",
        "doel_aanpak": "ipta",
        "toelichting": "Eerst het schoolverslag",
    }[veld]
    if besluit in ("niet_opnemen", "omzetten"):  # the confirmation is the form that decides
        form = bevestig_formulier(client, casus, besluit, **{veld: waarde})
        data = form.gegevens(toelichting="Wijkteam helpt al")
    else:
        form = pagina_formulier(client, casus, "besluit", besluit=besluit)
        data = form.gegevens(**{veld: waarde})

    ref = casus.ref
    eerste = client.post(form.actie, data=data, follow_redirects=True)
    tweede = client.post(form.actie, data=data, follow_redirects=True)

    assert f"Besluit over {ref} vastgelegd" in eerste.get_data(as_text=True)
    assert AL_VERWERKT in tweede.get_data(as_text=True)
    assert len(events(casus, transitie)) == 1
    assert [r.uitkomst for r in records("triage.besluit")] == ["ok"]


def test_a_decision_on_a_case_decided_meanwhile_is_refused(
    client: FlaskClient, app: Any, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    collega = maak_gebruiker_("triage:pga_jeugd")
    db.session.commit()
    login(client, triagist)
    mijn = pagina_formulier(client, casus, "besluit", besluit="aanhouden")
    # a colleague at another screen holds the case over first
    ander = app.test_client()
    login(ander, collega)
    ander_form = pagina_formulier(ander, casus, "besluit", besluit="aanhouden")
    ander.post(ander_form.actie, data=ander_form.gegevens(toelichting="Volgende keer"))

    antwoord = client.post(
        mijn.actie, data=mijn.gegevens(toelichting="Wacht op school"), follow_redirects=True
    )

    assert GEWIJZIGD in antwoord.get_data(as_text=True)
    assert [g.toelichting for g in events(casus, "aanhouden")] == ["Volgende keer"]
    assert [r.uitkomst for r in records("triage.besluit")] == ["ok", "geweigerd"]


def test_reassigning_twice_or_from_a_stale_page_changes_the_regisseur_once(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    eerste = maak_gebruiker_("regisseur:pga_jeugd", naam="eerste")
    tweede = maak_gebruiker_("regisseur:pga_jeugd", naam="tweede")
    derde = maak_gebruiker_("regisseur:pga_jeugd", naam="derde")
    casus = maak_casus("pga_jeugd", "actief", regisseur=eerste)
    db.session.commit()
    login(client, triagist)
    form = pagina_formulier(client, casus, "toewijzen")
    oud = pagina_formulier(client, casus, "toewijzen")  # a second tab, opened before
    data = form.gegevens(regisseur=str(tweede.id))

    client.post(form.actie, data=data)
    dubbel = client.post(form.actie, data=data, follow_redirects=True)
    verouderd = client.post(
        oud.actie, data=oud.gegevens(regisseur=str(derde.id)), follow_redirects=True
    )

    assert AL_VERWERKT in dubbel.get_data(as_text=True)
    assert GEWIJZIGD in verouderd.get_data(as_text=True)
    db.session.refresh(casus)
    assert casus.regisseur_id == tweede.id
    assert len(events(casus, "toewijzen")) == 1
    assert [r.uitkomst for r in records("triage.toewijzen")] == ["ok", "geweigerd"]


def test_a_form_without_token_or_version_changes_nothing(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    casus = maak_casus("pga_jeugd", "in_de_wacht")
    db.session.commit()
    login(client, triagist)
    antwoord = client.post(
        f"/triage/casussen/{casus.id}/corrigeren",
        data={"reden": "verkeerde knop"},
        follow_redirects=True,
    )
    assert "Het formulier is onvolledig" in antwoord.get_data(as_text=True)
    db.session.refresh(casus)
    assert casus.status == "in_de_wacht"
    assert events(casus, "corrigeren") == []


def test_planning_the_same_meeting_twice_plans_one(client: FlaskClient, triagist: Any) -> None:
    login(client, triagist)
    html = client.get("/triage/overleggen/nieuw").get_data(as_text=True)
    form = formulier(html, "/triage/overleggen/nieuw", pad="/triage/overleggen/nieuw")
    data = form.gegevens()
    assert sorted(data["aanpakken"]) == ["ipta", "pga_jeugd"]
    assert client.post(form.actie, data=data).status_code == 302
    tweede = client.post(form.actie, data=data, follow_redirects=True)
    assert AL_VERWERKT in tweede.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Overleg)) == 1
