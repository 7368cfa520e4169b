"""The courses (status steps) of one aanpak's cases, planned backwards from the memo.

Cases fall in groups relative to the calibrated period 2025-H1: taken in before it
and still running at its start (``lopend_begin``), taken in during it (``nieuw``),
each split into closed in the period (with the memo's reasons) and still running
at its end (a set number of them on hold). Around them: cases taken in and closed
before the period, cases taken in after it, cases not taken in, and a triage queue.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from casus.demo.kalibratie import MEMO_2025_H1, PERIODE_TOT, PERIODE_VAN, Profiel
from casus.demo.namen import IPTA_PARTIJ_ANDERE_GEMEENTE, PARTIJEN
from casus.demo.plan import BEGIN, Stap, afkappen, dag, dagen, kies, traject
from workflows import CATALOGUS
from workflows.base import ACTIEF, GETRIAGED, IN_DE_WACHT, NIET_OPGENOMEN, OVERGEDRAGEN


@dataclass
class Skelet:
    """A planned case before its subject and casework are chosen."""

    aangemeld_op: date
    stappen: list[Stap]
    # "lopend": in totaal and still running at the period's end; "afgesloten": closed in
    # the period; "buiten": not in the period's totaal
    rol: str = "buiten"
    kenmerken: dict[str, str] = field(default_factory=dict)
    minderjarig: bool = False


def partij(rng: random.Random, aanpak: str, status: str, reden: str) -> str | None:
    if status != OVERGEDRAGEN:
        return None
    if aanpak == "ipta" and reden == "andere_gemeente":
        return IPTA_PARTIJ_ANDERE_GEMEENTE
    return rng.choice(PARTIJEN.get(reden, ("Gemeente Den Haag",)))


def plan_verlopen(rng: random.Random, aanpak: str, profiel: Profiel,
                  regisseurs: tuple[str, ...], eind: date) -> list[Skelet]:
    doel = MEMO_2025_H1[aanpak]
    v = profiel.verloop
    lo, hi = profiel.duur

    def regisseur() -> str | None:
        return rng.choice(regisseurs) if regisseurs else None

    def afsluiting(status: str, reden: str) -> tuple[str, str, str | None]:
        return status, reden, partij(rng, aanpak, status, reden)

    def willekeurige_afsluiting() -> tuple[str, str, str | None]:
        status, reden = kies(rng, profiel.afsluitmix)
        return afsluiting(status, reden)

    def skelet(opname: date, rol: str, **kw: object) -> Skelet:
        aangemeld = max(BEGIN, opname - dagen(rng.randint(2, 35)))
        stappen = traject(rng, v, opname, regisseur(), **kw)  # type: ignore[arg-type]
        return Skelet(aangemeld, afkappen(stappen, eind), rol)

    def na_periode(vanaf: date) -> tuple[date | None, tuple[str, str, str | None] | None]:
        """A later closure (in 2025-H2) or none, for a case running at the period's end."""
        if rng.random() < profiel.kans_sluiten_na_periode:
            return dag(rng, vanaf, eind), willekeurige_afsluiting()
        return None, None

    # the period's closures: (status, reden, nieuw?)
    sluitingen = [(a.status, a.reden, i < a.nieuw)
                  for a in doel.afsluitingen for i in range(a.aantal)]
    nieuw_dicht = sum(1 for *_, n in sluitingen if n)
    oud_dicht = len(sluitingen) - nieuw_dicht
    lopend = doel.lopend_begin - oud_dicht + doel.nieuw - nieuw_dicht
    # which of the running cases is on hold at the period's end
    wacht = set(rng.sample(range(lopend), doel.in_de_wacht_einde))
    skeletten: list[Skelet] = []

    for status, reden, nieuw in sluitingen:
        einde = dag(rng, PERIODE_VAN + dagen(1), PERIODE_TOT)
        if nieuw:
            opname = dag(rng, PERIODE_VAN, min(einde - dagen(7), PERIODE_TOT))
            opname = max(opname, PERIODE_VAN)
            einde = max(einde, opname + dagen(7))
        else:
            opname = min(einde - dagen(rng.randint(lo, hi)),
                         PERIODE_VAN - dagen(rng.randint(1, 60)))
            opname = max(opname, BEGIN + dagen(40))
        s = skelet(opname, "afgesloten", einde=einde, afsluiting=afsluiting(status, reden))
        if aanpak == "rio" and reden == "jeugdbescherming":  # a minor: RIO takes them since 2025
            s.minderjarig = True
            s.aangemeld_op = max(s.aangemeld_op, PERIODE_VAN)
        skeletten.append(s)

    for i in range(lopend):
        if i < doel.lopend_begin - oud_dicht:
            terug = 10 + int((730 - 60) * rng.random() ** 1.4)
            opname = max(PERIODE_VAN - dagen(terug), BEGIN + dagen(40))
        else:
            opname = dag(rng, PERIODE_VAN, PERIODE_TOT - dagen(1))
        if i in wacht:
            opname = min(opname, PERIODE_TOT - dagen(20))
            staat = IN_DE_WACHT
        elif opname > PERIODE_TOT - dagen(18) and rng.random() < 0.6:
            staat = GETRIAGED
        else:
            staat = ACTIEF
        einde, sluit = na_periode(PERIODE_TOT + dagen(30 if staat == GETRIAGED else 1))
        skeletten.append(skelet(opname, "lopend", einde=einde, afsluiting=sluit,
                                peil=(PERIODE_TOT, staat)))

    for _ in range(profiel.historisch):  # taken in and closed before the period
        # closures spread over 2023-2024 (fewer early on: the register started in 2023)
        einde = dag(rng, BEGIN + dagen(min(lo, 120) + 20), PERIODE_VAN - dagen(1))
        if rng.random() < 0.3:
            einde = max(einde, dag(rng, date(2024, 1, 1), PERIODE_VAN - dagen(1)))
        opname = max(BEGIN + dagen(20), einde - dagen(rng.randint(lo, hi)))
        einde = max(einde, opname + dagen(14))
        skeletten.append(skelet(opname, "buiten", einde=einde,
                                afsluiting=willekeurige_afsluiting()))

    for _ in range(profiel.na_periode):  # taken in after the period
        if rng.random() < 0.15:  # recently taken in, not started yet
            opname = dag(rng, eind - dagen(20), eind - dagen(3))
        else:
            opname = dag(rng, PERIODE_TOT + dagen(1), eind - dagen(3))
        einde, sluit = None, None
        if rng.random() < 0.3 and (eind - opname).days > 60:
            einde, sluit = dag(rng, opname + dagen(45), eind), willekeurige_afsluiting()
        skeletten.append(skelet(opname, "buiten", einde=einde, afsluiting=sluit))

    redenen = [r.code for r in CATALOGUS.get(aanpak).redenen[NIET_OPGENOMEN]]
    for _ in range(profiel.niet_opgenomen):
        aangemeld = dag(rng, BEGIN, eind - dagen(30))
        besluit = aangemeld + dagen(rng.randint(3, 28))
        skeletten.append(Skelet(aangemeld, [Stap("niet_opnemen", besluit,
                                                 reden=rng.choice(redenen))]))
    for _ in range(profiel.wachtrij):  # still waiting for triage
        skeletten.append(Skelet(dag(rng, eind - dagen(24), eind), []))
    return skeletten
