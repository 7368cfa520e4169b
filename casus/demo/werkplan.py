"""The demo's plan of casework: notes, interventions, leefgebieden scores and police
contacts (gebiedsverboden among them) added to the planned cases (``vul_aan``) before
anything is written; ``casus.demo.rijen`` writes them. Not the casework service, which
is ``casus.casussen.casuswerk``."""

from __future__ import annotations

import random
from datetime import date

from casus.demo.kalibratie import GEBIEDSVERBOD_2025_H1, PERIODE_TOT, PERIODE_VAN
from casus.demo.plan import BEGIN, SLUIT_TRIGGER, Caseload, CasusPlan, dag, dagen, halfjaren, kies
from casus.personen.models import leeftijd_op
from workflows import CATALOGUS
from workflows.codes import CONTACT_VORMEN, INTERVENTIE_TYPES, LEEFGEBIEDEN

INTERVENTIES: dict[str, tuple[tuple[str, int], ...]] = {
    "pga_jeugd": (
        ("strafrechtelijke_vervolging", 3),
        ("justitiele_voorwaarden", 2),
        ("jeugdreclassering", 4),
        ("halt", 3),
        ("waarschuwingsbrief", 3),
        ("jeugdhulp", 4),
        ("ondertoezichtstelling", 2),
        ("coaching", 4),
        ("systeembehandeling", 2),
        ("traumabehandeling", 1),
        ("ggz", 1),
        ("leerplicht", 3),
        ("alternatieve_scholing", 2),
        ("schuldhulpverlening", 1),
        ("toeleiding_werk", 1),
        ("reclassering", 1),
    ),
    "ipta": (
        ("coaching", 5),
        ("toeleiding_werk", 5),
        ("alternatieve_scholing", 3),
        ("schuldhulpverlening", 2),
        ("leerplicht", 1),
    ),
    "rio": (
        ("reclassering", 4),
        ("justitiele_voorwaarden", 3),
        ("toeleiding_werk", 3),
        ("schuldhulpverlening", 3),
        ("coaching", 2),
        ("ggz", 1),
        ("traumabehandeling", 1),
    ),
    "pga_r": (
        ("coaching", 3),
        ("ggz", 2),
        ("systeembehandeling", 1),
        ("waarschuwingsbrief", 1),
        ("traumabehandeling", 1),
    ),
    "ondermijning": (
        ("bibob_onderzoek", 3),
        ("sluiting_pand", 2),
        ("waarschuwingsbrief", 3),
        ("strafrechtelijke_vervolging", 1),
    ),
    "woonoverlast": (
        ("waarschuwingsbrief", 4),
        ("ggz", 2),
        ("schuldhulpverlening", 2),
        ("systeembehandeling", 1),
        ("huisverbod", 1),
        ("sluiting_pand", 1),
    ),
}
EENMALIG = frozenset(
    {
        "waarschuwingsbrief",
        "sluiting_pand",
        "halt",
        "strafrechtelijke_vervolging",
        "bibob_onderzoek",
    }
)
CONTACTEN = (
    "Gesprek gevoerd over de voortgang van het plan van aanpak.",
    "Huisbezoek afgelegd; ouder(s) aanwezig, afspraken doorgenomen.",
    "Telefonisch contact over de afspraken van deze week.",
    "Overleg met de wijkagent over recente meldingen.",
    "Afstemming met school over aanwezigheid en gedrag.",
    "Contact met de woningcorporatie over de situatie in en rond de woning.",
    "Afspraak niet nagekomen; nieuwe afspraak gepland.",
)
NOTITIES = (
    "Casus besproken in het weeg- en triageoverleg.",
    "Plan van aanpak opgesteld met de ketenpartners.",
    "Terugkoppeling van partner ontvangen; acties bijgewerkt.",
    "Evaluatie: voortgang op dagbesteding, aandacht voor financiën.",
    "Signaal van buurtbewoners ontvangen en doorgezet.",
)
# positive closures after which no negative police contact is allowed for 6 months
ZONDER_CONTACT = frozenset({"doelen_behaald", "gestabiliseerd"})
# a case running on the demo's last day had contact within this many days, by this chance
RECENT_CONTACT_DAGEN = 21
RECENT_CONTACT_KANS = 0.85
MET_SCORES = frozenset({"pga_jeugd", "ipta", "rio", "pga_r"})
AFSLUITTRIGGERS = frozenset(SLUIT_TRIGGER.values())


