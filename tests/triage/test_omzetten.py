"""Omzetten from triage is confirmed: step one shows what will happen (the aanpak, the
new case number, the status, the team, the decision's date, the correction term) and
changes nothing; the confirmation decides; cancelling changes nothing; a missing or
refused target aanpak (its age limits) stays on the first screen at its field."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.casussen.models import Gebeurtenis
from casus.extensions import db
from casus.triage.models import AgendaPunt, Overleg
from tests.hulp.client import login
from tests.hulp.formulieren import Formulier, formulier, ingevuld
from tests.hulp.triage import VANDAAG

pytestmark = pytest.mark.klok(VANDAAG)  # Monday 10 March 2025


def stap1(client: FlaskClient, casus: Any, **velden: Any) -> Any:
    return client.post(
        f"/triage/casussen/{casus.id}/besluit",
        data=ingevuld(casus, besluit="omzetten", **velden),
    )


def bevestigformulier(html: str, casus: Any) -> Formulier:
    return formulier(html, f"/triage/casussen/{casus.id}/besluit", bevestigd="ja")


def tekst(html: str) -> str:
    """The page's text as a reader sees it: no tags, single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".")


def omzettingen(casus: Any) -> list[Gebeurtenis]:
    return list(
        db.session.scalars(
            select(Gebeurtenis).where(
                Gebeurtenis.casus_id == casus.id, Gebeurtenis.transitie == "omzetten"
            )
        )
    )


def besluitrecords() -> list[AuditRecord]:
    return list(
        db.session.scalars(select(AuditRecord).where(AuditRecord.actie == "triage.besluit"))
    )


