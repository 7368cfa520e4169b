"""What the demo caseload must show, per aanpak.

``MEMO_2025_H1`` holds the figures of the council memo of 4 November 2025 (seed
004, section 1) for 2025-H1; the planner builds the cases backwards from them.
``PROFIELEN`` holds the free part: how many cases before and after that period,
how long cases run, why they close, how often they pause.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casus.demo.plan import Verloop
from workflows.base import NIET_SUCCESVOL_AFGESLOTEN as NIET
from workflows.base import OVERGEDRAGEN as OVER
from workflows.base import SUCCESVOL_AFGESLOTEN as SUCCES

PERIODE_VAN = date(2025, 1, 1)
PERIODE_TOT = date(2025, 6, 30)


@dataclass(frozen=True)
class Afsluitingen:
    status: str
    reden: str
    aantal: int
    nieuw: int = 0  # how many of them were taken in during the period itself


@dataclass(frozen=True)
class Doel:
    lopend_begin: int
    nieuw: int
    afsluitingen: tuple[Afsluitingen, ...]
    in_de_wacht_einde: int


MEMO_2025_H1: dict[str, Doel] = {
    # 1.1.1: circa 90 in the aanpak, 25 new, 23 closed: 17 succesvol, 3 verhuizing or
    # andere gemeente, 1 zorgpartij, 2 niet succesvol
    "pga_jeugd": Doel(
        65,
        25,
        (
            Afsluitingen(SUCCES, "doelen_behaald", 12),
            Afsluitingen(SUCCES, "interventies_uitgeput", 5),
            Afsluitingen(NIET, "recidive", 1),
            Afsluitingen(NIET, "geen_medewerking", 1, nieuw=1),
            Afsluitingen(OVER, "verhuizing", 2, nieuw=1),
            Afsluitingen(OVER, "andere_gemeente", 1),
            Afsluitingen(OVER, "zorgpartij", 1),
        ),
        in_de_wacht_einde=6,
    ),
    # 1.1.3: 45 begeleid, 20 started, 10 closed: 8 positive, 1 IPTA Gouda, 1 uit beeld
    "ipta": Doel(
        25,
        20,
        (
            Afsluitingen(SUCCES, "werk", 3),
            Afsluitingen(SUCCES, "scholing", 2, nieuw=1),
            Afsluitingen(SUCCES, "werk_en_scholing", 1),
            Afsluitingen(SUCCES, "behoud_werk_of_scholing", 2),
            Afsluitingen(OVER, "andere_gemeente", 1),
            Afsluitingen(NIET, "uit_beeld", 1, nieuw=1),
        ),
        in_de_wacht_einde=2,
    ),
    # 1.1.2: 21 begeleid, 4 closed: gestabiliseerd, Jeugdbescherming West (both
    # positive), and two that never got off the ground (niet passend, geen motivatie)
    "rio": Doel(
        13,
        8,
        (
            Afsluitingen(SUCCES, "gestabiliseerd", 1),
            Afsluitingen(OVER, "jeugdbescherming", 1, nieuw=1),
            Afsluitingen(NIET, "niet_passend", 1, nieuw=1),
            Afsluitingen(NIET, "geen_motivatie", 1, nieuw=1),
        ),
        in_de_wacht_einde=2,
    ),
    # not in the memo (PARTA): a handful
    "pga_r": Doel(5, 2, (Afsluitingen(SUCCES, "afgeschaald", 1),), in_de_wacht_einde=1),
    # 1.2.2: 56 behandeld (53 lokaal, 3 RIEC), 23 lopend of which 9 in de wacht,
    # 33 closed: 17 geen ondermijning, 16 with interventions
    "ondermijning": Doel(
        26,
        30,
        (
            Afsluitingen(NIET, "geen_ondermijning", 17, nieuw=10),
            Afsluitingen(SUCCES, "interventie_ingezet", 16, nieuw=5),
        ),
        in_de_wacht_einde=9,
    ),
    # 1.5.4: 124 cases, 30 closed, 94 lopend
    "woonoverlast": Doel(
        92,
        32,
        (
            Afsluitingen(SUCCES, "overlast_beeindigd", 16, nieuw=3),
            Afsluitingen(NIET, "geen_grond", 4, nieuw=2),
            Afsluitingen(NIET, "overlast_voortgezet", 3),
            Afsluitingen(OVER, "zorgpartij", 5, nieuw=1),
            Afsluitingen(OVER, "corporatie", 2),
        ),
        in_de_wacht_einde=8,
    ),
}

# ondermijning: herkomst of the cases in totaal (53 lokaal, 3 RIEC)
ONDERMIJNING_RIEC_IN_TOTAAL = 3
# ondermijning signals received in 2025-H1: 93, of which 75% Meld Misdaad Anoniem;
# top themes drugscriminaliteit, onvergunde prostitutie, onverklaarbare activiteiten
SIGNALEN_2025_H1_BRON = {
    "meld_misdaad_anoniem": 70,
    "collega": 8,
    "handhaving": 6,
    "externe_partner": 5,
    "meldpunt": 4,
}
SIGNALEN_2025_H1_THEMA = {
    "drugscriminaliteit": 31,
    "onvergunde_prostitutie": 18,
    "onverklaarbare_activiteiten": 14,
    "mensenhandel": 8,
    "arbeidsuitbuiting": 7,
    "vastgoedcriminaliteit": 6,
    "witwassen": 5,
    "overig": 4,
}
# woonoverlast lopend at 2025-06-30: 67 corporatie (17 onbegrepen gedrag,
# 15 hoarder/vervuiler, 35 leefbaarheid), 24 koop, 3 particuliere huur
WOONOVERLAST_LOPEND_CORPORATIE = {
    "onbegrepen_gedrag": 17,
    "hoarder_vervuiler": 15,
    "leefbaarheid": 35,
}
WOONOVERLAST_LOPEND_WONINGTYPE = {"corporatie": 67, "koop": 24, "particuliere_huur": 3}
# Meerzicht the most (19), Noordhove the fewest
WOONOVERLAST_LOPEND_WIJK = {
    "Meerzicht": 19,
    "Oosterheem": 10,
    "Palenstein": 10,
    "Seghwaert": 9,
    "Buytenwegh": 8,
    "Rokkeveen": 8,
    "Driemanspolder": 7,
    "De Leyens": 7,
    "Stadshart": 6,
    "Dorp": 5,
    "Bedrijventerreinen": 3,
    "Noordhove": 2,
}
# 1.1.4: gebiedsverbod for 9 persons in 2025-H1, 4 of them minors
GEBIEDSVERBOD_2025_H1 = (9, 4)


@dataclass(frozen=True)
class Profiel:
    verloop: Verloop
    historisch: int  # taken in and closed before the period
    na_periode: int  # taken in during 2025-H2
    niet_opgenomen: int  # over the three years
    wachtrij: int  # still waiting for triage at the end
    duur: tuple[int, int]  # days from opname to afsluiting
    afsluitmix: tuple[tuple[tuple[str, str], int], ...]
    kans_sluiten_na_periode: float  # for cases open at the period's end
    leeftijd: tuple[int, int] | None  # age at registration; None: no person
    wijkgewichten: dict[str, int] | None = None


_JEUGD_WACHT = (("detentie", 5), ("wacht_op_informatie", 3), ("politieonderzoek", 2))
WIJKGEWICHTEN = {
    "Meerzicht": 16,
    "Oosterheem": 12,
    "Palenstein": 11,
    "Seghwaert": 10,
    "Buytenwegh": 9,
    "Rokkeveen": 8,
    "Driemanspolder": 7,
    "De Leyens": 7,
    "Stadshart": 7,
    "Dorp": 5,
    "Bedrijventerreinen": 3,
    "Noordhove": 2,
}

PROFIELEN: dict[str, Profiel] = {
    "pga_jeugd": Profiel(
        Verloop(_JEUGD_WACHT, 0.25),
        historisch=45,
        na_periode=24,
        niet_opgenomen=30,
        wachtrij=4,
        duur=(200, 620),
        kans_sluiten_na_periode=0.3,
        leeftijd=(13, 25),
        afsluitmix=(
            ((SUCCES, "doelen_behaald"), 8),
            ((SUCCES, "interventies_uitgeput"), 3),
            ((NIET, "recidive"), 2),
            ((NIET, "geen_medewerking"), 1),
            ((NIET, "overig"), 1),
            ((OVER, "verhuizing"), 1),
            ((OVER, "andere_gemeente"), 1),
            ((OVER, "zorgpartij"), 1),
            ((OVER, "jeugdbescherming"), 1),
        ),
    ),
    "ipta": Profiel(
        Verloop((("wacht_op_informatie", 3), ("detentie", 1)), 0.15),
        historisch=40,
        na_periode=19,
        niet_opgenomen=18,
        wachtrij=3,
        duur=(90, 420),
        kans_sluiten_na_periode=0.35,
        leeftijd=(16, 26),
        afsluitmix=(
            ((SUCCES, "werk"), 5),
            ((SUCCES, "scholing"), 4),
            ((SUCCES, "werk_en_scholing"), 2),
            ((SUCCES, "behoud_werk_of_scholing"), 2),
            ((NIET, "uit_beeld"), 2),
            ((NIET, "geen_motivatie"), 1),
            ((NIET, "uitgevallen"), 1),
            ((OVER, "andere_gemeente"), 1),
            ((OVER, "zorgpartij"), 1),
        ),
    ),
    "rio": Profiel(
        Verloop(
            (("detentie", 4), ("wacht_op_informatie", 2)),
            0.3,
            zonder_start=("niet_passend", "geen_motivatie"),
        ),
        historisch=14,
        na_periode=8,
        niet_opgenomen=8,
        wachtrij=2,
        duur=(120, 480),
        kans_sluiten_na_periode=0.3,
        leeftijd=(18, 26),
        afsluitmix=(
            ((SUCCES, "gestabiliseerd"), 3),
            ((SUCCES, "doelen_behaald"), 2),
            ((NIET, "niet_passend"), 1),
            ((NIET, "geen_motivatie"), 1),
            ((NIET, "recidive"), 2),
            ((OVER, "reclassering"), 2),
            ((OVER, "jeugdbescherming"), 1),
            ((OVER, "andere_gemeente"), 1),
        ),
    ),
    "pga_r": Profiel(
        Verloop((("politieonderzoek", 2), ("wacht_op_informatie", 2), ("detentie", 1)), 0.3),
        historisch=5,
        na_periode=2,
        niet_opgenomen=4,
        wachtrij=1,
        duur=(240, 720),
        kans_sluiten_na_periode=0.2,
        leeftijd=(15, 45),
        afsluitmix=(
            ((SUCCES, "afgeschaald"), 4),
            ((NIET, "geen_medewerking"), 1),
            ((NIET, "overig"), 1),
            ((OVER, "andere_gemeente"), 1),
            ((OVER, "zorgpartij"), 1),
        ),
    ),
    "ondermijning": Profiel(
        Verloop((("politieonderzoek", 3), ("wacht_op_informatie", 2)), 0.3),
        historisch=75,
        na_periode=30,
        niet_opgenomen=25,
        wachtrij=3,
        duur=(30, 300),
        kans_sluiten_na_periode=0.5,
        leeftijd=(24, 62),
        afsluitmix=(
            ((NIET, "geen_ondermijning"), 9),
            ((SUCCES, "interventie_ingezet"), 8),
            ((NIET, "onvoldoende_informatie"), 2),
            ((OVER, "riec"), 1),
            ((OVER, "politie_om"), 1),
        ),
    ),
    "woonoverlast": Profiel(
        Verloop((("wacht_op_informatie", 3), ("politieonderzoek", 1)), 0.2),
        historisch=65,
        na_periode=30,
        niet_opgenomen=20,
        wachtrij=4,
        duur=(60, 560),
        kans_sluiten_na_periode=0.3,
        leeftijd=(22, 84),
        wijkgewichten=WIJKGEWICHTEN,
        afsluitmix=(
            ((SUCCES, "overlast_beeindigd"), 9),
            ((NIET, "geen_grond"), 2),
            ((NIET, "overlast_voortgezet"), 2),
            ((OVER, "zorgpartij"), 2),
            ((OVER, "corporatie"), 1),
        ),
    ),
}
