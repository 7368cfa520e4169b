"""The BRP services against the stub over HTTP: what is stored, the aanmelding's check
and its link, the refresh and its signals, taking over the BRP's data, the audit
record per query (also after a rollback)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.wrappers import Response

from casus.audit.models import AuditRecord
from casus.audit.services import bewaar_na_verzoek
from casus.brp import services
from casus.brp.models import BrpControle, BrpWijziging
from casus.brp.stub import Stubserver
from casus.errors import GeenToegang, Ongeldig
from casus.extensions import db
from tests.hulp import fabrieken
from tests.hulp.brp import (
    BSN_GEWEIGERD,
    BSN_ONBEKEND,
    BSN_OVERLEDEN,
    BSN_VERHUISD,
    BSN_VOLWASSEN,
    overlijd,
    verhuis,
)
from tests.hulp.klok import stil

MOMENT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# what the stub says of Jeroen Bakker (casus/brp/data/testpersonen.json)
JEROEN_ADRES = "Burg v Leeuwenpark 12a-2, 2715 AB Zoetermeer"


def records(actie: str) -> list[AuditRecord]:
    return list(
        db.session.scalars(
            select(AuditRecord).where(AuditRecord.actie == actie).order_by(AuditRecord.id)
        )
    )


def controles() -> list[BrpControle]:
    return list(db.session.scalars(select(BrpControle).order_by(BrpControle.id)))


# -- the aanmelding ------------------------------------------------------------------------


@pytest.mark.klok(MOMENT)
def test_the_aanmelding_check_stores_only_the_asked_groups_and_returns_a_key(
    brp: Stubserver,
) -> None:
    coach = fabrieken.gebruiker("coach", "regisseur:ipta")
    uit = services.raadpleeg_bij_aanmelding(coach, "ipta", BSN_VOLWASSEN)
    assert uit.raadpleging.gelukt
    assert uit.sleutel is not None
    [controle] = controles()
    # ipta's profile names no groups: the minimum, naam and geboortedatum
    assert controle.gegevens == {
        "bsn": BSN_VOLWASSEN,
        "voornamen": "Jeroen",
        "voorvoegsel": None,
        "geslachtsnaam": "Bakker",
        "geboortedatum": "1990-05-20",
        "adres": None,
        "gemeente_code": None,
        "gemeente_naam": None,
        "overleden_op": None,
        "gezag": [],
    }
    assert (controle.persoon_id, controle.aanpak, controle.bsn) == (None, "ipta", BSN_VOLWASSEN)
    assert (controle.gemeente_code, controle.overleden_op) == (None, None)
    assert controle.gebruiker_id == coach.id
    assert controle.gecontroleerd_op == MOMENT
    assert controle.sleutel_hash == hashlib.sha256(uit.sleutel.encode()).hexdigest()
    # one request, for those fields only
    [verzoek] = brp.ontvangen
    assert verzoek["body"]["fields"] == [
        "burgerservicenummer",
        "naam.voornamen",
        "naam.voorvoegsel",
        "naam.geslachtsnaam",
        "geboorte.datum",
    ]
    assert verzoek["headers"]["X-GEBRUIKER"] == "coach"


@pytest.mark.klok(MOMENT)
def test_a_failed_check_stores_nothing_and_gives_no_key(brp: Stubserver) -> None:
    coach = fabrieken.gebruiker("coach", "regisseur:ipta")
    for bsn, fout in ((BSN_ONBEKEND, "niet_gevonden"), (BSN_GEWEIGERD, "niet_geautoriseerd")):
        uit = services.raadpleeg_bij_aanmelding(coach, "ipta", bsn)
        assert (uit.raadpleging.fout, uit.sleutel) == (fout, None)
    assert controles() == []
    assert [
        (r.uitkomst, r.details["uitkomst"], r.details["bsn"]) for r in records("brp.geraadpleegd")
    ] == [
        ("mislukt", "niet_gevonden", BSN_ONBEKEND),
        ("mislukt", "niet_geautoriseerd", BSN_GEWEIGERD),
    ]


def test_a_new_check_replaces_the_users_earlier_one_and_expired_ones_go(
    brp: Stubserver,
) -> None:
    coach = fabrieken.gebruiker("coach", "regisseur:ipta")
    ander = fabrieken.gebruiker("ander", "regisseur:ipta")
    with stil(MOMENT):
        services.raadpleeg_bij_aanmelding(ander, "ipta", BSN_VERHUISD)
        services.raadpleeg_bij_aanmelding(coach, "ipta", BSN_VOLWASSEN)
    with stil(MOMENT + timedelta(minutes=30)):
        services.raadpleeg_bij_aanmelding(coach, "ipta", BSN_OVERLEDEN)
    # the coach's first check is gone; the other user's is 30 minutes old and stays
    assert [(c.gebruiker_id, c.bsn) for c in controles()] == [
        (ander.id, BSN_VERHUISD),
        (coach.id, BSN_OVERLEDEN),
    ]
    with stil(MOMENT + timedelta(minutes=61)):
        services.raadpleeg_bij_aanmelding(coach, "ipta", BSN_VOLWASSEN)
    # the other user's is over 60 minutes old now
    assert [(c.gebruiker_id, c.bsn) for c in controles()] == [(coach.id, BSN_VOLWASSEN)]


def test_linking_needs_the_same_user_aanpak_and_bsn_within_the_hour(brp: Stubserver) -> None:
    coach = fabrieken.gebruiker("coach", "regisseur:ipta", "regisseur:pga_jeugd")
    collega = fabrieken.gebruiker("collega", "regisseur:ipta")
    persoon = fabrieken.persoon(bsn=BSN_VOLWASSEN)
    ander = fabrieken.persoon("Ander", bsn=BSN_VERHUISD)
    with stil(MOMENT):
        sleutel = services.raadpleeg_bij_aanmelding(coach, "ipta", BSN_VOLWASSEN).sleutel
    with stil(MOMENT + timedelta(minutes=10)):
        assert services.koppel_aanmeldcontrole(collega, sleutel, persoon, "ipta") is None
        assert services.koppel_aanmeldcontrole(coach, sleutel, persoon, "pga_jeugd") is None
        assert services.koppel_aanmeldcontrole(coach, sleutel, ander, "ipta") is None
        assert services.koppel_aanmeldcontrole(coach, "verzonnen", persoon, "ipta") is None
        assert services.koppel_aanmeldcontrole(coach, None, persoon, "ipta") is None
    with stil(MOMENT + timedelta(minutes=61)):
        assert services.koppel_aanmeldcontrole(coach, sleutel, persoon, "ipta") is None
    with stil(MOMENT + timedelta(minutes=59)):
        controle = services.koppel_aanmeldcontrole(coach, sleutel, persoon, "ipta")
    assert controle is not None
    assert (controle.persoon_id, controle.sleutel_hash) == (persoon.id, None)
    # once: the key is spent
    assert services.koppel_aanmeldcontrole(coach, sleutel, persoon, "ipta") is None
    [gekoppeld] = records("brp.aanmeldcontrole_gekoppeld")
    assert gekoppeld.persoon_id == persoon.id
    assert gekoppeld.details == {
        "aanpak": "ipta",
        "doelbinding": "IPTA",
        "gegevens": ["naam", "geboortedatum"],
        "brp_controle_id": controle.id,
    }


def test_a_user_of_another_team_is_refused_and_nothing_reaches_the_brp(
    brp: Stubserver,
) -> None:
    rio = fabrieken.gebruiker("rio", "regisseur:rio")
    manager = fabrieken.gebruiker("baas", "manager")
    for wie in (rio, manager, None):
        with pytest.raises(GeenToegang):
            services.raadpleeg_bij_aanmelding(wie, "ipta", BSN_VOLWASSEN)  # type: ignore[arg-type]
    assert list(brp.ontvangen) == []
    assert controles() == []
    assert records("brp.geraadpleegd") == []


def test_an_aanpak_without_a_profile_sends_nothing(brp: Stubserver) -> None:
    rio = fabrieken.gebruiker("rio", "regisseur:rio")
    uit = services.raadpleeg_bij_aanmelding(rio, "rio", BSN_VOLWASSEN)
    assert (uit.raadpleging.fout, uit.sleutel) == ("niet_ingesteld", None)
    assert list(brp.ontvangen) == []
    assert records("brp.geraadpleegd") == []  # no query, so no record of one


# -- the audit record ----------------------------------------------------------------------


@pytest.mark.klok(MOMENT)
def test_every_query_is_logged_with_its_purpose_and_kept_after_a_rollback(
    app: Flask, brp: Stubserver
) -> None:
    coach = fabrieken.gebruiker("coach", "regisseur:pga_jeugd")
    db.session.commit()
    # a form whose service refused after the query: the request is rolled back
    with app.test_request_context("/aanmelding", method="POST"):
        uit = services.raadpleeg_bij_aanmelding(coach, "pga_jeugd", BSN_VOLWASSEN)
        assert uit.sleutel is not None
        bewaar_na_verzoek(Response(status=422))
    db.session.expire_all()
    assert controles() == []  # the check went with the rollback
    [record] = records("brp.geraadpleegd")  # the query's record did not
    assert (record.gebruiker_id, record.persoon_id, record.uitkomst) == (coach.id, None, "ok")
    assert record.details == {
        "aanpak": "pga_jeugd",
        "doelbinding": "PGA-JEUGD",
        "verwerking": "Persoonsgerichte aanpak jeugd",
        "gegevens": ["naam", "geboortedatum", "adres", "overlijden", "gezag"],
        "aanleiding": "aanmelding",
        "uitkomst": "gevonden",
        "bsn": BSN_VOLWASSEN,
    }


# -- the refresh and its signals ---------------------------------------------------------


@pytest.fixture
def wereld(maak_casus: Any) -> dict[str, Any]:
    """Priya (the stub has her in 's-Gravenhage) with an open and a closed woonoverlast
    case and an open PGA Jeugd case; the woonoverlast triage."""
    triage = fabrieken.gebruiker("triage", "triage:woonoverlast")
    priya = fabrieken.persoon("Priya", "Ramdin", bsn=BSN_VERHUISD)
    return {
        "triage": triage,
        "priya": priya,
        "open": maak_casus("woonoverlast", "actief", persoon=priya),
        "dicht": maak_casus("woonoverlast", "succesvol_afgesloten", persoon=priya),
        "jeugd": maak_casus("pga_jeugd", "actief", persoon=priya),
    }


@pytest.mark.klok(MOMENT)
def test_a_move_is_signalled_on_the_open_cases_of_that_aanpak_only_and_once(
    brp: Stubserver, wereld: dict[str, Any]
) -> None:
    triage, priya = wereld["triage"], wereld["priya"]
    assert services.brp_aanpakken(triage, priya) == ["woonoverlast"]
    uit = services.ververs_persoon(triage, priya, "woonoverlast")
    assert uit.vorige is None
    assert uit.controle is not None
    assert (uit.controle.persoon_id, uit.controle.gemeente_code) == (priya.id, "0518")
    [wijziging] = uit.wijzigingen
    # not on the closed case, not on the PGA Jeugd case (purpose binding)
    assert (wijziging.casus_id, wijziging.soort, wijziging.datum) == (
        wereld["open"].id,
        "verhuisd",
        None,
    )
    assert wijziging.omschrijving == "Ingeschreven in 's-Gravenhage"
    assert wijziging.controle_id == uit.controle.id
    [gesignaleerd] = records("brp.wijziging_gesignaleerd")
    assert (gesignaleerd.casus_id, gesignaleerd.details) == (
        wereld["open"].id,
        {"soort": "verhuisd", "brp_wijziging_id": wijziging.id},
    )
    # a second refresh: the same answer, no second signal
    tweede = services.ververs_persoon(triage, priya, "woonoverlast")
    assert tweede.vorige is not None
    assert tweede.vorige.id == uit.controle.id
    assert tweede.wijzigingen == []
    assert db.session.scalars(select(BrpWijziging.id)).all() == [wijziging.id]
    [eerste, laatste] = records("brp.geraadpleegd")
    assert eerste.persoon_id == laatste.persoon_id == priya.id
    assert eerste.details == {
        "aanpak": "woonoverlast",
        "doelbinding": "WOONOVERLAST",
        "verwerking": "Aanpak woonoverlast",
        "gegevens": ["naam", "geboortedatum", "adres", "overlijden"],
        "aanleiding": "persoon",
        "uitkomst": "gevonden",
    }  # no BSN: the record names the person


@pytest.mark.klok(MOMENT)
def test_a_move_and_a_death_after_an_earlier_check_are_signalled(
    brp: Stubserver, maak_casus: Any
) -> None:
    triage = fabrieken.gebruiker("triage", "triage:woonoverlast")
    jeroen = fabrieken.persoon("Jeroen", "Bakker", bsn=BSN_VOLWASSEN)
    casus = maak_casus("woonoverlast", "getriaged", persoon=jeroen)
    assert services.ververs_persoon(triage, jeroen, "woonoverlast").wijzigingen == []
    verhuis(brp, BSN_VOLWASSEN)
    overlijd(brp, BSN_VOLWASSEN, date(2026, 2, 27))
    uit = services.ververs_persoon(triage, jeroen, "woonoverlast")
    assert [(w.casus_id, w.soort, w.datum, w.omschrijving) for w in uit.wijzigingen] == [
        (casus.id, "verhuisd", None, "Ingeschreven in 's-Gravenhage"),
        (casus.id, "overleden", date(2026, 2, 27), "Overleden op 27 februari 2026"),
    ]


@pytest.mark.klok(MOMENT)
def test_a_death_known_at_the_first_check_is_signalled(brp: Stubserver, maak_casus: Any) -> None:
    triage = fabrieken.gebruiker("triage", "triage:woonoverlast")
    hendrik = fabrieken.persoon("Hendrik", "Berg", bsn=BSN_OVERLEDEN)
    casus = maak_casus("woonoverlast", "aangemeld", persoon=hendrik)
    [wijziging] = services.ververs_persoon(triage, hendrik, "woonoverlast").wijzigingen
    assert (wijziging.casus_id, wijziging.soort, wijziging.datum) == (
        casus.id,
        "overleden",
        date(2025, 3, 8),
    )
    assert wijziging.omschrijving == "Overleden op 8 maart 2025"


@pytest.mark.klok(MOMENT)
def test_a_profile_without_address_gives_no_signal(brp: Stubserver, maak_casus: Any) -> None:
    coach = fabrieken.gebruiker("coach", "triage:ipta")
    priya = fabrieken.persoon("Priya", "Ramdin", date(2005, 1, 1), bsn=BSN_VERHUISD)
    maak_casus("ipta", "actief", persoon=priya)
    uit = services.ververs_persoon(coach, priya, "ipta")
    assert uit.controle is not None
    assert (uit.controle.gemeente_code, uit.controle.gegevens["adres"]) == (None, None)
    assert uit.wijzigingen == []


def test_a_person_without_a_bsn_cannot_be_refreshed(brp: Stubserver, maak_casus: Any) -> None:
    triage = fabrieken.gebruiker("triage", "triage:woonoverlast")
    zonder = fabrieken.persoon()
    maak_casus("woonoverlast", "actief", persoon=zonder)
    with pytest.raises(Ongeldig, match="geen burgerservicenummer"):
        services.ververs_persoon(triage, zonder, "woonoverlast")
    assert list(brp.ontvangen) == []


@pytest.mark.klok(MOMENT)
def test_a_failed_refresh_stores_nothing_and_is_logged(
    brp: Stubserver, wereld: dict[str, Any]
) -> None:
    brp.storing.add(BSN_VERHUISD)
    uit = services.ververs_persoon(wereld["triage"], wereld["priya"], "woonoverlast")
    assert (uit.raadpleging.fout, uit.controle, uit.wijzigingen) == ("storing", None, [])
    assert controles() == []
    [record] = records("brp.geraadpleegd")
    assert (record.uitkomst, record.details["uitkomst"]) == ("mislukt", "storing")


@pytest.mark.klok(MOMENT)
def test_the_latest_check_per_aanpak(brp: Stubserver, maak_casus: Any) -> None:
    lid = fabrieken.gebruiker("lid", "triage:woonoverlast", "triage:pga_jeugd")
    jeroen = fabrieken.persoon("Jeroen", "Bakker", bsn=BSN_VOLWASSEN)
    maak_casus("woonoverlast", "actief", persoon=jeroen)
    maak_casus("pga_jeugd", "actief", persoon=jeroen)
    assert services.laatste_controles(lid, jeroen) == []
    services.ververs_persoon(lid, jeroen, "woonoverlast")
    jeugd = services.ververs_persoon(lid, jeroen, "pga_jeugd").controle
    laatste = services.ververs_persoon(lid, jeroen, "woonoverlast").controle
    assert services.brp_aanpakken(lid, jeroen) == ["pga_jeugd", "woonoverlast"]
    assert services.laatste_controles(lid, jeroen) == [jeugd, laatste]


# -- handling a signal ---------------------------------------------------------------------


@pytest.mark.klok(MOMENT)
def test_handling_a_signal(brp: Stubserver, wereld: dict[str, Any]) -> None:
    triage = wereld["triage"]
    casus, dicht = wereld["open"], wereld["dicht"]
    [wijziging] = services.ververs_persoon(triage, wereld["priya"], "woonoverlast").wijzigingen
    regisseur = fabrieken.gebruiker("nietdeze", "regisseur:woonoverlast")
    with pytest.raises(GeenToegang):  # a regisseur of the team, not this case's
        services.handel_wijziging_af(regisseur, casus, wijziging.id)
    with pytest.raises(GeenToegang):  # not a signal of that case
        services.handel_wijziging_af(triage, dicht, wijziging.id)
    assert open_van(triage, casus) == [wijziging]
    with stil(MOMENT + timedelta(hours=1)):
        afgehandeld = services.handel_wijziging_af(triage, casus, wijziging.id)
    assert afgehandeld.afgehandeld_op == MOMENT + timedelta(hours=1)
    assert afgehandeld.afgehandeld_door_id == triage.id
    with pytest.raises(Ongeldig, match="al afgehandeld"):
        services.handel_wijziging_af(triage, casus, wijziging.id)
    assert open_van(triage, casus) == []
    assert services.wijzigingen_van(triage, casus) == [wijziging]
    [record] = records("brp.wijziging_afgehandeld")
    assert (record.casus_id, record.details) == (
        casus.id,
        {"soort": "verhuisd", "brp_wijziging_id": wijziging.id},
    )
    # another team does not see the case's signals
    with pytest.raises(GeenToegang):
        services.wijzigingen_van(fabrieken.gebruiker("rio", "regisseur:rio"), casus)


# -- taking over the BRP's data -------------------------------------------------------------


@pytest.mark.klok(MOMENT)
def test_taking_over_changes_name_and_address_and_never_the_birth_date(
    brp: Stubserver, maak_casus: Any
) -> None:
    triage = fabrieken.gebruiker("triage", "triage:pga_jeugd")
    persoon = fabrieken.persoon(
        "Jerome", "Backer", date(2007, 4, 12), bsn=BSN_VOLWASSEN, adres="Dorpsstraat 1"
    )
    maak_casus("pga_jeugd", "actief", persoon=persoon)
    eerste = services.ververs_persoon(triage, persoon, "pga_jeugd").controle
    assert eerste is not None
    laatste = services.ververs_persoon(triage, persoon, "pga_jeugd").controle
    assert laatste is not None
    with pytest.raises(Ongeldig, match="nieuwere controle"):
        services.neem_gegevens_over(triage, persoon, eerste.id)
    assert services.neem_gegevens_over(triage, persoon, laatste.id) == [
        "Voornaam",
        "Achternaam",
        "Adres",
    ]
    assert (persoon.voornaam, persoon.tussenvoegsel, persoon.achternaam, persoon.adres) == (
        "Jeroen",
        None,
        "Bakker",
        JEROEN_ADRES,
    )
    assert persoon.zoeknaam == "jeroen bakker"
    # the BRP says 20 May 1990: the stored date of birth stays
    assert persoon.geboortedatum == date(2007, 4, 12)
    assert services.neem_gegevens_over(triage, persoon, laatste.id) == []
    [record] = records("persoon.gewijzigd")
    assert (record.persoon_id, record.details) == (
        persoon.id,
        {
            "velden": ["voornaam", "achternaam", "adres"],
            "bron": "brp",
            "brp_controle_id": laatste.id,
        },
    )


@pytest.mark.klok(MOMENT)
def test_taking_over_is_for_the_case_workers_of_that_person_only(
    brp: Stubserver, maak_casus: Any
) -> None:
    triage = fabrieken.gebruiker("triage", "triage:pga_jeugd")
    persoon = fabrieken.persoon("Jerome", "Backer", bsn=BSN_VOLWASSEN)
    ander = fabrieken.persoon("Ander", bsn=BSN_VERHUISD)
    maak_casus("pga_jeugd", "actief", persoon=persoon)
    maak_casus("pga_jeugd", "actief", persoon=ander)
    controle = services.ververs_persoon(triage, persoon, "pga_jeugd").controle
    assert controle is not None
    regisseur = fabrieken.gebruiker("collega", "regisseur:pga_jeugd")  # not assigned
    for wie, wiens in ((regisseur, persoon), (triage, ander)):
        with pytest.raises(GeenToegang):
            services.neem_gegevens_over(wie, wiens, controle.id)
    assert (persoon.voornaam, ander.voornaam) == ("Jerome", "Ander")


def open_van(actor: Any, casus: Any) -> list[Any]:
    """The case's signals not handled yet (the case page's banner)."""
    return [w for w in services.wijzigingen_van(actor, casus) if w.afgehandeld_op is None]
