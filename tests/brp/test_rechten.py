"""Who may query the BRP for whom: the rights in casus.toegang, and that a refused user
sends nothing to the BRP."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.brp import services
from casus.brp.stub import Stubserver
from casus.errors import GeenToegang
from casus.extensions import db
from casus.toegang import policy
from casus.toegang.actor import BRP, CLI, DEMO, IMPORT, MELDPUNT
from tests.hulp import fabrieken
from tests.hulp.brp import BSN_VERHUISD, BSN_VOLWASSEN


@pytest.fixture
def jeugd(maak_casus: Any) -> dict[str, Any]:
    """A person with one open PGA Jeugd case only."""
    persoon = fabrieken.persoon(bsn=BSN_VOLWASSEN)
    return {"persoon": persoon, "casus": maak_casus("pga_jeugd", "actief", persoon=persoon)}


def test_a_user_who_may_not_see_the_person_cannot_trigger_a_query(
    brp: Stubserver, jeugd: dict[str, Any]
) -> None:
    persoon = jeugd["persoon"]
    # woonoverlast has a profile, but the person has no case there
    woonoverlast = fabrieken.gebruiker("wo", "regisseur:woonoverlast", "triage:woonoverlast")
    privacy = fabrieken.gebruiker("fg", "privacy")
    for wie in (woonoverlast, privacy):
        assert services.brp_aanpakken(wie, persoon) == []
        assert services.laatste_controles(wie, persoon) == []
        for aanpak in ("pga_jeugd", "woonoverlast"):
            with pytest.raises(GeenToegang):
                services.ververs_persoon(wie, persoon, aanpak)
    assert list(brp.ontvangen) == []
    assert (
        db.session.scalars(select(AuditRecord).where(AuditRecord.actie == "brp.geraadpleegd")).all()
        == []
    )


def test_team_members_of_the_persons_aanpak_may_query_for_it_only(
    brp: Stubserver, jeugd: dict[str, Any], maak_casus: Any
) -> None:
    persoon = jeugd["persoon"]
    maak_casus("rio", "actief", persoon=persoon)  # rio: no profile
    regisseur = fabrieken.gebruiker("r", "regisseur:pga_jeugd", "regisseur:rio")
    assert services.brp_aanpakken(regisseur, persoon) == ["pga_jeugd"]
    with pytest.raises(GeenToegang):
        services.ververs_persoon(regisseur, persoon, "rio")
    assert list(brp.ontvangen) == []
    assert services.ververs_persoon(regisseur, persoon, "pga_jeugd").raadpleging.gelukt
    assert len(brp.ontvangen) == 1


def test_a_closed_case_is_no_purpose_to_query_the_brp(brp: Stubserver, maak_casus: Any) -> None:
    priya = fabrieken.persoon("Priya", "Ramdin", bsn=BSN_VERHUISD)
    maak_casus("woonoverlast", "succesvol_afgesloten", persoon=priya)
    triage = fabrieken.gebruiker("t", "triage:woonoverlast")
    assert services.brp_aanpakken(triage, priya) == []
    with pytest.raises(GeenToegang):
        services.ververs_persoon(triage, priya, "woonoverlast")
    assert list(brp.ontvangen) == []
    # a new aanmelding of hers (an open case) is a purpose again
    maak_casus("woonoverlast", "aangemeld", persoon=priya)
    assert services.brp_aanpakken(triage, priya) == ["woonoverlast"]


def test_without_the_brp_configured_no_aanpak_is_offered(jeugd: dict[str, Any]) -> None:
    regisseur = fabrieken.gebruiker("r", "regisseur:pga_jeugd")
    assert services.brp_aanpakken(regisseur, jeugd["persoon"]) == []


def test_the_brp_system_actor_may_run_the_batch_and_nothing_else() -> None:
    assert policy.mag_brp_batch(BRP)
    for ander in (IMPORT, DEMO, CLI, MELDPUNT, None):
        assert not policy.mag_brp_batch(ander)
    assert policy.zichtbare_aanpakken(BRP) == []
    assert not policy.mag_aanmelden(BRP, "pga_jeugd")
    assert not policy.mag_brp_raadplegen(BRP, "pga_jeugd")
    assert not policy.mag_signaal_registreren(BRP, "ondermijning")
    assert not policy.mag_bewaartermijn_toepassen(BRP)
    assert not policy.mag_inzage_geven(BRP)
    # the meldpunt and the operator's processes keep registering signals
    assert policy.mag_signaal_registreren(MELDPUNT, "ondermijning")
    assert policy.mag_signaal_registreren(IMPORT, "ondermijning")


def test_the_brp_system_actor_cannot_refresh_a_person_through_the_page_service(
    brp: Stubserver, jeugd: dict[str, Any]
) -> None:
    assert services.brp_aanpakken(BRP, jeugd["persoon"]) == []
    with pytest.raises(GeenToegang):
        services.ververs_persoon(BRP, jeugd["persoon"], "pga_jeugd")
    with pytest.raises(GeenToegang):
        services.wijzigingen_van(BRP, jeugd["casus"])
    assert list(brp.ontvangen) == []
