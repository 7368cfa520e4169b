"""Demo persons the built-in BRP stub knows (``casus.brp.stub.testpersonen()``), so that
on the demo a regisseur can refresh them on the person page.

A handful of planned persons with one open case take a stub person's BSN, name and date
of birth: one the stub has registered in another municipality (a refresh signals a
move; an earlier check, in Zoetermeer, is stored when the aanpak has a BRP profile), one
who died, and two minors. Only a person whose case and interventions stay the same with
the new date of birth is chosen (the age limits at the aanmelding, and the derived
``Interventie.minderjarig``), so the memo's figures do not move; the choice is by
registration date and id, so the demo stays deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select

from casus.auth.models import Gebruiker
from casus.brp import BrpPersoon
from casus.brp.models import BrpControle
from casus.casussen.models import Casus, Interventie, minderjarig_op
from casus.casussen.stapregels import controleer_leeftijd
from casus.extensions import db
from casus.klok import TIJDZONE
from casus.personen.models import Persoon
from casus.toegang.policy import mag_brp_raadplegen
from workflows.base import OPEN_STATUSSEN

EIGEN_GEMEENTE = ("0637", "Zoetermeer")  # where the stored earlier check has them


@dataclass(frozen=True)
class Demobrp:
    aanpak: str
    bsn: str
    eerder_hier: bool = False  # store an earlier check in Zoetermeer (the move's baseline)


DEMO_BRP: tuple[Demobrp, ...] = (
    # Priya Ramdin: the stub has her in 's-Gravenhage, a refresh signals a move
    Demobrp("woonoverlast", "999996083", eerder_hier=True),
    # Hendrik van der Berg: died on 8 March 2025
    Demobrp("woonoverlast", "999996071"),
    # Lotte Elif Yilmaz and Daan Verbeek: minors (custody, where the profile asks it)
    Demobrp("pga_jeugd", "999996034"),
    Demobrp("pga_jeugd", "999996046"),
)


def _stubpersoon(bsn: str) -> tuple[str, str | None, str, date]:
    """Voornamen, voorvoegsel, geslachtsnaam and date of birth of a stub person."""
    from casus.brp.stub import testpersonen

    p = testpersonen()[bsn]
    naam = p["naam"]
    return (
        naam["voornamen"],
        naam.get("voorvoegsel") or None,
        naam["geslachtsnaam"],
        date.fromisoformat(p["geboorte"]["datum"]["datum"]),
    )


def _past(persoon_id: int, geboren: date) -> bool:
    """The person's one case and its interventions are the same with ``geboren``: no age
    limit crossed at the aanmelding, every intervention as (not) minderjarig as before."""
    casussen = db.session.scalars(select(Casus).where(Casus.persoon_id == persoon_id)).all()
    if len(casussen) != 1:
        return False
    casus = casussen[0]
    if controleer_leeftijd(casus.aanpak, geboren, casus.aangemeld_op):
        return False
    interventies = db.session.scalars(
        select(Interventie).where(Interventie.casus_id == casus.id)
    ).all()
    return all(minderjarig_op(geboren, i.datum) == i.minderjarig for i in interventies)


def _kandidaten(aanpak: str) -> list[tuple[int, date]]:
    """(persoon_id, aangemeld_op) of the persons with an open case in ``aanpak``, oldest
    registration first."""
    rijen = db.session.execute(
        select(Casus.persoon_id, func.min(Casus.aangemeld_op))
        .where(
            Casus.aanpak == aanpak,
            Casus.status.in_(OPEN_STATUSSEN),
            Casus.persoon_id.is_not(None),
        )
        .group_by(Casus.persoon_id)
        .order_by(func.min(Casus.aangemeld_op), Casus.persoon_id)
    ).all()
    return [(int(p), d) for p, d in rijen]


def koppel_brp_personen(gebruikers: dict[str, Gebruiker]) -> int:
    """Give the DEMO_BRP persons to planned persons; returns how many were given."""
    gebruikt: set[int] = set()
    gegeven = 0
    for demo in DEMO_BRP:
        voornamen, voorvoegsel, geslachtsnaam, geboren = _stubpersoon(demo.bsn)
        gekozen = next(
            (
                (p, d)
                for p, d in _kandidaten(demo.aanpak)
                if p not in gebruikt and _past(p, geboren)
            ),
            None,
        )
        if gekozen is None:
            continue
        persoon_id, aangemeld_op = gekozen
        gebruikt.add(persoon_id)
        persoon = db.session.get(Persoon, persoon_id)
        assert persoon is not None
        persoon.voornaam = voornamen
        persoon.tussenvoegsel = voorvoegsel
        persoon.achternaam = geslachtsnaam
        persoon.geboortedatum = geboren
        persoon.bsn = demo.bsn
        gegeven += 1
        if demo.eerder_hier:
            _eerdere_controle(persoon, demo.aanpak, aangemeld_op, gebruikers)
    db.session.flush()
    return gegeven


def _eerdere_controle(
    persoon: Persoon, aanpak: str, op: date, gebruikers: dict[str, Gebruiker]
) -> None:
    """The check made at the aanmelding, when the person still lived in Zoetermeer: only
    the groups the aanpak's profile asks for, none without a profile."""
    from casus.brp.instellingen import brp_instellingen

    profiel = brp_instellingen().profiel(aanpak)
    if profiel is None or persoon.bsn is None:
        return
    groepen = profiel.gegevens
    gemeente_code, gemeente_naam = EIGEN_GEMEENTE if "adres" in groepen else (None, None)
    brp = BrpPersoon(
        bsn=persoon.bsn,
        voornamen=persoon.voornaam if "naam" in groepen else None,
        voorvoegsel=persoon.tussenvoegsel if "naam" in groepen else None,
        geslachtsnaam=persoon.achternaam if "naam" in groepen else None,
        geboortedatum=persoon.geboortedatum if "geboortedatum" in groepen else None,
        adres=persoon.adres if "adres" in groepen else None,
        gemeente_code=gemeente_code,
        gemeente_naam=gemeente_naam,
    )
    # made by the first demo user who may query for the aanpak
    melder = next((g for g in gebruikers.values() if mag_brp_raadplegen(g, aanpak)), None)
    moment = datetime.combine(op, time(10, 0), tzinfo=TIJDZONE).astimezone(UTC)
    db.session.add(
        BrpControle(
            persoon_id=persoon.id,
            aanpak=aanpak,
            bsn=persoon.bsn,
            gebruiker_id=melder.id if melder is not None else None,
            gecontroleerd_op=moment,
            gegevens=brp.als_dict(),
            gemeente_code=gemeente_code,
            overleden_op=None,
        )
    )