def test_step_one_shows_what_omzetten_does_and_changes_nothing(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    db.session.commit()
    versie = casus.versie
    login(client, triagist)
    pagina = client.get(f"/triage/casussen/{casus.id}").get_data(as_text=True)
    assert ">Omzetten…</button>" in pagina

    antwoord = stap1(client, casus, doel_aanpak="ipta", toelichting="Past beter")

    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    zien = tekst(html)
    assert "<h1>Omzetten bevestigen</h1>" in html
    oud, nieuw = f"PGAJ-2025-{casus.id:05d}", f"IPTA-2025-{casus.id:05d}"
    assert (
        "Wat er gebeurt: de aanmelding wordt omgezet van PGA Jeugd naar IPTA. De casus krijgt "
        f"het casusnummer {nieuw} uit de reeks van IPTA; het huidige nummer {oud} blijft als "
        "oud nummer bruikbaar om de casus te vinden."
    ) in zien
    assert (
        "De casus verdwijnt uit de triagewachtrij van PGA Jeugd en komt in die van het team "
        "van IPTA, dat beslist over opnemen; in IPTA krijgt de casus de status Aangemeld."
    ) in zien
    assert '<span class="status status--aangemeld">Aangemeld</span>' in html
    assert (
        "Het besluit geldt op 10-03-2025. Een vergissing kan de triage van IPTA binnen 30 "
        "dagen corrigeren; de correctie blijft zichtbaar."
    ) in zien
    assert "U zit niet in de triage" not in zien  # the triage member sits at IPTA's too
    assert f'href="/triage/casussen/{casus.id}">Annuleren</a>' in html
    form = bevestigformulier(html, casus)
    assert (form.veld("doel_aanpak").waarde, form.veld("getoonde_aanpak").waarde) == (
        "ipta",
        "ipta",
    )
    assert form.veld("toelichting").waarde.strip() == "Past beter"
    assert "toelichting" not in {v.naam for v in form.velden if v.verplicht}
    # nothing changed, nothing decided
    db.session.refresh(casus)
    assert (casus.aanpak, casus.status, casus.ref, casus.versie) == (
        "pga_jeugd",
        "aangemeld",
        oud,
        versie,
    )
    assert omzettingen(casus) == []
    assert besluitrecords() == []


def test_the_confirmation_moves_the_case_to_the_other_aanpak(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    db.session.commit()
    login(client, triagist)
    form = bevestigformulier(stap1(client, casus, doel_aanpak="ipta").get_data(as_text=True), casus)

    klaar = client.post(form.actie, data=form.gegevens(toelichting="Past beter bij IPTA"))

    assert klaar.status_code == 302
    assert klaar.headers["Location"] == "/triage/"
    wachtrij = client.get(klaar.headers["Location"]).get_data(as_text=True)
    assert (
        f"Besluit over PGAJ-2025-{casus.id:05d} vastgelegd: de casus is omgezet naar IPTA en "
        f"heeft nu casusnummer IPTA-2025-{casus.id:05d}."
    ) in wachtrij
    db.session.refresh(casus)
    assert (casus.aanpak, casus.status, casus.ref) == (
        "ipta",
        "aangemeld",
        f"IPTA-2025-{casus.id:05d}",
    )
    [g] = omzettingen(casus)
    assert (g.toelichting, g.gebruiker_id, g.datum, g.data) == (
        "Past beter bij IPTA",
        triagist.id,
        VANDAAG,
        {
            "van_aanpak": "pga_jeugd",
            "casusnummer": f"IPTA-2025-{casus.id:05d}",
            "vorig_casusnummer": f"PGAJ-2025-{casus.id:05d}",
        },
    )
    assert [r.uitkomst for r in besluitrecords()] == ["ok"]


def test_the_toelichting_of_omzetten_is_optional(
    client: FlaskClient, maak_casus: Any, triagist: Any, bevestigd: Any
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    db.session.commit()
    login(client, triagist)

    klaar = bevestigd(client, casus, {"besluit": "omzetten", "doel_aanpak": "ipta"}, toelichting="")

    assert klaar.status_code == 302
    [g] = omzettingen(casus)
    assert (g.aanpak, g.toelichting) == ("ipta", None)


def test_cancelling_the_confirmation_changes_nothing(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    db.session.commit()
    versie = casus.versie
    login(client, triagist)
    html = stap1(client, casus, doel_aanpak="ipta").get_data(as_text=True)
    annuleren = re.search(r'<a href="([^"]+)">Annuleren</a>', html)
    assert annuleren is not None

    terug = client.get(annuleren.group(1))

    assert terug.status_code == 200
    assert ">Omzetten…</button>" in terug.get_data(as_text=True)
    db.session.refresh(casus)
    assert (casus.aanpak, casus.status, casus.versie) == ("pga_jeugd", "aangemeld", versie)
    assert omzettingen(casus) == []
    assert besluitrecords() == []


@pytest.mark.parametrize(
    ("doel", "fout"),
    [
        ("", "Kies de aanpak waarnaar de aanmelding wordt omgezet."),
        ("pga_jeugd", "De aanmelding staat al in deze aanpak."),
        ("bestaat_niet", "Onbekende aanpak &#39;bestaat_niet&#39;."),
    ],
)
def test_a_missing_or_wrong_target_aanpak_stays_on_the_first_screen(
    client: FlaskClient, maak_casus: Any, triagist: Any, doel: str, fout: str
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    db.session.commit()
    login(client, triagist)

    antwoord = stap1(client, casus, doel_aanpak=doel)

    assert antwoord.status_code == 422
    html = antwoord.get_data(as_text=True)
    assert "Omzetten bevestigen" not in html
    assert f'<p class="veld__fout" id="doel-{casus.id}-fout">{fout}</p>' in html
    assert f'id="doel-{casus.id}" required aria-invalid="true"' in html
    assert formulier(html, f"/triage/casussen/{casus.id}/besluit", besluit="omzetten")
    assert omzettingen(casus) == []


def test_an_age_limit_of_the_target_refuses_at_step_one(
    client: FlaskClient, maak_casus: Any, triagist: Any, persoon: Any
) -> None:
    """Born 1 June 1994: 30 on 10 March 2025; PGA Jeugd takes people up to 27."""
    casus = maak_casus(
        "ipta", aangemeld_op=date(2025, 3, 2), persoon=persoon(geboortedatum=date(1994, 6, 1))
    )
    db.session.commit()
    login(client, triagist)

    antwoord = stap1(client, casus, doel_aanpak="pga_jeugd")

    assert antwoord.status_code == 422
    html = antwoord.get_data(as_text=True)
    assert "Omzetten bevestigen" not in html
    assert (
        f'<p class="veld__fout" id="doel-{casus.id}-fout">Deze persoon is op 10-03-2025 30 jaar '
        "oud. PGA Jeugd is voor jongeren tot en met 27 jaar.</p>"
    ) in html
    assert '<option value="pga_jeugd" selected>PGA Jeugd</option>' in html
    db.session.refresh(casus)
    assert casus.aanpak == "ipta"


def test_an_age_limit_that_only_warns_is_shown_on_the_confirmation(
    client: FlaskClient, maak_casus: Any, triagist: Any, persoon: Any
) -> None:
    """Born 1 June 2013: 11 on 10 March 2025; PGA Jeugd warns under 12."""
    casus = maak_casus(
        "ipta", aangemeld_op=date(2025, 3, 2), persoon=persoon(geboortedatum=date(2013, 6, 1))
    )
    db.session.commit()
    login(client, triagist)

    antwoord = stap1(client, casus, doel_aanpak="pga_jeugd")

    assert antwoord.status_code == 200
    zien = tekst(antwoord.get_data(as_text=True))
    assert "Let op: Deze persoon is op 10-03-2025 11 jaar oud. PGA Jeugd richt zich op" in zien
    assert "Controleer de geboortedatum. Dit houdt het omzetten niet tegen." in zien
    form = bevestigformulier(antwoord.get_data(as_text=True), casus)
    assert client.post(form.actie, data=form.gegevens()).status_code == 302
    db.session.refresh(casus)
    assert casus.aanpak == "pga_jeugd"


def test_another_target_chosen_on_the_confirmation_is_shown_before_it_is_decided(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    db.session.commit()
    login(client, triagist)
    ipta = bevestigformulier(stap1(client, casus, doel_aanpak="ipta").get_data(as_text=True), casus)

    anders = client.post(ipta.actie, data=ipta.gegevens(doel_aanpak="rio", toelichting="Detentie"))

    assert anders.status_code == 200
    html = anders.get_data(as_text=True)
    zien = tekst(html)
    assert "de aanmelding wordt omgezet van PGA Jeugd naar RIO." in zien
    assert f"het casusnummer RIO-2025-{casus.id:05d} uit de reeks van RIO" in zien
    # the triage member sits at PGA Jeugd's and IPTA's tables, not at RIO's
    assert (
        "U zit niet in de triage van RIO: daarna staat de casus niet meer in uw wachtrij." in zien
    )
    assert omzettingen(casus) == []
    rio = bevestigformulier(html, casus)
    assert (rio.veld("getoonde_aanpak").waarde, rio.veld("toelichting").waarde.strip()) == (
        "rio",
        "Detentie",
    )

    klaar = client.post(rio.actie, data=rio.gegevens())

    assert klaar.status_code == 302
    db.session.refresh(casus)
    assert (casus.aanpak, casus.ref) == ("rio", f"RIO-2025-{casus.id:05d}")
    assert [g.toelichting for g in omzettingen(casus)] == ["Detentie"]


def test_a_wrong_target_chosen_on_the_confirmation_stays_on_the_confirmation(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    casus = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    db.session.commit()
    login(client, triagist)
    ipta = bevestigformulier(stap1(client, casus, doel_aanpak="ipta").get_data(as_text=True), casus)

    leeg = client.post(ipta.actie, data=ipta.gegevens(doel_aanpak=""))

    assert leeg.status_code == 422
    html = leeg.get_data(as_text=True)
    assert "<h1>Omzetten bevestigen</h1>" in html
    assert "Kies de aanpak waarnaar de aanmelding wordt omgezet." in html
    # what happens still describes the aanpak the page showed
    assert "de aanmelding wordt omgezet van PGA Jeugd naar IPTA." in tekst(html)
    assert bevestigformulier(html, casus).veld("getoonde_aanpak").waarde == "ipta"
    assert omzettingen(casus) == []


def test_omzetten_in_meeting_mode_is_confirmed_and_moves_on(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    a = maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 3))
    maak_casus("pga_jeugd", aangemeld_op=date(2025, 2, 10))
    db.session.commit()
    login(client, triagist)
    antwoord = client.post(
        "/triage/overleggen/nieuw",
        data=ingevuld(datum=VANDAAG.isoformat(), aanpakken=["pga_jeugd"]),
    )
    overleg = db.session.get(Overleg, int(antwoord.headers["Location"].rsplit("/", 1)[1]))
    html = client.get(f"/triage/overleggen/{overleg.id}/punt/1").get_data(as_text=True)
    eerste = formulier(html, f"/triage/casussen/{a.id}/besluit", besluit="omzetten")

    bevestigen = client.post(eerste.actie, data=eerste.gegevens(doel_aanpak="ipta"))

    pagina = bevestigen.get_data(as_text=True)
    assert "triageoverleg van 10-03-2025" in pagina
    assert f'href="/triage/overleggen/{overleg.id}/punt/1">Annuleren</a>' in pagina
    bevestig = bevestigformulier(pagina, a)
    assert (bevestig.veld("overleg_id").waarde, bevestig.veld("punt").waarde) == (
        str(overleg.id),
        "1",
    )
    assert (
        db.session.scalars(select(AgendaPunt.besluit).where(AgendaPunt.casus_id == a.id)).one()
        is None
    )
    klaar = client.post(bevestig.actie, data=bevestig.gegevens())

    assert klaar.headers["Location"] == f"/triage/overleggen/{overleg.id}/punt/2"
    punt = db.session.scalars(select(AgendaPunt).where(AgendaPunt.casus_id == a.id)).one()
    assert punt.besluit == "omzetten"
    assert (omzettingen(a)[0].data or {})["overleg_id"] == overleg.id
