"""Random histories (hypothesis): the invariants of domain.md section 5 hold for random
periods, and the SQL agrees with a plain-Python reading of the counting rules."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casus.casussen.afgeleid import afwijkende_interventies
from casus.casussen.projectie import volgend_kwartaal
from casus.importeren.services import importeer
from casus.importeren.voorbeeld import regels
from casus.rapportage.periode import aangepast
from casus.rapportage.services import rapport
from casus.toegang.actor import IMPORT
from tests.hulp.database import leeg
from tests.hulp.rapport_orakel import rapport_uit_log
from workflows import CATALOGUS
from workflows.base import AFSLUITSTATUSSEN

D = date.fromisoformat


def verwacht(lijnen: list[dict[str, Any]], van: date, tem: date) -> dict[str, dict[str, int]]:
    """The counting rules read literally, case by case, in Python."""
    uit = {
        c: dict.fromkeys(
            (
                "aanmeldingen",
                "niet_opgenomen",
                "lopend_begin",
                "nieuw",
                "totaal",
                "afgesloten",
                "positief",
                "lopend_einde",
                "in_de_wacht_einde",
            ),
            0,
        )
        for c in CATALOGUS.codes()
    }
    for lijn in lijnen:
        if lijn["soort"] != "casus" or D(lijn["aangemeld_op"]) > tem:
            continue
        aanpak, status = lijn["aanpak"], "aangemeld"
        opname = afsluiting = niet_opgenomen = reden = None
        for e in lijn["gebeurtenissen"]:
            d = D(e["datum"])
            if d > tem:
                break
            vorige = aanpak
            aanpak = e.get("aanpak", aanpak) if e["transitie"] == "omzetten" else aanpak
            status = CATALOGUS.toegestane_transitie(vorige, status, e["transitie"]).doel
            if e["transitie"] == "triageren":
                opname = d
            if e["transitie"] == "niet_opnemen":
                niet_opgenomen = d
            if status in AFSLUITSTATUSSEN:
                afsluiting, reden = d, (status, e.get("reden"))
        t = uit[aanpak]
        t["aanmeldingen"] += van <= D(lijn["aangemeld_op"]) <= tem
        t["niet_opgenomen"] += niet_opgenomen is not None and van <= niet_opgenomen <= tem
        if opname is None or (afsluiting is not None and afsluiting < van):
            continue
        t["lopend_begin"] += opname < van
        t["nieuw"] += van <= opname
        t["totaal"] += 1
        if afsluiting is not None and afsluiting <= tem:
            t["afgesloten"] += 1
            assert reden is not None
            t["positief"] += reden[1] in CATALOGUS.get(aanpak).positieve_redenen()[reden[0]]
        else:
            t["lopend_einde"] += 1
            t["in_de_wacht_einde"] += status == "in_de_wacht"
    return uit


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 10**6),
    van=st.dates(date(2019, 1, 1), date(2026, 6, 30)),
    lengte=st.integers(0, 700),
    kwartalen=st.booleans(),
)
def test_invariants_and_counting_rules_hold_for_random_histories_and_periods(
    app: Flask, seed: int, van: date, lengte: int, kwartalen: bool
) -> None:
    leeg(app)
    lijnen = list(regels(60, seed=seed, signalen=False))
    assert importeer([json.dumps(r) for r in lijnen], methode="bulk", actor=IMPORT).fouten == []
    assert afwijkende_interventies() == []  # the bulk writer set their person and age
    tem = van + timedelta(days=lengte)
    if kwartalen:  # whole quarters, as in the half-year, quarter and year reports
        van = date(van.year, (van.month - 1) // 3 * 3 + 1, 1)
        tem = volgend_kwartaal(tem) - timedelta(days=1)
    r = rapport(aangepast(van, tem))
    assert r == rapport_uit_log(aangepast(van, tem))  # casusstand equals the log
    verwachting = verwacht(lijnen, van, tem)
    for code, c in r["aanpakken"].items():
        assert c["totaal"] == c["lopend_begin"] + c["nieuw"] == c["afgesloten"] + c["lopend_einde"]
        assert c["afgesloten"] == sum(c["afgesloten_per_status"].values())
        assert c["afgesloten"] == sum(sum(x.values()) for x in c["afgesloten_per_reden"].values())
        assert c["in_de_wacht_einde"] <= c["lopend_einde"]
        assert {k: c[k] for k in verwachting[code]} == verwachting[code], code
