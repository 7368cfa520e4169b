"""Canary cases in other aanpakken never show up for the wrong users."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casus.casussen.models import Interventie
from casus.extensions import db
from casus.personen.models import Persoon
from casus.signalen.models import Signaal
from casus.toegang.bekend import andere_aanpakken, ook_bekend_bij_regels
from casus.toegang.queries import (
    tel,
    zichtbare_casussen,
    zichtbare_personen,
    zichtbare_signalen,
)


@pytest.fixture
def wereld(maak_gebruiker_: Any, maak_casus: Any) -> dict[str, Any]:
    """One person with a case in ipta, pga_r and rio; a canary person only in pga_r."""
    sem = Persoon(voornaam="Sem", achternaam="Jansen", geboortedatum=date(2006, 4, 12))
    kanarie = Persoon(voornaam="Kanarie", achternaam="Geel")
    db.session.add_all([sem, kanarie])
    rio_regisseur = maak_gebruiker_("regisseur:rio", naam="kbakker")
    rio_regisseur.naam = "Kees Bakker"
    w = {
        "ipta": maak_casus("ipta", "actief", persoon=sem),
        "pga_r": maak_casus("pga_r", "actief", persoon=sem),
        "rio": maak_casus("rio", "actief", persoon=sem, regisseur=rio_regisseur),
        "kanarie": maak_casus("pga_r", "aangemeld", persoon=kanarie),
        "sem": sem,
        "kanarie_persoon": kanarie,
    }
    db.session.add(Interventie(casus_id=w["kanarie"].id, type="coaching", datum=date(2025, 2, 1)))
    db.session.add_all(
        [
            Signaal(
                aanpak="pga_r",
                ontvangen_op=date(2025, 1, 2),
                bron="collega",
                thema="radicalisering",
                status="open",
            ),
            Signaal(
                aanpak="ondermijning",
                ontvangen_op=date(2025, 1, 2),
                bron="collega",
                thema="witwassen",
                status="open",
            ),
        ]
    )
    db.session.flush()
    return w


def test_an_ipta_regisseur_sees_only_ipta_rows(
    maak_gebruiker_: Any, wereld: dict[str, Any]
) -> None:
    ik = maak_gebruiker_("regisseur:ipta")
    assert db.session.scalars(zichtbare_casussen(ik)).all() == [wereld["ipta"]]
    assert db.session.scalars(zichtbare_personen(ik)).all() == [wereld["sem"]]
    assert db.session.scalars(zichtbare_signalen(ik)).all() == []
    assert db.session.scalar(tel(zichtbare_casussen(ik))) == 1


@pytest.mark.parametrize(
    "rollen",
    [("manager",), ("privacy",), ("beheerder",), ("triage:pga_jeugd", "regisseur:woonoverlast")],
)
def test_users_outside_the_teams_see_no_case_person_or_signal(
    maak_gebruiker_: Any, wereld: dict[str, Any], rollen: tuple[str, ...]
) -> None:
    ik = maak_gebruiker_(*rollen)
    for query in (zichtbare_casussen(ik), zichtbare_personen(ik), zichtbare_signalen(ik)):
        assert db.session.scalars(query).all() == []
        assert db.session.scalar(tel(query)) == 0


def test_a_pga_r_member_sees_the_canary_and_only_pga_r_signals(
    maak_gebruiker_: Any, wereld: dict[str, Any]
) -> None:
    ik = maak_gebruiker_("regisseur:pga_r")
    assert {c.id for c in db.session.scalars(zichtbare_casussen(ik))} == {
        wereld["pga_r"].id,
        wereld["kanarie"].id,
    }
    assert [s.aanpak for s in db.session.scalars(zichtbare_signalen(ik))] == ["pga_r"]


def test_ook_bekend_bij_names_other_aanpakken_but_never_pga_r(
    maak_gebruiker_: Any, wereld: dict[str, Any]
) -> None:
    ik = maak_gebruiker_("regisseur:ipta")
    assert ook_bekend_bij_regels(ik, wereld["sem"]) == ["ook bekend bij RIO, regisseur K. Bakker"]


def test_ook_bekend_bij_leaves_out_closed_cases(
    maak_gebruiker_: Any, maak_casus: Any, wereld: dict[str, Any]
) -> None:
    maak_casus("pga_jeugd", "succesvol_afgesloten", persoon=wereld["sem"])
    maak_casus("woonoverlast", "niet_opgenomen", persoon=wereld["sem"])
    ik = maak_gebruiker_("regisseur:ipta")
    assert ook_bekend_bij_regels(ik, wereld["sem"]) == ["ook bekend bij RIO, regisseur K. Bakker"]


def test_ook_bekend_bij_is_empty_for_a_person_i_cannot_see(
    maak_gebruiker_: Any, wereld: dict[str, Any]
) -> None:
    ik = maak_gebruiker_("regisseur:woonoverlast")
    assert ook_bekend_bij_regels(ik, wereld["sem"]) == []


def test_a_pga_r_member_also_learns_of_the_other_aanpakken(
    maak_gebruiker_: Any, wereld: dict[str, Any]
) -> None:
    ik = maak_gebruiker_("triage:pga_r")
    regels = ook_bekend_bij_regels(ik, wereld["sem"])
    assert len(regels) == 2
    assert regels[0].startswith("ook bekend bij IPTA, regisseur ")
    assert regels[1] == "ook bekend bij RIO, regisseur K. Bakker"


def test_triage_and_the_person_page_apply_the_same_ook_bekend_bij_rule(
    maak_gebruiker_: Any, maak_casus: Any, wereld: dict[str, Any]
) -> None:
    """One rule for both screens: open cases only, never PGA-R, the aanpak at hand left
    out. A closed PGA Jeugd case and the PGA-R case of Sem are not named in triage."""
    maak_casus("pga_jeugd", "succesvol_afgesloten", persoon=wereld["sem"])
    nieuw = maak_casus("woonoverlast", "aangemeld", persoon=wereld["sem"])
    ik = maak_gebruiker_("triage:woonoverlast")
    assert andere_aanpakken(ik, [nieuw]) == {nieuw.id: ["ipta", "rio"]}
    assert ook_bekend_bij_regels(ik, wereld["sem"])[1] == "ook bekend bij RIO, regisseur K. Bakker"
    assert len(ook_bekend_bij_regels(ik, wereld["sem"])) == 2
    # nothing for a case whose person the user cannot see
    vreemde = maak_gebruiker_("triage:ondermijning")
    assert andere_aanpakken(vreemde, [nieuw]) == {nieuw.id: []}
