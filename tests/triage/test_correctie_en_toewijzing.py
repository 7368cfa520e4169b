"""Reassigning a regisseur and correcting a mistaken status change from triage."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import time_machine
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.casussen.models import Gebeurtenis
from casus.extensions import db
from tests.hulp.client import login
from tests.hulp.formulieren import ingevuld
from tests.hulp.triage import VANDAAG


def geldige_triageringen(casus: Any) -> int:
    """Counted straight from the event log: triageren events nobody voided."""
    vervallen = select(Gebeurtenis.vervalt_id).where(Gebeurtenis.vervalt_id.is_not(None))
    return db.session.scalar(
        select(func.count())
        .select_from(Gebeurtenis)
        .where(
            Gebeurtenis.casus_id == casus.id,
            Gebeurtenis.transitie == "triageren",
            Gebeurtenis.id.not_in(vervallen),
        )
    )


def neem_op(client: FlaskClient, casus: Any, regisseur: Any) -> None:
    client.post(
        f"/triage/casussen/{casus.id}/besluit",
        data=ingevuld(casus, besluit="opnemen", regisseur=regisseur.id),
    )


def test_a_correction_restores_the_earlier_status_and_the_voided_move_no_longer_counts(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    with time_machine.travel(VANDAAG, tick=False):
        casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
        regisseur = maak_gebruiker_("regisseur:pga_jeugd")
        db.session.commit()
        login(client, triagist)
        neem_op(client, casus, regisseur)
        db.session.refresh(casus)
        assert casus.status == "getriaged"
        assert geldige_triageringen(casus) == 1

    with time_machine.travel(VANDAAG + timedelta(days=30), tick=False):
        login(client, triagist)  # the session of 30 days ago has long expired
        zonder = client.post(
            f"/triage/casussen/{casus.id}/corrigeren",
            data=ingevuld(casus, reden=""),
            follow_redirects=True,
        )
        assert "Geef de reden van de correctie." in zonder.get_data(as_text=True)
        client.post(
            f"/triage/casussen/{casus.id}/corrigeren",
            data=ingevuld(casus, reden="Verkeerde casus opgenomen"),
        )

        db.session.refresh(casus)
        assert (casus.status, casus.regisseur_id, casus.opname_op) == ("aangemeld", None, None)
        assert geldige_triageringen(casus) == 0
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Gebeurtenis)
                .where(Gebeurtenis.casus_id == casus.id)
            )
            == 3
        )  # aanmelden, triageren, corrigeren
        pagina = client.get(f"/triage/casussen/{casus.id}").get_data(as_text=True)
        # struck through in the timeline, and among the decisions on the dossier card
        tijdlijn = pagina.split("<h2>Tijdlijn</h2>", 1)[1]
        assert "Opnemen" in tijdlijn.split("<del>", 1)[1].split("</del>", 1)[0]
        assert "Opgenomen." in pagina.split("<del>", 1)[1].split("</del>", 1)[0]
        assert "Gecorrigeerd: telt niet meer mee" in pagina
        assert "Verkeerde casus opgenomen" in pagina
        # it is back in the queue
        assert casus.ref in client.get("/triage/").get_data(as_text=True)


def test_a_correction_after_the_aanpaks_term_is_refused(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    with time_machine.travel(VANDAAG, tick=False):
        casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
        regisseur = maak_gebruiker_("regisseur:pga_jeugd")
        db.session.commit()
        login(client, triagist)
        neem_op(client, casus, regisseur)
    with time_machine.travel(VANDAAG + timedelta(days=31), tick=False):
        login(client, triagist)  # the old session has expired meanwhile
        antwoord = client.post(
            f"/triage/casussen/{casus.id}/corrigeren",
            data=ingevuld(casus, reden="Te laat"),
            follow_redirects=True,
        )
        assert "langer dan 30 dagen geleden vastgelegd" in antwoord.get_data(as_text=True)
        db.session.refresh(casus)
        assert casus.status == "getriaged"
        assert geldige_triageringen(casus) == 1


@time_machine.travel(VANDAAG, tick=False)
def test_the_regisseur_cannot_correct_only_triage_can(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    regisseur = maak_gebruiker_("regisseur:pga_jeugd")
    casus = maak_casus("pga_jeugd", "actief", regisseur=regisseur)
    db.session.commit()
    login(client, regisseur)
    antwoord = client.post(f"/triage/casussen/{casus.id}/corrigeren", data={"reden": "x"})
    # a regisseur without any triage role does not reach the triage pages at all
    assert antwoord.status_code == 404
    db.session.refresh(casus)
    assert casus.status == "actief"


@time_machine.travel(VANDAAG, tick=False)
def test_reassigning_moves_the_case_to_another_regisseur_of_the_team(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    eerste = maak_gebruiker_("regisseur:pga_jeugd", naam="eerste")
    tweede = maak_gebruiker_("regisseur:pga_jeugd", naam="tweede")
    coach = maak_gebruiker_("regisseur:ipta", naam="coach")
    casus = maak_casus("pga_jeugd", "actief", regisseur=eerste)
    db.session.commit()
    login(client, triagist)

    fout = client.post(
        f"/triage/casussen/{casus.id}/toewijzen",
        data=ingevuld(casus, regisseur=coach.id),
        follow_redirects=True,
    )
    assert "Test coach is geen regisseur in het team van PGA Jeugd." in fout.get_data(as_text=True)
    client.post(
        f"/triage/casussen/{casus.id}/toewijzen",
        data=ingevuld(casus, regisseur=tweede.id, toelichting="Caseload verdelen"),
    )

    db.session.refresh(casus)
    assert casus.regisseur_id == tweede.id
    assert casus.status == "actief"
    g = db.session.scalars(
        select(Gebeurtenis)
        .where(Gebeurtenis.casus_id == casus.id)
        .order_by(Gebeurtenis.volgnummer.desc())
    ).first()
    assert (g.transitie, g.gebruiker_id, g.data, g.toelichting) == (
        "toewijzen",
        triagist.id,
        {"regisseur_id": tweede.id},
        "Caseload verdelen",
    )
