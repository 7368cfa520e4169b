"""Deterministic synthetic import lines (for the benchmark and the property tests).

Each case walks its aanpak's workflow from aangemeld with random moves and dates;
persons recur across lines with the same data, as in a real source system.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from casus.casussen.stapregels import controleer_leeftijd
from workflows import CATALOGUS
from workflows.base import ZOETERMEER_WIJKEN
from workflows.codes import INTERVENTIE_TYPES, SIGNAAL_BRONNEN

VOORNAMEN = ("Sem", "Noah", "Liam", "Daan", "Lucas", "Emma", "Julia", "Mila", "Zoë", "Yara")
ACHTERNAMEN = ("Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "El Amrani", "Yilmaz")


def _persoon(nummer: int) -> dict[str, Any]:
    rng = random.Random(nummer)  # noqa: S311 - deterministic test data, not secrets
    geboren = date(1996, 1, 1) + timedelta(days=rng.randrange(365 * 14))
    contacten = sorted(
        (
            date(2019, 1, 1) + timedelta(days=rng.randrange(365 * 7)),
            rng.choice(("politie", "justitie")),
        )
        for _ in range(rng.randrange(4))
    )
    return {
        "ref": f"P-{nummer:06d}",
        "voornaam": rng.choice(VOORNAMEN),
        "achternaam": rng.choice(ACHTERNAMEN),
        "geboortedatum": geboren.isoformat(),
        "bsn": None,
        "wijk": rng.choice(ZOETERMEER_WIJKEN),
        "politiecontacten": [{"datum": d.isoformat(), "soort": s} for d, s in contacten],
    }


def _kenmerken(rng: random.Random, aanpak: str) -> dict[str, str]:
    uit = {"wijk": rng.choice(ZOETERMEER_WIJKEN)}
    definitie = CATALOGUS.get(aanpak)
    for code in ("herkomst", "thema", "woningtype", "soort"):
        kenmerk = definitie.kenmerk(code)
        if kenmerk is not None:
            uit[code] = rng.choice(kenmerk.codes())
    return uit


def _past(aanpak: str, geboren: date, op: date) -> bool:
    """The person's age on ``op`` crosses no refusing age limit of ``aanpak``."""
    return all(f.waarschuwing for f in controleer_leeftijd(aanpak, geboren, op))


def _gebeurtenissen(
    rng: random.Random, aanpak: str, begin: date, tot: date, geboren: date
) -> list[dict[str, Any]]:
    status, d, uit = "aangemeld", begin, []
    while True:
        mogelijk = CATALOGUS.mogelijke_triggers(aanpak, status)
        if not mogelijk or rng.random() < 0.15:
            return uit
        trigger = rng.choice(mogelijk)
        d = d + timedelta(days=rng.randrange(0, 150))
        if d > tot:
            return uit
        event: dict[str, Any] = {"datum": d.isoformat(), "transitie": trigger}
        status = CATALOGUS.toegestane_transitie(aanpak, status, trigger).doel
        redenen = CATALOGUS.get(aanpak).redenen_voor(trigger)
        if redenen:
            event["reden"] = rng.choice(redenen).code
        if trigger == "omzetten":
            aanpak = rng.choice(
                [c for c in CATALOGUS.codes() if c != aanpak and _past(c, geboren, d)]
            )
            event["aanpak"] = aanpak
        if trigger == "overdragen":
            event["partij"] = "Gemeente Gouda"
        uit.append(event)


def regels(
    aantal: int,
    seed: int = 2025,
    *,
    van: date = date(2019, 1, 1),
    tot: date = date(2026, 6, 30),
    signalen: bool = True,
) -> Iterator[dict[str, Any]]:
    """``aantal`` case lines (and about one signal per ten cases)."""
    rng = random.Random(seed)  # noqa: S311 - deterministic test data, not secrets
    codes = CATALOGUS.codes()
    dagen = (tot - van).days
    personen = max(1, int(aantal * 0.8))
    for i in range(aantal):
        aanpak = rng.choice(codes)
        begin = van + timedelta(days=rng.randrange(dagen))
        ref = f"C-{seed}-{i:07d}"
        persoon = _persoon(rng.randrange(personen))
        geboren = date.fromisoformat(persoon["geboortedatum"])
        if not _past(aanpak, geboren, begin):  # too old (or young) for it: one that fits
            aanpak = next(c for c in codes if _past(c, geboren, begin))
        yield {
            "soort": "casus",
            "ref": ref,
            "aanpak": aanpak,
            "aangemeld_op": begin.isoformat(),
            "persoon": persoon,
            "kenmerken": _kenmerken(rng, aanpak),
            "gebeurtenissen": _gebeurtenissen(rng, aanpak, begin, tot, geboren),
            "interventies": [
                {
                    "type": rng.choice(tuple(INTERVENTIE_TYPES)),
                    "datum": (begin + timedelta(days=rng.randrange(200))).isoformat(),
                }
                for _ in range(rng.randrange(3))
                if begin + timedelta(days=200) <= tot
            ],
        }
        if signalen and i % 10 == 0:
            signaal_aanpak = rng.choice(("ondermijning", "pga_r"))
            themas = CATALOGUS.get(signaal_aanpak).signaal_themas
            yield {
                "soort": "signaal",
                "ref": f"S-{seed}-{i:07d}",
                "aanpak": signaal_aanpak,
                "ontvangen_op": (van + timedelta(days=rng.randrange(dagen))).isoformat(),
                "bron": rng.choice(tuple(SIGNAAL_BRONNEN)),
                "thema": rng.choice(themas).code,
                "casus_ref": ref if rng.random() < 0.3 else None,
            }
