"""The demo's persons the BRP stub knows: a woonoverlast regisseur refreshes them on the
person page and sees a move and a death (casus.demo.brp)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from casus.auth.models import Gebruiker
from casus.brp import services
from casus.brp.models import BrpControle
from casus.brp.stub import Stubserver, start_stub
from casus.casussen.models import Casus
from casus.demo import vul_demo
from casus.demo.brp import DEMO_BRP
from casus.extensions import db
from casus.personen.models import Persoon
from tests.hulp.brp import BSN_MINDERJARIG, BSN_OVERLEDEN, BSN_VERHUISD, BSN_VOOGDIJ, brp_aan
from tests.hulp.klok import stil

BOUWDAG = date(2026, 12, 6)


@pytest.fixture
def stub() -> Iterator[Stubserver]:
    server = start_stub("127.0.0.1", 0)
    yield server
    server.stop()


def test_the_demo_gives_stub_persons_to_open_cases_and_a_refresh_signals(
    app: Flask, stub: Stubserver
) -> None:
    with stil(BOUWDAG), brp_aan(app, stub):
        assert vul_demo(bulk=True) is not None
        personen = {
            p.bsn: p
            for p in db.session.scalars(
                select(Persoon).where(Persoon.bsn.in_([d.bsn for d in DEMO_BRP]))
            )
        }
        assert set(personen) == {BSN_VERHUISD, BSN_OVERLEDEN, BSN_MINDERJARIG, BSN_VOOGDIJ}
        priya, hendrik = personen[BSN_VERHUISD], personen[BSN_OVERLEDEN]
        assert (priya.voornaam, priya.achternaam, priya.geboortedatum) == (
            "Priya",
            "Ramdin",
            date(1996, 7, 11),
        )
        assert (hendrik.voornaam, hendrik.tussenvoegsel, hendrik.achternaam) == (
            "Hendrik",
            "van der",
            "Berg",
        )
        lotte = personen[BSN_MINDERJARIG]
        assert db.session.scalars(
            select(Casus.aanpak).where(Casus.persoon_id == lotte.id)
        ).all() == ["pga_jeugd"]
        # the earlier check, when Priya still lived in Zoetermeer
        [eerder] = db.session.scalars(select(BrpControle)).all()
        assert (eerder.persoon_id, eerder.aanpak, eerder.gemeente_code) == (
            priya.id,
            "woonoverlast",
            "0637",
        )
        regisseur = db.session.scalars(
            select(Gebruiker).where(Gebruiker.gebruikersnaam == "woonoverlast")
        ).one()
        assert eerder.gebruiker_id == regisseur.id
        verhuisd = services.ververs_persoon(regisseur, priya, "woonoverlast")
        assert verhuisd.vorige == eerder
        assert [(w.soort, w.omschrijving) for w in verhuisd.wijzigingen] == [
            ("verhuisd", "Ingeschreven in 's-Gravenhage")
        ]
        overleden = services.ververs_persoon(regisseur, hendrik, "woonoverlast")
        assert [(w.soort, w.datum) for w in overleden.wijzigingen] == [
            ("overleden", date(2025, 3, 8))
        ]
        db.session.rollback()