def looptijd(casus: CasusPlan, eind: date) -> tuple[date, date] | None:
    """(start, end) of the casework, or None when the case never started."""
    start = casus.datum_van("starten")
    if start is None:
        return None
    einde = next(
        (s.datum for s in casus.stappen if s.trigger in AFSLUITTRIGGERS and not s.gecorrigeerd),
        eind,
    )
    return start, einde


def afsluitreden(casus: CasusPlan) -> str | None:
    return next(
        (s.reden for s in casus.stappen if s.trigger in AFSLUITTRIGGERS and not s.gecorrigeerd),
        None,
    )


def vul_aan(rng: random.Random, cl: Caseload, eind: date) -> None:
    vrij: dict[int, list[tuple[date, date]]] = {}  # person -> windows without contacts
    for casus in cl.casussen:
        reden = afsluitreden(casus)
        tijd = looptijd(casus, eind)
        if casus.persoon is not None and reden in ZONDER_CONTACT and tijd:
            vrij.setdefault(casus.persoon, []).append((tijd[1] - dagen(190), tijd[1]))
        if tijd is None:
            casus.notities.append(
                (
                    "notitie",
                    None,
                    casus.aangemeld_op,
                    "Aanmelding ontvangen en geagendeerd voor triage.",
                    None,
                )
            )
            continue
        _notities(rng, casus, tijd)
        if reden is None:
            _recent_contact(rng, casus, tijd)
        _interventies(rng, casus, tijd, reden)
        if casus.eind_aanpak in MET_SCORES:
            _scores(rng, casus, tijd, reden in ZONDER_CONTACT or _positief(casus, reden))
    _politiecontacten(rng, cl, eind, vrij)
    _gebiedsverboden(rng, cl, eind)


def _positief(casus: CasusPlan, reden: str | None) -> bool:
    d = CATALOGUS.get(casus.eind_aanpak)
    return any(r.code == reden and r.positief for lijst in d.redenen.values() for r in lijst)


