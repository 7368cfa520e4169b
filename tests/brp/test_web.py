"""The BRP on the screens, through the test client against the stub over HTTP: the
lookup at the aanmelding (the BRP next to what was typed, nothing typed lost, the check
linked to the registered person), its failures (registering by hand still works), the
refresh and the take-over on the person page, the signals on the case page and its
timeline, and 404 with no query at all for a user of another team."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from casus.brp import BRP_FOUTEN, HANDMATIG
from casus.brp.models import BrpControle, BrpWijziging
from casus.casussen.models import Casus
from casus.extensions import db
from casus.personen.models import Persoon
from tests.hulp.brp import (
    BSN_GEWEIGERD,
    BSN_MINDERJARIG,
    BSN_ONBEKEND,
    BSN_STORING,
    BSN_TRAAG,
    BSN_VOLWASSEN,
    brp_aan,
    overlijd,
    verhuis,
)
from tests.hulp.client import login
from tests.hulp.databaseinhoud import aantal
from tests.hulp.fabrieken import persoon as maak_persoon
from tests.hulp.formulieren import Formulier, formulier, token

pytestmark = pytest.mark.klok(date(2025, 6, 2))

WOONOVERLAST = "/aanmelding/woonoverlast"
ADRES = "Burg v Leeuwenpark 12a-2, 2715 AB Zoetermeer"  # BSN_VOLWASSEN in the BRP


@pytest.fixture
def ik(maak_gebruiker_: Any, client: FlaskClient) -> Any:
    gebruiker = maak_gebruiker_(
        "regisseur:woonoverlast", "regisseur:pga_jeugd", naam="Rosa Regisseur"
    )
    db.session.commit()
    login(client, gebruiker)
    return gebruiker


def _formulier(client: FlaskClient, pad: str = WOONOVERLAST) -> Formulier:
    html = client.get(pad).get_data(as_text=True)
    return formulier(html, pad)


def _invoer(client: FlaskClient, pad: str = WOONOVERLAST, **velden: str) -> dict[str, Any]:
    """The aanmelding form as its page renders it, filled in with ``velden``."""
    form = _formulier(client, pad)
    data = form.gegevens(aangemeld_op="2025-06-02", aanmeldreden="Geluidsoverlast 's nachts")
    data.update(velden)
    return data


def _waarde(html: str, naam: str) -> str | None:
    """The value of input ``naam`` as the page renders it (None: no such input)."""
    for form in re.finditer(r"<input[^>]*>", html):
        if f'name="{naam}"' in form.group(0):
            gevonden = re.search(r'value="([^"]*)"', form.group(0))
            return gevonden.group(1) if gevonden else ""
    return None


def _zichtbaar(html: str) -> str:
    """The page's text, tags and runs of white space squeezed out."""
    tekst = re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&")
    return " ".join(tekst.split())


# -- the aanmelding ------------------------------------------------------------------------


def test_the_lookup_shows_the_brp_next_to_what_was_typed_and_keeps_it(
    client: FlaskClient, ik: Any, brp: Any
) -> None:
    """Jeroen Bakker (BSN_VOLWASSEN): a typo in the first name stays as typed and is
    marked; the empty surname and address are filled in from the BRP; the reason typed
    below the person is kept; one query reached the stub."""
    data = _invoer(client, voornaam="Jeron", achternaam="", bsn=BSN_VOLWASSEN)
    antwoord = client.post(f"{WOONOVERLAST}/brp", data=data)
    assert antwoord.status_code == 200
    html = antwoord.get_data(as_text=True)
    tekst = _zichtbaar(html)
    assert "Wat de BRP zegt" in tekst
    assert _waarde(html, "voornaam") == "Jeron"  # as typed
    assert _waarde(html, "achternaam") == "Bakker"  # filled in
    assert _waarde(html, "adres") == ADRES
    assert _waarde(html, "geboortedatum") == "1990-05-20"
    assert "Geluidsoverlast 's nachts" in html.replace("&#39;", "'")
    assert "Voornamen Jeron Jeroen wijkt af" in tekst
    assert "Geslachtsnaam — Bakker ingevuld uit de BRP" in tekst
    assert "1 gegeven wijkt af van wat u invulde" in tekst
    assert 'data-brp-waarde="Jeroen"' in html  # the "Gebruik BRP-gegeven" button
    sleutel = _waarde(html, "brp_sleutel")
    assert sleutel
    controle = db.session.scalars(select(BrpControle)).one()
    assert (controle.persoon_id, controle.bsn, controle.aanpak) == (
        None,
        BSN_VOLWASSEN,
        "woonoverlast",
    )
    assert len(brp.ontvangen) == 1


