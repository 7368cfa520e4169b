"""The aanmelding's person lookup reveals nothing of persons the user may not see.

Issue "Eén poort": an IPTA coach could list the names and birth dates of anyone by
searching on any part of a name or a birth date, read them by counting up
``?persoon=<id>``, and register an aanmelding on such an id to open the full person
page. For every team, and a person known only in every other aanpak, each of those
three ways must show nothing; only an exact match on what the user typed in full (the
BSN, or voornaam + achternaam + geboortedatum) may be confirmed, with nothing but what
was typed, and never for a person known only in PGA-R.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import date
from typing import Any

import pytest
import time_machine
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.audit.queries import ongebruikelijke_toegang
from casus.casussen.models import Casus
from casus.extensions import db
from casus.personen.models import Persoon
from tests.hulp.client import login
from workflows import CATALOGUS

BSN = "111222333"
AANPAKKEN = CATALOGUS.codes()
PAREN = [(team, ander) for team in AANPAKKEN for ander in AANPAKKEN if ander != team]


pytestmark = pytest.mark.klok(date(2025, 6, 2))


def _verborgen(maak_casus: Any, aanpak: str) -> Persoon:
    p = Persoon(
        voornaam="Verborgen",
        achternaam="Zwijgzaam",
        geboortedatum=date(2009, 5, 17),
        bsn=BSN,
        adres="Geheimelaan 7",
    )
    maak_casus(aanpak, "aangemeld", persoon=p)
    db.session.commit()
    return p


def _geen_spoor(tekst: str, p: Persoon) -> None:
    for spoor in ("Verborgen", "Zwijgzaam", "17-05-2009", "Geheimelaan", f'persoon={p.id}"'):
        assert spoor not in tekst, spoor


def _casussen_van(p: Persoon) -> int:
    return (
        db.session.scalar(select(func.count()).select_from(Casus).where(Casus.persoon_id == p.id))
        or 0
    )


def _log_in_als_regisseur(client: FlaskClient, maak_gebruiker_: Any, team: str) -> Any:
    ik = maak_gebruiker_(f"regisseur:{team}")
    db.session.commit()
    login(client, ik)
    return ik


@pytest.mark.parametrize(("team", "ander"), PAREN)
def test_search_id_and_registration_show_nothing_of_another_teams_person(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any, team: str, ander: str
) -> None:
    p = _verborgen(maak_casus, ander)
    _log_in_als_regisseur(client, maak_gebruiker_, team)
    # 1. search on any part of the name or on the birth date
    for term in ("verb", "zwijg", "Zwijgzaam", "17-05-2009", "2009-05-17", "%", "_"):
        antwoord = client.get(f"/aanmelding/{team}", query_string={"zoek": term})
        tekst = antwoord.get_data(as_text=True)
        # the term itself is echoed in the search box; the results must be empty
        assert antwoord.status_code == 200, term
        assert "Geen personen gevonden" in tekst, term
        assert "persoon=" not in tekst
        assert "Geheimelaan" not in tekst
    # 2. choosing by id
    for keuze in (str(p.id), f"0{p.id}", f" {p.id}"):
        tekst = client.get(f"/aanmelding/{team}", query_string={"persoon": keuze}).get_data(
            as_text=True
        )
        _geen_spoor(tekst, p)
        assert "Persoon:" not in tekst
    # 3. registering an aanmelding on that id
    antwoord = client.post(
        f"/aanmelding/{team}",
        data={
            "token": f"t-{team}-{ander}",
            "persoon_id": str(p.id),
            "aangemeld_op": "2025-06-01",
            "aanmeldreden": "test",
            "k_onderwerp": "persoon",
        },
    )
    assert antwoord.status_code == 422
    _geen_spoor(antwoord.get_data(as_text=True), p)
    assert _casussen_van(p) == 1
    assert client.get(f"/persoon/{p.id}").status_code == 404


@pytest.mark.parametrize(("team", "ander"), PAREN)
def test_an_exact_match_confirms_only_what_was_typed_never_pga_r(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any, team: str, ander: str
) -> None:
    p = _verborgen(maak_casus, ander)
    _log_in_als_regisseur(client, maak_gebruiker_, team)
    geheim = CATALOGUS.get(ander).strikt_vertrouwelijk
    op_bsn = client.get(f"/aanmelding/{team}", query_string={"zoek": BSN}).get_data(as_text=True)
    op_naam = client.get(
        f"/aanmelding/{team}", query_string={"zoek": "verborgen zwijgzaam 17-05-2009"}
    ).get_data(as_text=True)
    for tekst in (op_bsn, op_naam):
        for spoor in ("Geheimelaan", f'persoon={p.id}"', CATALOGUS.get(ander).kort):
            assert spoor not in tekst, spoor
    if geheim:
        for tekst in (op_bsn, op_naam):
            assert "bekend bij een ander team" not in tekst
            assert "Geen personen gevonden" in tekst
            assert "persoon=" not in tekst
        return
    # the BSN confirms the BSN only: no name, no birth date
    assert f"BSN {BSN}: <em>bekend bij een ander team</em>" in op_bsn
    assert "Zwijgzaam" not in op_bsn
    assert "17-05-2009" not in op_bsn
    # name and birth date confirm what was typed (lower case, as typed), no BSN
    assert "verborgen zwijgzaam, geboren 17-05-2009: <em>bekend bij een ander team" in op_naam
    assert BSN not in op_naam
    # a part of either is not an exact match
    for deel in (BSN[:8], "verborgen zwijgzaam", "verborgen 17-05-2009"):
        tekst = client.get(f"/aanmelding/{team}", query_string={"zoek": deel}).get_data(
            as_text=True
        )
        assert "bekend bij een ander team" not in tekst, deel


def _keuze(tekst: str) -> str:
    gevonden = re.search(r"persoon=([A-Za-z0-9_.\-]{20,})\"", tekst)
    assert gevonden is not None
    return gevonden.group(1)


def test_an_exact_match_links_the_record_and_is_logged_and_signalled(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    p = _verborgen(maak_casus, "pga_jeugd")
    ik = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    login(client, ik)
    keuze = _keuze(
        client.get("/aanmelding/ipta", query_string={"zoek": BSN}).get_data(as_text=True)
    )
    # the token is signed, not encrypted: it carries what was typed, never the person's id
    inhoud = json.loads(base64.urlsafe_b64decode(keuze.split(".")[0] + "=="))
    assert inhoud == {"u": ik.id, "i": 0, "b": BSN}
    gekozen = client.get("/aanmelding/ipta", query_string={"persoon": keuze}).get_data(as_text=True)
    assert f"Persoon: <strong>BSN {BSN}</strong> (bekend bij een ander team" in gekozen
    _geen_spoor(gekozen, p)
    antwoord = client.post(
        "/aanmelding/ipta",
        data={
            "token": "koppel",
            "persoon_id": keuze,
            "aangemeld_op": "2025-06-01",
            "aanmeldreden": "doorverwezen door het wijkteam",
        },
    )
    assert antwoord.status_code == 302
    assert _casussen_van(p) == 2
    assert db.session.scalar(select(func.count()).select_from(Persoon)) == 1
    acties = set(
        db.session.scalars(
            select(AuditRecord.actie).where(
                AuditRecord.persoon_id == p.id, AuditRecord.gebruiker_id == ik.id
            )
        )
    )
    assert {"persoon.exact_bevestigd", "persoon.gekoppeld", "casus.aangemeld"} <= acties
    # the unusual-access signal counts the confirmation and the link of this person once
    signalen = {s.gebruiker_id: s.aantal_casussen for s in ongebruikelijke_toegang(0)}
    assert signalen.get(ik.id, 0) >= 1
    # linked now: the person is mine to see through my own case
    assert client.get(f"/persoon/{p.id}").status_code == 200


def test_a_choice_token_is_bound_to_its_user_and_cannot_be_forged(
    client: FlaskClient, app: Any, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    p = _verborgen(maak_casus, "pga_jeugd")
    ik = maak_gebruiker_("regisseur:ipta")
    collega = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    login(client, ik)
    keuze = _keuze(
        client.get("/aanmelding/ipta", query_string={"zoek": BSN}).get_data(as_text=True)
    )
    tweede = app.test_client()
    login(tweede, collega)
    for poging in (keuze, keuze[:-2] + ("AA" if not keuze.endswith("AA") else "BB")):
        tekst = tweede.get("/aanmelding/ipta", query_string={"persoon": poging}).get_data(
            as_text=True
        )
        assert "Persoon:" not in tekst
        assert BSN not in tekst
        antwoord = tweede.post(
            "/aanmelding/ipta",
            data={
                "token": f"p{len(poging)}{poging[-3:]}",
                "persoon_id": poging,
                "aangemeld_op": "2025-06-01",
                "aanmeldreden": "x",
            },
        )
        assert antwoord.status_code == 422
    assert _casussen_van(p) == 1


def test_a_choice_token_expires(client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any) -> None:
    p = _verborgen(maak_casus, "rio")
    ik = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    login(client, ik)
    keuze = _keuze(
        client.get("/aanmelding/ipta", query_string={"zoek": BSN}).get_data(as_text=True)
    )
    with time_machine.travel(date(2025, 6, 3), tick=False):
        login(client, ik)
        tekst = client.get("/aanmelding/ipta", query_string={"persoon": keuze}).get_data(
            as_text=True
        )
    assert "Persoon:" not in tekst
    assert _casussen_van(p) == 1