def _notities(rng: random.Random, casus: CasusPlan, tijd: tuple[date, date]) -> None:
    start, einde = tijd
    aantal = min(10, 1 + (einde - start).days // 60)
    for datum in sorted(dag(rng, start, einde) for _ in range(aantal)):
        if rng.random() < 0.6:
            vorm = rng.choice(list(CONTACT_VORMEN))
            casus.notities.append(
                ("contactmoment", vorm, datum, rng.choice(CONTACTEN), casus.regisseur)
            )
        else:
            casus.notities.append(("notitie", None, datum, rng.choice(NOTITIES), casus.regisseur))


def _recent_contact(rng: random.Random, casus: CasusPlan, tijd: tuple[date, date]) -> None:
    """Most cases still running on the demo's last day had contact in the last weeks
    (the werkplek's "geen contact" signal then marks a few, not all of them)."""
    start, eind = tijd
    if rng.random() < RECENT_CONTACT_KANS:
        datum = dag(rng, max(start, eind - dagen(RECENT_CONTACT_DAGEN)), eind)
        vorm = rng.choice(list(CONTACT_VORMEN))
        casus.notities.append(
            ("contactmoment", vorm, datum, rng.choice(CONTACTEN), casus.regisseur)
        )


def _interventies(
    rng: random.Random, casus: CasusPlan, tijd: tuple[date, date], reden: str | None
) -> None:
    start, einde = tijd
    aanpak = casus.eind_aanpak
    maanden = (einde - start).days // 30
    if aanpak in ("pga_jeugd", "rio"):
        aantal = min(4, 1 + maanden // 5)
    elif reden in ("interventie_ingezet", "interventies_uitgeput"):
        aantal = 2
    else:
        aantal = rng.randint(0, min(2, 1 + maanden // 6))
    if reden == "interventies_uitgeput":
        aantal = max(aantal, 2)
    for _ in range(aantal):
        soort = kies(rng, INTERVENTIES[aanpak])
        datum = dag(rng, start, einde)
        eind = None if soort in EENMALIG else min(datum + dagen(rng.randint(60, 240)), einde)
        casus.interventies.append(
            (soort, datum, eind, f"{INTERVENTIE_TYPES[soort]} ingezet in overleg met partners.")
        )


def _scores(
    rng: random.Random, casus: CasusPlan, tijd: tuple[date, date], vooruitgang: bool
) -> None:
    start, einde = tijd
    eerste = {lg: rng.choices((1, 2, 3, 4), (2, 4, 3, 1))[0] for lg in LEEFGEBIEDEN}
    casus.scores.append((start, eerste))
    huidig = dict(eerste)
    datum = start + dagen(rng.randint(120, 200))
    while datum < einde:
        huidig = {
            lg: max(1, min(5, s + kies(rng, ((1, 3), (0, 6), (-1, 1))))) for lg, s in huidig.items()
        }
        casus.scores.append((datum, dict(huidig)))
        datum += dagen(rng.randint(120, 200))
    if vooruitgang and not any(huidig[lg] > eerste[lg] for lg in LEEFGEBIEDEN):
        for lg in rng.sample(sorted(lg for lg in LEEFGEBIEDEN if eerste[lg] < 5), 2):
            huidig[lg] = eerste[lg] + 1
        casus.scores.append((dag(rng, max(start, einde - dagen(14)), einde), dict(huidig)))


def _politiecontacten(
    rng: random.Random, cl: Caseload, eind: date, vrij: dict[int, list[tuple[date, date]]]
) -> None:
    for i, casus in enumerate(cl.casussen):
        if casus.persoon is None or casus.eind_aanpak == "woonoverlast":
            continue
        persoon = cl.personen[casus.persoon]
        aanpak = casus.eind_aanpak
        voor = {"pga_jeugd": 3, "rio": 1, "ipta": 1, "pga_r": 1, "ondermijning": 1}[aanpak]
        contacten: list[tuple[date, str, int | None]] = []
        for _ in range(rng.randint(1 if aanpak in ("pga_jeugd", "rio") else 0, voor)):
            datum = casus.aangemeld_op - dagen(rng.randint(7, 300))
            contacten.append((datum, "justitie" if aanpak == "rio" else "politie", None))
        tijd = looptijd(casus, eind)
        if tijd is not None and aanpak in ("pga_jeugd", "rio", "pga_r"):
            start, einde = tijd
            for _ in range((einde - start).days // 90):
                if rng.random() < 0.25:
                    soort = "politie" if rng.random() < 0.8 else "justitie"
                    contacten.append((dag(rng, start, einde), soort, i))
        vensters = vrij.get(casus.persoon, [])
        persoon.politiecontacten += [
            c
            for c in contacten
            if BEGIN <= c[0] <= eind and not any(v < c[0] <= t for v, t in vensters)
        ]
        if afsluitreden(casus) == "recidive" and tijd is not None:
            persoon.politiecontacten.append(
                (max(tijd[0], tijd[1] - dagen(rng.randint(1, 30))), "politie", i)
            )
    for persoon in cl.personen:
        persoon.politiecontacten.sort(key=lambda c: (c[0], c[1], -1 if c[2] is None else c[2]))


def _gebiedsverboden(rng: random.Random, cl: Caseload, eind: date) -> None:
    """Gebiedsverboden for PGA Jeugd persons: per half-year, 2025-H1 as in the memo."""
    for van, tot in halfjaren(eind):
        if (van, tot) == (PERIODE_VAN, PERIODE_TOT):
            personen, minderjarig = GEBIEDSVERBOD_2025_H1
        else:
            personen, minderjarig = rng.randint(4, 10), None
        _gebiedsverboden_in(rng, cl, van, tot, eind, personen, minderjarig)


def _gebiedsverboden_in(
    rng: random.Random,
    cl: Caseload,
    van: date,
    tot: date,
    eind: date,
    personen: int,
    minderjarig: int | None,
) -> None:
    kandidaten = [c for c in cl.casussen if c.eind_aanpak == "pga_jeugd" and c.persoon is not None]
    rng.shuffle(kandidaten)
    gekozen: set[int] = set()
    minder = 0
    for casus in kandidaten:
        tijd = looptijd(casus, eind)
        if len(gekozen) == personen or tijd is None or casus.persoon in gekozen:
            continue
        start, einde = max(tijd[0], van), min(tijd[1], tot)
        if start > einde:
            continue
        datum = dag(rng, start, einde)
        jong = leeftijd_op(cl.personen[casus.persoon].geboortedatum, datum) < 18
        if minderjarig is not None and (
            (jong and minder == minderjarig)
            or (not jong and len(gekozen) - minder == personen - minderjarig)
        ):
            continue
        minder += jong
        gekozen.add(casus.persoon)
        casus.interventies.append(
            (
                "gebiedsverbod",
                datum,
                datum + dagen(90),
                "Gebiedsverbod voor drie maanden na aantreffen met een wapen in de "
                "openbare ruimte.",
            )
        )
    assert minderjarig is None or (len(gekozen), minder) == (personen, minderjarig)
