"""Plan one Zoetermeer-sized caseload: cases with their subjects, kenmerken and courses."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date

from casus.demo import signalen, werkplan
from casus.demo.kalibratie import (
    ONDERMIJNING_RIEC_IN_TOTAAL,
    PERIODE_VAN,
    PROFIELEN,
    WIJKGEWICHTEN,
    WOONOVERLAST_LOPEND_CORPORATIE,
    WOONOVERLAST_LOPEND_WIJK,
    WOONOVERLAST_LOPEND_WONINGTYPE,
)
from casus.demo.namen import adres, bedrijf, persoonsnaam
from casus.demo.plan import (
    BEGIN,
    SLUIT_TRIGGER,
    Caseload,
    CasusPlan,
    PersoonPlan,
    Stap,
    dag,
    dagen,
    kies,
)
from casus.demo.verloop import Skelet, plan_verlopen
from casus.personen.models import leeftijd_op
from workflows import CATALOGUS
from workflows.base import NIET_SUCCESVOL_AFGESLOTEN

AANMELDREDENEN = {
    "pga_jeugd": (
        "Betrokken bij een woninginbraak en een straatroof.",
        "Structurele overlast met een jeugdgroep in de wijk.",
        "Aangetroffen met een mes in de openbare ruimte.",
        "Betrokken bij online aangejaagd geweld (drill).",
        "Komt uit justitiële jeugdinrichting; risico op terugval.",
    ),
    "ipta": (
        "Geen school of werk; wil graag aan de slag.",
        "Voortijdig schoolverlater.",
        "Via jongerenwerk: zoekt een opleiding.",
        "Dreigt af te glijden; heeft dagbesteding nodig.",
    ),
    "rio": (
        "Komt binnenkort vrij na detentie voor een overval.",
        "Detentie wegens zware mishandeling; start re-integratieplan in de PI.",
        "Ex-gedetineerde na straatroof; huisvesting en werk nodig.",
    ),
    "pga_r": (
        "Melding van zorgwekkende uitingen online.",
        "Terugkeerder; nazorg afgestemd met partners.",
        "Signaal van school over radicaliserend gedrag.",
    ),
    "ondermijning": (
        "Signaal over verdachte activiteiten rond een pand.",
        "Meerdere signalen over een onderneming.",
        "Melding via Meld Misdaad Anoniem.",
    ),
    "woonoverlast": (
        "Buren melden aanhoudende geluidsoverlast.",
        "Stankoverlast en vervuiling in en rond de woning.",
        "Verward gedrag en bedreiging van buren.",
        "Overlast van bezoekers aan de woning.",
    ),
}
CORRECTIE_AFSLUITEN = "Per abuis afgesloten; de begeleiding loopt door."
CORRECTIE_PAUZE = "Verkeerde reden gekozen."


def plan_caseload(
    seed: int, kopie: int, regisseurs: dict[str, tuple[str, ...]], eind: date, bsns: Iterator[str]
) -> Caseload:
    """One deterministic copy of Zoetermeer's caseload (copy ``kopie`` of seed ``seed``)."""
    rng = random.Random(f"casus-demo-{seed}-{kopie}")  # noqa: S311 - demo data, not secrets
    planner = _Planner(rng, bsns)
    for aanpak, profiel in PROFIELEN.items():
        skeletten = plan_verlopen(rng, aanpak, profiel, regisseurs.get(aanpak, ()), eind)
        kenmerken = _kenmerkverdeler(rng, aanpak, skeletten)
        for skelet in skeletten:
            planner.voeg_toe(aanpak, skelet, kenmerken(skelet))
    cl = planner.caseload
    _omzettingen_en_correcties(rng, cl, regisseurs)
    werkplan.vul_aan(rng, cl, eind)
    signalen.plan_signalen(rng, cl, eind)
    cl.sorteer()
    return cl


