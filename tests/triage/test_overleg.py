"""A triage meeting: agenda from the queue, decisions on several cases, the minutes."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.casussen.models import Gebeurtenis
from casus.extensions import db
from casus.triage.models import AgendaPunt, Overleg
from tests.hulp.client import login
from tests.hulp.formulieren import ingevuld
from tests.hulp.triage import VANDAAG


def nieuw_overleg(client: FlaskClient, aanpakken: list[str], deelnemers: list[int]) -> Overleg:
    antwoord = client.post(
        "/triage/overleggen/nieuw",
        data=ingevuld(datum=VANDAAG.isoformat(), aanpakken=aanpakken, deelnemers=deelnemers),
    )
    assert antwoord.status_code == 302, antwoord.get_data(as_text=True)
    overleg_id = int(antwoord.headers["Location"].rsplit("/", 1)[1])
    return db.session.get(Overleg, overleg_id)


@time_machine.travel(VANDAAG, tick=False)
def test_several_decisions_in_one_meeting_are_events_of_that_meeting_and_in_the_minutes(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any, bevestigd: Any
) -> None:
    a = maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 3))
    b = maak_casus("ipta", aangemeld_op=date(2025, 2, 10))
    c = maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 17))
    d = maak_casus("ipta", aangemeld_op=date(2025, 2, 24))
    e = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 3))
    maak_casus("rio", aangemeld_op=date(2025, 2, 1))  # another meeting's
    regisseur = maak_gebruiker_("regisseur:pga_jeugd", naam="ankie")
    coach = maak_gebruiker_("regisseur:ipta", naam="coach")
    db.session.commit()
    login(client, triagist)

    overleg = nieuw_overleg(client, ["pga_jeugd", "ipta"], [triagist.id, coach.id])

    agenda = [(p.volgorde, p.casus_id, p.bron) for p in overleg.agenda]
    assert agenda == [
        (1, a.id, "wachtrij"),
        (2, b.id, "wachtrij"),
        (3, c.id, "wachtrij"),
        (4, d.id, "wachtrij"),
        (5, e.id, "wachtrij"),
    ]
    stap1 = client.get(f"/triage/overleggen/{overleg.id}/punt/1").get_data(as_text=True)
    assert "Punt 1 van 5" in stap1
    assert f"/triage/overleggen/{overleg.id}/punt/2" in stap1
    assert "Vorige" not in stap1
    stap5 = client.get(f"/triage/overleggen/{overleg.id}/punt/5").get_data(as_text=True)
    assert f"/triage/overleggen/{overleg.id}/punt/4" in stap5
    assert "Volgende" not in stap5
    assert client.get(f"/triage/overleggen/{overleg.id}/punt/6").status_code == 404

    def besluit(casus: Any, punt: int, **velden: Any) -> None:
        antwoord = client.post(
            f"/triage/casussen/{casus.id}/besluit",
            data=ingevuld(casus, overleg_id=overleg.id, punt=punt, **velden),
        )
        # meeting mode moves on to the next item
        volgende = f"/triage/overleggen/{overleg.id}/punt/{punt + 1}"
        assert antwoord.headers["Location"] == volgende

    besluit(a, 1, besluit="opnemen", regisseur=regisseur.id)
    besluit(
        b, 2, besluit="niet_opnemen", reden="geen_doelgroep", bevestigd="ja", toelichting="Te oud"
    )
    # omzetten is confirmed first, and then moves on too
    omgezet = bevestigd(
        client,
        c,
        {"besluit": "omzetten", "doel_aanpak": "ipta", "overleg_id": overleg.id, "punt": 3},
    )
    assert omgezet.headers["Location"] == f"/triage/overleggen/{overleg.id}/punt/4"
    besluit(d, 4, besluit="aanhouden", toelichting="Wacht op leerplicht")
    # e is discussed but no decision is taken

    for casus in (a, b, c, d):
        db.session.refresh(casus)
    assert [x.status for x in (a, b, c, d)] == [
        "getriaged",
        "niet_opgenomen",
        "aangemeld",
        "aangemeld",
    ]
    events = db.session.scalars(
        select(Gebeurtenis)
        .where(Gebeurtenis.transitie.in_(["triageren", "niet_opnemen", "omzetten", "aanhouden"]))
        .order_by(Gebeurtenis.id)
    ).all()
    assert [
        (g.casus_id, g.transitie, g.gebruiker_id, g.datum, (g.data or {})["overleg_id"])
        for g in events
    ] == [
        (a.id, "triageren", triagist.id, VANDAAG, overleg.id),
        (b.id, "niet_opnemen", triagist.id, VANDAAG, overleg.id),
        (c.id, "omzetten", triagist.id, VANDAAG, overleg.id),
        (d.id, "aanhouden", triagist.id, VANDAAG, overleg.id),
    ]
    punten = db.session.scalars(select(AgendaPunt).order_by(AgendaPunt.volgorde)).all()
    assert [p.besluit for p in punten] == ["opnemen", "niet_opnemen", "omzetten", "aanhouden", None]

    verslag = client.get(f"/triage/overleggen/{overleg.id}/verslag").get_data(as_text=True)
    md = client.get(f"/triage/overleggen/{overleg.id}/verslag.md")
    assert md.headers["Content-Disposition"] == (
        'attachment; filename="verslag-triageoverleg-2025-03-10.md"'
    )
    tekst = md.get_data(as_text=True)
    for regel in (
        "Opgenomen; regisseur Test ankie.",
        "Niet opgenomen: Valt niet binnen de doelgroep.",
        "Omgezet van PGA Jeugd naar IPTA.",
        "Aangehouden tot het volgende overleg. Toelichting: Wacht op leerplicht",
    ):
        assert regel in verslag
        assert regel in tekst
    assert "- Aanwezig: Test coach, Test voorzitter" in tekst
    assert tekst.count("Geen besluit genomen.") == 1
    assert f"5. {e.ref}" in tekst
    assert 'href="/static/css/print.css" media="print"' in verslag


@time_machine.travel(VANDAAG, tick=False)
def test_a_second_decision_on_the_same_agenda_item_is_refused(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    a = maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 3))
    db.session.commit()
    login(client, triagist)
    overleg = nieuw_overleg(client, ["pga_jeugd"], [])
    # a stale form from another screen: opened before the first decision
    bevestigd = {"overleg_id": overleg.id, "punt": 1, "besluit": "niet_opnemen", "bevestigd": "ja"}
    oud = ingevuld(a, reden="geen_doelgroep", toelichting="Geen doelgroep", **bevestigd)
    client.post(
        f"/triage/casussen/{a.id}/besluit",
        data=ingevuld(a, reden="elders_belegd", toelichting="Wijkteam", **bevestigd),
    )
    antwoord = client.post(f"/triage/casussen/{a.id}/besluit", data=oud, follow_redirects=True)
    assert "Over deze casus is in dit overleg al besloten." in antwoord.get_data(as_text=True)
    assert (
        db.session.scalar(select(Gebeurtenis.reden).where(Gebeurtenis.transitie == "niet_opnemen"))
        == "elders_belegd"
    )


@time_machine.travel(VANDAAG, tick=False)
def test_cases_can_be_put_on_the_agenda_and_notes_kept(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    lopend = maak_casus("pga_jeugd", "in_de_wacht")
    rio = maak_casus("rio", "actief")
    db.session.commit()
    login(client, triagist)
    overleg = nieuw_overleg(client, ["pga_jeugd"], [])
    assert overleg.agenda == []

    client.post(f"/triage/overleggen/{overleg.id}/agenda", data=ingevuld(ref=lopend.ref))
    onzichtbaar = client.post(
        f"/triage/overleggen/{overleg.id}/agenda", data=ingevuld(ref=rio.ref), follow_redirects=True
    )
    assert "Geen casus gevonden met dit casusnummer." in onzichtbaar.get_data(as_text=True)
    client.post(
        f"/triage/overleggen/{overleg.id}/notities",
        data=ingevuld(notities="Volgende keer caseload bespreken."),
    )

    db.session.expire_all()
    assert [(p.casus_id, p.bron) for p in overleg.agenda] == [(lopend.id, "toegevoegd")]
    md = client.get(f"/triage/overleggen/{overleg.id}/verslag.md").get_data(as_text=True)
    assert "Volgende keer caseload bespreken." in md


@time_machine.travel(VANDAAG, tick=False)
def test_meetings_of_other_aanpakken_are_not_found(
    client: FlaskClient, maak_casus: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    rio_triage = maak_gebruiker_("triage:rio")
    db.session.commit()
    login(client, triagist)
    overleg = nieuw_overleg(client, ["pga_jeugd", "ipta"], [])
    client.post("/uitloggen")
    login(client, rio_triage)
    for pad in ("", "/punt/1", "/verslag", "/verslag.md"):
        assert client.get(f"/triage/overleggen/{overleg.id}{pad}").status_code == 404
    # nor can they open a meeting for an aanpak they do not triage
    antwoord = client.post(
        "/triage/overleggen/nieuw", data={"datum": VANDAAG.isoformat(), "aanpakken": ["pga_jeugd"]}
    )
    assert antwoord.status_code == 200
    assert db.session.scalar(select(Overleg.id).where(Overleg.id != overleg.id)) is None
