"""Triage decisions on one case from the queue: every kind, and who may take them."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.casussen.models import Gebeurtenis
from casus.extensions import db
from tests.hulp.client import login
from tests.hulp.formulieren import ingevuld
from tests.hulp.triage import VANDAAG


def besluit(client: FlaskClient, casus: Any, **velden: Any) -> Any:
    return client.post(
        f"/triage/casussen/{casus.id}/besluit",
        data=ingevuld(casus, **velden),
        follow_redirects=True,
    )


def laatste_event(casus: Any) -> Gebeurtenis:
    return db.session.scalars(
        select(Gebeurtenis)
        .where(Gebeurtenis.casus_id == casus.id)
        .order_by(Gebeurtenis.volgnummer.desc())
    ).first()


@time_machine.travel(VANDAAG, tick=False)
def test_opnemen_from_the_queue_assigns_the_chosen_regisseur(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    regisseur = maak_gebruiker_("regisseur:pga_jeugd", naam="ankie")
    db.session.commit()
    login(client, triagist)
    pagina = client.get(f"/triage/casussen/{casus.id}").get_data(as_text=True)
    assert f'<option value="{regisseur.id}">Test ankie</option>' in pagina

    antwoord = besluit(client, casus, besluit="opnemen", regisseur=regisseur.id)

    assert f"Besluit over {casus.ref} vastgelegd." in antwoord.get_data(as_text=True)
    db.session.refresh(casus)
    assert (casus.status, casus.regisseur_id, casus.opname_op) == (
        "getriaged",
        regisseur.id,
        VANDAAG,
    )
    g = laatste_event(casus)
    assert (g.transitie, g.gebruiker_id, g.datum, g.data) == (
        "triageren",
        triagist.id,
        VANDAAG,
        {"regisseur_id": regisseur.id},
    )


@time_machine.travel(VANDAAG, tick=False)
def test_opnemen_without_a_regisseur_of_the_team_is_refused(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    ipta_coach = maak_gebruiker_("regisseur:ipta", naam="coach")
    db.session.commit()
    login(client, triagist)

    geen = besluit(client, casus, besluit="opnemen").get_data(as_text=True)
    assert "Wijs een regisseur toe om de casus op te nemen." in geen
    ander_team = besluit(client, casus, besluit="opnemen", regisseur=ipta_coach.id)
    assert "Test coach is geen regisseur in het team van PGA Jeugd." in ander_team.get_data(
        as_text=True
    )
    db.session.refresh(casus)
    assert casus.status == "aangemeld"
    assert laatste_event(casus).transitie == "aanmelden"


@time_machine.travel(VANDAAG, tick=False)
def test_omzetten_moves_the_aanmelding_to_the_other_aanpak_queue(
    client: FlaskClient, maak_casus: Any, triagist: Any, bevestigd: Any
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    db.session.commit()
    login(client, triagist)

    bevestigd(client, casus, {"besluit": "omzetten", "doel_aanpak": "ipta"})

    db.session.refresh(casus)
    assert (casus.aanpak, casus.status) == ("ipta", "aangemeld")
    assert laatste_event(casus).data == {
        "van_aanpak": "pga_jeugd",
        "casusnummer": f"IPTA-{casus.aangemeld_op.year}-{casus.id:05d}",
        "vorig_casusnummer": f"PGAJ-{casus.aangemeld_op.year}-{casus.id:05d}",
    }
    rij = client.get("/triage/?aanpak=ipta").get_data(as_text=True)
    assert casus.ref in rij


@time_machine.travel(VANDAAG, tick=False)
def test_aanhouden_needs_a_note_and_keeps_the_case_in_the_queue(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    db.session.commit()
    login(client, triagist)

    zonder = besluit(client, casus, besluit="aanhouden", toelichting="  ")
    assert "Noteer waarom het besluit wordt aangehouden." in zonder.get_data(as_text=True)
    assert laatste_event(casus).transitie == "aanmelden"

    besluit(client, casus, besluit="aanhouden", toelichting="Eerst schoolverslag afwachten")

    db.session.refresh(casus)
    g = laatste_event(casus)
    assert (g.transitie, g.van_status, g.naar_status, g.toelichting, g.gebruiker_id) == (
        "aanhouden",
        "aangemeld",
        "aangemeld",
        "Eerst schoolverslag afwachten",
        triagist.id,
    )
    assert casus.status == "aangemeld"
    assert casus.versie == 3
    wachtrij = client.get("/triage/").get_data(as_text=True)
    assert "Aangehouden 10-03-2025: Eerst schoolverslag afwachten" in wachtrij


@time_machine.travel(VANDAAG, tick=False)
def test_a_user_who_cannot_see_the_case_gets_404(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    ipta_triage = maak_gebruiker_("triage:ipta")
    db.session.commit()
    login(client, ipta_triage)

    assert client.get(f"/triage/casussen/{casus.id}").status_code == 404
    antwoord = client.post(
        f"/triage/casussen/{casus.id}/besluit",
        data={"besluit": "niet_opnemen", "reden": "elders_belegd"},
    )
    assert antwoord.status_code == 404
    db.session.refresh(casus)
    assert casus.status == "aangemeld"


@time_machine.travel(VANDAAG, tick=False)
def test_a_team_member_without_the_triage_role_gets_404_and_the_refusal_is_logged(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    """The triage pages of a case exist only for its triage table (docs/toegang.md): a
    regisseur of the team gets the same 404 as for a case that does not exist, and the
    attempt is audit-logged (it used to be a 403 that left no record)."""
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    # sees the case as a regisseur of PGA Jeugd, sits at the IPTA triage table only
    regisseur = maak_gebruiker_("regisseur:pga_jeugd", "triage:ipta")
    db.session.commit()
    login(client, regisseur)

    antwoord = client.post(
        f"/triage/casussen/{casus.id}/besluit",
        data={"besluit": "opnemen", "regisseur": regisseur.id},
    )

    assert antwoord.status_code == 404
    assert client.get(f"/triage/casussen/{casus.id}").status_code == 404
    geweigerd = db.session.scalars(
        select(AuditRecord).where(
            AuditRecord.actie == "toegang.geweigerd",
            AuditRecord.gebruiker_id == regisseur.id,
            AuditRecord.object_id == str(casus.id),
        )
    ).all()
    assert len(geweigerd) == 2
    db.session.refresh(casus)
    assert casus.status == "aangemeld"
    assert laatste_event(casus).transitie == "aanmelden"
