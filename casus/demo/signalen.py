"""Planned signalen for ondermijning and PGA-R, some of them leading to the cases."""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from datetime import date

from casus.demo.kalibratie import (
    PERIODE_TOT,
    PERIODE_VAN,
    SIGNALEN_2025_H1_BRON,
    SIGNALEN_2025_H1_THEMA,
    WIJKGEWICHTEN,
)
from casus.demo.namen import adres
from casus.demo.plan import BEGIN, Caseload, SignaalPlan, dag, dagen, halfjaren, kies

ONDERMIJNING_BRONNEN = (
    ("meld_misdaad_anoniem", 15),
    ("collega", 2),
    ("handhaving", 1),
    ("externe_partner", 1),
    ("meldpunt", 1),
)
ONDERMIJNING_THEMAS = tuple(SIGNALEN_2025_H1_THEMA.items())
PGA_R_BRONNEN = (("collega", 3), ("externe_partner", 4), ("meldpunt", 1), ("handhaving", 1))
PGA_R_THEMAS = (("radicalisering", 5), ("extremisme", 3), ("polarisatie", 2))
# the share of the signals not linked to a case whose wijk stays unknown
WIJK_ONBEKEND = 0.15
TEKSTEN = {
    "drugscriminaliteit": "Veel kortdurend verkeer bij een woning; vermoedelijk drugshandel.",
    "onvergunde_prostitutie": "Advertenties voor erotische massages op een woonadres.",
    "onverklaarbare_activiteiten": "Bedrijfspand lijkt leeg maar er is 's nachts veel activiteit.",
    "mensenhandel": "Signaal over jonge vrouwen die onder druk lijken te werken.",
    "arbeidsuitbuiting": "Arbeiders slapen in de bedrijfsruimte en werken lange dagen.",
    "vastgoedcriminaliteit": "Woningen worden contant opgekocht en doorverhuurd.",
    "witwassen": "Zaak zonder klanten met een opvallend grote omzet.",
    "overig": "Melding over verdachte situatie in de wijk.",
    "radicalisering": "Zorgwekkende uitingen op sociale media.",
    "extremisme": "Verspreiden van extremistisch materiaal in een groepsapp.",
    "polarisatie": "Spanningen tussen groepen jongeren na online discussie.",
}
AFSLUITREDENEN = (
    "Geen aanleiding voor een casus.",
    "Doorgezet naar de politie.",
    "Onvoldoende informatie om op te handelen.",
)


def plan_signalen(rng: random.Random, cl: Caseload, eind: date) -> None:
    nieuw: list[SignaalPlan] = []
    for van, tot in halfjaren(eind):
        # a half-year cut off at the demo's end gets its share (the shortest has 181 days)
        deel = min(1.0, ((tot - van).days + 1) / 181)
        if (van, tot) == (PERIODE_VAN, PERIODE_TOT):
            bronnen = [b for b, n in SIGNALEN_2025_H1_BRON.items() for _ in range(n)]
            themas = [t for t, n in SIGNALEN_2025_H1_THEMA.items() for _ in range(n)]
            rng.shuffle(bronnen)
            rng.shuffle(themas)
        else:
            aantal = round(rng.randint(70, 100) * deel)
            bronnen = [kies(rng, ONDERMIJNING_BRONNEN) for _ in range(aantal)]
            themas = [kies(rng, ONDERMIJNING_THEMAS) for _ in range(aantal)]
        for bron, thema in zip(bronnen, themas, strict=True):
            nieuw.append(
                SignaalPlan("ondermijning", dag(rng, van, tot), bron, thema, TEKSTEN[thema])
            )
        for _ in range(round(rng.randint(6, 12) * deel)):
            thema = kies(rng, PGA_R_THEMAS)
            nieuw.append(
                SignaalPlan(
                    "pga_r", dag(rng, van, tot), kies(rng, PGA_R_BRONNEN), thema, TEKSTEN[thema]
                )
            )
    nieuw.sort(key=lambda s: (s.ontvangen_op, s.aanpak))
    _koppel(rng, cl, nieuw)
    for s in nieuw:
        if s.casus is None:
            if s.aanpak == "ondermijning" and rng.random() < 0.5:
                s.betreft_adres = adres(rng, "Stadshart")
            if s.ontvangen_op < eind - dagen(30):
                s.afsluitreden = rng.choice(AFSLUITREDENEN)
    _wijken(rng, cl, nieuw)
    cl.signalen.extend(nieuw)


def _wijken(rng: random.Random, cl: Caseload, signalen: list[SignaalPlan]) -> None:
    """A linked signal plays in its case's wijk, one with an address in that address's
    wijk; another in a wijk drawn by the demo's wijk weights, or in none known. Drawn
    from a copy of ``rng``, so the rest of the demo (drawn from ``rng`` after this) is
    the same as without wijken."""
    kopie = random.Random()  # noqa: S311 - demo data, not secrets
    kopie.setstate(rng.getstate())
    wijken, gewichten = list(WIJKGEWICHTEN), list(WIJKGEWICHTEN.values())
    for s in signalen:
        if s.casus is not None:
            s.wijk = cl.casussen[s.casus].kenmerken.get("wijk")
        elif s.betreft_adres:  # an address in the Stadshart (plan_signalen)
            s.wijk = "Stadshart"
        elif kopie.random() >= WIJK_ONBEKEND:
            s.wijk = kopie.choices(wijken, gewichten)[0]


def _koppel(rng: random.Random, cl: Caseload, signalen: list[SignaalPlan]) -> None:
    """Link each case to one or two earlier unlinked signals of its aanpak, if any."""
    per_aanpak = {a: [s for s in signalen if s.aanpak == a] for a in ("ondermijning", "pga_r")}
    datums = {a: [s.ontvangen_op for s in lijst] for a, lijst in per_aanpak.items()}
    for i, casus in enumerate(cl.casussen):
        aanpak = casus.eind_aanpak
        if aanpak not in per_aanpak:
            continue
        vroeg = max(BEGIN, casus.aangemeld_op - dagen(90))
        lijst = per_aanpak[aanpak]  # sorted by date: take the window by bisection
        venster = lijst[
            bisect_left(datums[aanpak], vroeg) : bisect_right(datums[aanpak], casus.aangemeld_op)
        ]
        vrij = [s for s in venster if s.casus is None]
        thema = casus.kenmerken.get("thema")
        vrij.sort(key=lambda s: (s.thema != thema, casus.aangemeld_op - s.ontvangen_op))
        for s in vrij[: 1 + (rng.random() < 0.2)]:
            s.casus = i
            s.betreft_naam = casus.kenmerken.get("naam")
            s.betreft_adres = casus.kenmerken.get("adres")
        if vrij and thema is not None:
            casus.kenmerken["thema"] = vrij[0].thema