def test_registering_after_the_lookup_links_the_check_to_the_person(
    client: FlaskClient, ik: Any, brp: Any
) -> None:
    data = _invoer(client, voornaam="", achternaam="", bsn=BSN_VOLWASSEN)
    html = client.post(f"{WOONOVERLAST}/brp", data=data).get_data(as_text=True)
    # the page after the lookup, sent as the browser sends it
    form = formulier(html, WOONOVERLAST)
    antwoord = client.post(WOONOVERLAST, data=form.gegevens())
    assert antwoord.status_code == 302, _zichtbaar(antwoord.get_data(as_text=True))
    casus = db.session.scalars(select(Casus)).one()
    persoon = casus.persoon
    assert (persoon.voornaam, persoon.achternaam, persoon.bsn) == (
        "Jeroen",
        "Bakker",
        BSN_VOLWASSEN,
    )
    assert persoon.geboortedatum == date(1990, 5, 20)
    controle = db.session.scalars(select(BrpControle)).one()
    assert controle.persoon_id == persoon.id
    assert controle.sleutel_hash is None


def test_a_minor_in_pga_jeugd_shows_custody(client: FlaskClient, ik: Any, brp: Any) -> None:
    pad = "/aanmelding/pga_jeugd"
    data = _invoer(client, pad, bsn=BSN_MINDERJARIG)
    antwoord = client.post(f"{pad}/brp", data=data)
    assert antwoord.status_code == 200
    tekst = _zichtbaar(antwoord.get_data(as_text=True))
    assert "Wat de BRP zegt" in tekst
    assert re.search(r"Gezag — \S", tekst), tekst


@pytest.mark.parametrize(
    ("bsn", "fout"),
    [
        (BSN_GEWEIGERD, "niet_geautoriseerd"),
        (BSN_STORING, "storing"),
        (BSN_ONBEKEND, "niet_gevonden"),
        (BSN_TRAAG, "time_out"),
    ],
)
def test_a_failing_brp_says_why_keeps_the_form_and_registering_still_works(
    client: FlaskClient, ik: Any, brp: Any, app: Any, bsn: str, fout: str
) -> None:
    with brp_aan(app, brp, BRP_TIMEOUT_SECONDEN=0.5):
        brp.vertraging = 2.0
        data = _invoer(client, voornaam="Kim", achternaam="de Wit", bsn=bsn)
        antwoord = client.post(f"{WOONOVERLAST}/brp", data=data)
        assert antwoord.status_code == 200
        html = antwoord.get_data(as_text=True)
        tekst = _zichtbaar(html)
        assert BRP_FOUTEN[fout] in tekst
        assert HANDMATIG in tekst
        assert 'role="alert"' in html
        assert (_waarde(html, "voornaam"), _waarde(html, "achternaam"), _waarde(html, "bsn")) == (
            "Kim",
            "de Wit",
            bsn,
        )
        assert not _waarde(html, "brp_sleutel")
        form = formulier(html, WOONOVERLAST)
        antwoord = client.post(WOONOVERLAST, data=form.gegevens())
    assert antwoord.status_code == 302
    persoon = db.session.scalars(select(Casus)).one().persoon
    assert (persoon.voornaam, persoon.achternaam, persoon.bsn) == ("Kim", "de Wit", bsn)
    assert aantal(BrpControle) == 0


@pytest.mark.parametrize(
    ("bsn", "melding"),
    [("", "Vul het BSN in"), ("123456789", "geen geldig BSN"), ("12345678x", "geen geldig BSN")],
)
def test_a_missing_or_invalid_bsn_is_said_at_the_field_without_a_query(
    client: FlaskClient, ik: Any, brp: Any, bsn: str, melding: str
) -> None:
    data = _invoer(client, voornaam="Kim", bsn=bsn)
    antwoord = client.post(f"{WOONOVERLAST}/brp", data=data)
    assert antwoord.status_code == 422
    html = antwoord.get_data(as_text=True)
    assert re.search(rf'id="bsn-fout">[^<]*{melding}', html), html
    assert _waarde(html, "voornaam") == "Kim"
    assert len(brp.ontvangen) == 0


def test_without_the_brp_the_aanmelding_has_no_lookup_and_works_as_before(
    client: FlaskClient, ik: Any
) -> None:
    html = client.get(WOONOVERLAST).get_data(as_text=True)
    assert "Opzoeken in de BRP" not in html
    antwoord = client.post(WOONOVERLAST, data=_invoer(client, voornaam="Kim", achternaam="Wit"))
    assert antwoord.status_code == 302
    assert aantal(Casus) == 1


