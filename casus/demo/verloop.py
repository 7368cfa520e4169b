"""The courses (status steps) of one aanpak's cases, planned backwards from the memo.

Cases fall in groups relative to the calibrated period 2025-H1: taken in before it
and still running at its start (``lopend_begin``), taken in during it (``nieuw``),
each split into closed in the period (with the memo's reasons) and still running
at its end (a set number of them on hold). Around them: cases taken in and closed
before the period, cases taken in after it, cases not taken in, and a triage queue.

The demo runs up to its ``eind`` (the day it is built): after the period cases keep
coming in at the profile's pace per half-year and close after their duration, so the
demo is alive on any date while nothing dated after the period touches its figures
(domain.md section 5 counts a case by its events up to the period's end).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from casus.demo.kalibratie import MEMO_2025_H1, PERIODE_TOT, PERIODE_VAN, Profiel
from casus.demo.namen import IPTA_PARTIJ_ANDERE_GEMEENTE, PARTIJEN
from casus.demo.plan import (
    BEGIN,
    HALFJAAR,
    Stap,
    afkappen,
    dag,
    dagen,
    in_halfjaren,
    kies,
    traject,
)
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


def plan_verlopen(
    rng: random.Random, aanpak: str, profiel: Profiel, regisseurs: tuple[str, ...], eind: date
) -> list[Skelet]:
    """Every planned case of ``aanpak``, group by group (see the module's docstring)."""
    doel = MEMO_2025_H1[aanpak]
    plan = _Verloopplan(rng, aanpak, profiel, regisseurs, eind)
    # the period's closures: (status, reden, nieuw?)
    sluitingen = [
        (a.status, a.reden, i < a.nieuw) for a in doel.afsluitingen for i in range(a.aantal)
    ]
    nieuw_dicht = sum(1 for *_, n in sluitingen if n)
    oud_dicht = len(sluitingen) - nieuw_dicht
    lopend = doel.lopend_begin - oud_dicht + doel.nieuw - nieuw_dicht
    # which of the running cases is on hold at the period's end
    wacht = set(rng.sample(range(lopend), doel.in_de_wacht_einde))
    skeletten = [
        plan.gesloten_in_periode(status, reden, nieuw) for status, reden, nieuw in sluitingen
    ]
    skeletten += [plan.lopend(i < doel.lopend_begin - oud_dicht, i in wacht) for i in range(lopend)]
    skeletten += [plan.voor_periode() for _ in range(profiel.historisch)]
    na_periode = round(profiel.na_periode * in_halfjaren(PERIODE_TOT, eind))
    skeletten += [plan.na_periode() for _ in range(na_periode)]
    redenen = [r.code for r in CATALOGUS.get(aanpak).redenen[NIET_OPGENOMEN]]
    # niet_opgenomen is the number over the demo's first three years (six half-years)
    niet_opgenomen = round(profiel.niet_opgenomen * max(1.0, in_halfjaren(BEGIN, eind) / 6))
    skeletten += [plan.niet_opgenomen(redenen) for _ in range(niet_opgenomen)]
    # still waiting for triage
    skeletten += [Skelet(dag(rng, eind - dagen(24), eind), []) for _ in range(profiel.wachtrij)]
    return skeletten


@dataclass
class _Verloopplan:
    """One aanpak's planning: what every group of cases draws from, and one case of
    each group per call (in the order of ``plan_verlopen``: the draws of ``rng`` make
    the demo)."""

    rng: random.Random
    aanpak: str
    profiel: Profiel
    regisseurs: tuple[str, ...]
    eind: date

    def regisseur(self) -> str | None:
        return self.rng.choice(self.regisseurs) if self.regisseurs else None

    def afsluiting(self, status: str, reden: str) -> tuple[str, str, str | None]:
        return status, reden, partij(self.rng, self.aanpak, status, reden)

    def willekeurige_afsluiting(self) -> tuple[str, str, str | None]:
        status, reden = kies(self.rng, self.profiel.afsluitmix)
        return self.afsluiting(status, reden)

    def skelet(
        self,
        opname: date,
        rol: str,
        *,
        einde: date | None = None,
        afsluiting: tuple[str, str, str | None] | None = None,
        peil: tuple[date, str] | None = None,
    ) -> Skelet:
        aangemeld = max(BEGIN, opname - dagen(self.rng.randint(2, 35)))
        stappen = traject(
            self.rng,
            self.profiel.verloop,
            opname,
            self.regisseur(),
            laatste=self.eind,
            einde=einde,
            afsluiting=afsluiting,
            peil=peil,
        )
        return Skelet(aangemeld, afkappen(stappen, self.eind), rol)

    def sluiting_na_periode(
        self, vanaf: date
    ) -> tuple[date | None, tuple[str, str, str | None] | None]:
        """A later closure (after the period, by the demo's end) or none, for a case
        running at the period's end: ``kans_sluiten_na_periode`` per half-year."""
        blijft_open = (1 - self.profiel.kans_sluiten_na_periode) ** in_halfjaren(
            PERIODE_TOT, self.eind
        )
        if self.rng.random() >= blijft_open:
            return dag(self.rng, vanaf, self.eind), self.willekeurige_afsluiting()
        return None, None

    def gesloten_in_periode(self, status: str, reden: str, nieuw: bool) -> Skelet:
        """A case closed in the period, taken in during it (``nieuw``) or before."""
        lo, hi = self.profiel.duur
        einde = dag(self.rng, PERIODE_VAN + dagen(1), PERIODE_TOT)
        if nieuw:
            opname = dag(self.rng, PERIODE_VAN, min(einde - dagen(7), PERIODE_TOT))
            opname = max(opname, PERIODE_VAN)
            einde = max(einde, opname + dagen(7))
        else:
            opname = min(
                einde - dagen(self.rng.randint(lo, hi)),
                PERIODE_VAN - dagen(self.rng.randint(1, 60)),
            )
            opname = max(opname, BEGIN + dagen(40))
        s = self.skelet(
            opname, "afgesloten", einde=einde, afsluiting=self.afsluiting(status, reden)
        )
        if self.aanpak == "rio" and reden == "jeugdbescherming":  # a minor: RIO since 2025
            s.minderjarig = True
            s.aangemeld_op = max(s.aangemeld_op, PERIODE_VAN)
        return s

    def lopend(self, voor_periode: bool, in_de_wacht: bool) -> Skelet:
        """A case running at the period's end, taken in before the period or during it;
        on hold then (``in_de_wacht``), else actief or (taken in late) not yet started."""
        if voor_periode:
            terug = 10 + int((730 - 60) * self.rng.random() ** 1.4)
            opname = max(PERIODE_VAN - dagen(terug), BEGIN + dagen(40))
        else:
            opname = dag(self.rng, PERIODE_VAN, PERIODE_TOT - dagen(1))
        if in_de_wacht:
            opname = min(opname, PERIODE_TOT - dagen(20))
            staat = IN_DE_WACHT
        elif opname > PERIODE_TOT - dagen(18) and self.rng.random() < 0.6:
            staat = GETRIAGED
        else:
            staat = ACTIEF
        einde, sluit = self.sluiting_na_periode(
            PERIODE_TOT + dagen(30 if staat == GETRIAGED else 1)
        )
        return self.skelet(
            opname, "lopend", einde=einde, afsluiting=sluit, peil=(PERIODE_TOT, staat)
        )

    def voor_periode(self) -> Skelet:
        """A case taken in and closed before the period: closures spread over 2023-2024
        (fewer early on: the register started in 2023)."""
        lo, hi = self.profiel.duur
        einde = dag(self.rng, BEGIN + dagen(min(lo, 120) + 20), PERIODE_VAN - dagen(1))
        if self.rng.random() < 0.3:
            einde = max(einde, dag(self.rng, date(2024, 1, 1), PERIODE_VAN - dagen(1)))
        opname = max(BEGIN + dagen(20), einde - dagen(self.rng.randint(lo, hi)))
        einde = max(einde, opname + dagen(14))
        return self.skelet(opname, "buiten", einde=einde, afsluiting=self.willekeurige_afsluiting())

    def na_periode(self) -> Skelet:
        """A case taken in after the period (some recently: not started yet); it closes
        after the profile's duration when that has passed by the demo's end."""
        if self.rng.random() < 0.15:
            opname = dag(self.rng, self.eind - dagen(20), self.eind - dagen(3))
        else:
            opname = dag(self.rng, PERIODE_TOT + dagen(1), self.eind - dagen(3))
        einde: date | None = None
        sluit: tuple[str, str, str | None] | None = None
        lo, hi = self.profiel.duur
        duur = self.rng.randint(min(lo, HALFJAAR // 3), hi)
        if opname + dagen(duur) <= self.eind:
            einde = opname + dagen(duur)
            sluit = self.willekeurige_afsluiting()
        return self.skelet(opname, "buiten", einde=einde, afsluiting=sluit)

    def niet_opgenomen(self, redenen: list[str]) -> Skelet:
        """An aanmelding not taken in, for one of ``redenen``."""
        aangemeld = dag(self.rng, BEGIN, self.eind - dagen(30))
        besluit = aangemeld + dagen(self.rng.randint(3, 28))
        return Skelet(aangemeld, [Stap("niet_opnemen", besluit, reden=self.rng.choice(redenen))])
