"""Meeting mode moves on; a meeting prepared ahead decides on its day; a refused
decision keeps what was chosen; "niet opnemen" is confirmed with a toelichting."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.casussen.models import Gebeurtenis
from casus.errors import Ongeldig, TransitieGeweigerd
from casus.extensions import db
from casus.triage.besluitdag import besluitdatum
from casus.triage.models import AgendaPunt, Overleg
from casus.triage.services import neem_besluit
from tests.hulp.client import login
from tests.hulp.formulieren import formulier, ingevuld
from tests.hulp.klok import stil
from tests.hulp.triage import VANDAAG

MAANDAG = VANDAAG  # 10 March 2025, the tests' clock
DINSDAG = date(2025, 3, 11)
NIET_VOOR_DINSDAG = (
    "Besluiten in dit overleg kan vanaf 11 maart 2025, de dag van het overleg. Tot dan "
    "kunt u de agenda voorbereiden: casussen toevoegen en notities maken."
)

pytestmark = pytest.mark.klok(MAANDAG)


def plan(client: FlaskClient, datum: date, aanpakken: list[str]) -> Overleg:
    antwoord = client.post(
        "/triage/overleggen/nieuw",
        data=ingevuld(datum=datum.isoformat(), aanpakken=aanpakken),
    )
    assert antwoord.status_code == 302, antwoord.get_data(as_text=True)
    return db.session.get(Overleg, int(antwoord.headers["Location"].rsplit("/", 1)[1]))


def besluit(client: FlaskClient, casus: Any, **velden: Any) -> Any:
    return client.post(f"/triage/casussen/{casus.id}/besluit", data=ingevuld(casus, **velden))


def events(casus: Any, transitie: str) -> list[Gebeurtenis]:
    return list(
        db.session.scalars(
            select(Gebeurtenis).where(
                Gebeurtenis.casus_id == casus.id, Gebeurtenis.transitie == transitie
            )
        )
    )


# -- meeting mode moves on ------------------------------------------------------------


def test_a_decision_in_meeting_mode_moves_on_to_the_next_item_with_its_message(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    a = maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 3))
    b = maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 10))
    c = maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 17))
    regisseur = maak_gebruiker_("regisseur:pga_jeugd")
    db.session.commit()
    login(client, triagist)
    overleg = plan(client, MAANDAG, ["pga_jeugd"])
    punt = {"overleg_id": overleg.id}

    eerste = besluit(client, a, besluit="opnemen", regisseur=regisseur.id, punt=1, **punt)
    assert eerste.headers["Location"] == f"/triage/overleggen/{overleg.id}/punt/2"
    volgende = client.get(eerste.headers["Location"]).get_data(as_text=True)
    assert f"Besluit over {a.ref} vastgelegd." in volgende
    assert "Punt 2 van 3" in volgende
    # item 2 is passed over without a decision; the last one closes the agenda
    laatste = besluit(client, c, besluit="aanhouden", toelichting="School", punt=3, **punt)

    assert laatste.headers["Location"] == f"/triage/overleggen/{overleg.id}"
    agenda = client.get(laatste.headers["Location"]).get_data(as_text=True)
    assert f"Besluit over {c.ref} vastgelegd." in agenda
    assert "Dit was het laatste punt van de agenda. Nog zonder besluit: punt 2." in agenda
    assert b.status == "aangemeld"


def test_the_last_decision_says_the_agenda_is_done(
    client: FlaskClient, maak_casus: Any, triagist: Any, bevestigd: Any
) -> None:
    a = maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 3))
    b = maak_casus("ipta", aangemeld_op=date(2025, 2, 10))
    db.session.commit()
    login(client, triagist)
    overleg = plan(client, MAANDAG, ["pga_jeugd", "ipta"])
    punt = {"overleg_id": overleg.id}

    bevestigd(client, a, {"besluit": "omzetten", "doel_aanpak": "ipta", "punt": 1, **punt})
    klaar = besluit(client, b, besluit="aanhouden", toelichting="Volgende keer", punt=2, **punt)

    pagina = client.get(klaar.headers["Location"]).get_data(as_text=True)
    assert "Dit was het laatste punt: de agenda is afgerond, over elk punt is besloten." in pagina


# -- a meeting prepared ahead --------------------------------------------------------------


def test_a_meeting_prepared_ahead_is_prepared_on_monday_and_decides_on_tuesday(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    """The agenda for Tuesday is prepared on Monday (cases, notes); on Monday its decision
    buttons are off and say from when they work, and a decision sent anyway is refused
    with that message, changing nothing. On Tuesday the same decision is taken, dated
    Tuesday (the day of the meeting, the triage date the report counts)."""
    a = maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 3))
    lopend = maak_casus("pga_jeugd", "in_de_wacht")
    regisseur = maak_gebruiker_("regisseur:pga_jeugd")
    db.session.commit()
    login(client, triagist)

    overleg = plan(client, DINSDAG, ["pga_jeugd"])
    toegevoegd = client.post(
        f"/triage/overleggen/{overleg.id}/agenda", data=ingevuld(ref=lopend.ref)
    )
    notities = client.post(
        f"/triage/overleggen/{overleg.id}/notities", data=ingevuld(notities="Eerst Sem.")
    )
    assert (toegevoegd.status_code, notities.status_code) == (302, 302)
    db.session.expire_all()
    assert [p.casus_id for p in overleg.agenda] == [a.id, lopend.id]
    assert overleg.notities == "Eerst Sem."

    maandag = client.get(f"/triage/overleggen/{overleg.id}/punt/1").get_data(as_text=True)
    assert f'<p class="melding melding--waarschuwing" id="besluiten-vanaf">{NIET_VOOR_DINSDAG}' in (
        maandag
    )
    assert maandag.count('disabled aria-describedby="besluiten-vanaf"') == 4
    te_vroeg = besluit(
        client, a, besluit="opnemen", regisseur=regisseur.id, overleg_id=overleg.id, punt=1
    )
    assert te_vroeg.status_code == 422
    assert NIET_VOOR_DINSDAG in te_vroeg.get_data(as_text=True)
    assert events(a, "triageren") == []

    with stil(DINSDAG):
        login(client, triagist)  # a new day, a new session
        op_de_dag = besluit(
            client, a, besluit="opnemen", regisseur=regisseur.id, overleg_id=overleg.id, punt=1
        )
        dinsdag = client.get(f"/triage/overleggen/{overleg.id}/punt/1").get_data(as_text=True)

    assert op_de_dag.headers["Location"] == f"/triage/overleggen/{overleg.id}/punt/2"
    [opname] = events(a, "triageren")
    assert (opname.datum, opname.data) == (
        DINSDAG,
        {"regisseur_id": regisseur.id, "overleg_id": overleg.id},
    )
    db.session.refresh(a)
    assert (a.status, a.opname_op) == ("getriaged", DINSDAG)
    assert "besluiten-vanaf" not in dinsdag


def test_a_decision_recorded_after_the_meeting_keeps_the_meetings_date() -> None:
    """Counting rules (domain.md section 5): opname is the date of the triageren event.
    A meeting's decisions entered the day after are dated on the meeting's day; before
    its day a meeting cannot decide (an event is never dated in the future)."""
    assert besluitdatum(Overleg(datum=date(2025, 3, 7))) == date(2025, 3, 7)
    assert besluitdatum(Overleg(datum=MAANDAG)) == MAANDAG
    assert besluitdatum(None) == MAANDAG
    with pytest.raises(TransitieGeweigerd, match="kan vanaf 11 maart 2025"):
        besluitdatum(Overleg(datum=DINSDAG))


# -- a refused decision keeps what was chosen ----------------------------------------------


def test_a_refused_decision_comes_back_with_its_choices_and_errors_at_its_form(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    a = maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 3))
    regisseur = maak_gebruiker_("regisseur:pga_jeugd", naam="ankie")
    db.session.commit()
    login(client, triagist)
    overleg = plan(client, DINSDAG, ["pga_jeugd"])

    antwoord = besluit(
        client,
        a,
        besluit="opnemen",
        regisseur=regisseur.id,
        toelichting="Past goed bij Ankie",
        overleg_id=overleg.id,
        punt=1,
    )

    assert antwoord.status_code == 422
    html = antwoord.get_data(as_text=True)
    opnemen = html[html.index('id="besluit-opnemen"') : html.index('id="besluit-niet_opnemen"')]
    # the summary sits in the refused form, and what was chosen is still chosen
    assert 'id="besluitfouten"' in opnemen
    assert NIET_VOOR_DINSDAG in opnemen
    assert f'<option value="{regisseur.id}" selected>Test ankie</option>' in opnemen
    assert ">Past goed bij Ankie</textarea>" in opnemen
    assert html.count('id="besluitfouten"') == 1


def test_a_field_error_is_shown_at_the_field_and_linked_from_the_summary(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    a = maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 3))
    db.session.commit()
    login(client, triagist)

    antwoord = besluit(client, a, besluit="opnemen", toelichting="Zonder regisseur")

    assert antwoord.status_code == 422
    html = antwoord.get_data(as_text=True)
    fout = "Wijs een regisseur toe om de casus op te nemen."
    assert f'<a href="#regisseur-{a.id}">Regisseur: {fout}</a>' in html
    assert f'<p class="veld__fout" id="regisseur-{a.id}-fout">{fout}</p>' in html
    assert f'id="regisseur-{a.id}" required aria-invalid="true"' in html
    assert ">Zonder regisseur</textarea>" in html


# -- niet opnemen is confirmed -------------------------------------------------------------


def test_niet_opnemen_shows_what_happens_and_needs_a_toelichting(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    casus = maak_casus("ipta", aangemeld_op=date(2025, 3, 2))
    db.session.commit()
    login(client, triagist)

    zonder_reden = besluit(client, casus, besluit="niet_opnemen")
    assert "Kies een reden om de casus niet op te nemen." in zonder_reden.get_data(as_text=True)

    stap1 = besluit(client, casus, besluit="niet_opnemen", reden="elders_belegd")
    html = stap1.get_data(as_text=True)
    assert stap1.status_code == 200
    assert "<h1>Niet opnemen bevestigen</h1>" in html
    assert "De casus krijgt de status" in html
    assert '<span class="status status--niet_opgenomen">Niet opgenomen</span>' in html
    assert "Het besluit geldt op 10-03-2025" in html
    assert events(casus, "niet_opnemen") == []
    bevestig = formulier(html, f"/triage/casussen/{casus.id}/besluit", bevestigd="ja")
    assert bevestig.veld("reden").waarde == "elders_belegd"
    assert "toelichting" in bevestig.verplicht

    leeg = client.post(bevestig.actie, data=bevestig.gegevens(toelichting="  "))
    assert leeg.status_code == 422
    assert "Licht toe waarom de casus niet wordt opgenomen." in leeg.get_data(as_text=True)
    assert events(casus, "niet_opnemen") == []

    klaar = client.post(bevestig.actie, data=bevestig.gegevens(toelichting="Wijkteam"))

    assert klaar.status_code == 302
    db.session.refresh(casus)
    assert casus.status == "niet_opgenomen"
    [g] = events(casus, "niet_opnemen")
    assert (g.reden, g.toelichting, g.gebruiker_id, g.datum) == (
        "elders_belegd",
        "Wijkteam",
        triagist.id,
        MAANDAG,
    )


def test_niet_opnemen_in_meeting_mode_is_confirmed_and_moves_on(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    a = maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 3))
    maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 10))
    db.session.commit()
    login(client, triagist)
    overleg = plan(client, MAANDAG, ["pga_jeugd"])
    html = client.get(f"/triage/overleggen/{overleg.id}/punt/1").get_data(as_text=True)
    stap1 = formulier(html, f"/triage/casussen/{a.id}/besluit", besluit="niet_opnemen")

    bevestigen = client.post(stap1.actie, data=stap1.gegevens(reden="geen_doelgroep"))
    bevestig = formulier(
        bevestigen.get_data(as_text=True), f"/triage/casussen/{a.id}/besluit", bevestigd="ja"
    )
    assert (bevestig.veld("overleg_id").waarde, bevestig.veld("punt").waarde) == (
        str(overleg.id),
        "1",
    )
    klaar = client.post(bevestig.actie, data=bevestig.gegevens(toelichting="Te oud"))

    assert klaar.headers["Location"] == f"/triage/overleggen/{overleg.id}/punt/2"
    punt = db.session.scalars(select(AgendaPunt).where(AgendaPunt.casus_id == a.id)).one()
    assert punt.besluit == "niet_opnemen"


# -- where a triage member lands --------------------------------------------------------------


@pytest.mark.parametrize(
    ("rollen", "landing"),
    [
        (("triage:pga_jeugd",), "/triage/"),
        (("triage:pga_jeugd", "triage:ipta"), "/triage/"),
        (("triage:pga_jeugd", "regisseur:ipta"), None),  # has cases of their own
        (("regisseur:pga_jeugd",), None),
    ],
)
def test_a_user_with_only_triage_roles_lands_on_the_queue(
    client: FlaskClient, maak_gebruiker_: Any, rollen: tuple[str, ...], landing: str | None
) -> None:
    gebruiker = maak_gebruiker_(*rollen)
    db.session.commit()
    login(client, gebruiker)

    antwoord = client.get("/")

    if landing is None:
        assert antwoord.status_code == 200
        assert "Mijn casussen" in antwoord.get_data(as_text=True)
    else:
        assert (antwoord.status_code, antwoord.headers["Location"]) == (302, landing)


def test_the_service_refuses_niet_opnemen_without_a_toelichting(
    maak_casus: Any, triagist: Any
) -> None:
    """The confirmation page asks for it; the service holds the rule for every path."""
    casus = maak_casus("ipta", aangemeld_op=date(2025, 3, 2))

    with pytest.raises(Ongeldig, match="Licht toe waarom de casus niet wordt opgenomen"):
        neem_besluit(casus, "niet_opnemen", actor=triagist, reden="elders_belegd", toelichting=" ")

    assert casus.status == "aangemeld"
    assert events(casus, "niet_opnemen") == []
