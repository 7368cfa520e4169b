"""Persoon page ("ook bekend bij", never PGA-R), Zoeken, and CSRF when enabled."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.casussen.models import Notitie
from casus.extensions import db
from casus.personen.models import Persoon
from tests.hulp.client import login


def _persoon() -> Persoon:
    p = Persoon(voornaam="Lars", achternaam="Smit", geboortedatum=date(2007, 5, 5), bsn="111222333")
    db.session.add(p)
    return p


def test_the_person_page_names_other_aanpakken_without_content_but_never_pga_r(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    ik = maak_gebruiker_("regisseur:ipta")
    jdevries = maak_gebruiker_("regisseur:pga_jeugd", naam="jdevries")
    jdevries.naam = "Jan de Vries"
    p = _persoon()
    eigen = maak_casus("ipta", "actief", persoon=p, regisseur=ik)
    maak_casus(
        "pga_jeugd", "actief", persoon=p, regisseur=jdevries, aanmeldreden="geheime inhoud jeugd"
    )
    maak_casus("pga_r", "actief", persoon=p)
    db.session.commit()
    login(client, ik)
    tekst = client.get(f"/persoon/{p.id}").get_data(as_text=True)
    assert eigen.ref in tekst
    assert "111222333" in tekst
    assert "Ook bekend bij PGA Jeugd, regisseur J. de Vries" in tekst
    assert "PGA-R" not in tekst
    assert "radicalisering" not in tekst.lower()
    assert "geheime inhoud jeugd" not in tekst
    assert "PGAJ-" not in tekst


def test_a_person_without_a_visible_case_answers_404(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    ik = maak_gebruiker_("regisseur:ipta")
    p = _persoon()
    maak_casus("pga_jeugd", "actief", persoon=p)
    db.session.commit()
    login(client, ik)
    assert client.get(f"/persoon/{p.id}").status_code == 404


def test_search_finds_visible_cases_by_name_bsn_and_number_only(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    ik = maak_gebruiker_("regisseur:ipta")
    p = _persoon()
    eigen = maak_casus("ipta", "actief", persoon=p)
    verborgen = maak_casus("pga_r", "actief", persoon=p)
    db.session.commit()
    login(client, ik)
    for term in ("smit", "lars smit", "111222333", eigen.ref.lower()):
        tekst = client.get("/zoeken", query_string={"q": term}).get_data(as_text=True)
        assert eigen.ref in tekst, term
        assert verborgen.ref not in tekst, term
    tekst = client.get("/zoeken", query_string={"q": verborgen.ref}).get_data(as_text=True)
    assert "Niets gevonden" in tekst
    assert f">{verborgen.ref}</a>" not in tekst
    tekst = client.get("/zoeken", query_string={"q": "<script>x</script>"}).get_data(as_text=True)
    assert "&lt;script&gt;x&lt;/script&gt;" in tekst
    assert "<script>x" not in tekst


def test_a_form_without_csrf_token_is_refused_when_csrf_is_enabled(
    app: Flask, client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    ik = maak_gebruiker_("regisseur:ipta")
    casus = maak_casus("ipta", "actief", regisseur=ik)
    db.session.commit()
    login(client, ik)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        antwoord = client.post(
            f"/casus/{casus.id}/notitie",
            data={
                "notitie-token": "c",
                "notitie-soort": "notitie",
                "notitie-datum": "2025-01-20",
                "notitie-tekst": "zonder token",
            },
        )
        assert antwoord.status_code == 400
        assert "Het formulier is verlopen of ongeldig" in antwoord.get_data(as_text=True)
        pagina = client.get(f"/casus/{casus.id}").get_data(as_text=True)
        token = pagina.split('name="notitie-csrf_token" type="hidden" value="')[1].split('"')[0]
        antwoord = client.post(
            f"/casus/{casus.id}/notitie",
            data={
                "notitie-csrf_token": token,
                "notitie-token": "c",
                "notitie-soort": "notitie",
                "notitie-datum": "2025-01-20",
                "notitie-tekst": "met token",
            },
        )
        assert antwoord.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert db.session.scalar(select(func.count()).select_from(Notitie)) == 1
