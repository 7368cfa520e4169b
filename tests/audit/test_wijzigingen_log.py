"""What the log keeps besides plain reads: the person search on the aanmelding form,
and changes that were refused (outcome "geweigerd"), also after a failed flush."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.audit import log_wijziging
from casus.audit.models import AuditRecord
from casus.casussen.models import Casus
from casus.errors import Conflict, Ongeldig
from casus.extensions import db
from casus.personen.models import Persoon
from tests.hulp.client import login

pytestmark = pytest.mark.klok(date(2025, 6, 2))


def records(actie: str) -> list[AuditRecord]:
    return list(
        db.session.scalars(
            select(AuditRecord).where(AuditRecord.actie == actie).order_by(AuditRecord.id)
        )
    )


def test_the_person_search_of_the_aanmelding_logs_who_was_shown_not_the_term(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    noa = Persoon(voornaam="Noa", achternaam="Bakker", geboortedatum=date(2008, 3, 14))
    ander = Persoon(voornaam="Noah", achternaam="Bakkers", geboortedatum=date(2007, 1, 1))
    db.session.add(Persoon(voornaam="Sem", achternaam="Jansen"))
    for p in (noa, ander):  # persons of my team: found by a part of the name
        maak_casus("pga_jeugd", "aangemeld", persoon=p)
    ik = maak_gebruiker_("regisseur:pga_jeugd")
    db.session.commit()
    login(client, ik)

    assert client.get("/aanmelding/pga_jeugd").status_code == 200
    assert records("aanmelding.persoon_gezocht") == []  # no search, nothing shown
    pagina = client.get("/aanmelding/pga_jeugd?zoek=bakker").get_data(as_text=True)
    assert "Bakkers" in pagina

    [r] = records("aanmelding.persoon_gezocht")
    assert (r.gebruiker_id, r.uitkomst, r.object_type, r.client_adres) == (
        ik.id,
        "ok",
        "persoon",
        "127.0.0.1",
    )
    assert r.details == {
        "aanpak": "pga_jeugd",
        "soort": "zoeken",
        "aantal": 2,
        "persoon_ids": sorted([noa.id, ander.id]),
    }
    assert "bakker" not in repr(r.inhoud()).lower()


def test_the_likely_duplicates_shown_on_the_aanmelding_are_logged(
    client: FlaskClient, maak_gebruiker_: Any
) -> None:
    bestaand = Persoon(voornaam="Noa", achternaam="Bakker", geboortedatum=date(2008, 3, 14))
    db.session.add(bestaand)
    ik = maak_gebruiker_("regisseur:pga_jeugd")
    db.session.commit()
    login(client, ik)
    antwoord = client.post(
        "/aanmelding/pga_jeugd",
        data={
            "token": "d1",
            "voornaam": "Noa",
            "achternaam": "Bakker",
            "geboortedatum": "2008-03-14",
            "aangemeld_op": "2025-06-02",
            "aanmeldreden": "Wapenincident op school",
        },
    )
    assert antwoord.status_code == 422
    assert "Mogelijk al bekend" in antwoord.get_data(as_text=True)
    [getoond] = records("aanmelding.persoon_gezocht")
    # a person no team of mine knows: confirmed as an exact match, in a record of its own
    assert getoond.details == {
        "aanpak": "pga_jeugd",
        "soort": "dubbelen",
        "aantal": 1,
        "persoon_ids": [],
    }
    bevestigd = records("persoon.exact_bevestigd")
    assert bevestigd
    assert {r.persoon_id for r in bevestigd} == {bestaand.id}
    assert bevestigd[0].details == {"via": "naam_geboortedatum"}
    # and the aanmelding itself was refused until the user has looked at them
    [geweigerd] = records("casus.aangemeld")
    assert (geweigerd.uitkomst, geweigerd.casus_id, geweigerd.details) == (
        "geweigerd",
        None,
        {"aanpak": "pga_jeugd", "weigering": "ongeldig", "veld": "andere_persoon"},
    )
    assert "Wapenincident" not in repr(geweigerd.inhoud())


def test_a_stale_case_form_is_refused_and_the_refusal_logged(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    ik = maak_gebruiker_("regisseur:ipta")
    casus = maak_casus("ipta", "actief", regisseur=ik)
    db.session.commit()
    login(client, ik)
    oud = str(casus.versie)
    data = {"kenmerken-versie": oud, "kenmerken-wijk": "Meerzicht"}
    assert (
        client.post(
            f"/casus/{casus.id}/kenmerken", data={**data, "kenmerken-token": "k1"}
        ).status_code
        == 302
    )
    antwoord = client.post(
        f"/casus/{casus.id}/kenmerken",
        data={**data, "kenmerken-token": "k2", "kenmerken-wijk": "Dorp"},
    )
    assert antwoord.status_code == 422
    assert "intussen door iemand anders gewijzigd" in antwoord.get_data(as_text=True)
    assert [
        (r.uitkomst, r.casus_id, r.persoon_id, (r.details or {}).get("weigering"))
        for r in records("casus.kenmerken_gewijzigd")
    ] == [
        ("ok", casus.id, casus.persoon_id, None),
        ("geweigerd", casus.id, casus.persoon_id, "conflict"),
    ]


def test_a_refusal_after_a_failed_flush_is_still_logged_and_the_change_is_not(
    app: Flask, maak_casus: Any
) -> None:
    casus = maak_casus("ipta")
    db.session.commit()

    def dubbele_ref() -> None:
        db.session.add(
            Casus(ref=casus.ref, aanpak="ipta", status="aangemeld", aangemeld_op=date(2025, 6, 1))
        )
        try:
            db.session.flush()  # a unique ref taken: the unit of work is broken
        except Exception:  # as a service turns it into a Conflict
            raise Conflict("Iemand anders was u voor.") from None

    with app.test_request_context("/x", method="POST"):
        with pytest.raises(Conflict), log_wijziging("casus.gewijzigd", casus=casus):
            dubbele_ref()
        db.session.rollback()
        app.process_response(app.response_class(status=409))
    [r] = records("casus.gewijzigd")
    assert (r.uitkomst, r.casus_id, r.details) == ("geweigerd", casus.id, {"weigering": "conflict"})


def test_the_ok_record_of_a_change_that_was_rolled_back_is_not_kept(
    app: Flask, maak_casus: Any
) -> None:
    casus = maak_casus("ipta")
    db.session.commit()
    with app.test_request_context("/x", method="POST"):
        with log_wijziging("casus.eerste", casus=casus):
            casus.aanmeldreden = "wordt teruggedraaid"
        with pytest.raises(Ongeldig), log_wijziging("casus.tweede", casus=casus):
            raise Ongeldig("Mag niet.", "aanmeldreden")
        db.session.rollback()
        app.process_response(app.response_class(status=422))
    db.session.expire_all()
    assert records("casus.eerste") == []
    assert [(r.uitkomst, r.details) for r in records("casus.tweede")] == [
        ("geweigerd", {"weigering": "ongeldig", "veld": "aanmeldreden"})
    ]
    assert db.session.get(Casus, casus.id).aanmeldreden != "wordt teruggedraaid"
