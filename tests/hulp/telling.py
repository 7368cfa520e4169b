"""A test-only counter: domain.md section 5, read literally, in plain Python over the rows.

Deliberately independent of the application's report and projection code, so the
demo's calibration is checked against the rules, not against itself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from casus.casussen.models import Casus, Gebeurtenis, Interventie
from casus.extensions import db
from casus.personen.models import Persoon
from casus.signalen.models import Signaal

AFSLUITSTATUSSEN = ("succesvol_afgesloten", "niet_succesvol_afgesloten", "overgedragen")
NIET_STATUS = ("corrigeren", "toewijzen", "aanhouden")


@dataclass
class Geval:
    casus: Casus
    events: list[Gebeurtenis]  # valid status events, in order

    def opname(self) -> date | None:
        return next((e.datum for e in self.events if e.transitie == "triageren"), None)

    def afsluiting(self) -> Gebeurtenis | None:
        return next((e for e in self.events if e.naar_status in AFSLUITSTATUSSEN), None)

    def op(self, dag: date) -> Gebeurtenis | None:
        """The last status event on or before ``dag``."""
        eerder = [e for e in self.events if e.datum <= dag]
        return eerder[-1] if eerder else None


def gevallen() -> list[Geval]:
    per_casus: dict[int, list[Gebeurtenis]] = defaultdict(list)
    for e in db.session.scalars(select(Gebeurtenis).order_by(Gebeurtenis.volgnummer)):
        per_casus[e.casus_id].append(e)
    uit = []
    for casus in db.session.scalars(select(Casus).order_by(Casus.id)):
        alle = per_casus[casus.id]
        vervallen = {e.vervalt_id for e in alle if e.vervalt_id is not None}
        geldig = [e for e in alle if e.id not in vervallen and e.transitie not in NIET_STATUS]
        uit.append(Geval(casus, geldig))
    return uit


def tel(van: date, tot: date) -> dict[str, Any]:
    """The period's figures per aanpak, plus the breakdowns the memo reports."""
    per_aanpak: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    totaal_per_aanpak: dict[str, list[Geval]] = defaultdict(list)
    for g in gevallen():
        laatste = g.op(tot)
        if laatste is None:
            continue
        f = per_aanpak[laatste.aanpak]
        if van <= g.casus.aangemeld_op <= tot:
            f["aanmeldingen"] += 1
        f["niet_opgenomen"] += sum(
            1 for e in g.events if e.transitie == "niet_opnemen" and van <= e.datum <= tot
        )
        opname, afsluiting = g.opname(), g.afsluiting()
        if opname is None or opname > tot:
            continue
        if afsluiting is not None and afsluiting.datum < van:
            continue
        f["totaal"] += 1
        totaal_per_aanpak[laatste.aanpak].append(g)
        f["lopend_begin" if opname < van else "nieuw"] += 1
        if afsluiting is not None and afsluiting.datum <= tot:
            f["afgesloten"] += 1
            f[afsluiting.naar_status] += 1
            f[f"{afsluiting.naar_status}:{afsluiting.reden}"] += 1
        else:
            f["lopend_einde"] += 1
            f["in_de_wacht_einde"] += laatste.naar_status == "in_de_wacht"
    return {"aanpakken": per_aanpak, "totaal": totaal_per_aanpak}


def woonoverlast_lopend(van: date, tot: date, totaal: list[Geval]) -> dict[str, Counter[str]]:
    lopend = [g.casus.kenmerken for g in totaal if (a := g.afsluiting()) is None or a.datum > tot]
    return {
        "woningtype": Counter(k["woningtype"] for k in lopend),
        "wijk": Counter(k["wijk"] for k in lopend),
        "corporatie_soort": Counter(k["soort"] for k in lopend if k["woningtype"] == "corporatie"),
    }


def signalen(aanpak: str, van: date, tot: date) -> dict[str, Counter[str]]:
    rijen = db.session.scalars(
        select(Signaal).where(Signaal.aanpak == aanpak, Signaal.ontvangen_op.between(van, tot))
    ).all()
    return {"bron": Counter(s.bron for s in rijen), "thema": Counter(s.thema for s in rijen)}


def interventies(soort: str, van: date, tot: date) -> tuple[int, int, int]:
    """(totaal, distinct persons, distinct persons under 18 on the date)."""
    rijen = db.session.execute(
        select(Interventie.datum, Persoon.id, Persoon.geboortedatum)
        .join(Casus, Casus.id == Interventie.casus_id)
        .join(Persoon, Persoon.id == Casus.persoon_id)
        .where(Interventie.type == soort, Interventie.datum.between(van, tot))
    ).all()
    minder = set()
    for datum, persoon, geboren in rijen:
        verjaard = (datum.month, datum.day) >= (geboren.month, geboren.day)
        jaren = datum.year - geboren.year - (not verjaard)
        if jaren < 18:
            minder.add(persoon)
    return len(rijen), len({r[1] for r in rijen}), len(minder)