def test_an_aanpak_without_a_profile_has_no_lookup(
    client: FlaskClient, maak_gebruiker_: Any, brp: Any
) -> None:
    gebruiker = maak_gebruiker_("regisseur:ondermijning", "regisseur:woonoverlast")
    db.session.commit()
    login(client, gebruiker)
    assert "Opzoeken in de BRP" in client.get(WOONOVERLAST).get_data(as_text=True)
    assert "Opzoeken in de BRP" not in client.get("/aanmelding/ondermijning").get_data(as_text=True)


# -- the person page -----------------------------------------------------------------------


@pytest.fixture
def mijn_casus(ik: Any, maak_casus: Any) -> Casus:
    """An active woonoverlast case of Jeroen Bakker, typed with a wrong first name,
    address and birth date; assigned to me."""
    persoon = maak_persoon(
        "Jeron", "Bakker", date(1990, 5, 21), bsn=BSN_VOLWASSEN, adres="Dorpsstraat 1"
    )
    casus = maak_casus("woonoverlast", "actief", regisseur=ik, persoon=persoon)
    db.session.commit()
    return casus


def _ververs(client: FlaskClient, persoon_id: int, aanpak: str = "woonoverlast") -> Any:
    return client.post(
        f"/persoon/{persoon_id}/brp", data={"brp-token": token(), "brp-aanpak": aanpak}
    )


def test_the_person_page_refreshes_and_compares_with_the_record(
    client: FlaskClient, ik: Any, mijn_casus: Casus, brp: Any
) -> None:
    pid = mijn_casus.persoon_id
    tekst = _zichtbaar(client.get(f"/persoon/{pid}").get_data(as_text=True))
    assert "BRP" in tekst
    assert "Nog niet opgevraagd bij de BRP voor de aanpak" in tekst
    assert "Gegevens opvragen bij de BRP" in tekst
    assert "Voor welke aanpak" not in tekst  # one aanpak: no choice

    antwoord = _ververs(client, pid)
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].endswith(f"/persoon/{pid}?sectie=brp#brp")
    tekst = _zichtbaar(client.get(antwoord.headers["Location"]).get_data(as_text=True))
    assert "De gegevens zijn opgevraagd bij de BRP." in tekst
    assert "Laatst opgevraagd op 2 juni 2025 om" in tekst
    assert f"door {ik.naam}, voor de aanpak Woonoverlast" in tekst
    assert "Gegevens opnieuw opvragen bij de BRP" in tekst  # asked once: "again" now
    assert "Voornamen Jeron Jeroen wijkt af" in tekst
    assert "Geslachtsnaam Bakker Bakker gelijk" in tekst
    assert "Geboortedatum 21 mei 1990 20 mei 1990 wijkt af" in tekst
    assert "wordt nooit uit de BRP overgenomen" in tekst
    assert len(brp.ontvangen) == 1


def test_taking_the_brp_over_changes_name_and_address_never_the_birth_date(
    client: FlaskClient, mijn_casus: Casus, brp: Any
) -> None:
    pid = mijn_casus.persoon_id
    _ververs(client, pid)
    controle = db.session.scalars(select(BrpControle)).one()
    terug = client.post(
        f"/persoon/{pid}/brp/overnemen", data={"token": token(), "controle_id": str(controle.id)}
    )
    assert terug.status_code == 302
    tekst = _zichtbaar(client.get(terug.headers["Location"]).get_data(as_text=True))
    assert "Naam en adres bijgewerkt uit de BRP." in tekst
    db.session.expire_all()
    persoon = db.session.get(Persoon, pid)
    assert persoon is not None
    assert (persoon.voornaam, persoon.adres, persoon.geboortedatum) == (
        "Jeroen",
        ADRES,
        date(1990, 5, 21),
    )
    terug = client.post(
        f"/persoon/{pid}/brp/overnemen", data={"token": token(), "controle_id": str(controle.id)}
    )
    tekst = _zichtbaar(client.get(terug.headers["Location"]).get_data(as_text=True))
    assert "De gegevens waren al gelijk aan de BRP." in tekst


def test_a_person_without_a_bsn_gets_a_text_instead_of_the_button(
    client: FlaskClient, ik: Any, maak_casus: Any, brp: Any
) -> None:
    persoon = maak_persoon("Kim", "de Wit", None)
    casus = maak_casus("woonoverlast", "actief", regisseur=ik, persoon=persoon)
    db.session.commit()
    tekst = _zichtbaar(client.get(f"/persoon/{casus.persoon_id}").get_data(as_text=True))
    assert "Van deze persoon is geen BSN bekend" in tekst
    assert "Gegevens opnieuw opvragen bij de BRP" not in tekst


def test_a_person_of_an_aanpak_without_a_profile_has_no_brp_section(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any, brp: Any
) -> None:
    gebruiker = maak_gebruiker_("regisseur:ondermijning")
    persoon = maak_persoon("Kim", "de Wit", None, bsn=BSN_VOLWASSEN)
    casus = maak_casus("ondermijning", "actief", regisseur=gebruiker, persoon=persoon)
    db.session.commit()
    login(client, gebruiker)
    html = client.get(f"/persoon/{casus.persoon_id}").get_data(as_text=True)
    assert 'id="brp-kop"' not in html
    assert "/brp" not in html


