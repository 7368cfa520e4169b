"""What a partner user sees of a case: each shareable item (``casus.partners.ITEMS``)
rendered read-only, and nothing else.

Only the items the partner may see now are read at all (``casus.toegang.laden``
decides which: ``partner_items`` / ``partner_casus_of_404``); this module only turns a
case and that list of item codes into what the page shows. Never shown, whatever is
selected: the case's reference (it names the internal system), notes, documents,
signals, police contacts, the BSN and the address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from casus.casussen.models import Casus, Interventie, Leefgebiedenscore
from casus.extensions import db
from casus.klok import TIJDZONE
from casus.partners import ITEMS
from workflows import CATALOGUS
from workflows.base import STATUS_LABELS
from workflows.codes import INTERVENTIE_TYPES, LEEFGEBIEDEN


@dataclass(frozen=True)
class Personalia:
    naam: str
    geboortedatum: date | None
    wijk: str | None


@dataclass(frozen=True)
class Verloop:
    aanpak: str  # the aanpak's label
    status: str  # the status' label
    regisseur: str | None
    aangemeld_op: date
    opname_op: date | None


@dataclass(frozen=True)
class GedeeldeInterventie:
    type: str  # the type's label
    datum: date
    einddatum: date | None


@dataclass(frozen=True)
class Leefgebiedscore:
    leefgebied: str  # the leefgebied's label
    score: int
    datum: date  # the assessment the score comes from


@dataclass
class GedeeldeCasus:
    """One agenda case as a partner sees it: only the attributes of its shared items are
    filled; ``items`` lists their codes (``ITEMS`` order)."""

    casus_id: int
    items: list[str]
    volgnummer: int | None = None  # its place on the agenda
    personalia: Personalia | None = None
    aanleiding: str | None = None
    verloop: Verloop | None = None
    interventies: list[GedeeldeInterventie] = field(default_factory=list)
    leefgebieden: list[Leefgebiedscore] = field(default_factory=list)

    @property
    def titel(self) -> str:
        """How the page names the case: the person's name when personalia are shared,
        else its place on the agenda (never its reference: that names the internal
        system)."""
        if self.personalia is not None:
            return self.personalia.naam
        return f"Agendapunt {self.volgnummer}" if self.volgnummer else "Casus"

    @property
    def item_labels(self) -> list[str]:
        return [ITEMS[i] for i in self.items]


def gedeelde_casus(casus: Casus, items: list[str], volgnummer: int | None = None) -> GedeeldeCasus:
    """The case's shared ``items`` (codes the partner may see now) as the page shows them;
    ``volgnummer``: its place on the agenda."""
    gekozen = [i for i in ITEMS if i in set(items)]
    uit = GedeeldeCasus(casus_id=casus.id, items=gekozen, volgnummer=volgnummer)
    if "personalia" in gekozen and casus.persoon is not None:
        uit.personalia = Personalia(
            naam=casus.persoon.volledige_naam,
            geboortedatum=casus.persoon.geboortedatum,
            wijk=casus.persoon.wijk,
        )
    if "aanleiding" in gekozen:
        uit.aanleiding = casus.aanmeldreden or None
    if "verloop" in gekozen:
        uit.verloop = Verloop(
            aanpak=CATALOGUS.get(casus.aanpak).label if casus.aanpak in CATALOGUS else "",
            status=STATUS_LABELS.get(casus.status, casus.status),
            regisseur=casus.regisseur.naam if casus.regisseur is not None else None,
            aangemeld_op=casus.aangemeld_op,
            opname_op=casus.opname_op,
        )
    if "interventies" in gekozen:
        uit.interventies = _interventies(casus.id)
    if "leefgebieden" in gekozen:
        uit.leefgebieden = _leefgebieden(casus.id)
    return uit


def _interventies(casus_id: int) -> list[GedeeldeInterventie]:
    # Type and period only, never the free text (``Interventie.tekst``): that text is
    # written for colleagues and may hold health details or third parties' data that
    # the selection "Interventies" does not cover (data minimisation: the partner needs
    # to know what is being done and since when, to coordinate its own actions).
    rijen = db.session.execute(
        select(Interventie.type, Interventie.datum, Interventie.einddatum)
        .where(Interventie.casus_id == casus_id)
        .order_by(Interventie.datum.desc(), Interventie.id.desc())
    ).all()
    return [
        GedeeldeInterventie(INTERVENTIE_TYPES.get(t, t), begin, eind) for t, begin, eind in rijen
    ]


def _leefgebieden(casus_id: int) -> list[Leefgebiedscore]:
    """The latest score per leefgebied (an assessment may leave some out: then an earlier
    one's score for that leefgebied is the latest), in the catalogue's order."""
    scores = db.session.scalars(
        select(Leefgebiedenscore)
        .where(Leefgebiedenscore.casus_id == casus_id)
        .order_by(Leefgebiedenscore.datum.desc(), Leefgebiedenscore.id.desc())
    ).all()
    uit = []
    for code, label in LEEFGEBIEDEN.items():
        laatste = next((s for s in scores if getattr(s, code) is not None), None)
        if laatste is not None:
            uit.append(Leefgebiedscore(label, int(getattr(laatste, code)), laatste.datum))
    return uit


def zichtbaar_tot(inzage_tot: datetime | None) -> date | None:
    """The last day (Dutch time) a partner sees a meeting's items: ``inzage_tot`` is the
    end of that day, stored in UTC (whether as its last moment or as the next midnight)."""
    if inzage_tot is None:
        return None
    return (inzage_tot - timedelta(microseconds=1)).astimezone(TIJDZONE).date()