class _Planner:
    def __init__(self, rng: random.Random, bsns: Iterator[str]) -> None:
        self.rng = rng
        self.bsns = bsns
        self.caseload = Caseload()
        self.jeugd: list[int] = []  # persons of PGA Jeugd cases, for IPTA and RIO to reuse

    def persoon(self, aanpak: str, op: date, wijk: str, minderjarig: bool) -> int:
        rng = self.rng
        if aanpak in ("ipta", "rio") and self.jeugd and rng.random() < 0.2:
            index = rng.choice(self.jeugd)
            leeftijd = leeftijd_op(self.caseload.personen[index].geboortedatum, op)
            if (16 if aanpak == "ipta" or op >= PERIODE_VAN else 18) <= leeftijd <= 26:
                return index
        lo, hi = PROFIELEN[aanpak].leeftijd or (25, 60)
        if aanpak == "rio" and op >= PERIODE_VAN:
            lo = 16
        leeftijd = 17 if minderjarig else round(rng.triangular(lo, hi + 0.99, lo + 3))
        geboren = date(op.year - leeftijd, op.month, min(op.day, 28)) - dagen(rng.randint(1, 364))
        voornaam, tussenvoegsel, achternaam = persoonsnaam(rng)
        self.caseload.personen.append(
            PersoonPlan(
                voornaam,
                tussenvoegsel,
                achternaam,
                geboren,
                wijk,
                adres(rng, wijk),
                bsn=next(self.bsns) if rng.random() < 0.6 else None,
            )
        )
        index = len(self.caseload.personen) - 1
        if aanpak == "pga_jeugd":
            self.jeugd.append(index)
        return index

    def voeg_toe(self, aanpak: str, skelet: Skelet, kenmerken: dict[str, str]) -> None:
        rng = self.rng
        met_persoon = (
            CATALOGUS.get(aanpak).persoon_verplicht
            or kenmerken.get("onderwerp") == "persoon"
            or (aanpak == "woonoverlast" and rng.random() < 0.65)
        )
        persoon = None
        if met_persoon:
            persoon = self.persoon(
                aanpak, skelet.aangemeld_op, kenmerken["wijk"], skelet.minderjarig
            )
            if aanpak != "woonoverlast":
                kenmerken["wijk"] = self.caseload.personen[persoon].wijk
        self.caseload.casussen.append(
            CasusPlan(
                aanpak,
                skelet.aangemeld_op,
                persoon,
                kenmerken,
                rng.choice(AANMELDREDENEN[aanpak]),
                stappen=skelet.stappen,
            )
        )


def _kenmerkverdeler(
    rng: random.Random, aanpak: str, skeletten: list[Skelet]
) -> Callable[[Skelet], dict[str, str]]:
    """A function giving each case its kenmerken; the memo's breakdowns are dealt exactly."""
    wijken = list(WIJKGEWICHTEN)
    gewichten = list(WIJKGEWICHTEN.values())
    lopend = [s for s in skeletten if s.rol == "lopend"]
    stapel: dict[int, dict[str, str]] = {}
    if aanpak == "woonoverlast":
        types = [t for t, n in WOONOVERLAST_LOPEND_WONINGTYPE.items() for _ in range(n)]
        soorten = [s for s, n in WOONOVERLAST_LOPEND_CORPORATIE.items() for _ in range(n)]
        wijklijst = [w for w, n in WOONOVERLAST_LOPEND_WIJK.items() for _ in range(n)]
        assert len(types) == len(wijklijst) == len(lopend)
        rng.shuffle(types)
        rng.shuffle(soorten)
        rng.shuffle(wijklijst)
        for s, woningtype, wijk in zip(lopend, types, wijklijst, strict=True):
            soort = soorten.pop() if woningtype == "corporatie" else _soort_particulier(rng)
            stapel[id(s)] = {"woningtype": woningtype, "soort": soort, "wijk": wijk}
    riec: set[int] = set()
    if aanpak == "ondermijning":
        oud = [s for s in lopend if s.stappen[0].datum < PERIODE_VAN]
        riec = {id(s) for s in rng.sample(oud, ONDERMIJNING_RIEC_IN_TOTAAL)}

    def kenmerken(s: Skelet) -> dict[str, str]:
        k = {"wijk": rng.choices(wijken, gewichten)[0]}
        if aanpak == "woonoverlast":
            k.update(
                stapel.get(id(s))
                or {
                    "woningtype": kies(
                        rng, (("corporatie", 7), ("koop", 3), ("particuliere_huur", 1))
                    ),
                }
            )
            k.setdefault(
                "soort",
                kies(
                    rng, (("onbegrepen_gedrag", 2), ("hoarder_vervuiler", 2), ("leefbaarheid", 4))
                ),
            )
            k["adres"] = adres(rng, k["wijk"])
        elif aanpak == "ondermijning":
            k.update(_ondermijning(rng, s, id(s) in riec))
        return k

    return kenmerken