def test_a_failing_refresh_says_why(client: FlaskClient, mijn_casus: Casus, brp: Any) -> None:
    brp.storing.add(BSN_VOLWASSEN)
    antwoord = _ververs(client, mijn_casus.persoon_id)
    html = client.get(antwoord.headers["Location"]).get_data(as_text=True)
    assert f'<p class="melding melding--fout">{BRP_FOUTEN["storing"]}</p>' in html
    assert aantal(BrpControle) == 0


# -- the signals on the case ---------------------------------------------------------------


def test_a_move_is_a_banner_on_the_case_until_handled_and_a_timeline_line(
    client: FlaskClient, ik: Any, mijn_casus: Casus, brp: Any
) -> None:
    pid, cid = mijn_casus.persoon_id, mijn_casus.id
    _ververs(client, pid)  # the first check: in Zoetermeer
    verhuis(brp, BSN_VOLWASSEN)
    antwoord = _ververs(client, pid)
    tekst = _zichtbaar(client.get(antwoord.headers["Location"]).get_data(as_text=True))
    assert "Signaal (verhuizing): Ingeschreven in 's-Gravenhage. Het staat bij de casus." in tekst

    tekst = _zichtbaar(client.get(f"/casus/{cid}").get_data(as_text=True))
    banner = (
        "Uit de BRP: verhuisd naar een andere gemeente (ingeschreven in 's-Gravenhage), "
        "gevonden op 2 juni 2025."
    )
    assert banner in tekst
    assert "Signaal uit de BRP" in tekst  # the timeline line
    assert "Nog niet afgehandeld." in tekst

    wijziging = db.session.scalars(select(BrpWijziging)).one()
    terug = client.post(
        f"/casus/{cid}/brp-signalen/{wijziging.id}/afgehandeld", data={"token": token()}
    )
    assert terug.status_code == 302
    tekst = _zichtbaar(client.get(terug.headers["Location"]).get_data(as_text=True))
    assert "Het signaal uit de BRP is afgehandeld." in tekst
    assert banner not in tekst
    assert f"Afgehandeld op 02-06-2025 02:00 door {ik.naam}." in tekst


def test_a_death_is_a_banner_on_the_case(client: FlaskClient, mijn_casus: Casus, brp: Any) -> None:
    _ververs(client, mijn_casus.persoon_id)
    overlijd(brp, BSN_VOLWASSEN, date(2025, 5, 30))
    _ververs(client, mijn_casus.persoon_id)
    tekst = _zichtbaar(client.get(f"/casus/{mijn_casus.id}").get_data(as_text=True))
    assert "Uit de BRP: overleden op 30 mei 2025, gevonden op 2 juni 2025." in tekst


# -- another team: 404 on every route, and no query ------------------------------------


def test_a_user_of_another_team_gets_404_on_every_route_and_no_query(
    app: Any, client: FlaskClient, mijn_casus: Casus, brp: Any, maak_gebruiker_: Any
) -> None:
    _ververs(client, mijn_casus.persoon_id)
    verhuis(brp, BSN_VOLWASSEN)
    _ververs(client, mijn_casus.persoon_id)
    wijziging = db.session.scalars(select(BrpWijziging)).one()
    controle = db.session.scalars(select(BrpControle).order_by(BrpControle.id.desc())).first()
    assert controle is not None
    brp.ontvangen.clear()
    ander = maak_gebruiker_("regisseur:ipta", "triage:ipta")
    db.session.commit()
    client = app.test_client()
    login(client, ander)
    pid, cid = mijn_casus.persoon_id, mijn_casus.id
    verzoeken = {
        f"{WOONOVERLAST}/brp": {"token": token(), "bsn": BSN_VOLWASSEN, "voornaam": "J"},
        f"/persoon/{pid}/brp": {"brp-token": token(), "brp-aanpak": "woonoverlast"},
        f"/persoon/{pid}/brp/overnemen": {"token": token(), "controle_id": str(controle.id)},
        f"/casus/{cid}/brp-signalen/{wijziging.id}/afgehandeld": {"token": token()},
    }
    for url, data in verzoeken.items():
        assert client.post(url, data=data).status_code == 404, url
    assert len(brp.ontvangen) == 0
    db.session.expire_all()
    assert db.session.get(BrpWijziging, wijziging.id).afgehandeld_op is None  # type: ignore[union-attr]
    assert db.session.get(Persoon, pid).voornaam == "Jeron"  # type: ignore[union-attr]
