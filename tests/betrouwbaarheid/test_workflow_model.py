"""The workflow as a model: random sequences of allowed and forbidden moves,
corrections and reassignments; after every step the projection equals the replay
and a refused step changed nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from casus.casussen.afgeleid import afwijkend
from casus.casussen.models import Casus, Gebeurtenis
from casus.casussen.projectie import replay, volgend_kwartaal
from casus.casussen.services import corrigeer, meld_aan, pas_transitie_toe, wijs_regisseur_toe
from casus.errors import DomeinFout
from casus.extensions import db
from casus.personen.models import Persoon
from casus.rapportage.periode import aangepast
from casus.rapportage.services import rapport
from casus.toegang.actor import IMPORT
from tests.hulp.levensloop import TOEGESTAAN, TRIGGERS
from tests.hulp.projectie import opgeslagen
from tests.hulp.rapport_orakel import rapport_uit_log
from workflows import CATALOGUS

AANPAKKEN = ["pga_jeugd", "ipta", "rio", "ondermijning"]


def toestand(casus_id: int) -> tuple[Any, ...]:
    db.session.expire_all()
    casus = db.session.get(Casus, casus_id)
    assert casus is not None
    events = db.session.scalars(
        select(Gebeurtenis.id).where(Gebeurtenis.casus_id == casus_id).order_by(Gebeurtenis.id)
    ).all()
    return (casus.status, casus.aanpak, casus.regisseur_id, casus.versie, tuple(events))


def test_random_histories_keep_projection_equal_to_replay(  # noqa: C901 - the rules of the
    maak_gebruiker_: Any,
) -> None:  # state machine below count as this test's branches
    triage = maak_gebruiker_(*(f"triage:{a}" for a in AANPAKKEN))
    regisseurs = [maak_gebruiker_(*(f"regisseur:{a}" for a in AANPAKKEN)) for _ in range(2)]
    db.session.commit()

    class Werkvloer(RuleBasedStateMachine):
        casussen = Bundle("casussen")

        def __init__(self) -> None:
            super().__init__()
            self.dag = date(2024, 1, 1)
            self.ids: list[int] = []

        def volgende_dag(self, stap: int) -> date:
            self.dag += timedelta(days=stap)
            return self.dag

        @rule(target=casussen, aanpak=st.sampled_from(AANPAKKEN))
        def aanmelden(self, aanpak: str) -> int:
            persoon = Persoon(voornaam="P", achternaam="Q")
            casus = meld_aan(
                aanpak, aangemeld_op=self.volgende_dag(1), persoon=persoon, actor=IMPORT
            )
            db.session.commit()
            self.ids.append(casus.id)
            return casus.id

        @rule(
            casus_id=casussen,
            trigger=st.sampled_from(TRIGGERS),
            terug=st.booleans(),
            regisseur=st.sampled_from([0, 1]),
        )
        def zet(self, casus_id: int, trigger: str, terug: bool, regisseur: int) -> None:
            voor = toestand(casus_id)
            casus = db.session.get(Casus, casus_id)
            assert casus is not None
            redenen = CATALOGUS.get(casus.aanpak).redenen_voor(trigger)
            datum = self.dag - timedelta(days=400) if terug else self.volgende_dag(3)
            toegestaan = (casus.status, trigger) in TOEGESTAAN and not terug
            try:
                pas_transitie_toe(
                    casus,
                    trigger,
                    datum=datum,
                    actor=triage,
                    reden=redenen[-1].code if redenen else None,
                    partij="Partner" if trigger == "overdragen" else None,
                    regisseur=regisseurs[regisseur] if trigger == "triageren" else None,
                    doel_aanpak=("ipta" if casus.aanpak != "ipta" else "rio")
                    if trigger == "omzetten"
                    else None,
                    historisch=True,
                )
                db.session.commit()
                assert toegestaan, (voor, trigger)
                assert toestand(casus_id)[4][:-1] == voor[4]  # exactly one event added
            except DomeinFout:
                db.session.rollback()
                assert not toegestaan
                assert toestand(casus_id) == voor

        @rule(casus_id=casussen)
        def correctie(self, casus_id: int) -> None:
            voor = toestand(casus_id)
            casus = db.session.get(Casus, casus_id)
            assert casus is not None
            try:
                corrigeer(casus, actor=triage, reden="Vergissing")
                db.session.commit()
                assert len(toestand(casus_id)[4]) == len(voor[4]) + 1
            except DomeinFout:
                db.session.rollback()
                assert toestand(casus_id) == voor

        @rule(casus_id=casussen, regisseur=st.sampled_from([0, 1, None]))
        def toewijzen(self, casus_id: int, regisseur: int | None) -> None:
            casus = db.session.get(Casus, casus_id)
            assert casus is not None
            if casus.aanpak not in AANPAKKEN:
                return
            wie = regisseurs[regisseur] if regisseur is not None else None
            wijs_regisseur_toe(casus, wie, actor=triage, datum=self.dag)
            db.session.commit()
            assert casus.regisseur_id == (wie.id if wie else None)

        @invariant()
        def projectie_is_replay(self) -> None:
            for casus_id in self.ids:
                casus = db.session.get(Casus, casus_id)
                assert casus is not None
                assert opgeslagen(casus) == replay(casus.gebeurtenissen)

        @invariant()
        def casusstand_is_replay(self) -> None:
            assert afwijkend() == []

        @rule(
            van=st.dates(date(2024, 1, 1), date(2024, 6, 30)),
            lengte=st.integers(0, 200),
            kwartalen=st.booleans(),
        )
        def rapport_klopt(self, van: date, lengte: int, kwartalen: bool) -> None:
            """The report's invariants hold for a random period (or whole quarters), and
            the report read from casusstand equals the one replayed from the event log."""
            tem = van + timedelta(days=lengte)
            if kwartalen:
                van = date(van.year, (van.month - 1) // 3 * 3 + 1, 1)
                tem = volgend_kwartaal(tem) - timedelta(days=1)
            periode = aangepast(van, tem)
            cijfers = rapport(periode)
            assert cijfers == rapport_uit_log(periode)
            for c in cijfers["aanpakken"].values():
                assert c["totaal"] == c["lopend_begin"] + c["nieuw"]
                assert c["totaal"] == c["afgesloten"] + c["lopend_einde"]
                assert c["afgesloten"] == sum(c["afgesloten_per_status"].values())

    run_state_machine_as_test(
        Werkvloer,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