def _soort_particulier(rng: random.Random) -> str:
    return str(kies(rng, (("leefbaarheid", 6), ("hoarder_vervuiler", 2), ("onbegrepen_gedrag", 1))))


def _ondermijning(rng: random.Random, s: Skelet, riec: bool) -> dict[str, str]:
    if s.rol == "buiten" and rng.random() < 0.05:
        riec = True
    k = {
        "herkomst": "riec" if riec else "lokaal",
        "thema": kies(
            rng,
            (
                ("drugscriminaliteit", 8),
                ("onvergunde_prostitutie", 5),
                ("onverklaarbare_activiteiten", 4),
                ("mensenhandel", 2),
                ("arbeidsuitbuiting", 2),
                ("vastgoedcriminaliteit", 2),
                ("witwassen", 1),
                ("overig", 1),
            ),
        ),
        "onderwerp": kies(rng, (("persoon", 3), ("onderneming", 4), ("locatie", 3))),
    }
    if k["onderwerp"] == "onderneming":
        k["naam"], k["kvk_nummer"] = bedrijf(rng)
        if rng.random() < 0.4:
            k["wijk"] = "Bedrijventerreinen"
        if rng.random() < 0.7:
            k["adres"] = adres(rng, k.get("wijk", "Bedrijventerreinen"))
    elif k["onderwerp"] == "locatie":
        k["adres"] = adres(rng, "Stadshart")
    return k


def _omzettingen_en_correcties(
    rng: random.Random, cl: Caseload, regisseurs: dict[str, tuple[str, ...]]
) -> None:
    """Some registrations moved to another aanpak, regisseurs changed, mistakes corrected."""
    naar_van = {"ipta": "pga_jeugd", "pga_jeugd": "ipta", "rio": "pga_jeugd"}
    gecorrigeerd = 0
    for casus in cl.casussen:
        stappen = casus.stappen
        if casus.aanpak in naar_van and stappen and rng.random() < 0.05:
            doel, casus.aanpak = casus.aanpak, naar_van[casus.aanpak]
            stappen.insert(
                0,
                Stap("omzetten", dag(rng, casus.aangemeld_op, stappen[0].datum), doel_aanpak=doel),
            )
        triggers = [s.trigger for s in stappen]
        if "starten" not in triggers:
            continue
        i = triggers.index("starten")
        team = regisseurs.get(casus.eind_aanpak, ())
        if len(team) > 1 and i + 1 < len(stappen) and rng.random() < 0.08:
            huidig = casus.regisseur
            datum = dag(rng, stappen[i].datum, stappen[i + 1].datum)
            stappen.insert(
                i + 1,
                Stap("toewijzen", datum, regisseur=rng.choice([r for r in team if r != huidig])),
            )
        if gecorrigeerd < 4 and i + 1 < len(stappen) and rng.random() < 0.05:
            gecorrigeerd += 1
            reden = CATALOGUS.get(casus.eind_aanpak).redenen[NIET_SUCCESVOL_AFGESLOTEN][0].code
            stappen.insert(
                i + 1,
                Stap(
                    SLUIT_TRIGGER[NIET_SUCCESVOL_AFGESLOTEN],
                    stappen[i].datum,
                    reden=reden,
                    gecorrigeerd=CORRECTIE_AFSLUITEN,
                ),
            )
        elif gecorrigeerd < 6 and "pauzeren" in triggers and rng.random() < 0.03:
            gecorrigeerd += 1
            j = [s.trigger for s in stappen].index("pauzeren")
            pauze = stappen[j]
            ander = next(r for r in ("wacht_op_informatie", "politieonderzoek") if r != pauze.reden)
            stappen.insert(
                j, Stap("pauzeren", pauze.datum, reden=ander, gecorrigeerd=CORRECTIE_PAUZE)
            )
    assert all(c.aangemeld_op >= BEGIN for c in cl.casussen)
